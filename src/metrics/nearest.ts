/**
 * Nearest neighbours in a reference set, for the memorisation check of generated images: how far each generated
 * digit is from its closest training digit, against the same for held-out digits the generator never saw. A
 * generator that copies its training set has generated digits much closer to the training set than held-out ones.
 * Squared distances |q|² - 2 q.r + |r|² are computed on the backend in blocks (one matrix product per block).
 */
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { fail, integer } from '../validate';

/** Each query's Euclidean distance to its nearest reference row, and that row's index. */
export interface Nearest {
  distances: Float32Array;
  indices: Int32Array;
}

/** A reference set kept on the backend, queried by {@link NearestNeighbours.query}; dispose() frees it. */
export interface NearestNeighbours {
  readonly count: number;
  readonly dim: number;
  query(rows: ArrayLike<number>): Nearest;
  dispose(): void;
}

function rowsTensor(fn: string, name: string, rows: ArrayLike<number>, dim: number): Tensor2D {
  if (!rows || rows.length === 0 || rows.length % dim !== 0) fail(fn, name, `flat rows of dim = ${dim} numbers`, rows);
  return tf.tensor2d(rows instanceof Float32Array ? rows : Float32Array.from(rows), [rows.length / dim, dim]);
}

/** Keeps the reference rows (n x dim, flat) on the backend for nearest-neighbour queries in blocks of `blockSize` queries. */
export function nearestNeighbours(references: ArrayLike<number>, dim: number, blockSize = 250): NearestNeighbours {
  const fn = 'nearestNeighbours';
  integer(fn, 'dim', dim);
  integer(fn, 'blockSize', blockSize);
  const ref = rowsTensor(fn, 'references', references, dim);
  const refNorms = tf.tidy(() => tf.sum(tf.square(ref), 1)) as Tensor1D;
  return {
    count: ref.shape[0],
    dim,
    query: (rows) => {
      const q = rowsTensor(`${fn}.query`, 'rows', rows, dim);
      const n = q.shape[0];
      const distances = new Float32Array(n);
      const indices = new Int32Array(n);
      for (let start = 0; start < n; start += blockSize) {
        const m = Math.min(blockSize, n - start);
        const [d, i] = tf.tidy(() => {
          const block = tf.slice(q, [start, 0], [m, dim]);
          const d2 = tf.add(tf.sub(tf.sum(tf.square(block), 1, true), tf.mul(2, tf.matMul(block, ref, false, true))), refNorms);
          return [tf.sqrt(tf.relu(tf.min(d2, 1))), tf.argMin(d2, 1)];
        });
        distances.set(d.dataSync(), start);
        indices.set(i.dataSync(), start);
        tf.dispose([d, i]);
      }
      q.dispose();
      return { distances, indices };
    },
    dispose: () => tf.dispose([ref, refNorms]),
  };
}
