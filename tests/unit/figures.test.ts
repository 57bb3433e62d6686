import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curves, densityPanels, sampleGrid, trainingCurves, histogram, bars, intervals, heatmap, beside, stack, binCounts } from '../../src/plot/figures';
import { renderSVG } from '../../src/plot/render';
import { toVega } from '../../src/plot/spec';
import { theme, withTheme } from '../../src/plot/theme';

const xs = [0, 1, 2, 3, 4];

test('curves draws every series with its label, a rule with its label, and keeps the series order in the legend', async () => {
  const svg = await renderSVG(curves(xs, { JS: [0, 0.3, 0.6, 0.69, 0.69], W1: xs }, { x: 'gap', y: 'nats', rules: [{ y: Math.LN2, label: 'log 2' }] }));
  for (const s of ['JS', 'W1', 'log 2', 'gap', 'nats']) assert.ok(svg.includes(`>${s}<`), `the SVG shows "${s}"`);
  assert.ok(svg.indexOf('>JS<') < svg.indexOf('>W1<'), 'legend in the order given');
});

test('real and generated series differ in dash as well as colour; unnamed series take the palette in order', () => {
  const spec = toVega(withTheme(curves(xs, { a: xs, data: { y: xs, role: 'real' }, model: { y: xs, role: 'generated' } })));
  const scales = JSON.stringify(spec);
  assert.ok(scales.includes(theme.palette[0]), 'the first unnamed series takes the first palette colour');
  assert.ok(scales.includes(theme.roles.real.color) && scales.includes(theme.roles.generated.color));
  assert.notDeepEqual(theme.roles.real.dash, theme.roles.generated.dash);
  assert.notEqual(theme.roles.real.shape, theme.roles.generated.shape);
  assert.notEqual(theme.roles.real.opacity, theme.roles.generated.opacity);
});

test('curves leaves out values <= 0 on a log axis and refuses series of the wrong length', async () => {
  const spec = curves(xs, { g: [0, 1e-3, 1e-2, -1, 1] }, { logY: true });
  const rows = ((spec.layer as { data: { values: { y: number }[] } }[])[0].data.values);
  assert.deepEqual(rows.map((r) => r.y), [1e-3, 1e-2, 1]);
  await renderSVG(spec);
  assert.throws(() => curves(xs, { g: [1, 2] }), /curves: series 'g' has 2 values but 5 x values/);
  assert.throws(() => curves(xs, {}), /at least one series/);
});

test('curves draws error bars from lo and hi', async () => {
  const svg = await renderSVG(curves([10, 100, 1000], { W1: { y: [1, 2, 3], lo: [0.5, 1.5, 2.5], hi: [1.5, 2.5, 3.5], points: true } }, { logX: true }));
  assert.ok(svg.includes('>W1<'));
});

test('densityPanels stacks one panel per entry with the x title under the last', async () => {
  const svg = await renderSVG(densityPanels(xs, [
    { title: 'densities', series: { p: { y: xs, role: 'real' }, q: { y: xs, role: 'generated' } } },
    { title: 'discriminator', y: 'D(x)', series: { 'D*': [0.5, 0.5, 0.5, 0.5, 0.5] }, yDomain: [0, 1] },
  ], { x: 'position x' }));
  for (const s of ['densities', 'discriminator', 'D(x)', 'position x', 'D*']) assert.ok(svg.includes(`>${s}<`), `the SVG shows "${s}"`);
  assert.equal(svg.split('>position x<').length - 1, 1, 'one x title');
});

test('sampleGrid: one panel per entry in order, real under generated, centres as crosses, far points dropped', async () => {
  const gen = [0, 0, 1, 1, 1e6, 1e6];
  const spec = sampleGrid([{ title: 'step 0', samples: gen }, { title: 'step 100', samples: gen }], { real: [0.5, 0.5], centres: [[1, 0], [0, 1]] });
  const rows = (spec.data as { values: { panel: string; series: string; x: number }[] }).values;
  assert.equal(rows.filter((r) => r.series === 'generated').length, 4, 'the point at 1e6 is dropped in both panels');
  assert.equal(rows.filter((r) => r.series === 'real data').length, 2, 'real data under each panel');
  const svg = await renderSVG(spec);
  assert.ok(svg.indexOf('>step 0<') < svg.indexOf('>step 100<'));
  assert.throws(() => sampleGrid([{ title: 'a', samples: gen }, { title: 'a', samples: gen }]), /panel titles must differ/);
});

test('sampleGrid of real data alone (no generated points) has no generated series in its legend', async () => {
  const spec = sampleGrid([{ title: 'data', samples: [] }], { real: [0.5, 0.5, -0.5, 0.25], centres: [[1, 0]] });
  const svg = await renderSVG(spec);
  assert.ok(svg.includes('>real data<'), 'the real data are in the legend');
  assert.ok(!svg.includes('>generated<'), 'no generated series without generated points');
});

test('trainingCurves smooths each metric, shows a mark, and names a missing metric', async () => {
  const h = { step: [0, 1, 2, 3, 4, 5], wEstimate: [6, 5, 4, 3, 2, 1], penalty: [1, 1, 1, 1, 1, 1] };
  const spec = trainingCurves(h, { wEstimate: 'W estimate', penalty: 'penalty' }, { smooth: 2, marks: [{ x: 3, label: 'lr / 10' }] });
  const svg = await renderSVG(spec);
  for (const s of ['W estimate (mean over 2 steps)', 'penalty (mean over 2 steps)', 'lr / 10', 'generator step']) assert.ok(svg.includes(`>${s}<`), `the SVG shows "${s}"`);
  const smoothed = ((spec.vconcat as Record<string, unknown>[])[0].layer as { data: { values: { kind: string; value: number }[] } }[])[0].data.values.filter((r) => r.kind === 'smoothed');
  assert.deepEqual(smoothed.map((r) => r.value), [6, 5.5, 4.5, 3.5, 2.5, 1.5], 'a trailing mean over 2 steps');
  assert.throws(() => trainingCurves(h, { loss: 'loss' }), /has no metric 'loss' \(it has step, wEstimate, penalty\)/);
});

test('binCounts puts values outside the range into the end bins and counts every value once', () => {
  assert.deepEqual(binCounts([-1.0001, -1, -0.5, 0, 0.5, 1, 1.0001], 4, -1, 1), [2, 1, 1, 3]);
});

test('histogram, bars, intervals and heatmap render', async () => {
  const svg1 = await renderSVG(histogram({ clipped: [-0.01, 0.01, 0.01], free: [0.1, -0.2, 0.3] }, { range: 'each', bins: 5 }));
  assert.ok(svg1.includes('>clipped<') && svg1.includes('>free<'));
  const svg2 = await renderSVG(bars({ 'seed 1': [3, 0, 1] }, { x: 'mode', y: 'samples' }));
  assert.ok(svg2.includes('>seed 1<') && svg2.includes('>mode<'));
  const svg3 = await renderSVG(intervals({ 'standard GAN': [1, 1, 2], 'WGAN-GP': [5, 7, 8] }, { x: 'modes covered', rules: [{ x: 8, label: 'all' }] }));
  assert.ok(svg3.includes('>standard GAN<') && svg3.includes('>WGAN-GP<') && svg3.includes('>all<'));
  const svg4 = await renderSVG(beside([heatmap([[0.5, 0], [0, 0.5]], { diagonal: true, title: 'identity plan' }), stack([curves(xs, { a: xs })])], { title: 'plans' }));
  assert.ok(svg4.includes('>identity plan<') && svg4.includes('>plans<'));
  assert.throws(() => heatmap([[1, 2]], { rowEdges: [0, 1, 2] }), /needs 2 row edges and 3 column edges/);
});

test('heatmap panels that share a colour domain can draw its legend once (showLegend: false on the others)', async () => {
  const plan = [[0.5, 0], [0, 0.5]];
  const svg = await renderSVG(beside([heatmap(plan, { legend: 'mass', domain: [0, 1] }), heatmap(plan, { legend: 'mass', domain: [0, 1], showLegend: false })]));
  assert.equal(svg.split('>mass<').length - 1, 1, 'one legend titled "mass"');
  const shown = await renderSVG(heatmap(plan, { legend: 'mass' }));
  assert.ok(shown.includes('>mass<'), 'the legend is drawn by default');
});
