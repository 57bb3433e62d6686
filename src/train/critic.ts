/**
 * Training a discriminator or critic against FIXED real and generated distributions: the inner problem of
 * every GAN, solved on its own to see what the optimum looks like (the optimal discriminator, the WGAN
 * critic's slope, the WGAN-GP value surfaces, vanishing gradients through a trained discriminator).
 */
import type { Optimizer, Scalar, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import type { Mlp } from '../models/mlp';
import { integer, shape } from '../validate';
import { runSteps, type History, type LoopProgress, type StepMetrics } from './loop';

/** Options of {@link trainCritic}. */
export interface CriticTrainingOptions {
  /** The model trained (its params are the variables updated). */
  critic: Pick<Mlp, 'apply' | 'params' | 'name'>;
  /** A fresh batch of real data, shape [n, dim]. */
  sampleReal: (n: number) => Tensor2D;
  /** A fresh batch of generated data, shape [n, dim]. */
  sampleFake: (n: number) => Tensor2D;
  /** The loss the critic minimises, from its outputs on the real and the fake batch. */
  loss: (outReal: Tensor2D, outFake: Tensor2D) => Scalar;
  /** An optional penalty on the batches (a gradient penalty), added to the loss. */
  penalty?: (real: Tensor2D, fake: Tensor2D) => Scalar;
  /** Called after each update, e.g. weight clipping. */
  afterStep?: () => void;
  optimizer: Optimizer;
  steps: number;
  batchSize: number;
  /** Read metrics back every this many steps (default 50). */
  readEvery?: number;
  onRead?: (p: LoopProgress) => void | Promise<void>;
}

/** Trains the critic for `steps` updates on fresh batches; records `loss` (and `penalty`) per step. */
export async function trainCritic(o: CriticTrainingOptions): Promise<History> {
  const fn = 'trainCritic';
  integer(fn, 'batchSize', o.batchSize);
  integer(fn, 'steps', o.steps, 0);
  let checked = false;
  return runSteps({
    steps: o.steps,
    readEvery: o.readEvery,
    onRead: o.onRead,
    step: () => {
      const real = o.sampleReal(o.batchSize);
      const fake = o.sampleFake(o.batchSize);
      if (!checked) {
        shape(fn, 'sampleFake(n) (compared with sampleReal(n))', fake.shape, real.shape);
        checked = true;
      }
      const metrics: StepMetrics = {};
      const cost = o.optimizer.minimize(() => {
        const l = o.loss(o.critic.apply(real), o.critic.apply(fake));
        if (!o.penalty) return l;
        const p = o.penalty(real, fake);
        metrics.penalty = tf.keep(p);
        return tf.add(l, p) as Scalar;
      }, true, o.critic.params);
      metrics.loss = cost!;
      o.afterStep?.();
      return metrics;
    },
  });
}
