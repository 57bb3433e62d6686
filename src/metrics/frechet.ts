/**
 * The Fréchet distance between two Gaussians (Dowson & Landau 1982; the 2-Wasserstein distance squared between
 * them), the statistic behind FID (Heusel et al. 2017):
 *
 *   d^2 = ||mu_1 - mu_2||^2 + tr(C_1 + C_2 - 2 (C_1^(1/2) C_2 C_1^(1/2))^(1/2)).
 *
 * Applied to features of samples it compares the features' means and covariances only. FID uses Inception-v3's
 * 2048 pool features; on our own small MNIST classifier's features the number is *not* FID and is not comparable
 * with published FIDs: call it the Fréchet distance on that classifier, and always state the sample sizes and the
 * feature dimension (it is biased upwards at small n, so compare numbers at the same n only).
 *
 * The matrix square root: C_1^(1/2) C_2 C_1^(1/2) is symmetric positive semi-definite, so the trace of its square
 * root is the sum of the square roots of its eigenvalues, from a symmetric eigendecomposition (numerics/symmetric),
 * with no need for the general (non-symmetric) square root of C_1 C_2 that scipy's sqrtm computes.
 */
import { fail } from '../validate';
import { matrixProduct, meanCovariance, psdSquareRoot, symmetricEigen, type MeanCovariance } from '../numerics/symmetric';

/** The squared Fréchet distance between N(a.mean, a.covariance) and N(b.mean, b.covariance), same dimension. */
export function frechetDistance(a: Pick<MeanCovariance, 'dim' | 'mean' | 'covariance'>, b: Pick<MeanCovariance, 'dim' | 'mean' | 'covariance'>): number {
  if (a.dim !== b.dim) fail('frechetDistance', 'b', `statistics of dimension ${a.dim} (that of a)`, b.dim);
  const dim = a.dim;
  let meanTerm = 0;
  for (let i = 0; i < dim; i++) meanTerm += (a.mean[i] - b.mean[i]) ** 2;
  let traces = 0;
  for (let i = 0; i < dim; i++) traces += a.covariance[i * dim + i] + b.covariance[i * dim + i];
  const rootA = psdSquareRoot(a.covariance, dim);
  const m = matrixProduct(matrixProduct(rootA, b.covariance, dim), rootA, dim);
  const crossTrace = symmetricEigen(m, dim).values.reduce((s, l) => s + Math.sqrt(Math.max(l, 0)), 0);
  return meanTerm + traces - 2 * crossTrace;
}

/** The Fréchet distance between the Gaussians fitted to two sets of feature rows (n_a x dim and n_b x dim, flat). */
export function frechetDistanceOfFeatures(a: ArrayLike<number>, b: ArrayLike<number>, dim: number): number {
  return frechetDistance(meanCovariance(a, dim), meanCovariance(b, dim));
}
