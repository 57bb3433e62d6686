/** sweep with a task: runs in worker processes (more workers than cores), the same results as in this process, interrupt, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  sweep, sweepTask, runRecord, checkpoint, requestInterrupt, TrainingInterrupted, threadsPerWorker, defaultWorkers, nextRun,
  type SweepRun, type SweepStatus,
} from '../../src/index';
import { trainSmall } from '../fixtures/sweep-task';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'sweep-task.ts');
// This process's child processes other than `ps` itself: "pid command" lines.
const children = () => execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]).toString().split('\n').map((s) => s.trim())
  .filter((s) => s !== '' && !/ ps$/.test(s) && !baseline.includes(s));
const baseline: string[] = [];
baseline.push(...children());   // what the test runner and tsx start (esbuild's service), before any sweep
const withoutPid = (r: SweepRun) => ({ ...r, seconds: 0, metrics: { ...r.metrics, pid: 0 } });

test('a parallel sweep (4 workers) gives the runs of a sequential one in this process, bit for bit, and reports progress', async () => {
  const args = { steps: 30 };
  const methods = ['wgan-gp', 'clipping'], seeds = [1, 2, 3];
  const sequential = await sweep({ methods, seeds, run: (m, s) => trainSmall(m, s, args) });
  const statuses: SweepStatus[] = [];
  const parallel = await sweep({ methods, seeds, task: sweepTask(FIXTURE, 'trainSmall', args), workers: 4, progress: (s) => statuses.push(structuredClone(s)) });
  assert.deepEqual(parallel.runs.map(withoutPid), sequential.runs.map(withoutPid));
  const r0 = parallel.runs[0].result as { samples: Float32Array; criticWeights: Float32Array; nan: number; nothing: undefined };
  assert.ok(r0.samples instanceof Float32Array && r0.samples.length === 400, 'typed arrays survive the trip');
  assert.ok(Number.isNaN(r0.nan) && 'nothing' in r0 && r0.nothing === undefined, 'NaN and undefined survive the trip');
  const pids = new Set(parallel.runs.map((r) => r.metrics.pid));
  assert.ok(!pids.has(process.pid) && pids.size >= 2, `runs in at least two worker processes, not this one: ${[...pids]}`);
  assert.ok(statuses.some((s) => s.running.some((r) => /step \d+\/30/.test(r.line))), 'the workers\' progress lines reach the sweep');
  assert.equal(statuses.at(-1)!.finished, 6);
  assert.ok(parallel.runs.every((r) => r.seconds > 0));
  assert.deepEqual(children(), [], 'no worker process left');
});

test('an interrupt ends the workers at once and keeps the finished runs; running again loads them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wgan-parallel-'));
  runRecord('parallel-test', { steps: 20 }, { dir: path.join(dir, 'runs') });
  const task = sweepTask(FIXTURE, 'trainSmall', { steps: 20 });
  const cp = () => checkpoint('sweep', { dir: path.join(dir, 'ckpt') });
  let t = 0;
  const stopped = sweep({ methods: ['wgan-gp', 'slow'], seeds: [1], task, workers: 2, checkpoint: cp(), progress: false,
    onRun: () => { t = performance.now(); requestInterrupt(); } });
  await assert.rejects(stopped, (e: unknown) => e instanceof TrainingInterrupted && e.step === 1 && e.target === 2);
  assert.ok(performance.now() - t < 3000, `stopped within 3 s of the interrupt (${(performance.now() - t).toFixed(0)} ms)`);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(children(), [], 'the slow run\'s worker was ended');
  const loaded: string[] = [];
  const again = await sweep({ methods: ['wgan-gp'], seeds: [1], task, checkpoint: cp(), progress: false, onRun: (r) => { loaded.push(r.method); } });
  assert.deepEqual(loaded, ['wgan-gp']);
  const fresh = await trainSmall('wgan-gp', 1, { steps: 20 });
  assert.deepEqual((again.runs[0].result as { samples: Float32Array }).samples, fresh.result.samples, 'the kept run is the run');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('errors: a failing run names its method, seed and module; bad tasks and options are refused', async () => {
  await assert.rejects(sweep({ methods: ['fails'], seeds: [7], task: sweepTask(FIXTURE, 'trainSmall', { steps: 5 }), progress: false }),
    /sweep: run\('fails', 7\) failed in a worker process \(trainSmall of .*sweep-task\.ts\): method 'fails' fails on purpose \(seed 7\)/);
  await assert.rejects(sweep({ methods: ['m'], seeds: [1], task: sweepTask(FIXTURE, 'notAFunction'), progress: false }),
    /exports no function 'notAFunction'; its exports: (notAFunction, trainSmall|trainSmall, notAFunction)$/);
  assert.throws(() => sweepTask('./no-such-module.ts', 'f'), /sweepTask: no module at .*no-such-module\.ts .*give the path of the file/);
  assert.throws(() => sweepTask(FIXTURE, 'trainSmall', { f: () => 1 }), /argument 'args' must be plain data/);
  await assert.rejects(sweep({ methods: ['m'], seeds: [1] } as never), /give either run, .* or task, .*; got neither/);
  await assert.rejects(sweep({ methods: ['m'], seeds: [1], run: () => ({ metrics: {} }), task: sweepTask(FIXTURE, 'trainSmall') }), /got both/);
  await assert.rejects(sweep({ methods: ['m'], seeds: [1], task: sweepTask(FIXTURE, 'trainSmall'), workers: 0 }), /argument 'workers' must be an integer >= 1/);
  assert.deepEqual(children(), []);
});

test('workers share the cores: threads per worker, WGAN_LAB_WORKERS', () => {
  assert.equal(threadsPerWorker(2, 2), 1);
  assert.equal(threadsPerWorker(1, 8), 8);
  assert.equal(threadsPerWorker(3, 2), 1);
  assert.equal(threadsPerWorker(3, 8), 2);
  const before = process.env.WGAN_LAB_WORKERS;
  try {
    process.env.WGAN_LAB_WORKERS = '3';
    assert.equal(defaultWorkers(), 3);
    process.env.WGAN_LAB_WORKERS = 'two';
    assert.throws(() => defaultWorkers(), /WGAN_LAB_WORKERS must be an integer >= 1 .*got 'two'/);
    delete process.env.WGAN_LAB_WORKERS;
    assert.equal(defaultWorkers(), os.availableParallelism());
  } finally {
    if (before === undefined) delete process.env.WGAN_LAB_WORKERS; else process.env.WGAN_LAB_WORKERS = before;
  }
});

test('nextRun: each method\'s first run in the given order, then the longest methods first (a method still on its first run counts as long)', () => {
  const methods = ['short', 'long', 'middle'];
  const all: [number, number][] = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => [i, j] as [number, number]));
  const none = new Map<string, number[]>();
  assert.deepEqual(all[nextRun(all, methods, none, new Set())], [0, 0], 'nothing known: the first method\'s first seed');
  assert.deepEqual(all[nextRun(all, methods, none, new Set(['short']))], [1, 0], 'then the next method not started');
  const times = new Map([['short', [10]], ['long', [100, 120]], ['middle', [50]]]);
  const left: [number, number][] = [[0, 1], [0, 2], [1, 2], [2, 1], [2, 2]];
  assert.deepEqual(left[nextRun(left, methods, times, new Set(methods))], [1, 2], 'the method whose runs took longest');
  assert.deepEqual(left[nextRun(left, methods, new Map([['short', [10]], ['middle', [50]]]), new Set(methods))], [1, 2], 'running its first run: assumed long');
  assert.equal(nextRun([], methods, times, new Set(methods)), -1);
});
