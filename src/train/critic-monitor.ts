/**
 * Does the critic generalise? Gulrajani et al. (2017, Figure 4b) train on 1,000 MNIST digits and plot the critic's
 * negative loss on the training digits and on held-out digits: when the critic overfits its small training set, the
 * two curves part. A critic monitor measures that at trainGan's read-backs: for each named set of real examples, the
 * critic's W estimate mean D(x) - mean D(G(z)) over the set, against the same fixed latent vectors' samples (so the
 * curves differ only in their real examples; the penalty is left out). Pass it as `onRead` (with a sample tracker:
 * `onRead: allOnRead(tracker, monitor)`); its records are saved with the run's checkpoint.
 */
import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { Rng } from '../random';
import { isStateful, type Stateful } from '../runs/state';
import { fail, integer } from '../validate';
import { latentBatch, type GanRun } from './gan';
import type { LoopProgress } from './loop';

/** Options of {@link criticMonitor}. */
export interface CriticMonitorOptions {
  /** Real examples per set as flat rows (dim numbers each), e.g. { 'training digits': rows, 'held-out digits': rows }. */
  sets: Record<string, Float32Array>;
  /** Dimension of an example. */
  dim: number;
  /** Generated examples each measurement compares against (default 500), from latent vectors drawn with `seed`. */
  fakes?: number;
  /** Seed of the fixed latent vectors (default 4242). */
  seed?: number;
  /** Measure every this many generator steps (default: at every read-back). */
  every?: number;
}

/** The monitor's records: the generator steps, and per set the W estimate at each of them. */
export interface CriticMonitorRecord {
  step: number[];
  [set: string]: number[];
}

/** A critic monitor: trainGan's `onRead`, with its record (saved in the run's checkpoint). */
export interface CriticMonitor extends Stateful {
  (p: LoopProgress, run: GanRun): Promise<void>;
  /** Measures now, at the run's current step (e.g. at step 0 before training). */
  measure(run: GanRun): void;
  readonly record: CriticMonitorRecord;
}

/** mean D(x) over rows, in batches of 500 (on the backend; one read-back). */
function meanScore(run: GanRun, rows: Tensor2D): Scalar {
  return tf.tidy(() => {
    const n = rows.shape[0];
    const parts: Tensor[] = [];
    for (let s = 0; s < n; s += 500) parts.push(tf.sum(run.critic.apply(tf.slice(rows, [s, 0], [Math.min(500, n - s), -1]))));
    return tf.div(tf.addN(parts), n) as Scalar;
  });
}

/** A {@link CriticMonitor} over the given sets of real examples. */
export function criticMonitor(options: CriticMonitorOptions): CriticMonitor {
  const fn = 'criticMonitor';
  const dim = integer(fn, 'dim', options.dim);
  const fakes = integer(fn, 'fakes', options.fakes ?? 500);
  const seed = integer(fn, 'seed', options.seed ?? 4242, 0);
  const every = options.every === undefined ? null : integer(fn, 'every', options.every);
  const names = Object.keys(options.sets ?? {});
  if (names.length === 0) fail(fn, 'sets', 'at least one named set of real examples, e.g. { "held-out digits": rows }', options.sets);
  for (const name of names) {
    const rows = options.sets[name];
    if (!(rows instanceof Float32Array) || rows.length === 0 || rows.length % dim !== 0) fail(fn, `sets['${name}']`, `flat rows of dim = ${dim} numbers (a Float32Array)`, rows);
    if (name === 'step') fail(fn, 'sets', "set names other than 'step'", name);
  }
  const record: CriticMonitorRecord = { step: [], ...Object.fromEntries(names.map((k) => [k, [] as number[]])) };
  const measure = (run: GanRun) => {
    const values = tf.tidy(() => {
      const fake = run.generator.apply(latentBatch(run, new Rng(seed), fakes));
      const fakeScore = meanScore(run, fake);
      return tf.stack(names.map((k) => tf.sub(meanScore(run, tf.tensor2d(options.sets[k], [options.sets[k].length / dim, dim])), fakeScore)));
    });
    const w = values.dataSync();
    values.dispose();
    const at = record.step.indexOf(run.step);
    if (at >= 0) names.forEach((k, i) => (record[k][at] = w[i]));
    else {
      record.step.push(run.step);
      names.forEach((k, i) => record[k].push(w[i]));
    }
  };
  const monitor = (async (_p: LoopProgress, run: GanRun) => {
    if (every === null || run.step % every === 0) measure(run);
  }) as CriticMonitor;
  return Object.assign(monitor, {
    measure,
    record,
    saveState: () => JSON.parse(JSON.stringify(record)),
    loadState: (s: unknown) => {
      for (const k of Object.keys(record)) record[k].splice(0, record[k].length, ...((s as CriticMonitorRecord)[k] ?? []));
    },
  });
}

/** Several read-back callbacks as one trainGan `onRead`, called in order; its state (for checkpoints) is theirs. */
export function allOnRead(...callbacks: ((p: LoopProgress, run: GanRun) => void | Promise<void>)[]): ((p: LoopProgress, run: GanRun) => Promise<void>) & Stateful {
  const all = async (p: LoopProgress, run: GanRun) => {
    for (const c of callbacks) await c(p, run);
  };
  return Object.assign(all, {
    saveState: () => callbacks.map((c) => (isStateful(c) ? c.saveState() : null)),
    loadState: (s: unknown) => callbacks.forEach((c, i) => isStateful(c) && c.loadState((s as unknown[])[i])),
  });
}
