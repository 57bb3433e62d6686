/**
 * Generated samples of a GAN run as plain arrays, for figures and metrics: drawn from their own seed, so
 * sampling never moves the run's random state, and the same seed shows the same latent vectors at every step.
 */
import { tf } from '../backend';
import { Rng } from '../random';
import { integer } from '../validate';
import { latentBatch, type GanRun } from './gan';

/** n generated samples as a flat Float32Array (n * dim numbers, row-major), from latent noise drawn with `seed`. */
export function generateSamples(run: GanRun, n: number, seed = 12345): Float32Array {
  integer('generateSamples', 'n', n, 1);
  integer('generateSamples', 'seed', seed, 0);
  const rng = new Rng(seed);
  const out = tf.tidy(() => run.generator.apply(latentBatch(run, rng, n)));
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}
