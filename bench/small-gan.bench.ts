/**
 * The small GAN step the lessons train most (lesson 06: generator 16 -> 64 -> 64 -> 2, discriminator
 * 2 -> 64 -> 64 -> 1, ReLU, batch 128, one discriminator step per generator step, Adam). At this size a step is
 * dominated by per-kernel overhead, not arithmetic, so the figure that matters is kernels per step.
 *
 * Compares side by side, in alternating rounds (the machine is shared, so medians and ratios, not one time):
 * - the library's relu (its slope mask is one Sign kernel) against TF.js's own tf.relu (whose gradient calls the
 *   native Step kernel, about ten kernels and two uploads);
 * - the library's adam() (moments in one flat vector: 3n + 13 kernels per update) against tf.train.adam (14n);
 * - trainGan's compiled step (step: 'compiled': the whole step as one TensorFlow graph call) against the eager one;
 * - oneDNN off (the library's default) against on, each in a child process (the setting is read when TensorFlow loads);
 * - PyTorch's eager step of the same GAN (bench/small_gan_torch.py: 2 threads, float32, no torch.compile) when a python
 *   with torch is found (WGAN_LAB_TORCH_PYTHON, or python3): the last line is the ratio of the default to it.
 *
 * Run: node --import tsx bench/small-gan.bench.ts [rounds=3] [stepsPerRound=300]
 */
import { spawnSync } from 'node:child_process';
import { median } from '../src/metrics/summary';
import { torchPython, torchRound } from './torch';

const rounds = Number(process.argv[2] ?? 3);
const stepsPerRound = Number(process.argv[3] ?? 300);

type Variant = 'compiled step' | 'relu + adam()' | 'relu + tf.train.adam' | 'tf.relu + tf.train.adam';
interface ChildResult { msPerStep: Record<Variant, number>; kernelsPerStep: Record<Variant, number>; tensorsFlat: boolean; }

async function child(steps: number): Promise<void> {
  const { tf, adam, Rng, mlp, createGan, trainGan, minimaxDiscriminatorLoss, nonSaturatingGeneratorLoss, eightGaussians } = await import('../src/index');
  type Model = import('../src/index').Model;
  // The same MLP with TF.js's builtin relu in its hidden layers (its own forward pass over the same variables).
  const withTfRelu = (m: ReturnType<typeof mlp>): Model => ({
    name: m.name, params: m.params,
    apply: (x) => tf.tidy(() => {
      let h = x;
      const L = m.params.length / 2;
      for (let i = 0; i < L; i++) {
        h = tf.add(tf.matMul(h, m.params[2 * i]), m.params[2 * i + 1]);
        if (i < L - 1) h = tf.relu(h);
      }
      return h;
    }),
  });
  const makeRun = (variant: Variant) => {
    const rng = new Rng(1);
    const g = mlp({ inputDim: 16, hidden: [64, 64], outputDim: 2, seed: rng.seed(), name: 'generator' });
    const d = mlp({ inputDim: 2, hidden: [64, 64], outputDim: 1, seed: rng.seed(), name: 'discriminator' });
    const builtinRelu = variant.startsWith('tf.relu');
    const compiled = variant === 'compiled step';
    const opt = () => (variant.endsWith('adam()') || compiled ? adam(1e-3, 0.5, 0.999) : tf.train.adam(1e-3, 0.5, 0.999));
    return createGan({
      generator: builtinRelu ? withTfRelu(g) : g, critic: builtinRelu ? withTfRelu(d) : d,
      data: eightGaussians(), latentDim: 16, batchSize: 128, seed: rng.seed(), criticIterations: 1,
      criticLoss: minimaxDiscriminatorLoss, generatorLoss: nonSaturatingGeneratorLoss,
      criticOptimizer: opt(), generatorOptimizer: opt(), step: compiled ? 'compiled' : 'eager',
    });
  };
  const variants: Variant[] = ['compiled step', 'relu + adam()', 'relu + tf.train.adam', 'tf.relu + tf.train.adam'];
  const runs = variants.map(makeRun);
  for (const run of runs) await trainGan(run, { steps: 50, readEvery: 50 }); // warm-up
  const out: ChildResult = { msPerStep: {} as Record<Variant, number>, kernelsPerStep: {} as Record<Variant, number>, tensorsFlat: true };
  for (let i = 0; i < 2; i++) {
    for (const [k, run] of runs.entries()) {
      const t0 = performance.now();
      const before = tf.memory().numTensors;
      await trainGan(run, { steps: steps / 2, readEvery: 50 });
      const ms = (performance.now() - t0) / (steps / 2);
      out.tensorsFlat &&= tf.memory().numTensors === before;
      out.msPerStep[variants[k]] = i === 0 ? ms : (out.msPerStep[variants[k]] + ms) / 2;
    }
  }
  for (const [k, run] of runs.entries()) {
    const info = await tf.profile(async () => { await trainGan(run, { steps: 10, readEvery: 10, guardNaN: false }); });
    out.kernelsPerStep[variants[k]] = info.kernels.length / 10;
  }
  console.log(JSON.stringify(out));
}

function parent(): void {
  const results: Record<string, number[]> = {};
  const kernels: Record<string, number> = {};
  let flat = true;
  console.log(`small GAN step (lesson 06's size), ${rounds} rounds of ${stepsPerRound} steps per variant, alternating`);
  const py = torchPython();
  if (!py) console.log('PyTorch not found (set WGAN_LAB_TORCH_PYTHON to a python with torch): TF.js only.');
  const torchTimes: number[] = [];
  let torchInfo = '';
  for (let r = 0; r < rounds; r++) {
    const line: string[] = [];
    if (py) {
      const t = torchRound(py, 'small_gan_torch.py', stepsPerRound, 50);
      torchInfo = `PyTorch ${t.torch}, ${t.threads} threads`;
      torchTimes.push(median(t.ms));
      line.push(`PyTorch ${median(t.ms).toFixed(2)}`);
    }
    for (const onednn of ['0', '1']) {
      const c = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', String(stepsPerRound)],
        { encoding: 'utf8', env: { ...process.env, TF_ENABLE_ONEDNN_OPTS: onednn } });
      if (c.status !== 0) throw new Error(`child failed: ${c.stderr.slice(-800)}`);
      const res = JSON.parse(c.stdout.trim().split('\n').pop()!) as ChildResult;
      flat &&= res.tensorsFlat;
      for (const [variant, ms] of Object.entries(res.msPerStep)) {
        const key = `oneDNN ${onednn === '0' ? 'off' : 'on '}, ${variant}`;
        (results[key] ??= []).push(ms);
        kernels[variant] = res.kernelsPerStep[variant as Variant];
        line.push(`${key} ${ms.toFixed(2)}`);
      }
    }
    console.log(`round ${r + 1}: ${line.join(' | ')} ms/step`);
  }
  console.log('\nmedian ms per generator step:');
  const base = median(results['oneDNN off, relu + adam()']);
  const fast = median(results['oneDNN off, compiled step']);
  for (const [key, v] of Object.entries(results)) console.log(`  ${key.padEnd(36)} ${median(v).toFixed(2)}  (x${(median(v) / base).toFixed(2)} of the default)`);
  console.log(`kernels per step: ${Object.entries(kernels).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`tensors flat across steps: ${flat}`);
  if (py) {
    console.log(`${torchInfo}: median ${median(torchTimes).toFixed(2)} ms per step`);
    console.log(`eager step (oneDNN off, relu + adam()) / PyTorch: ${(base / median(torchTimes)).toFixed(2)}`);
    console.log(`path: compiled step (step: 'compiled', one TensorFlow graph call per step; oneDNN off)`);
    console.log(`ratio TF.js / PyTorch: ${(fast / median(torchTimes)).toFixed(2)} (below 1: TF.js faster)`);
  }
}

if (process.argv.includes('--child')) child(Number(process.argv[process.argv.indexOf('--child') + 1]));
else parent();
