/**
 * Feature matching (Salimans et al. 2016, Section 3.1): the loss ||mean f(real) - mean f(fake)||^2 on hand-computed
 * batches, its gradient, and the features taken from an MLP critic's intermediate layer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { mlp } from '../../src/models/mlp';
import { featureMatchingGeneratorLoss, featureMatchingLoss, intermediateFeatures } from '../../src/tricks/feature-matching';
import { near, scalarValue as value } from './helpers';


test('feature matching: means [2, 3] and [2, 1] are at squared distance 0 + 4 = 4 (batches of different sizes)', () => {
  const real = () => tf.tensor2d([[1, 2], [3, 4]]);
  const fake = () => tf.tensor2d([[0, 0], [2, 2], [4, 1]]);
  near(value(() => featureMatchingLoss(real(), fake())), 4, 1e-6, 'loss');
  near(value(() => featureMatchingLoss(fake(), real())), 4, 1e-6, 'symmetric');
});

test('feature matching: three features, means [1, -1, 0.5] and [0, 1, 0.5] give 1 + 4 + 0 = 5; equal means give 0', () => {
  const real = () => tf.tensor2d([[2, -3, 0], [0, 1, 1]]);
  const fake = () => tf.tensor2d([[0, 1, 0.5]]);
  near(value(() => featureMatchingLoss(real(), fake())), 5, 1e-6, 'loss');
  // Different examples, same means: the loss sees only the first moment.
  near(value(() => featureMatchingLoss(tf.tensor2d([[1, -1, 0.5], [1, -1, 0.5]]), real())), 0, 1e-6, 'same means');
});

test('feature matching: the gradient with respect to fake feature (i, k) is -2 (mean_real - mean_fake)_k / n_fake', () => {
  const real = tf.tensor2d([[1, 2], [3, 4]]); // mean [2, 3]
  const fake = tf.tensor2d([[0, 0], [2, 2], [4, 1]]); // mean [2, 1]
  const g = tf.grad((f) => featureMatchingLoss(real, f as Tensor2D))(fake);
  const expected = [0, -4 / 3];
  const gv = g.arraySync() as number[][];
  for (const row of gv) row.forEach((v, k) => near(v, expected[k], 1e-6, `dL/dfake[., ${k}]`));
  tf.dispose([real, fake, g]);
});

test('feature matching on a critic: the default layer is the last hidden layer, and the loss matches the hand formula', () => {
  const critic = mlp({ inputDim: 2, hidden: [5, 3], outputDim: 1, activation: 'tanh', seed: 3, name: 'critic' });
  const real = tf.tensor2d([[0.5, -1], [1, 2], [-0.3, 0.7]]);
  const fake = tf.tensor2d([[2, 2], [-1, 0]]);
  const hiddenReal = tf.tidy(() => critic.layers(real)[1]);
  const f = intermediateFeatures(critic, real);
  assert.deepEqual(f.shape, [3, 3]);
  assert.deepEqual(Array.from(f.dataSync()), Array.from(hiddenReal.dataSync()));
  const first = intermediateFeatures(critic, real, 0);
  assert.deepEqual(first.shape, [3, 5]);
  // By hand: the means of the last hidden layer, read back in float64.
  const colMeans = (t: Tensor2D) => {
    const a = t.arraySync();
    return a[0].map((_, k) => a.reduce((s, row) => s + row[k], 0) / a.length);
  };
  const fr = colMeans(hiddenReal);
  const hiddenFake = tf.tidy(() => critic.layers(fake)[1]);
  const ff = colMeans(hiddenFake);
  const expected = fr.reduce((s, m, k) => s + (m - ff[k]) ** 2, 0);
  near(value(() => featureMatchingGeneratorLoss(critic, real, fake)), expected, 1e-5, 'critic loss');
  assert.throws(() => intermediateFeatures(critic, real, 3), /intermediateFeatures: argument 'layer' must be in \[-3, 2\]/);
  tf.dispose([real, fake, hiddenReal, hiddenFake, f, first]);
  critic.dispose();
});

test('feature matching: errors name the argument and the expected shape', () => {
  const a = tf.tensor2d([[1, 2]]);
  const b = tf.tensor2d([[1, 2, 3]]);
  assert.throws(() => featureMatchingLoss(a, b), /featureMatchingLoss: argument 'fakeFeatures' must have shape \[any, 2\], got shape \[1, 3\]/);
  assert.throws(() => featureMatchingLoss(tf.tensor1d([1]) as unknown as Tensor2D, a), /featureMatchingLoss: argument 'realFeatures' must be a non-empty 2-D tensor/);
  tf.dispose([a, b]);
});
