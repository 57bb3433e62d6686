/**
 * The look of every figure, set once: a colour-blind-safe palette (Okabe & Ito 2008), the styles of the three
 * roles a series can play (real data, generated samples, a reference such as an analytic curve or mode centres),
 * fonts and legend defaults. Real and generated data never differ by colour alone: real data are drawn as
 * squares and solid lines, generated samples as circles and dashed lines, at different opacities.
 * The figure builders read this module; a lesson that writes its own spec uses `theme` too.
 */
import { isVegaLite, type Spec } from './spec';

/** What a series stands for: it decides colour, point shape, dash and opacity. */
export type Role = 'real' | 'generated' | 'reference';

/** How one role is drawn. */
export interface RoleStyle {
  /** Line and point colour. */
  color: string;
  /** vega point shape. */
  shape: string;
  /** Point opacity. */
  opacity: number;
  /** Line dash pattern ([] for solid). */
  dash: number[];
  /** Default legend label. */
  label: string;
}

/** The Okabe–Ito colours, in the order the builders hand them to series without a role. */
const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
};

/** The figure theme: palette, role styles, sizes and the vega-lite `config` merged into every figure. */
export const theme = {
  /** Colours for series without a role, in order (the roles' colours come last, so they stay recognisable). */
  palette: [OKABE_ITO.vermillion, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.skyBlue, OKABE_ITO.black, OKABE_ITO.yellow, OKABE_ITO.blue, OKABE_ITO.orange],
  /** Dash patterns for series without a role, in order (so curves stay apart in greyscale too). */
  dashes: [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [10, 4]] as number[][],
  roles: {
    real: { color: OKABE_ITO.orange, shape: 'square', opacity: 0.45, dash: [], label: 'real data' },
    generated: { color: OKABE_ITO.blue, shape: 'circle', opacity: 0.6, dash: [6, 3], label: 'generated' },
    reference: { color: '#555555', shape: 'cross', opacity: 0.8, dash: [4, 4], label: 'reference' },
  } as Record<Role, RoleStyle>,
  /** A sequential scheme for surfaces and heatmaps (perceptually uniform, colour-blind safe). */
  scheme: 'viridis',
  /** Light-to-dark range for masses and counts on a white background. */
  massRange: ['#f7fbff', OKABE_ITO.blue],
  /** Default panel size in pixels. */
  width: 440,
  height: 260,
  /** Side of a square sample panel in pixels. */
  panel: 150,
  /** Greyscale images (digits): dark ink on white paper, light grey gaps between tiled images (0 black, 255 white). */
  images: { paper: 255, ink: 0, gap: 205 },
  /** The vega-lite config of every figure: fonts, legends and titles. */
  config: {
    font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
    // No length limit on any text: in Node vega estimates text widths (0.8 em a character, wider than real DejaVu Sans), so a
    // limit cut texts in the SVG that the browser showed whole (lesson 05's first title at 900 px; lesson 08's histogram headers
    // at 400 px; the browser test compares). 0 means no limit in vega.
    title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start', limit: 0 },
    axis: { labelLimit: 0, titleLimit: 0, labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal', gridColor: '#eee' },
    header: { labelFontSize: 11, labelLimit: 0, titleLimit: 0, titleFontWeight: 'normal' },
    legend: { labelLimit: 0, titleLimit: 0, labelFontSize: 11, symbolStrokeWidth: 2 },
    view: { stroke: '#ddd' },
    line: { strokeWidth: 2 },
  } as Spec,
};

/** Colour, dash, shape and opacity of each named series: role series take their role's style, the others the palette in order. */
export function seriesStyles(names: string[], roles: Record<string, Role | undefined>): { color: string[]; dash: number[][]; shape: string[]; opacity: number[] } {
  let k = 0;
  const out = { color: [] as string[], dash: [] as number[][], shape: [] as string[], opacity: [] as number[] };
  for (const name of names) {
    const role = roles[name];
    if (role) {
      const s = theme.roles[role];
      out.color.push(s.color);
      out.dash.push(s.dash);
      out.shape.push(s.shape);
      out.opacity.push(s.opacity);
    } else {
      out.color.push(theme.palette[k % theme.palette.length]);
      out.dash.push(theme.dashes[k % theme.dashes.length]);
      out.shape.push('circle');
      out.opacity.push(0.8);
      k++;
    }
  }
  return out;
}

/** The spec with the theme's config underneath its own (a spec's own config wins). Plain vega specs get the fonts only. */
export function withTheme(spec: Spec): Spec {
  const own = (spec.config ?? {}) as Spec;
  const { title, axis, legend } = theme.config as Record<string, Spec>;
  const merged: Spec = isVegaLite(spec) ? { ...theme.config } : { title, axis, legend };
  for (const [k, v] of Object.entries(own)) {
    merged[k] = v && typeof v === 'object' && !Array.isArray(v) && typeof merged[k] === 'object' ? { ...(merged[k] as Spec), ...(v as Spec) } : v;
  }
  return { ...spec, config: merged };
}
