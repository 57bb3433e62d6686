/** The global norm of a list of tensors, against hand-computed values, at float32's extremes; layer-wise gradient norms of a critic. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { criticInputGradient } from '../../src/lipschitz/input-gradient';
import { mlp } from '../../src/models/mlp';
import { Rng } from '../../src/random';
import { criticFromLayer, globalNorm, layerGradientNorms } from '../../src/train/gradient-norm';

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

test('criticFromLayer(D, 0, x) is D itself: the same outputs and the same input gradient', () => {
  const D = mlp({ inputDim: 2, hidden: [16, 16], outputDim: 1, activation: 'relu', seed: 3 });
  const x = tf.tensor2d(new Rng(1).normals(10), [5, 2]);
  const diff = (a: Tensor, b: Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
  const out = tf.tidy(() => diff(criticFromLayer(D, 0, x), D.apply(x)));
  assert.ok(out < 1e-6, `outputs differ by ${out}`);
  const g = tf.tidy(() => diff(tf.grad((xx: Tensor) => tf.sum(criticFromLayer(D, 0, xx as Tensor2D)))(x), criticInputGradient(D, x)));
  assert.ok(g < 1e-6, `input gradients differ by ${g}`);
  // From layer 1: D(x) = criticFromLayer(D, 1, h_1(x)).
  const from1 = tf.tidy(() => diff(criticFromLayer(D, 1, D.layers(x)[0]), D.apply(x)));
  assert.ok(from1 < 1e-6);
  assert.throws(() => criticFromLayer(D, 3, x), /argument 'k' must be at most 2/);
  tf.dispose(x);
  D.dispose();
});

test('layerGradientNorms of a linear critic with one hidden layer: ||w_2|| sqrt(1/n + 1/m), by hand', () => {
  // D(x) = (x W1 + b1) w2 + b2: d loss / d h_i = (-1/n or 1/m) w2 for each example; the norm over the batch follows.
  const D = mlp({ inputDim: 2, hidden: [2], outputDim: 1, activation: 'linear', seed: 1 });
  D.params[2].assign(tf.tensor2d([[3], [-4]]));
  const real = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
  const fake = tf.tensor2d([[2, 2], [-1, 0]]);
  const norms = layerGradientNorms(D, real, fake);
  assert.equal(norms.length, 1);
  const expected = 5 * Math.sqrt(1 / 3 + 1 / 2);
  assert.ok(Math.abs(norms[0] - expected) < 1e-5 * expected, `got ${norms[0]}, expected ${expected}`);
  // Scaling the output weights by 1e-25 scales the norm by 1e-25 too: no underflow to 0.
  D.params[2].assign(tf.tensor2d([[3e-25], [-4e-25]]));
  const tiny = layerGradientNorms(D, real, fake)[0];
  assert.ok(Math.abs(tiny - expected * 1e-25) < 1e-4 * expected * 1e-25, `got ${tiny}`);
  tf.dispose([real, fake]);
  D.dispose();
});

test('layerGradientNorms gives one norm per hidden layer and leaks no tensor', () => {
  const D = mlp({ inputDim: 2, hidden: [8, 8, 8], outputDim: 1, seed: 2 });
  const real = tf.tensor2d(new Rng(2).normals(20), [10, 2]);
  const fake = tf.tensor2d(new Rng(3).normals(20), [10, 2]);
  layerGradientNorms(D, real, fake);
  const before = tf.memory().numTensors;
  const norms = layerGradientNorms(D, real, fake);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(norms.length, 3);
  assert.ok(norms.every((v) => Number.isFinite(v) && v >= 0));
  tf.dispose([real, fake]);
  D.dispose();
});
