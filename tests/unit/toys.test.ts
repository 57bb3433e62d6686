import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/random';
import { gaussian } from '../../src/distributions/gaussian';
import { densitySampler, makeSampler } from '../../src/data/sampler';
import { eightGaussians, gaussians1D, isotropicGaussianMixture, swissRoll, twentyFiveGaussians, type MixtureSampler } from '../../src/data/toys';

// Tolerances are 5 standard errors of the estimate at the sample size used (a false alarm about once in 3.5 million).
const Z = 5;

function assertClose(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected} ± ${tol}, got ${actual}`);
}

/** Checks a 2D mixture toy: mode frequencies 1/K, per-mode means at the centres, per-coordinate std modeStd. */
function checkMixture(toy: MixtureSampler, n: number, seed: number): void {
  const x = toy.sampleArray(new Rng(seed), n);
  assert.equal(x.length, n * toy.dim);
  const K = toy.centres.length;
  const count = new Array(K).fill(0);
  const sum = toy.centres.map(() => new Array(toy.dim).fill(0));
  const sq = toy.centres.map(() => new Array(toy.dim).fill(0));
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    toy.centres.forEach((c, k) => {
      const d = c.reduce((s, cj, j) => s + (x[i * toy.dim + j] - cj) ** 2, 0);
      if (d < bestD) [best, bestD] = [k, d];
    });
    count[best]++;
    for (let j = 0; j < toy.dim; j++) {
      const d = x[i * toy.dim + j] - toy.centres[best][j];
      sum[best][j] += d;
      sq[best][j] += d * d;
    }
  }
  // Mode counts are Binomial(n, 1/K).
  const sdCount = Math.sqrt((n * (K - 1)) / (K * K));
  let pooledSq = 0;
  for (let k = 0; k < K; k++) {
    assertClose(count[k], n / K, Z * sdCount, `${toy.name}: samples in mode ${k}`);
    for (let j = 0; j < toy.dim; j++) {
      // Offsets from the centre average 0 with standard error modeStd / sqrt(n_k).
      assertClose(sum[k][j] / count[k], 0, (Z * toy.modeStd) / Math.sqrt(count[k]), `${toy.name}: mode ${k} mean, coordinate ${j}`);
      pooledSq += sq[k][j];
    }
  }
  // The pooled std (known means) has relative standard error 1 / sqrt(2 m), m = n * dim squared offsets.
  const std = Math.sqrt(pooledSq / (n * toy.dim));
  assertClose(std / toy.modeStd, 1, Z / Math.sqrt(2 * n * toy.dim), `${toy.name}: mode std`);
}

test('8 Gaussians: centres on the circle of radius 2/1.414 every 45°, mode std 0.02/1.414', () => {
  const toy = eightGaussians();
  assert.equal(toy.dim, 2);
  assert.equal(toy.centres.length, 8);
  toy.centres.forEach((c, k) => {
    assertClose(Math.hypot(c[0], c[1]), 2 / 1.414, 1e-12, `radius of mode ${k}`);
    assertClose(Math.atan2(c[1], c[0]), Math.atan2(Math.sin((k * Math.PI) / 4), Math.cos((k * Math.PI) / 4)), 1e-12, `angle of mode ${k}`);
  });
  assertClose(toy.modeStd, 0.02 / 1.414, 1e-15, 'mode std');
  assertClose(3 * toy.modeStd, 0.0424, 1e-4, 'three-sigma radius');
});

test('8 Gaussians samples: modes equally likely, centred on the centres, with std 0.02/1.414 (n = 40,000)', () => {
  checkMixture(eightGaussians(), 40000, 1);
});

test('25 Gaussians: centres on the grid {-4,-2,0,2,4}²/2.828, mode std 0.05/2.828; samples match (n = 50,000)', () => {
  const toy = twentyFiveGaussians();
  const grid = [-4, -2, 0, 2, 4].map((v) => v / 2.828);
  assert.equal(toy.centres.length, 25);
  for (const gx of grid) for (const gy of grid) assert.ok(toy.centres.some((c) => Math.abs(c[0] - gx) < 1e-12 && Math.abs(c[1] - gy) < 1e-12), `centre (${gx}, ${gy})`);
  assertClose(toy.modeStd, 0.05 / 2.828, 1e-15, 'mode std');
  assertClose(3 * toy.modeStd, 0.053, 1e-4, 'three-sigma radius');
  checkMixture(toy, 50000, 2);
});

test('Swiss roll samples have the moments of t uniform on [1.5π, 4.5π], (t cos t, t sin t) + N(0, 0.25²) noise, / 7.5', () => {
  const n = 100000;
  const x = swissRoll().sampleArray(new Rng(3), n);
  const a = 1.5 * Math.PI;
  const b = 4.5 * Math.PI;
  // E[t cos t] = [t sin t + cos t]_a^b / (b - a) = 6π / 3π = 2; E[t sin t] = [-t cos t + sin t]_a^b / (b - a) = 2 / 3π.
  // E[t²] = (a² + ab + b²) / 3, so E|x|² = (E[t²] + 2 * 0.25²) / 7.5².
  const expected = { mx: 2 / 7.5, my: 2 / (3 * Math.PI) / 7.5, r2: ((a * a + a * b + b * b) / 3 + 2 * 0.0625) / 56.25 };
  const stats = (f: (i: number) => number) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = f(i);
      s += v;
      s2 += v * v;
    }
    const m = s / n;
    return { m, se: Math.sqrt((s2 / n - m * m) / n) };
  };
  const mx = stats((i) => x[2 * i]);
  const my = stats((i) => x[2 * i + 1]);
  const r2 = stats((i) => x[2 * i] ** 2 + x[2 * i + 1] ** 2);
  assertClose(mx.m, expected.mx, Z * mx.se, 'mean x');
  assertClose(my.m, expected.my, Z * my.se, 'mean y');
  assertClose(r2.m, expected.r2, Z * r2.se, 'mean |x|²');
  // 7.5 |x| is t up to the noise: uniform on [a, b] spread by at most a few noise stds (|e| < 6 * 0.25 * sqrt 2 here).
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = 7.5 * Math.hypot(x[2 * i], x[2 * i + 1]);
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
  }
  assert.ok(lo > a - 2.2 && lo < a + 0.1, `smallest radius ${lo}`);
  assert.ok(hi < b + 2.2 && hi > b - 0.1, `largest radius ${hi}`);
});

test('1D Gaussians: an equal mixture of N(-2, 0.5²) and N(2, 0.5²) has mean 0, variance 4.25, E x⁴ = 22.1875 (n = 100,000)', () => {
  const toy = gaussians1D([-2, 2], 0.5);
  assert.equal(toy.dim, 1);
  assert.deepEqual(toy.centres, [[-2], [2]]);
  assert.equal(toy.modeStd, 0.5);
  const n = 100000;
  const x = toy.sampleArray(new Rng(4), n);
  let s = 0;
  let s2 = 0;
  for (const v of x) {
    s += v;
    s2 += v * v;
  }
  // E x⁴ = mean over modes of m⁴ + 6 m² s² + 3 s⁴ = 22.1875, so Var(x²) = 22.1875 - 4.25².
  assertClose(s / n, 0, Z * Math.sqrt(4.25 / n), 'mean');
  assertClose(s2 / n, 4.25, Z * Math.sqrt((22.1875 - 4.25 ** 2) / n), 'second moment');
  checkMixture(toy, 20000, 5);
});

test('densitySampler draws a Density1D as a [n, 1] sampler: N(1, 2²) has mean 1 and std 2 (n = 50,000)', () => {
  const s = densitySampler(gaussian(1, 2));
  assert.equal(s.dim, 1);
  const n = 50000;
  const x = s.sampleArray(new Rng(6), n);
  const m = x.reduce((a, v) => a + v, 0) / n;
  const v = x.reduce((a, u) => a + (u - m) ** 2, 0) / (n - 1);
  assertClose(m, 1, (Z * 2) / Math.sqrt(n), 'mean');
  assertClose(Math.sqrt(v), 2, (Z * 2) / Math.sqrt(2 * n), 'std');
});

test('sample() uploads exactly the points sampleArray() draws from the same seed, as a [n, dim] float32 tensor', () => {
  for (const toy of [eightGaussians(), twentyFiveGaussians(), swissRoll(), gaussians1D([0], 1)]) {
    const t = toy.sample(new Rng(7), 64);
    assert.deepEqual(t.shape, [64, toy.dim]);
    assert.equal(t.dtype, 'float32');
    assert.deepEqual(Array.from(t.dataSync()), Array.from(toy.sampleArray(new Rng(7), 64)));
    t.dispose();
  }
});

test('sampling is repeatable from the seed and differs between seeds', () => {
  const toy = eightGaussians();
  assert.deepEqual(toy.sampleArray(new Rng(11), 100), toy.sampleArray(new Rng(11), 100));
  assert.notDeepEqual(toy.sampleArray(new Rng(11), 100), toy.sampleArray(new Rng(12), 100));
});

test('drawing a 512-point batch costs well under a millisecond-ish', () => {
  const toy = twentyFiveGaussians();
  const rng = new Rng(0);
  for (let i = 0; i < 50; i++) toy.sampleArray(rng, 512);
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) toy.sampleArray(rng, 512);
  assert.ok((performance.now() - t0) / 200 < 2);
});

test('bad arguments name the function, the argument, and what was expected', () => {
  assert.throws(() => eightGaussians().sampleArray(new Rng(0), 0), /8 Gaussians\.sample: argument 'n' must be an integer >= 1, got 0/);
  assert.throws(() => swissRoll().sample(new Rng(0), 2.5), /Swiss roll\.sample: argument 'n' must be an integer >= 1, got 2\.5/);
  assert.throws(() => swissRoll({ noise: -1 }), /swissRoll: argument 'noise' must be a finite number > 0, got -1/);
  assert.throws(() => gaussians1D([], 1), /gaussians1D: argument 'means' must be an array of at least 1 number/);
  assert.throws(() => gaussians1D([0, NaN], 1), /gaussians1D: argument 'means' must hold finite numbers, but means\[1\] is NaN/);
  assert.throws(() => gaussians1D([0], 0), /gaussians1D: argument 'std' must be a finite number > 0, got 0/);
  assert.throws(() => isotropicGaussianMixture({ name: 'x', centres: [[0, 0], [1]], std: 1 }), /isotropicGaussianMixture: argument 'centres\[1\]' must be a point of dimension 2/);
  assert.throws(() => isotropicGaussianMixture({ name: 'x', centres: [], std: 1 }), /argument 'centres' must be a non-empty array of points/);
  assert.throws(() => makeSampler('x', 0, () => new Float32Array(0)), /makeSampler: argument 'dim' must be an integer >= 1, got 0/);
});
