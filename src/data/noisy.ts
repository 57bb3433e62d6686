/**
 * A sampler plus Gaussian noise, x + sigma z with z ~ N(0, I): the fixed "generator" of lessons 04 and 05 (real
 * data blurred by unit noise), whose critic against the real data shows a method's value surface without a
 * generator that moves.
 */
import type { Rng } from '../random';
import { positive } from '../validate';
import { makeSampler, type Sampler } from './sampler';

/** A {@link Sampler} whose points are another sampler's plus N(0, std^2 I) noise. */
export interface NoisySampler extends Sampler {
  /** The sampler the noise is added to. */
  readonly base: Sampler;
  /** The noise's standard deviation per coordinate. */
  readonly std: number;
}

/**
 * x + std z, x from `sampler`, z ~ N(0, I_dim), as a Sampler named `${sampler.name} + N(0, std²I)` ("+ N(0, I)"
 * for std = 1). Each batch draws the n points of `sampler` first, then the n dim normals, from the same rng:
 * the same numbers as `tf.add(sampler.sample(rng, n), tf.tensor2d(rng.normals(n * dim, 0, std), [n, dim]))`.
 */
export function withNoise(sampler: Sampler, std = 1): NoisySampler {
  positive('withNoise', 'std', std);
  const dim = sampler.dim;
  const name = `${sampler.name} + N(0, ${std === 1 ? '' : `${+std.toPrecision(4)}²`}I)`;
  const noisy = makeSampler(name, dim, (rng: Rng, n: number) => {
    const out = sampler.sampleArray(rng, n);
    const noise = rng.normals(n * dim, 0, std);
    // A Float32Array holds the float32 sum: rounding the exact double sum of two float32s equals float32 addition.
    for (let i = 0; i < out.length; i++) out[i] += noise[i];
    return out;
  });
  return { ...noisy, base: sampler, std };
}
