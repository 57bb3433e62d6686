/**
 * The exact W1 yardstick of lessons 04 and 05: W1 between point clouds (against the 1D quantile formula and a
 * translation, whose W1 is its length), the yardstick's duality bound, the change correlation and its shuffled
 * control, combined trackers, and the figure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import { eightGaussians } from '../../src/data/toys';
import { wasserstein1Points } from '../../src/transport/point-clouds';
import { wasserstein1Empirical } from '../../src/transport/empirical';
import { w1Yardstick, yardstickAgreement, yardstickSeries } from '../../src/metrics/w1-yardstick';
import { changeCorrelation, detrend, differences, pearson, shuffledResiduals } from '../../src/metrics/correlation';
import { centredMovingAverage } from '../../src/metrics/smoothing';
import type { Model } from '../../src/models/model';
import { createGan } from '../../src/train/gan';
import { combineTrackers, sampleTracker } from '../../src/train/tracker';
import { trainGan } from '../../src/train/gan';
import { yardstickFigure } from '../../src/plot/yardstick';
import { renderSVG } from '../../src/plot/render';
import { close, smallGanParts } from './helpers';

test('wasserstein1Points in 1D equals the quantile formula (wasserstein1Empirical), also for clouds of different sizes', () => {
  const rng = new Rng(1);
  for (const [n, m] of [[40, 40], [30, 45], [7, 100]]) {
    const x = Float64Array.from(rng.normals(n));
    const y = Float64Array.from(rng.normals(m), (v) => 0.5 * v + 1);
    close(wasserstein1Points(x, y, 1), wasserstein1Empirical(x, y), 1e-9, `${n} vs ${m} points`);
  }
});

test('wasserstein1Points of a 2D cloud and its translate by d is |d| (no coupling moves mass less than the shift of the mean)', () => {
  const rng = new Rng(2);
  const x = eightGaussians().sampleArray(rng, 200);
  const y = Float32Array.from(x, (v, i) => v + (i % 2 === 0 ? 0.3 : -0.4));
  close(wasserstein1Points(x, y, 2), 0.5, 1e-6, 'shift (0.3, -0.4)');
  assert.throws(() => wasserstein1Points([1, 2, 3], [1, 2], 2), /wasserstein1Points: argument 'x' must be a multiple of dim = 2 numbers/);
});

test("the yardstick: a 1-Lipschitz critic's estimate on the same points is at most the exact W1, and equal for the best linear one", () => {
  const data = eightGaussians();
  const yard = w1Yardstick(data, { n: 150, seed: 3 });
  assert.equal(yard.real.length, 300);
  assert.ok(yard.floor > 0 && yard.floor < 0.5, `floor ${yard.floor}`);
  const shifted = Float32Array.from(yard.real, (v, i) => (i % 2 === 0 ? v + 0.5 : v));
  const linear = (w: [number, number]): Model => ({ name: 'linear', params: [], apply: (x) => tf.matMul(x, tf.tensor2d(w, [2, 1])) as Tensor2D });
  const best = yard.measure(shifted, linear([-1, 0]));
  close(best.exact, 0.5, 1e-6, 'exact W1 of the translate');
  close(best.critic, 0.5, 1e-5, "the critic -x_1's estimate");
  const rng = new Rng(4);
  for (let k = 0; k < 5; k++) {
    const angle = 2 * Math.PI * rng.uniform();
    const r = yard.measure(shifted, linear([Math.cos(angle), Math.sin(angle)]));
    assert.ok(r.critic <= r.exact + 1e-6, `unit-slope critic at angle ${angle}: ${r.critic} > ${r.exact}`);
  }
  assert.throws(() => yard.measure(shifted.subarray(0, 10), linear([1, 0])), /w1Yardstick.measure: argument 'generated' must be at least n = 150 points/);
});

test('pearson: 1 for a rising line, -1 for a falling one; detrend and differences do what they say', () => {
  close(pearson([1, 2, 3, 4], [2, 4, 6, 8]), 1, 1e-12, 'rising');
  close(pearson([1, 2, 3, 4], [3, 2, 1, 0]), -1, 1e-12, 'falling');
  assert.deepEqual(centredMovingAverage([0, 3, 6, 9], 3), [1.5, 3, 6, 7.5]);
  assert.deepEqual(detrend([0, 3, 6, 9], 3), [-1.5, 0, 0, 1.5]);
  assert.deepEqual(differences([1, 4, 2]), [3, -2]);
  assert.throws(() => pearson([1, 2, 3], [1, 2, 3, 4]), /pearson: argument 'b' must be a series as long as 'a' \(3\)/);
});

test('changeCorrelation: two curves that merely fall score near 0; one that follows the other\'s wiggles scores near 1; the shuffled control near 0', () => {
  const rng = new Rng(5);
  const n = 120;
  const trend = Array.from({ length: n }, (_, i) => 2 * Math.exp(-i / 30) + 0.1);
  const wiggles = Array.from({ length: n }, () => 0.03 * rng.normal());
  const a = trend.map((t, i) => t + wiggles[i]);
  const independent = trend.map((t) => 1.5 * t + 0.03 * rng.normal());
  const follower = trend.map((t, i) => 0.8 * t + 0.9 * wiggles[i] + 0.005 * rng.normal());
  // The raw changes of two falling curves correlate (both fall fastest early); the detrended changes do not.
  assert.ok(pearson(differences(trend), differences(trend.map((t) => 3 * t))) > 0.99, 'raw changes of two falling curves');
  assert.ok(Math.abs(changeCorrelation(a, independent, 5)) < 0.3, `independent wiggles: ${changeCorrelation(a, independent, 5)}`);
  assert.ok(changeCorrelation(a, follower, 5) > 0.9, `shared wiggles: ${changeCorrelation(a, follower, 5)}`);
  const control = shuffledResiduals(follower, 5, new Rng(6));
  assert.ok(Math.abs(changeCorrelation(a, control, 5)) < 0.3, `shuffled control: ${changeCorrelation(a, control, 5)}`);
  // The control keeps the trend and the residuals as a set.
  assert.deepEqual(detrend(control, 5).length, n);
  const sorted = (xs: number[]) => [...xs].sort((p, q) => p - q);
  const trendOf = centredMovingAverage(follower, 5);
  sorted(control.map((c, i) => c - trendOf[i])).forEach((r, i) => close(r, sorted(detrend(follower, 5))[i], 1e-12, `residual ${i}`));
});

test('combineTrackers: each tracker records at its own steps, and their snapshots are saved and loaded together', async () => {
  const run = createGan(smallGanParts(7));
  const every = sampleTracker({ n: 20, every: 4, keep: 0, measure: (xs, step) => step });
  const at = sampleTracker({ n: 10, at: [6], keep: 2, measure: (_xs, _step, r) => r.step * 10 });
  const both = combineTrackers(every, at);
  await trainGan(run, { steps: 8, readEvery: 2, onRead: both });
  assert.deepEqual(every.snapshots.map((s) => s.metrics), [4, 8]);
  assert.deepEqual(at.snapshots.map((s) => s.metrics), [60]);
  const saved = both.saveState();
  both.loadState([[], []]);
  assert.equal(every.snapshots.length + at.snapshots.length, 0);
  both.loadState(saved);
  assert.deepEqual(at.snapshots.map((s) => s.step), [6]);
  assert.throws(() => combineTrackers(), /combineTrackers: give at least one tracker/);
});

test('yardstickFigure draws the exact W1, the estimate, the floor and the ratio panel; a run without a critic has no ratio', async () => {
  const svg = await renderSVG(yardstickFigure({
    WGAN: { steps: [0, 50, 100], exact: [1, 0.5, 0.3], critic: [0.01, 0.006, 0.004] },
    GAN: { steps: [0, 50, 100], exact: [1.2, 0.4, 0.2] },
  }, { floor: 0.09, n: 500, band: [0.5, 2] }));
  for (const s of ['WGAN: exact W1', "WGAN: critic's estimate", 'GAN: exact W1', 'floor 0.090', 'estimate / exact W1']) {
    assert.ok(svg.includes(`>${s}<`) || svg.includes(s.replace("'", '&#x27;')), `the SVG shows "${s}"`);
  }
  assert.throws(() => yardstickFigure({}, { floor: 0.1, n: 10 }), /yardstickFigure: argument 'runs' must name at least one run/);
});

test('yardstickSeries and yardstickAgreement: the ratio range skips the warm-up and readings near the floor; a follower beats its controls', () => {
  const rng = new Rng(8);
  const steps = Array.from({ length: 60 }, (_, i) => 10 * i);
  const exact = steps.map((s) => 0.1 + 2 * Math.exp(-s / 150) + 0.02 * rng.normal());
  const critic = exact.map((e, i) => (i < 5 ? 5 * e : 0.7 * e));   // wild during warm-up, 0.7 x exact after
  const series = yardstickSeries(steps.map((step, i) => ({ step, metrics: { w1: { exact: exact[i], critic: critic[i], seconds: 0.5 } } })), (m) => m.w1);
  assert.equal(series.seconds, 30);
  const a = yardstickAgreement(series, { floor: 0.1, warmUp: 50, window: 5, seed: 1 });
  assert.equal(a.readings, 55);
  assert.equal(a.ratioReadings, exact.filter((e, i) => steps[i] >= 50 && e >= 0.2).length);
  a.ratioRange.forEach((r) => close(r, 0.7, 1e-9, 'ratio after warm-up'));
  assert.ok(a.correlation > 0.99 && a.control95 < 0.5, `correlation ${a.correlation}, controls' 95th percentile ${a.control95}`);
  assert.throws(() => yardstickAgreement(series, { floor: 0.1, warmUp: 580, window: 5 }), /yardstickAgreement: argument 'warmUp' must be a step that leaves at least 4 readings/);
});
