/** binMasses against the formula m_i = F(x_i + h/2) - F(x_i - h/2), normalised, on densities whose cdf is known. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binCentres, binMasses } from '../../src/distributions/bin-masses';
import { gaussian } from '../../src/distributions/gaussian';
import { uniform } from '../../src/distributions/uniform';
import { normalCdf } from '../../src/numerics/special';
import { linspace } from '../../src/numerics/quadrature';

test('U(0, 1) on the centres of 10 equal bins of [0, 1]: every mass is 1/10', () => {
  const m = binMasses(uniform(0, 1), binCentres(0, 1, 10));
  assert.equal(m.length, 10);
  for (const v of m) assert.ok(Math.abs(v - 0.1) < 1e-15, `${v}`);
});

test('U(0, 1) on bins of width 1/2 centred on 0, 1/2, 1: masses 1/4, 1/2, 1/4 (the end bins half outside)', () => {
  const m = binMasses(uniform(0, 1), [0, 0.5, 1]);
  assert.deepEqual(Array.from(m, (v) => +v.toFixed(15)), [0.25, 0.5, 0.25]);
});

test('N(0, 1) on a grid over [-10, 10]: m_i = Phi(x_i + h/2) - Phi(x_i - h/2) (total 1 - 1e-23), sum 1, symmetric', () => {
  const grid = linspace(-10, 10, 201);
  const h = 0.1;
  const m = binMasses(gaussian(0, 1), grid);
  let total = 0;
  for (let i = 0; i < grid.length; i++) {
    const expected = normalCdf(grid[i] + h / 2) - normalCdf(grid[i] - h / 2);
    assert.ok(Math.abs(m[i] - expected) <= 1e-15, `bin ${i}: ${m[i]} vs ${expected}`);
    assert.ok(Math.abs(m[i] - m[grid.length - 1 - i]) <= 1e-15, `symmetry at ${i}`);
    total += m[i];
  }
  assert.ok(Math.abs(total - 1) < 1e-14);
});

test('the normalisation puts mass outside the bins back in proportion: N(0, 1) on a grid over [0, 5] has masses (Phi(x_i + h/2) - Phi(x_i - h/2)) / their sum', () => {
  // The bins cover [-0.25, 5.25], holding 1/2 + (Phi(0.25) - 1/2) of the mass (less the tail above 5.25).
  const grid = linspace(0, 5, 11);
  const m = binMasses(gaussian(0, 1), grid);
  const raw = Array.from(grid, (x) => normalCdf(x + 0.25) - normalCdf(x - 0.25));
  const total = raw.reduce((s, v) => s + v, 0);
  raw.forEach((v, i) => assert.ok(Math.abs(m[i] - v / total) < 1e-15, `bin ${i}`));
});

test('binMasses rejects a grid that is too short, uneven, decreasing, or where the density has no mass', () => {
  assert.throws(() => binMasses(gaussian(0, 1), [0]), /binMasses: argument 'grid'/);
  assert.throws(() => binMasses(gaussian(0, 1), [0, 1, 3]), /binMasses: argument 'grid\[1\]'/);
  assert.throws(() => binMasses(gaussian(0, 1), [2, 1, 0]), /binMasses: argument 'grid'/);
  assert.throws(() => binMasses(uniform(0, 1), [5, 6, 7]), /has mass/);
  assert.throws(() => binCentres(1, 0, 3), /binCentres: argument 'hi'/);
});

test('binCentres(lo, hi, n) are the midpoints of linspace(lo, hi, n + 1)', () => {
  const edges = linspace(0, 10, 51);
  const c = binCentres(0, 10, 50);
  c.forEach((x, i) => assert.ok(Math.abs(x - 0.5 * (edges[i] + edges[i + 1])) < 1e-14, `${i}`));
});
