import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tf, adam, mlp, createGan, trainGan, snapshotGan, restoreGan, disposeSnapshot, stepDecay, eightGaussians,
  minimaxDiscriminatorLoss, nonSaturatingGeneratorLoss, type Optimizer, type Scalar, type Tensor2D, type GanParts,
} from '../../src/index';

// A small regression: an MLP fits y = sin(3 x) on fixed points.
function regression(seed: number) {
  const net = mlp({ inputDim: 1, hidden: [16, 16], outputDim: 1, seed, name: 'net' });
  const x = tf.linspace(-1, 1, 64).reshape([64, 1]) as Tensor2D;
  const y = tf.sin(tf.mul(x, 3)) as Tensor2D;
  const loss = () => tf.mean(tf.square(tf.sub(net.apply(x), y))) as Scalar;
  return { net, loss, dispose: () => { net.dispose(); x.dispose(); y.dispose(); } };
}
const flat = (vs: { dataSync(): ArrayLike<number> }[]) => vs.flatMap((v) => Array.from(v.dataSync()));

test('adam() makes the update of tf.train.adam (to float32 rounding): the same 20 gradients applied by both', () => {
  for (const [lr, b1, b2] of [[1e-2, 0.9, 0.999], [1e-3, 0.5, 0.9], [3e-3, 0, 0.99]]) {
    // One network makes the gradients (trained by a third Adam); both optimisers apply them to copies of its weights.
    // (Trained on their own, the two runs drift apart from rounding differences, as any two float orders would.)
    const r = regression(3);
    const copies = [r.net.params.map((p) => tf.variable(p.clone())), r.net.params.map((p) => tf.variable(p.clone()))];
    const start = flat(copies[0]);
    const [ours, theirs, driver] = [adam(lr, b1, b2), tf.train.adam(lr, b1, b2), tf.train.adam(lr, b1, b2)];
    for (let i = 0; i < 20; i++) {
      const { grads } = tf.variableGrads(r.loss, r.net.params);
      const g = r.net.params.map((p) => grads[p.name]);
      [ours, theirs].forEach((o, k) => o.applyGradients(copies[k].map((v, j) => ({ name: v.name, tensor: g[j] }))));
      driver.applyGradients(r.net.params.map((v, j) => ({ name: v.name, tensor: g[j] })));
      tf.dispose(grads);
    }
    const [wa, wb] = [flat(copies[0]), flat(copies[1])];
    const worst = Math.max(...wa.map((w, i) => Math.abs(w - wb[i])));
    const moved = Math.max(...wb.map((w, i) => Math.abs(w - start[i])));
    const scale = Math.max(...wb.map(Math.abs));
    assert.ok(worst <= 4e-6 * scale, `lr ${lr}, betas ${b1}, ${b2}: the updates differ by up to ${worst} (weights up to ${scale})`);
    assert.ok(moved > 1e3 * worst, `the weights moved (${moved}) far more than the optimisers differ (${worst})`);
    r.dispose(); [ours, theirs, driver].forEach((o) => o.dispose()); copies.flat().forEach((v) => v.dispose());
  }
});

test('adam() and tf.train.adam reach the same loss after 300 steps (within 1%)', () => {
  const a = regression(3), b = regression(3);
  const oa = adam(1e-3), ob = tf.train.adam(1e-3);
  for (let i = 0; i < 300; i++) {
    oa.minimize(a.loss, false, a.net.params);
    ob.minimize(b.loss, false, b.net.params);
  }
  const [la, lb] = [a.loss().dataSync()[0], b.loss().dataSync()[0]];
  const l0 = regression(3).loss().dataSync()[0];
  assert.ok(Math.abs(la - lb) < 0.01 * lb && lb < 0.2 * l0, `losses ${la} and ${lb} (start ${l0})`);
  a.dispose(); b.dispose(); oa.dispose(); ob.dispose();
});

test('adam() runs 3n + 13 kernels per update for n variables, tf.train.adam 14 per variable', async () => {
  const r = regression(4);
  const count = async (o: Optimizer) => {
    const { grads } = tf.variableGrads(r.loss, r.net.params);
    o.applyGradients(grads); // creates the moments
    const info = await tf.profile(() => o.applyGradients(grads));
    tf.dispose(grads);
    return info.kernels.length;
  };
  const n = r.net.params.length;
  const ours = await count(adam()), theirs = await count(tf.train.adam());
  assert.ok(ours <= 3 * n + 13, `adam(): ${ours} kernels for ${n} variables`);
  assert.ok(theirs >= 14 * n, `tf.train.adam: ${theirs} kernels for ${n} variables`);
  r.dispose();
});

test('adam() in the GAN engine: tensors flat, a snapshot restores it exactly, a schedule reaches it', async () => {
  const parts = (seed: number, over: Partial<GanParts> = {}): GanParts => ({
    generator: mlp({ inputDim: 4, hidden: [16], outputDim: 2, seed: seed + 1, name: 'G' }),
    critic: mlp({ inputDim: 2, hidden: [16], outputDim: 1, seed: seed + 2, name: 'D' }),
    data: eightGaussians(), latentDim: 4, batchSize: 32, seed, criticIterations: 1,
    criticLoss: minimaxDiscriminatorLoss, generatorLoss: (f) => nonSaturatingGeneratorLoss(f),
    criticOptimizer: adam(1e-3, 0.5, 0.999), generatorOptimizer: adam(1e-3, 0.5, 0.999), ...over,
  });
  const run = createGan(parts(1));
  await trainGan(run, { steps: 20, readEvery: 10 });
  const at20 = tf.memory().numTensors;
  await trainGan(run, { steps: 20, readEvery: 10 });
  assert.equal(tf.memory().numTensors, at20, 'no tensor leaked');
  const snap = await snapshotGan(run);
  await trainGan(run, { steps: 15, readEvery: 5 });
  const first = flat(run.generator.params);
  await restoreGan(run, snap);
  await trainGan(run, { steps: 15, readEvery: 5 });
  assert.deepEqual(flat(run.generator.params), first, 'restored weights and moments give the same 15 steps');
  disposeSnapshot(snap);

  const frozen = createGan(parts(2, { learningRateFactor: stepDecay(5, 0) }));
  await trainGan(frozen, { steps: 5, readEvery: 5 });
  const at5 = flat(frozen.generator.params);
  await trainGan(frozen, { steps: 5, readEvery: 5 });
  assert.deepEqual(flat(frozen.generator.params), at5, 'factor 0 stops adam()');
});

test('adam() refuses another list of variables and bad settings, naming what to do', () => {
  const a = regression(5), b = regression(6);
  const o = adam();
  o.minimize(a.loss, false, a.net.params);
  assert.throws(() => o.minimize(b.loss, false, b.net.params), /adam: this optimiser updates the variables of its first update .* create one optimiser per list of variables/);
  assert.throws(() => adam(0), /adam: argument 'learningRate' must be a finite number > 0, got 0/);
  assert.throws(() => adam(1e-3, 1), /'beta1' and 'beta2' must be below 1/);
  a.dispose(); b.dispose(); o.dispose();
});
