/**
 * The step loop every training run in wgan-lab shares: call a step function, keep its metrics on the backend,
 * and read them back only every `readEvery` steps, for the history, the progress display and the NaN check.
 * One read-back per `readEvery` steps (not per step) keeps the work on the backend.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../backend';
import type { Checkpoint } from '../runs/checkpoint';
import { sha256 } from '../runs/record';
import type { RunState } from '../runs/state';
import { integer } from '../validate';
import { interruptRequested, TrainingInterrupted, watchInterrupts } from './interrupt';

/** Metrics of one step, as scalars still on the backend (e.g. { loss }, or { critic, wEstimate, penalty }). */
export type StepMetrics = Record<string, Scalar>;

/** Metrics read back for the steps of one read-back interval: name -> values, and the step index of each. */
export interface History {
  step: number[];
  [metric: string]: number[];
}

/** What the loop reports after each read-back. */
export interface LoopProgress {
  /** Steps done so far (counted from the run's start: a resumed run starts past 0). */
  step: number;
  /** The step this call trains to. */
  steps: number;
  /** Throughput since this call started. */
  stepsPerSecond: number;
  /** What happened besides training, e.g. 'resumed from its checkpoint at step 1200' or 'stopped by an interrupt ...'. */
  note?: string;
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
  /**
   * Saves the run to disk every few minutes, when interrupted and when done, and resumes from there when the cell
   * runs again with the same settings and library: `checkpoint('gan')` (runs/checkpoint; null turns it off).
   */
  checkpoint?: Checkpoint | null;
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
  /** First step index (for resumed runs; default 0). The loop runs to step startStep + steps. */
  startStep?: number;
  /** An existing history to append to. */
  history?: History;
  /** Saves the state to disk every `checkpoint.every` seconds, when interrupted and when done, and resumes from it. */
  checkpoint?: Checkpoint | null;
  /** What the checkpoint saves and restores (required with `checkpoint`): variables, optimisers, rngs, other state. */
  state?: RunState;
  /** What the run starts from, for the checkpoint's key (default: the state's values now and the step function's source). */
  fingerprint?: string;
  /** Called after a checkpoint restored the state, with the step it resumed at. */
  onResume?: (step: number) => void | Promise<void>;
  /** How to continue after an interrupt when there is no checkpoint (shown in the progress line). */
  continueHint?: string;
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

/** A fingerprint of what a run starts from: its variables' values and shapes, its optimisers' settings, and code. */
export function stateFingerprint(state: RunState, ...code: unknown[]): string {
  const parts: string[] = [];
  for (const [k, vs] of Object.entries(state.variables ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const v of vs) {
      const d = v.dataSync() as Float32Array;
      parts.push(`${k}:${v.shape}:${sha256(new Uint8Array(d.buffer, d.byteOffset, d.byteLength))}`);
    }
  }
  for (const [k, o] of Object.entries(state.optimizers ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    parts.push(`${k}:${o.getClassName()}:${JSON.stringify(o.getConfig())}`);
  }
  for (const c of code) parts.push(typeof c === 'function' ? c.toString() : JSON.stringify(c) ?? 'undefined');
  return sha256(parts.join('\n'));
}

/** Yields to the event loop so display messages reach Jupyter while a long loop runs. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs steps `startStep` to `startStep + steps`, reading metrics back every `readEvery` steps (at multiples of
 * `readEvery`, so a resumed run reads at the same steps). Throws {@link NonFiniteLossError} at the first read-back
 * that finds a NaN or infinite metric, naming the first bad step. Stops within one step of an interrupt (it yields
 * to the event loop after every step so the interrupt gets through), flushes its metrics, saves its checkpoint,
 * says so in the progress line and throws {@link TrainingInterrupted}. With `checkpoint`, it resumes from it.
 */
export async function runSteps(options: LoopOptions): Promise<History> {
  const steps = integer('runSteps', 'steps', options.steps, 0);
  const readEvery = integer('runSteps', 'readEvery', options.readEvery ?? 50, 1);
  let start = integer('runSteps', 'startStep', options.startStep ?? 0, 0);
  const target = start + steps;
  const history: History = options.history ?? { step: [] };
  const { checkpoint, state } = options;
  if (checkpoint && !state) throw new RangeError("runSteps: a `checkpoint` needs the `state` it saves: { variables, optimizers, rngs, values }");
  let pending: StepMetrics[] = [];
  let names: string[] | null = null;
  let lastFinite: Record<string, number> | null = null;
  let t0 = performance.now();
  let lastSave = performance.now();
  let note: string | undefined;

  const save = async (step: number) => {
    if (!checkpoint || !state) return;
    await checkpoint.save(state, step, { history });
    lastSave = performance.now();
  };

  const report = async (upTo: number) => {
    const p: LoopProgress = {
      step: upTo,
      steps: target,
      stepsPerSecond: (upTo - start) / Math.max(1e-9, (performance.now() - t0) / 1000),
      // The latest metrics: of this call, else (a run loaded from its checkpoint) the history's last row.
      latest: lastFinite
        ? Object.fromEntries(Object.entries(lastFinite).filter(([k]) => k !== 'step'))
        : Object.fromEntries(Object.entries(history).filter(([k, v]) => k !== 'step' && v.length > 0).map(([k, v]) => [k, v[v.length - 1]])),
      history,
      ...(note ? { note } : {}),
    };
    options.progress?.(p);
    await options.onRead?.(p);
  };

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
  };

  const release = watchInterrupts();
  try {
    if (checkpoint && state) {
      checkpoint.bind(options.fingerprint ?? stateFingerprint(state, options.step, readEvery));
      const resumed = await checkpoint.load(state, target);
      if (resumed) {
        const saved = (resumed.data as { history: History }).history;
        for (const k of Object.keys(history)) delete history[k];
        Object.assign(history, saved);
        start = resumed.step;
        t0 = performance.now();
        note = resumed.step >= target ? `finished earlier: loaded from its checkpoint at step ${resumed.step}` : `resumed from its checkpoint at step ${resumed.step}`;
        await options.onResume?.(resumed.step);
        await report(start);
      }
    }
    for (let i = start; i < target; i++) {
      if (interruptRequested()) {
        await readBack(i);
        await save(i);
        const how = checkpoint ? `run the cell again to continue from step ${i} (checkpoint saved)` : (options.continueHint ?? `its state is that of step ${i}`);
        note = `stopped by an interrupt at step ${i} of ${target}; ${how}`;
        await report(i);
        throw new TrainingInterrupted(i, target, how);
      }
      const metrics = tf.tidy(() => {
        const m = options.step(i);
        Object.values(m).forEach((t: Tensor) => tf.keep(t));
        return m;
      });
      names ??= Object.keys(metrics);
      pending.push(metrics);
      if ((i + 1) % readEvery === 0) {
        await readBack(i + 1);
        if (checkpoint && (performance.now() - lastSave) / 1000 >= checkpoint.every) await save(i + 1);
        await report(i + 1);
      }
      // Every step: lets an interrupt (SIGINT) and display messages through.
      await yieldToEventLoop();
    }
    if (target > start) {
      await readBack(target);
      if (target % readEvery !== 0) await report(target);
      await save(target);
    }
  } finally {
    pending.forEach((m) => Object.values(m).forEach((t) => t.dispose()));
    release();
  }
  return history;
}
