/**
 * Example 1 of the WGAN paper ("learning parallel lines", Arjovsky, Chintala & Bottou 2017, Wasserstein GAN,
 * Section 2): Z ~ U[0, 1], P0 is the law of (0, Z) in R^2 (a vertical segment at x = 0) and P_theta the law of
 * (theta, Z) (the same segment moved to x = theta). The two have disjoint supports for every theta != 0, so
 * JS, KL and total variation jump at theta = 0 and carry no gradient, while W1 = |theta| is continuous:
 * the paper's argument for the Wasserstein distance, in four closed forms.
 */
import type { Rng } from '../random';
import { finite, integer } from '../validate';

/**
 * n points of P_theta (theta = 0 gives P0): x = theta, y ~ U[0, 1], as a row-major Float32Array of length 2n
 * ([x0, y0, x1, y1, ...]; `tf.tensor2d(points, [n, 2])` makes the [n, 2] batch a critic takes).
 */
export function parallelLinesSample(rng: Rng, n: number, theta: number): Float32Array {
  integer('parallelLinesSample', 'n', n, 0);
  finite('parallelLinesSample', 'theta', theta);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = theta;
    out[2 * i + 1] = rng.uniform();
  }
  return out;
}

/** W1(P0, P_theta) = |theta| (every point moves horizontally by |theta|; WGAN paper, Example 1). */
export function parallelLinesWasserstein(theta: number): number {
  return Math.abs(finite('parallelLinesWasserstein', 'theta', theta));
}

/** JS(P0 || P_theta) = log 2 nats if theta != 0 (disjoint supports), 0 if theta = 0 (WGAN paper, Example 1). */
export function parallelLinesJensenShannon(theta: number): number {
  return finite('parallelLinesJensenShannon', 'theta', theta) === 0 ? 0 : Math.LN2;
}

/** KL(P_theta || P0) = KL(P0 || P_theta) = +Infinity if theta != 0, 0 if theta = 0 (WGAN paper, Example 1). */
export function parallelLinesKullbackLeibler(theta: number): number {
  return finite('parallelLinesKullbackLeibler', 'theta', theta) === 0 ? 0 : Infinity;
}

/** Total variation sup_A |P0(A) - P_theta(A)| = 1 if theta != 0, 0 if theta = 0 (WGAN paper, Example 1). */
export function parallelLinesTotalVariation(theta: number): number {
  return finite('parallelLinesTotalVariation', 'theta', theta) === 0 ? 0 : 1;
}
