/**
 * Weight clipping, the original WGAN's way to keep the critic K-Lipschitz (Arjovsky et al. 2017, "Wasserstein
 * GAN", Algorithm 1): after every critic update, clip each parameter to [-c, c].
 */
import type { Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { describe } from '../validate';

/** Clips every parameter in place to [-c, c] (Arjovsky et al. 2017 use c = 0.01). */
export function weightClipping(params: readonly Variable[], c = 0.01): void {
  const fn = 'weightClipping';
  if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) {
    throw new RangeError(
      `${fn}: argument 'c' must be a finite number > 0 (weights are clipped to [-c, c]; c = 0 would zero the critic ` +
        `and c < 0 is an empty interval), got ${describe(c)}`,
    );
  }
  if (!Array.isArray(params)) throw new RangeError(`${fn}: argument 'params' must be an array of tf.Variables, got ${describe(params)}`);
  params.forEach((p, i) => {
    if (!(p instanceof tf.Variable)) throw new RangeError(`${fn}: argument 'params[${i}]' must be a tf.Variable, got ${describe(p)}`);
  });
  tf.tidy(() => params.forEach((p) => p.assign(tf.clipByValue(p, -c, c))));
}
