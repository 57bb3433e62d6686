import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curves, densityPanels, interactive, sampleGrid, select, slider, stack, vectorField } from '../../src/plot/figures';
import { compileFigure, figureTitle, hasControls, renderSVG } from '../../src/plot/render';
import type { Spec } from '../../src/plot/spec';

// vega numbers clip paths with a per-process counter; everything else of two drawings of the same view is the same.
const drawn = async (spec: Spec) => (await renderSVG(spec)).replace(/clip\d+/g, 'clip');

const xs = Array.from({ length: 61 }, (_, i) => -3 + i * 0.2);
const bump = (m: number) => xs.map((x) => Math.exp(-((x - m) ** 2) / 2));
const gapFigure = ({ gap }: { gap: number }) => densityPanels(xs, [
  { series: { data: bump(0), shifted: bump(gap) }, rules: [{ x: gap, label: `θ = ${gap}` }] },
  { series: { product: xs.map((x, i) => bump(0)[i] * bump(gap)[i]) }, yDomain: [0, 1] },
], { title: `two bumps ${gap} apart` });

test('a slider\'s figure draws, at each value, exactly the view the builder draws for that value (the static SVG shows the initial one)', async () => {
  const gaps = [0, 0.5, 1, 1.5, 2];
  for (const gap of [0, 1, 2]) {
    assert.equal(await drawn(interactive({ gap: slider(gaps, { initial: gap }) }, gapFigure)), await drawn(gapFigure({ gap })), `gap ${gap}`);
  }
  assert.equal(figureTitle(interactive({ gap: slider(gaps, { initial: 1.5 }) }, gapFigure)), 'two bumps 1.5 apart', 'named by its initial view\'s title');
  // And the views differ, so the comparison can tell.
  assert.notEqual(await drawn(gapFigure({ gap: 0 })), await drawn(gapFigure({ gap: 2 })));
});

test('a select and an unevenly spaced slider together pick the view of both values; composed figures, facets and moving scale domains merge', async () => {
  const steps = [0, 100, 300, 1000];
  const build = ({ method, step }: { method: string; step: number }) => stack([
    sampleGrid([{ title: 'samples', samples: xs.slice(0, 20).flatMap((x) => [x * step / 1000, method === 'a' ? x : -x]) }], { domain: 3, title: `${method} at step ${step}` }),
    vectorField([{ title: 'field', field: { x: [-1, 0, 1], y: [-1, 0, 1], u: [1, 2, 3, 4, 5, 6, 7, 8, step + 1], v: [1, 1, 1, 1, 1, 1, 1, 1, 1] } }], { domain: [-2, 2] }),
  ]);
  const controls = (method: string, step: number) => ({ method: select(['a', 'b'], { initial: method }), step: slider(steps, { initial: step, label: 'step' }) });
  for (const [method, step] of [['a', 0], ['b', 300], ['a', 1000]] as const) {
    assert.equal(await drawn(interactive(controls(method, step), build)), await drawn(build({ method, step })), `${method}, step ${step}`);
  }
  const spec = interactive(controls('a', 0), build);
  const params = spec.params as { name: string; bind?: { input: string; max?: number } }[];
  assert.deepEqual(params.map((p) => [p.name, p.bind?.input]), [['method', 'select'], ['step', 'range'], ['view_', undefined]]);
  assert.equal(params[1].bind!.max, 3, 'uneven values slide by their index');
  assert.ok(hasControls(compileFigure(spec)), 'the compiled spec binds its signals to inputs');
  assert.ok(!hasControls(compileFigure(build({ method: 'a', step: 0 }))));
});

test('data the same in every view is kept once; views that differ in anything but data, titles and domains are refused, naming where', () => {
  const build = ({ gap }: { gap: number }) => curves(xs, { fixed: bump(0) }, { rules: [{ x: gap }] });
  const spec = interactive({ gap: slider([0, 1, 2]) }, build);
  const layers = spec.layer as { data: { values: unknown[] } }[];
  assert.equal(layers[0].data.values.length, xs.length, 'the shared curve is not repeated per view');
  const moving = interactive({ gap: slider([0, 1, 2]) }, ({ gap }) => curves(xs, { fixed: bump(0), moving: bump(gap) }));
  assert.equal((moving.layer as { data: { values: unknown[] } }[])[0].data.values.length, xs.length + 3 * xs.length, 'a fixed curve before a moving one is kept once');
  assert.equal(layers[1].data.values.length, 3, 'the rule has one row per view');
  assert.throws(() => interactive({ gap: slider([0, 1]) }, ({ gap }) => curves(xs, { a: bump(gap) }, { x: gap === 0 ? 'x' : 'another axis title' })),
                /views differ at figure\.layer\[0\]\.layer\[0\]\.encoding\.x\.title/);
  assert.throws(() => interactive({ gap: slider([0, 1]) }, ({ gap }) => curves(xs, { a: bump(gap) }, { rules: gap ? [{ x: 1 }] : [] })), /differ in the length of figure\.layer/);
});

test('controls refuse what they cannot show', () => {
  assert.throws(() => slider([0, 2, 1]), /increasing numbers/);
  assert.throws(() => slider([0, 1], { initial: 0.5 }), /one of the values/);
  assert.throws(() => select(['a', 'a']), /distinct values/);
  assert.throws(() => interactive({ 'not a name': slider([0, 1]) }, () => curves([0], { a: [0] })), /JavaScript identifiers/);
  assert.throws(() => interactive({ g: slider([0, 1]) }, () => ({ marks: [] })), /vega-lite figure/);
});
