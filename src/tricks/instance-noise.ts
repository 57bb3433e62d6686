/**
 * Instance noise (Sønderby et al. 2017, "Amortised MAP Inference for Image Super-resolution", Section 3.1;
 * Arjovsky & Bottou 2017, "Towards Principled Methods for Training Generative Adversarial Networks", Section 4;
 * not in Salimans et al. 2016): add Gaussian noise to every example the discriminator sees, real and generated.
 * The noisy distributions p_data * N(0, s^2) and p_g * N(0, s^2) have overlapping supports, so the discriminator
 * cannot separate them perfectly and its gradients do not vanish; the noise is annealed towards 0 during training
 * so that the generator ends up matching the data itself.
 */
import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { Rng } from '../random';
import { describe, fail, integer, nonNegative, oneOf, positive } from '../validate';
import { withForm, type CriticBatchForm } from '../compiled/forms';

/**
 * x + s epsilon with epsilon ~ N(0, I) of x's shape, drawn from `rng` (which advances by x.size normals; not at
 * all when std = 0, where x is returned as a copy). Apply it to the real and the generated batch alike
 * (Sønderby et al. 2017, Section 3.1).
 */
export function instanceNoise<T extends Tensor>(x: T, std: number, rng: Rng): T {
  const fn = 'instanceNoise';
  if (!(x instanceof tf.Tensor)) fail(fn, 'x', 'a tensor', x);
  nonNegative(fn, 'std', std);
  if (!(rng instanceof Rng)) throw new RangeError(`${fn}: argument 'rng' must be an Rng (from wgan-lab's random module), got ${describe(rng)}`);
  if (std === 0) return tf.clone(x);
  const noise = rng.normals(x.size, 0, std);
  return tf.tidy(() => tf.add(x, tf.tensor(noise, x.shape, 'float32')) as T);
}

/** Annealing schedules of {@link annealedStd}. */
export const NOISE_SCHEDULES = ['linear', 'exponential'] as const;
/** One of {@link NOISE_SCHEDULES}. */
export type NoiseSchedule = (typeof NOISE_SCHEDULES)[number];

/** Options of {@link annealedStd}. */
export interface AnnealingOptions {
  /** The standard deviation at step 0; >= 0. */
  initial: number;
  /** The standard deviation from step `steps` on (default 0); >= 0. */
  final?: number;
  /** Steps over which the std goes from initial to final; >= 1. */
  steps: number;
  /** 'linear' (default, as in Sønderby et al. 2017) or 'exponential'. */
  schedule?: NoiseSchedule;
  /**
   * For 'exponential': the excess over `final` would shrink by this factor over `steps` steps if it decayed
   * purely exponentially (default 0.01); the curve is shifted so that it reaches `final` exactly at `steps`. In (0, 1).
   */
  ratio?: number;
}

/**
 * The instance noise std at `step` (counted from 0), with p = min(step / steps, 1):
 *   linear:      initial + (final - initial) p,
 *   exponential: final + (initial - final) (r^p - r) / (1 - r), r = ratio,
 * both equal to initial at step 0 and to final from step `steps` on; the exponential one falls fast early and
 * slowly late (at p = 1/2 with r = 0.01 it has covered 1 - (0.1 - 0.01)/0.99 ≈ 91% of the way).
 */
export function annealedStd(step: number, options: AnnealingOptions): number {
  const fn = 'annealedStd';
  if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) fail(fn, 'step', 'a finite number >= 0', step);
  const initial = nonNegative(fn, 'initial', options.initial);
  const final = nonNegative(fn, 'final', options.final ?? 0);
  const steps = integer(fn, 'steps', options.steps);
  const schedule = oneOf(fn, 'schedule', options.schedule ?? 'linear', NOISE_SCHEDULES);
  const r = positive(fn, 'ratio', options.ratio ?? 0.01);
  if (r >= 1) fail(fn, 'ratio', 'a number in (0, 1)', r);
  const p = Math.min(step / steps, 1);
  if (p === 1) return final;
  return schedule === 'linear' ? initial + (final - initial) * p : final + ((initial - final) * (r ** p - r)) / (1 - r);
}

/**
 * Instance noise as createGan's `criticBatch`: at generator step t, both the real and the generated batch get
 * noise of std annealedStd(t, annealing), drawn from the run's random source, real first (Sønderby et al. 2017,
 * Section 3.1). trainGan's compiled step can build it.
 */
export function instanceNoiseBatch(annealing: AnnealingOptions): <T extends Tensor>(real: T, fake: T, step: number, rng: Rng) => { real: T; fake: T } {
  annealedStd(0, annealing);   // checks the options now, not at the first step
  const std = (step: number) => annealedStd(step, annealing);
  const hook = <T extends Tensor>(real: T, fake: T, step: number, rng: Rng) => {
    const s = std(step);
    return { real: instanceNoise(real, s, rng), fake: instanceNoise(fake, s, rng) };
  };
  return withForm<typeof hook, CriticBatchForm>(hook, { kind: 'instance noise', std });
}
