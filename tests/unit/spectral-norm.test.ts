/**
 * Spectral normalisation (Miyato et al. 2018): the power-iteration estimate against an SVD (ml-matrix), the normalised
 * critic's forward pass and Lipschitz bound, its gradients against central finite differences (first order through
 * the division by sigma_hat, and second order: penalties on a normalised critic), and training with spectralNorm().
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { Matrix, QrDecomposition } from 'ml-matrix';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import { mlp } from '../../src/models/mlp';
import { applyToArray } from '../../src/models/evaluate';
import { largestSingularValue, singularValues } from '../../src/numerics/singular-values';
import { layerSpectralNorms, spectrallyNormalized } from '../../src/lipschitz/spectral-norm';
import { clipWeights, spectralNorm, penalize } from '../../src/lipschitz/method';
import { gradientPenalty } from '../../src/lipschitz/gradient-penalty';
import { r1Penalty } from '../../src/lipschitz/zero-centred-penalties';
import { randomInterpolates } from '../../src/lipschitz/interpolates';
import { wassersteinCriticLoss } from '../../src/losses';
import { trainCritic } from '../../src/train/critic';
import { createGan, trainGan } from '../../src/train/gan';
import { disposeSnapshot, restoreGan, snapshotGan } from '../../src/train/snapshot';
import { activationPattern, assignValues, autodiffGradient, batch, finiteDifferenceGradient, relativeError, smallCritic } from './finite-differences';
import { smallGanParts } from './helpers';

/** A rows x cols matrix U diag(s) V^T with random orthogonal U, V (QR of Gaussian matrices), row-major. */
function withSingularValues(rng: Rng, rows: number, cols: number, s: number[]): Float32Array {
  const orthogonal = (n: number) => new QrDecomposition(new Matrix(Array.from({ length: n }, () => Array.from(rng.normals(n))))).orthogonalMatrix;
  const [U, V] = [orthogonal(rows), orthogonal(cols)];
  const S = Matrix.zeros(rows, cols);
  s.forEach((x, i) => S.set(i, i, x));
  return Float32Array.from(U.mmul(S).mmul(V.transpose()).to1DArray());
}

/** A one-layer "MLP" rows -> cols whose weight matrix is W (linear output), for the power-iteration tests. */
function oneLayer(W: Float32Array, rows: number, cols: number, seed: number) {
  const net = mlp({ inputDim: rows, hidden: [], outputDim: cols, seed, name: 'layer' });
  assignValues(net.params[0], W);
  return net;
}

test('singularValues agrees with a matrix built from known singular values (and with sigma(W) = sigma(W^T))', () => {
  const rng = new Rng(1);
  const s = [3, 1.5, 0.2];
  const W = withSingularValues(rng, 5, 3, s);
  singularValues(W, 5, 3).forEach((x, i) => assert.ok(Math.abs(x - s[i]) < 1e-5, `sigma_${i}: ${x} vs ${s[i]}`));
  const Wt = Float32Array.from({ length: 15 }, (_, k) => W[(k % 5) * 3 + Math.floor(k / 5)]);
  assert.ok(Math.abs(largestSingularValue(Wt, 3, 5) - 3) < 1e-5);
  assert.throws(() => singularValues(W, 4, 3), /singularValues: argument 'values' must be 4 x 3 = 12 numbers/);
});

test('power iteration: with sigma_2 / sigma_1 = 0.5, k = 10 steps give sigma_hat within 1e-5 (relative) of the SVD', () => {
  const rng = new Rng(2);
  for (const [rows, cols] of [[8, 8], [64, 16], [3, 40]] as const) {
    const r = Math.min(rows, cols);
    const s = Array.from({ length: r }, (_, i) => (i === 0 ? 2 : 1 / (i + 1)));   // sigma_1 = 2, sigma_2 = 1/2 ... : ratio 0.25
    s[1] = 1;                                                                 // sigma_2 / sigma_1 = 0.5
    const W = withSingularValues(rng, rows, cols, s);
    const sn = spectrallyNormalized(oneLayer(W, rows, cols, 3), { seed: 4, initialSteps: 0 });
    for (let k = 0; k < 10; k++) sn.powerIteration();
    const exact = largestSingularValue(W, rows, cols);
    const [estimate] = sn.sigmaEstimates();
    assert.ok(Math.abs(estimate - exact) / exact < 1e-5, `${rows} x ${cols}: estimate ${estimate}, SVD ${exact}`);
    sn.net.dispose();
    sn.dispose();
  }
});

test('power iteration on Gaussian matrices (small spectral gaps): the estimate never exceeds the SVD and is within 1% after k = 50 steps', () => {
  const rng = new Rng(5);
  for (const [rows, cols] of [[2, 64], [64, 64], [64, 1], [16, 9]] as const) {
    const W = Float32Array.from(rng.normals(rows * cols));
    const sn = spectrallyNormalized(oneLayer(W, rows, cols, 6), { seed: 7, initialSteps: 0 });
    const exact = largestSingularValue(W, rows, cols);
    let previous = 0;
    for (let k = 1; k <= 50; k++) {
      sn.powerIteration();
      const [estimate] = sn.sigmaEstimates();
      assert.ok(estimate <= exact * (1 + 1e-6), `${rows} x ${cols}, step ${k}: estimate ${estimate} above sigma_1 = ${exact}`);
      assert.ok(estimate >= previous * (1 - 1e-6), `${rows} x ${cols}, step ${k}: the estimate fell (${previous} -> ${estimate})`);
      previous = estimate;
    }
    assert.ok(previous / exact > 0.99, `${rows} x ${cols}: after 50 steps ${previous} vs ${exact}`);
    sn.net.dispose();
    sn.dispose();
  }
});

test('one step per update, the vector kept: on a matrix that drifts by 1% per update, sigma_hat stays within 0.5% of the SVD', () => {
  const rng = new Rng(8);
  const [rows, cols] = [32, 32];
  let W = withSingularValues(rng, rows, cols, Array.from({ length: 32 }, (_, i) => 1 / (1 + 0.5 * i)));
  const sn = spectrallyNormalized(oneLayer(W, rows, cols, 9), { seed: 10, initialSteps: 0 });
  let worst = 0;
  for (let t = 0; t < 300; t++) {
    W = Float32Array.from(W, (w) => w + 0.01 * rng.normal() / Math.sqrt(rows));
    assignValues(sn.net.params[0], W);
    sn.powerIteration();
    if (t >= 50) worst = Math.max(worst, Math.abs(sn.sigmaEstimates()[0] / largestSingularValue(W, rows, cols) - 1));
  }
  assert.ok(worst < 5e-3, `largest relative gap over updates 50-300: ${worst}`);
  sn.net.dispose();
  sn.dispose();
});

test('the normalised critic computes the MLP with W_i / sigma_hat_i, and once converged it is 1-Lipschitz (|D(x) - D(y)| <= |x - y|)', () => {
  const net = mlp({ inputDim: 2, hidden: [16, 16], outputDim: 1, seed: 11, name: 'critic' });
  const sn = spectrallyNormalized(net, { seed: 12, initialSteps: 200 });
  const sigmas = sn.sigmaEstimates();
  const rng = new Rng(13);
  const xs = rng.normals(2 * 64);
  // By hand: the same layers with each W divided by its estimate.
  const byHand = tf.tidy(() => {
    let h: Tensor2D = tf.tensor2d(xs, [64, 2]);
    for (let i = 0; i < 3; i++) {
      h = tf.add(tf.matMul(h, tf.div(net.params[2 * i], sigmas[i])), net.params[2 * i + 1]) as Tensor2D;
      if (i < 2) h = tf.relu(h);
    }
    return h;
  });
  const ours = applyToArray(sn, xs, 2);
  Array.from(byHand.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - ours[i]) < 1e-5, `point ${i}: ${ours[i]} vs ${v}`));
  byHand.dispose();
  layerSpectralNorms(sn).forEach((l, i) => assert.ok(Math.abs(l.normalised - 1) < 1e-4, `layer ${i}: ${JSON.stringify(l)}`));
  const ys = Float32Array.from(xs, (x) => x + 0.3 * rng.normal());
  const dy = applyToArray(sn, ys, 2);
  for (let i = 0; i < 64; i++) {
    const dist = Math.hypot(xs[2 * i] - ys[2 * i], xs[2 * i + 1] - ys[2 * i + 1]);
    assert.ok(Math.abs(ours[i] - dy[i]) <= dist * (1 + 1e-4), `pair ${i}: |D(x) - D(y)| = ${Math.abs(ours[i] - dy[i])} > |x - y| = ${dist}`);
  }
  net.dispose();
  sn.dispose();
});

test('first order: the Wasserstein loss gradient through W / (v^T W u) matches central differences (relu and tanh critics)', (t) => {
  for (const activation of ['relu', 'tanh'] as const) {
    const net = smallCritic(activation, 14);
    const sn = spectrallyNormalized(net, { seed: 15, initialSteps: 3 });
    const rng = new Rng(16);
    const [real, fake] = [batch(rng, 16, [2, 1]), batch(rng, 16, [-1, 0])];
    const loss = () => wassersteinCriticLoss(sn.apply(real), sn.apply(fake));
    const pattern = activation === 'relu' ? () => activationPattern(sn, tf.concat([real, fake])) : undefined;
    const fd = finiteDifferenceGradient(sn, loss, 3e-3, pattern);
    const error = relativeError(autodiffGradient(sn, loss), fd.gradient, fd.excluded);
    t.diagnostic(`${activation}: relative error ${error.toExponential(1)}`);
    assert.ok(error < 1e-2 && fd.excluded.length <= 3, `${activation}: relative error ${error}, ${fd.excluded.length} left out`);
    net.dispose();
    sn.dispose();
    tf.dispose([real, fake]);
  }
});

test('second order: gradient penalty and R1 on a normalised critic, their parameter gradients match central differences (relu, tanh, leakyRelu; 105 parameters each)', (t) => {
  for (const activation of ['relu', 'tanh', 'leakyRelu'] as const) {
    for (const seed of [17]) {
      const net = smallCritic(activation, seed);
      const sn = spectrallyNormalized(net, { seed: seed + 1, initialSteps: 3 });
      const rng = new Rng(seed);
      const [real, fake] = [batch(rng, 16, [2, 1]), batch(rng, 16, [-1, 0])];
      // Each penalty with the points where it takes the input gradient (for the kink detection of piecewise linear activations).
      const penalties: Record<string, [() => Scalar, Tensor2D]> = {
        GP: [() => gradientPenalty(sn, real, fake, { weight: 10, seed: 7 }), randomInterpolates(real, fake, new Rng(7))],
        R1: [() => r1Penalty(sn, real, { gamma: 10 }), real],
      };
      for (const [name, [penalty, points]] of Object.entries(penalties)) {
        const pattern = activation === 'tanh' ? undefined : () => activationPattern(sn, points);
        const fd = finiteDifferenceGradient(sn, penalty, 3e-3, pattern);
        const error = relativeError(autodiffGradient(sn, penalty), fd.gradient, fd.excluded);
        t.diagnostic(`${name}, ${activation}: relative error ${error.toExponential(1)}, ${fd.excluded.length} of 105 parameters left out at kinks`);
        assert.ok(error < 1e-2 && fd.excluded.length <= 3, `${name}, ${activation}, seed ${seed}: relative error ${error}, ${fd.excluded.length} left out`);
      }
      net.dispose();
      sn.dispose();
      tf.dispose([real, fake, penalties.GP[1]]);
    }
  }
});

test('trainCritic with spectralNorm(): each layer of the trained critic has top singular value within 2% of 1; memory stays flat', async () => {
  const net = mlp({ inputDim: 2, hidden: [32, 32], outputDim: 1, seed: 19, name: 'critic' });
  const sn = spectrallyNormalized(net, { seed: 20 });
  const rng = new Rng(21);
  let before = 0;
  await trainCritic({
    critic: sn, loss: wassersteinCriticLoss, lipschitz: spectralNorm(), optimizer: tf.train.adam(1e-3), steps: 200, batchSize: 64, readEvery: 50,
    sampleReal: (n) => batch(rng, n, [1, 1]), sampleFake: (n) => batch(rng, n, [-1, 0]),
    onRead: (p) => {
      if (p.step === 100) before = tf.memory().numTensors;
      if (p.step === 200) assert.equal(tf.memory().numTensors, before, 'tensors at update 200 vs update 100');
    },
  });
  const layers = layerSpectralNorms(sn);
  layers.forEach((l, i) => assert.ok(Math.abs(l.normalised - 1) < 0.02, `layer ${i}: sigma(W / sigma_hat) = ${l.normalised}`));
  net.dispose();
  sn.dispose();
});

test('a GAN run with spectralNorm(): snapshots restore the power-iteration vectors too (same weights after the same steps)', async () => {
  const parts = smallGanParts(22);
  const critic = spectrallyNormalized(parts.critic as ReturnType<typeof mlp>, { seed: 23 });
  const run = createGan({ ...parts, critic, lipschitz: spectralNorm() });
  assert.equal(run.stepKind, 'eager');
  await trainGan(run, { steps: 10 });
  const snap = await snapshotGan(run);
  await trainGan(run, { steps: 10 });
  const first = [...critic.params, ...critic.state].map((v) => Array.from(v.dataSync()));
  await restoreGan(run, snap);
  await trainGan(run, { steps: 10 });
  assert.deepEqual([...critic.params, ...critic.state].map((v) => Array.from(v.dataSync())), first);
  disposeSnapshot(snap);
});

test('the critic and the method must agree: spectralNorm() needs a normalised critic, and a normalised critic needs spectralNorm()', () => {
  const parts = smallGanParts(24);
  assert.throws(() => createGan({ ...parts, lipschitz: spectralNorm() }), /createGan: lipschitz spectralNorm\(\) needs a critic built with spectrallyNormalized/);
  const critic = spectrallyNormalized(parts.critic as ReturnType<typeof mlp>, { seed: 25 });
  assert.throws(() => createGan({ ...parts, critic, lipschitz: clipWeights(0.1) }), /is spectrally normalised but lipschitz is 'clip'/);
  assert.throws(() => createGan({ ...parts, critic, lipschitz: penalize((D, r, f, g) => gradientPenalty(D, r, f, { rng: g })) }), /but lipschitz is 'penalty'/);
  assert.throws(() => spectrallyNormalized(parts.critic as ReturnType<typeof mlp>, { seed: -1 }), /spectrallyNormalized: argument 'seed'/);
});
