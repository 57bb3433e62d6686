/**
 * Latent noise for generators: z ~ N(0, I), drawn on the JavaScript side from the run's {@link Rng}, so a
 * run (and every sample figure drawn with a fixed seed) is repeatable from its seed.
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import type { Rng } from '../random';
import { integer } from '../validate';

/** n latent vectors z ~ N(0, I_dim) from `rng`, as a [n, dim] float32 tensor (the caller disposes it). */
export function standardNormalLatent(rng: Rng, n: number, dim: number): Tensor2D {
  integer('standardNormalLatent', 'n', n, 1);
  integer('standardNormalLatent', 'dim', dim, 1);
  return tf.tensor2d(rng.normals(n * dim), [n, dim]);
}
