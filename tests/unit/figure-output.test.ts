import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { curves } from '../../src/plot/figures';
import { figureOutput, renderSVG, VEGA_MIME } from '../../src/plot/render';
import { svgToPNG } from '../../src/plot/png';
import { VEGA_SCHEMA } from '../../src/plot/spec';

// The browser test's figures (tests/browser/figures.json): one using a vega-lite feature newer than JupyterLab's 5.6.1, one with a bound parameter.
const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'browser', 'figures.json'), 'utf8')) as Record<string, Record<string, unknown>>;

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  assert.equal(png.readUInt32BE(0), 0x89504e47, 'a PNG signature');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/** A fresh headless vega view of a compiled spec, as a front end with vega 5 would make it. */
function view(spec: Record<string, unknown>) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const vega = require('vega');
  return new vega.View(vega.parse(spec), { renderer: 'none' });
}

test('a figure output carries the compiled vega spec (no vega-lite), a PNG of the SVG\'s size, the SVG and a text line; JupyterLab is asked for vega\'s SVG renderer', async () => {
  const out = await figureOutput(curves([0, 1, 2, 3], { JS: [0, 0.3, 0.6, 0.69] }, { x: 'gap', y: 'nats', title: 'JS' }));
  assert.deepEqual(Object.keys(out.data).sort(), [VEGA_MIME, 'image/png', 'image/svg+xml', 'text/plain'].sort());
  const compiled = out.data[VEGA_MIME] as Record<string, unknown>;
  assert.equal(compiled.$schema, VEGA_SCHEMA);
  assert.ok(Array.isArray(compiled.marks), 'a vega spec (marks), not vega-lite');
  // What a front end's vega draws from the spec is the SVG in the output (up to vega's per-process clip-path counter).
  const sameIds = (svg: string) => svg.replace(/clip\d+/g, 'clip');
  assert.ok(sameIds(await view(compiled).toSVG()) === sameIds(out.data['image/svg+xml'] as string), 'the spec draws the SVG');
  const svg = out.data['image/svg+xml'] as string;
  const [w, h] = [Number(svg.match(/^<svg[^>]* width="(\d+)"/)![1]), Number(svg.match(/^<svg[^>]* height="(\d+)"/)![1])];
  assert.deepEqual(pngSize(Buffer.from(out.data['image/png'] as string, 'base64')), [w, h]);
  assert.deepEqual(out.metadata, { [VEGA_MIME]: { embed_options: { renderer: 'svg' } } });
  assert.equal(out.data['text/plain'], '<figure: JS>');
});

test('a vega-lite feature newer than JupyterLab\'s 5.6.1 (the extent transform, added in June 2023) is compiled by the library and draws its computed text', async () => {
  const svg = await renderSVG(fixtures.extent);
  assert.match(svg, />y from 0\.25 to 2\.75</, 'the extent of y computed into a parameter and drawn as text');
});

test('a parameter bound to a slider survives compilation: the vega spec keeps the binding, and setting the value redraws', async () => {
  const out = await figureOutput(fixtures.slider);
  const signals = (out.data[VEGA_MIME] as { signals: { name: string; value: unknown; bind?: { input: string } }[] }).signals;
  const level = signals.find((s) => s.name === 'level');
  assert.ok(level, 'the parameter is a vega signal');
  assert.equal(level.value, 1);
  assert.equal(level.bind?.input, 'range');
  assert.match(out.data['image/svg+xml'] as string, />level = 1</, 'the initial value drawn');
  const v = view(out.data[VEGA_MIME] as Record<string, unknown>);
  await v.signal('level', 2.5).runAsync();
  assert.match(await v.toSVG(), />level = 2\.5</, 'a new value redraws');
});

test('svgToPNG: a resvg panic (an SVG 1e9 pixels wide) ends only the child process and comes back as a reason; scale multiplies the size', async () => {
  const panic = await svgToPNG('<svg xmlns="http://www.w3.org/2000/svg" width="1e9" height="1e9"><rect width="10" height="10"/></svg>');
  assert.ok('error' in panic, 'no PNG');
  assert.match(panic.error, /resvg failed \(SIGABRT\).*panicked/);
  const bad = await svgToPNG('not an svg');
  assert.ok('error' in bad && /resvg failed \(exit code 1\).*SVG data parsing failed/.test(bad.error), JSON.stringify(bad));
  const ok = await svgToPNG('<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="10" height="10"/></svg>', 2);
  assert.ok('png' in ok);
  assert.deepEqual(pngSize(ok.png), [60, 40]);
  assert.throws(() => svgToPNG('<svg/>', 0), /argument 'scale' must be a positive number, got 0/);
});
