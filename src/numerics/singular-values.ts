/**
 * Singular values of a small dense matrix, by the Golub-Kahan-Reinsch SVD of ml-matrix (a port of JAMA's): the
 * reference that spectral normalisation's power-iteration estimates are checked against.
 */
import { Matrix, SVD } from 'ml-matrix';
import { fail, finiteArray, integer } from '../validate';

/** The singular values of the rows x cols matrix stored row-major in `values`, largest first. */
export function singularValues(values: ArrayLike<number>, rows: number, cols: number): number[] {
  const fn = 'singularValues';
  integer(fn, 'rows', rows);
  integer(fn, 'cols', cols);
  finiteArray(fn, 'values', values);
  if (values.length !== rows * cols) fail(fn, 'values', `${rows} x ${cols} = ${rows * cols} numbers (row-major)`, `${values.length} numbers`);
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, values[i * cols + j]);
  // ml-matrix's SVD wants at least as many rows as columns for its full accuracy path; sigma(W) = sigma(W^T).
  const svd = new SVD(rows >= cols ? m : m.transpose(), { computeLeftSingularVectors: false, computeRightSingularVectors: false });
  return [...svd.diagonal].sort((a, b) => b - a);
}

/** The largest singular value (the spectral norm ||W||_2) of a row-major rows x cols matrix. */
export function largestSingularValue(values: ArrayLike<number>, rows: number, cols: number): number {
  return singularValues(values, rows, cols)[0];
}
