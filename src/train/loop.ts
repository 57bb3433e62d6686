/**
 * The step loop every training run in wgan-lab shares: call a step function, keep its metrics on the backend,
 * and read them back only every `readEvery` steps, for the history, the progress display and the NaN check.
 * One read-back per `readEvery` steps (not per step) keeps the work on the backend.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { integer } from '../validate';

/** Metrics of one step, as scalars still on the backend (e.g. { loss }, or { critic, wEstimate, penalty }). */
export type StepMetrics = Record<string, Scalar>;

/** Metrics read back for the steps of one read-back interval: name -> values, and the step index of each. */
export interface History {
  step: number[];
  [metric: string]: number[];
}

/** What the loop reports after each read-back. */
export interface LoopProgress {
  /** Steps done so far (in this call). */
  step: number;
  /** Total steps of this call. */
  steps: number;
  /** Throughput since the loop started. */
  stepsPerSecond: number;
  /** The latest value of each metric. */
  latest: Record<string, number>;
  /** The history so far. */
  history: History;
}

/** A progress reporter, called after each read-back; lessons build one with `progress('label')` (src/notebook/progress). */
export type ProgressReporter = (p: LoopProgress) => void;

/**
 * The read-back options every training function shares (trainCritic, trainGan), under the same names.
 * `T` is what `onRead` receives besides the progress: the critic for trainCritic, the run for trainGan.
 */
export interface ReadBackOptions<T> {
  /** Read metrics back every this many steps (default 50). */
  readEvery?: number;
  /** Shows progress after each read-back (default: none), e.g. `progress('WGAN-GP')`. */
  progress?: ProgressReporter;
  /** Called after each read-back (after the NaN check and `progress`), e.g. to redraw samples or record a snapshot. */
  onRead?: (p: LoopProgress, subject: T) => void | Promise<void>;
}

/** Options of {@link runSteps}. */
export interface LoopOptions {
  /** Number of steps. */
  steps: number;
  /** One training step; returns its metrics on the backend. Runs inside tf.tidy; the metrics are kept for it. */
  step: (i: number) => StepMetrics;
  /** Read metrics back every this many steps (default 50). */
  readEvery?: number;
  /** Shows progress after each read-back (before `onRead`), e.g. `progress('ALAE')`, as in trainCritic and trainGan. */
  progress?: ProgressReporter;
  /** Called after each read-back (after the NaN check), e.g. to update a progress display or a plot. */
  onRead?: (progress: LoopProgress) => void | Promise<void>;
  /** Called with the error just before it is thrown, e.g. to restore the weights saved at the last good read-back. */
  onNonFinite?: (error: NonFiniteLossError) => void;
  /** First step index (for resumed runs; default 0). */
  startStep?: number;
  /** An existing history to append to. */
  history?: History;
}

/** Thrown when a metric becomes NaN or infinite; names the first bad step and the last finite values. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly step: number,
    readonly metric: string,
    readonly value: number,
    readonly lastFinite: Record<string, number> | null,
  ) {
    super(
      `training stopped: '${metric}' became ${value} at step ${step}` +
        (lastFinite ? `; last finite values (step ${lastFinite.step}): ${fmtMetrics(lastFinite)}` : ' (no finite step before it)') +
        '. Try a smaller learning rate, a smaller penalty weight, or check the data for NaNs.',
    );
    this.name = 'NonFiniteLossError';
  }
}

function fmtMetrics(m: Record<string, number>): string {
  return Object.entries(m)
    .filter(([k]) => k !== 'step')
    .map(([k, v]) => `${k}=${Number.isFinite(v) ? +v.toPrecision(4) : v}`)
    .join(', ');
}

/** Yields to the event loop so display messages reach Jupyter while a long loop runs. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs `steps` steps, reading metrics back every `readEvery` steps. Throws {@link NonFiniteLossError} at the
 * first read-back that finds a NaN or infinite metric, naming the first bad step.
 */
export async function runSteps(options: LoopOptions): Promise<History> {
  const steps = integer('runSteps', 'steps', options.steps, 0);
  const readEvery = integer('runSteps', 'readEvery', options.readEvery ?? 50, 1);
  const start = options.startStep ?? 0;
  const history: History = options.history ?? { step: [] };
  let pending: StepMetrics[] = [];
  let names: string[] | null = null;
  let lastFinite: Record<string, number> | null = null;
  const t0 = performance.now();

  const readBack = async (upTo: number) => {
    if (pending.length === 0 || names === null) return;
    const keys = names;
    // One read-back for the whole interval: stack every metric of every pending step.
    const stacked = tf.tidy(() => tf.stack(pending.flatMap((m) => keys.map((k) => m[k]))));
    const values = await stacked.data();
    stacked.dispose();
    const firstStep = upTo - pending.length;
    pending.forEach((m) => Object.values(m).forEach((t) => t.dispose()));
    pending = [];
    for (let s = 0; s * keys.length < values.length; s++) {
      const row: Record<string, number> = { step: firstStep + s };
      keys.forEach((k, j) => (row[k] = values[s * keys.length + j]));
      for (const k of keys) {
        if (!Number.isFinite(row[k])) {
          const err = new NonFiniteLossError(firstStep + s, k, row[k], lastFinite);
          options.onNonFinite?.(err);
          throw err;
        }
      }
      history.step.push(row.step);
      for (const k of keys) (history[k] ??= []).push(row[k]);
      lastFinite = row;
    }
    const done = upTo - start;
    const report: LoopProgress = {
      step: done,
      steps,
      stepsPerSecond: done / ((performance.now() - t0) / 1000),
      latest: Object.fromEntries(keys.map((k) => [k, lastFinite![k]])),
      history,
    };
    options.progress?.(report);
    await options.onRead?.(report);
    await yieldToEventLoop();
  };

  try {
    for (let i = start; i < start + steps; i++) {
      const metrics = tf.tidy(() => {
        const m = options.step(i);
        Object.values(m).forEach((t: Tensor) => tf.keep(t));
        return m;
      });
      names ??= Object.keys(metrics);
      pending.push(metrics);
      if ((i + 1 - start) % readEvery === 0) await readBack(i + 1);
    }
    await readBack(start + steps);
  } finally {
    pending.forEach((m) => Object.values(m).forEach((t) => t.dispose()));
  }
  return history;
}
