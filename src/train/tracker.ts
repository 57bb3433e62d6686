/**
 * Sample snapshots over a GAN run: at chosen generator steps, draw samples from fixed latent vectors (the same
 * seed every time, so each snapshot shows the same z's), measure them (e.g. mode coverage) and keep a few for
 * figures. A tracker is trainGan's `onRead` (it records at the read-backs that land on its steps), and
 * `tracker.record(run)` takes one by hand, e.g. at step 0 before training:
 *
 *   const tracker = sampleTracker({ n: 2500, seed: 7, at: [0, 100, 500], keep: 500, measure: (xs) => modeCoverage(xs, data) });
 *   tracker.record(run);
 *   await trainGan(run, { steps: 500, readEvery: 50, onRead: tracker });
 *   tracker.snapshots; // [{ step: 0, samples, metrics }, { step: 100, ... }, { step: 500, ... }]
 */
import type { Stateful } from '../runs/state';
import { integer } from '../validate';
import type { GanRun } from './gan';
import type { LoopProgress } from './loop';
import { generateSamples } from './samples';

/** One snapshot: the generator step, the kept samples (row-major) and what `measure` returned. */
export interface SampleSnapshot<M> {
  /** Generator steps done when it was taken. */
  step: number;
  /** The first `keep` samples (keep * dim numbers), for figures. */
  samples: Float32Array;
  /** measure(all n samples, step, run). */
  metrics: M;
}

/** Options of {@link sampleTracker}. */
export interface SampleTrackerOptions<M> {
  /** Samples drawn per snapshot (all of them are measured). */
  n: number;
  /** Seed of the latent vectors (default 12345, generateSamples' default): the same z's at every snapshot. */
  seed?: number;
  /** The generator steps to record at (give `at` or `every`); a step is recorded only at a read-back that lands on it. */
  at?: readonly number[];
  /** Record at every multiple of this many steps, 0 included (give `at` or `every`). */
  every?: number;
  /** Samples kept per snapshot for figures (default all n). */
  keep?: number;
  /** What to measure on the n samples (default: nothing, metrics undefined); the run is there for what also needs the critic. */
  measure?: (samples: Float32Array, step: number, run: GanRun) => M;
  /** Called after each snapshot, e.g. to redraw a live figure. */
  onSnapshot?: (snapshot: SampleSnapshot<M>, run: GanRun) => void | Promise<void>;
}

/** A tracker: pass it as trainGan's `onRead`; it keeps its snapshots in step order (saved with trainGan's checkpoint). */
export interface SampleTracker<M> extends Stateful {
  /** As trainGan's onRead: records a snapshot if the run is at one of the tracker's steps and has none there yet. */
  (p: LoopProgress, run: GanRun): Promise<void>;
  /** Records a snapshot of the run now (whatever its step; replaces an earlier one at the same step) and returns it. */
  record(run: GanRun): Promise<SampleSnapshot<M>>;
  /** Whether the tracker records at generator step `step`. */
  due(step: number): boolean;
  /** The snapshots so far, by step. */
  readonly snapshots: SampleSnapshot<M>[];
}

/** A {@link SampleTracker}: snapshots of generated samples (fixed z's) and their metrics at chosen steps. */
export function sampleTracker<M = undefined>(options: SampleTrackerOptions<M>): SampleTracker<M> {
  const fn = 'sampleTracker';
  const n = integer(fn, 'n', options.n, 1);
  const seed = integer(fn, 'seed', options.seed ?? 12345, 0);
  const keep = integer(fn, 'keep', options.keep ?? n, 0);
  if ((options.at === undefined) === (options.every === undefined)) {
    throw new RangeError(`${fn}: give exactly one of options 'at' (a list of generator steps) and 'every' (a step interval)`);
  }
  const at = options.at ? new Set(options.at.map((s, i) => integer(fn, `at[${i}]`, s, 0))) : null;
  const every = options.every !== undefined ? integer(fn, 'every', options.every, 1) : null;
  const snapshots: SampleSnapshot<M>[] = [];
  const due = (step: number) => (at ? at.has(step) : step % every! === 0);

  const record = async (run: GanRun): Promise<SampleSnapshot<M>> => {
    const xs = generateSamples(run, n, seed);
    const dim = xs.length / n;
    const snapshot: SampleSnapshot<M> = {
      step: run.step,
      samples: xs.slice(0, Math.min(keep, n) * dim),
      metrics: (options.measure ? options.measure(xs, run.step, run) : undefined) as M,
    };
    const i = snapshots.findIndex((s) => s.step >= run.step);
    if (i < 0) snapshots.push(snapshot);
    else snapshots.splice(i, snapshots[i].step === run.step ? 1 : 0, snapshot);
    await options.onSnapshot?.(snapshot, run);
    return snapshot;
  };

  const tracker = (async (_p: LoopProgress, run: GanRun) => {
    if (due(run.step) && !snapshots.some((s) => s.step === run.step)) await record(run);
  }) as SampleTracker<M>;
  const saveState = () => snapshots.map((s) => ({ ...s }));
  const loadState = (state: unknown) => snapshots.splice(0, snapshots.length, ...(state as SampleSnapshot<M>[]));
  return Object.assign(tracker, { record, due, snapshots, saveState, loadState });
}

/** Several trackers as one trainGan `onRead`: each records at its own steps, and a checkpoint saves all of their snapshots. */
export function combineTrackers(...trackers: SampleTracker<unknown>[]): ((p: LoopProgress, run: GanRun) => Promise<void>) & Stateful {
  if (trackers.length === 0) throw new RangeError("combineTrackers: give at least one tracker made by sampleTracker(...)");
  const onRead = async (p: LoopProgress, run: GanRun) => {
    for (const t of trackers) await t(p, run);
  };
  return Object.assign(onRead, {
    saveState: () => trackers.map((t) => t.saveState()),
    loadState: (state: unknown) => trackers.forEach((t, i) => t.loadState((state as unknown[])[i])),
  });
}
