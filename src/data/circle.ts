/**
 * Lesson 02's data: the unit circle in a random plane of R^dim (the paper's picture of data on a
 * low-dimensional manifold, Arjovsky & Bottou 2017), as a Sampler that exposes its plane, with the distances
 * of points off the plane and to the circle, which say how close a generator came to the data.
 */
import { Rng } from '../random';
import { fail, finiteArray, integer } from '../validate';
import { makeSampler, type Sampler } from './sampler';

/** The unit circle {cos(t) e1 + sin(t) e2} in the plane spanned by orthonormal e1, e2 of R^dim. */
export interface CircleInPlane extends Sampler {
  /** The plane's orthonormal basis as a row-major [2, dim] matrix (e1, then e2): `tf.tensor2d(plane, [2, dim])`. */
  readonly plane: Float64Array;
  /** The first basis vector (a view of `plane`'s first row). */
  readonly e1: Float64Array;
  /** The second basis vector (a view of `plane`'s second row). */
  readonly e2: Float64Array;
}

/** Options of {@link circleInPlane}. */
export interface CircleInPlaneOptions {
  /** The ambient dimension (default 64, lesson 02's). */
  dim?: number;
  /** Seed of the Rng that draws the plane (the data's draws come from the rng given to `sample`). */
  seed: number;
}

/**
 * Two orthonormal vectors of R^dim by Gram–Schmidt on Gaussian draws (uniformly random plane through 0):
 * e1 = g1 / |g1|, e2 = (g2 - (g2·e1) e1) / |g2 - (g2·e1) e1|, g1 then g2 ~ N(0, I_dim) from rng.
 * A row-major [2, dim] Float64Array.
 */
export function randomPlane(rng: Rng, dim: number): Float64Array {
  integer('randomPlane', 'dim', dim, 2);
  const g1 = rng.normals(dim);
  const g2 = rng.normals(dim);
  const out = new Float64Array(2 * dim);
  const n1 = Math.hypot(...g1);
  for (let j = 0; j < dim; j++) out[j] = g1[j] / n1;
  let along = 0;
  for (let j = 0; j < dim; j++) along += g2[j] * out[j];
  for (let j = 0; j < dim; j++) out[dim + j] = g2[j] - along * out[j];
  const n2 = Math.hypot(...out.subarray(dim));
  for (let j = 0; j < dim; j++) out[dim + j] /= n2;
  return out;
}

/**
 * The unit circle in a random plane of R^dim (plane from {@link randomPlane} with `new Rng(seed)`), as a Sampler:
 * x = cos(t) e1 + sin(t) e2 with t uniform on [0, 2 pi) (drawn as `rng.uniforms(n, 0, 2 pi)`), in float32.
 * Named "unit circle in a plane of R^dim".
 */
export function circleInPlane(options: CircleInPlaneOptions): CircleInPlane {
  const dim = integer('circleInPlane', 'options.dim', options.dim ?? 64, 2);
  const seed = integer('circleInPlane', 'options.seed', options.seed, 0);
  const plane = randomPlane(new Rng(seed), dim);
  const e1 = plane.subarray(0, dim);
  const e2 = plane.subarray(dim);
  const sampler = makeSampler(`unit circle in a plane of R^${dim}`, dim, (rng, n) => {
    const t = rng.uniforms(n, 0, 2 * Math.PI);
    const out = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const c = Math.cos(t[i]);
      const s = Math.sin(t[i]);
      for (let j = 0; j < dim; j++) out[i * dim + j] = c * e1[j] + s * e2[j];
    }
    return out;
  });
  return { ...sampler, plane, e1, e2 };
}

/** Where points are relative to a {@link CircleInPlane}: their plane coordinates and two distances, per point. */
export interface CircleDistances {
  /** Coordinates (x·e1, x·e2) of each point's projection onto the plane, row-major [n, 2]. */
  inPlane: Float64Array;
  /** |x - projection of x onto the plane|: the distance off the plane, per point. */
  offPlane: Float64Array;
  /** The distance to the nearest point of the circle, sqrt(offPlane² + (|inPlane| - 1)²), per point. */
  toCircle: Float64Array;
}

/**
 * For n points x (row-major, n dim numbers) and the circle {cos t e1 + sin t e2}: the projection p = (x·e1, x·e2),
 * the distance off the plane |x - p1 e1 - p2 e2| and the distance to the circle sqrt(offPlane² + (|p| - 1)²)
 * (the nearest circle point is p / |p|). Computed in float64.
 */
export function circleDistances(circle: CircleInPlane, points: ArrayLike<number>): CircleDistances {
  const fn = 'circleDistances';
  finiteArray(fn, 'points', points, 0);
  const dim = circle.dim;
  if (points.length % dim !== 0) fail(fn, 'points', `a row-major array of points of dimension ${dim}`, `${points.length} numbers`);
  const n = points.length / dim;
  const inPlane = new Float64Array(2 * n);
  const offPlane = new Float64Array(n);
  const toCircle = new Float64Array(n);
  const { e1, e2 } = circle;
  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < dim; j++) {
      a += points[i * dim + j] * e1[j];
      b += points[i * dim + j] * e2[j];
    }
    let off = 0;
    for (let j = 0; j < dim; j++) off += (points[i * dim + j] - a * e1[j] - b * e2[j]) ** 2;
    inPlane[2 * i] = a;
    inPlane[2 * i + 1] = b;
    offPlane[i] = Math.sqrt(off);
    toCircle[i] = Math.hypot(offPlane[i], Math.hypot(a, b) - 1);
  }
  return { inPlane, offPlane, toCircle };
}
