/**
 * The interface every 1D distribution of the library implements (Gaussians, mixtures, uniforms), and that the
 * 1D tools take: divergences, the optimal discriminator, Wasserstein distances, bin masses, samplers.
 */
import type { HasSupport } from '../numerics/quadrature';
import type { Rng } from '../random';

/** A distribution on the real line with a density, the interface the 1D tools (divergences, D*) take. */
export interface Density1D extends HasSupport {
  /** A short label for plots and messages, e.g. "N(0, 1)". */
  readonly name: string;
  /** Probability density at x. */
  pdf(x: number): number;
  /** Natural log of the density at x (finite far into the tails, unlike log(pdf(x))). */
  logPdf(x: number): number;
  /** Cumulative distribution function P(X <= x). */
  cdf(x: number): number;
  /** Quantile function F^-1(u) for u in (0, 1). */
  quantile(u: number): number;
  /** n independent draws. */
  sample(rng: Rng, n: number): Float64Array;
}
