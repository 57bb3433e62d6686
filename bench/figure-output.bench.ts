/**
 * What a figure output costs: for every figure of the executed lessons (build/notebooks/, from the notebook runner),
 * drawing its compiled vega spec to SVG, its PNG through svgToPNG (resvg in a child process), and, for comparison,
 * resvg in this process (what the child saves the kernel from), side by side per figure; then the totals and
 * the PNG's share of each output's bytes. Prints the machine's load first.
 *   node --import tsx bench/figure-output.bench.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderSVG, svgToPNG, VEGA_MIME } from '../src/index';

const dir = path.join(__dirname, '..', 'build', 'notebooks');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Resvg } = require('@resvg/resvg-js');
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
  const rows: { svg: number; png: number; inProcess: number; pngBytes: number; outputBytes: number }[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ipynb')).sort()) {
    const nb = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
    for (const c of nb.cells) {
      for (const o of c.outputs ?? []) {
        if (!o.data || !(VEGA_MIME in o.data)) continue;
        const spec = o.data[VEGA_MIME] as Record<string, unknown>;
        let t = performance.now();
        const svg = await renderSVG(spec);
        const tSvg = performance.now() - t;
        t = performance.now();
        const png = await svgToPNG(svg);
        const tPng = performance.now() - t;
        t = performance.now();
        new Resvg(svg, { fitTo: { mode: 'zoom', value: 1 }, background: 'white' }).render().asPng();
        const tIn = performance.now() - t;
        const outputBytes = Object.values(o.data).reduce<number>((s, v) => s + (typeof v === 'string' ? v.length : JSON.stringify(v).length), 0);
        rows.push({ svg: tSvg, png: tPng, inProcess: tIn, pngBytes: 'png' in png ? Math.ceil(png.png.length / 3) * 4 : 0, outputBytes });
      }
    }
  }
  const sum = (k: keyof (typeof rows)[number]) => rows.reduce((s, r) => s + r[k], 0);
  console.log(`${rows.length} figures`);
  console.log(`per figure (median): SVG ${median(rows.map((r) => r.svg)).toFixed(0)} ms, PNG in a child process ${median(rows.map((r) => r.png)).toFixed(0)} ms (resvg in-process ${median(rows.map((r) => r.inProcess)).toFixed(0)} ms)`);
  console.log(`all figures: SVG ${(sum('svg') / 1000).toFixed(1)} s, PNG ${(sum('png') / 1000).toFixed(1)} s (in-process ${(sum('inProcess') / 1000).toFixed(1)} s)`);
  console.log(`PNG (base64) ${(sum('pngBytes') / 1e6).toFixed(2)} MB of ${(sum('outputBytes') / 1e6).toFixed(2)} MB of figure outputs (${((100 * sum('pngBytes')) / sum('outputBytes')).toFixed(0)}%)`);
  console.log(`ratio PNG / SVG time: ${(sum('png') / sum('svg')).toFixed(2)}`);
}

main();
