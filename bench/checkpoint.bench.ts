/**
 * What stopping and checkpointing cost, on lesson 05's full-mode GAN (generator 2 -> 128 x 3 -> 2, critic
 * 2 -> 64 x 2 -> 1, ReLU, batch 256, 5 critic updates per generator step, gradient penalty, tf.train.adam):
 * - the yield to the event loop after every step (what lets an interrupt through), against the step itself;
 * - one checkpoint save of that run (read off the backend, encode, write atomically, fsync): median time and size,
 *   and what it costs at the default interval of one save per 120 s;
 * - trainGan without a checkpoint against trainGan saving one at every read-back (an upper bound), in alternating rounds.
 *
 * Run: node --import tsx bench/checkpoint.bench.ts [rounds=3] [stepsPerRound=100]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  tf, mlp, createGan, trainGan, eightGaussians, wassersteinCriticLoss, wassersteinGeneratorLoss, penalize, gradientPenalty,
  runRecord, checkpoint, median, yieldToEventLoop, type GanRun,
} from '../src/index';

const rounds = Number(process.argv[2] ?? 3);
const steps = Number(process.argv[3] ?? 100);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wgan-ckpt-bench-'));
runRecord('checkpoint-bench', { steps }, { dir: path.join(dir, 'runs') });

const make = (): GanRun => createGan({
  generator: mlp({ inputDim: 2, hidden: [128, 128, 128], outputDim: 2, seed: 1, name: 'generator' }),
  critic: mlp({ inputDim: 2, hidden: [64, 64], outputDim: 1, seed: 2, name: 'critic' }),
  data: eightGaussians(), latentDim: 2, batchSize: 256, criticIterations: 5, seed: 3,
  criticLoss: wassersteinCriticLoss, generatorLoss: wassersteinGeneratorLoss,
  lipschitz: penalize((D, real, fake, r) => gradientPenalty(D, real, fake, { weight: 0.1, rng: r })),
  criticOptimizer: tf.train.adam(1e-3, 0.5, 0.9), generatorOptimizer: tf.train.adam(1e-3, 0.5, 0.9),
});

async function main() {
  // The yield alone.
  const n = 20000;
  let t = performance.now();
  for (let i = 0; i < n; i++) await yieldToEventLoop();
  const yieldUs = ((performance.now() - t) * 1000) / n;

  const plain: number[] = [], saving: number[] = [], saves: number[] = [];
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    for (const mode of r % 2 === 0 ? ['plain', 'saving'] : ['saving', 'plain']) {
      const warm = make(); // warm-up on a throwaway run: a checkpoint must be given from a run's first call
      await trainGan(warm, { steps: 10, readEvery: 10 });
      [warm.criticOptimizer, warm.generatorOptimizer].forEach((o) => o.dispose());
      const run = make();
      const cp = mode === 'saving' ? checkpoint(`bench-${r}`, { dir, every: 1e-9 }) : null; // a save at every read-back
      t = performance.now();
      await trainGan(run, { steps, readEvery: 50, checkpoint: cp ?? undefined });
      const ms = (performance.now() - t) / steps;
      (mode === 'plain' ? plain : saving).push(ms);
      if (cp) {
        saves.push((cp.stats.seconds / cp.stats.saves) * 1000);
        bytes = cp.stats.bytes;
      }
      [run.criticOptimizer, run.generatorOptimizer].forEach((o) => o.dispose());
    }
  }
  const step = median(plain);
  const save = median(saves);
  console.log(`lesson 05's full GAN, ${steps} steps per round, ${rounds} rounds (medians):`);
  console.log(`  step without checkpoint        ${step.toFixed(2)} ms`);
  console.log(`  yield to the event loop         ${(yieldUs / 1000).toFixed(4)} ms per step = ${((100 * yieldUs) / 1000 / step).toFixed(2)}% of a step`);
  console.log(`  one checkpoint save             ${save.toFixed(1)} ms, ${(bytes / 1e6).toFixed(2)} MB payload`);
  console.log(`  at one save per 120 s           ${((100 * save) / 120000).toFixed(3)}% of the training time`);
  console.log(`  step, saving at every read-back ${median(saving).toFixed(2)} ms (ratio ${(median(saving) / step).toFixed(3)} to no checkpoint; a save per 50 steps, plus the one-time fingerprint and load attempt)`);
  fs.rmSync(dir, { recursive: true, force: true });
}
main();
