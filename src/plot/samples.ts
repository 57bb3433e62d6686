/**
 * 2D sample scatters: generated samples over real data (and the modes' centres), as one panel or as small
 * multiples over training steps, methods or seeds. Real and generated points differ in colour, shape and
 * opacity (see the theme), so the figure reads in greyscale and for colour-blind readers too.
 */
import { heading, type Spec } from './spec';
import { theme } from './theme';

/** One panel: a heading and its generated samples as flat (x, y) pairs. */
export interface SamplePanel {
  title: string;
  /** Generated points, flat: x0, y0, x1, y1, ... */
  samples: ArrayLike<number>;
}

/** Options of {@link sampleGrid}. */
export interface SampleGridOptions {
  title?: string;
  subtitle?: string | string[];
  /** Real data drawn under every panel, flat (x, y) pairs. */
  real?: ArrayLike<number>;
  /** Mode centres drawn as crosses (e.g. a mixture's `centres`). */
  centres?: ArrayLike<number>[];
  /** Axis range on both axes: [lo, hi], or a half-width h for [-h, h] (default: 1.1 times the largest centre, or 2.5). */
  domain?: [number, number] | number;
  /** Panels per row (default 4). */
  columns?: number;
  /** Generated and real points drawn per panel at most (default 600 and 300). */
  maxPoints?: number;
  maxReal?: number;
  /** Side of a panel in pixels. */
  size?: number;
  /** Axis titles (default none: the plane's coordinates). */
  x?: string;
  y?: string;
  /** Labels of the two series in the legend. */
  realLabel?: string;
  generatedLabel?: string;
}

/** Rows { x, y } of the first `limit` points of a flat (x, y) array that fall inside [lo - m, hi + m]^2 (far points would only be clipped). */
function pointRows(xy: ArrayLike<number>, limit: number, lo: number, hi: number, extra: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const m = 0.5 * (hi - lo);
  for (let i = 0; i < Math.min(limit, Math.floor(xy.length / 2)); i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    if (x > lo - m && x < hi + m && y > lo - m && y < hi + m) out.push({ x, y, ...extra });
  }
  return out;
}

function domainOf(o: SampleGridOptions): [number, number] {
  if (Array.isArray(o.domain)) return o.domain as [number, number];
  if (typeof o.domain === 'number') return [-o.domain, o.domain];
  const extent = o.centres?.length ? 1.1 * Math.max(...o.centres.map((c) => Math.max(Math.abs(c[0]), Math.abs(c[1])))) + 0.3 : 2.5;
  return [-extent, extent];
}

/**
 * Small multiples of 2D samples: `sampleGrid(snapshots.map((s) => ({ title: `step ${s.step}`, samples: s.samples })), { real, centres, columns: 4 })`.
 * Panels keep the order given. A single panel is a plain scatter; a panel with `samples: []` and `real` shows the data alone.
 */
export function sampleGrid(panels: SamplePanel[], o: SampleGridOptions = {}): Spec {
  if (!Array.isArray(panels) || panels.length === 0) throw new RangeError('sampleGrid: argument \'panels\' must be a non-empty array of { title, samples }');
  const [lo, hi] = domainOf(o);
  const realLabel = o.realLabel ?? theme.roles.real.label;
  const generatedLabel = o.generatedLabel ?? theme.roles.generated.label;
  const titles = panels.map((p) => p.title);
  if (new Set(titles).size !== titles.length) throw new RangeError(`sampleGrid: panel titles must differ (they name the panels), got ${JSON.stringify(titles)}`);
  const rows = panels.flatMap((p) => [
    ...(o.real ? pointRows(o.real, o.maxReal ?? 300, lo, hi, { panel: p.title, series: realLabel }) : []),
    ...pointRows(p.samples, o.maxPoints ?? 600, lo, hi, { panel: p.title, series: generatedLabel }),
  ]);
  const scale = { domain: [lo, hi], nice: false };
  const x = { field: 'x', type: 'quantitative', scale, title: o.x ?? null, axis: { tickCount: 5 } };
  const y = { field: 'y', type: 'quantitative', scale, title: o.y ?? null, axis: { tickCount: 5 } };
  // Panels without generated points (real data alone, e.g. a first look at the data) leave 'generated' out of the legend.
  const anyGenerated = panels.some((p) => p.samples.length > 0);
  const series = [...(o.real ? [realLabel] : []), ...(anyGenerated ? [generatedLabel] : [])];
  const styles = [...(o.real ? [theme.roles.real] : []), ...(anyGenerated ? [theme.roles.generated] : [])];
  const reference = theme.roles.reference;
  const layers: Spec[] = [
    ...(o.centres?.length
      ? [{
          data: { values: o.centres.map((c) => ({ x: c[0], y: c[1] })) },
          mark: { type: 'point', shape: reference.shape, size: 40, color: reference.color, opacity: reference.opacity, clip: true },
          encoding: { x, y },
        }]
      : []),
    {
      mark: { type: 'point', filled: true, size: 7, clip: true },
      encoding: {
        x, y,
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: styles.map((s) => s.color) } },
        shape: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: styles.map((s) => s.shape) } },
        opacity: { condition: { test: `datum.series == ${JSON.stringify(realLabel)}`, value: theme.roles.real.opacity }, value: theme.roles.generated.opacity },
      },
    },
  ];
  const size = o.size ?? theme.panel;
  return {
    ...heading(o),
    data: { values: rows },
    facet: { field: 'panel', type: 'ordinal', title: null, sort: titles },
    columns: Math.min(o.columns ?? 4, panels.length),
    spec: { width: size, height: size, layer: layers },
  };
}
