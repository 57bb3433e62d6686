/**
 * Symmetric matrices: sample mean and covariance of rows, the eigendecomposition of a symmetric matrix, and the
 * square root of a positive semi-definite one. The eigendecomposition is ml-matrix's (JAMA's Householder
 * tridiagonalisation and QL iterations, for symmetric input), in float64. Matrices are row-major Float64Arrays.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { tf } from '../backend';
import { fail, integer } from '../validate';

/** Sample mean and covariance of n rows in R^dim. */
export interface MeanCovariance {
  /** Number of rows. */
  n: number;
  dim: number;
  mean: Float64Array;
  /** The unbiased sample covariance (divided by n - 1), dim x dim, row-major. */
  covariance: Float64Array;
}

/**
 * The mean and unbiased covariance of `rows` (n x dim, row-major). Computed on the backend (the centred product
 * X^T X in float32: 784 pixels x 60,000 images take a second), returned in float64.
 */
export function meanCovariance(rows: ArrayLike<number>, dim: number): MeanCovariance {
  const fn = 'meanCovariance';
  integer(fn, 'dim', dim);
  if (!rows || rows.length % dim !== 0 || rows.length / dim < 2) fail(fn, 'rows', `at least 2 rows of dim = ${dim} numbers, flat`, rows);
  const n = rows.length / dim;
  const [m, c] = tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(rows), [n, dim]);
    const mean = tf.mean(x, 0);
    const centred = tf.sub(x, mean);
    return [mean, tf.div(tf.matMul(centred, centred, true, false), n - 1)];
  });
  const out = { n, dim, mean: Float64Array.from(m.dataSync()), covariance: Float64Array.from(c.dataSync()) };
  tf.dispose([m, c]);
  return out;
}

function checkSquare(fn: string, a: ArrayLike<number>, dim: number): void {
  integer(fn, 'dim', dim);
  if (!a || a.length !== dim * dim) fail(fn, 'matrix', `a ${dim} x ${dim} matrix as ${dim * dim} numbers, row-major`, a);
}

/** Eigenvalues (ascending) and eigenvectors of a symmetric matrix: column k of `vectors` (row-major) belongs to values[k]. */
export function symmetricEigen(matrix: ArrayLike<number>, dim: number): { values: Float64Array; vectors: Float64Array } {
  checkSquare('symmetricEigen', matrix, dim);
  const rows = Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => 0.5 * (matrix[i * dim + j] + matrix[j * dim + i])));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const v = evd.eigenvectorMatrix;
  const vectors = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) vectors[i * dim + j] = v.get(i, j);
  return { values: Float64Array.from(evd.realEigenvalues), vectors };
}

/**
 * The symmetric square root V diag(sqrt(max(lambda, 0))) V^T of a symmetric positive semi-definite matrix (tiny
 * negative eigenvalues from rounding are taken as 0).
 */
export function psdSquareRoot(matrix: ArrayLike<number>, dim: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, dim);
  const roots = values.map((l) => Math.sqrt(Math.max(l, 0)));
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += vectors[i * dim + k] * roots[k] * vectors[j * dim + k];
      out[i * dim + j] = s;
      out[j * dim + i] = s;
    }
  }
  return out;
}

/** The product of two dim x dim row-major matrices. */
export function matrixProduct(a: ArrayLike<number>, b: ArrayLike<number>, dim: number): Float64Array {
  checkSquare('matrixProduct', a, dim);
  checkSquare('matrixProduct', b, dim);
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let k = 0; k < dim; k++) {
      const aik = a[i * dim + k];
      if (aik === 0) continue;
      for (let j = 0; j < dim; j++) out[i * dim + j] += aik * b[k * dim + j];
    }
  }
  return out;
}
