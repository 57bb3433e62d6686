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

/** Options of {@link tableFigure}. */
export interface TableFigureOptions {
  title?: string;
  /** Pixels per row (default 18). */
  rowHeight?: number;
}

/**
 * A table drawn as a figure: one text column per field, headers on top, so a results table can be shown like
 * any figure and saved to the gallery as SVG with `saveFigure`. Cells are printed as given (format numbers first).
 */
export function tableFigure(data: Row[], columns: string[] = Object.keys(data[0] ?? {}), o: TableFigureOptions = {}): Spec {
  if (!Array.isArray(data) || data.length === 0) throw new RangeError('tableFigure: argument \'data\' must be a non-empty array of rows');
  const missing = columns.filter((c) => !data.some((r) => c in r));
  if (missing.length) throw new RangeError(`tableFigure: column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')} not in any row (rows have ${Object.keys(data[0]).join(', ')})`);
  const rowHeight = o.rowHeight ?? 18;
  const text = (v: Row[string] | undefined) => (v === null || v === undefined ? '' : String(v));
  // Field names such as 'a.b' or 'x [%]' mean paths to vega-lite, so each column gets a plain key.
  const values = data.map((r, i) => Object.fromEntries([['row', i], ...columns.map((c, j) => [`c${j}`, text(r[c])])]));
  const width = (c: string, j: number) => 10 + 6.5 * Math.max(c.length, ...values.map((v) => (v[`c${j}`] as string).length));
  return {
    ...(o.title ? { title: o.title } : {}),
    data: { values },
    spacing: 4,
    hconcat: columns.map((c, j) => ({
      width: width(c, j),
      height: rowHeight * data.length,
      title: { text: c, anchor: 'start', fontSize: 11, fontWeight: 'bold' },
      mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 11 },
      encoding: {
        y: { field: 'row', type: 'ordinal', axis: null },
        x: { value: 0 },
        text: { field: `c${j}`, type: 'nominal' },
      },
    })),
    config: { view: { stroke: null } },
  };
}
