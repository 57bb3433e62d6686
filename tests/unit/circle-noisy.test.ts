/**
 * The data helpers of lessons 02, 04 and 05: the unit circle in a random plane (points on the circle and in the
 * plane, the plane orthonormal, distances by Pythagoras), and withNoise (the base points plus N(0, std² I)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { circleDistances, circleInPlane, randomPlane } from '../../src/data/circle';
import { withNoise } from '../../src/data/noisy';
import { makeSampler } from '../../src/data/sampler';
import { swissRoll } from '../../src/data/toys';
import { Rng } from '../../src/random';

const dot = (u: ArrayLike<number>, v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
};

test('randomPlane: e1 and e2 are orthonormal (|e1| = |e2| = 1, e1·e2 = 0 to 1e-15), in any dimension', () => {
  for (const dim of [2, 3, 64, 500]) {
    const p = randomPlane(new Rng(dim), dim);
    const e1 = p.subarray(0, dim);
    const e2 = p.subarray(dim);
    assert.ok(Math.abs(dot(e1, e1) - 1) < 1e-14 && Math.abs(dot(e2, e2) - 1) < 1e-14, `unit vectors, dim ${dim}`);
    assert.ok(Math.abs(dot(e1, e2)) < 1e-15, `orthogonal, dim ${dim}: ${dot(e1, e2)}`);
  }
});

test('circleInPlane: the plane is that of randomPlane(new Rng(seed), dim); same seed, same plane', () => {
  const c = circleInPlane({ dim: 64, seed: 20170117 });
  assert.deepEqual(c.plane, randomPlane(new Rng(20170117), 64));
  assert.deepEqual(circleInPlane({ dim: 64, seed: 20170117 }).plane, c.plane);
  assert.equal(c.dim, 64);
  assert.equal(c.name, 'unit circle in a plane of R^64');
  assert.deepEqual(Array.from(c.e1), Array.from(c.plane.subarray(0, 64)));
});

test('circleInPlane samples lie on the unit circle and in the plane (distances 0 to float32 rounding)', () => {
  const c = circleInPlane({ dim: 64, seed: 3 });
  const n = 2000;
  const x = c.sampleArray(new Rng(1), n);
  assert.equal(x.length, n * 64);
  const d = circleDistances(c, x);
  let angleSum = 0;
  for (let i = 0; i < n; i++) {
    const norm = Math.sqrt(dot(x.subarray(i * 64, (i + 1) * 64), x.subarray(i * 64, (i + 1) * 64)));
    assert.ok(Math.abs(norm - 1) < 1e-6, `|x| = ${norm}`);
    assert.ok(d.offPlane[i] < 1e-6 && d.toCircle[i] < 1e-6, `point ${i}: off ${d.offPlane[i]}, to circle ${d.toCircle[i]}`);
    angleSum += Math.atan2(d.inPlane[2 * i + 1], d.inPlane[2 * i]);
  }
  // Angles uniform on (-pi, pi]: mean 0, std pi/sqrt(3); 5 standard errors.
  assert.ok(Math.abs(angleSum / n) < (5 * Math.PI) / Math.sqrt(3 * n), `mean angle ${angleSum / n}`);
});

test('circleDistances: a point 2 e1 + 3 u (u ⟂ plane, |u| = 1) is 3 off the plane and sqrt(3² + 1²) from the circle', () => {
  const c = circleInPlane({ dim: 5, seed: 9 });
  // u: a unit vector orthogonal to e1 and e2, by Gram–Schmidt on a basis vector.
  const u = new Float64Array(5);
  u[0] = 1;
  const a = dot(u, c.e1);
  const b = dot(u, c.e2);
  for (let j = 0; j < 5; j++) u[j] -= a * c.e1[j] + b * c.e2[j];
  const nu = Math.sqrt(dot(u, u));
  const x = Array.from({ length: 5 }, (_, j) => 2 * c.e1[j] + (3 * u[j]) / nu);
  const d = circleDistances(c, x);
  assert.ok(Math.abs(d.inPlane[0] - 2) < 1e-14 && Math.abs(d.inPlane[1]) < 1e-14, `in plane ${d.inPlane}`);
  assert.ok(Math.abs(d.offPlane[0] - 3) < 1e-14, `off plane ${d.offPlane[0]}`);
  assert.ok(Math.abs(d.toCircle[0] - Math.sqrt(10)) < 1e-14, `to circle ${d.toCircle[0]}`);
  assert.throws(() => circleDistances(c, [1, 2, 3]), /circleDistances: argument 'points'/);
});

test('withNoise(sampler, std): the base points (same draws) plus rng.normals(n dim, 0, std), named "+ N(0, σ²I)"', () => {
  const roll = swissRoll();
  for (const std of [1, 0.5]) {
    const noisy = withNoise(roll, std);
    const r1 = new Rng(5);
    const r2 = new Rng(5);
    const got = noisy.sampleArray(r1, 300);
    const base = roll.sampleArray(r2, 300);
    const noise = r2.normals(600, 0, std);
    for (let i = 0; i < 600; i++) assert.equal(got[i], Math.fround(base[i] + noise[i]));
    assert.equal(noisy.dim, 2);
    assert.equal(noisy.base, roll);
    assert.equal(noisy.std, std);
  }
  assert.equal(withNoise(roll).name, 'Swiss roll + N(0, I)');
  assert.equal(withNoise(roll, 0.5).name, 'Swiss roll + N(0, 0.5²I)');
  assert.throws(() => withNoise(roll, 0), /withNoise: argument 'std'/);
});

test('withNoise of a constant point c: mean c and per-coordinate std σ (n = 40,000, 5 standard errors)', () => {
  const c = [1, -2, 3];
  const point = makeSampler('c', 3, (_rng, n) => Float32Array.from({ length: 3 * n }, (_, k) => c[k % 3]));
  const n = 40000;
  const sigma = 0.7;
  const x = withNoise(point, sigma).sampleArray(new Rng(2), n);
  const t = x.subarray(0, 3 * n);
  for (let j = 0; j < 3; j++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      s += t[3 * i + j];
      s2 += t[3 * i + j] ** 2;
    }
    const m = s / n;
    const sd = Math.sqrt(s2 / n - m * m);
    assert.ok(Math.abs(m - c[j]) < (5 * sigma) / Math.sqrt(n), `mean ${m}`);
    assert.ok(Math.abs(sd - sigma) < (5 * sigma) / Math.sqrt(2 * n), `std ${sd}`);
  }
  // The tensor form draws the same numbers.
  const tensor = withNoise(point, sigma).sample(new Rng(2), 10);
  assert.deepEqual(Array.from(tensor.dataSync()), Array.from(x.subarray(0, 30)));
  tensor.dispose();
});
