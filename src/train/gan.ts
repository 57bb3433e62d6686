/**
 * The GAN training engine: a function that takes its pieces (generator, critic, data sampler, losses,
 * Lipschitz method, optimisers, critic iterations per generator step) and trains, keeping all work on the
 * backend. Per generator step it records the critic loss, the W estimate E[D(real)] - E[D(fake)], the penalty
 * and the generator loss as backend scalars, read back every `readEvery` steps (see {@link runSteps}) for the
 * history, the progress line and the NaN check. A NaN stops training and restores the state of the last good
 * read-back: nothing is silently trained on NaN.
 *
 * WGAN and WGAN-GP differ here in one argument (`lipschitz: clipWeights(0.01)` against
 * `lipschitz: penalize(...)`) and their losses, as they do in the papers' Algorithm 1.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Optimizer, Scalar, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';

/** A named tensor, as optimisers' getWeights() returns them. */
interface NamedTensor {
  name: string;
  tensor: Tensor;
}
import { tf } from '../backend';
import type { Sampler } from '../data/sampler';
import { weightClipping } from '../lipschitz/weight-clipping';
import { progress } from '../notebook/progress';
import { Rng, type RngState } from '../random';
import { finite, integer, positive } from '../validate';
import { runSteps, type History, type LoopProgress, type StepMetrics } from './loop';

/** A trainable model: its variables and its forward pass (an Mlp, or any wrapper of one). */
export interface Model {
  readonly name: string;
  readonly params: Variable[];
  apply(x: Tensor2D): Tensor2D;
  /** Every layer's output, for feature matching (optional). */
  layers?(x: Tensor2D): Tensor2D[];
}

/** How the critic is kept (roughly) Lipschitz. */
export type Lipschitz =
  | { kind: 'none' }
  | { kind: 'clip'; c: number }
  | { kind: 'penalty'; penalty: (critic: Model, real: Tensor2D, fake: Tensor2D, rng: Rng) => Scalar };

/** No Lipschitz constraint (a standard GAN). */
export const noLipschitz: Lipschitz = { kind: 'none' };

/** Weight clipping to [-c, c] after every critic update (WGAN, Arjovsky et al. 2017). */
export function clipWeights(c: number): Lipschitz {
  positive('clipWeights', 'c', c);
  return { kind: 'clip', c };
}

/** A penalty added to the critic's loss, e.g. `penalize((D, r, f, rng) => gradientPenalty(D, r, f, { weight: 10, rng }))`. */
export function penalize(penalty: (critic: Model, real: Tensor2D, fake: Tensor2D, rng: Rng) => Scalar): Lipschitz {
  if (typeof penalty !== 'function') throw new RangeError("penalize: argument 'penalty' must be a function (critic, real, fake, rng) => Scalar");
  return { kind: 'penalty', penalty };
}

/** What a generator loss may look at besides the critic's outputs on the generated batch. */
export interface GeneratorContext {
  critic: Model;
  fake: Tensor2D;
  real: Tensor2D;
}

/** The pieces of a GAN run. */
export interface GanParts {
  generator: Model;
  critic: Model;
  /** The real data. */
  data: Sampler;
  /** Latent dimension: the generator's input width. */
  latentDim: number;
  /** The critic's loss from its outputs on a real and a generated batch (minimised). */
  criticLoss: (realOut: Tensor2D, fakeOut: Tensor2D) => Scalar;
  /** The generator's loss from the critic's outputs on a generated batch (minimised). */
  generatorLoss: (fakeOut: Tensor2D, context: GeneratorContext) => Scalar;
  /** Weight clipping, a penalty, or none (default). */
  lipschitz?: Lipschitz;
  criticOptimizer: Optimizer;
  generatorOptimizer: Optimizer;
  /** Critic updates per generator update: a number (default 5) or a schedule of the generator step. */
  criticIterations?: number | ((generatorStep: number) => number);
  batchSize: number;
  /** Seed of every random draw of the run (data batches, latent noise, interpolates). */
  seed: number;
  /** Latent noise (default standard normal N(0, I)). */
  latent?: (rng: Rng, n: number) => Tensor2D;
  /** Changes the critic's batches before an update (instance noise, experience replay, ...). */
  criticBatch?: (real: Tensor2D, fake: Tensor2D, step: number, rng: Rng) => { real: Tensor2D; fake: Tensor2D };
  /** Extra terms added to the critic's or the generator's loss (e.g. historical averaging). */
  criticRegularizer?: () => Scalar;
  generatorRegularizer?: () => Scalar;
  /** Called after each generator update, e.g. to update a moving average or a replay buffer. */
  afterGeneratorStep?: (step: number) => void;
  /**
   * A learning-rate schedule: both optimisers run at (their learning rate at createGan) x learningRateFactor(step)
   * during generator step `step` (default 1 throughout). See {@link stepDecay} and {@link linearDecay}.
   */
  learningRateFactor?: (generatorStep: number) => number;
}

/** A GAN run: its pieces and its state. Train it with {@link trainGan}; it resumes where it stopped. */
export interface GanRun extends Readonly<GanParts> {
  /** Generator steps done. */
  step: number;
  /** The run's random state. */
  readonly rng: Rng;
  /** Metrics per generator step so far. */
  readonly history: History;
}

/** An optimiser's learning rate: TF.js optimisers keep it in a field (SGD and momentum also in a tensor, set by setLearningRate). */
interface WithLearningRate {
  learningRate?: number;
  setLearningRate?: (lr: number) => void;
}

function setLearningRate(o: Optimizer, lr: number): void {
  const w = o as unknown as WithLearningRate;
  if (typeof w.setLearningRate === 'function') w.setLearningRate(lr);
  else w.learningRate = lr;
}

/** Base learning rates of the two optimisers, read once when a run with a schedule is created. */
const baseRates = new WeakMap<GanRun, { critic: number; generator: number; last: number }>();

function readLearningRate(fn: string, which: string, o: Optimizer): number {
  const lr = (o as unknown as WithLearningRate).learningRate;
  if (typeof lr !== 'number' || !Number.isFinite(lr)) {
    throw new RangeError(`${fn}: learningRateFactor needs optimisers with a numeric learningRate field (tf.train.adam, rmsprop, sgd, ...), but the ${which} has none`);
  }
  return lr;
}

/** Puts both optimisers at base x factor(step) (only when the factor changed, so a constant phase costs nothing). */
function applySchedule(run: GanRun): void {
  if (!run.learningRateFactor) return;
  let base = baseRates.get(run);
  if (!base) {
    // A run copied with new optimisers ({ ...run, criticOptimizer }) is not the object createGan saw: read its own rates.
    base = { critic: readLearningRate('trainGan', 'critic optimiser', run.criticOptimizer), generator: readLearningRate('trainGan', 'generator optimiser', run.generatorOptimizer), last: 1 };
    baseRates.set(run, base);
  }
  const f = run.learningRateFactor(run.step);
  if (!(typeof f === 'number' && Number.isFinite(f) && f >= 0)) {
    throw new RangeError(`trainGan: learningRateFactor(${run.step}) must be a finite number >= 0, got ${f}`);
  }
  if (f === base.last) return;
  setLearningRate(run.criticOptimizer, base.critic * f);
  setLearningRate(run.generatorOptimizer, base.generator * f);
  base.last = f;
}

function resolveIterations(it: GanParts['criticIterations']): (g: number) => number {
  if (it === undefined) return () => 5;
  if (typeof it === 'function') return it;
  integer('createGan', 'criticIterations', it, 1);
  return () => it;
}

/**
 * Checks the pieces fit together (shapes of sampler, generator and critic; settings) and returns a run at step 0.
 * Errors name both shapes that disagree, or the setting and why it is refused.
 */
export function createGan(parts: GanParts): GanRun {
  const fn = 'createGan';
  integer(fn, 'batchSize', parts.batchSize, 1);
  integer(fn, 'latentDim', parts.latentDim, 1);
  integer(fn, 'seed', parts.seed, 0);
  if (typeof parts.criticIterations === 'number') integer(fn, 'criticIterations', parts.criticIterations, 1);
  if (parts.lipschitz?.kind === 'clip') positive(fn, 'lipschitz.c', parts.lipschitz.c);
  const rng = new Rng(parts.seed);
  // A dry run on two points: sampler -> [2, dim]; generator(latent) -> the same shape; critic -> [2, 1].
  tf.tidy(() => {
    const probe = new Rng(0);
    const real = parts.data.sample(probe, 2);
    const z = parts.latent ? parts.latent(probe, 2) : tf.randomNormal([2, parts.latentDim]);
    if (z.shape[1] !== parts.latentDim) throw new RangeError(`${fn}: the latent sampler gives shape [${z.shape}], expected [2, ${parts.latentDim}] (latentDim)`);
    let fake: Tensor2D;
    try {
      fake = parts.generator.apply(z as Tensor2D);
    } catch (e) {
      throw new RangeError(`${fn}: the generator '${parts.generator.name}' does not take latent vectors of shape [2, ${parts.latentDim}]: ${(e as Error).message}`);
    }
    if (fake.shape[1] !== real.shape[1]) {
      throw new RangeError(`${fn}: the generator '${parts.generator.name}' outputs shape [${fake.shape}] but the data '${parts.data.name}' has shape [${real.shape}]`);
    }
    let out: Tensor2D;
    try {
      out = parts.critic.apply(real);
    } catch (e) {
      throw new RangeError(`${fn}: the critic '${parts.critic.name}' does not take data of shape [${real.shape}] from '${parts.data.name}': ${(e as Error).message}`);
    }
    if (out.shape.length !== 2 || out.shape[0] !== 2 || out.shape[1] !== 1) {
      throw new RangeError(`${fn}: the critic '${parts.critic.name}' must output one score per example, shape [2, 1], got shape [${out.shape}]`);
    }
  });
  const run: GanRun = { ...parts, lipschitz: parts.lipschitz ?? noLipschitz, step: 0, rng, history: { step: [] } };
  if (parts.learningRateFactor) {
    if (typeof parts.learningRateFactor !== 'function') throw new RangeError(`${fn}: argument 'learningRateFactor' must be a function of the generator step`);
    baseRates.set(run, { critic: readLearningRate(fn, 'critic optimiser', parts.criticOptimizer), generator: readLearningRate(fn, 'generator optimiser', parts.generatorOptimizer), last: 1 });
  }
  return run;
}

/** Standard normal latent noise, drawn from the run's Rng. */
function standardNormal(rng: Rng, n: number, dim: number): Tensor2D {
  return tf.tensor2d(rng.normals(n * dim), [n, dim]);
}

/** One generator step: `n_critic` critic updates, then one generator update. Returns its metrics. */
function ganStep(run: GanRun, iterations: (g: number) => number): StepMetrics {
  const { generator, critic, data, batchSize: n, rng } = run;
  const latent = (m: number) => (run.latent ? run.latent(rng, m) : standardNormal(rng, m, run.latentDim));
  const k = iterations(run.step);
  integer('trainGan', `criticIterations(${run.step})`, k, 1);
  applySchedule(run);
  const metrics: StepMetrics = {};
  for (let i = 0; i < k; i++) {
    const last = i === k - 1;
    tf.tidy(() => {
      let real = data.sample(rng, n);
      let fake = generator.apply(latent(n)); // outside the gradient: the critic update does not touch the generator
      if (run.criticBatch) ({ real, fake } = run.criticBatch(real, fake, run.step, rng));
      run.criticOptimizer.minimize(() => {
        const outReal = critic.apply(real);
        const outFake = critic.apply(fake);
        const loss = run.criticLoss(outReal, outFake);
        if (last) {
          // Copies: minimize() disposes the cost it returns, which may be `loss` itself.
          metrics.criticLoss = tf.keep(tf.clone(loss));
          metrics.wEstimate = tf.keep(tf.sub(tf.mean(outReal), tf.mean(outFake)));
        }
        let total: Scalar = loss;
        if (run.lipschitz!.kind === 'penalty') {
          const p = run.lipschitz!.penalty(critic, real, fake, rng);
          total = tf.add(total, p);
          if (last) metrics.penalty = tf.keep(tf.clone(p));
        }
        if (run.criticRegularizer) total = tf.add(total, run.criticRegularizer());
        return total;
      }, false, critic.params);
      if (run.lipschitz!.kind === 'clip') weightClipping(critic.params, run.lipschitz!.c);
    });
  }
  const z = latent(n);
  const real = data.sample(rng, n);
  const cost = run.generatorOptimizer.minimize(() => {
    const fake = generator.apply(z);
    const loss = run.generatorLoss(critic.apply(fake), { critic, fake, real });
    return run.generatorRegularizer ? tf.add(loss, run.generatorRegularizer()) : loss;
  }, true, generator.params);
  metrics.generatorLoss = cost!;
  run.afterGeneratorStep?.(run.step);
  run.step += 1;
  return metrics;
}

/** A copy of everything that matters to resume a run: weights, optimiser state, step, random state. */
export interface GanSnapshot {
  step: number;
  rng: RngState;
  generator: Tensor[];
  critic: Tensor[];
  generatorOptimizer: NamedTensor[];
  criticOptimizer: NamedTensor[];
  historyLength: number;
}

async function copyOptimizer(o: Optimizer): Promise<NamedTensor[]> {
  const ws = await o.getWeights();
  // getWeights returns the live slot variables (and a fresh iterations scalar): copy the former.
  return ws.map((w, i) => ({ name: w.name, tensor: i === 0 && w.name === 'iter' ? w.tensor : tf.clone(w.tensor) }));
}

/** Takes a {@link GanSnapshot} (copies on the backend; dispose it with {@link disposeSnapshot}). */
export async function snapshotGan(run: GanRun): Promise<GanSnapshot> {
  return {
    step: run.step,
    rng: run.rng.getState(),
    generator: run.generator.params.map((p) => tf.clone(p)),
    critic: run.critic.params.map((p) => tf.clone(p)),
    generatorOptimizer: await copyOptimizer(run.generatorOptimizer),
    criticOptimizer: await copyOptimizer(run.criticOptimizer),
    historyLength: run.history.step.length,
  };
}

async function restoreOptimizer(o: Optimizer, saved: NamedTensor[]): Promise<void> {
  const old = await o.getWeights();
  // setWeights wraps the given tensors in new variables; give it copies so the snapshot stays reusable.
  const copies = saved.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) }));
  await o.setWeights(copies);
  // The new slot variables hold their own references to the data; free the copies and the replaced slots.
  copies.forEach((w) => w.tensor.dispose());
  old.forEach((w) => w.tensor.dispose());
}

/** Puts a run back to a {@link GanSnapshot} (weights, optimisers, step, random state, history length). */
export async function restoreGan(run: GanRun, snap: GanSnapshot): Promise<void> {
  run.generator.params.forEach((p, i) => p.assign(snap.generator[i]));
  run.critic.params.forEach((p, i) => p.assign(snap.critic[i]));
  await restoreOptimizer(run.generatorOptimizer, snap.generatorOptimizer);
  await restoreOptimizer(run.criticOptimizer, snap.criticOptimizer);
  run.step = snap.step;
  run.rng.setState(snap.rng);
  for (const key of Object.keys(run.history)) run.history[key].length = Math.min(run.history[key].length, snap.historyLength);
}

/** Frees a snapshot's tensors. */
export function disposeSnapshot(snap: GanSnapshot): void {
  [...snap.generator, ...snap.critic].forEach((t) => t.dispose());
  [...snap.generatorOptimizer, ...snap.criticOptimizer].forEach((w) => w.tensor.dispose());
}

/** Options of {@link trainGan}. */
export interface TrainOptions {
  /** Generator steps to train (from where the run stopped). */
  steps: number;
  /** Read metrics back every this many generator steps (default 50). */
  readEvery?: number;
  /** A label for the live progress line (default: no progress line). */
  progressLabel?: string;
  /** Called after each read-back (after the NaN check), e.g. to redraw samples. */
  onRead?: (p: LoopProgress) => void | Promise<void>;
  /** Keep a copy of the state at each read-back, restored if a NaN appears (default true). */
  guardNaN?: boolean;
}

/**
 * Trains the run for `steps` generator steps and returns its whole history. On a NaN or infinite metric it
 * restores the state of the last good read-back and throws {@link NonFiniteLossError} naming the first bad step.
 */
export async function trainGan(run: GanRun, options: TrainOptions): Promise<History> {
  integer('trainGan', 'steps', options.steps, 0);
  const iterations = resolveIterations(run.criticIterations);
  const guard = options.guardNaN ?? true;
  let good: GanSnapshot | null = guard ? await snapshotGan(run) : null;
  const show = options.progressLabel ? progress(options.progressLabel) : null;
  try {
    await runSteps({
      steps: options.steps,
      startStep: run.step,
      readEvery: options.readEvery ?? 50,
      history: run.history,
      step: () => ganStep(run, iterations),
      onRead: async (p) => {
        show?.(p);
        if (guard) {
          const next = await snapshotGan(run);
          disposeSnapshot(good!);
          good = next;
        }
        await options.onRead?.(p);
      },
    });
  } catch (err) {
    if (good && err instanceof Error && err.name === 'NonFiniteLossError') await restoreGan(run, good);
    throw err;
  } finally {
    if (good) disposeSnapshot(good);
  }
  return run.history;
}

/** n generated samples as a flat Float32Array (n * dim numbers), drawn with a separate seed so training is unaffected. */
export function generateSamples(run: GanRun, n: number, seed = 12345): Float32Array {
  integer('generateSamples', 'n', n, 1);
  const rng = new Rng(seed);
  const out = tf.tidy(() => run.generator.apply(run.latent ? run.latent(rng, n) : standardNormal(rng, n, run.latentDim)));
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}

/** Saves the generator's and the critic's weights to `dir` (weights.json: names, shapes and values). */
export async function saveGanWeights(run: GanRun, dir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const dump = async (m: Model) => Promise.all(m.params.map(async (p) => ({ shape: p.shape, values: Array.from(await p.data()) })));
  const file = path.join(dir, 'weights.json');
  fs.writeFileSync(file, JSON.stringify({ step: run.step, generator: await dump(run.generator), critic: await dump(run.critic) }));
  return file;
}

/** Loads weights saved by {@link saveGanWeights}; shapes must match the run's models. */
export function loadGanWeights(run: GanRun, dir: string): void {
  const file = path.join(dir, 'weights.json');
  if (!fs.existsSync(file)) throw new RangeError(`loadGanWeights: argument 'dir' must hold weights.json saved by saveGanWeights, but ${file} does not exist`);
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { step: number; generator: { shape: number[]; values: number[] }[]; critic: { shape: number[]; values: number[] }[] };
  const load = (m: Model, ws: { shape: number[]; values: number[] }[], which: string) => {
    if (ws.length !== m.params.length) throw new RangeError(`loadGanWeights: the saved ${which} has ${ws.length} weight tensors, the run's '${m.name}' has ${m.params.length}`);
    m.params.forEach((p, i) => {
      if (ws[i].shape.join() !== p.shape.join()) {
        throw new RangeError(`loadGanWeights: saved ${which} weight ${i} has shape [${ws[i].shape}], the run's '${m.name}' has shape [${p.shape}]`);
      }
      p.assign(tf.tensor(ws[i].values, p.shape));
    });
  };
  tf.tidy(() => {
    load(run.generator, saved.generator, 'generator');
    load(run.critic, saved.critic, 'critic');
  });
  finite('loadGanWeights', 'step', saved.step);
  run.step = saved.step;
}
