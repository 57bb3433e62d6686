/**
 * Matrices drawn as heatmaps: a transport plan (mass moved from bin i to bin j), a confusion matrix, any
 * values on a grid of rectangles. Cells at or below a floor are left white, so a sparse plan reads as a path.
 */
import type { Spec } from './spec';
import { theme } from './theme';

/** Options of {@link heatmap}. */
export interface HeatmapOptions {
  title?: string;
  /** Edges of the row and column bins (n + 1 values each; default 0, 1, ..., n). Row i spans x, column j spans y. */
  rowEdges?: ArrayLike<number>;
  colEdges?: ArrayLike<number>;
  /** Axis titles: rows along x, columns along y. */
  x?: string;
  y?: string;
  /** Colour legend title (default 'value'). */
  legend?: string;
  /** Draw the colour legend (default true); panels that share a `domain` need it only once. */
  showLegend?: boolean;
  /** Cells at or below this are not drawn (default 0). */
  floor?: number;
  /** Colour range [lo, hi] (default [0, the largest value]); share it across panels to compare them. */
  domain?: [number, number];
  /** Draw the diagonal y = x (e.g. "no mass moved"). */
  diagonal?: boolean;
  /** Side in pixels (default 260). */
  size?: number;
}

/** A heatmap of `values[i][j]`: `heatmap(plan, { rowEdges: edges, colEdges: edges, x: 'from', y: 'to', legend: 'mass' })`. */
export function heatmap(values: ArrayLike<ArrayLike<number>>, o: HeatmapOptions = {}): Spec {
  const n = values.length;
  if (n === 0) throw new RangeError('heatmap: argument \'values\' must be a non-empty matrix');
  const m = values[0].length;
  const rowEdges = o.rowEdges ?? Array.from({ length: n + 1 }, (_, i) => i);
  const colEdges = o.colEdges ?? Array.from({ length: m + 1 }, (_, j) => j);
  if (rowEdges.length !== n + 1 || colEdges.length !== m + 1) {
    throw new RangeError(`heatmap: a ${n} x ${m} matrix needs ${n + 1} row edges and ${m + 1} column edges, got ${rowEdges.length} and ${colEdges.length}`);
  }
  const floor = o.floor ?? 0;
  const cells: Record<string, number>[] = [];
  let max = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const v = values[i][j];
      max = Math.max(max, v);
      if (v > floor) cells.push({ x: rowEdges[i], x2: rowEdges[i + 1], y: colEdges[j], y2: colEdges[j + 1], v });
    }
  }
  const xDomain = [rowEdges[0], rowEdges[n]];
  const yDomain = [colEdges[0], colEdges[m]];
  const size = o.size ?? 260;
  return {
    width: size,
    height: size,
    ...(o.title ? { title: o.title } : {}),
    layer: [
      { data: { values: cells }, mark: 'rect',
        encoding: { x: { field: 'x', type: 'quantitative', title: o.x ?? null, scale: { domain: xDomain, nice: false } }, x2: { field: 'x2' },
                    y: { field: 'y', type: 'quantitative', title: o.y ?? null, scale: { domain: yDomain, nice: false } }, y2: { field: 'y2' },
                    color: { field: 'v', type: 'quantitative', title: o.legend ?? 'value', scale: { domain: o.domain ?? [0, max], range: theme.massRange, clamp: true },
                             ...(o.showLegend === false ? { legend: null } : {}) } } },
      ...(o.diagonal
        ? [{ data: { values: [{ x: xDomain[0], y: yDomain[0], x2: xDomain[1], y2: yDomain[1] }] },
             mark: { type: 'rule', strokeDash: theme.roles.reference.dash, color: theme.roles.reference.color },
             encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, x2: { field: 'x2' }, y2: { field: 'y2' } } }]
        : []),
    ],
  };
}
