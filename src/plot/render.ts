/**
 * Rendering figures: a spec (with the theme under it) to SVG in Node via vega's headless 'none' renderer, to the
 * MIME bundle a notebook output carries, and to files (SVG, and PNG through resvg) for the reproduction gallery.
 *
 * vega and vega-lite are pinned to v5: v6 is ESM-only (tslab's require cannot load it) and JupyterLab's
 * renderer understands the vega-lite v5 MIME type.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { figuresDir, projectRoot } from '../notebook/settings';
import { toVega, isVegaLite, VEGA_LITE_SCHEMA, VEGA_SCHEMA, type Spec } from './spec';
import { withTheme } from './theme';

/** Renders a spec to a standalone SVG string, in Node, without a browser. */
export async function renderSVG(spec: Spec): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const vega = require('vega');
  // vega logs dataflow errors instead of throwing; collect them so a broken spec fails loudly.
  const errors: string[] = [];
  const logger = vega.logger(vega.Warn);
  logger.error = (...args: unknown[]) => {
    errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    return logger;
  };
  const view = new vega.View(vega.parse(toVega(withTheme(spec))), { renderer: 'none', logger });
  try {
    const svg: string = await view.toSVG();
    if (errors.length) throw new Error(`renderSVG: vega could not render the spec: ${errors.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

/** The MIME bundle of a figure: the live spec for JupyterLab, its SVG for static viewers, a text fallback. */
export async function figureBundle(spec: Spec): Promise<Record<string, unknown>> {
  const vl = isVegaLite(spec);
  const full = withTheme({ $schema: vl ? VEGA_LITE_SCHEMA : VEGA_SCHEMA, ...spec });
  return {
    [vl ? 'application/vnd.vegalite.v5+json' : 'application/vnd.vega.v5+json']: full,
    'image/svg+xml': await renderSVG(full),
    'text/plain': `<figure: ${typeof spec.title === 'string' ? spec.title : (spec.title as { text?: string })?.text ?? 'untitled'}>`,
  };
}

/**
 * Saves a figure as `<name>.svg`, and `<name>.png` (2x scale) when @resvg/resvg-js is available, into
 * {@link figuresDir} (figures/ in full mode, build/figures/ in quick mode). Prints where it went.
 */
export async function saveFigure(spec: Spec, name: string): Promise<void> {
  if (!/^[\w.-]+$/.test(name)) throw new RangeError(`saveFigure: argument 'name' must be a file name without folders (letters, digits, . _ -), got "${name}"`);
  const dir = figuresDir();
  fs.mkdirSync(dir, { recursive: true });
  const svg = await renderSVG(spec);
  const svgPath = path.join(dir, `${name}.svg`);
  fs.writeFileSync(svgPath, svg);
  const written = [svgPath];
  // PNG through resvg, in a child process: resvg can abort the whole process (a Rust panic, seen with points at
  // huge coordinates), which in a notebook would kill the kernel. PNG is a convenience; the SVG is the gallery's format.
  const pngPath = path.join(dir, `${name}.png`);
  const script = `const { Resvg } = require('@resvg/resvg-js'); const svg = require('fs').readFileSync(0, 'utf8');
    require('fs').writeFileSync(process.argv[1], new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white' }).render().asPng());`;
  const r = spawnSync(process.execPath, ['-e', script, pngPath], { input: svg, cwd: projectRoot(), encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0) written.push(pngPath);
  console.log(`saved ${path.relative(process.cwd(), svgPath)}${written.length > 1 ? ' (and .png)' : ''}`);
}
