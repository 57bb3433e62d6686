/**
 * Minibatch discrimination (Salimans et al. 2016, Section 3.2): o(x_i)_b = sum_{j != i} exp(-||M_{i,b} - M_{j,b}||_L1)
 * with M_i = f_i T, on hand-computed cases (T set by hand), against a float64 reference for random T, its limits
 * (identical examples: o = n - 1; far-apart examples: o = 0), the critic built around it, and the parameter
 * gradient of a gradient penalty through it (a second derivative) against central finite differences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import { mlp } from '../../src/models/mlp';
import { gradientPenalty } from '../../src/lipschitz/gradient-penalty';
import { randomInterpolates } from '../../src/lipschitz/interpolates';
import { wassersteinCriticLoss } from '../../src/losses';
import { criticWithMinibatchDiscrimination, minibatchDiscrimination } from '../../src/tricks/minibatch-discrimination';
import { assignValues, autodiffGradient, batch, finiteDifferenceGradient, relativeError } from './finite-differences';
import { near } from './helpers';


/** o(x_i)_b in float64, from features f [n][A] and T [A][B][C]. */
function referenceSimilarities(f: number[][], T: number[][][]): number[][] {
  const [A, B, C] = [T.length, T[0].length, T[0][0].length];
  const M = f.map((fi) => Array.from({ length: B }, (_, b) => Array.from({ length: C }, (_, c) => {
    let s = 0;
    for (let a = 0; a < A; a++) s += fi[a] * T[a][b][c];
    return s;
  })));
  return f.map((_, i) => Array.from({ length: B }, (_, b) => {
    let o = 0;
    for (let j = 0; j < f.length; j++) {
      if (j === i) continue;
      let l1 = 0;
      for (let c = 0; c < C; c++) l1 += Math.abs(M[i][b][c] - M[j][b][c]);
      o += Math.exp(-l1);
    }
    return o;
  }));
}

test('minibatch discrimination by hand: T the identity (A = B = 2, C = 1) gives o_b = sum_{j != i} exp(-|f_ib - f_jb|)', () => {
  const layer = minibatchDiscrimination({ inputDim: 2, kernels: 2, kernelDim: 1, seed: 0 });
  assignValues(layer.params[0], Float32Array.from([1, 0, 0, 1]));
  const f = tf.tensor2d([[0, 0], [1, 0], [0, 2]]);
  const e = Math.exp;
  const expected = [
    [e(-1) + 1, 1 + e(-2)],
    [e(-1) + e(-1), 1 + e(-2)],
    [1 + e(-1), e(-2) + e(-2)],
  ];
  const o = layer.similarities(f);
  const out = layer.apply(f);
  assert.deepEqual(out.shape, [3, 4], 'output width A + B');
  (o.arraySync() as number[][]).forEach((row, i) => row.forEach((v, b) => near(v, expected[i][b], 1e-6, `o(x_${i})_${b}`)));
  (out.arraySync() as number[][]).forEach((row, i) => {
    assert.deepEqual(row.slice(0, 2), (f.arraySync() as number[][])[i], 'the first A columns are the features');
    row.slice(2).forEach((v, b) => near(v, expected[i][b], 1e-6, `output o(x_${i})_${b}`));
  });
  tf.dispose([f, o, out]);
  layer.dispose();
});

test('minibatch discrimination matches a float64 reference for random T (A = 4, B = 3, C = 2, n = 6), output width A + B = 7', () => {
  const layer = minibatchDiscrimination({ inputDim: 4, kernels: 3, kernelDim: 2, seed: 5, initStd: 0.7 });
  assert.deepEqual(layer.params[0].shape, [4, 3, 2]);
  assert.equal(layer.outputDim, 7);
  const rng = new Rng(11);
  const fv = Array.from({ length: 6 }, () => Array.from(rng.normals(4)));
  const f = tf.tensor2d(fv);
  const T = layer.params[0].arraySync() as number[][][];
  const expected = referenceSimilarities(fv, T);
  const out = layer.apply(f);
  assert.deepEqual(out.shape, [6, 7]);
  (out.arraySync() as number[][]).forEach((row, i) => row.slice(4).forEach((v, b) => near(v, expected[i][b], 1e-5, `o(x_${i})_${b}`)));
  tf.dispose([f, out]);
  layer.dispose();
});

test('minibatch discrimination: n identical examples give o = n - 1 for every kernel; a batch of one gives 0', () => {
  const layer = minibatchDiscrimination({ inputDim: 5, kernels: 4, kernelDim: 3, seed: 2, initStd: 1 });
  for (const n of [1, 2, 7]) {
    const f = tf.tidy(() => tf.tile(tf.tensor2d([[0.3, -1.2, 2, 0.5, -0.7]]), [n, 1]) as Tensor2D);
    const o = layer.similarities(f);
    for (const v of o.dataSync()) assert.equal(v, n - 1, `n = ${n}`);
    tf.dispose([f, o]);
  }
  layer.dispose();
});

test('minibatch discrimination: far-apart examples give o ≈ 0 (below e^-50) for every kernel', () => {
  const layer = minibatchDiscrimination({ inputDim: 2, kernels: 3, kernelDim: 2, seed: 0 });
  // T with every entry 1: M_{i,b,c} = f_i1 + f_i2, so ||M_{i,b} - M_{j,b}||_L1 = 2 |s_i - s_j| with s the row sums.
  assignValues(layer.params[0], new Float32Array(12).fill(1));
  const f = tf.tensor2d([[0, 0], [30, 0], [0, 60], [-40, 5]]);
  const o = layer.similarities(f);
  for (const v of o.dataSync()) assert.ok(v >= 0 && v < Math.exp(-50), `o = ${v}`);
  tf.dispose([f, o]);
  layer.dispose();
});

test('the critic with minibatch discrimination: layer widths, same hidden initial weights as mlp(options), scores [n, 1]', () => {
  const options = { inputDim: 2, hidden: [8, 6], outputDim: 1, activation: 'tanh' as const, seed: 9, name: 'critic' };
  const critic = criticWithMinibatchDiscrimination({ ...options, kernels: 4, kernelDim: 3 });
  const plain = mlp(options);
  assert.equal(critic.params.length, 4 + 1 + 2, 'hidden W, b pairs, T, last W and b');
  for (let i = 0; i < 4; i++) assert.deepEqual(Array.from(critic.params[i].dataSync()), Array.from(plain.params[i].dataSync()), `param ${i}`);
  assert.deepEqual(critic.params[4].shape, [6, 4, 3], 'T is A x B x C with A the last hidden width');
  assert.deepEqual(critic.params[5].shape, [10, 1], 'the last layer takes A + B inputs');
  const x = tf.tensor2d([[0, 1], [1, 0], [2, 2]]);
  const widths = tf.tidy(() => critic.layers(x).map((l) => l.shape[1]));
  assert.deepEqual(widths, [8, 6, 10, 1]);
  const s = critic.apply(x);
  assert.deepEqual(s.shape, [3, 1]);
  // The score of an example depends on its batch: drop the last example and the first two scores change.
  const s2 = critic.apply(tf.slice(x, [0, 0], [2, 2]) as Tensor2D);
  assert.notDeepEqual(Array.from(s2.dataSync()), Array.from(s.dataSync()).slice(0, 2));
  // No hidden layer: the layer works on the input itself (A = inputDim).
  const shallow = criticWithMinibatchDiscrimination({ inputDim: 2, hidden: [], outputDim: 1, seed: 1, kernels: 2, kernelDim: 2 });
  assert.deepEqual(shallow.params.map((p) => p.shape), [[2, 2, 2], [4, 1], [1]]);
  tf.dispose([x, s, s2]);
  [critic, plain, shallow].forEach((m) => m.dispose());
});

test('minibatch discrimination: argument errors name the function, the argument and what was expected', () => {
  assert.throws(() => minibatchDiscrimination({ inputDim: 0, kernels: 2, kernelDim: 2, seed: 0 }), /minibatchDiscrimination: argument 'inputDim' must be an integer >= 1, got 0/);
  assert.throws(() => minibatchDiscrimination({ inputDim: 2, kernels: 2.5, kernelDim: 2, seed: 0 }), /argument 'kernels' must be an integer >= 1, got 2.5/);
  const layer = minibatchDiscrimination({ inputDim: 3, kernels: 2, kernelDim: 2, seed: 0 });
  const bad = tf.zeros([4, 2]) as Tensor2D;
  assert.throws(() => layer.apply(bad), /minibatch.apply: argument 'features' must have shape \[any, 3\], got shape \[4, 2\]/);
  bad.dispose();
  layer.dispose();
});

/**
 * The sign pattern of every pairwise difference M_{i,b,c} - M_{j,b,c} at x: where one changes sign, |.| has a kink
 * (the loss) and the critic's input gradient jumps (the penalty), and a difference quotient across it is not a
 * derivative. The tanh hidden layers have no kinks.
 */
function differencePattern(critic: ReturnType<typeof criticWithMinibatchDiscrimination>, x: Tensor2D): string {
  const signs = tf.tidy(() => {
    const outs = critic.layers(x);
    const f = outs[outs.length - 3];
    const T = critic.minibatch.params[0];
    const [A, B, C] = T.shape;
    const n = x.shape[0];
    const M = tf.reshape(tf.matMul(f, tf.reshape(T, [A, B * C])), [n, B * C]);
    return tf.sign(tf.sub(tf.expandDims(M, 1), tf.expandDims(M, 0)));
  });
  const s = Array.from(signs.dataSync()).join(',');
  signs.dispose();
  return s;
}

test('a gradient penalty through minibatch discrimination: the parameter gradient (second order) matches central differences', (t) => {
  for (const seed of [1, 2]) {
    const critic = criticWithMinibatchDiscrimination({
      inputDim: 2, hidden: [8, 8], outputDim: 1, activation: 'tanh', seed, name: 'critic', kernels: 4, kernelDim: 3, initStd: 0.5,
    });
    const rng = new Rng(seed);
    const real = batch(rng, 10, [2, 1]);
    const fake = batch(rng, 10, [-1, 0]);
    const points = randomInterpolates(real, fake, new Rng(7));
    const penalty = () => gradientPenalty(critic, real, fake, { weight: 10, seed: 7 });
    const autodiff = autodiffGradient(critic, penalty);
    const fd = finiteDifferenceGradient(critic, penalty, 3e-3, () => differencePattern(critic, points));
    const error = relativeError(autodiff, fd.gradient, fd.excluded);
    t.diagnostic(`seed ${seed}: relative error ${error.toExponential(1)} over ${autodiff.length} parameters, ${fd.refined} needed a smaller step, ${fd.excluded.length} left out`);
    assert.ok(Number.isFinite(error) && error < 1e-2, `seed ${seed}: relative error ${error}`);
    assert.ok(fd.excluded.length <= 3, `seed ${seed}: ${fd.excluded.length} parameters crossed a kink even at h/100`);
    // T's own gradient is not zero: the layer takes part.
    const tStart = critic.params.slice(0, 4).reduce((s, p) => s + p.size, 0);
    assert.ok(autodiff.slice(tStart, tStart + critic.params[4].size).some((g) => Math.abs(g) > 1e-4), "T's gradient is not all zero");
    // And the first-order gradient of the Wasserstein loss (kinks where a difference crosses 0, on both batches).
    const loss = () => tf.tidy(() => wassersteinCriticLoss(critic.apply(real), critic.apply(fake)));
    const lossFd = finiteDifferenceGradient(critic, loss, 3e-3, () => differencePattern(critic, real) + differencePattern(critic, fake));
    const lossError = relativeError(autodiffGradient(critic, loss), lossFd.gradient, lossFd.excluded);
    t.diagnostic(`seed ${seed}: Wasserstein loss gradient relative error ${lossError.toExponential(1)}, ${lossFd.excluded.length} left out`);
    assert.ok(lossError < 1e-2 && lossFd.excluded.length <= 3, `seed ${seed}: loss gradient relative error ${lossError}`);
    tf.dispose([real, fake, points]);
    critic.dispose();
  }
});
