/**
 * An outside yardstick for a critic's W estimate on toy data: the exact earth mover's distance between n generated
 * points and n real points (transport/point-clouds), beside the critic's own estimate mean D(real) - mean D(generated)
 * on the same two point sets. For any 1-Lipschitz f, mean f(real) - mean f(generated) <= W1 of the two point
 * sets (Kantorovich-Rubinstein duality for empirical measures), so for a K-Lipschitz critic the ratio of the two is
 * at most K. The floor is W1 between the real points and an independent real sample of the same size: what even
 * a perfect generator would measure with n points.
 */
import type { Sampler } from '../data/sampler';
import { applyToArray } from '../models/evaluate';
import type { Model } from '../models/model';
import { Rng } from '../random';
import { wasserstein1Points } from '../transport/point-clouds';
import { fail, integer } from '../validate';
import { changeCorrelation, shuffledResiduals } from './correlation';

/** One reading of the yardstick. */
export interface W1Reading {
  /** Exact W1 between the n generated and the n real points, in data units. */
  exact: number;
  /** The critic's estimate on the same points: mean D(real) - mean D(generated). */
  critic: number;
  /** Seconds the exact solve took. */
  seconds: number;
}

/** The yardstick: its real points, its floor, and `measure`. */
export interface W1Yardstick {
  /** Points per side. */
  readonly n: number;
  /** The n real points, row-major, drawn once (every reading uses the same ones). */
  readonly real: Float32Array;
  /** W1 between the real points and an independent real sample of n points. */
  readonly floor: number;
  /** Reads the yardstick for the first n generated points (row-major) and the critic. */
  measure(generated: Float32Array, critic: Model): W1Reading;
}

/** Options of {@link w1Yardstick}. */
export interface W1YardstickOptions {
  /** Points per side of each exact solve. */
  n: number;
  /** Seed of the real points (and of the independent sample behind the floor). */
  seed: number;
}

/** A {@link W1Yardstick} on `data`: n real points drawn once with `seed`, and the floor from a second draw. */
export function w1Yardstick(data: Sampler, options: W1YardstickOptions): W1Yardstick {
  const fn = 'w1Yardstick';
  const n = integer(fn, 'n', options.n, 2);
  const rng = new Rng(integer(fn, 'seed', options.seed, 0));
  const real = data.sampleArray(rng, n);
  const floor = wasserstein1Points(real, data.sampleArray(rng, n), data.dim);
  const dim = data.dim;
  return {
    n,
    real,
    floor,
    measure: (generated, critic) => {
      if (generated.length < n * dim) fail(`${fn}.measure`, 'generated', `at least n = ${n} points of ${dim} numbers`, `${generated.length} numbers`);
      const fake = generated.subarray(0, n * dim);
      const t0 = performance.now();
      const exact = wasserstein1Points(fake, real, dim);
      const seconds = (performance.now() - t0) / 1000;
      const mean = (xs: Float32Array) => xs.reduce((s, v) => s + v, 0) / xs.length;
      return { exact, critic: mean(applyToArray(critic, real, dim)) - mean(applyToArray(critic, fake, dim)), seconds };
    },
  };
}

/** A run's readings as series (the steps, the exact W1, the critic's estimate), for figures and {@link yardstickAgreement}. */
export interface YardstickSeries {
  steps: number[];
  exact: number[];
  critic: number[];
  /** Seconds the exact solves took in all. */
  seconds: number;
}

/** The readings of a sample tracker's snapshots as series; `of` picks the reading out of richer metrics (default: the metrics are the reading). */
export function yardstickSeries<M>(snapshots: readonly { step: number; metrics: M }[], of: (m: M) => W1Reading = (m) => m as unknown as W1Reading): YardstickSeries {
  const readings = snapshots.map((s) => of(s.metrics));
  return {
    steps: snapshots.map((s) => s.step),
    exact: readings.map((r) => r.exact),
    critic: readings.map((r) => r.critic),
    seconds: readings.reduce((sum, r) => sum + r.seconds, 0),
  };
}

/** Options of {@link yardstickAgreement}. */
export interface YardstickAgreementOptions {
  /** The yardstick's floor. */
  floor: number;
  /** Readings before this generator step are left out (the critic catching up with the first generator). */
  warmUp: number;
  /** The ratio's range is taken over readings whose exact W1 is at least this many floors (default 2): nearer the floor, sampling noise the critic cannot see dominates. */
  floorMultiple?: number;
  /** Centred moving-average window removed before correlating changes (see changeCorrelation). */
  window: number;
  /** Shuffled controls to draw (default 200), and their seed (default 0). */
  shuffles?: number;
  seed?: number;
}

/** How well a critic's estimate follows the exact W1 after warm-up: its ratio's range, and the change correlation against shuffled controls. */
export interface YardstickAgreement {
  /** Readings after warm-up. */
  readings: number;
  /** min and max of critic / exact over the readings after warm-up with exact >= floorMultiple x floor ([NaN, NaN] if none). */
  ratioRange: [number, number];
  /** How many readings the ratio's range is over. */
  ratioReadings: number;
  /** changeCorrelation(critic, exact, window) over the readings after warm-up. */
  correlation: number;
  /** The same against exact series with their wiggles shuffled (the trend kept): median and 95th percentile over the shuffles. */
  controlMedian: number;
  control95: number;
}

/** The ratio range and the change correlation (with its shuffled control) of a run's yardstick series after warm-up. */
export function yardstickAgreement(s: YardstickSeries, o: YardstickAgreementOptions): YardstickAgreement {
  const fn = 'yardstickAgreement';
  const keep = s.steps.map((step, i) => (step >= o.warmUp ? i : -1)).filter((i) => i >= 0);
  if (keep.length < 4) fail(fn, 'warmUp', `a step that leaves at least 4 readings (the series has ${s.steps.length}, the last at step ${s.steps[s.steps.length - 1]})`, o.warmUp);
  const critic = keep.map((i) => s.critic[i]);
  const exact = keep.map((i) => s.exact[i]);
  const above = keep.filter((i) => s.exact[i] >= (o.floorMultiple ?? 2) * o.floor).map((i) => s.critic[i] / s.exact[i]);
  const rng = new Rng(o.seed ?? 0);
  const controls = Array.from({ length: integer(fn, 'shuffles', o.shuffles ?? 200, 1) }, () => changeCorrelation(critic, shuffledResiduals(exact, o.window, rng), o.window))
    .sort((a, b) => a - b);
  return {
    readings: keep.length,
    ratioRange: above.length ? [Math.min(...above), Math.max(...above)] : [NaN, NaN],
    ratioReadings: above.length,
    correlation: changeCorrelation(critic, exact, o.window),
    controlMedian: controls[Math.floor(controls.length / 2)],
    control95: controls[Math.min(controls.length - 1, Math.floor(0.95 * controls.length))],
  };
}
