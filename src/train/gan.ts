/**
 * The GAN training engine: a function that takes its pieces (generator, critic, data sampler, losses,
 * Lipschitz method, optimisers, critic iterations per generator step) and trains, keeping all work on the
 * backend. Per generator step it records the critic loss, the W estimate E[D(real)] - E[D(fake)], the penalty
 * and the generator loss as backend scalars, read back every `readEvery` steps (see {@link runSteps}) for the
 * history, the progress line and the NaN check. A NaN stops training and restores the state of the last good
 * read-back: nothing is silently trained on NaN.
 *
 * WGAN and WGAN-GP differ here in one argument (`lipschitz: clipWeights(0.01)` against
 * `lipschitz: penalize(...)`, see lipschitz/method) and their losses, as they do in the papers' Algorithm 1.
 * Learning-rate schedules are in learning-rate.ts, snapshots in snapshot.ts, sampling in samples.ts.
 */
import type { Optimizer, Scalar, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { standardNormalLatent } from '../data/latent';
import type { Sampler } from '../data/sampler';
import { lipschitzPenalty, noLipschitz, type Lipschitz } from '../lipschitz/method';
import { checkSpectralNorm, isSpectrallyNormalized } from '../lipschitz/spectral-norm';
import { weightClipping } from '../lipschitz/weight-clipping';
import type { Model } from '../models/model';
import { Rng } from '../random';
import { integer, positive } from '../validate';
import { learningRateSchedule, type LearningRateSchedule } from './learning-rate';
import { isStateful, type RunState, type Stateful } from '../runs/state';
import { runSteps, stateFingerprint, type History, type ReadBackOptions, type StepMetrics } from './loop';
import { disposeSnapshot, restoreGan, snapshotGan, type GanSnapshot } from './snapshot';
import { compiledGanStep, compiledStepUnsupported, prepareCompiledStep } from '../compiled/gan-step';

/** What a generator loss may look at besides the critic's outputs on the generated batch. */
export interface GeneratorContext {
  /** The critic (e.g. for feature matching on its layers). */
  critic: Model;
  /** The generated batch the loss is computed on. */
  fake: Tensor2D;
  /** A fresh real batch of the same size. */
  real: Tensor2D;
}

/** The pieces of a GAN run. */
export interface GanParts {
  /** Maps latent vectors [n, latentDim] to data points [n, dim]. */
  generator: Model;
  /** Scores data points: [n, dim] -> [n, 1]. */
  critic: Model;
  /** The real data. */
  data: Sampler;
  /** Latent dimension: the generator's input width. */
  latentDim: number;
  /** The critic's loss from its outputs on a real and a generated batch (minimised). */
  criticLoss: (realOut: Tensor2D, fakeOut: Tensor2D) => Scalar;
  /** The generator's loss from the critic's outputs on a generated batch (minimised). */
  generatorLoss: (fakeOut: Tensor2D, context: GeneratorContext) => Scalar;
  /** Weight clipping, a penalty, spectral normalisation, or none (default); see lipschitz/method. */
  lipschitz?: Lipschitz;
  /** Updates the critic's params. */
  criticOptimizer: Optimizer;
  /** Updates the generator's params. */
  generatorOptimizer: Optimizer;
  /** Critic updates per generator update: a number (default 5) or a schedule of the generator step. */
  criticIterations?: number | ((generatorStep: number) => number);
  /** Examples per real batch, per generated batch and per latent batch. */
  batchSize: number;
  /** Seed of every random draw of the run (data batches, latent noise, interpolates). */
  seed: number;
  /** Latent noise (default {@link standardNormalLatent}: N(0, I)). */
  latent?: (rng: Rng, n: number) => Tensor2D;
  /** Changes the critic's batches before an update (instance noise, experience replay, ...). */
  criticBatch?: (real: Tensor2D, fake: Tensor2D, step: number, rng: Rng) => { real: Tensor2D; fake: Tensor2D };
  /** An extra term added to the critic's loss (e.g. historical averaging). */
  criticRegularizer?: () => Scalar;
  /** An extra term added to the generator's loss (e.g. historical averaging). */
  generatorRegularizer?: () => Scalar;
  /** Called after each generator update, e.g. to update a moving average or a replay buffer. */
  afterGeneratorStep?: (step: number) => void;
  /**
   * A learning-rate schedule: both optimisers run at (their learning rate at createGan) x learningRateFactor(step)
   * during generator step `step` (default 1 throughout). See {@link stepDecay} and {@link linearDecay}.
   */
  learningRateFactor?: (generatorStep: number) => number;
  /**
   * 'eager' (default): every op dispatched from JavaScript, any GAN. 'compiled': the whole generator step as one
   * TensorFlow graph call (see compiled/gan-step.ts), the same computation several times faster, for the library's
   * models, losses, Lipschitz methods, `adam()` and tricks' hooks (compiledStepUnsupported lists the conditions);
   * trainGan says what stands in the way otherwise. 'auto': compiled if the run can take it, else eager (`run.stepKind`
   * says which; `compiledStepUnsupported(run)` why). WGAN_LAB_STEP=eager turns it off everywhere.
   */
  step?: 'eager' | 'compiled' | 'auto';
}

/** A GAN run: its pieces and its state. Train it with {@link trainGan}; it resumes where it stopped. */
export interface GanRun extends Readonly<Omit<GanParts, 'step'>> {
  /** Generator steps done. */
  step: number;
  /** Which step runs (GanParts' `step`, 'auto' resolved; WGAN_LAB_STEP=eager overrides it). */
  readonly stepKind: 'eager' | 'compiled';
  /** The run's random state. */
  readonly rng: Rng;
  /** Metrics per generator step so far. */
  readonly history: History;
}

/** The learning-rate schedule of each run, bound to its optimisers when the run is created. */
const schedules = new WeakMap<GanRun, LearningRateSchedule>();

function scheduleOf(run: GanRun): LearningRateSchedule | null {
  if (!run.learningRateFactor) return null;
  let s = schedules.get(run);
  if (!s) {
    // A run copied with new optimisers ({ ...run, criticOptimizer }) is not the object createGan saw: read its own rates.
    s = learningRateSchedule('trainGan', { 'critic optimiser': run.criticOptimizer, 'generator optimiser': run.generatorOptimizer }, run.learningRateFactor);
    schedules.set(run, s);
  }
  return s;
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
    const z = parts.latent ? parts.latent(probe, 2) : standardNormalLatent(probe, 2, parts.latentDim);
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
  checkSpectralNorm(fn, parts.critic, parts.lipschitz ?? noLipschitz);
  const { step: kind, ...rest } = parts;
  if (kind !== undefined && kind !== 'eager' && kind !== 'compiled' && kind !== 'auto') {
    throw new RangeError(`${fn}: option 'step' must be 'eager', 'compiled' or 'auto', got ${String(kind)}`);
  }
  const run: GanRun = { ...rest, stepKind: 'eager', lipschitz: parts.lipschitz ?? noLipschitz, step: 0, rng, history: { step: [] } };
  if (process.env.WGAN_LAB_STEP !== 'eager' && (kind === 'compiled' || (kind === 'auto' && compiledStepUnsupported(run).length === 0))) {
    (run as { stepKind: 'eager' | 'compiled' }).stepKind = 'compiled';
  }
  if (parts.learningRateFactor !== undefined) {
    schedules.set(run, learningRateSchedule(fn, { 'critic optimiser': parts.criticOptimizer, 'generator optimiser': parts.generatorOptimizer }, parts.learningRateFactor));
  }
  // WGAN's clipping holds from the start: the initial weights are projected into [-c, c] too.
  if (run.lipschitz!.kind === 'clip') weightClipping(run.critic.params, run.lipschitz!.c);
  return run;
}

/** The run's latent noise: its own sampler, or N(0, I). */
export function latentBatch(run: Pick<GanRun, 'latent' | 'latentDim'>, rng: Rng, n: number): Tensor2D {
  return run.latent ? run.latent(rng, n) : standardNormalLatent(rng, n, run.latentDim);
}

/** One critic update on fresh batches; on the `last` update of a generator step its metrics go into `metrics`. */
function criticUpdate(run: GanRun, metrics: StepMetrics, last: boolean): void {
  const { generator, critic, data, batchSize: n, rng } = run;
  const lipschitz = run.lipschitz!;
  const penalty = lipschitzPenalty(lipschitz);
  if (lipschitz.kind === 'spectral' && isSpectrallyNormalized(critic)) critic.powerIteration();
  tf.tidy(() => {
    let real = data.sample(rng, n);
    let fake = generator.apply(latentBatch(run, rng, n)); // outside the gradient: the critic update does not touch the generator
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
      if (penalty) {
        const p = penalty(critic, real, fake, rng);
        total = tf.add(total, p);
        if (last) metrics.penalty = tf.keep(tf.clone(p));
      }
      if (run.criticRegularizer) total = tf.add(total, run.criticRegularizer());
      return total;
    }, false, critic.params);
    if (lipschitz.kind === 'clip') weightClipping(critic.params, lipschitz.c);
  });
}

/** The generator update: one step on a fresh latent batch; returns its loss (on the backend). */
function generatorUpdate(run: GanRun): Scalar {
  const { generator, critic, data, batchSize: n, rng } = run;
  const z = latentBatch(run, rng, n);
  const real = data.sample(rng, n);
  const cost = run.generatorOptimizer.minimize(() => {
    const fake = generator.apply(z);
    const loss = run.generatorLoss(critic.apply(fake), { critic, fake, real });
    return run.generatorRegularizer ? tf.add(loss, run.generatorRegularizer()) : loss;
  }, true, generator.params);
  return cost!;
}

/** One generator step: `n_critic` critic updates, then one generator update. Returns its metrics. */
function ganStep(run: GanRun, iterations: (g: number) => number): StepMetrics {
  const k = iterations(run.step);
  integer('trainGan', `criticIterations(${run.step})`, k, 1);
  scheduleOf(run)?.apply(run.step);
  let metrics: StepMetrics = {};
  if (run.stepKind === 'compiled') {
    metrics = compiledGanStep(run, k, (n) => latentBatch(run, run.rng, n));
  } else {
    for (let i = 0; i < k; i++) criticUpdate(run, metrics, i === k - 1);
    metrics.generatorLoss = generatorUpdate(run);
  }
  run.afterGeneratorStep?.(run.step);
  run.step += 1;
  return metrics;
}

/** Options of {@link trainGan}: the shared read-back options (readEvery, progress, onRead(p, run), checkpoint) and these. */
export interface GanTrainingOptions extends ReadBackOptions<GanRun> {
  /** Generator steps to train (from where the run stopped); or give `until`. */
  steps?: number;
  /** Train until the run has done this many generator steps (calling again after an interrupt continues the same run). */
  until?: number;
  /** Keep a copy of the state at each read-back, restored if a NaN appears (default true). */
  guardNaN?: boolean;
}

/** What the run starts from, for its checkpoint key: taken at the run's first checkpointed call, at step 0. */
const fingerprints = new WeakMap<GanRun, string>();

function ganFingerprint(run: GanRun): string {
  let fp = fingerprints.get(run);
  if (fp) return fp;
  if (run.step !== 0) {
    throw new RangeError(`trainGan: a checkpoint must be given from the run's first call (at step 0); this run is at step ${run.step}. Give it from the start, or none`);
  }
  const l = run.lipschitz!;
  fp = stateFingerprint(
    { variables: { generator: run.generator.params, critic: criticVariables(run) }, optimizers: { critic: run.criticOptimizer, generator: run.generatorOptimizer } },
    { batchSize: run.batchSize, latentDim: run.latentDim, seed: run.seed, data: run.data.name, generator: run.generator.name, critic: run.critic.name, lipschitz: l.kind, c: l.kind === 'clip' ? l.c : null },
    lipschitzPenalty(l), run.criticLoss, run.generatorLoss, run.criticIterations, run.latent, run.criticBatch,
    run.criticRegularizer, run.generatorRegularizer, run.afterGeneratorStep, run.learningRateFactor, run.generator.apply, run.critic.apply,
  );
  fingerprints.set(run, fp);
  return fp;
}

/** The critic's params, then its state variables if it has any (spectral normalisation's vectors). */
function criticVariables(run: GanRun) {
  return [...run.critic.params, ...(run.critic.state ?? [])];
}


/**
 * Trains the run for `steps` more generator steps (or `until` it has done that many) and returns its whole
 * history. On a NaN or infinite metric it restores the state of the last good read-back and throws
 * {@link NonFiniteLossError} naming the first bad step. With `checkpoint`, it saves the run (weights, optimisers,
 * step, random state, history, and a sampleTracker given as `onRead`) every few minutes, and resumes from it.
 * Stops within one step of an interrupt (see train/interrupt).
 */
export async function trainGan(run: GanRun, options: GanTrainingOptions): Promise<History> {
  const fn = 'trainGan';
  if ((options.steps === undefined) === (options.until === undefined)) {
    throw new RangeError(`${fn}: give exactly one of 'steps' (generator steps to train) and 'until' (the step to train to)`);
  }
  const target = options.until !== undefined ? integer(fn, 'until', options.until, 0) : run.step + integer(fn, 'steps', options.steps, 0);
  if (target < run.step) throw new RangeError(`${fn}: 'until' is ${target} but the run has already done ${run.step} steps`);
  const iterations = resolveIterations(run.criticIterations);
  if (run.stepKind === 'compiled') await prepareCompiledStep(run);
  const guard = options.guardNaN ?? true;
  let good: GanSnapshot | null = guard ? await snapshotGan(run) : null;
  const values: Record<string, Stateful> = { step: { saveState: () => run.step, loadState: (s) => (run.step = s as number) } };
  if (typeof options.onRead === 'function' && isStateful(options.onRead)) values.tracker = options.onRead;
  const state: RunState = {
    variables: { generator: run.generator.params, critic: criticVariables(run) },
    optimizers: { critic: run.criticOptimizer, generator: run.generatorOptimizer },
    rngs: { run: run.rng },
    values,
  };
  try {
    await runSteps({
      steps: target - run.step,
      startStep: run.step,
      readEvery: options.readEvery ?? 50,
      history: run.history,
      checkpoint: options.checkpoint,
      state,
      fingerprint: options.checkpoint ? ganFingerprint(run) : undefined,
      continueHint: `\`await trainGan(run, { until: ${target} })\` continues it`,
      onResume: async () => {
        if (good) disposeSnapshot(good);
        good = guard ? await snapshotGan(run) : null;
      },
      step: () => ganStep(run, iterations),
      onRead: async (p) => {
        options.progress?.(p);
        if (guard && p.step === run.step && !p.note?.startsWith('stopped')) {
          const next = await snapshotGan(run);
          disposeSnapshot(good!);
          good = next;
        }
        await options.onRead?.(p, run);
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
