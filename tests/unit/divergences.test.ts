import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  gaussian,
  gaussianMixture,
  jensenShannon,
  klGaussian,
  kullbackLeibler,
  normalCdf,
  totalVariation,
  uniform,
} from '../../src/index';
import { close } from './helpers';


test('JS of identical densities is 0 (Gaussian, uniform, mixture)', () => {
  for (const p of [gaussian(0.3, 2), uniform(-1, 4), gaussianMixture([1, 2], [-1, 3], [0.5, 1])]) {
    assert.ok(jensenShannon(p, p) < 1e-12, p.name);
  }
});

test('JS of disjoint uniforms is log 2, and of overlapping uniforms its closed form', () => {
  close(jensenShannon(uniform(0, 1), uniform(2, 3)), Math.LN2, 1e-12, 'disjoint');
  // U(0,1) vs U(0,2): on [0,1] p = 1, q = 1/2, m = 3/4; on [1,2] q = 1/2, m = 1/4.
  // JS = 1/2 [log(4/3)] + 1/2 [1/2 log(2/3) + 1/2 log 2].
  const closed = 0.5 * Math.log(4 / 3) + 0.5 * (0.5 * Math.log(2 / 3) + 0.5 * Math.log(2));
  close(jensenShannon(uniform(0, 1), uniform(0, 2)), closed, 1e-12, 'nested');
});

test('KL between Gaussians by quadrature equals the closed form', () => {
  const cases: [number, number, number, number][] = [
    [0, 1, 1, 1],
    [0, 1, 0, 2],
    [-1, 0.5, 2, 3],
    [0, 1, 40, 1], // far apart: KL = 800, large but finite
  ];
  for (const [m1, s1, m2, s2] of cases) {
    const exact = klGaussian(m1, s1, m2, s2);
    close(kullbackLeibler(gaussian(m1, s1), gaussian(m2, s2)), exact, 1e-8 * Math.max(1, exact), `KL(N(${m1},${s1}²)||N(${m2},${s2}²))`);
  }
  close(klGaussian(0, 1, 1, 1), 0.5, 1e-15, 'KL(N(0,1)||N(1,1)) = 1/2');
  assert.equal(klGaussian(0.7, 1.3, 0.7, 1.3), 0);
});

test('KL is +Infinity where p has mass and q none, and finite the other way round', () => {
  assert.equal(kullbackLeibler(uniform(0, 1), uniform(2, 3)), Infinity);
  assert.equal(kullbackLeibler(uniform(0, 2), uniform(0, 1)), Infinity);
  assert.equal(kullbackLeibler(gaussian(0, 1), uniform(-1, 1)), Infinity);
  // The other way, p's support inside q's: KL(U(0,1) || U(0,2)) = log 2; KL(U(-1,1) || N(0,1)) closed form
  // = -log 2 - E_U[log phi] = -log 2 + log sqrt(2 pi) + E[x^2]/2 with E[x^2] = 1/3.
  close(kullbackLeibler(uniform(0, 1), uniform(0, 2)), Math.LN2, 1e-12, 'KL(U(0,1)||U(0,2))');
  close(kullbackLeibler(uniform(-1, 1), gaussian(0, 1)), -Math.LN2 + 0.5 * Math.log(2 * Math.PI) + 1 / 6, 1e-12, 'KL(U||N)');
  assert.equal(kullbackLeibler(uniform(0, 1), uniform(0, 1)), 0);
});

test('total variation: 0 for identical, 1 for disjoint, 2 Phi(d/2) - 1 for N(0,1) vs N(d,1), 1/2 for U(0,1) vs U(0,2)', () => {
  assert.ok(totalVariation(gaussian(1, 2), gaussian(1, 2)) < 1e-15);
  close(totalVariation(uniform(0, 1), uniform(1.5, 2)), 1, 1e-12, 'disjoint uniforms');
  close(totalVariation(gaussian(0, 1), gaussian(40, 1)), 1, 1e-12, 'far-apart Gaussians');
  for (const d of [0.1, 1, 3]) {
    // The densities cross at d/2: TV = P0(x < d/2) - P_d(x < d/2) = 2 Phi(d/2) - 1 (Phi to ~1e-7).
    close(totalVariation(gaussian(0, 1), gaussian(d, 1)), 2 * normalCdf(d / 2) - 1, 3e-7, `d = ${d}`);
  }
  close(totalVariation(uniform(0, 1), uniform(0, 2)), 0.5, 1e-12, 'nested uniforms');
});

test('Pinsker (TV^2 / 2 <= KL) and JS <= TV log 2 hold on Gaussian, mixture and uniform examples', () => {
  const pairs = [
    [gaussian(0, 1), gaussian(0.5, 1.2)],
    [gaussianMixture([1, 1], [-2, 2], [0.5, 0.5]), gaussian(0, 2)],
    [uniform(-1, 1), gaussian(0, 1)],
  ] as const;
  for (const [p, q] of pairs) {
    const kl = kullbackLeibler(p, q);
    const tv = totalVariation(p, q);
    const js = jensenShannon(p, q);
    assert.ok((tv * tv) / 2 <= kl, `Pinsker for ${p.name}, ${q.name}`);
    // JS <= TV log 2 holds pointwise: p log(2p/(p+q)) + q log(2q/(p+q)) <= |p - q| log 2 (equality when
    // q = 0); unlike a KL bound it stays finite when one KL is infinite.
    assert.ok(js <= Math.LN2 * tv + 1e-12, `JS <= TV log 2 for ${p.name}, ${q.name}`);
  }
});

test('divergences name their bad argument', () => {
  assert.throws(() => kullbackLeibler(gaussian(0, 1), gaussian(0, 1), 1), /kullbackLeibler: argument 'intervals'/);
  assert.throws(() => totalVariation(gaussian(0, 1), gaussian(0, 1), 0.5), /totalVariation: argument 'intervals'/);
  assert.throws(() => klGaussian(0, 0, 0, 1), /klGaussian: argument 's1'/);
  assert.throws(() => klGaussian(0, 1, NaN, 1), /klGaussian: argument 'm2'/);
  assert.throws(() => klGaussian(0, 1, 0, -1), /klGaussian: argument 's2'/);
});
