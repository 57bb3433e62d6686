/**
 * Virtual batch normalisation (Salimans et al. 2016, Section 3.5): each example normalised with the statistics of
 * the reference batch plus itself (weight 1/(N+1)), checked against the paper's formula in float64, against the
 * closed form on the reference batch itself, and for independence from the rest of the batch.
 *
 * The closed form: for an example of the reference batch at d = x - mu_R, the statistics of R ∪ {x} (x counted a
 * second time) give x - mean = N d / (N+1) and var = N sigma^2 / (N+1) + N d^2 / (N+1)^2, so (epsilon aside)
 *   y = d sqrt(N) / sqrt((N+1) sigma^2 + d^2).
 * For a reference batch whose examples all sit at mu +- sigma (d^2 = sigma^2), y = +-sqrt(N / (N+2)): the outputs
 * have mean 0 and variance N / (N+2) exactly (not 1: that is the 1/(N+1) correction; 2/3 for N = 4, 0.97 for N = 64).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import { assignValues } from './finite-differences';
import { generatorWithVirtualBatchNorm, virtualBatchNorm } from '../../src/tricks/virtual-batch-norm';
import { near } from './helpers';


/** The paper's formula in float64: mean and mean of squares of R ∪ {x}, the new example weighted 1/(N+1). */
function paperVbn(ref: number[][], x: number[], epsilon: number): number[] {
  const N = ref.length;
  return x.map((xk, k) => {
    const mu = ref.reduce((s, r) => s + r[k], 0) / N;
    const sq = ref.reduce((s, r) => s + r[k] * r[k], 0) / N;
    const w = 1 / (N + 1);
    const mean = w * xk + (1 - w) * mu;
    const meanSq = w * xk * xk + (1 - w) * sq;
    return (xk - mean) / Math.sqrt(meanSq - mean * mean + epsilon);
  });
}

const columnStats = (rows: number[][], k: number) => {
  const m = rows.reduce((s, r) => s + r[k], 0) / rows.length;
  return { mean: m, variance: rows.reduce((s, r) => s + (r[k] - m) ** 2, 0) / rows.length };
};

test('VBN on its own reference batch at mu +- sigma: outputs +-sqrt(N / (N+2)), mean 0 and variance N / (N+2) per feature (N = 4, 64)', () => {
  for (const N of [4, 64]) {
    // Feature 0 at 2 +- 1, feature 1 at 0 +- 5 (signs in a different order), feature 2 at -3 +- 0.1.
    const ref = Array.from({ length: N }, (_, i) => [2 + (i % 2 ? 1 : -1), i < N / 2 ? 5 : -5, -3 + (i % 4 < 2 ? 0.1 : -0.1)]);
    const vbn = virtualBatchNorm({ features: 3, epsilon: 1e-12 });
    const r = tf.tensor2d(ref);
    vbn.setReference(r);
    assert.equal(vbn.referenceSize, N);
    const y = vbn.apply(r);
    const rows = y.arraySync() as number[][];
    const expected = Math.sqrt(N / (N + 2));
    rows.forEach((row, i) => row.forEach((v, k) => near(Math.abs(v), expected, 1e-5, `N = ${N}, |y[${i}, ${k}]|`)));
    for (let k = 0; k < 3; k++) {
      const s = columnStats(rows, k);
      near(s.mean, 0, 1e-5, `N = ${N}, mean of feature ${k}`);
      near(s.variance, N / (N + 2), 1e-5, `N = ${N}, variance of feature ${k}`);
    }
    tf.dispose([r, y]);
    vbn.dispose();
  }
});

test("VBN on a random reference batch: y = d sqrt(N) / sqrt((N+1) sigma^2 + d^2) for the reference's own examples, and the paper's formula for new ones", () => {
  const rng = new Rng(3);
  const N = 10;
  const ref = Array.from({ length: N }, () => [rng.normal() * 2 + 1, rng.normal() * 0.5 - 4]);
  const vbn = virtualBatchNorm({ features: 2 });
  const r = tf.tensor2d(ref);
  vbn.setReference(r);
  const y = vbn.apply(r).arraySync() as number[][];
  for (let k = 0; k < 2; k++) {
    const { mean: mu, variance: s2 } = columnStats(ref, k);
    ref.forEach((row, i) => {
      const d = row[k] - mu;
      // The closed form, with epsilon = 1e-5 (default) under the root of var = N s2/(N+1) + N d^2/(N+1)^2.
      const closed = ((N / (N + 1)) * d) / Math.sqrt((N * s2) / (N + 1) + (N * d * d) / (N + 1) ** 2 + 1e-5);
      near(y[i][k], closed, 2e-5, `y[${i}, ${k}]`);
      near(closed, paperVbn(ref, row, 1e-5)[k], 1e-9, 'closed form = paper formula');
    });
  }
  const fresh = [[0, 0], [5, -4], [-3, -3.5]];
  const x = tf.tensor2d(fresh);
  const yx = vbn.apply(x).arraySync() as number[][];
  fresh.forEach((row, i) => paperVbn(ref, row, 1e-5).forEach((e, k) => near(yx[i][k], e, 2e-5, `new example ${i}, feature ${k}`)));
  tf.dispose([r, x]);
  vbn.dispose();
});

test('VBN output of an example does not depend on the rest of its batch: a batch of 7 equals the 7 examples one by one', () => {
  const rng = new Rng(5);
  const vbn = virtualBatchNorm({ features: 3 });
  const r = tf.tensor2d(rng.normals(8 * 3), [8, 3]);
  vbn.setReference(r);
  const x = tf.tensor2d(rng.normals(7 * 3, 2, 3), [7, 3]);
  const together = vbn.apply(x).dataSync();
  for (let i = 0; i < 7; i++) {
    const alone = tf.tidy(() => vbn.apply(tf.slice(x, [i, 0], [1, 3]) as Tensor2D)).dataSync();
    for (let k = 0; k < 3; k++) near(alone[k], together[3 * i + k], 1e-6, `example ${i}, feature ${k}`);
  }
  // And a different batch around example 0 leaves it unchanged.
  const other = tf.tidy(() => tf.concat([tf.slice(x, [0, 0], [1, 3]), tf.mul(100, tf.ones([4, 3]))]) as Tensor2D);
  const y0 = vbn.apply(other).dataSync();
  for (let k = 0; k < 3; k++) near(y0[k], together[k], 1e-6, `example 0 among outliers, feature ${k}`);
  tf.dispose([r, x, other]);
  vbn.dispose();
});

test('VBN: gamma scales and beta shifts the normalised output; both are trainable parameters with gradients', () => {
  const vbn = virtualBatchNorm({ features: 2 });
  const r = tf.tensor2d([[0, 1], [2, 5], [4, 0]]);
  vbn.setReference(r);
  const x = tf.tensor2d([[1, 1], [3, -2]]);
  const base = vbn.apply(x).dataSync();
  const [gamma, beta] = vbn.params;
  assert.deepEqual(Array.from(gamma.dataSync()), [1, 1]);
  assert.deepEqual(Array.from(beta.dataSync()), [0, 0]);
  assignValues(gamma, Float32Array.from([2, -0.5]));
  assignValues(beta, Float32Array.from([1, 3]));
  const y = vbn.apply(x).dataSync();
  [0, 1, 2, 3].forEach((i) => near(y[i], [2, -0.5][i % 2] * base[i] + [1, 3][i % 2], 1e-6, `y[${i}]`));
  const { grads } = tf.variableGrads(() => tf.sum(vbn.apply(x)), vbn.params);
  // d/dbeta of a sum over 2 examples is 2; d/dgamma is the sum of the normalised values.
  assert.deepEqual(Array.from(grads[beta.name].dataSync()), [2, 2]);
  near(grads[gamma.name].dataSync()[0], base[0] + base[2], 1e-6, 'd/dgamma_0');
  tf.dispose([r, x, grads[beta.name], grads[gamma.name]]);
  vbn.dispose();
});

test('VBN with a reference passed to apply (recomputed with current weights): equals the stored one, and differentiates through it', () => {
  const rng = new Rng(9);
  const vbn = virtualBatchNorm({ features: 2 });
  const r = tf.tensor2d(rng.normals(6 * 2, 0, 2), [6, 2]);
  const x = tf.tensor2d(rng.normals(3 * 2), [3, 2]);
  vbn.setReference(r);
  const stored = vbn.apply(x).dataSync();
  const live = vbn.apply(x, r).dataSync();
  stored.forEach((v, i) => near(live[i], v, 1e-6, `y[${i}]`));
  // The gradient of a weighted sum of the outputs with respect to the reference, against central differences.
  const wts = tf.tensor2d([[1, -2], [0.5, 3], [-1, 1]]);
  const f = (ref: Tensor) => tf.sum(tf.mul(wts, vbn.apply(x, ref as Tensor2D)));
  const g = tf.grad(f)(r).dataSync();
  const rv = r.dataSync();
  const h = 1e-2;
  for (let i = 0; i < rv.length; i++) {
    const at = (delta: number) => tf.tidy(() => {
      const v = Float32Array.from(rv);
      v[i] += delta;
      return f(tf.tensor2d(v, [6, 2])).dataSync()[0];
    });
    near(g[i], (at(h) - at(-h)) / (2 * h), 2e-3, `d/dref[${i}]`);
  }
  tf.dispose([r, x, wts]);
  vbn.dispose();
});

test('VBN: apply before setReference names the fix; bad shapes name the argument; no tensors leak over many calls', () => {
  const vbn = virtualBatchNorm({ features: 2, name: 'vbn' });
  const x = tf.tensor2d([[1, 2]]);
  assert.throws(() => vbn.apply(x), /vbn.apply: no reference batch: call vbn.setReference\(reference\) once first/);
  const bad = tf.tensor2d([[1, 2, 3]]);
  assert.throws(() => vbn.setReference(bad), /vbn.setReference: argument 'reference' must have shape \[any, 2\], got shape \[1, 3\]/);
  assert.throws(() => virtualBatchNorm({ features: 2, gammaInitStd: 0.02 }), /virtualBatchNorm: argument 'seed' must be an integer >= 0 when gammaInitStd > 0/);
  const r = tf.tensor2d([[0, 0], [1, 1], [2, 5]]);
  vbn.setReference(r);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 50; i++) tf.tidy(() => {
    vbn.apply(x);
  });
  vbn.setReference(r);
  assert.equal(tf.memory().numTensors, before);
  // A jittered gamma from a seed is repeatable.
  const a = virtualBatchNorm({ features: 4, gammaInitStd: 0.02, seed: 1 });
  const b = virtualBatchNorm({ features: 4, gammaInitStd: 0.02, seed: 1 });
  assert.deepEqual(Array.from(a.params[0].dataSync()), Array.from(b.params[0].dataSync()));
  assert.ok(Array.from(a.params[0].dataSync()).every((v) => Math.abs(v - 1) < 0.1 && v !== 1));
  tf.dispose([x, bad, r]);
  [vbn, a, b].forEach((m) => m.dispose());
});

test('generatorWithVirtualBatchNorm: each output depends on its own z and the reference only, never on the rest of the batch', () => {
  const G = generatorWithVirtualBatchNorm({ latentDim: 3, hidden: [8, 8], outputDim: 2, seed: 4, referenceSize: 16 });
  assert.deepEqual(G.reference.shape, [16, 3]);
  assert.equal(G.params.length, 6 + 4, 'three weight layers, and gamma and beta of two VBN layers');
  const z = tf.tensor2d(new Rng(9).normals(15), [5, 3]);
  const together = tf.tidy(() => G.apply(z));
  assert.deepEqual(together.shape, [5, 2]);
  for (let i = 0; i < 5; i++) {
    const alone = tf.tidy(() => G.apply(tf.slice(z, [i, 0], [1, 3]) as Tensor2D));
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(alone, tf.slice(together, [i, 0], [1, 2])))).dataSync()[0]);
    assert.ok(diff < 1e-5, `row ${i}: ${diff}`);
    alone.dispose();
  }
  tf.dispose([z, together]);
  G.dispose();
});

test('generatorWithVirtualBatchNorm: one hidden layer is W2 relu(VBN(z W1 + b1; z_R W1 + b1)) + b2, and gradients reach every param', () => {
  const G = generatorWithVirtualBatchNorm({ latentDim: 2, hidden: [4], outputDim: 2, seed: 5, referenceSize: 8 });
  const [W1, b1, W2, b2] = G.params;
  const z = tf.tensor2d(new Rng(1).normals(6), [3, 2]);
  const diff = tf.tidy(() => {
    const pre = tf.add(tf.matMul(z, W1), b1) as Tensor2D;
    const preR = tf.add(tf.matMul(G.reference, W1), b1) as Tensor2D;
    // By the formula: d = x - mu_R, w = 1/(N+1), y = (1 - w) d / sqrt((1 - w) sigma_R^2 + w (1 - w) d^2 + eps).
    const { mean, variance } = tf.moments(preR, 0);
    const w = 1 / 9;
    const d = tf.sub(pre, mean);
    const y = tf.div(tf.mul(1 - w, d), tf.sqrt(tf.add(tf.add(tf.mul(1 - w, variance), tf.mul(w * (1 - w), tf.square(d))), 1e-5)));
    const expected = tf.add(tf.matMul(tf.relu(y) as Tensor2D, W2), b2);
    return tf.max(tf.abs(tf.sub(G.apply(z), expected))).dataSync()[0];
  });
  assert.ok(diff < 1e-5, `differs from the formula by ${diff}`);
  const { grads } = tf.variableGrads(() => tf.sum(tf.square(G.apply(z))) as never, G.params);
  for (const p of G.params) assert.ok(tf.tidy(() => tf.max(tf.abs(grads[p.name])).dataSync()[0]) > 0, `no gradient for ${p.name}`);
  tf.dispose(Object.values(grads));
  z.dispose();
  const before = tf.memory().numTensors;
  G.dispose();
  assert.equal(tf.memory().numTensors, before - 4 - 2 - 1, 'dispose frees weights, gamma and beta, and the reference');
});
