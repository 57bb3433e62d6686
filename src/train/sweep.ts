/**
 * A seeds-by-methods sweep: train every method once per seed and summarise each metric per method as
 * mean, sample standard deviation and standard error over the seeds (lesson 06's comparison of tricks).
 *
 * Each run is independent and identified by (method, seed) alone (it builds its own models, optimisers and random
 * sources from them), its metrics are plain numbers, and the results are assembled in (method, seed) order, the
 * order of `methods` then `seeds`, whatever order the runs complete in. With `run`, a function, the runs go one
 * after another in this process. With `task` ({@link sweepTask}: a module's exported run), they go to parallel
 * worker processes, as many as the machine has cores unless told, and give the same results as one after another;
 * the workers take the longest runs first, as far as the finished runs tell (see {@link nextRun}).
 * {@link summarise} works on runs gathered from several calls.
 */
import * as path from 'node:path';
import { mean, sampleStd, standardError } from '../metrics/summary';
import { defaultWorkers, processPool } from '../parallel/pool';
import { taskFingerprint, type SweepTask } from '../parallel/task';
import type { WorkerEvent, WorkerReply } from '../parallel/sweep-worker';
import type { Checkpoint } from '../runs/checkpoint';
import { decodeValue } from '../runs/state';
import { describe, fail, integer } from '../validate';
import { interruptRequested, onInterrupt, TrainingInterrupted, watchInterrupts } from './interrupt';
import { stateFingerprint } from './loop';

/** A parallel sweep's state, for its live status. */
export interface SweepStatus {
  /** Runs finished (including those loaded from a checkpoint). */
  finished: number;
  /** Runs in all. */
  total: number;
  /** Worker processes. */
  workers: number;
  /** The runs in progress, each with its latest progress line. */
  running: { run: string; line: string }[];
  /** Set when the sweep stopped (an interrupt). */
  note?: string;
}

let defaultReporter: ((label: string) => (s: SweepStatus) => void) | null = null;

/** The live status a sweep shows when its options give none (the notebook layer sets it: training code draws nothing itself). */
export function setDefaultSweepReporter(reporter: ((label: string) => (s: SweepStatus) => void) | null): void {
  defaultReporter = reporter;
}

/** What one run returns: its metrics (name -> a number) and anything else the lesson wants to keep (samples, ...). */
export interface RunOutcome<R = unknown> {
  /** Plain numbers, e.g. { modes: 7, highQuality: 0.81 }: the same names in every run. */
  metrics: Record<string, number>;
  /** Anything else (kept in the process that ran it; not summarised). */
  result?: R;
}

/** One finished run of a sweep. */
export interface SweepRun<R = unknown> {
  /** The method's name. */
  method: string;
  /** The seed. */
  seed: number;
  /** Its metrics. */
  metrics: Record<string, number>;
  /** Wall-clock seconds the run took. */
  seconds: number;
  /** What the run returned besides its metrics (undefined if nothing). */
  result: R | undefined;
}

/** One metric of one method over its seeds. */
export interface MetricSummary {
  /** Number of seeds. */
  n: number;
  /** The values, in seed order. */
  values: number[];
  /** Their mean (NaN if any value is not finite). */
  mean: number;
  /** Their sample standard deviation, denominator n - 1 (NaN for one seed or a non-finite value). */
  std: number;
  /** The standard error of the mean, std / sqrt(n) (NaN likewise). */
  standardError: number;
}

/** method -> metric -> its summary over seeds, methods in the order of their first run. */
export type SweepSummary = Record<string, Record<string, MetricSummary>>;

/** Options of {@link sweep}. */
export interface SweepOptions<R> {
  /** The methods' names (unique). */
  methods: readonly string[];
  /** The seeds (unique integers >= 0); every method runs once per seed. */
  seeds: readonly number[];
  /** One independent run, in this process: builds everything from (method, seed), trains, measures. Give `run` or `task`. */
  run?: (method: string, seed: number) => Promise<RunOutcome<R>> | RunOutcome<R>;
  /**
   * The run as a module's export, `sweepTask('./06-tricks.ts', 'trainAndScore', settings)`: the runs then go to
   * parallel worker processes. Its result may hold plain data and typed arrays.
   */
  task?: SweepTask;
  /** Worker processes for a `task` (default: WGAN_LAB_WORKERS, else `os.availableParallelism()`); never more than the runs. */
  workers?: number;
  /** Where a parallel sweep reports (default: a live status in the notebook, one line per worker); false: nowhere. */
  progress?: ((status: SweepStatus) => void) | false;
  /** Called after each run finishes, in the order they finish (e.g. to print a line); also for runs loaded from the checkpoint. */
  onRun?: (run: SweepRun<R>) => void | Promise<void>;
  /**
   * Keeps finished runs on disk (metrics, seconds and result: plain data and typed arrays), so that running the
   * cell again after a restart skips them: `checkpoint('8 Gaussians|WGAN-GP')`. A restart loses at most the run
   * in progress. The key covers the `run` function's source and the lesson's run record.
   */
  checkpoint?: Checkpoint | null;
}

/** What {@link sweep} returns: every run in (method, seed) order, and their summary. */
export interface SweepResult<R> {
  /** One entry per (method, seed), methods in the given order, then seeds. */
  runs: SweepRun<R>[];
  /** Per method and metric: mean, sample std and standard error over the seeds. */
  summary: SweepSummary;
}

function summariseValues(values: number[]): MetricSummary {
  const finite = values.every(Number.isFinite);
  const n = values.length;
  return {
    n,
    values,
    mean: finite ? mean(values) : NaN,
    std: finite && n >= 2 ? sampleStd(values) : NaN,
    standardError: finite && n >= 2 ? standardError(values) : NaN,
  };
}

/**
 * Per method and metric, the mean, sample std and standard error over the runs' seeds. Accepts runs from several
 * sweeps; orders values by seed; refuses two runs with the same (method, seed) and runs whose metric names differ.
 */
export function summarise(runs: readonly Pick<SweepRun, 'method' | 'seed' | 'metrics'>[]): SweepSummary {
  const fn = 'summarise';
  if (!Array.isArray(runs)) fail(fn, 'runs', 'an array of runs { method, seed, metrics }', runs);
  const byMethod = new Map<string, Pick<SweepRun, 'method' | 'seed' | 'metrics'>[]>();
  for (const r of runs) {
    const list = byMethod.get(r.method) ?? [];
    if (list.some((x) => x.seed === r.seed)) throw new RangeError(`${fn}: two runs of method '${r.method}' with seed ${r.seed}`);
    list.push(r);
    byMethod.set(r.method, list);
  }
  const summary: SweepSummary = {};
  for (const [method, list] of byMethod) {
    list.sort((a, b) => a.seed - b.seed);
    const names = Object.keys(list[0].metrics).sort();
    for (const r of list) {
      const these = Object.keys(r.metrics).sort();
      if (these.join() !== names.join()) {
        throw new RangeError(`${fn}: method '${method}': seed ${r.seed} has metrics [${these}], seed ${list[0].seed} has [${names}]`);
      }
    }
    summary[method] = Object.fromEntries(Object.keys(list[0].metrics).map((k) => [k, summariseValues(list.map((r) => r.metrics[k]))]));
  }
  return summary;
}

function checkMetrics(method: string, seed: number, metrics: unknown): Record<string, number> {
  const where = `sweep: run('${method}', ${seed})`;
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) {
    throw new RangeError(`${where} must return { metrics: { name: number, ... } }, got metrics ${describe(metrics)}`);
  }
  for (const [k, v] of Object.entries(metrics)) {
    if (typeof v !== 'number') throw new RangeError(`${where}: metric '${k}' must be a number, got ${describe(v)}`);
  }
  return metrics as Record<string, number>;
}

/**
 * Runs every method once per seed, one after another (`run`) or in parallel worker processes (`task`), and returns
 * the runs in (method, seed) order with their summary. Stops at an interrupt (a parallel sweep ends its workers),
 * keeping the finished runs in its checkpoint.
 */
export async function sweep<R = unknown>(options: SweepOptions<R>): Promise<SweepResult<R>> {
  const fn = 'sweep';
  const { methods, seeds } = options;
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === 'string')) fail(fn, 'methods', 'a non-empty array of names', methods);
  if (new Set(methods).size !== methods.length) fail(fn, 'methods', 'names without repeats', methods);
  if (!Array.isArray(seeds) || seeds.length === 0) fail(fn, 'seeds', 'a non-empty array of integers >= 0', seeds);
  seeds.forEach((s, i) => integer(fn, `seeds[${i}]`, s, 0));
  if (new Set(seeds).size !== seeds.length) fail(fn, 'seeds', 'seeds without repeats', seeds);
  const { run: runFn, task } = options;
  if ((runFn === undefined) === (task === undefined)) {
    throw new RangeError(`${fn}: give either run, a function (method, seed) => { metrics, result? } run in this process, or task, a sweepTask(module, exportName, args) run in worker processes; got ${runFn && task ? 'both' : 'neither'}`);
  }
  if (runFn !== undefined && typeof runFn !== 'function') fail(fn, 'run', 'a function (method, seed) => { metrics, result? }', runFn);
  if (task !== undefined && (typeof task !== 'object' || typeof task.module !== 'string')) fail(fn, 'task', 'a sweepTask(module, exportName, args)', task);
  if (options.workers !== undefined) integer(fn, 'workers', options.workers, 1);
  const slots: (SweepRun<R> | undefined)[] = new Array(methods.length * seeds.length);
  const cp = options.checkpoint ?? null;
  const finished: SweepRun<R>[] = [];
  if (cp) {
    cp.bind(task ? stateFingerprint({}, taskFingerprint(task)) : stateFingerprint({}, runFn));
    const resumed = await cp.load({});
    for (const r of ((resumed?.data as { runs: SweepRun<R>[] } | undefined)?.runs ?? [])) {
      const i = methods.indexOf(r.method), j = seeds.indexOf(r.seed);
      if (i < 0 || j < 0) continue;
      slots[i * seeds.length + j] = r;
      finished.push(r);
      await options.onRun?.(r);
    }
  }
  const todo: [number, number][] = [];
  for (let i = 0; i < methods.length; i++) for (let j = 0; j < seeds.length; j++) if (!slots[i * seeds.length + j]) todo.push([i, j]);
  let saving: Promise<unknown> = Promise.resolve();
  const record = async (i: number, j: number, outcome: RunOutcome<R>, seconds: number) => {
    const [method, seed] = [methods[i], seeds[j]];
    const run: SweepRun<R> = { method, seed, metrics: checkMetrics(method, seed, outcome?.metrics), seconds, result: outcome.result };
    slots[i * seeds.length + j] = run;
    finished.push(run);
    if (cp) {
      const snapshot = [...finished];
      saving = saving.then(() => cp.save({}, snapshot.length, { runs: snapshot }));
      await saving;
    }
    await options.onRun?.(run);
  };
  const release = watchInterrupts();
  try {
    if (runFn) {
      for (const [i, j] of todo) {
        if (interruptRequested()) throw new TrainingInterrupted(finished.length, slots.length, 'runs of the sweep finished; run the cell again to continue');
        const t0 = performance.now();
        const outcome = await runFn(methods[i], seeds[j]);
        await record(i, j, outcome, (performance.now() - t0) / 1000);
      }
    } else if (todo.length > 0) {
      await runInWorkers(task!, todo, methods, seeds, options, record, finished, slots.length);
    }
  } finally {
    release();
  }
  const runs = slots as SweepRun<R>[];
  return { runs, summary: summarise(runs) };
}

/**
 * Which of the `pending` runs ([method index, seed index]) a free worker takes next, or -1 if none is left: the
 * first run of a method not started yet (in the given order: its cost is unknown until one run ends), else the run
 * of the method whose finished runs took longest on average (longest first, so no long run is left to run alone at
 * the end). `seconds`: the finished runs' durations per method; `started`: methods with a run started.
 */
export function nextRun(pending: readonly [number, number][], methods: readonly string[], seconds: ReadonlyMap<string, readonly number[]>, started: ReadonlySet<string>): number {
  if (pending.length === 0) return -1;
  const fresh = pending.findIndex(([i]) => !started.has(methods[i]) && !seconds.has(methods[i]));
  if (fresh >= 0) return fresh;
  const cost = (i: number) => {
    const s = seconds.get(methods[i]);
    return s && s.length ? s.reduce((a, b) => a + b, 0) / s.length : Infinity;   // still running its first run: assume long
  };
  let best = 0;
  pending.forEach(([i], k) => { if (cost(i) > cost(pending[best][0])) best = k; });
  return best;
}

/** The parallel half of {@link sweep}: one pool, every (method, seed) of `todo` as a task, results recorded as they come. */
async function runInWorkers<R>(
  task: SweepTask, todo: [number, number][], methods: readonly string[], seeds: readonly number[], options: SweepOptions<R>,
  record: (i: number, j: number, outcome: RunOutcome<R>, seconds: number) => Promise<void>, finished: readonly SweepRun<R>[], total: number,
): Promise<void> {
  const workers = Math.min(options.workers ?? defaultWorkers(), todo.length);
  const report = options.progress === false ? null : (options.progress ?? defaultReporter?.(`sweep of ${path.basename(task.module)}`) ?? null);
  const running = new Map<string, string>();
  const output: string[] = [];
  let note: string | undefined;
  const status = (): SweepStatus => ({ finished: finished.length, total, workers, running: [...running].map(([run, line]) => ({ run, line })), note });
  const pool = processPool(require.resolve('../parallel/sweep-worker'), workers, { captureOutput: true });
  let stopped = false;
  let ended: Promise<unknown> = Promise.resolve();
  const stop = () => {
    if (!stopped) {
      stopped = true;
      ended = new Promise((done) => { pool.terminate(true).then(done, done); });
    }
  };
  const unsubscribe = onInterrupt(stop);
  let firstError: Error | null = null;
  report?.(status());
  // Longest first: the seconds each method's finished runs took (a checkpoint's runs count too) order what is left.
  const seconds = new Map<string, number[]>();
  for (const r of finished) seconds.set(r.method, [...(seconds.get(r.method) ?? []), r.seconds]);
  const pending = [...todo], started = new Set<string>();
  const runOne = async ([i, j]: [number, number]) => {
    const [method, seed] = [methods[i], seeds[j]];
    const name = `${method}, seed ${seed}`;
    try {
      const reply: WorkerReply = await pool.exec('runTask', [task, method, seed], {
        on: (e: WorkerEvent & { stdout?: string; stderr?: string }) => {
          if (e.stdout !== undefined || e.stderr !== undefined) {
            output.push(`[${name}] ${(e.stdout ?? e.stderr)!.trimEnd()}`);
            if (e.stdout !== undefined) process.stdout.write(`[${name}] ${e.stdout}`);
            return;
          }
          running.set(name, e.progress);
          report?.(status());
        },
      });
      running.delete(name);
      if (stopped) return;
      seconds.set(method, [...(seconds.get(method) ?? []), reply.seconds]);
      await record(i, j, decodeValue(reply.outcome) as RunOutcome<R>, reply.seconds);
      report?.(status());
    } catch (err) {
      running.delete(name);
      if (stopped || interruptRequested()) return;
      const e = err as Error;
      const err2 = new Error(`sweep: run('${method}', ${seed}) failed in a worker process (${task.exportName} of ${task.module}): ${e.message}` +
        (output.length ? `\nworker output:\n${output.slice(-20).join('\n')}` : ''));
      err2.stack = `${err2.message}\n${(e.stack ?? '').split('\n').slice(1).join('\n')}`;
      firstError ??= err2;
      stop();
    }
  };
  const lane = async () => {
    for (let k = nextRun(pending, methods, seconds, started); k >= 0 && !stopped; k = nextRun(pending, methods, seconds, started)) {
      const [ij] = pending.splice(k, 1);
      started.add(methods[ij[0]]);
      await runOne(ij);
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, lane));
  } finally {
    unsubscribe();
    if (!stopped) await pool.terminate();
    await ended;   // the workers are gone before the sweep returns or throws
  }
  if (firstError) throw firstError;
  if (interruptRequested()) {
    note = `stopped by an interrupt: ${finished.length} of ${total} runs finished${options.checkpoint ? ' (kept in the checkpoint)' : ''}; run the cell again to continue`;
    report?.(status());
    throw new TrainingInterrupted(finished.length, total, 'runs of the sweep finished; run the cell again to continue');
  }
}
