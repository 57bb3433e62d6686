/**
 * Historical averaging (Salimans et al. 2016, Section 3.3): the running average of the parameters over a hand
 * sequence, the penalty weight * sum ||theta - mean||^2 and its gradient, the EMA variant, and no read-back leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scalar, Variable } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { historicalAverage } from '../../src/tricks/historical-averaging';
import { near, scalarValue as value } from './helpers';


function set(v: Variable, values: number[]): void {
  const t = tf.tensor(values, v.shape);
  v.assign(t);
  t.dispose();
}


test('historical average: after the values 1, 2, 6 (and [0, 4], [3, -1], [6, 3] for a vector) the mean is 3 (and [3, 2])', () => {
  const a = tf.variable(tf.scalar(1));
  const b = tf.variable(tf.tensor1d([0, 4]));
  const avg = historicalAverage([a, b]);
  assert.equal(avg.count, 1, 'the initial parameters are the first value');
  assert.deepEqual(Array.from(avg.averages[0].dataSync()), [1]);
  set(a, [2]);
  set(b, [3, -1]);
  avg.update();
  near(avg.averages[0].dataSync()[0], 1.5, 1e-7, 'mean of 1, 2');
  set(a, [6]);
  set(b, [6, 3]);
  avg.update();
  assert.equal(avg.count, 3);
  near(avg.averages[0].dataSync()[0], 3, 1e-7, 'mean of 1, 2, 6');
  const mb = Array.from(avg.averages[1].dataSync());
  near(mb[0], 3, 1e-7, 'mean of 0, 3, 6');
  near(mb[1], 2, 1e-7, 'mean of 4, -1, 3');
  assert.equal(avg.averages[0].trainable, false, 'the averages are not trained');
  assert.equal(a.dataSync()[0], 6, 'the parameters are not changed');
  avg.dispose();
  tf.dispose([a, b]);
});

test('historical average: the mean of 1..100 after 99 updates is 50.5 (the running update is exact, not drifting)', () => {
  const a = tf.variable(tf.scalar(1));
  const avg = historicalAverage([a]);
  for (let k = 2; k <= 100; k++) {
    set(a, [k]);
    avg.update();
  }
  near(avg.averages[0].dataSync()[0], 50.5, 1e-6, 'mean of 1..100');
  avg.dispose();
  a.dispose();
});

test('historical average penalty: weight 0.5, theta = (6; [6, 3]), mean = (3; [3, 2]) gives 0.5 (9 + 9 + 1) = 9.5, gradient 2 w (theta - mean)', () => {
  const a = tf.variable(tf.scalar(1));
  const b = tf.variable(tf.tensor1d([0, 4]));
  const avg = historicalAverage([a, b]);
  assert.equal(value(() => avg.penalty(0.5)), 0, 'no distance at the start');
  for (const [va, vb] of [[2, [3, -1]], [6, [6, 3]]] as const) {
    set(a, [va]);
    set(b, [...vb]);
    avg.update();
  }
  near(value(() => avg.penalty(0.5)), 9.5, 1e-6, 'penalty');
  near(value(() => avg.penalty(0)), 0, 0, 'weight 0');
  const grads = tf.tidy(() => {
    const { grads: g } = tf.variableGrads(() => avg.penalty(0.5), [a, b]);
    return [g[a.name], g[b.name]];
  });
  near(grads[0].dataSync()[0], 2 * 0.5 * (6 - 3), 1e-6, 'd/da');
  const gb = Array.from(grads[1].dataSync());
  near(gb[0], 2 * 0.5 * (6 - 3), 1e-6, 'd/db0');
  near(gb[1], 2 * 0.5 * (3 - 2), 1e-6, 'd/db1');
  assert.throws(() => avg.penalty(-1), /HistoricalAverage.penalty: argument 'weight' must be a finite number >= 0, got -1/);
  tf.dispose(grads);
  avg.dispose();
  tf.dispose([a, b]);
});

test('historical average with decay 0.5: the EMA of 1, 3, 7 is 0.5 (0.5 * 1 + 0.5 * 3) + 0.5 * 7 = 4.5', () => {
  const a = tf.variable(tf.scalar(1));
  const avg = historicalAverage([a], { decay: 0.5 });
  set(a, [3]);
  avg.update();
  near(avg.averages[0].dataSync()[0], 2, 1e-7, 'after 3');
  set(a, [7]);
  avg.update();
  near(avg.averages[0].dataSync()[0], 4.5, 1e-7, 'after 7');
  assert.throws(() => historicalAverage([a], { decay: 1 }), /historicalAverage: argument 'decay' must be a number in \[0, 1\)/);
  avg.dispose();
  a.dispose();
});

test('historical average: updates and penalties inside tidy leave the tensor count flat', () => {
  const a = tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 1));
  const avg = historicalAverage([a]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 50; i++) {
    tf.tidy(() => {
      a.assign(tf.add(a, 0.1));
      avg.update();
      avg.penalty(1);
    });
  }
  assert.equal(tf.memory().numTensors, before);
  avg.dispose();
  a.dispose();
  assert.throws(() => historicalAverage([]), /historicalAverage: argument 'params' must be a non-empty array of tf.Variables/);
});
