/** The global norm of a list of tensors, against hand-computed values, at float32's extremes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scalar } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { globalNorm } from '../../src/train/gradient-norm';

function value(f: () => Scalar): number {
  const s = tf.tidy(f);
  const v = s.dataSync()[0];
  s.dispose();
  return v;
}

test('the global norm of [3, 4] and [[12]] is 13 (a Pythagorean quadruple across tensors)', () => {
  const v = value(() => globalNorm([tf.tensor1d([3, -4]), tf.tensor2d([[12]])]));
  assert.ok(Math.abs(v - 13) < 1e-5, `got ${v}`);
});

test('the global norm of one tensor is its Euclidean norm', () => {
  const xs = [0.5, -1.5, 2, 0.25, -3, 1];
  const expected = Math.hypot(...xs);
  const v = value(() => globalNorm([tf.tensor2d(xs, [2, 3])]));
  assert.ok(Math.abs(v - expected) < 1e-5 * expected, `got ${v}, expected ${expected}`);
});

test('tiny entries (3e-30, 4e-30) give 5e-30, not 0: the squares would underflow float32', () => {
  const v = value(() => globalNorm([tf.tensor1d([3e-30]), tf.tensor1d([-4e-30])]));
  assert.ok(Math.abs(v - 5e-30) < 1e-5 * 5e-30, `got ${v}`);
});

test('huge entries (3e30, 4e30) give 5e30, not Infinity: the squares would overflow float32', () => {
  const v = value(() => globalNorm([tf.tensor1d([3e30, 4e30])]));
  assert.ok(Math.abs(v - 5e30) < 1e-5 * 5e30, `got ${v}`);
});

test('an all-zero gradient has norm exactly 0', () => {
  assert.equal(value(() => globalNorm([tf.zeros([3, 2]), tf.zeros([2])])), 0);
});

test('globalNorm rejects an empty list and non-tensors, naming the argument', () => {
  assert.throws(() => globalNorm([]), /globalNorm: argument 'tensors'/);
  assert.throws(() => globalNorm([1 as unknown as Scalar]), /globalNorm: argument 'tensors'/);
});
