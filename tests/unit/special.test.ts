/**
 * The special functions of src/numerics/special.ts against values computed to 40 digits with mpmath
 * (erfc, erf, the normal quantile) and against their identities (sigmoid(t) + sigmoid(-t) = 1,
 * softplus(t) - softplus(-t) = t, Phi^-1(Phi(x)) = x).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erf, erfc, erfcinv, normalCdf, normalQuantile, sigmoid, softplus } from '../../src/numerics/special';

const relErr = (actual: number, expected: number) => Math.abs(actual / expected - 1);

test('erfc matches 40-digit values to 1e-14 relative, from x = -3 to deep in the tail (x = 26, 5.7e-296)', () => {
  const known: [number, number][] = [
    [0, 1],
    [0.5, 0.47950012218695346],
    [1, 0.15729920705028513],
    [2, 0.0046777349810472658],
    [3.5, 7.4309837234141275e-7],
    [5, 1.5374597944280349e-12],
    [10, 2.0884875837625448e-45],
    [26, 5.6631924088561428e-296],
    [-1, 1.8427007929497149],
    [-3, 1.9999779095030014],
  ];
  for (const [x, v] of known) assert.ok(relErr(erfc(x), v) < 1e-14, `erfc(${x}) = ${erfc(x)}, expected ${v}`);
  assert.equal(erfc(Infinity), 0);
  assert.equal(erfc(-Infinity), 2);
  assert.ok(Number.isNaN(erfc(NaN)));
});

test('erf matches 40-digit values to 1e-14 relative, including erf(x) ≈ 2x/sqrt(pi) at x = 1e-10 (no cancellation)', () => {
  const known: [number, number][] = [
    [1e-10, 1.1283791670955126e-10],
    [0.5, 0.52049987781304654],
    [2, 0.99532226501895273],
    [-0.5, -0.52049987781304654],
  ];
  for (const [x, v] of known) assert.ok(relErr(erf(x), v) < 1e-14, `erf(${x}) = ${erf(x)}, expected ${v}`);
  for (const x of [-2, -0.3, 0.1, 0.7, 1.9]) assert.ok(Math.abs(erf(x) + erfc(x) - 1) < 2e-16, `erf + erfc = 1 at ${x}`);
});

test('erfcinv inverts erfc: erfcinv(erfc(x)) = x to 1e-14 relative for x in [-1, 20]', () => {
  // (Below -1, erfc(x) is within 0.16 of 2 and its rounding, not erfcinv, limits the round trip.)
  for (const x of [-1, -0.25, 0.1, 0.5, 1, 2, 5, 10, 20]) {
    assert.ok(relErr(erfcinv(erfc(x)), x) < 1e-14, `erfcinv(erfc(${x})) = ${erfcinv(erfc(x))}`);
  }
  assert.equal(erfcinv(1), 0);
  assert.equal(erfcinv(0), Infinity);
  assert.equal(erfcinv(2), -Infinity);
});

test('normalQuantile matches 40-digit values (1.9599639845400542 at 0.975, -37.047 at 1e-300) to 1e-14 relative', () => {
  const known: [number, number][] = [
    [0.975, 1.9599639845400542],
    [0.999, 3.0902323061678135],
    [1e-10, -6.3613409024040562],
    [1e-300, -37.047096299361199],
  ];
  for (const [u, v] of known) assert.ok(relErr(normalQuantile(u), v) < 1e-14, `Phi^-1(${u}) = ${normalQuantile(u)}, expected ${v}`);
  assert.equal(normalQuantile(0.5), 0);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  assert.throws(() => normalQuantile(1.5), /normalQuantile: argument 'u' must be a number in \[0, 1\], got 1.5/);
  assert.throws(() => normalQuantile(NaN), /normalQuantile/);
});

test('normalQuantile(normalCdf(x)) = x for x in [-37, 8], to 1e-14 relative plus the rounding of u = Phi(x) itself', () => {
  for (let x = -37; x <= 8; x += 0.25) {
    const u = normalCdf(x);
    const phi = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    // Rounding u (relative Number.EPSILON / 2) moves the exact quantile by about EPSILON u / phi(x): negligible in the
    // lower tail (u / phi ≈ 1/|x|), large in the upper tail, where u is within 1 - Phi(x) of 1.
    const tol = 1e-14 * Math.abs(x) + (Number.EPSILON * u) / phi;
    const back = normalQuantile(u);
    assert.ok(Math.abs(back - x) <= tol, `x = ${x}: got ${back} (tolerance ${tol})`);
  }
  // The other way round, rounding x (relative EPSILON / 2) moves Phi(x) by about x^2 EPSILON / 2 relative in the tail.
  for (const u of [1e-300, 1e-20, 1e-5, 0.01, 0.3, 0.5, 0.7, 0.99]) {
    const x = normalQuantile(u);
    const tol = (1e-14 + x * x * Number.EPSILON) * u;
    assert.ok(Math.abs(normalCdf(x) - u) <= tol, `Phi(Phi^-1(${u})) = ${normalCdf(x)}`);
  }
});

test('sigmoid: sigmoid(0) = 1/2, sigmoid(t) + sigmoid(-t) = 1, 1/(1 + e^-t) for moderate t, finite at ±1000', () => {
  assert.equal(sigmoid(0), 0.5);
  for (const t of [-30, -5, -0.5, 0.25, 3, 20]) {
    assert.ok(Math.abs(sigmoid(t) + sigmoid(-t) - 1) < 1e-15, `symmetry at ${t}`);
    assert.ok(relErr(sigmoid(t), 1 / (1 + Math.exp(-t))) < 1e-15, `formula at ${t}`);
  }
  assert.equal(sigmoid(1000), 1);
  assert.equal(sigmoid(-1000), 0);
  assert.ok(relErr(sigmoid(-700), Math.exp(-700)) < 1e-14, 'sigmoid(-700) = e^-700 (relative accuracy in the tail)');
});

test('softplus: log 2 at 0, softplus(t) - softplus(-t) = t, -log sigmoid(t) = softplus(-t), exact at ±1000', () => {
  assert.equal(softplus(0), Math.LN2);
  for (const t of [-30, -5, -0.5, 0.25, 3, 20]) {
    assert.ok(Math.abs(softplus(t) - softplus(-t) - t) < 1e-13, `softplus(t) - softplus(-t) = t at ${t}`);
    assert.ok(Math.abs(-Math.log(sigmoid(t)) - softplus(-t)) < 1e-13, `-log sigmoid at ${t}`);
  }
  assert.equal(softplus(1000), 1000);
  assert.equal(softplus(-1000), 0);
  assert.ok(relErr(softplus(-50), Math.exp(-50)) < 1e-14, 'softplus(-50) = log1p(e^-50) ≈ e^-50');
});
