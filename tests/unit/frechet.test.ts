// The Fréchet distance between Gaussians against closed forms, and the symmetric eigendecomposition behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frechetDistance, frechetDistanceOfFeatures } from '../../src/metrics/frechet';
import { matrixProduct, meanCovariance, psdSquareRoot, symmetricEigen } from '../../src/numerics/symmetric';
import { Rng } from '../../src/random';
import { near } from './helpers';

/** A random orthogonal dim x dim matrix (Gram-Schmidt on Gaussian columns), row-major. */
function randomRotation(rng: Rng, dim: number): Float64Array {
  const cols: number[][] = [];
  for (let k = 0; k < dim; k++) {
    let v = Array.from(rng.normals(dim));
    for (const c of cols) {
      const d = v.reduce((s, x, i) => s + x * c[i], 0);
      v = v.map((x, i) => x - d * c[i]);
    }
    const n = Math.hypot(...v);
    cols.push(v.map((x) => x / n));
  }
  return Float64Array.from({ length: dim * dim }, (_, idx) => cols[idx % dim][Math.floor(idx / dim)]);
}

const transpose = (a: Float64Array, dim: number) => Float64Array.from({ length: dim * dim }, (_, idx) => a[(idx % dim) * dim + Math.floor(idx / dim)]);
/** Q diag(d) Q^T. */
const withEigen = (q: Float64Array, d: number[]) => {
  const dim = d.length;
  return matrixProduct(matrixProduct(q, Float64Array.from({ length: dim * dim }, (_, i) => (i % (dim + 1) === 0 ? d[i / (dim + 1)] : 0)), dim), transpose(q, dim), dim);
};

test('commuting covariances (a shared eigenbasis): d² = |mu1 - mu2|² + sum (sqrt(l1) - sqrt(l2))²', () => {
  const rng = new Rng(1);
  const dim = 6;
  const q = randomRotation(rng, dim);
  const l1 = [4, 1, 0.25, 2, 9, 0.5];
  const l2 = [1, 1, 1, 0.01, 16, 2];
  const a = { dim, mean: Float64Array.from(rng.normals(dim)), covariance: withEigen(q, l1) };
  const b = { dim, mean: Float64Array.from(rng.normals(dim)), covariance: withEigen(q, l2) };
  const meanTerm = a.mean.reduce((s, m, i) => s + (m - b.mean[i]) ** 2, 0);
  const expected = meanTerm + l1.reduce((s, l, i) => s + (Math.sqrt(l) - Math.sqrt(l2[i])) ** 2, 0);
  near(frechetDistance(a, b), expected, 1e-10, 'Fréchet distance');
  near(frechetDistance(b, a), expected, 1e-10, 'Fréchet distance, arguments swapped');
  near(frechetDistance(a, a), 0, 1e-10, 'distance to itself');
});

test('non-commuting 2 x 2 covariances: tr sqrt(C1^½ C2 C1^½) = sqrt(tr(C1 C2) + 2 sqrt(det C1 det C2))', () => {
  // For a 2 x 2 PSD matrix M, tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)), an identity independent of any eigensolver.
  const cases: [number[], number[]][] = [
    [[2, 0.5, 0.5, 1], [1, -0.7, -0.7, 3]],
    [[1, 0, 0, 1e-4], [5, 2, 2, 1]],
    [[3, 1.2, 1.2, 0.6], [0.2, 0.1, 0.1, 4]],
  ];
  for (const [c1, c2] of cases) {
    const det = (c: number[]) => c[0] * c[3] - c[1] * c[2];
    const trProduct = c1[0] * c2[0] + c1[1] * c2[2] + c1[2] * c2[1] + c1[3] * c2[3];
    const mu = [0.3, -1.1];
    const expected = mu[0] ** 2 + mu[1] ** 2 + c1[0] + c1[3] + c2[0] + c2[3] - 2 * Math.sqrt(trProduct + 2 * Math.sqrt(det(c1) * det(c2)));
    const d = frechetDistance({ dim: 2, mean: Float64Array.from(mu), covariance: Float64Array.from(c1) }, { dim: 2, mean: new Float64Array(2), covariance: Float64Array.from(c2) });
    near(d, expected, 1e-10, `Fréchet distance for C1 = [${c1}], C2 = [${c2}]`);
  }
});

test('from samples: the distance of fitted Gaussians approaches the closed form (20,000 samples each, 4 dimensions)', () => {
  const rng = new Rng(3);
  const dim = 4;
  const l1 = [1, 2, 0.5, 3];
  const l2 = [2, 0.5, 1, 1];
  const q1 = randomRotation(rng, dim);
  const q2 = randomRotation(rng, dim); // different eigenbases: the general case
  const c1 = withEigen(q1, l1);
  const c2 = withEigen(q2, l2);
  const mu2 = [1, 0, -0.5, 0.25];
  const draw = (n: number, c: Float64Array, mu: number[]) => {
    const root = psdSquareRoot(c, dim);
    const out = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const z = rng.normals(dim);
      for (let j = 0; j < dim; j++) {
        let s = mu[j];
        for (let k = 0; k < dim; k++) s += root[j * dim + k] * z[k];
        out[i * dim + j] = s;
      }
    }
    return out;
  };
  const exact = frechetDistance({ dim, mean: new Float64Array(dim), covariance: c1 }, { dim, mean: Float64Array.from(mu2), covariance: c2 });
  const fromSamples = frechetDistanceOfFeatures(draw(20000, c1, [0, 0, 0, 0]), draw(20000, c2, mu2), dim);
  assert.ok(Math.abs(fromSamples - exact) < 0.05 * exact, `from samples ${fromSamples}, closed form ${exact}`);
});

test('symmetric eigendecomposition and PSD square root: V diag(l) V^T = A, sqrt(A)² = A', () => {
  const rng = new Rng(4);
  const dim = 8;
  const l = [5, 4, 3, 2, 1, 0.5, 0.1, 0];
  const a = withEigen(randomRotation(rng, dim), l);
  const { values, vectors } = symmetricEigen(a, dim);
  assert.deepEqual(Array.from(values, (v) => +v.toFixed(9) + 0), [...l].sort((x, y) => x - y));
  const back = withEigen(vectors, Array.from(values));
  a.forEach((v, i) => near(back[i], v, 1e-10, `V diag(l) V^T entry ${i}`));
  const r = psdSquareRoot(a, dim);
  const r2 = matrixProduct(r, r, dim);
  a.forEach((v, i) => near(r2[i], v, 1e-10, `sqrt(A)^2 entry ${i}`));
});

test('meanCovariance: the unbiased sample covariance (divides by n - 1)', () => {
  const rows = Float32Array.from([1, 2, 3, 4, 5, 9]); // three rows in R^2: (1, 2), (3, 4), (5, 9)
  const s = meanCovariance(rows, 2);
  assert.deepEqual(Array.from(s.mean), [3, 5]);
  // x: deviations -2, 0, 2 -> var 8 / 2 = 4; y: -3, -1, 4 -> var 26 / 2 = 13; cov (6 + 0 + 8) / 2 = 7.
  [4, 7, 7, 13].forEach((v, i) => near(s.covariance[i], v, 1e-6, `covariance entry ${i}`));
  assert.throws(() => meanCovariance(Float32Array.from([1, 2]), 2), /at least 2 rows of dim = 2 numbers/);
});
