/**
 * Worker processes for independent jobs (a sweep's runs; the grader's notebooks): a pool of child processes from
 * the `workerpool` package, each with its own TensorFlow runtime limited to its share of the cores, so that
 * N workers on C cores do not oversubscribe them. Workers load TypeScript task modules through tsx.
 */
import * as os from 'node:os';
import workerpool from 'workerpool';
import { integer } from '../validate';

/** The pool type of the `workerpool` package (exec, terminate, stats). */
export type Pool = ReturnType<typeof workerpool.pool>;

/** The cores this process may use: `os.availableParallelism()`. */
export function availableCores(): number {
  return os.availableParallelism();
}

/** How many worker processes a parallel job uses unless told: WGAN_LAB_WORKERS if set (>= 1), else every core. */
export function defaultWorkers(): number {
  const env = process.env.WGAN_LAB_WORKERS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`WGAN_LAB_WORKERS must be an integer >= 1 (the number of worker processes), got '${env}'`);
    return n;
  }
  return availableCores();
}

/** TensorFlow threads for each of `workers` processes sharing `cores`: floor(cores / workers), at least 1. */
export function threadsPerWorker(workers: number, cores = availableCores()): number {
  return Math.max(1, Math.floor(cores / workers));
}

/** Options of {@link processPool}. */
export interface ProcessPoolOptions {
  /** Environment variables added to the workers' (after the thread limits, which they may override). */
  env?: Record<string, string>;
  /**
   * Capture the workers' stdout and stderr: they then reach the task's `on` callback as { stdout: text } or
   * { stderr: text } instead of the parent's streams (which, in a kernel, are not the notebook's).
   */
  captureOutput?: boolean;
}

/**
 * A pool of `workers` child processes running `script` (a `workerpool.worker(...)` module), started on demand.
 * Each worker gets TF_NUM_INTRAOP_THREADS = {@link threadsPerWorker}, one inter-op thread, WGAN_LAB_WORKER=1, and
 * tsx's loader (so task modules may be TypeScript). Call `terminate(true)` to stop them at once.
 */
export function processPool(script: string, workers: number, options: ProcessPoolOptions = {}): Pool {
  integer('processPool', 'workers', workers, 1);
  const threads = String(threadsPerWorker(workers));
  const env: Record<string, string | undefined> = {
    ...process.env,
    TF_NUM_INTRAOP_THREADS: threads,
    TF_NUM_INTEROP_THREADS: '1',
    OMP_NUM_THREADS: threads,
    WGAN_LAB_WORKER: '1',
    ...options.env,
  };
  return workerpool.pool(script, {
    workerType: 'process',
    maxWorkers: workers,
    forkOpts: { env, execArgv: ['--import', require.resolve('tsx')], cwd: process.cwd(), silent: options.captureOutput === true },
    emitStdStreams: options.captureOutput === true,
    workerTerminateTimeout: 500,
  });
}
