/**
 * Vector fields in the plane (quiver plots) with trajectories on top: the gradient field of a two-player game
 * such as the Dirac-GAN and the path training takes through it, as small multiples over methods. Arrows have
 * one length (the direction is what the eye reads) and an opacity that grows with the speed |v|; paths are
 * drawn in the order of their points, not sorted by x, with their start marked.
 */
import { heading, type Spec } from './spec';
import { seriesStyles, theme } from './theme';

/** A field sampled on a grid: u[i * x.length + j], v[i * x.length + j] is the vector at (x[j], y[i]). */
export interface FieldGrid {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  u: ArrayLike<number>;
  v: ArrayLike<number>;
}

/** A path through the plane, in order (e.g. the iterates of training). */
export interface PlanePath {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** One panel: a heading, the field, and paths by legend label. */
export interface VectorFieldPanel {
  title: string;
  field: FieldGrid;
  paths?: Record<string, PlanePath>;
}

/** Options of {@link vectorField}. */
export interface VectorFieldOptions {
  title?: string;
  subtitle?: string | string[];
  /** Axis titles. */
  x?: string;
  y?: string;
  /** Axis range on both axes (default: the first panel's grid). */
  domain?: [number, number];
  /** Panels per row (default 3). */
  columns?: number;
  /** Side of a panel in pixels (default 220). */
  size?: number;
  /** Arrow length as a fraction of the grid spacing (default 0.55). */
  arrowLength?: number;
}

/**
 * Small multiples of a vector field with paths: `vectorField(methods.map((m) => ({ title: m.label, field, paths: { training: { x: theta, y: psi } } })), { x: 'θ', y: 'ψ' })`.
 * Every path label keeps one colour across panels; a zero vector draws no arrow.
 */
export function vectorField(panels: VectorFieldPanel[], o: VectorFieldOptions = {}): Spec {
  if (!Array.isArray(panels) || panels.length === 0) throw new RangeError('vectorField: argument \'panels\' must be a non-empty array of { title, field, paths }');
  const first = panels[0].field;
  const domain = o.domain ?? [first.x[0], first.x[first.x.length - 1]];
  const rows: Record<string, unknown>[] = [];
  for (const p of panels) {
    const { x, y, u, v } = p.field;
    if (u.length !== x.length * y.length || v.length !== u.length) throw new RangeError(`vectorField: panel '${p.title}' needs ${x.length * y.length} vectors (x.length * y.length), got ${u.length} and ${v.length}`);
    const len = (o.arrowLength ?? 0.55) * Math.abs(x[x.length - 1] - x[0]) / Math.max(1, x.length - 1);
    for (let i = 0; i < y.length; i++) {
      for (let j = 0; j < x.length; j++) {
        const [vx, vy] = [u[i * x.length + j], v[i * x.length + j]];
        const speed = Math.hypot(vx, vy);
        if (!(speed > 0)) continue;
        rows.push({ panel: p.title, kind: 'arrow', x: x[j], y: y[i], x2: x[j] + (len * vx) / speed, y2: y[i] + (len * vy) / speed, speed,
                    angle: (Math.atan2(vx, vy) * 180) / Math.PI });
      }
    }
    for (const [name, path] of Object.entries(p.paths ?? {})) {
      for (let k = 0; k < path.x.length; k++) rows.push({ panel: p.title, kind: 'path', series: name, x: path.x[k], y: path.y[k], k });
    }
  }
  const names = [...new Set(panels.flatMap((p) => Object.keys(p.paths ?? {})))];
  const style = seriesStyles(names, {});
  const scale = { domain, nice: false };
  const q = (field: string, title?: string) => ({ field, type: 'quantitative', scale, title: title ?? null });
  const arrows = "datum.kind == 'arrow'";
  const maxSpeed = Math.max(...rows.filter((r) => r.kind === 'arrow').map((r) => r.speed as number), 1e-12);
  const opacity = { field: 'speed', type: 'quantitative', scale: { type: 'sqrt', domain: [0, maxSpeed], range: [0.15, 1] }, legend: null };
  const color = { field: 'series', type: 'nominal', title: null, sort: names, scale: { domain: names, range: style.color } };
  const ink = theme.roles.reference.color;
  const size = o.size ?? 220;
  return {
    ...heading(o),
    data: { values: rows },
    facet: { field: 'panel', type: 'ordinal', title: null, sort: panels.map((p) => p.title) },
    columns: Math.min(o.columns ?? 3, panels.length),
    spec: {
      width: size,
      height: size,
      layer: [
        { transform: [{ filter: arrows }], mark: { type: 'rule', color: ink, clip: true },
          encoding: { x: q('x', o.x), y: q('y', o.y), x2: { field: 'x2' }, y2: { field: 'y2' }, opacity } },
        { transform: [{ filter: arrows }], mark: { type: 'point', shape: 'triangle-up', filled: true, size: 18, color: ink, clip: true },
          encoding: { x: q('x2', o.x), y: q('y2', o.y), angle: { field: 'angle', type: 'quantitative', scale: { domain: [-360, 360], range: [-360, 360] } }, opacity } },
        { transform: [{ filter: "datum.kind == 'path'" }], mark: { type: 'line', strokeWidth: 1.5, clip: true },
          encoding: { x: q('x', o.x), y: q('y', o.y), order: { field: 'k', type: 'quantitative' }, color } },
        { transform: [{ filter: "datum.kind == 'path' && datum.k == 0" }], mark: { type: 'point', filled: true, size: 40, opacity: 1, clip: true },
          encoding: { x: q('x', o.x), y: q('y', o.y), color } },
      ],
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  };
}
