/**
 * WGAN-GP toy benchmark at the paper's toy size (gan_toy.py): generator and critic 2 -> 512 -> 512 -> 512 -> out,
 * ReLU, batch 256, 5 critic iterations per generator step, Adam, lambda 0.1, on the 8 Gaussians.
 * Prints milliseconds per generator step (median over blocks after warm-up), an estimate of the achieved
 * GFLOP/s, and the backend; when a Python with PyTorch is available (WGAN_LAB_TORCH_PYTHON, or python3 if it
 * imports torch), runs the same step in PyTorch, alternating rounds with TF.js, and prints the ratio. TF.js runs both
 * trainGan's eager step and its compiled step (one TensorFlow graph call per generator step), with the library's
 * adam() and wganGp; the last line is the compiled step's ratio.
 *
 * Run: node --import tsx bench/wgan-gp.bench.ts [rounds=3] [stepsPerRound=40]
 */
import { torchPython, torchRound } from './torch';
import {
  tf, backendBanner, mlp, createGan, trainGan, eightGaussians, wassersteinCriticLoss, wassersteinGeneratorLoss,
  wganGp, adam, compiledStepNodes, WGAN_GP_TOY_SCRIPT, median,
} from '../src/index';
import * as os from 'node:os';

const rounds = Number(process.argv[2] ?? 3);
const stepsPerRound = Number(process.argv[3] ?? 40);
const BLOCK = 5; // generator steps between read-backs (a read-back is what makes a block's time real)
const B = WGAN_GP_TOY_SCRIPT.batchSize;
const H = 512;


// Matrix-product FLOPs (2 m n k each) of one generator step, counted in "forward passes" of an MLP on a batch:
// a critic update runs the critic forward on real, fake and interpolates (3), back-propagates the loss to the
// weights on real and fake (2 x 2: input and weight gradients), the penalty's input gradient (1) and its
// double backward (about 4), plus one generator forward (1): 13. A generator update: G forward (1), D forward (1),
// D input gradient (1), G backward (2): 5. So 5 x 13 + 5 = 70 forward passes. An estimate, stated as such.
const forwardFlops = 2 * B * (2 * H + H * H + H * H + H * 1);
const flopsPerStep = 70 * forwardFlops;

function makeRun(seed: number, step: 'eager' | 'compiled') {
  const net = (out: number, name: string, s: number) => mlp({ inputDim: 2, hidden: [H, H, H], outputDim: out, activation: 'relu', seed: s, name });
  const [b1, b2] = WGAN_GP_TOY_SCRIPT.betas!;
  return createGan({
    generator: net(2, 'G', seed),
    critic: net(1, 'D', seed + 1),
    data: eightGaussians(),
    latentDim: 2,
    criticLoss: wassersteinCriticLoss,
    generatorLoss: wassersteinGeneratorLoss,
    lipschitz: wganGp({ weight: WGAN_GP_TOY_SCRIPT.penaltyWeight! }),
    criticOptimizer: adam(WGAN_GP_TOY_SCRIPT.learningRate, b1, b2),
    generatorOptimizer: adam(WGAN_GP_TOY_SCRIPT.learningRate, b1, b2),
    step,
    criticIterations: WGAN_GP_TOY_SCRIPT.criticIterations,
    batchSize: B,
    seed,
  });
}

async function tfjsRound(run: ReturnType<typeof makeRun>, steps: number): Promise<number[]> {
  const perStep: number[] = [];
  for (let done = 0; done < steps; done += BLOCK) {
    const t0 = performance.now();
    await trainGan(run, { steps: BLOCK, readEvery: BLOCK, guardNaN: false });
    perStep.push((performance.now() - t0) / BLOCK);
  }
  return perStep;
}

(async () => {
  console.log(`${backendBanner()}; oneDNN ${process.env.TF_ENABLE_ONEDNN_OPTS === "0" ? "off (the library default; TF_ENABLE_ONEDNN_OPTS=1 turns it on, faster at this width)" : "on"}`);
  console.log(`WGAN-GP toy step: 2-${H}-${H}-${H}-out ReLU MLPs, batch ${B}, ${WGAN_GP_TOY_SCRIPT.criticIterations} critic iterations per generator step, Adam`);
  const runs = { eager: makeRun(1, 'eager'), compiled: makeRun(1, 'compiled') };
  for (const r of Object.values(runs)) await tfjsRound(r, 20); // warm-up: kernels, optimiser slots, the compiled graph
  const py = torchPython();
  if (!py) console.log('PyTorch not found (set WGAN_LAB_TORCH_PYTHON to a python with torch): TF.js only.');
  const tfTimes: Record<'eager' | 'compiled', number[]> = { eager: [], compiled: [] };
  const torchTimes: number[] = [];
  let torchInfo = '';
  let lastTorchMatmul = NaN;
  for (let i = 0; i < rounds; i++) {
    let line = `round ${i + 1}:`;
    for (const kind of (i % 2 === 0 ? ['eager', 'compiled'] : ['compiled', 'eager']) as ('eager' | 'compiled')[]) {
      const t = await tfjsRound(runs[kind], stepsPerRound);
      tfTimes[kind].push(...t);
      line += ` TF.js ${kind} ${median(t).toFixed(1)} ms/step,`;
    }
    if (py) {
      const r = torchRound(py, 'wgan_gp_torch.py', stepsPerRound, 10);
      torchInfo = `PyTorch ${r.torch}, ${r.threads} threads`;
      lastTorchMatmul = r.matmulMs as number;
      torchTimes.push(...r.ms);
      line += ` PyTorch ${median(r.ms).toFixed(1)} ms/step,`;
    }
    console.log(`${line} load ${os.loadavg()[0].toFixed(2)}`);
  }
  const m = median(tfTimes.compiled), me = median(tfTimes.eager);
  for (const [kind, v] of [['eager', me], ['compiled', m]] as const) {
    console.log(`TF.js ${kind} (${tf.getBackend()}): median ${v.toFixed(2)} ms per generator step over ${tfTimes[kind].length * BLOCK} steps ` +
      `(blocks of ${BLOCK}), about ${(flopsPerStep / v / 1e6).toFixed(1)} GFLOP/s (estimated ${(flopsPerStep / 1e9).toFixed(1)} GFLOP per step)`);
  }
  if (py) {
    const mt = median(torchTimes);
    console.log(`${torchInfo}: median ${mt.toFixed(2)} ms per generator step over ${torchTimes.length} steps, about ${(flopsPerStep / mt / 1e6).toFixed(1)} GFLOP/s`);
  }
  // The floor of that step: the bare product of a batch with a 512 x 512 weight, per call (TF.js runs it synchronously).
  const a = tf.randomNormal([B, H]), w = tf.randomNormal([H, H]);
  for (let i = 0; i < 20; i++) tf.matMul(a, w).dispose();
  const mm: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    tf.matMul(a, w).dispose();
    mm.push(performance.now() - t0);
  }
  tf.dispose([a, w]);
  console.log(`matMul ${B} x ${H} x ${H}: TF.js ${median(mm).toFixed(3)} ms` + (py ? `, PyTorch ${lastTorchMatmul.toFixed(3)} ms, ratio ${(median(mm) / lastTorchMatmul).toFixed(2)}` : ''));
  const mem = tf.memory().numTensors;
  await tfjsRound(runs.compiled, 10);
  console.log(`tensors before/after 10 more compiled steps: ${mem}/${tf.memory().numTensors}`);
  if (py) console.log(`eager step / PyTorch: ${(me / median(torchTimes)).toFixed(2)}`);
  console.log(`path: compiled step (step: 'compiled', one TensorFlow graph call per generator step; ${compiledStepNodes(runs.compiled)} graph nodes; closed-form ReLU penalty gradient)`);
  if (py) console.log(`ratio TF.js / PyTorch: ${(m / median(torchTimes)).toFixed(2)} (below 1: TF.js faster)`);
})();
