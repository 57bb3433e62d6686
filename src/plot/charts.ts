/**
 * Small builders for the vega-lite specs lessons draw most: lines over x, points, and layers of them.
 * Each returns a plain spec a lesson can extend before `show(spec)` or `saveFigure(spec, name)`.
 */
import type { Spec } from './vega';

/** A row of a long-format table: one value per column. */
export type Row = Record<string, number | string | boolean | null>;

/** Options shared by the chart builders. */
export interface ChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Axis titles (default: the field names). */
  xTitle?: string;
  yTitle?: string;
  /** A log scale on y. */
  logY?: boolean;
  /** A fixed y domain [lo, hi]. */
  yDomain?: [number, number];
  /** A fixed x domain [lo, hi]. */
  xDomain?: [number, number];
}

/** Turns columns {x: [...], y: [...]} into rows [{x, y}, ...] (all columns must have the same length). */
export function rows(columns: Record<string, ArrayLike<number | string>>, extra: Row = {}): Row[] {
  const keys = Object.keys(columns);
  const n = keys.length ? columns[keys[0]].length : 0;
  for (const k of keys) {
    if (columns[k].length !== n) throw new RangeError(`rows: column '${k}' has length ${columns[k].length}, expected ${n} like '${keys[0]}'`);
  }
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const r: Row = { ...extra };
    for (const k of keys) {
      const v = columns[k][i];
      r[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
    }
    out.push(r);
  }
  return out;
}

function encodingXY(x: string, y: string, o: ChartOptions): Spec {
  return {
    x: { field: x, type: 'quantitative', title: o.xTitle ?? x, ...(o.xDomain ? { scale: { domain: o.xDomain } } : {}) },
    y: {
      field: y,
      type: 'quantitative',
      title: o.yTitle ?? y,
      scale: { ...(o.logY ? { type: 'log' } : {}), ...(o.yDomain ? { domain: o.yDomain } : { zero: false }) },
    },
  };
}

function frame(o: ChartOptions): Spec {
  return { ...(o.title ? { title: o.title } : {}), width: o.width ?? 420, height: o.height ?? 260 };
}

/** Lines of y against x, one per value of `series` (if given), from long-format rows. */
export function lineChart(data: Row[], x: string, y: string, series?: string, o: ChartOptions = {}): Spec {
  return {
    ...frame(o),
    data: { values: data },
    mark: { type: 'line', clip: true },
    encoding: { ...encodingXY(x, y, o), ...(series ? { color: { field: series, type: 'nominal', title: series } } : {}) },
  };
}

/** Points of y against x, coloured by `series` (if given). */
export function scatterChart(data: Row[], x: string, y: string, series?: string, o: ChartOptions & { size?: number; opacity?: number } = {}): Spec {
  return {
    ...frame(o),
    data: { values: data },
    mark: { type: 'circle', size: o.size ?? 12, opacity: o.opacity ?? 0.6, clip: true },
    encoding: { ...encodingXY(x, y, o), ...(series ? { color: { field: series, type: 'nominal', title: series } } : {}) },
  };
}

/** Several layer specs drawn on the same axes (each keeps its own data). */
export function layerCharts(layers: Spec[], o: ChartOptions = {}): Spec {
  return { ...frame(o), layer: layers.map(({ width, height, title, ...rest }) => rest) };
}
