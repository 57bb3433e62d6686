/**
 * Figures of how values are spread: histograms of raw values, bars of given counts (samples per mode), and
 * means with intervals over repeated runs (a method's modes covered over seeds), each as small multiples
 * when given several groups.
 */
import { mean, sampleStd, standardError } from '../metrics/summary';
import { heading, type Spec } from './spec';
import { seriesStyles, theme } from './theme';

/** The heading, data and facet of small multiples with one panel per group, in the groups' order. */
function panelsPerGroup(names: string[], rows: object[], o: { title?: string; subtitle?: string | string[]; columns?: number }, columns: number): Spec {
  return {
    ...heading(o),
    data: { values: rows },
    facet: { field: 'group', type: 'nominal', title: null, sort: names },
    columns: Math.min(o.columns ?? columns, names.length),
  };
}

/** Options of {@link histogram}. */
export interface HistogramOptions {
  title?: string;
  subtitle?: string | string[];
  /** Number of bins (default 40). */
  bins?: number;
  /** Bin range: one [lo, hi] for all groups, or 'each' for each group's own range (default: the range of all values). */
  range?: [number, number] | 'each';
  /** y as the fraction of the group's values (default) or as counts. */
  normalise?: boolean;
  /** x axis title. */
  x?: string;
  /** Panels per row (default 2). */
  columns?: number;
  width?: number;
  height?: number;
}

/** Counts of values in `bins` equal bins over [lo, hi]; values outside go to the end bins (a float32 weight at -c can be a hair below -c). */
export function binCounts(values: ArrayLike<number>, bins: number, lo: number, hi: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const b = width > 0 ? Math.floor((values[i] - lo) / width) : 0;
    counts[Math.max(0, Math.min(bins - 1, b))]++;
  }
  return counts;
}

function rangeOf(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** Histograms of raw values, one panel per group: `histogram({ 'c = 0.01': weights1, 'penalty': weights2 }, { bins: 41, range: 'each' })`. */
export function histogram(groups: Record<string, ArrayLike<number>>, o: HistogramOptions = {}): Spec {
  const names = Object.keys(groups);
  if (names.length === 0) throw new RangeError('histogram: argument \'groups\' must name at least one group of values');
  const bins = o.bins ?? 40;
  const shared = o.range === 'each' ? null : (o.range ?? rangeOf(names.flatMap((n) => Array.from(groups[n]))));
  const rows = names.flatMap((name) => {
    const v = groups[name];
    const [lo, hi] = shared ?? rangeOf(v);
    const w = (hi - lo) / bins;
    return binCounts(v, bins, lo, hi).map((c, b) => ({ group: name, from: lo + b * w, to: lo + (b + 1) * w, y: o.normalise === false ? c : c / v.length }));
  });
  const style = seriesStyles(names, {});
  return {
    ...panelsPerGroup(names, rows, o, 2),
    spec: {
      width: o.width ?? 230,
      height: o.height ?? 120,
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'from', type: 'quantitative', title: o.x ?? null, axis: { format: '~g', tickCount: 5 } },
        x2: { field: 'to' },
        y: { field: 'y', type: 'quantitative', title: o.normalise === false ? 'count' : 'fraction' },
        color: { field: 'group', type: 'nominal', legend: null, scale: { domain: names, range: style.color } },
      },
    },
    resolve: { scale: { x: shared ? 'shared' : 'independent', y: 'independent' } },
  };
}

/** Options of {@link bars}. */
export interface BarsOptions {
  title?: string;
  subtitle?: string | string[];
  /** Category axis title and value axis title. */
  x?: string;
  y?: string;
  /** Category labels (default 0, 1, 2, ...). */
  categories?: (string | number)[];
  columns?: number;
  width?: number;
  height?: number;
}

/** Bars of given values per category, one panel per group: `bars({ 'seed 1': samplesPerMode1, ... }, { x: 'mode', y: 'samples' })`. */
export function bars(groups: Record<string, ArrayLike<number>>, o: BarsOptions = {}): Spec {
  const names = Object.keys(groups);
  if (names.length === 0) throw new RangeError('bars: argument \'groups\' must name at least one group of values');
  const rows = names.flatMap((name) => Array.from(groups[name], (v, i) => ({ group: name, category: o.categories?.[i] ?? i, value: v })));
  return {
    ...panelsPerGroup(names, rows, o, 5),
    spec: {
      width: o.width ?? 120,
      height: o.height ?? 120,
      mark: { type: 'bar', color: theme.roles.generated.color },
      encoding: {
        x: { field: 'category', type: 'ordinal', title: o.x ?? null, sort: null },
        y: { field: 'value', type: 'quantitative', title: o.y ?? null },
      },
    },
  };
}

/** Options of {@link intervals}. */
export interface IntervalsOptions {
  title?: string;
  subtitle?: string | string[];
  /** Value axis title. */
  x?: string;
  /** The interval drawn around the mean: ± sample standard deviation (default) or ± standard error. */
  interval?: 'std' | 'se';
  /** A fixed value range. */
  domain?: [number, number];
  /** Reference values marked as vertical rules (e.g. a published number). */
  rules?: { x: number; label?: string }[];
  width?: number;
  /** Pixels per group (default 22). */
  rowHeight?: number;
}

/**
 * Means with intervals over repeated runs, one row per group, each run's value as a tick:
 * `intervals({ 'standard GAN': [1, 1, 2, 2, 1], 'WGAN-GP': [5, 7, 7, 8, 8] }, { x: 'modes covered (of 8)' })`.
 */
export function intervals(groups: Record<string, ArrayLike<number>>, o: IntervalsOptions = {}): Spec {
  const names = Object.keys(groups);
  if (names.length === 0) throw new RangeError('intervals: argument \'groups\' must name at least one group of values');
  const summary = names.map((name) => {
    const v = Array.from(groups[name]);
    const m = mean(v);
    const half = v.length > 1 ? (o.interval === 'se' ? standardError(v) : sampleStd(v)) : 0;
    return { group: name, mean: m, lo: m - half, hi: m + half };
  });
  const runs = names.flatMap((name) => Array.from(groups[name], (value) => ({ group: name, value })));
  const y = { field: 'group', type: 'nominal', title: null, sort: names };
  const xScale = o.domain ? { domain: o.domain, nice: false } : { zero: false };
  const xTitle = `${o.x ?? 'value'}: mean ± ${o.interval === 'se' ? 'standard error' : 'std'}, ticks: runs`;
  const ink = theme.roles.generated.color;
  return {
    ...heading(o),
    width: o.width ?? 360,
    height: (o.rowHeight ?? 22) * names.length,
    layer: [
      { data: { values: runs }, mark: { type: 'tick', thickness: 1.5, size: 12, color: theme.roles.reference.color, opacity: 0.7 },
        encoding: { x: { field: 'value', type: 'quantitative', title: xTitle, scale: xScale }, y } },
      { data: { values: summary }, mark: { type: 'rule', strokeWidth: 2, color: ink },
        encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, y } },
      { data: { values: summary }, mark: { type: 'point', filled: true, size: 60, color: ink },
        encoding: { x: { field: 'mean', type: 'quantitative' }, y } },
      ...(o.rules ?? []).map((r) => ({ data: { values: [{ v: r.x, label: r.label ?? '' }] },
        layer: [{ mark: { type: 'rule', strokeDash: theme.roles.reference.dash, color: theme.roles.reference.color }, encoding: { x: { field: 'v', type: 'quantitative' } } },
                { mark: { type: 'text', align: 'left', dx: 3, y: -6, color: theme.roles.reference.color }, encoding: { x: { field: 'v', type: 'quantitative' }, text: { field: 'label' } } }] })),
    ],
  };
}
