/**
 * Lesson 05's value surfaces (the WGAN-GP paper's Figure 1a) against the paper's picture: which of the critic's width,
 * its number of updates and the penalty weight lambda turns our rings and ripples into clear peaks on the 8 and 25
 * modes? One change at a time from the lesson's settings (3 x 128 ReLU, 2,000 updates, lambda 0.1, Adam 1e-3 with
 * betas 0.5, 0.9, batch 256, the fixed generator real + N(0, I)), measured by the peak contrast of src/metrics/peak-contrast.ts
 * (mean D on the modes minus mean D between neighbouring modes, over mean D on the modes minus its mean on [-3, 3]^2)
 * and the number of modes that are local peaks, at several points of training.
 *
 * The paper's toy script (gan_toy.py, FIXED_GENERATOR) trains 3 x 512 at Adam 1e-4 with lambda 0.1, 5 critic updates
 * per iteration for up to 100,000 iterations; its Algorithm 1 uses lambda 10.
 *
 * Run: node --import tsx bench/value-surfaces.bench.ts [config ...] [--seeds=1,2] [--data=8,25]
 * configs: lesson, width512, updates20k, lambda10, paper (512, 20k updates, lambda 0.1), all (512, 20k, lambda 10), and beyond the three factors
 * lr1e4 (the toy script's Adam rate, 20k updates), settle and settle512 (the lesson's rate, a tenth of it from update 2,000 on, 5k updates); default: all of them.
 * Prints one line per (config, data, seed, checkpoint), and a table at the end; `--json=FILE` writes the rows.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import {
  tf, backendBanner, Rng, mlp, trainCritic, applyToArray, eightGaussians, twentyFiveGaussians, withNoise, wassersteinCriticLoss,
  gradientPenalty, penalize, peakContrast, type MixtureSampler,
} from '../src/index';

interface Config { name: string; width: number; updates: number; lambda: number; learningRate: number; settleFrom?: number }
const LESSON: Config = { name: 'lesson', width: 128, updates: 2000, lambda: 0.1, learningRate: 1e-3 };
const CONFIGS: Record<string, Config> = {
  lesson: LESSON,
  width512: { ...LESSON, name: 'width512', width: 512 },
  updates20k: { ...LESSON, name: 'updates20k', updates: 20000 },
  lambda10: { ...LESSON, name: 'lambda10', lambda: 10 },
  paper: { ...LESSON, name: 'paper', width: 512, updates: 20000 },
  all: { ...LESSON, name: 'all', width: 512, updates: 20000, lambda: 10 },
  // Beyond the three: the learning rate (the toy script's 1e-4), and the lesson's rate dropped to a tenth after 2,000 updates.
  lr1e4: { ...LESSON, name: 'lr1e4', updates: 20000, learningRate: 1e-4 },
  settle: { ...LESSON, name: 'settle', updates: 5000, settleFrom: 2000 },
  settle512: { ...LESSON, name: 'settle512', width: 512, updates: 5000, settleFrom: 2000 },
};
const CHECKPOINTS = [500, 1000, 2000, 3000, 5000, 10000, 20000];

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const chosen = args.filter((a) => !a.startsWith('--'));
const configs = (chosen.length ? chosen : Object.keys(CONFIGS)).map((c) => {
  if (!CONFIGS[c]) throw new Error(`unknown config '${c}': choose from ${Object.keys(CONFIGS).join(', ')}`);
  return CONFIGS[c];
});
const seeds = (option('seeds') ?? '1').split(',').map(Number);
const datasets = (option('data') ?? '8,25').split(',').map((d) => (d === '8' ? eightGaussians() : twentyFiveGaussians()));

interface Row { config: string; data: string; seed: number; updates: number; contrast: number; peaks: number; modes: number; seconds: number }
const rows: Row[] = [];

async function study(config: Config, data: MixtureSampler, seed: number): Promise<void> {
  const rng = new Rng(20170331 + seed);
  const noisy = withNoise(data);
  const critic = mlp({ inputDim: 2, hidden: [config.width, config.width, config.width], outputDim: 1, seed: rng.seed(), name: 'critic' });
  const optimizer = tf.train.adam(config.learningRate, 0.5, 0.9);
  const penalty = penalize((D, real, fake, r) => gradientPenalty(D, real, fake, { weight: config.lambda, rng: r }));
  const t0 = performance.now();
  let done = 0;
  for (const at of CHECKPOINTS.filter((c) => c <= config.updates)) {
    const from = done;
    await trainCritic({ critic, optimizer, steps: at - done, batchSize: 256, readEvery: 500, seed: rng.seed(), loss: wassersteinCriticLoss, lipschitz: penalty,
                        learningRateFactor: (k) => (config.settleFrom !== undefined && from + k >= config.settleFrom ? 0.1 : 1),
                        sampleReal: (n) => data.sample(rng, n), sampleFake: (n) => noisy.sample(rng, n) });
    done = at;
    const m = peakContrast((p) => applyToArray(critic, p, 2), data);
    const row = { config: config.name, data: data.name, seed, updates: at, contrast: +m.contrast.toFixed(3), peaks: m.peaks, modes: m.modes,
                  seconds: +((performance.now() - t0) / 1000).toFixed(0) };
    rows.push(row);
    console.log(JSON.stringify({ ...row, load: os.loadavg()[0].toFixed(1) }));
  }
  optimizer.dispose();
  critic.dispose();
}

async function main() {
  console.log(backendBanner());
  console.log(`configs ${configs.map((c) => `${c.name} (${c.width} wide, ${c.updates} updates, lambda ${c.lambda})`).join('; ')}; seeds ${seeds}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const data of datasets) for (const config of configs) for (const seed of seeds) await study(config, data, seed);
  console.table(rows);
  const json = option('json');
  if (json) fs.writeFileSync(json, JSON.stringify(rows, null, 1));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
