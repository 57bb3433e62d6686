/**
 * Lesson 08's MNIST step: the DCGAN-style critic (28x28x1 -> conv 4x4/2 16 leakyRelu -> conv 4x4/2 32 leakyRelu -> 1)
 * and generator (64 -> dense 7x7x64 relu -> upconv 4x4/2 32 relu -> upconv 4x4/2 1 tanh), batch 64, on MNIST.
 *
 * Times, side by side in alternating rounds (the machine is shared: medians and ratios, with the load):
 * - one WGAN-GP critic update: a real batch, a generated batch (generator forward, no gradient), the Wasserstein loss
 *   plus the gradient penalty (lambda 10, random interpolates) and Adam on the critic: the step a penalty makes costly;
 * - trainGan's whole generator step for WGAN-GP (5 critic updates, then the generator update, Adam) and for WGAN with
 *   clipping (5 critic updates with RMSProp and clipping, then the generator update);
 * - each with oneDNN off (the library's default) and on, in child processes (the setting is read when TensorFlow loads);
 * - the same models and steps in PyTorch (bench/mnist_critic_torch.py: float32, eager autograd) when a python with torch
 *   is found (WGAN_LAB_TORCH_PYTHON, or python3), with 2 threads (as the other benchmarks) and with 1: on a shared,
 *   oversubscribed machine PyTorch's OpenMP threads can wait on each other for seconds (seen: 2 s per critic update
 *   with 2 threads at a load of 14, 0.1 s with 1). WGAN_LAB_TORCH_THREADS (default '1,2') says which to run. The last
 *   lines are the ratios TF.js / PyTorch.
 *
 * Run: node --import tsx bench/mnist-critic.bench.ts [rounds=3] [stepsPerRound=20]
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { median } from '../src/metrics/summary';
import { torchPython, torchRound } from './torch';

const rounds = Number(process.argv[2] ?? 3);
const stepsPerRound = Number(process.argv[3] ?? 20);
type Part = 'critic update (GP)' | 'generator step (GP)' | 'generator step (clipping)';
const PARTS: Part[] = ['critic update (GP)', 'generator step (GP)', 'generator step (clipping)'];

/** In a child process: per-call times in ms of each part, and whether the tensor count stayed flat. */
async function child(steps: number): Promise<void> {
  const lib = await import('../src/index');
  const { tf, Rng, loadMnist, imageSampler, dcganCritic, dcganGenerator, createGan, trainGan, wassersteinCriticLoss, wassersteinGeneratorLoss,
    gradientPenalty, wganGp, clipWeights, adam, latentBatch } = lib;
  const data = imageSampler(loadMnist('train'));
  const makeRun = (clip: boolean) => createGan({
    generator: dcganGenerator({ latentDim: 64, height: 28, width: 28, seed: 1 }),
    critic: dcganCritic({ height: 28, width: 28, filters: [16, 32], seed: 2 }),
    data, latentDim: 64, batchSize: 64, seed: 3, criticIterations: 5,
    criticLoss: wassersteinCriticLoss, generatorLoss: wassersteinGeneratorLoss,
    lipschitz: clip ? clipWeights(0.01) : wganGp({ weight: 10 }),
    criticOptimizer: clip ? tf.train.rmsprop(5e-5) : adam(5e-4, 0.5, 0.9), generatorOptimizer: clip ? tf.train.rmsprop(5e-5) : adam(5e-4, 0.5, 0.9),
  });
  const gp = makeRun(false);
  const clipped = makeRun(true);
  const optimizer = adam(5e-4, 0.5, 0.9);
  const rng = new Rng(4);
  // The critic update as trainGan's eager step runs it (src/train/gan.ts, criticUpdate), for the GP run's models.
  const criticUpdate = () => tf.tidy(() => {
    const real = data.sample(rng, 64);
    const fake = gp.generator.apply(latentBatch(gp, rng, 64));
    optimizer.minimize(() => tf.add(wassersteinCriticLoss(gp.critic.apply(real), gp.critic.apply(fake)),
      gradientPenalty(gp.critic, real, fake, { weight: 10, rng })) as import('@tensorflow/tfjs').Scalar, false, gp.critic.params);
  });
  const time = async (f: () => void | Promise<void>, n: number, sync: () => void) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await f();
      sync(); // a read-back makes the time real
      out.push(performance.now() - t0);
    }
    return out;
  };
  const syncCritic = () => gp.critic.params[0].dataSync();
  for (let i = 0; i < 5; i++) criticUpdate();
  await trainGan(gp, { steps: 3, readEvery: 3 });
  await trainGan(clipped, { steps: 3, readEvery: 3 });
  const before = tf.memory().numTensors;
  const ms: Record<Part, number[]> = {
    'critic update (GP)': await time(criticUpdate, 5 * steps, syncCritic),
    'generator step (GP)': await time(() => trainGan(gp, { steps: 1, readEvery: 1, guardNaN: false }).then(() => undefined), steps, syncCritic),
    'generator step (clipping)': await time(() => trainGan(clipped, { steps: 1, readEvery: 1, guardNaN: false }).then(() => undefined), steps, () => clipped.critic.params[0].dataSync()),
  };
  process.stdout.write(JSON.stringify({ ms, tensorsFlat: tf.memory().numTensors === before }) + '\n');
}

function tfjsRound(onednn: boolean): { ms: Record<Part, number[]>; tensorsFlat: boolean } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', String(stepsPerRound)], {
    encoding: 'utf8', env: { ...process.env, TF_ENABLE_ONEDNN_OPTS: onednn ? '1' : '0', TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  if (r.status !== 0) throw new Error(`TF.js child failed: ${r.stderr.slice(-800)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  console.log(`MNIST critic and generator steps (lesson 08's networks), batch 64; ${os.cpus().length} cores; ${rounds} rounds of ${stepsPerRound} generator steps`);
  const py = torchPython();
  if (!py) console.log('PyTorch not found (set WGAN_LAB_TORCH_PYTHON to a python with torch): TF.js only.');
  const times: Record<string, Record<Part, number[]>> = {
    'TF.js, oneDNN off': emptyParts(), 'TF.js, oneDNN on': emptyParts(), 'PyTorch, 2 threads': emptyParts(), 'PyTorch, 1 thread': emptyParts(),
  };
  let torchInfo = '';
  let flat = true;
  for (let i = 0; i < rounds; i++) {
    const torchThreads = (process.env.WGAN_LAB_TORCH_THREADS ?? '1,2').split(',').map((t) => `torch ${t.trim()}`);
    const order = i % 2 === 0 ? ['off', 'on', ...torchThreads] : [...torchThreads.reverse(), 'on', 'off'];
    let line = `round ${i + 1}:`;
    for (const who of order) {
      if (who.startsWith('torch')) {
        if (!py) continue;
        process.env.TORCH_THREADS = who.slice(6);
        const r = torchRound(py, 'mnist_critic_torch.py', stepsPerRound, 3);
        torchInfo = `PyTorch ${r.torch}`;
        const key = `PyTorch, ${r.threads} thread${r.threads === 1 ? '' : 's'}`;
        for (const p of PARTS) times[key][p].push(...(r[p] as number[]));
        line += ` ${key} ${median(r[PARTS[0]] as number[]).toFixed(1)} ms/critic update,`;
      } else {
        const r = tfjsRound(who === 'on');
        flat &&= r.tensorsFlat;
        const key = `TF.js, oneDNN ${who}`;
        for (const p of PARTS) times[key][p].push(...r.ms[p]);
        line += ` ${key} ${median(r.ms[PARTS[0]]).toFixed(1)} ms/critic update,`;
      }
    }
    console.log(`${line} load ${os.loadavg()[0].toFixed(2)}`);
  }
  console.log(`\nmedian ms (${torchInfo || 'no PyTorch'}); tensors flat across TF.js steps: ${flat}`);
  const table = Object.fromEntries(Object.entries(times).filter(([, t]) => t[PARTS[0]].length > 0).map(([k, t]) => [k, Object.fromEntries(PARTS.map((p) => [p, +median(t[p]).toFixed(1)]))]));
  console.table(table);
  for (const p of PARTS) {
    const off = median(times['TF.js, oneDNN off'][p]);
    const on = median(times['TF.js, oneDNN on'][p]);
    let line = `${p}: oneDNN on / off ${(on / off).toFixed(2)}`;
    if (py) {
      for (const t of ['PyTorch, 2 threads', 'PyTorch, 1 thread']) if (times[t][p].length) line += `; TF.js (oneDNN off) / ${t} ${(off / median(times[t][p])).toFixed(2)}`;
    }
    console.log(line);
  }
}

function emptyParts(): Record<Part, number[]> {
  return { 'critic update (GP)': [], 'generator step (GP)': [], 'generator step (clipping)': [] };
}

if (process.argv[2] === '--child') void child(Number(process.argv[3]));
else void main();
