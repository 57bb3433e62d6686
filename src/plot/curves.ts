/**
 * Curves over x: the figure most lessons draw (divergences against a gap, a density and its discriminator,
 * an estimate against the sample size). One call on arrays, as in d2l's `plot`; the theme decides colours,
 * dashes and what real, generated and reference series look like.
 */
import { heading, type Spec } from './spec';
import { seriesStyles, theme, type Role } from './theme';

/** One curve: y values over the figure's x (or its own x), with an optional role, error bars, points. */
export interface Series {
  /** The values, one per x. Non-finite values leave a gap. */
  y: ArrayLike<number>;
  /** Its own x values (default: the figure's x). */
  x?: ArrayLike<number>;
  /** Real data, generated samples or a reference (analytic curve): decides its look (default: the next palette colour). */
  role?: Role;
  /** Lower and upper ends of an error bar at each x (e.g. mean ± standard error). */
  lo?: ArrayLike<number>;
  hi?: ArrayLike<number>;
  /** Draw a point at each value. */
  points?: boolean;
}

/** A curve as plain values, or with its options. */
export type SeriesInput = ArrayLike<number> | Series;

/** A horizontal (y) or vertical (x) reference line, with an optional label. */
export interface Rule {
  x?: number;
  y?: number;
  label?: string;
}

/** Options of {@link curves}. */
export interface CurveOptions {
  title?: string;
  subtitle?: string | string[];
  /** Axis titles. */
  x?: string;
  y?: string;
  /** Logarithmic axes. */
  logX?: boolean;
  logY?: boolean;
  /** Fixed axis ranges (values outside are clipped). */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Reference lines. */
  rules?: Rule[];
  /** Points on every series. */
  points?: boolean;
  /** Where the legend goes (default right; 'none' hides it). */
  legend?: 'right' | 'bottom' | 'top' | 'none';
  /** Axis number formats (d3-format), e.g. '~s' or '.0e'. */
  xFormat?: string;
  yFormat?: string;
  width?: number;
  height?: number;
}

/** A series given as plain values becomes { y: values }. */
export function asSeries(s: SeriesInput): Series {
  return Array.isArray(s) || ArrayBuffer.isView(s) || !('y' in (s as object)) ? { y: s as ArrayLike<number> } : (s as Series);
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/** The quantitative axis encoding of a field. */
export function axis(field: string, title: string | null | undefined, o: { log?: boolean; domain?: [number, number]; format?: string; zero?: boolean } = {}): Spec {
  return {
    field,
    type: 'quantitative',
    title: title ?? null,
    scale: { ...(o.log ? { type: 'log' } : {}), ...(o.domain ? { domain: o.domain, nice: false } : o.log ? {} : { zero: o.zero ?? false }) },
    ...(o.format ? { axis: { format: o.format } } : {}),
  };
}

/** Legend placement for a channel. */
function legendOf(where: CurveOptions['legend']): Spec | null {
  if (where === 'none') return null;
  return where && where !== 'right' ? { orient: where, direction: 'vertical' } : {};
}

/** The layers that draw reference rules (and their labels) on x/y axes named `x` and `y`. */
export function ruleLayers(rules: Rule[] = []): Spec[] {
  return rules.map((r) => {
    const channel = r.y !== undefined ? 'y' : 'x';
    const value = r.y ?? r.x;
    const ref = theme.roles.reference;
    return {
      data: { values: [{ v: value, label: r.label ?? '' }] },
      layer: [
        { mark: { type: 'rule', strokeDash: ref.dash, color: ref.color }, encoding: { [channel]: { field: 'v', type: 'quantitative' } } },
        ...(r.label
          ? [{
              mark: channel === 'y'
                ? { type: 'text', align: 'right', baseline: 'bottom', dy: -2, x: 'width', color: ref.color }
                : { type: 'text', align: 'left', baseline: 'top', dx: 3, y: 0, color: ref.color },
              encoding: { [channel]: { field: 'v', type: 'quantitative' }, text: { field: 'label' } },
            }]
          : []),
      ],
    };
  });
}

/**
 * Curves of y over x, one per named series: `curves(gaps, { JS: js, KL: kl }, { x: 'gap', y: 'nats', rules: [{ y: Math.LN2, label: 'log 2' }] })`.
 * Series keep the order given (legend too). On a log axis, values <= 0 are left out.
 */
export function curves(x: ArrayLike<number>, series: Record<string, SeriesInput>, o: CurveOptions = {}): Spec {
  const names = Object.keys(series);
  if (names.length === 0) throw new RangeError('curves: argument \'series\' must name at least one series, e.g. { JS: values }');
  const all = names.map((n) => asSeries(series[n]));
  const rows: Record<string, unknown>[] = [];
  all.forEach((s, k) => {
    const xs = s.x ?? x;
    if (xs.length !== s.y.length) throw new RangeError(`curves: series '${names[k]}' has ${s.y.length} values but ${xs.length} x values`);
    for (let i = 0; i < xs.length; i++) {
      const yv = s.y[i];
      if (o.logY && !(yv > 0)) continue;
      if (o.logX && !(xs[i] > 0)) continue;
      rows.push({ x: xs[i], y: finiteOrNull(yv), series: names[k], ...(s.lo && s.hi ? { lo: finiteOrNull(s.lo[i]), hi: finiteOrNull(s.hi[i]) } : {}) });
    }
  });
  const roles = Object.fromEntries(names.map((n, k) => [n, all[k].role]));
  const style = seriesStyles(names, roles);
  const legend = legendOf(o.legend);
  const xEnc = axis('x', o.x, { log: o.logX, domain: o.xDomain, format: o.xFormat, zero: false });
  const yEnc = axis('y', o.y, { log: o.logY, domain: o.yDomain, format: o.yFormat });
  const seriesScale = (range: unknown[]) => ({ domain: names, range });
  const color = { field: 'series', type: 'nominal', title: null, sort: names, scale: seriesScale(style.color), legend };
  const dash = { field: 'series', type: 'nominal', title: null, sort: names, scale: seriesScale(style.dash), legend };
  const withPoints = names.filter((n, k) => o.points || all[k].points);
  const withBars = names.filter((n, k) => all[k].lo && all[k].hi);
  const layers: Spec[] = [
    { mark: { type: 'line', clip: true }, encoding: { x: xEnc, y: yEnc, color, strokeDash: dash } },
    ...(withPoints.length
      ? [{
          transform: [{ filter: { field: 'series', oneOf: withPoints } }],
          mark: { type: 'point', filled: true, size: 30, clip: true },
          encoding: { x: xEnc, y: { field: 'y', type: 'quantitative' }, color },
        }]
      : []),
    ...(withBars.length
      ? [{
          transform: [{ filter: { field: 'series', oneOf: withBars } }],
          mark: { type: 'rule', strokeWidth: 1.5, clip: true },
          encoding: { x: xEnc, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
        }]
      : []),
  ];
  return {
    ...frame(o),
    layer: [{ data: { values: rows }, layer: layers }, ...ruleLayers(o.rules)],
  };
}

/** Title, subtitle and size of a single-view figure. */
export function frame(o: { title?: string; subtitle?: string | string[]; width?: number; height?: number }): Spec {
  return {
    ...heading(o),
    width: o.width ?? theme.width,
    height: o.height ?? theme.height,
  };
}

/** One panel of {@link densityPanels}: its curves over the shared x, its y title, its range. */
export interface DensityPanel {
  /** Panel heading. */
  title?: string;
  /** y axis title. */
  y?: string;
  series: Record<string, SeriesInput>;
  yDomain?: [number, number];
  logY?: boolean;
  rules?: Rule[];
}

/** Options of {@link densityPanels}. */
export interface DensityPanelsOptions {
  title?: string;
  subtitle?: string | string[];
  /** Title of the shared x axis (shown under the last panel). */
  x?: string;
  xDomain?: [number, number];
  width?: number;
  /** Height of each panel (default 140). */
  height?: number;
}

/**
 * Panels stacked over a shared x axis: densities on top, what a discriminator or critic makes of them below
 * (`densityPanels(xs, [{ series: { p_data: { y: pd, role: 'real' }, p_g: { y: pg, role: 'generated' } } }, { y: 'D(x)', series: { 'D*': d } }])`).
 */
export function densityPanels(x: ArrayLike<number>, panels: DensityPanel[], o: DensityPanelsOptions = {}): Spec {
  if (panels.length === 0) throw new RangeError('densityPanels: argument \'panels\' must hold at least one panel');
  return {
    ...heading(o),
    vconcat: panels.map((p, k) => {
      const spec = curves(x, p.series, { x: k === panels.length - 1 ? o.x : undefined, y: p.y, yDomain: p.yDomain, logY: p.logY, rules: p.rules,
                                         xDomain: o.xDomain, width: o.width ?? theme.width, height: o.height ?? 140 });
      return p.title ? { ...spec, title: { text: p.title, fontSize: 12 } } : spec;
    }),
    resolve: { scale: { color: 'independent', strokeDash: 'independent', shape: 'independent' } },
  };
}
