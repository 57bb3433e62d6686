/**
 * A rotatable 3D view of a critic's value surface with Plotly: something a student can turn with the mouse to
 * see the peaks on the modes and the slopes between them. It is an extra, never evidence: JupyterLab runs the
 * scripts of HTML outputs only in a trusted notebook (File → Trust Notebook, or `jupyter trust <notebook>`), so
 * no check depends on it, and every figure an argument rests on is a vega figure. plotly.js (10.8 MB unminified, as plotly.js-dist ships it) is
 * embedded in the first Plotly output of a kernel session only; later outputs reuse `window.Plotly`, and say so
 * when it is missing (a notebook opened on a later output first, or untrusted).
 */
import * as fs from 'fs';
import { displayBundle } from '../notebook/display';
import type { SquareGrid } from './contours';

let plotlySource: string | null = null;
let embedded = false;
let counter = 0;

/** The plotly.js-dist bundle's source (read once from node_modules). */
function plotlyJs(): string {
  plotlySource ??= fs.readFileSync(require.resolve('plotly.js-dist'), 'utf8');
  return plotlySource;
}

/** Whether the next Plotly output carries plotly.js (true once per process: a kernel restart embeds it again). */
export function plotlyNeedsEmbedding(): boolean {
  return !embedded;
}

/**
 * HTML for a Plotly figure: a div drawn with `data` and `layout`, and plotly.js itself when `embed` is true
 * (default: the first figure of this kernel session).
 */
export function plotlyHTML(data: object[], layout: object = {}, embed = plotlyNeedsEmbedding()): string {
  const id = `wgan-lab-plotly-${process.pid}-${++counter}`;
  const json = (o: object) => JSON.stringify(o).replace(/</g, '\\u003c');
  const library = embed ? `<script>(function(){var define=undefined,module=undefined,exports=undefined;${plotlyJs()}})();</script>\n` : '';
  if (embed) embedded = true;
  return `${library}<div id="${id}" style="width:100%;height:480px">3D view: needs a trusted notebook (File → Trust Notebook) and the cell that first drew a 3D view.</div>
<script>(function(){var el=document.getElementById(${JSON.stringify(id)});if(!window.Plotly){return;}el.textContent='';
window.Plotly.newPlot(el, ${json(data)}, ${json(layout)}, {responsive: true});})();</script>`;
}

/** Options of {@link surface3d}. */
export interface Surface3dOptions {
  title?: string;
  /** z axis title (default 'D(x)'). */
  z?: string;
  /** Points drawn on the floor of the box (e.g. real data), flat (x, y) pairs. */
  points?: ArrayLike<number>;
}

/** The Plotly traces and layout of a value surface on a {@link SquareGrid} (values in the grid's order). */
export function surfaceTraces(grid: SquareGrid, values: ArrayLike<number>, o: Surface3dOptions = {}): { data: object[]; layout: object } {
  if (values.length !== grid.n * grid.n) throw new RangeError(`surface3d: argument 'values' must hold ${grid.n * grid.n} values (the grid is ${grid.n} x ${grid.n}), got ${values.length}`);
  const h = (grid.hi - grid.lo) / grid.n;
  const xs = Array.from({ length: grid.n }, (_, c) => grid.lo + (c + 0.5) * h);
  const ys = Array.from({ length: grid.n }, (_, r) => grid.hi - (r + 0.5) * h);
  const z = Array.from({ length: grid.n }, (_, r) => Array.from({ length: grid.n }, (_, c) => values[r * grid.n + c]));
  let zMin = Infinity;
  for (let i = 0; i < values.length; i++) zMin = Math.min(zMin, values[i]);
  const data: object[] = [{ type: 'surface', x: xs, y: ys, z, colorscale: 'Viridis', showscale: false }];
  if (o.points && o.points.length >= 2) {
    const n = Math.floor(o.points.length / 2);
    data.push({ type: 'scatter3d', mode: 'markers', name: 'real data', marker: { size: 2, color: '#E69F00' },
                x: Array.from({ length: n }, (_, i) => o.points![2 * i]), y: Array.from({ length: n }, (_, i) => o.points![2 * i + 1]), z: new Array(n).fill(zMin) });
  }
  const layout = { title: o.title ?? '', margin: { l: 0, r: 0, t: 40, b: 0 }, scene: { zaxis: { title: o.z ?? 'D(x)' }, xaxis: { title: 'x' }, yaxis: { title: 'y' } } };
  return { data, layout };
}

/** Shows a rotatable 3D view of a value surface (an extra: see the module comment). No-op outside a kernel. */
export function surface3d(grid: SquareGrid, values: ArrayLike<number>, o: Surface3dOptions = {}): boolean {
  const { data, layout } = surfaceTraces(grid, values, o);
  return displayBundle({ 'text/html': plotlyHTML(data, layout), 'text/plain': '<3D view: open in a trusted notebook>' });
}
