/**
 * Wasserstein distances between distributions on the real line, where optimal transport is monotone:
 * W_p(P, Q)^p = ∫_0^1 |F^-1(u) - G^-1(u)|^p du (the quantile coupling; Villani 2003, Topics in Optimal
 * Transportation, Theorem 2.18), with the closed forms for Gaussians it gives.
 */
import type { Density1D } from '../distributions/density';
import { erf, normalCdf } from '../numerics/special';
import { adaptiveGaussLegendre, integratePiecewise, supportBreakpoints } from '../numerics/piecewise-quadrature';
import { finite, integer, nonNegative, positive } from '../validate';

/**
 * W2(N(m1, s1^2), N(m2, s2^2)) = sqrt((m1 - m2)^2 + (s1 - s2)^2) exactly (the quantile coupling maps
 * m1 + s1 z to m2 + s2 z; Dowson & Landau 1982 for the general Gaussian case).
 */
export function wasserstein2Gaussian(m1: number, s1: number, m2: number, s2: number): number {
  finite('wasserstein2Gaussian', 'm1', m1);
  nonNegative('wasserstein2Gaussian', 's1', s1);
  finite('wasserstein2Gaussian', 'm2', m2);
  nonNegative('wasserstein2Gaussian', 's2', s2);
  return Math.hypot(m1 - m2, s1 - s2);
}

/**
 * W1(N(m1, s1^2), N(m2, s2^2)) = E|dm + ds Z|, Z ~ N(0, 1), dm = m1 - m2, ds = s1 - s2 (quantile coupling),
 * the mean of a folded normal: |ds| sqrt(2/pi) exp(-dm^2 / (2 ds^2)) + dm erf(dm / (|ds| sqrt 2)).
 * For equal standard deviations it is |m1 - m2|. Accurate to rounding (stdlib's erf, see numerics/special).
 */
export function wasserstein1Gaussian(m1: number, s1: number, m2: number, s2: number): number {
  finite('wasserstein1Gaussian', 'm1', m1);
  nonNegative('wasserstein1Gaussian', 's1', s1);
  finite('wasserstein1Gaussian', 'm2', m2);
  nonNegative('wasserstein1Gaussian', 's2', s2);
  const dm = m1 - m2;
  const ds = Math.abs(s1 - s2);
  if (ds === 0) return Math.abs(dm);
  const t = dm / (ds * Math.SQRT2);
  return ds * Math.sqrt(2 / Math.PI) * Math.exp(-t * t) + dm * erf(t);
}

// z in [-Z_MAX, Z_MAX]: Phi(8) = 1 - 6e-16 still rounds below 1, so every quantile is finite, and the
// neglected tails hold 1.2e-15 of the mass.
const Z_MAX = 8;

/**
 * W_p(P, Q) = (∫_0^1 |F^-1(u) - G^-1(u)|^p du)^(1/p) for any two 1D distributions with quantile functions,
 * order p >= 1. The quantiles blow up at u = 0 and 1, so the integral is taken in z with u = Phi(z):
 * ∫ |F^-1(Phi(z)) - G^-1(Phi(z))|^p phi(z) dz on [-8, 8], smooth for Gaussian-like tails, by adaptive
 * Gauss-Legendre to an absolute `tolerance` on the integral (the quantile of a mixture climbs steeply across
 * a gap between modes). Accuracy: about `tolerance` absolute on the integral (the densities' quantiles are accurate
 * to near rounding).
 */
export function wasserstein(p: Density1D, q: Density1D, order = 1, tolerance = 1e-10): number {
  const fn = 'wasserstein';
  finite(fn, 'order', order);
  if (order < 1) throw new RangeError(`${fn}: argument 'order' must be a number >= 1, got ${order}`);
  positive(fn, 'tolerance', tolerance);
  const integrand = (z: number) => {
    const u = normalCdf(z);
    const d = Math.abs(p.quantile(u) - q.quantile(u));
    const phi = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    return (order === 1 ? d : d ** order) * phi;
  };
  const integral = adaptiveGaussLegendre(integrand, -Z_MAX, Z_MAX, tolerance);
  return order === 1 ? integral : integral ** (1 / order);
}

/** W1(P, Q) = ∫_0^1 |F^-1(u) - G^-1(u)| du; see {@link wasserstein}. */
export function wasserstein1(p: Density1D, q: Density1D, tolerance = 1e-10): number {
  return wasserstein(p, q, 1, tolerance);
}

/** W2(P, Q) = (∫_0^1 |F^-1(u) - G^-1(u)|^2 du)^(1/2); see {@link wasserstein}. */
export function wasserstein2(p: Density1D, q: Density1D, tolerance = 1e-10): number {
  return wasserstein(p, q, 2, tolerance);
}

/**
 * W1(P, Q) = ∫ |F(x) - G(x)| dx over the union of the supports (Vallender 1973): the same W1 as
 * {@link wasserstein1}, from the distribution functions instead of the quantiles (a cross-check, and the
 * form scipy.stats.wasserstein_distance uses).
 */
export function wasserstein1Cdf(p: Density1D, q: Density1D, panels = 20000): number {
  integer('wasserstein1Cdf', 'panels', panels, 1);
  return integratePiecewise((x) => Math.abs(p.cdf(x) - q.cdf(x)), supportBreakpoints(p, q), panels);
}
