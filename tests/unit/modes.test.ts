import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import { eightGaussians, gaussians1D, isotropicGaussianMixture, twentyFiveGaussians } from '../../src/data/toys';
import { klToUniform, modeCoverage } from '../../src/metrics/modes';

function assertClose(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected} ± ${tol}, got ${actual}`);
}

// A sample of an isotropic 2D Gaussian lies within 3 std of its centre with probability
// P(R < 3 sigma) = 1 - exp(-9/2) (R / sigma is Rayleigh), not the 1D 99.73%.
const P_2D = 1 - Math.exp(-4.5);
// In 1D, P(|Z| < 3) = erf(3 / sqrt 2) = 0.9973002039367398.
const P_1D = 0.9973002039367398;

test('true 8- and 25-Gaussian samples (n = 2,500) cover every mode, with high-quality fraction 1 - e^{-9/2} = 0.9889', () => {
  for (const [toy, seed] of [[eightGaussians(), 1], [twentyFiveGaussians(), 2]] as const) {
    const n = 2500;
    const m = modeCoverage(toy.sampleArray(new Rng(seed), n), toy);
    assert.equal(m.samples, n);
    assert.equal(m.modes, toy.centres.length);
    assert.equal(m.modesCovered, toy.centres.length, `${toy.name}: ${JSON.stringify(m.modeCounts)}`);
    // The high-quality count is Binomial(n, P_2D): 5 standard errors.
    assertClose(m.highQualityFraction, P_2D, 5 * Math.sqrt((P_2D * (1 - P_2D)) / n), `${toy.name}: high-quality fraction`);
    assert.equal(m.modeCounts.reduce((a, b) => a + b, 0), Math.round(m.highQualityFraction * n));
    // 2 N KL is about chi-squared with K - 1 degrees of freedom for N multinomial counts; its 99.99% quantile is
    // below 60 for K - 1 <= 24, so KL < 60 / (2 N).
    const N = m.highQualityFraction * n;
    assert.ok(m.reverseKL >= 0 && m.reverseKL < 60 / (2 * N), `${toy.name}: reverse KL ${m.reverseKL}`);
  }
});

test('with many true samples (n = 200,000) the high-quality fraction is 1 - e^{-9/2} to 5 standard errors (±0.0012)', () => {
  const toy = eightGaussians();
  const n = 200000;
  const m = modeCoverage(toy.sampleArray(new Rng(3), n), toy);
  assertClose(m.highQualityFraction, P_2D, 5 * Math.sqrt((P_2D * (1 - P_2D)) / n), 'high-quality fraction');
});

test('in 1D the high-quality fraction of true samples is P(|Z| < 3) = 0.9973 (n = 100,000)', () => {
  const toy = gaussians1D([-3, 0, 3], 0.2);
  const n = 100000;
  const m = modeCoverage(toy.sampleArray(new Rng(4), n), toy);
  assertClose(m.highQualityFraction, P_1D, 5 * Math.sqrt((P_1D * (1 - P_1D)) / n), 'high-quality fraction');
  assert.equal(m.modesCovered, 3);
});

test('a collapsed sampler (every sample at one centre) covers 1 mode, is all high quality, and has reverse KL log K', () => {
  for (const toy of [eightGaussians(), twentyFiveGaussians()]) {
    const K = toy.centres.length;
    const c = toy.centres[K - 2];
    const points = Array.from({ length: 2500 }, () => [c[0], c[1]]);
    const m = modeCoverage(points, toy);
    assert.equal(m.modesCovered, 1);
    assert.equal(m.highQualityFraction, 1);
    assert.deepEqual(m.modeCounts, toy.centres.map((_, k) => (k === K - 2 ? 2500 : 0)));
    assertClose(m.reverseKL, Math.log(K), 1e-12, `${toy.name}: reverse KL`);
  }
});

test('samples split equally over 2 of the 8 modes give reverse KL log(8/2) = log 4', () => {
  const toy = eightGaussians();
  const points = Array.from({ length: 100 }, (_, i) => [...toy.centres[i % 2 === 0 ? 1 : 6]]);
  const m = modeCoverage(points, toy);
  assert.equal(m.modesCovered, 2);
  assertClose(m.reverseKL, Math.log(4), 1e-12, 'reverse KL');
});

test('a hand-computed example: nearest centres, the 3-std radius, the histogram, coverage and KL', () => {
  // Centres (0, 0), (1, 0), (0, 1) with std 0.1: high quality within 0.3 of the nearest centre.
  const toy = isotropicGaussianMixture({ name: 'three', centres: [[0, 0], [1, 0], [0, 1]], std: 0.1 });
  const points = [
    [0.05, 0], // mode 0, distance 0.05: high quality
    [0.29, 0], // mode 0, distance 0.29: high quality
    [0.31, 0], // nearest mode 0 (0.31 < 0.69) but outside 0.3: not high quality
    [0.9, 0.1], // mode 1, distance sqrt(0.02) = 0.141: high quality
    [0.1, 0.8], // mode 2, distance sqrt(0.05) = 0.224: high quality
    [5, 5], // far from everything
  ];
  const m = modeCoverage(points, toy, { minSamplesPerMode: 2 });
  assert.deepEqual(m.modeCounts, [2, 1, 1]);
  assert.equal(m.highQualityFraction, 4 / 6);
  assert.equal(m.modesCovered, 1);
  // q = (1/2, 1/4, 1/4): sum q log(3 q) = 1/2 log(3/2) + 1/2 log(3/4) = 1/2 log(9/8).
  assertClose(m.reverseKL, 0.5 * Math.log(9 / 8), 1e-15, 'reverse KL');
  assert.equal(modeCoverage(points, toy, { minSamplesPerMode: 1 }).modesCovered, 3);
  assert.equal(modeCoverage(points, toy).modesCovered, 0, 'the default needs 20 samples per mode');
  // A wider radius (4 std = 0.4) takes in the third point.
  assert.deepEqual(modeCoverage(points, toy, { stdMultiple: 4 }).modeCounts, [3, 1, 1]);
});

test('klToUniform: 0 for a uniform histogram, log K for a single bin, 0 log 0 = 0, NaN for an empty histogram', () => {
  assert.equal(klToUniform([5, 5, 5, 5]), 0);
  assertClose(klToUniform([0, 7, 0, 0]), Math.log(4), 1e-15, 'one bin of 4');
  // q = (3/4, 1/4, 0): 3/4 log(9/4) + 1/4 log(3/4).
  assertClose(klToUniform([3, 1, 0]), 0.75 * Math.log(9 / 4) + 0.25 * Math.log(3 / 4), 1e-15, '(3, 1, 0)');
  assert.ok(Number.isNaN(klToUniform([0, 0, 0])));
  assert.ok(Number.isNaN(modeCoverage([[9, 9]], eightGaussians()).reverseKL), 'no high-quality sample');
});

test('points as a flat Float32Array, a flat number array, rows, or a [n, 2] tensor give the same metrics', () => {
  const toy = twentyFiveGaussians();
  const flat = toy.sampleArray(new Rng(5), 500);
  const rows = Array.from({ length: 500 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);
  const t = tf.tensor2d(flat, [500, 2]);
  const expected = modeCoverage(flat, toy);
  assert.deepEqual(modeCoverage(Array.from(flat), toy), expected);
  assert.deepEqual(modeCoverage(rows, toy), expected);
  assert.deepEqual(modeCoverage(t, toy), expected);
  t.dispose();
});

test('bad input names the function, the argument, and what was expected', () => {
  const toy = eightGaussians();
  assert.throws(() => modeCoverage([1, 2, 3], toy), /modeCoverage: argument 'points' must be a flat array whose length is a multiple of dim = 2/);
  assert.throws(() => modeCoverage([], toy), /modeCoverage: argument 'points' must be an array of at least 1 number/);
  assert.throws(() => modeCoverage([0, NaN], toy), /modeCoverage: argument 'points' must hold finite numbers, but points\[1\] is NaN/);
  assert.throws(() => modeCoverage([[0, 0], [1]], toy), /modeCoverage: argument 'points\[1\]' must be a point of 2 numbers/);
  const t = tf.zeros([4, 3]) as never;
  assert.throws(() => modeCoverage(t, toy), /modeCoverage: argument 'points' must have shape \[any, 2\], got shape \[4, 3\]/);
  assert.throws(() => modeCoverage([0, 0], toy, { stdMultiple: 0 }), /modeCoverage: argument 'stdMultiple' must be a finite number > 0, got 0/);
  assert.throws(() => modeCoverage([0, 0], toy, { minSamplesPerMode: 0.5 }), /modeCoverage: argument 'minSamplesPerMode' must be an integer >= 1/);
  assert.throws(() => modeCoverage([0, 0], { dim: 2, centres: [], modeStd: 1 }), /modeCoverage: argument 'mixture.centres' must be a non-empty array/);
  assert.throws(() => modeCoverage([0, 0], { dim: 2, centres: [[0, 0]], modeStd: 0 }), /modeCoverage: argument 'mixture.modeStd' must be a finite number > 0/);
  assert.throws(() => klToUniform([1, -1]), /klToUniform: argument 'counts\[1\]' must be a number >= 0, got -1/);
});
