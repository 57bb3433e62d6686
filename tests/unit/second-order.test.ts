/**
 * Second derivatives under TF.js autodiff: what is broken in TF.js 4.22 itself (so src/models/second-order.ts is
 * needed), that wgan-lab's activations have the right first and second derivatives (closed forms), and that the
 * elementary ops a gradient penalty is built from have the right second derivatives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import { ACTIVATIONS, LEAKY_RELU_ALPHA, activate, type Activation } from '../../src/models/activations';
import { gradientPenalty } from '../../src/lipschitz/gradient-penalty';
import { autodiffGradient, batch, finiteDifferenceGradient, relativeError, smallCritic } from './finite-differences';

const POINTS = [-2.5, -1.3, -0.4, -0.05, 0.07, 0.6, 1.1, 3.0];
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const A = LEAKY_RELU_ALPHA;

/** f, f', f'' of each activation, in float64, away from 0 (where relu-like ones have kinks). */
const CLOSED_FORMS: Record<Activation, [(x: number) => number, (x: number) => number, (x: number) => number]> = {
  relu: [(x) => Math.max(0, x), (x) => (x > 0 ? 1 : 0), () => 0],
  leakyRelu: [(x) => (x > 0 ? x : A * x), (x) => (x > 0 ? 1 : A), () => 0],
  tanh: [Math.tanh, (x) => 1 - Math.tanh(x) ** 2, (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2)],
  elu: [(x) => (x > 0 ? x : Math.exp(x) - 1), (x) => (x > 0 ? 1 : Math.exp(x)), (x) => (x > 0 ? 0 : Math.exp(x))],
  softplus: [(x) => Math.log1p(Math.exp(x)), sig, (x) => sig(x) * (1 - sig(x))],
  sigmoid: [sig, (x) => sig(x) * (1 - sig(x)), (x) => sig(x) * (1 - sig(x)) * (1 - 2 * sig(x))],
  linear: [(x) => x, () => 1, () => 0],
};

/** A tensor's values (tests run their tensor code inside tf.tidy, which frees them). */
function read(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol * (1 + Math.abs(expected[i])), `${what}[${i}]: got ${actual[i]}, expected ${expected[i]}`);
  }
}

/** d/dx of sum(df/dx), elementwise: the second derivative of an elementwise f (throws if autodiff loses the path). */
function secondDerivative(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  return tf.grad((u: Tensor) => tf.sum(tf.grad((w: Tensor) => tf.sum(f(w)))(u)))(x);
}

// ---------------------------------------------------------------------------------------------------------
// TF.js's own ops: what is broken (if one of these starts failing, TF.js was fixed and second-order.ts can shrink).

test('TF.js tanh, sigmoid and exp lose their second derivative: tf.grad(tf.grad(f)) cannot find a path', () => {
  const x = tf.tensor1d(POINTS);
  for (const f of [tf.tanh, tf.sigmoid, tf.exp]) {
    assert.throws(() => secondDerivative(f, x), /Cannot compute gradient/);
  }
  x.dispose();
});

test("TF.js leakyRelu's and elu's second derivatives throw (Greater and EluGrad have no gradient)", () => {
  const critic = smallCritic('linear', 1);
  const rng = new Rng(1);
  const real = batch(rng, 8, [1, 0]);
  const fake = batch(rng, 8, [-1, 0]);
  const raw = (act: (x: Tensor) => Tensor) => ({
    name: 'raw',
    params: critic.params,
    apply: (x: Tensor2D) => {
      let h: Tensor = x;
      for (let i = 0; i < 3; i++) {
        h = tf.add(tf.matMul(h as Tensor2D, critic.params[2 * i]), critic.params[2 * i + 1]);
        if (i < 2) h = act(h);
      }
      return h as Tensor2D;
    },
  });
  const grads = (act: (x: Tensor) => Tensor) => () =>
    tf.tidy(() => tf.variableGrads(() => gradientPenalty(raw(act), real, fake, { seed: 1 }), critic.params));
  assert.throws(grads((x) => tf.leakyRelu(x, A)), /gradient function not found for Greater/);
  assert.throws(grads(tf.elu), /gradient function not found for EluGrad/);
  critic.dispose();
  real.dispose();
  fake.dispose();
});

test("TF.js tanh and sigmoid give a silently wrong penalty gradient; wgan-lab's match finite differences", (t) => {
  for (const name of ['tanh', 'sigmoid'] as const) {
    const critic = smallCritic(name, 2);
    const rng = new Rng(2);
    const real = batch(rng, 16, [2, 1]);
    const fake = batch(rng, 16, [-1, 0]);
    const withActivation = (act: (x: Tensor) => Tensor) => ({
      name: 'raw',
      params: critic.params,
      apply: (x: Tensor2D) => {
        let h: Tensor = x;
        for (let i = 0; i < 3; i++) {
          h = tf.add(tf.matMul(h as Tensor2D, critic.params[2 * i]), critic.params[2 * i + 1]);
          if (i < 2) h = act(h);
        }
        return h as Tensor2D;
      },
    });
    const rawCritic = withActivation(name === 'tanh' ? tf.tanh : tf.sigmoid);
    const penalty = () => gradientPenalty(critic, real, fake, { seed: 3 });
    const fd = finiteDifferenceGradient(critic, penalty, 3e-3);
    const ours = relativeError(autodiffGradient(critic, penalty), fd.gradient);
    const theirs = relativeError(autodiffGradient(rawCritic, () => gradientPenalty(rawCritic, real, fake, { seed: 3 })), fd.gradient);
    t.diagnostic(`${name}: relative error to central differences: wgan-lab ${ours.toExponential(1)}, TF.js ${theirs.toExponential(2)}`);
    assert.ok(ours < 1e-2, `${name}: wgan-lab's relative error ${ours}`);
    assert.ok(theirs > 3e-2, `${name}: TF.js's own relative error ${theirs} (expected to be wrong)`);
    critic.dispose();
    real.dispose();
    fake.dispose();
  }
});

test("TF.js relu and softplus have the right second derivatives (so they need no fix)", () =>
  tf.tidy(() => {
    const x = tf.tensor1d(POINTS);
    // x relu(x) has second derivative 2 [x > 0]; softplus'' = sigmoid (1 - sigmoid).
    assertClose(read(secondDerivative((u) => tf.mul(u, tf.relu(u)), x)), POINTS.map((p) => (p > 0 ? 2 : 0)), 1e-6, 'relu');
    assertClose(read(secondDerivative(tf.softplus, x)), POINTS.map(CLOSED_FORMS.softplus[2]), 1e-5, 'softplus');
  }),
);

// ---------------------------------------------------------------------------------------------------------
// wgan-lab's activations: values, first and second derivatives against closed forms.

for (const name of ACTIVATIONS) {
  test(`${name}: value, first and second derivative match the closed forms`, () =>
    tf.tidy(() => {
      const [f, df, d2f] = CLOSED_FORMS[name];
      const x = tf.tensor1d(POINTS);
      const act = (u: Tensor) => activate(name, u);
      assertClose(read(act(x)), POINTS.map(f), 1e-5, `${name}(x)`);
      assertClose(read(tf.grad((u: Tensor) => tf.sum(act(u)))(x)), POINTS.map(df), 1e-5, `${name}'(x)`);
      // g(x) = x f(x) has g'' = 2 f' + x f'': always a path from x (relu's and linear's own f'' = 0 has none).
      const g2 = read(secondDerivative((u) => tf.mul(u, act(u)), x));
      assertClose(g2, POINTS.map((p) => 2 * df(p) + p * d2f(p)), 1e-5, `(x ${name}(x))''`);
    }),
  );
}

test('leakyRelu, tanh, sigmoid, elu: second derivatives are right at large |x| too (no overflow)', () =>
  tf.tidy(() => {
    const big = [-30, -12, 12, 30];
    const x = tf.tensor1d(big);
    for (const name of ['leakyRelu', 'tanh', 'sigmoid', 'elu'] as const) {
      const [, df, d2f] = CLOSED_FORMS[name];
      const g2 = read(secondDerivative((u) => tf.mul(u, activate(name, u)), x));
      g2.forEach((v) => assert.ok(Number.isFinite(v), `${name}: ${g2}`));
      assertClose(g2, big.map((p) => 2 * df(p) + p * d2f(p)), 1e-5, name);
    }
  }),
);

// ---------------------------------------------------------------------------------------------------------
// The elementary ops of a critic and a penalty: second derivatives (mixed ones for binary ops) in closed form.

test('square, sqrt, maximum(x, 0): second derivatives match the closed forms', () =>
  tf.tidy(() => {
    const pos = [0.3, 1, 2.5, 7];
    const x = tf.tensor1d(pos);
    assertClose(read(secondDerivative(tf.square, x)), pos.map(() => 2), 1e-6, 'square');
    assertClose(read(secondDerivative(tf.sqrt, x)), pos.map((p) => -0.25 * p ** -1.5), 1e-5, 'sqrt');
    const y = tf.tensor1d(POINTS);
    assertClose(read(secondDerivative((u) => tf.mul(u, tf.maximum(u, 0)), y)), POINTS.map((p) => (p > 0 ? 2 : 0)), 1e-6, 'maximum');
  }),
);

test('mul, matMul, add and sub with broadcasting, sum along an axis, mean: mixed second derivatives match the closed forms', () =>
  tf.tidy(() => {
    const rng = new Rng(5);
    const t = (r: number, c: number) => tf.tensor2d(rng.normals(r * c), [r, c]);
    const [a, b, c, v] = [t(3, 4), t(3, 4), t(3, 4), t(3, 4)];
    const W = t(4, 5);
    const C = t(3, 5);
    const V = t(3, 4);
    const bias = tf.tensor1d(rng.normals(4));
    const arr = (x: Tensor) => Array.from(x.dataSync());

    // mul: E = sum(a b b); dE/da = b^2; d/db sum(v dE/da) = 2 v b.
    const mulHvp = tf.grad((bb: Tensor) => tf.sum(tf.mul(v, tf.grad((aa: Tensor) => tf.sum(tf.mul(aa, tf.mul(bb, bb))))(a))))(b);
    assertClose(read(mulHvp), arr(tf.mul(2, tf.mul(v, b))), 1e-5, 'mul');

    // matMul: E = sum(C (a W)); dE/da = C W^T; d/dW sum(V C W^T) = V^T C.
    const mmHvp = tf.grad((ww: Tensor) =>
      tf.sum(tf.mul(V, tf.grad((aa: Tensor) => tf.sum(tf.mul(C, tf.matMul(aa as Tensor2D, ww as Tensor2D))))(a))),
    )(W);
    assertClose(read(mmHvp), arr(tf.matMul(V, C, true, false)), 1e-5, 'matMul');

    // add with a broadcast bias: E = sum((a + bias)^2); dE/da = 2 (a + bias); d/dbias sum(v dE/da) = 2 sum_rows v.
    const addHvp = tf.grad((bb: Tensor) => tf.sum(tf.mul(v, tf.grad((aa: Tensor) => tf.sum(tf.square(tf.add(aa, bb))))(a))))(bias);
    assertClose(read(addHvp), arr(tf.mul(2, tf.sum(v, 0))), 1e-5, 'add');

    // sub: E = sum((a - bias)^2); d/dbias sum(v dE/da) = -2 sum_rows v.
    const subHvp = tf.grad((bb: Tensor) => tf.sum(tf.mul(v, tf.grad((aa: Tensor) => tf.sum(tf.square(tf.sub(aa, bb))))(a))))(bias);
    assertClose(read(subHvp), arr(tf.mul(-2, tf.sum(v, 0))), 1e-5, 'sub');

    // sum along axis 1: E = sum(s^2) with s = sum(a, 1); dE/da_ij = 2 s_i; d/da_kl sum(v dE/da) = 2 sum_j v_kj.
    const sumHvp = tf.grad((aa: Tensor) => tf.sum(tf.mul(v, tf.grad((u: Tensor) => tf.sum(tf.square(tf.sum(u, 1))))(aa))))(c);
    assertClose(read(sumHvp), arr(tf.tile(tf.mul(2, tf.sum(v, 1, true)), [1, 4])), 1e-5, 'sum');

    // mean over all N = 12 entries: E = m^2; dE/da = 2 m / N; d/da sum(v dE/da) = 2 sum(v) / N^2 everywhere.
    const meanHvp = tf.grad((aa: Tensor) => tf.sum(tf.mul(v, tf.grad((u: Tensor) => tf.square(tf.mean(u)))(aa))))(c);
    const s = tf.sum(v).dataSync()[0];
    assertClose(read(meanHvp), new Array(12).fill((2 * s) / 144), 1e-5, 'mean');
  }),
);
