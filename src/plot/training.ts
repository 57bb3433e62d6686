/**
 * Training curves from a run's history: one panel per metric over the generator (or critic) step, smoothed as
 * the papers smooth theirs, the raw values faint behind, and marks at the steps where something changed
 * (a learning-rate drop, a snapshot). Several runs share a panel when their histories are given by name.
 */
import { medianFilter, movingAverage } from '../metrics/smoothing';
import { axis, ruleLayers, type Rule } from './curves';
import { heading, type Spec } from './spec';
import { seriesStyles, theme } from './theme';

/** A run's metrics per step: `step` and one array per metric (a training history). */
export interface HistoryLike {
  step: ArrayLike<number>;
  [metric: string]: ArrayLike<number>;
}

/** One panel: a title, and the metric to draw, from one history or from several runs by name. */
export interface TrainingPanel {
  title: string;
  /** The history key of the metric. */
  metric: string;
  /** Runs drawn in this panel, by legend label (default: the figure's history alone). */
  runs?: Record<string, HistoryLike>;
  /** Reference lines of this panel (e.g. log 2 for a JS estimate). */
  rules?: Rule[];
  logY?: boolean;
  yDomain?: [number, number];
}

/** Options of {@link trainingCurves}. */
export interface TrainingCurvesOptions {
  title?: string;
  subtitle?: string | string[];
  /** Smoothing window in steps (default: none). */
  smooth?: number;
  /** 'mean': trailing moving average (default); 'median': centred median filter (robust to spikes). */
  smoother?: 'mean' | 'median';
  /** Draw the raw values faintly behind the smoothed ones (default true when smoothing). */
  raw?: boolean;
  /** Vertical marks on every panel, e.g. [{ x: 2000, label: 'lr / 10' }]. */
  marks?: Rule[];
  /** x axis title (default 'generator step'). */
  x?: string;
  /** x range (default: the steps recorded). */
  xDomain?: [number, number];
  width?: number;
  /** Height of each panel (default 150). */
  height?: number;
}

/**
 * Training curves, one panel per metric: `trainingCurves(run.history, { wEstimate: 'W estimate', penalty: 'penalty' }, { smooth: 25 })`,
 * or panels given in full, to compare runs: `trainingCurves(null, [{ title: 'W estimate', metric: 'wEstimate', runs: { clipping: h1, penalty: h2 } }])`.
 */
export function trainingCurves(history: HistoryLike | null, panels: Record<string, string> | TrainingPanel[], o: TrainingCurvesOptions = {}): Spec {
  const list: TrainingPanel[] = Array.isArray(panels)
    ? panels
    : Object.entries(panels).map(([metric, title]) => ({ title, metric }));
  if (list.length === 0) throw new RangeError('trainingCurves: name at least one metric, e.g. { wEstimate: \'W estimate\' }');
  const smooth = o.smooth ?? 1;
  const showRaw = o.raw ?? smooth > 1;
  const filter = (v: number[]) => (smooth <= 1 ? v : o.smoother === 'median' ? medianFilter(v, smooth) : movingAverage(v, smooth));
  return {
    ...heading(o),
    vconcat: list.map((p, k) => {
      const runs = p.runs ?? (history ? { [p.title]: history } : null);
      if (!runs) throw new RangeError(`trainingCurves: panel '${p.title}' names no runs and no history was given`);
      const names = Object.keys(runs);
      const rows: Record<string, unknown>[] = [];
      for (const name of names) {
        const h = runs[name];
        const values = h[p.metric];
        if (!values) throw new RangeError(`trainingCurves: the history of '${name}' has no metric '${p.metric}' (it has ${Object.keys(h).join(', ')})`);
        const smoothed = filter(Array.from(values));
        for (let i = 0; i < values.length; i++) {
          const ok = (v: number) => Number.isFinite(v) && (!p.logY || v > 0);
          if (ok(smoothed[i])) rows.push({ step: h.step[i], value: smoothed[i], run: name, kind: 'smoothed' });
          if (showRaw && ok(values[i]) && i % Math.max(1, Math.floor(values.length / 800)) === 0) rows.push({ step: h.step[i], value: values[i], run: name, kind: 'raw' });
        }
      }
      const style = seriesStyles(names, {});
      const color = { field: 'run', type: 'nominal', title: null, sort: names, scale: { domain: names, range: style.color }, legend: names.length > 1 ? {} : null };
      const x = axis('step', k === list.length - 1 ? (o.x ?? 'generator step') : null, { domain: o.xDomain, zero: false });
      const y = axis('value', null, { log: p.logY, domain: p.yDomain });
      return {
        width: o.width ?? theme.width + 80,
        height: o.height ?? 150,
        title: { text: p.title + (smooth > 1 ? ` (${o.smoother === 'median' ? 'median' : 'mean'} over ${smooth} steps)` : ''), fontSize: 12 },
        layer: [
          {
            data: { values: rows },
            layer: [
              ...(showRaw ? [{ transform: [{ filter: "datum.kind == 'raw'" }], mark: { type: 'line', opacity: 0.2, strokeWidth: 1, clip: true }, encoding: { x, y, color: { ...color, legend: null } } }] : []),
              { transform: [{ filter: "datum.kind == 'smoothed'" }], mark: { type: 'line', clip: true }, encoding: { x, y, color } },
            ],
          },
          ...ruleLayers([...(o.marks ?? []), ...(p.rules ?? [])]),
        ],
      };
    }),
    resolve: { scale: { color: 'independent' } },
  };
}
