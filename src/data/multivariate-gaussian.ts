/**
 * A multivariate Gaussian N(mean, covariance) as a Sampler: x = mean + L z with z ~ N(0, I) from the run's Rng and
 * L the Cholesky factor of the covariance (L L^T = C, ml-matrix's CholeskyDecomposition, in float64). A covariance
 * that is only semi-definite (MNIST's border pixels never vary) gets a jitter of 1e-6 x its mean variance on the
 * diagonal first, which adds noise of a thousandth of a typical pixel's standard deviation.
 * Fitted to MNIST's pixels it is the trivial baseline of the image metrics: it has the data's mean and pixel
 * correlations and nothing else (blurry noise around an average digit), so a generator worth its training beats it.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { tf } from '../backend';
import { fail, integer } from '../validate';
import { makeSampler, type Sampler } from './sampler';

/** The lower Cholesky factor of covariance + jitter I (row-major), jitter = 1e-6 x mean of the diagonal; throws if it is not positive definite even then. */
export function choleskyFactor(covariance: ArrayLike<number>, dim: number): Float64Array {
  const fn = 'choleskyFactor';
  if (!covariance || covariance.length !== dim * dim) fail(fn, 'covariance', `a ${dim} x ${dim} matrix as ${dim * dim} numbers`, covariance);
  let trace = 0;
  for (let i = 0; i < dim; i++) trace += covariance[i * dim + i];
  const jitter = (1e-6 * trace) / dim;
  const rows = Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => 0.5 * (covariance[i * dim + j] + covariance[j * dim + i]) + (i === j ? jitter : 0)));
  const chol = new CholeskyDecomposition(new Matrix(rows));
  if (!chol.isPositiveDefinite()) throw new RangeError(`${fn}: the covariance is not positive semi-definite (Cholesky failed even with a jitter of ${jitter.toExponential(1)} on the diagonal)`);
  return Float64Array.from(chol.lowerTriangularMatrix.to1DArray());
}

/** N(mean, covariance) in R^dim (covariance dim x dim, row-major, symmetric positive semi-definite). */
export function multivariateGaussian(name: string, mean: ArrayLike<number>, covariance: ArrayLike<number>): Sampler {
  const fn = 'multivariateGaussian';
  const dim = integer(fn, 'mean.length', mean?.length);
  if (!covariance || covariance.length !== dim * dim) fail(fn, 'covariance', `a ${dim} x ${dim} matrix as ${dim * dim} numbers (dim from mean)`, covariance);
  const lower = Float32Array.from(choleskyFactor(covariance, dim));
  const mu = Float32Array.from(mean);
  return makeSampler(name, dim, (rng, n) => {
    // Row i of the result: mean + L z_i, i.e. Z L^T.
    const x = tf.tidy(() => tf.add(tf.matMul(tf.tensor2d(rng.normals(n * dim), [n, dim]), tf.tensor2d(lower, [dim, dim]), false, true), tf.tensor1d(mu)));
    const out = x.dataSync() as Float32Array;
    x.dispose();
    return out;
  });
}
