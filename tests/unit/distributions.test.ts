import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng,
  exactTransport,
  gaussian,
  gaussianMixture,
  adaptiveGaussLegendre,
  gaussLegendre,
  integratePiecewise,
  parallelLinesJensenShannon,
  parallelLinesKullbackLeibler,
  parallelLinesSample,
  parallelLinesTotalVariation,
  parallelLinesWasserstein,
  supportBreakpoints,
  uniform,
} from '../../src/index';
import { close } from './helpers';


test('uniform(a, b): density 1/(b-a) inside, log-density -Infinity outside, cdf and quantile inverse', () => {
  const u = uniform(-1, 3);
  close(u.pdf(0), 0.25, 0, 'pdf inside');
  assert.equal(u.pdf(3.5), 0);
  assert.equal(u.logPdf(-1.01), -Infinity);
  close(u.logPdf(2), -Math.log(4), 1e-15, 'logPdf inside');
  for (const p of [0, 0.1, 0.5, 0.9, 1]) close(u.cdf(u.quantile(p)), p, 1e-15, `cdf(quantile(${p}))`);
  assert.deepEqual(u.support(), [-1, 3]);
  const xs = u.sample(new Rng(1), 20000);
  assert.ok(xs.every((x) => x >= -1 && x < 3));
  // Mean 1, sd of the sample mean = (4 / sqrt 12) / sqrt(20000) = 0.008; 5 sd.
  close(xs.reduce((s, x) => s + x, 0) / xs.length, 1, 0.04, 'sample mean');
});

test('a Gaussian mixture has total mass 1, mean sum_k w_k m_k, and log-density = log of its density', () => {
  const mix = gaussianMixture([1, 3], [-2, 1], [0.5, 1.5]);
  const [lo, hi] = mix.support();
  close(integratePiecewise(mix.pdf, [lo, hi], 4000), 1, 1e-10, 'mass');
  close(integratePiecewise((x) => x * mix.pdf(x), [lo, hi], 4000), 0.25 * -2 + 0.75 * 1, 1e-9, 'mean');
  for (const x of [-3, 0, 2.5]) close(mix.logPdf(x), Math.log(mix.pdf(x)), 1e-12, `logPdf(${x})`);
  // The log-density stays finite far in the tails, where the density itself underflows.
  assert.ok(Number.isFinite(mix.logPdf(200)) && mix.pdf(200) === 0);
  assert.deepEqual(mix.weights, [0.25, 0.75]);
});

test("a Gaussian mixture's quantile inverts its cdf, tails included", () => {
  const mix = gaussianMixture([0.3, 0.5, 0.2], [-4, 0, 5], [1, 0.3, 2]);
  for (const u of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.7, 0.99]) {
    close(mix.cdf(mix.quantile(u)), u, 1e-12 * Math.max(1, u / 1e-3) + 1e-9 * u, `cdf(quantile(${u}))`);
  }
  for (const u of [1 - 1e-6, 1 - 1e-10]) close(1 - mix.cdf(mix.quantile(u)), 1 - u, 1e-9 * (1 - u), `upper tail at ${u}`);
});

test('a one-component mixture is that Gaussian', () => {
  const mix = gaussianMixture([2], [1.5], [0.7]);
  const g = gaussian(1.5, 0.7);
  for (const x of [-1, 1.5, 3]) close(mix.pdf(x), g.pdf(x), 1e-15, `pdf(${x})`);
  for (const u of [0.01, 0.5, 0.9]) close(mix.quantile(u), g.quantile(u), 1e-12, `quantile(${u})`);
});

test('mixture samples have the mixture mean and weights', () => {
  const mix = gaussianMixture([0.2, 0.8], [-10, 10], [1, 1]);
  const xs = mix.sample(new Rng(7), 50000);
  const left = xs.filter((x) => x < 0).length / xs.length;
  // Binomial proportion sd = sqrt(0.2 * 0.8 / 50000) = 0.0018; 5 sd.
  close(left, 0.2, 0.009, 'share of the left component');
});

test('gaussianMixture names the bad argument', () => {
  assert.throws(() => gaussianMixture([1, 1], [0], [1, 1]), /'means'/);
  assert.throws(() => gaussianMixture([1, -1], [0, 1], [1, 1]), /'weights\[1\]'/);
  assert.throws(() => gaussianMixture([0, 0], [0, 1], [1, 1]), /'weights'/);
  assert.throws(() => gaussianMixture([1], [0], [0]), /'stds\[0\]'/);
  assert.throws(() => gaussianMixture([1], [NaN], [1]), /'means'/);
  assert.throws(() => uniform(1, 1), /'b'/);
});

test('piecewise Gauss-Legendre is exact for a step function with its jumps at breakpoints', () => {
  const step = (x: number) => (x < 1 ? 2 : x < 2.5 ? -1 : 0.5);
  close(integratePiecewise(step, [0, 1, 2.5, 4], 7), 2 - 1.5 + 0.75, 1e-14, 'integral');
  close(gaussLegendre((x) => x ** 5 - x, 0, 2, 1), 64 / 6 - 2, 1e-13, 'degree-5 polynomial on one panel');
  assert.deepEqual(supportBreakpoints(uniform(0, 1), uniform(0, 2)), [0, 1, 2]);
});

test('adaptive Gauss-Legendre reaches its tolerance on a kinked and a steep integrand', () => {
  // ∫_-1^1 |x - 0.3| dx = (1.3^2 + 0.7^2) / 2; ∫_-1^1 atan(1000 x) dx = 0 by symmetry, ∫_0^1 = atan(1000) - ln(1 + 10^6) / 2000.
  close(adaptiveGaussLegendre((x) => Math.abs(x - 0.3), -1, 1, 1e-12, 4), (1.69 + 0.49) / 2, 1e-11, 'kink');
  close(adaptiveGaussLegendre((x) => Math.atan(1000 * x), 0, 1, 1e-12, 2), Math.atan(1000) - Math.log(1 + 1e6) / 2000, 1e-10, 'steep');
});

test('Example 1 (parallel lines): W1 = |theta|, JS = log 2, KL = Infinity, TV = 1 for theta != 0, all 0 at theta = 0', () => {
  for (const theta of [-1.5, -0.01, 0.3, 2]) {
    assert.equal(parallelLinesWasserstein(theta), Math.abs(theta));
    assert.equal(parallelLinesJensenShannon(theta), Math.LN2);
    assert.equal(parallelLinesKullbackLeibler(theta), Infinity);
    assert.equal(parallelLinesTotalVariation(theta), 1);
  }
  assert.equal(parallelLinesWasserstein(0), 0);
  assert.equal(parallelLinesJensenShannon(0), 0);
  assert.equal(parallelLinesKullbackLeibler(0), 0);
  assert.equal(parallelLinesTotalVariation(0), 0);
  assert.throws(() => parallelLinesWasserstein(NaN), /'theta'/);
});

test('Example 1 samples lie on the segment {theta} x [0, 1], and their exact OT cost tends to |theta|', () => {
  const n = 300;
  const theta = 0.5;
  const p0 = parallelLinesSample(new Rng(1), n, 0);
  const pt = parallelLinesSample(new Rng(2), n, theta);
  for (let i = 0; i < n; i++) {
    assert.equal(p0[2 * i], 0);
    assert.equal(pt[2 * i], theta);
    assert.ok(pt[2 * i + 1] >= 0 && pt[2 * i + 1] < 1);
  }
  const M = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => Math.hypot(p0[2 * i] - pt[2 * j], p0[2 * i + 1] - pt[2 * j + 1])),
  );
  const w = new Array(n).fill(1 / n);
  const cost = exactTransport(w, w, M).cost;
  // Every pair is at least |theta| apart; matching sorted heights moves each by dy ~ 1/sqrt(n) at most
  // typically, costing sqrt(theta^2 + dy^2) - theta <= dy^2 / (2 theta) ~ 1/(2 n theta) = 0.0033: allow 0.02.
  assert.ok(cost >= theta - 1e-12 && cost < theta + 0.02, `cost ${cost}`);
});
