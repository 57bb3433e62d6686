/**
 * A critic's W estimate against the outside yardstick of metrics/w1-yardstick: the exact W1 between n generated and
 * n real points over training, the critic's estimate on the same points, and the floor (two real samples of n points);
 * beside it, the ratio critic / exact, which is at most the critic's Lipschitz constant.
 */
import { beside } from './compose';
import { curves, type Rule, type SeriesInput } from './curves';
import type { Spec } from './spec';

/** One run's readings: the generator steps, the exact W1 at each, and (for a critic) its estimate on the same points. */
export interface YardstickRun {
  steps: ArrayLike<number>;
  exact: ArrayLike<number>;
  /** Left out for an adversary whose output is not a W estimate (a GAN discriminator). */
  critic?: ArrayLike<number>;
}

/** Options of {@link yardstickFigure}. */
export interface YardstickFigureOptions {
  /** W1 between two independent real samples of n points, drawn as a line. */
  floor: number;
  /** Points per side of each exact solve (for the labels). */
  n: number;
  title?: string;
  subtitle?: string | string[];
  /** A band drawn on the ratio panel, e.g. the one a lesson's check holds the ratio to. */
  band?: [number, number];
  /** Logarithmic y axes (default true: a clipped critic's estimate can be orders of magnitude below W1). */
  logY?: boolean;
  xDomain?: [number, number];
  width?: number;
  height?: number;
}

/** Left: exact W1 and the critics' estimates on the same points, with the floor; right: estimate / exact for the runs with a critic. */
export function yardstickFigure(runs: Record<string, YardstickRun>, o: YardstickFigureOptions): Spec {
  const labels = Object.keys(runs);
  if (labels.length === 0) throw new RangeError("yardstickFigure: argument 'runs' must name at least one run, e.g. { WGAN: { steps, exact, critic } }");
  const logY = o.logY ?? true;
  const size = { width: o.width ?? 300, height: o.height ?? 230, xDomain: o.xDomain, x: 'generator step', logY, yFormat: logY ? '.1~g' : undefined };
  const values: Record<string, SeriesInput> = {};
  const ratios: Record<string, SeriesInput> = {};
  for (const label of labels) {
    const r = runs[label];
    values[`${label}: exact W1`] = { x: r.steps, y: r.exact, points: true };
    if (r.critic) {
      values[`${label}: critic's estimate`] = { x: r.steps, y: r.critic };
      ratios[label] = { x: r.steps, y: Array.from(r.critic, (c, i) => c / r.exact[i]), points: true };
    }
  }
  const floor: Rule = { y: o.floor, label: `floor ${o.floor.toFixed(3)}` };
  const band: Rule[] = o.band ? o.band.map((y) => ({ y, label: `${y}` })) : [];
  const left = curves([], values, { ...size, title: `W1 of ${o.n} + ${o.n} points, and estimates`, y: 'W1 or estimate', rules: [floor], legend: 'bottom' });
  if (Object.keys(ratios).length === 0) return beside([left], { title: o.title, subtitle: o.subtitle });
  const right = curves([], ratios, { ...size, title: 'estimate / exact W1', y: 'ratio', rules: [{ y: 1, label: '1' }, ...band], legend: 'bottom' });
  return beside([left, right], { title: o.title, subtitle: o.subtitle });
}
