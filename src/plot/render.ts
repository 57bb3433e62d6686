/**
 * Rendering figures: a spec (with the theme under it) compiled once to vega by the library's vega-lite, drawn to SVG in
 * Node by vega's headless 'none' renderer, to PNG by resvg, to the output a notebook shows, and to files (SVG and
 * PNG) for the reproduction gallery.
 *
 * A notebook output carries the compiled vega spec, not the vega-lite one: JupyterLab 4.6 compiles vega-lite with the
 * vega-lite it bundles (5.6.1), which can differ from ours (5.23), while a vega spec is drawn by its vega 5.33 as it
 * is, the same vega as ours. So the browser draws what the SVG shows, by construction.
 * vega and vega-lite are pinned to v5: v6 is ESM-only, which tslab's require cannot load.
 */
import * as fs from 'fs';
import * as path from 'path';
import { figuresDir } from '../notebook/settings';
import type { MimeBundle } from '../notebook/display';
import { toVega, VEGA_SCHEMA, type Spec } from './spec';
import { withTheme } from './theme';
import { svgToPNG } from './png';

/** The MIME type of a figure in a notebook output: a compiled vega v5 spec. */
export const VEGA_MIME = 'application/vnd.vega.v5+json';

/** The vega spec a figure is drawn from: the theme under the spec's own config, vega-lite compiled by the library's vega-lite. */
export function compileFigure(spec: Spec): Spec {
  return { ...toVega(withTheme(spec)), $schema: VEGA_SCHEMA };
}

/** Draws a compiled vega spec to SVG; throws with vega's messages when vega could not draw it. */
async function drawSVG(vegaSpec: Spec): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const vega = require('vega');
  // vega logs dataflow errors instead of throwing; collect them so a broken spec fails loudly.
  const errors: string[] = [];
  const logger = vega.logger(vega.Warn);
  logger.error = (...args: unknown[]) => {
    errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    return logger;
  };
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', logger });
  try {
    const svg: string = await view.toSVG();
    if (errors.length) throw new Error(`renderSVG: vega could not render the spec: ${errors.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

/** Renders a spec to a standalone SVG string, in Node, without a browser. */
export async function renderSVG(spec: Spec): Promise<string> {
  return drawSVG(compileFigure(spec));
}

/** A figure as a notebook output: its MIME bundle and the metadata that tells JupyterLab's vega renderer how to draw it. */
export interface FigureOutput {
  /** The compiled vega spec (JupyterLab), a PNG (JupyterLab's own copy, which it would otherwise add and so mark the notebook modified), the SVG (nbconvert's HTML, static viewers), a text line. */
  data: MimeBundle;
  /** Embed options for JupyterLab's renderer: vega's SVG renderer, as in the library's SVG. */
  metadata: Record<string, unknown>;
}

/** A figure's title text ('untitled' without one; for a figure whose title follows its controls, the initial view's). */
export function figureTitle(spec: Spec): string {
  const t = spec.title as string | { text?: unknown } | undefined;
  const text = typeof t === 'string' ? t : t?.text;
  if (typeof text === 'string') return text;
  // A figure with controls keeps its initial view's title in usermeta (see interactive.ts).
  const initial = (spec.usermeta as { title?: unknown } | undefined)?.title;
  return typeof initial === 'string' ? initial : 'untitled';
}

/** True when a compiled vega spec binds a signal to an input (a slider, a drop-down): the figure moves in JupyterLab. */
export function hasControls(vegaSpec: unknown): boolean {
  const signals = (vegaSpec as { signals?: { bind?: unknown }[] } | undefined)?.signals ?? [];
  return signals.some((s) => s.bind !== undefined);
}

/** The output of a figure for a notebook: one compilation, drawn to SVG and PNG here; see {@link FigureOutput}. */
export async function figureOutput(spec: Spec): Promise<FigureOutput> {
  const compiled = compileFigure(spec);
  const svg = await drawSVG(compiled);
  const png = await svgToPNG(svg);
  const title = figureTitle(spec);
  if ('error' in png) console.warn(`wgan-lab: figure "${title}" has no PNG copy (${png.error}); it is shown as drawn.`);
  return {
    data: {
      [VEGA_MIME]: compiled,
      ...('png' in png ? { 'image/png': png.png.toString('base64') } : {}),
      'image/svg+xml': svg,
      'text/plain': `<figure: ${title}>`,
    },
    metadata: { [VEGA_MIME]: { embed_options: { renderer: 'svg' } } },
  };
}

/**
 * Saves a figure as `<name>.svg`, and `<name>.png` (2x scale) when resvg can draw it, into {@link figuresDir}
 * (figures/ in full mode, build/figures/ in quick mode). Prints where it went. `svg`: the figure's SVG if already drawn.
 */
export async function saveFigure(spec: Spec, name: string, svg?: string): Promise<void> {
  if (!/^[\w.-]+$/.test(name)) throw new RangeError(`saveFigure: argument 'name' must be a file name without folders (letters, digits, . _ -), got "${name}"`);
  const dir = figuresDir();
  fs.mkdirSync(dir, { recursive: true });
  svg ??= await renderSVG(spec);
  const svgPath = path.join(dir, `${name}.svg`);
  fs.writeFileSync(svgPath, svg);
  const png = await svgToPNG(svg, 2);
  if ('png' in png) fs.writeFileSync(path.join(dir, `${name}.png`), png.png);
  console.log(`saved ${path.relative(process.cwd(), svgPath)}${'png' in png ? ' (and .png)' : ` (no PNG: ${png.error})`}`);
}
