/**
 * Weight averaging for sampling: the target starts as a copy of the source, follows
 * target <- beta target + (1 - beta) source, leaves the source alone, and leaks no tensors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { emaBetaForHalfLife, weightAverage } from '../../src/train/ema';

const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: got ${a}, expected ${b}`);

test('weight average: starts as a copy, then after sources 2, 6 with beta 0.5 from 1 it is 0.5(0.5·1 + 0.5·2) + 0.5·6 = 3.75', () => {
  const s = tf.variable(tf.tensor1d([1, -4]));
  const t = tf.variable(tf.tensor1d([0, 0]));
  const avg = weightAverage([s], [t], { beta: 0.5 });
  assert.deepEqual(Array.from(t.dataSync()), [1, -4], 'copied at the start');
  s.assign(tf.tensor1d([2, 0]));
  avg.update();
  near(t.dataSync()[0], 1.5, 1e-7, 'after one update');
  near(t.dataSync()[1], -2, 1e-7, 'after one update, second entry');
  s.assign(tf.tensor1d([6, 0]));
  avg.update();
  near(t.dataSync()[0], 3.75, 1e-6, 'after two updates');
  assert.deepEqual(Array.from(s.dataSync()), [6, 0], 'the source is untouched');
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) avg.update();
  assert.equal(tf.memory().numTensors, before, 'no tensors leak per update');
  // A constant source: the average converges geometrically, |t - s| shrinks by beta per step.
  near(t.dataSync()[0], 6 - (6 - 3.75) * 0.5 ** 5, 1e-5, 'geometric convergence to a constant source');
  s.dispose();
  t.dispose();
});

test('emaBetaForHalfLife: an update loses half its weight after halfLife samples, beta^(halfLife/batch) = 1/2', () => {
  const beta = emaBetaForHalfLife(10_000, 32);
  near(beta ** (10_000 / 32), 0.5, 1e-12, 'half-life');
  near(emaBetaForHalfLife(10_000, 10_000), 0.5, 1e-15, 'one batch of the half-life');
});

test('weightAverage rejects beta = 1, mismatched shapes, and a target that is the source', () => {
  const a = tf.variable(tf.zeros([2]));
  const b = tf.variable(tf.zeros([3]));
  assert.throws(() => weightAverage([a], [b]), /shape/);
  assert.throws(() => weightAverage([a], [a]), /different/);
  const c = tf.variable(tf.zeros([2]));
  assert.throws(() => weightAverage([a], [c], { beta: 1 }), /beta/);
  [a, b, c].forEach((v) => v.dispose());
});
