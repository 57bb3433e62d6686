/**
 * The data interface the training engine takes: a {@link Sampler} draws a fresh batch of real data each step.
 * Samples are drawn on the JavaScript side from an explicit {@link Rng} (so a run is repeatable from its seed)
 * and uploaded once as a [n, dim] float32 tensor: cheap enough to call every step.
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import type { Density1D } from '../distributions/density';
import type { Rng } from '../random';
import { integer } from '../validate';

/** A source of data points in R^dim. */
export interface Sampler {
  /** A short label for plots and messages, e.g. "8 Gaussians". */
  readonly name: string;
  /** Dimension of a point. */
  readonly dim: number;
  /** n independent points, row-major: point i is entries [i * dim, (i + 1) * dim). */
  sampleArray(rng: Rng, n: number): Float32Array;
  /** The same n points (same draws from rng) as a [n, dim] float32 tensor; the caller disposes it. */
  sample(rng: Rng, n: number): Tensor2D;
}

/**
 * A Sampler from its array-drawing function: `sample` draws with `sampleArray` and uploads the result as one
 * [n, dim] tensor. `draw` receives a validated n >= 1 and must return n * dim numbers.
 */
export function makeSampler(name: string, dim: number, draw: (rng: Rng, n: number) => Float32Array): Sampler {
  integer('makeSampler', 'dim', dim, 1);
  const sampleArray = (rng: Rng, n: number) => {
    integer(`${name}.sample`, 'n', n, 1);
    return draw(rng, n);
  };
  return {
    name,
    dim,
    sampleArray,
    sample: (rng, n) => tf.tensor2d(sampleArray(rng, n), [n, dim], 'float32'),
  };
}

/** A 1D Sampler from any {@link Density1D} (a Gaussian, a mixture, a uniform), drawing with its own `sample`. */
export function densitySampler(density: Density1D): Sampler {
  return makeSampler(density.name, 1, (rng, n) => Float32Array.from(density.sample(rng, n)));
}
