import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFigure, renderSVG } from '../../src/index';

test('tableFigure renders every header and every cell, in row order, including field names with dots and brackets', async () => {
  const rows = [
    { method: 'standard GAN', 'modes [of 8]': '1.0 ± 0.0', 'p.s.': 'collapsed' },
    { method: 'WGAN-GP', 'modes [of 8]': '7.3 ± 1.2', 'p.s.': null },
  ];
  const svg = await renderSVG(tableFigure(rows, undefined, { title: 'Results' }));
  for (const s of ['Results', 'method', 'modes [of 8]', 'p.s.', 'standard GAN', '1.0 ± 0.0', 'collapsed', 'WGAN-GP', '7.3 ± 1.2']) {
    assert.ok(svg.includes(`>${s}<`), `the SVG shows "${s}"`);
  }
  assert.ok(svg.indexOf('>standard GAN<') < svg.indexOf('>WGAN-GP<'), 'rows keep their order');
});

test('tableFigure refuses an empty table and names a column no row has', () => {
  assert.throws(() => tableFigure([]), /tableFigure: argument 'data' must be a non-empty array of rows/);
  assert.throws(() => tableFigure([{ a: 1 }], ['a', 'b']), /column 'b' not in any row \(rows have a\)/);
});
