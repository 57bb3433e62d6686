import { test } from 'node:test';
import assert from 'node:assert/strict';
import { squareGrid, contourFigure } from '../../src/plot/contours';
import { renderSVG } from '../../src/plot/render';

test('squareGrid: n x n cell centres over [lo, hi]^2, row 0 at the top, x increasing along a row', () => {
  const g = squareGrid(4, -2, 2);
  assert.equal(g.points.length, 2 * 16);
  // h = 1: centres at -1.5, -0.5, 0.5, 1.5.
  assert.deepEqual(Array.from(g.points.slice(0, 8)), [-1.5, 1.5, -0.5, 1.5, 0.5, 1.5, 1.5, 1.5]);
  assert.deepEqual(Array.from(g.points.slice(30, 32)), [1.5, -1.5]);
  assert.throws(() => squareGrid(4, 1, 1), /squareGrid: argument 'hi'/);
});

test('contourFigure: a bump renders as nested filled level sets, one panel per surface, with its points', async () => {
  const g = squareGrid(24, -3, 3);
  const bump = Array.from({ length: 24 * 24 }, (_, i) => Math.exp(-((g.points[2 * i] - 1) ** 2 + g.points[2 * i + 1] ** 2)));
  const spec = contourFigure(g, [
    { title: 'bump', values: bump, points: [{ x: 1, y: 0, series: 'real' }] },
    { title: 'scaled bump', values: bump.map((v) => 5 * v - 2) },
  ], { levels: 8 });
  const svg = await renderSVG(spec);
  assert.match(svg, /bump/);
  assert.match(svg, /scaled bump/);
  // 8 levels per panel, two panels (some top levels may be empty polygons, never more than 8 per panel).
  const paths = (svg.match(/<path[^>]*fill="rgb\(/g) ?? []).length;
  assert.ok(paths >= 2 * 6, `expected filled contour paths, found ${paths}`);
  assert.throws(() => contourFigure(g, [{ title: 'x', values: [1, 2, 3] }]), /contourFigure: argument 'panels\[0\].values'/);
});

test('contourFigure: samples given as flat (x, y) pairs by series are drawn like points, after them, in legend order of appearance', () => {
  const g = squareGrid(4, -2, 2);
  const spec = contourFigure(g, [{ title: 'flat', values: new Array(16).fill(0), points: [{ x: 0, y: 0, series: 'centre' }],
                                   samples: { real: [1, 2, 3, 4], generated: new Float32Array([-1, -2]) } }]) as any;
  const data = spec.marks[0].data.find((d: any) => d.name === 'points0').values;
  assert.deepEqual(data, [{ x: 0, y: 0, series: 'centre' }, { x: 1, y: 2, series: 'real' }, { x: 3, y: 4, series: 'real' }, { x: -1, y: -2, series: 'generated' }]);
  assert.deepEqual(spec.scales.find((s: any) => s.name === 'series').domain, ['centre', 'real', 'generated']);
});
