import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  tf, mlp, createGan, trainGan, snapshotGan, restoreGan, disposeSnapshot, saveGanWeights, loadGanWeights, generateSamples,
  clipWeights, penalize, gradientPenalty, wassersteinCriticLoss, wassersteinGeneratorLoss, eightGaussians, densitySampler,
  gaussian, wganCriticSchedule, stepDecay, linearDecay, NonFiniteLossError, type GanParts, type Scalar, type Tensor2D, type Variable,
} from '../../src/index';
import { smallGanParts as parts } from './helpers';


const weights = (run: { generator: { params: Variable[] } }) => run.generator.params.map((p) => Array.from(p.dataSync()));

test('createGan names both shapes when generator and data disagree', () => {
  assert.throws(() => createGan(parts(1, { generator: mlp({ inputDim: 2, hidden: [4], outputDim: 3, seed: 1, name: 'G3' }) })),
    /generator 'G3' outputs shape \[2,3\] but the data '8 Gaussians' has shape \[2,2\]/);
  assert.throws(() => createGan(parts(1, { critic: mlp({ inputDim: 5, hidden: [4], outputDim: 1, seed: 1, name: 'D5' }) })),
    /critic 'D5' does not take data of shape \[2,2\].*must have shape \[any, 5\], got shape \[2, 2\]/);
  assert.throws(() => createGan(parts(1, { latentDim: 3 })), /generator 'G' does not take latent vectors of shape \[2, 3\]/);
  assert.throws(() => createGan(parts(1, { critic: mlp({ inputDim: 2, hidden: [4], outputDim: 2, seed: 1, name: 'D2' }) })),
    /critic 'D2' must output one score per example, shape \[2, 1\], got shape \[2,2\]/);
});

test('nonsense settings are refused with the reason', () => {
  assert.throws(() => createGan(parts(1, { criticIterations: 0 })), /argument 'criticIterations' must be an integer >= 1, got 0/);
  assert.throws(() => clipWeights(0), /clipWeights: argument 'c' must be a finite number > 0, got 0/);
  assert.throws(() => clipWeights(-0.01), /argument 'c' must be a finite number > 0/);
  assert.throws(() => createGan(parts(1, { batchSize: 0 })), /argument 'batchSize' must be an integer >= 1/);
  const run = createGan(parts(1, { lipschitz: penalize((D, r, f, rng) => gradientPenalty(D, r, f, { weight: -1, rng })) }));
  return assert.rejects(trainGan(run, { steps: 1 }), /argument 'weight' must be a finite number >= 0, got -1/);
});

test('WGAN critic schedule: 100 critic steps for the first 25 generator steps and every 500th, else 5', () => {
  const s = wganCriticSchedule();
  assert.deepEqual([0, 24, 25, 499, 500, 501, 1000].map(s), [100, 100, 5, 5, 100, 5, 100]);
});

test('tf.memory().numTensors is the same at step 100 and step 200 (WGAN-GP and WGAN)', async () => {
  for (const lipschitz of [undefined, clipWeights(0.05)]) {
    const run = createGan(parts(3, lipschitz ? { lipschitz } : {}));
    await trainGan(run, { steps: 100, readEvery: 25 });
    const at100 = tf.memory().numTensors;
    await trainGan(run, { steps: 100, readEvery: 25 });
    assert.equal(tf.memory().numTensors, at100);
    assert.equal(run.history.step.length, 200);
    for (const k of ['criticLoss', 'wEstimate', 'generatorLoss']) assert.equal(run.history[k].length, 200);
    if (!lipschitz) assert.equal(run.history.penalty.length, 200);
  }
});

test('weight clipping keeps every critic weight in [-c, c]', async () => {
  const run = createGan(parts(4, { lipschitz: clipWeights(0.02) }));
  await trainGan(run, { steps: 10 });
  for (const p of run.critic.params) for (const v of p.dataSync()) assert.ok(Math.abs(v) <= 0.02 + 1e-7);
});

test('training in two calls equals training in one (stop and resume in memory)', async () => {
  const a = createGan(parts(5));
  await trainGan(a, { steps: 30, readEvery: 10 });
  const b = createGan(parts(5));
  await trainGan(b, { steps: 12, readEvery: 10 });
  await trainGan(b, { steps: 18, readEvery: 10 });
  assert.deepEqual(weights(b), weights(a));
  assert.deepEqual(b.history.wEstimate, a.history.wEstimate);
});

test('a snapshot restores weights, optimiser moments, step and random state', async () => {
  const run = createGan(parts(6));
  await trainGan(run, { steps: 15 });
  const snap = await snapshotGan(run);
  await trainGan(run, { steps: 15 });
  const first = weights(run);
  await restoreGan(run, snap);
  assert.equal(run.step, 15);
  assert.equal(run.history.step.length, 15);
  await trainGan(run, { steps: 15 });
  assert.deepEqual(weights(run), first);
  disposeSnapshot(snap);
});

test('a NaN stops training, names the first bad step, and restores the last good read-back', async () => {
  let calls = 0;
  // The critic loss turns NaN from the 13th generator step on (2 critic iterations per step).
  const criticLoss = (r: Tensor2D, f: Tensor2D): Scalar => {
    calls++;
    const loss = wassersteinCriticLoss(r, f);
    return calls > 24 ? (tf.mul(loss, NaN) as Scalar) : loss;
  };
  const run = createGan(parts(7, { criticLoss }));
  await trainGan(run, { steps: 5, readEvery: 5 }); // creates the optimisers' slots
  const before = tf.memory().numTensors;
  await assert.rejects(trainGan(run, { steps: 25, readEvery: 5 }), (err: unknown) => {
    assert.ok(err instanceof NonFiniteLossError);
    assert.equal(err.step, 12);
    assert.equal(err.metric, 'criticLoss');
    assert.equal(err.lastFinite?.step, 11);
    return true;
  });
  assert.equal(run.step, 10, 'restored to the read-back at step 10');
  assert.equal(run.history.step.length, 10);
  for (const p of [...run.generator.params, ...run.critic.params]) assert.ok(p.dataSync().every(Number.isFinite));
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked by the restore');
});

test('weights saved to disk load back into a fresh run', async () => {
  const run = createGan(parts(8));
  await trainGan(run, { steps: 5 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wgan-lab-'));
  await saveGanWeights(run, dir);
  const fresh = createGan(parts(9));
  loadGanWeights(fresh, dir);
  assert.deepEqual(weights(fresh), weights(run));
  assert.deepEqual(generateSamples(fresh, 10), generateSamples(run, 10));
  assert.throws(() => loadGanWeights(createGan(parts(1, { generator: mlp({ inputDim: 2, hidden: [8], outputDim: 2, seed: 1 }) })), dir), /saved generator weight 0 has shape \[2,16\], the run's 'mlp' has shape \[2,8\]/);
  fs.rmSync(dir, { recursive: true });
});

test('a 1D WGAN-GP moves its generator towards the data (W1 to the data falls)', async () => {
  const data = gaussian(2, 0.5);
  const run = createGan(parts(10, {
    generator: mlp({ inputDim: 1, hidden: [16], outputDim: 1, seed: 3 }),
    critic: mlp({ inputDim: 1, hidden: [32, 32], outputDim: 1, seed: 4 }),
    data: densitySampler(data),
    latentDim: 1,
    lipschitz: penalize((D, r, f, rng) => gradientPenalty(D, r, f, { weight: 1, rng })),
    criticOptimizer: tf.train.adam(3e-3, 0.5, 0.9),
    generatorOptimizer: tf.train.adam(3e-3, 0.5, 0.9),
    criticIterations: 5,
    batchSize: 128,
  }));
  const meanOf = () => { const s = generateSamples(run, 2000); return s.reduce((a, b) => a + b, 0) / s.length; };
  const before = Math.abs(meanOf() - 2);
  await trainGan(run, { steps: 500, readEvery: 100 });
  const after = Math.abs(meanOf() - 2);
  assert.ok(after < 0.25 * before && after < 0.3, `|mean - 2| went from ${before} to ${after}`);
});

test('learningRateFactor: Adam 2e-3 at factor 0.5 trains exactly as Adam 1e-3 without a schedule', async () => {
  const plain = createGan(parts(11));
  await trainGan(plain, { steps: 12, readEvery: 6 });
  const halved = createGan(parts(11, {
    criticOptimizer: tf.train.adam(2e-3, 0.5, 0.9), generatorOptimizer: tf.train.adam(2e-3, 0.5, 0.9), learningRateFactor: () => 0.5,
  }));
  await trainGan(halved, { steps: 12, readEvery: 6 });
  assert.deepEqual(weights(halved), weights(plain));
});

test('learningRateFactor: at factor 0 from step 5 on, no weight moves after step 5 (without it they keep moving)', async () => {
  const a = createGan(parts(12, { learningRateFactor: stepDecay(5, 0) }));
  await trainGan(a, { steps: 5, readEvery: 5 });
  const at5 = { g: weights(a), d: a.critic.params.map((p) => Array.from(p.dataSync())) };
  await trainGan(a, { steps: 7, readEvery: 7 });
  assert.deepEqual(weights(a), at5.g);
  assert.deepEqual(a.critic.params.map((p) => Array.from(p.dataSync())), at5.d);
  const moved = createGan(parts(12));
  await trainGan(moved, { steps: 12, readEvery: 6 });
  assert.notDeepEqual(weights(moved), at5.g, 'without the schedule the weights keep moving');
});

test('stepDecay and linearDecay give the stated factors, and refuse nonsense', () => {
  assert.deepEqual([0, 2999, 3000, 5000].map(stepDecay(3000, 0.1)), [1, 1, 0.1, 0.1]);
  assert.deepEqual([0, 100, 150, 200, 300].map(linearDecay(100, 200, 0.2)), [1, 1, 0.6, 0.2, 0.2]);
  assert.throws(() => stepDecay(10, -1), /stepDecay: argument 'factor' must be a finite number >= 0, got -1/);
  assert.throws(() => linearDecay(100, 100), /linearDecay: argument 'end' must be an integer >= 101, got 100/);
  assert.throws(() => createGan(parts(1, { criticOptimizer: { minimize: () => null } as never, learningRateFactor: () => 1 })),
    /learningRateFactor needs optimisers with a numeric learningRate field .* critic optimiser has none/);
  const run = createGan(parts(1, { learningRateFactor: () => NaN }));
  return assert.rejects(trainGan(run, { steps: 1 }), /learningRateFactor\(0\) must be a finite number >= 0, got NaN/);
});
