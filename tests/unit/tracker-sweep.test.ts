/** sampleTracker (snapshots of fixed-z samples during a GAN run) and sweep/summarise (seeds x methods). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tf, mlp, createGan, trainGan, generateSamples, sampleTracker, sweep, summarise, wassersteinCriticLoss, wassersteinGeneratorLoss,
  penalize, gradientPenalty, eightGaussians, modeCoverage,
} from '../../src/index';

const run = (seed: number) => createGan({
  generator: mlp({ inputDim: 2, hidden: [8], outputDim: 2, seed: seed + 1, name: 'G' }),
  critic: mlp({ inputDim: 2, hidden: [8], outputDim: 1, seed: seed + 2, name: 'D' }),
  data: eightGaussians(), latentDim: 2, batchSize: 16, seed, criticIterations: 1,
  criticLoss: wassersteinCriticLoss, generatorLoss: (o) => wassersteinGeneratorLoss(o),
  lipschitz: penalize((D, r, f, rng) => gradientPenalty(D, r, f, { weight: 1, rng })),
  criticOptimizer: tf.train.adam(1e-2), generatorOptimizer: tf.train.adam(1e-2),
});

test('sampleTracker: snapshots at the chosen steps, of the same z (generateSamples with its seed), measured on all n', async () => {
  const data = eightGaussians();
  const r = run(1);
  const tracker = sampleTracker({ n: 200, seed: 7, at: [0, 10, 20], keep: 50, measure: (xs) => modeCoverage(xs, data) });
  await tracker.record(r);
  await trainGan(r, { steps: 20, readEvery: 5, onRead: tracker });
  assert.deepEqual(tracker.snapshots.map((s) => s.step), [0, 10, 20]);
  const last = tracker.snapshots[2];
  assert.equal(last.samples.length, 50 * 2);
  const all = generateSamples(r, 200, 7);
  assert.deepEqual(Array.from(last.samples), Array.from(all.slice(0, 100)), 'the kept samples are the first of generateSamples(run, n, seed)');
  assert.deepEqual(last.metrics, modeCoverage(all, data), 'measured on all n samples');
  assert.notDeepEqual(Array.from(tracker.snapshots[0].samples), Array.from(last.samples), 'training moved the samples');
});

test("sampleTracker: 'every' records at each multiple, does not record twice, and does not move the run's random state", async () => {
  const a = run(2);
  const b = run(2);
  const tracker = sampleTracker({ n: 10, every: 4 });
  await tracker.record(a);
  await trainGan(a, { steps: 12, readEvery: 2, onRead: tracker });
  await trainGan(b, { steps: 12, readEvery: 2 });
  assert.deepEqual(tracker.snapshots.map((s) => s.step), [0, 4, 8, 12]);
  assert.equal(tracker.snapshots[0].metrics, undefined);
  assert.deepEqual(a.generator.params.map((p) => Array.from(p.dataSync())), b.generator.params.map((p) => Array.from(p.dataSync())));
  assert.throws(() => sampleTracker({ n: 10 }), /give exactly one of options 'at' .* and 'every'/);
  assert.throws(() => sampleTracker({ n: 10, at: [1], every: 2 }), /give exactly one of options 'at'/);
});

test('sweep: every (method, seed) once, in (method, seed) order, with mean, sample std and standard error per metric', async () => {
  const calls: string[] = [];
  const heard: string[] = [];
  const out = await sweep({
    methods: ['b', 'a'],
    seeds: [3, 1, 2],
    // Finish in reverse order of starting for one method: the order of the results must not depend on it.
    run: async (method, seed) => {
      calls.push(`${method}${seed}`);
      await new Promise((r) => setTimeout(r, method === 'b' ? 5 - seed : 0));
      return { metrics: { x: seed * (method === 'a' ? 1 : 10), one: 1 }, result: `${method}-${seed}` };
    },
    onRun: (r) => void heard.push(`${r.method}${r.seed}`),
  });
  assert.deepEqual(out.runs.map((r) => `${r.method}${r.seed}`), ['b3', 'b1', 'b2', 'a3', 'a1', 'a2']);
  assert.deepEqual(calls, heard);
  assert.equal(out.runs[0].result, 'b-3');
  assert.ok(out.runs.every((r) => r.seconds >= 0));
  // Values 1, 2, 3: mean 2, sample std 1, standard error 1 / sqrt(3).
  const a = out.summary.a.x;
  assert.deepEqual(a.values, [1, 2, 3], 'values in seed order');
  assert.equal(a.n, 3);
  assert.equal(a.mean, 2);
  assert.ok(Math.abs(a.std - 1) < 1e-12);
  assert.ok(Math.abs(a.standardError - 1 / Math.sqrt(3)) < 1e-12);
  assert.ok(Math.abs(out.summary.b.x.std - 10) < 1e-12);
  assert.deepEqual(Object.keys(out.summary), ['b', 'a']);
  assert.equal(out.summary.a.one.std, 0);
  assert.deepEqual(JSON.parse(JSON.stringify(out.runs.map((r) => r.metrics))), out.runs.map((r) => r.metrics), 'metrics are plain JSON');
});

test('summarise: runs concatenated from several sweeps; one seed gives NaN spread; repeats and mismatched metrics are refused', async () => {
  const one = await sweep({ methods: ['m'], seeds: [1, 2], run: (_m, s) => ({ metrics: { v: s } }) });
  const two = await sweep({ methods: ['n'], seeds: [5], run: () => ({ metrics: { v: 4 } }) });
  const s = summarise([...one.runs, ...two.runs]);
  assert.equal(s.m.v.mean, 1.5);
  assert.equal(s.n.v.mean, 4);
  assert.ok(Number.isNaN(s.n.v.std) && Number.isNaN(s.n.v.standardError));
  assert.ok(Number.isNaN(summarise([{ method: 'k', seed: 1, metrics: { v: NaN } }, { method: 'k', seed: 2, metrics: { v: 1 } }]).k.v.mean));
  assert.throws(() => summarise([...one.runs, ...one.runs]), /two runs of method 'm' with seed 1/);
  assert.throws(() => summarise([{ method: 'k', seed: 1, metrics: { v: 1 } }, { method: 'k', seed: 2, metrics: { w: 1 } }]), /method 'k': seed 2 has metrics \[w\], seed 1 has \[v\]/);
  await assert.rejects(sweep({ methods: ['m'], seeds: [1], run: () => ({ metrics: { v: 'x' as never } }) }), /sweep: run\('m', 1\): metric 'v' must be a number/);
  await assert.rejects(sweep({ methods: ['m', 'm'], seeds: [1], run: () => ({ metrics: {} }) }), /argument 'methods' must be names without repeats/);
});
