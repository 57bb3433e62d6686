/**
 * Lesson 06's runs, eager against the compiled step (one TensorFlow graph call per generator step): for every
 * method of the lesson and both data sets, at the full mode's sizes (8 Gaussians: 2 x 64, 4,000 steps; 25 Gaussians:
 * 3 x 128, 8,000 steps), the median ms per generator step of each path in alternating rounds, their ratio, and the
 * training time a full run of the lesson's sweeps takes on one core at those speeds (5 and 3 seeds). The runs are
 * built by notebooks/06-tricks.ts itself (step: 'auto'), so this measures exactly what the lesson trains.
 *
 * Run (after npm run build: the lesson's module loads the built library): node --import tsx bench/tricks.bench.ts [rounds=3] [stepsPerRound=100]
 */
import * as os from 'node:os';
import { TRICKS, standardParts, type Settings } from '../notebooks/06-tricks';
import { createGan, trainGan, eightGaussians, twentyFiveGaussians, median, compiledStepUnsupported, type GanRun } from 'wgan-lab';   // the library as the lesson's module loads it (one copy)

const rounds = Number(process.argv[2] ?? 3);
const steps = Number(process.argv[3] ?? 100);
const base = { settleFraction: 0.75, batch: 128, latentDim: 16, learningRate: 1e-3, evalSamples: 2500, trackedSamples: 200 };
const DATASETS: { make: typeof eightGaussians; settings: Settings; seeds: number }[] = [
  { make: eightGaussians, settings: { dataset: '8 Gaussians', steps: 4000, hidden: [64, 64], ...base }, seeds: 5 },
  { make: twentyFiveGaussians, settings: { dataset: '25 Gaussians', steps: 8000, hidden: [128, 128, 128], ...base }, seeds: 3 },
];

async function main() {
  console.log(`lesson 06's methods, ms per generator step (median of ${rounds} alternating rounds of ${steps} steps); load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${'data'.padEnd(13)} ${'method'.padEnd(26)} ${'eager'.padStart(8)} ${'compiled'.padStart(9)} ${'ratio'.padStart(6)}`);
  const total = { eager: 0, compiled: 0 };
  for (const { make, settings, seeds } of DATASETS) {
    for (const [method, trick] of TRICKS) {
      const build = (step: 'eager' | 'auto'): GanRun => {
        const b = standardParts(make(), 1, settings);
        trick(b);
        return createGan({ ...b.parts, step });
      };
      const runs = { eager: build('eager'), compiled: build('auto') };
      const why = compiledStepUnsupported(runs.compiled);
      if (runs.compiled.stepKind !== 'compiled') console.log(`  (${method} runs eagerly: ${why.join('; ')})`);
      const times: Record<'eager' | 'compiled', number[]> = { eager: [], compiled: [] };
      for (const kind of ['eager', 'compiled'] as const) await trainGan(runs[kind], { steps: 10, readEvery: 10 });   // warm-up, graph built
      for (let r = 0; r < rounds; r++) {
        for (const kind of ['eager', 'compiled'] as const) {
          const t0 = performance.now();
          await trainGan(runs[kind], { steps, readEvery: 50 });
          times[kind].push((performance.now() - t0) / steps);
        }
      }
      const [e, c] = [median(times.eager), median(times.compiled)];
      total.eager += (e * settings.steps * seeds) / 1000;
      total.compiled += (c * settings.steps * seeds) / 1000;
      console.log(`${settings.dataset.padEnd(13)} ${method.padEnd(26)} ${e.toFixed(2).padStart(8)} ${c.toFixed(2).padStart(9)} ${(e / c).toFixed(1).padStart(6)}`);
    }
  }
  console.log(`lesson 06's full-mode training at these speeds, one core: eager ${(total.eager / 60).toFixed(1)} min, compiled ${(total.compiled / 60).toFixed(1)} min; ` +
              `ratio ${(total.eager / total.compiled).toFixed(1)}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}
main();
