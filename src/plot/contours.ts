/**
 * Filled contour plots of 2D surfaces (a critic's value surface, a density) evaluated on a square grid, with
 * points drawn on top: a plain vega v5 spec whose `isocontour` transform (marching squares) turns the grid
 * values into nested level sets, one panel per surface. No vega-lite equivalent exists for contours of gridded
 * values, and the spec stays small (polygons, not one rectangle per grid cell).
 */
import { integer, finite, finiteArray, fail } from '../validate';
import { VEGA_SCHEMA, type Spec } from './spec';

/** The cell centres of an n x n grid over [lo, hi]^2, in the row order contour plots use (row 0 at the top). */
export interface SquareGrid {
  readonly n: number;
  readonly lo: number;
  readonly hi: number;
  /** n * n points as (x, y) pairs, row-major: point r * n + c is (x_c, y_r), x increasing, y decreasing. */
  readonly points: Float32Array;
}

/** x_c = lo + (c + 1/2) h and y_r = hi - (r + 1/2) h with h = (hi - lo) / n: the centres of n x n square cells. */
export function squareGrid(n: number, lo: number, hi: number): SquareGrid {
  integer('squareGrid', 'n', n, 2);
  finite('squareGrid', 'lo', lo);
  finite('squareGrid', 'hi', hi);
  if (!(hi > lo)) fail('squareGrid', 'hi', `a number > lo = ${lo}`, hi);
  const h = (hi - lo) / n;
  const points = new Float32Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      points[2 * (r * n + c)] = lo + (c + 0.5) * h;
      points[2 * (r * n + c) + 1] = hi - (r + 0.5) * h;
    }
  }
  return { n, lo, hi, points };
}

/** A point drawn over a surface, coloured by its series (e.g. 'real', 'generated'). */
export interface SeriesPoint {
  x: number;
  y: number;
  series: string;
}

/** One panel: a title, the surface's values at the grid's points (in the grid's order), points on top. */
export interface ContourPanel {
  title: string;
  values: ArrayLike<number>;
  points?: SeriesPoint[];
  /** Points on top given as flat (x, y) pairs by series name, e.g. { 'real data': real, generated: fake }; drawn after `points`. */
  samples?: Record<string, ArrayLike<number>>;
}

/** A panel's points on top: its `points`, then its `samples` unpacked series by series. */
function panelPoints(p: ContourPanel): SeriesPoint[] {
  const out: SeriesPoint[] = [...(p.points ?? [])];
  for (const [series, xy] of Object.entries(p.samples ?? {})) {
    for (let i = 0; i + 1 < xy.length; i += 2) out.push({ x: xy[i], y: xy[i + 1], series });
  }
  return out;
}

/** Options of {@link contourFigure}. */
export interface ContourFigureOptions {
  title?: string;
  /** Panels per row (default 3). */
  columns?: number;
  /** Width and height of a panel in pixels (default 220). */
  size?: number;
  /** Number of contour levels (default 16). */
  levels?: number;
  /** Title of the colour legend (default 'value, rescaled to [0, 1] in each panel'). */
  legendTitle?: string;
  /** A vega colour scheme for the surface (default 'viridis'). */
  scheme?: string;
  /** Colours of the point series, in the order of `series` (default orange, white, ...). */
  seriesColors?: string[];
  /** The point series in legend order (default: in order of appearance). */
  series?: string[];
}

/** Rescales values to [0, 1] (a constant surface becomes all 0.5). */
function rescale(values: ArrayLike<number>): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const span = hi - lo;
  return Array.from(values, (v) => (span > 0 ? (v - lo) / span : 0.5));
}

/**
 * A vega v5 spec: one panel per surface, its values rescaled to [0, 1] (a critic is defined up to a constant, so
 * only the shape matters), drawn as filled contours at `levels` equally spaced levels with the points on top.
 */
export function contourFigure(grid: SquareGrid, panels: ContourPanel[], options: ContourFigureOptions = {}): Spec {
  const fn = 'contourFigure';
  if (!Array.isArray(panels) || panels.length === 0) fail(fn, 'panels', 'a non-empty array of panels', panels);
  const n = grid.n;
  panels.forEach((p, k) => {
    if (p.values.length !== n * n) fail(fn, `panels[${k}].values`, `${n * n} values (the grid is ${n} x ${n})`, p.values);
    finiteArray(fn, `panels[${k}].values`, p.values);
  });
  const size = options.size ?? 220;
  const levels = integer(fn, 'levels', options.levels ?? 16, 2);
  const thresholds = Array.from({ length: levels }, (_, i) => i / levels);
  const points = panels.map(panelPoints);
  const series = options.series ?? [...new Set(points.flatMap((ps) => ps.map((q) => q.series)))];
  const colors = options.seriesColors ?? ['#ff7f0e', '#ffffff', '#e377c2', '#17becf'];
  return {
    $schema: VEGA_SCHEMA,
    ...(options.title ? { title: { text: options.title, anchor: 'middle', fontSize: 14 } } : {}),
    padding: 8,
    layout: { columns: options.columns ?? 3, padding: { row: 28, column: 20 }, bounds: 'full', align: 'all' },
    scales: [
      { name: 'color', type: 'linear', domain: [0, 1], range: { scheme: options.scheme ?? 'viridis' } },
      { name: 'series', type: 'ordinal', domain: series, range: colors },
    ],
    legends: [
      { fill: 'color', type: 'gradient', title: options.legendTitle ?? 'value, rescaled to [0, 1] in each panel', orient: 'right', gradientLength: size },
      ...(series.length ? [{ fill: 'series', title: 'samples', orient: 'right', symbolType: 'circle', symbolStrokeColor: '#333', symbolStrokeWidth: 0.5 }] : []),
    ],
    marks: panels.map((p, k) => ({
      type: 'group',
      title: { text: p.title, fontSize: 12, limit: 0 },
      // The background takes the lowest colour: marching squares leaves the grid's outer half-cells uncovered.
      encode: { enter: { width: { value: size }, height: { value: size }, fill: { scale: 'color', value: 0 } } },
      data: [
        {
          name: `surface${k}`,
          values: [{ width: n, height: n, values: rescale(p.values) }],
          transform: [{ type: 'isocontour', thresholds, scale: size / n, smooth: true }],
        },
        { name: `points${k}`, values: points[k] },
      ],
      scales: [
        { name: 'x', type: 'linear', domain: [grid.lo, grid.hi], range: [0, size] },
        { name: 'y', type: 'linear', domain: [grid.lo, grid.hi], range: [size, 0] },
      ],
      axes: [
        { scale: 'x', orient: 'bottom', tickCount: 5, grid: false },
        { scale: 'y', orient: 'left', tickCount: 5, grid: false },
      ],
      marks: [
        {
          type: 'path',
          clip: true,
          from: { data: `surface${k}` },
          encode: {
            enter: {
              fill: { scale: 'color', field: 'contour.value' },
              stroke: { value: '#ffffff' },
              strokeWidth: { value: 0.4 },
              strokeOpacity: { value: 0.5 },
            },
          },
          transform: [{ type: 'geopath', field: 'datum.contour' }],
        },
        {
          from: { data: `points${k}` },
          type: 'symbol',
          clip: true,
          encode: {
            enter: {
              x: { scale: 'x', field: 'x' },
              y: { scale: 'y', field: 'y' },
              size: { value: 7 },
              fill: { scale: 'series', field: 'series' },
              fillOpacity: { value: 0.85 },
              stroke: { value: '#333333' },
              strokeWidth: { value: 0.2 },
            },
          },
        },
      ],
    })),
  };
}
