/**
 * The Lipschitz methods: weight clipping, the gradient penalty (two- and one-sided), R1 and R2. Values are checked
 * on critics whose input gradient is known in closed form (linear and quadratic ones); parameter gradients are
 * checked by finite differences in penalty-gradients.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scalar, Tensor2D, Variable } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import { ACTIVATIONS } from '../../src/models/activations';
import { mlp } from '../../src/models/mlp';
import { weightClipping } from '../../src/lipschitz/weight-clipping';
import { randomInterpolates } from '../../src/lipschitz/interpolates';
import { criticInputGradient } from '../../src/lipschitz/input-gradient';
import type { Model } from '../../src/models/model';
import { gradientPenalty } from '../../src/lipschitz/gradient-penalty';
import { r1Penalty, r2Penalty } from '../../src/lipschitz/zero-centred-penalties';
import { batch } from './finite-differences';
import { near } from './helpers';

/** The linear critic D(x) = x . w + 0.3. */
function linearCritic(w: number[]): Model {
  const W = tf.tensor2d(w, [w.length, 1]);
  return { name: 'linear', params: [], apply: (x) => tf.add(tf.matMul(x, W), 0.3) as Tensor2D };
}

/** The quadratic critic D(x) = ||x||^2 / 2, whose input gradient is x itself. */
const quadraticCritic: Model = { name: 'quadratic', params: [], apply: (x) => tf.mul(0.5, tf.sum(tf.square(x), 1, true)) as Tensor2D };

function scalar(f: () => Scalar): number {
  const s = tf.tidy(f);
  const v = s.dataSync()[0];
  s.dispose();
  return v;
}


test('weight clipping puts every parameter in [-c, c], leaves those inside unchanged and sets those outside to +-c', () => {
  const w = tf.variable(tf.tensor2d([0.5, -0.02, 0.009, -3, 0.01, 0], [2, 3]));
  const b = tf.variable(tf.tensor1d([-0.011, 0.2]));
  weightClipping([w, b], 0.01);
  assert.deepEqual(Array.from(w.dataSync()), [0.01, -0.01, 0.009, -0.01, 0.01, 0].map(Math.fround));
  assert.deepEqual(Array.from(b.dataSync()), [-0.01, 0.01].map(Math.fround));
  tf.dispose([w, b]);
});

test('weight clipping refuses c <= 0, saying why, and non-variables', () => {
  const w = tf.variable(tf.ones([2]));
  for (const c of [0, -0.01, NaN, Infinity]) {
    assert.throws(() => weightClipping([w], c), /weightClipping: argument 'c' must be a finite number > 0 \(weights are clipped to \[-c, c\]/);
  }
  assert.throws(() => weightClipping([tf.ones([2]) as unknown as Variable], 0.01), /argument 'params\[0\]' must be a tf.Variable/);
  w.dispose();
});

test('interpolates use one uniform weight per example, the same for every coordinate, drawn from the rng', () => {
  const n = 400;
  const dim = 5;
  const rng = new Rng(3);
  const real = tf.tensor2d(rng.normals(n * dim, 2), [n, dim]);
  const fake = tf.tensor2d(rng.normals(n * dim, -2), [n, dim]);
  const xHat = randomInterpolates(real, fake, new Rng(11));
  const expected = new Rng(11).uniforms(n);
  const [r, f, x] = [real, fake, xHat].map((t) => t.dataSync());
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      const k = i * dim + j;
      // x_hat = eps real + (1 - eps) fake, so (x_hat - fake) / (real - fake) = eps_i for every coordinate j.
      near((x[k] - f[k]) / (r[k] - f[k]), expected[i], 1e-3, `row ${i}, coordinate ${j}`);
    }
  }
  const mean = expected.reduce((s, e) => s + e, 0) / n;
  assert.ok(Math.min(...expected) >= 0 && Math.max(...expected) < 1 && Math.abs(mean - 0.5) < 0.05, `weights: mean ${mean}`);
  tf.dispose([real, fake, xHat]);
});

test('the input gradient is per example: for D(x) = ||x||^2 / 2 it is x itself', () => {
  const x = tf.tensor2d([1, -2, 0.5, 3, 0, -1], [3, 2]);
  const g = criticInputGradient(quadraticCritic, x);
  assert.deepEqual(Array.from(g.dataSync()), Array.from(x.dataSync()));
  tf.dispose([x, g]);
});

test('the two-sided penalty is 0 for a linear critic with a unit-norm weight, and lambda (a - 1)^2 for norm a', () => {
  const rng = new Rng(1);
  const real = batch(rng, 32, [1, 0]);
  const fake = batch(rng, 32, [-1, 0]);
  const unit = linearCritic([0.6, -0.8]);
  assert.ok(Math.abs(scalar(() => gradientPenalty(unit, real, fake, { seed: 1 }))) < 1e-10);
  // ||w|| = 3: lambda (3 - 1)^2 = 4 lambda, at any anchor.
  const steep = linearCritic([0, 3]);
  for (const anchor of ['interpolates', 'real', 'fake'] as const) {
    near(scalar(() => gradientPenalty(steep, real, fake, { weight: 2.5, anchor, seed: 1 })), 10, 1e-5, anchor);
  }
  // A target t: lambda (3 - t)^2.
  near(scalar(() => gradientPenalty(steep, real, fake, { weight: 1, target: 5, seed: 1 })), 4, 1e-5, 'target 5');
  tf.dispose([real, fake]);
});

test('the one-sided penalty is 0 for norms below the target and lambda (a - 1)^2 above it', () => {
  const rng = new Rng(2);
  const real = batch(rng, 32, [1, 0]);
  const fake = batch(rng, 32, [-1, 0]);
  assert.equal(scalar(() => gradientPenalty(linearCritic([0.3, 0.4]), real, fake, { form: 'one-sided', seed: 1 })), 0);
  near(scalar(() => gradientPenalty(linearCritic([3, 0]), real, fake, { form: 'one-sided', weight: 10, seed: 1 })), 40, 1e-5, 'norm 3');
  tf.dispose([real, fake]);
});

test('the gradient penalty on D(x) = ||x||^2 / 2 at the real batch is lambda mean((||x_i|| - 1)^2)', () => {
  const xs = [3, 4, 0, 0.5, -1, 0];
  const real = tf.tensor2d(xs, [3, 2]);
  const fake = tf.zeros([3, 2]) as Tensor2D;
  const norms = [5, 0.5, 1];
  const expected = (10 * norms.reduce((s, n) => s + (n - 1) ** 2, 0)) / 3;
  near(scalar(() => gradientPenalty(quadraticCritic, real, fake, { anchor: 'real' })), expected, 1e-5, 'GP');
  tf.dispose([real, fake]);
});

test('R1 and R2 are (gamma / 2) E ||grad D||^2 on the real and on the generated batch', () => {
  const real = tf.tensor2d([3, 4, 0, 0.5], [2, 2]);
  const fake = tf.tensor2d([1, 1, -2, 0], [2, 2]);
  // D(x) = ||x||^2 / 2: ||grad D(x)||^2 = ||x||^2. Real: (25 + 0.25) / 2; fake: (2 + 4) / 2.
  near(scalar(() => r1Penalty(quadraticCritic, real, { gamma: 10 })), 5 * 12.625, 1e-6, 'R1');
  near(scalar(() => r2Penalty(quadraticCritic, fake, { gamma: 10 })), 5 * 3, 1e-6, 'R2');
  // A linear critic: (gamma / 2) ||w||^2 on any batch.
  near(scalar(() => r1Penalty(linearCritic([1, 2]), real, { gamma: 4 })), 10, 1e-6, 'R1 linear');
  tf.dispose([real, fake]);
});

test('with a seed the interpolates repeat on every call; with an rng they change from call to call', () => {
  const critic = mlp({ inputDim: 2, hidden: [8], outputDim: 1, activation: 'tanh', seed: 1 });
  const rng = new Rng(4);
  const real = batch(rng, 16, [2, 0]);
  const fake = batch(rng, 16, [-2, 0]);
  const bySeed = [1, 2].map(() => scalar(() => gradientPenalty(critic, real, fake, { seed: 9 })));
  assert.equal(bySeed[0], bySeed[1]);
  const stream = new Rng(9);
  const byRng = [1, 2].map(() => scalar(() => gradientPenalty(critic, real, fake, { rng: stream })));
  assert.equal(byRng[0], bySeed[0]);
  assert.notEqual(byRng[1], byRng[0]);
  critic.dispose();
  tf.dispose([real, fake]);
});

test("the penalty's parameter gradient is finite where the input gradient vanishes (epsilon inside the square root)", () => {
  const critic = mlp({ inputDim: 2, hidden: [4], outputDim: 1, activation: 'tanh', seed: 2 });
  critic.params.forEach((p) => p.assign(tf.zerosLike(p)));
  const rng = new Rng(5);
  const real = batch(rng, 8, [1, 0]);
  const fake = batch(rng, 8, [-1, 0]);
  const values = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => gradientPenalty(critic, real, fake, { seed: 1 }), critic.params);
    return [value, ...Object.values(grads)].map((t) => Array.from(t.dataSync())).flat();
  });
  // Penalty 10 (0 - 1)^2 = 10 (up to sqrt(epsilon)); the gradients are 0, not NaN.
  near(values[0], 10, 1e-5, 'penalty');
  values.forEach((v, i) => assert.ok(Number.isFinite(v), `entry ${i} is ${v}`));
  critic.dispose();
  tf.dispose([real, fake]);
});

test('bad settings throw errors naming the argument', () => {
  const critic = linearCritic([1, 0]);
  const real = tf.zeros([4, 2]) as Tensor2D;
  const fake = tf.zeros([3, 2]) as Tensor2D;
  const ok = tf.zeros([4, 2]) as Tensor2D;
  assert.throws(() => gradientPenalty(critic, real, fake, { seed: 1 }), /gradientPenalty: arguments 'real' and 'fake' must have the same shape, got real \[4, 2\] and fake \[3, 2\]/);
  assert.throws(() => randomInterpolates(real, fake, new Rng(1)), /randomInterpolates: .*real \[4, 2\] and fake \[3, 2\]/);
  assert.throws(() => gradientPenalty(critic, real, ok, { weight: -1, seed: 1 }), /gradientPenalty: argument 'weight' must be a finite number >= 0, got -1/);
  assert.throws(() => gradientPenalty(critic, real, ok, { target: -1, seed: 1 }), /argument 'target'/);
  assert.throws(() => gradientPenalty(critic, real, ok, { epsilon: 0, seed: 1 }), /argument 'epsilon' must be a finite number > 0/);
  assert.throws(() => gradientPenalty(critic, real, ok, { anchor: 'middle' as 'real' }), /argument 'anchor' must be one of 'interpolates', 'real', 'fake'/);
  assert.throws(() => gradientPenalty(critic, real, ok, { form: 'both' as 'one-sided', seed: 1 }), /argument 'form' must be one of 'two-sided', 'one-sided'/);
  assert.throws(() => gradientPenalty(critic, real, ok), /gradientPenalty: anchor 'interpolates' needs .* 'rng' .* or 'seed'/);
  assert.throws(() => gradientPenalty(critic, real, ok, { seed: 1, rng: new Rng(1) }), /either option 'rng' or option 'seed'/);
  assert.throws(() => r1Penalty(critic, ok, { gamma: -2 }), /r1Penalty: argument 'gamma' must be a finite number >= 0, got -2/);
  assert.throws(() => r2Penalty(critic, tf.zeros([4]) as unknown as Tensor2D), /r2Penalty: argument 'fake' must be a 2-D tensor/);
  const wide: Model = { name: 'wide', params: [], apply: (x) => tf.concat([x, x], 1) as Tensor2D };
  assert.throws(() => r1Penalty(wide, ok), /criticInputGradient: argument 'critic.apply\(x\)' must have shape \[4, 1\], got shape \[4, 4\]/);
  tf.dispose([real, fake, ok]);
});

test('no tensors leak: computing each penalty and its parameter gradients inside tf.tidy leaves numTensors unchanged', () => {
  const rng = new Rng(6);
  const real = batch(rng, 16, [1, 0]);
  const fake = batch(rng, 16, [-1, 0]);
  for (const activation of ACTIVATIONS) {
    const critic = mlp({ inputDim: 2, hidden: [8, 8], outputDim: 1, activation, seed: 3 });
    const penalties: (() => Scalar)[] = [
      () => gradientPenalty(critic, real, fake, { rng }),
      () => gradientPenalty(critic, real, fake, { rng, form: 'one-sided' }),
      () => gradientPenalty(critic, real, fake, { anchor: 'real' }),
      () => r1Penalty(critic, real),
      () => r2Penalty(critic, fake),
    ];
    for (const [i, penalty] of penalties.entries()) {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const { grads } = tf.variableGrads(penalty, critic.params);
        Object.values(grads).forEach((g) => g.dataSync());
      });
      scalar(penalty);
      assert.equal(tf.memory().numTensors, before, `${activation}, penalty ${i}`);
    }
    critic.dispose();
  }
  tf.dispose([real, fake]);
});
