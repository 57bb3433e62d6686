/** criticMonitor (the critic's W estimate on named sets of real examples, at read-backs) and allOnRead. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tf, mlp, createGan, trainGan, sampleTracker, criticMonitor, allOnRead, generateSamples, applyToArray, wassersteinCriticLoss,
  wassersteinGeneratorLoss, clipWeights, eightGaussians, Rng, type Model,
} from '../../src/index';
import { near } from './helpers';

const makeRun = (seed: number) => createGan({
  generator: mlp({ inputDim: 2, hidden: [8], outputDim: 2, seed: seed + 1, name: 'G' }),
  critic: mlp({ inputDim: 2, hidden: [8], outputDim: 1, seed: seed + 2, name: 'D' }),
  data: eightGaussians(), latentDim: 2, batchSize: 16, seed, criticIterations: 1,
  criticLoss: wassersteinCriticLoss, generatorLoss: (o) => wassersteinGeneratorLoss(o), lipschitz: clipWeights(0.5),
  criticOptimizer: tf.train.rmsprop(1e-2), generatorOptimizer: tf.train.rmsprop(1e-2),
});
const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

test('criticMonitor: per set, mean D(x) over the set minus mean D(G(z)) over the fixed latent vectors, at each read-back', async () => {
  const run = makeRun(1);
  const data = eightGaussians();
  const a = data.sampleArray(new Rng(1), 700); // more than one batch of 500
  const b = Float32Array.from(a, (v) => v * 0.5);
  const monitor = criticMonitor({ sets: { a, b }, dim: 2, fakes: 300, seed: 9 });
  monitor.measure(run);
  await trainGan(run, { steps: 20, readEvery: 10, onRead: monitor });
  assert.deepEqual(monitor.record.step, [0, 10, 20]);
  const critic: Model = run.critic;
  const fakeMean = mean(applyToArray(critic, generateSamples(run, 300, 9), 2));
  near(monitor.record.a[2], mean(applyToArray(critic, a, 2)) - fakeMean, 1e-5, 'W estimate on set a at step 20');
  near(monitor.record.b[2], mean(applyToArray(critic, b, 2)) - fakeMean, 1e-5, 'W estimate on set b at step 20');
  assert.notEqual(monitor.record.a[0], monitor.record.a[2], 'training changed the critic');
  assert.throws(() => criticMonitor({ sets: { a: new Float32Array(3) }, dim: 2 }), /sets\['a'\].*flat rows of dim = 2/);
});

test('allOnRead: calls each callback in order; its state is theirs, and loads back', async () => {
  const run = makeRun(2);
  const tracker = sampleTracker({ n: 10, every: 5 });
  const monitor = criticMonitor({ sets: { x: eightGaussians().sampleArray(new Rng(2), 50) }, dim: 2, every: 10 });
  const calls: number[] = [];
  const both = allOnRead(tracker, monitor, (p) => void calls.push(p.step));
  await trainGan(run, { steps: 20, readEvery: 5, onRead: both });
  assert.deepEqual(tracker.snapshots.map((s) => s.step), [5, 10, 15, 20]);
  assert.deepEqual(monitor.record.step, [10, 20]);
  assert.deepEqual(calls, [5, 10, 15, 20]);
  const saved = JSON.parse(JSON.stringify(both.saveState(), (_k, v) => (v instanceof Float32Array ? Array.from(v) : v)));
  const monitor2 = criticMonitor({ sets: { x: new Float32Array(2) }, dim: 2 });
  const tracker2 = sampleTracker({ n: 10, every: 5 });
  allOnRead(tracker2, monitor2, () => undefined).loadState(saved);
  assert.deepEqual(monitor2.record, monitor.record);
  assert.deepEqual(tracker2.snapshots.map((s) => s.step), [5, 10, 15, 20]);
});
