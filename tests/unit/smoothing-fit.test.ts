/** movingAverage, medianFilter and linearFit against values worked out by hand. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearFit } from '../../src/metrics/fit';
import { medianFilter, movingAverage } from '../../src/metrics/smoothing';

const closeAll = (got: number[], expected: number[], tol = 1e-15) => {
  assert.equal(got.length, expected.length);
  got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tol, `[${i}]: got ${v}, expected ${expected[i]}`));
};

test('movingAverage is trailing: window 2 on 1..5 is [1, 1.5, 2.5, 3.5, 4.5]; window 3 is [1, 1.5, 2, 3, 4]', () => {
  closeAll(movingAverage([1, 2, 3, 4, 5], 2), [1, 1.5, 2.5, 3.5, 4.5]);
  closeAll(movingAverage([1, 2, 3, 4, 5], 3), [1, 1.5, 2, 3, 4]);
  closeAll(movingAverage([4, 8], 1), [4, 8]);
  closeAll(movingAverage([1, 2, 3], 10), [1, 1.5, 2]);
  assert.deepEqual(movingAverage([], 3), []);
  assert.throws(() => movingAverage([1], 0), /movingAverage: argument 'window'/);
});

test('medianFilter is centred and shorter at the ends: window 3 on [1, 100, 3, 4, 5] is [50.5, 3, 4, 4, 4.5]', () => {
  closeAll(medianFilter([1, 100, 3, 4, 5], 3), [50.5, 3, 4, 4, 4.5]);
  // Window 5 (h = 2): [1, 100, 3] → 3, [1, 100, 3, 4] → 3.5, all → 4, [100, 3, 4, 5] → 4.5, [3, 4, 5] → 4.
  closeAll(medianFilter([1, 100, 3, 4, 5], 5), [3, 3.5, 4, 4.5, 4]);
  // An even window 4 uses h = 2, as lesson 04's filter did.
  closeAll(medianFilter([1, 100, 3, 4, 5], 4), [3, 3.5, 4, 4.5, 4]);
  closeAll(medianFilter([7, 9], 1), [7, 9]);
});

test('linearFit of y = 2 + 3x is exact: slope 3, intercept 2, R² = 1', () => {
  const xs = [0, 1, 2, 5, 10];
  const fit = linearFit(xs, xs.map((x) => 2 + 3 * x));
  assert.ok(Math.abs(fit.slope - 3) < 1e-14 && Math.abs(fit.intercept - 2) < 1e-14 && Math.abs(fit.r2 - 1) < 1e-14, JSON.stringify(fit));
});

test('linearFit of (0, 0), (1, 1), (2, 1): slope 1/2, intercept 1/6, R² = 3/4 (Sxy = 1, Sxx = 2, Syy = 2/3)', () => {
  const fit = linearFit([0, 1, 2], [0, 1, 1]);
  assert.ok(Math.abs(fit.slope - 0.5) < 1e-15, `slope ${fit.slope}`);
  assert.ok(Math.abs(fit.intercept - 1 / 6) < 1e-15, `intercept ${fit.intercept}`);
  assert.ok(Math.abs(fit.r2 - 0.75) < 1e-15, `r2 ${fit.r2}`);
});

test('linearFit on log-log points of y = 5 n^(-1/2) gives slope -1/2 and intercept log 5; constant ys give R² = 1', () => {
  const ns = [100, 1000, 10000, 100000];
  const fit = linearFit(ns.map(Math.log), ns.map((n) => Math.log(5 / Math.sqrt(n))));
  assert.ok(Math.abs(fit.slope + 0.5) < 1e-14 && Math.abs(fit.intercept - Math.log(5)) < 1e-13, JSON.stringify(fit));
  const flat = linearFit([1, 2, 3], [4, 4, 4]);
  assert.deepEqual(flat, { slope: 0, intercept: 4, r2: 1 });
  assert.throws(() => linearFit([1, 1], [1, 2]), /linearFit: argument 'xs' must be at least two different values/);
  assert.throws(() => linearFit([1, 2], [1, 2, 3]), /linearFit: argument 'ys'/);
});
