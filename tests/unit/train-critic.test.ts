/** trainCritic speaks createGan's vocabulary: lipschitz (clipping, penalties), learningRateFactor, progress, onRead. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tf, mlp, Rng, trainCritic, createGan, trainGan, clipWeights, penalize, gradientPenalty, wassersteinCriticLoss, wassersteinGeneratorLoss,
  eightGaussians, stepDecay, standardNormalLatent, column, type LoopProgress, type Model, type GanRun, type Scalar, type Tensor2D,
} from '../../src/index';

const loss = (r: Tensor2D, f: Tensor2D) => tf.sub(tf.mean(f), tf.mean(r)) as Scalar;
const weightsOf = (m: Model) => m.params.map((p) => Array.from(p.dataSync()));

function setting(seed: number) {
  const rng = new Rng(seed);
  return {
    critic: mlp({ inputDim: 2, hidden: [8], outputDim: 1, seed }),
    sampleReal: (n: number) => tf.tensor2d(rng.normals(2 * n, 1, 1), [n, 2]),
    sampleFake: (n: number) => tf.tensor2d(rng.normals(2 * n, -1, 1), [n, 2]),
    loss,
    batchSize: 16,
  };
}

test('clipWeights(c): the initial weights are projected into [-c, c] before the first update, and stay there', async () => {
  const s = setting(1);
  const before = weightsOf(s.critic).flat();
  assert.ok(before.some((v) => Math.abs(v) > 0.05), 'He-uniform weights start outside [-0.05, 0.05]');
  await trainCritic({ ...s, lipschitz: clipWeights(0.05), optimizer: tf.train.rmsprop(1e-3), steps: 0 });
  assert.deepEqual(weightsOf(s.critic).flat(), before.map((v) => Math.min(0.05, Math.max(-0.05, v))).map((v) => Math.fround(v)));
  await trainCritic({ ...s, lipschitz: clipWeights(0.05), optimizer: tf.train.rmsprop(1e-2), steps: 20, readEvery: 5 });
  for (const v of weightsOf(s.critic).flat()) assert.ok(Math.abs(v) <= 0.05 + 1e-7);
});

test('penalize(fn): fn(critic, real, fake, rng) is added to the loss and recorded; the same seed gives the same run', async () => {
  const run = async (seed: number) => {
    const s = setting(2);
    let calls = 0;
    const h = await trainCritic({
      ...s, optimizer: tf.train.adam(1e-2), steps: 10, readEvery: 5, seed,
      lipschitz: penalize((D, r, f, rng) => { calls++; assert.equal(D, s.critic); return gradientPenalty(D, r, f, { weight: 10, rng }); }),
    });
    assert.equal(calls, 10);
    return { h, w: weightsOf(s.critic) };
  };
  const [a, b, c] = [await run(3), await run(3), await run(4)];
  assert.equal(a.h.penalty.length, 10);
  assert.ok(a.h.penalty.every((p) => p > 0), 'a two-sided penalty of a random critic is positive');
  assert.deepEqual(a.w, b.w);
  assert.deepEqual(a.h.penalty, b.h.penalty);
  assert.notDeepEqual(a.h.penalty, c.h.penalty, 'another seed gives other interpolates');
});

test('learningRateFactor: Adam 2e-3 at factor 0.5 trains exactly as Adam 1e-3, and the optimiser gets its rate back', async () => {
  const a = setting(5);
  await trainCritic({ ...a, optimizer: tf.train.adam(1e-3), steps: 12, readEvery: 6 });
  const b = setting(5);
  const optimizer = tf.train.adam(2e-3);
  await trainCritic({ ...b, optimizer, steps: 12, readEvery: 6, learningRateFactor: () => 0.5 });
  assert.deepEqual(weightsOf(b.critic), weightsOf(a.critic));
  assert.equal((optimizer as unknown as { learningRate: number }).learningRate, 2e-3);
});

test('learningRateFactor: at factor 0 from update 5 on, no weight moves after update 5', async () => {
  const a = setting(6);
  await trainCritic({ ...a, optimizer: tf.train.sgd(0.1), steps: 5, readEvery: 5 });
  const b = setting(6);
  await trainCritic({ ...b, optimizer: tf.train.sgd(0.1), steps: 12, readEvery: 4, learningRateFactor: stepDecay(5, 0) });
  assert.deepEqual(weightsOf(b.critic), weightsOf(a.critic));
  await assert.rejects(trainCritic({ ...setting(6), optimizer: tf.train.sgd(0.1), steps: 1, learningRateFactor: () => -1 }),
    /trainCritic: learningRateFactor\(0\) must be a finite number >= 0, got -1/);
});

test('progress and onRead(p, critic) are called at every read-back; memory stays flat with a penalty', async () => {
  const s = setting(7);
  const seen: number[] = [];
  const shown: number[] = [];
  const optimizer = tf.train.adam(1e-3);
  const go = (steps: number) => trainCritic({
    ...s, optimizer, steps, readEvery: 5, lipschitz: penalize((D, r, f, rng) => gradientPenalty(D, r, f, { rng })),
    progress: (p: LoopProgress) => shown.push(p.step),
    onRead: (p, critic) => { assert.equal(critic, s.critic); seen.push(p.step); },
  });
  await go(5);
  const before = tf.memory().numTensors;
  await go(12);
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(shown, [5, 5, 10, 12]);
  assert.deepEqual(seen, shown);
});

test('trainGan: progress gets each read-back, onRead gets it with the run', async () => {
  const run = createGan({
    generator: mlp({ inputDim: 2, hidden: [8], outputDim: 2, seed: 1 }), critic: mlp({ inputDim: 2, hidden: [8], outputDim: 1, seed: 2 }),
    data: eightGaussians(), latentDim: 2, batchSize: 16, seed: 3, criticIterations: 1,
    criticLoss: wassersteinCriticLoss, generatorLoss: (o) => wassersteinGeneratorLoss(o), lipschitz: clipWeights(0.1),
    criticOptimizer: tf.train.rmsprop(1e-3), generatorOptimizer: tf.train.rmsprop(1e-3),
  });
  for (const v of run.critic.params.flatMap((p) => Array.from(p.dataSync()))) assert.ok(Math.abs(v) <= 0.1 + 1e-7, 'createGan projects a clipped critic');
  const shown: number[] = [];
  const steps: number[] = [];
  await trainGan(run, { steps: 6, readEvery: 3, progress: (p) => shown.push(p.step), onRead: (_p, r: GanRun) => { steps.push(r.step); } });
  assert.deepEqual(shown, [3, 6]);
  assert.deepEqual(steps, [3, 6]);
});

test('standardNormalLatent: n x dim draws from the Rng, mean about 0 and variance about 1', () => {
  const z = standardNormalLatent(new Rng(1), 4000, 3);
  assert.deepEqual(z.shape, [4000, 3]);
  const { mean, variance } = tf.moments(z, 0);
  for (const m of mean.dataSync()) assert.ok(Math.abs(m) < 0.06, `mean ${m}`);
  for (const v of variance.dataSync()) assert.ok(Math.abs(v - 1) < 0.08, `variance ${v}`);
  assert.deepEqual(Array.from(standardNormalLatent(new Rng(1), 2, 3).dataSync()), Array.from(new Rng(1).normals(6)));
  assert.throws(() => standardNormalLatent(new Rng(1), 0, 3), /standardNormalLatent: argument 'n' must be an integer >= 1, got 0/);
  tf.dispose([z, mean, variance]);
});

test('column(xs) is the [n, 1] tensor of xs', () => {
  const c = column(new Float64Array([1, -2.5, 3]));
  assert.deepEqual(c.shape, [3, 1]);
  assert.deepEqual(Array.from(c.dataSync()), [1, -2.5, 3]);
  c.dispose();
  assert.throws(() => column(5 as never), /column: argument 'xs' must be an array of numbers/);
});
