/**
 * Gauss-Hermite quadrature for expectations under a standard normal: E[g(Z)], Z ~ N(0, 1), as a weighted
 * sum over n fixed nodes, exact for polynomials g of degree < 2n. Used for the instance-noise Dirac-GAN, whose
 * objective is an expectation over Gaussian noise.
 */
import { integer } from '../validate';

/** Nodes z_i and weights w_i with E[g(Z)] ≈ Σ w_i g(z_i) for Z ~ N(0, 1); the weights sum to 1. */
export interface NormalQuadratureRule {
  nodes: Float64Array;
  weights: Float64Array;
}

const cache = new Map<number, NormalQuadratureRule>();

/**
 * The n-point Gauss-Hermite rule for N(0, 1): the physicists' rule (weight e^{-t^2}, nodes t_i, weights u_i)
 * rescaled to z_i = sqrt(2) t_i, w_i = u_i / sqrt(pi). Nodes by Newton's method on the orthonormal Hermite
 * recurrence (Numerical Recipes' gauher), ordered from negative to positive. Cached per n.
 */
export function gaussHermiteNormal(n: number): NormalQuadratureRule {
  integer('gaussHermiteNormal', 'n', n, 1);
  const hit = cache.get(n);
  if (hit) return hit;
  const t = new Float64Array(n);
  const u = new Float64Array(n);
  const PIM4 = Math.pow(Math.PI, -0.25);
  let z = 0;
  const m = Math.floor((n + 1) / 2);
  for (let i = 0; i < m; i++) {
    // Initial guesses for the largest, then successive roots (Numerical Recipes 4.6).
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * t[0];
    else if (i === 3) z = 1.91 * z - 0.91 * t[1];
    else z = 2 * z - t[i - 2];
    let pp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = PIM4;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    t[i] = z;
    t[n - 1 - i] = -z;
    u[i] = 2 / (pp * pp);
    u[n - 1 - i] = u[i];
  }
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nodes[i] = Math.SQRT2 * t[n - 1 - i];
    weights[i] = u[n - 1 - i] / Math.sqrt(Math.PI);
  }
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}
