/**
 * Divergences between 1D densities, by quadrature on a grid chosen from the densities' supports.
 * Natural logarithms throughout (nats), so the Jensen-Shannon divergence lies in [0, log 2].
 */
import type { Density1D } from './distributions/gaussian';
import { integrate, unionSupport } from './quadrature';
import { integer } from './validate';

/** log(1 + e^t) without overflow. */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/**
 * Jensen-Shannon divergence JS(p || q) = 1/2 KL(p || m) + 1/2 KL(q || m), m = (p + q) / 2, in nats
 * (0 for identical densities, log 2 for disjoint ones). Computed as
 * 1/2 ∫ p (log 2 - softplus(log q - log p)) + 1/2 ∫ q (log 2 - softplus(log p - log q)), stable in the tails.
 * `intervals`: Simpson intervals over the union of the supports.
 */
export function jensenShannon(p: Density1D, q: Density1D, intervals = 20000): number {
  integer('jensenShannon', 'intervals', intervals, 2);
  const [lo, hi] = unionSupport(p, q);
  const f = (x: number) => {
    const lp = p.logPdf(x);
    const lq = q.logPdf(x);
    const a = lp === -Infinity ? 0 : Math.exp(lp) * (Math.LN2 - softplus(lq - lp));
    const b = lq === -Infinity ? 0 : Math.exp(lq) * (Math.LN2 - softplus(lp - lq));
    return 0.5 * (a + b);
  };
  // Clamp tiny negative quadrature error; JS is non-negative.
  return Math.max(0, integrate(f, lo, hi, intervals));
}
