/**
 * Training a discriminator or critic against FIXED real and generated distributions: the inner problem of
 * every GAN, solved on its own to see what the optimum looks like (the optimal discriminator, the WGAN
 * critic's slope, the WGAN-GP value surfaces, vanishing gradients through a trained discriminator).
 * It speaks the GAN engine's vocabulary: the same `lipschitz`, `learningRateFactor`, `readEvery`, `progress`, `onRead`.
 */
import type { Optimizer, Scalar, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { lipschitzPenalty, noLipschitz, type Lipschitz } from '../lipschitz/method';
import { checkSpectralNorm, isSpectrallyNormalized } from '../lipschitz/spectral-norm';
import { weightClipping } from '../lipschitz/weight-clipping';
import type { Model } from '../models/model';
import { Rng } from '../random';
import { integer, shape } from '../validate';
import { learningRateSchedule } from './learning-rate';
import { runSteps, type History, type ReadBackOptions, type StepMetrics } from './loop';

/** Options of {@link trainCritic}: the shared read-back options (readEvery, progress, onRead(p, critic)) and these. */
export interface CriticTrainingOptions extends Omit<ReadBackOptions<Model>, 'checkpoint'> {
  /** The model trained (its params are the variables updated). */
  critic: Model;
  /** A fresh batch of real data, shape [n, dim]. */
  sampleReal: (n: number) => Tensor2D;
  /** A fresh batch of generated data, shape [n, dim]. */
  sampleFake: (n: number) => Tensor2D;
  /** The loss the critic minimises, from its outputs on the real and the fake batch. */
  loss: (outReal: Tensor2D, outFake: Tensor2D) => Scalar;
  /**
   * The same value createGan takes (default none): clipWeights(c) projects the initial weights into [-c, c]
   * before the first update and clips after every update; penalize(fn) adds fn(critic, real, fake, rng) to the
   * loss, with rng an Rng seeded by `seed`; spectralNorm() steps the power iteration of a spectrallyNormalized critic before each update.
   */
  lipschitz?: Lipschitz;
  /** Updates the critic's params. */
  optimizer: Optimizer;
  /** Updates to make. */
  steps: number;
  /** Examples per real and per generated batch. */
  batchSize: number;
  /**
   * A learning-rate schedule: the optimiser runs at (its rate at the call) x learningRateFactor(step) during
   * update `step` (0, 1, ... within this call), and is put back at its rate when the call ends. See stepDecay.
   */
  learningRateFactor?: (step: number) => number;
  /** Seed of the rng a penalize(...) penalty receives (default 0); the samplers keep their own random sources. */
  seed?: number;
}

/** Trains the critic for `steps` updates on fresh batches; records `loss` (and `penalty`) per step. */
export async function trainCritic(o: CriticTrainingOptions): Promise<History> {
  const fn = 'trainCritic';
  integer(fn, 'batchSize', o.batchSize);
  integer(fn, 'steps', o.steps, 0);
  const lipschitz = o.lipschitz ?? noLipschitz;
  checkSpectralNorm(fn, o.critic, lipschitz);
  const penalty = lipschitzPenalty(lipschitz);
  const rng = new Rng(integer(fn, 'seed', o.seed ?? 0, 0));
  const schedule = o.learningRateFactor !== undefined ? learningRateSchedule(fn, { optimiser: o.optimizer }, o.learningRateFactor) : null;
  if (lipschitz.kind === 'clip') weightClipping(o.critic.params, lipschitz.c);
  let checked = false;
  try {
    return await runSteps({
      steps: o.steps,
      readEvery: o.readEvery,
      continueHint: 'the critic keeps the weights it had then',
      onRead: async (p) => {
        o.progress?.(p);
        await o.onRead?.(p, o.critic);
      },
      step: (i) => {
        schedule?.apply(i);
        const real = o.sampleReal(o.batchSize);
        const fake = o.sampleFake(o.batchSize);
        if (!checked) {
          shape(fn, 'sampleFake(n) (compared with sampleReal(n))', fake.shape, real.shape);
          checked = true;
        }
        const metrics: StepMetrics = {};
        if (lipschitz.kind === 'spectral' && isSpectrallyNormalized(o.critic)) o.critic.powerIteration();
        const cost = o.optimizer.minimize(() => {
          const l = o.loss(o.critic.apply(real), o.critic.apply(fake));
          if (!penalty) return l;
          const p = penalty(o.critic, real, fake, rng);
          metrics.penalty = tf.keep(tf.clone(p));
          return tf.add(l, p) as Scalar;
        }, true, o.critic.params);
        metrics.loss = cost!;
        if (lipschitz.kind === 'clip') weightClipping(o.critic.params, lipschitz.c);
        return metrics;
      },
    });
  } finally {
    schedule?.reset();
  }
}
