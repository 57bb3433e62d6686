/**
 * Plotly figures for what vega-lite does poorly (3D value surfaces, rotating views). The output is HTML that
 * carries plotly.js-dist itself, so it works offline. JupyterLab runs scripts in HTML outputs only in trusted
 * notebooks, so lessons use Plotly for extras only; every figure an argument depends on is a vega-lite figure.
 */
import * as fs from 'fs';
import { displayBundle } from '../notebook/display';

let plotlySource: string | null = null;
let counter = 0;

/** The plotly.js-dist bundle's source (read once from node_modules). */
function plotlyJs(): string {
  plotlySource ??= fs.readFileSync(require.resolve('plotly.js-dist'), 'utf8');
  return plotlySource;
}

/**
 * Self-contained HTML for a Plotly figure: the library (about 3.5 MB, included in every figure so each output
 * stands alone in a saved notebook) and a div drawn with `data` and `layout`.
 */
export function plotlyHTML(data: object[], layout: object = {}): string {
  const id = `wgan-lab-plotly-${process.pid}-${++counter}`;
  const json = (o: object) => JSON.stringify(o).replace(/</g, '\\u003c');
  return `<div id="${id}" style="width:100%;height:480px"></div>
<script>(function(){var define=undefined,module=undefined,exports=undefined;${plotlyJs()}
window.Plotly.newPlot(${JSON.stringify(id)}, ${json(data)}, ${json(layout)}, {responsive: true});})();</script>`;
}

/** Shows a Plotly figure in the notebook (no-op outside a kernel). */
export function showPlotly(data: object[], layout: object = {}): boolean {
  return displayBundle({ 'text/html': plotlyHTML(data, layout), 'text/plain': '<plotly figure: open in a trusted notebook>' });
}
