/**
 * Parallel sweeps against one process: lesson 06's runs (notebooks/06-tricks.ts's trainAndScore: the standard GAN, instance noise,
 * label smoothing and experience replay on the 8 Gaussians, 2 x 64 ReLU, batch 128, scored on 2,500 samples) over 4 methods x 2 seeds,
 * once in this process one after another (`run`) and once in worker processes (`task`, one per core), in
 * alternating rounds. Prints each round's wall time with the machine's load average, the medians and their ratio,
 * and checks that both gave the same metrics.
 *
 * Run: node --import tsx bench/sweep.bench.ts [rounds=3] [steps=6000] [workers=cores]
 *
 * 6,000 steps, between lesson 06's 4,000 (8 Gaussians) and 8,000 (25 Gaussians): with the compiled step a run of 1,500 steps
 * takes about a second, and a worker's start (TensorFlow and tsx, about 2 s) then weighs on the ratio (1.48 against 1.93 at
 * 6,000 steps, quiet machine, 2026-12-04).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { sweep, sweepTask, median, availableCores, type SweepRun } from '../src/index';
import { trainAndScore, type Settings } from '../notebooks/06-tricks';

const rounds = Number(process.argv[2] ?? 3);
const steps = Number(process.argv[3] ?? 6000);
const workers = Number(process.argv[4] ?? availableCores());
const settings: Settings = { dataset: '8 Gaussians', steps, hidden: [64, 64], settleFraction: 0.75, batch: 128, latentDim: 16,
                             learningRate: 1e-3, evalSamples: 2500, trackedSamples: 600 };
const methods = ['standard GAN', 'instance noise', 'one-sided label smoothing', 'experience replay'], seeds = [1, 2];
const task = sweepTask(path.join(__dirname, '..', 'notebooks', '06-tricks.ts'), 'trainAndScore', settings);
// CPU seconds of this process and its finished children (the workers, once ended), from /proc/self/stat (Linux).
function cpuSeconds(): number {
  try {
    const f = require('node:fs').readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;   // utime stime cutime cstime, in ticks of 1/100 s
  } catch {
    return NaN;
  }
}
const metricsOf = (runs: SweepRun[]) => JSON.stringify(runs.map((r) => [r.method, r.seed, r.metrics]));

async function main() {
  console.log(`${methods.length * seeds.length} runs of ${steps} steps; ${availableCores()} cores, ${workers} workers; ${os.cpus()[0]?.model ?? ''}`);
  const one: number[] = [], many: number[] = [];
  let reference = '', same = true;
  for (let r = 0; r < rounds; r++) {
    for (const mode of r % 2 === 0 ? ['one process', 'workers'] : ['workers', 'one process']) {
      const load = os.loadavg()[0];
      const t = performance.now(), cpu = cpuSeconds();
      const out = mode === 'workers'
        ? await sweep({ methods, seeds, task, workers, progress: false })
        : await sweep({ methods, seeds, run: (m, s) => trainAndScore(m, s, settings) });
      const s = (performance.now() - t) / 1000, busy = (cpuSeconds() - cpu) / s;
      (mode === 'workers' ? many : one).push(s);
      const m = metricsOf(out.runs);
      if (reference === '') reference = m; else same &&= m === reference;
      console.log(`  round ${r + 1}  ${mode.padEnd(11)} ${s.toFixed(1).padStart(6)} s   cores busy ${busy.toFixed(2)}   load average before: ${load.toFixed(2)}`);
    }
  }
  console.log(`median: one process ${median(one).toFixed(1)} s, ${workers} workers ${median(many).toFixed(1)} s`);
  console.log(`results identical in every round: ${same ? 'yes' : 'NO'}`);
  console.log(`speed-up workers / one process: ${(median(one) / median(many)).toFixed(2)}`);
}
main();
