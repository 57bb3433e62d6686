/**
 * Random points on the segments between real and generated examples, where WGAN-GP evaluates its penalty
 * (Gulrajani et al. 2017, Algorithm 1): x_hat = eps x_real + (1 - eps) x_fake with one eps ~ U[0, 1] per example.
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import type { Rng } from '../random';
import { shape } from '../validate';

/** Throws unless real and fake are 2-D with the same shape; the error names both shapes. */
export function checkSameShape(fn: string, real: Tensor2D, fake: Tensor2D): void {
  shape(fn, 'real', real.shape, [null, null]);
  shape(fn, 'fake', fake.shape, [null, null]);
  if (real.shape[0] !== fake.shape[0] || real.shape[1] !== fake.shape[1]) {
    throw new RangeError(
      `${fn}: arguments 'real' and 'fake' must have the same shape, got real [${real.shape.join(', ')}] and fake [${fake.shape.join(', ')}]`,
    );
  }
}

/** The interpolation weights eps_i ~ U[0, 1] of {@link randomInterpolates}, drawn from `rng` (the compiled step draws the same). */
export function interpolationWeights(rng: Rng, batch: number): Float32Array {
  return rng.uniforms(batch);
}

/**
 * x_hat_i = eps_i real_i + (1 - eps_i) fake_i with eps_i ~ U[0, 1] drawn from `rng`, one weight per example
 * (shape [batch, 1], broadcast over the coordinates), as in Gulrajani et al. 2017, Algorithm 1.
 */
export function randomInterpolates(real: Tensor2D, fake: Tensor2D, rng: Rng): Tensor2D {
  checkSameShape('randomInterpolates', real, fake);
  const batch = real.shape[0];
  const eps = interpolationWeights(rng, batch);
  return tf.tidy(() => tf.add(fake, tf.mul(tf.tensor2d(eps, [batch, 1]), tf.sub(real, fake))) as Tensor2D);
}
