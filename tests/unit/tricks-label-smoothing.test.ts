/**
 * One-sided label smoothing (Salimans et al. 2016, Section 3.4): the soft-target cross-entropy on logits against
 * float64 formulas, its minimum at sigmoid(logit) = the target, its stability far in the tails, and the smoothed
 * optimal discriminator (alpha p_data + beta p_g) / (p_data + p_g), which is D* for alpha = 1, beta = 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { gaussian } from '../../src/distributions/gaussian';
import { optimalDiscriminator } from '../../src/discriminator';
import { minimaxDiscriminatorLoss } from '../../src/losses';
import { smoothedDiscriminatorLoss, smoothedOptimalDiscriminator } from '../../src/tricks/label-smoothing';
import { near, scalarValue as value } from './helpers';

const softplus = (t: number) => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
const logit = (p: number) => Math.log(p / (1 - p));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const col = (xs: number[]) => tf.tensor2d(xs, [xs.length, 1]);


const REAL = [1.5, -0.3, 2.2, 0.1];
const FAKE = [-1.2, 0.4, -2.5];

test('smoothed loss = E_real[a softplus(-l) + (1-a) softplus(l)] + E_fake[b softplus(-l) + (1-b) softplus(l)] (float64 formula)', () => {
  for (const [a, b] of [[0.9, 0], [0.8, 0.1], [1, 0], [0.5, 0.5]]) {
    const expected =
      mean(REAL.map((l) => a * softplus(-l) + (1 - a) * softplus(l))) + mean(FAKE.map((l) => b * softplus(-l) + (1 - b) * softplus(l)));
    near(value(() => smoothedDiscriminatorLoss(col(REAL), col(FAKE), { realTarget: a, fakeTarget: b })), expected, 1e-6, `alpha ${a}, beta ${b}`);
  }
  // The defaults are one-sided smoothing: alpha = 0.9, beta = 0.
  const oneSided = mean(REAL.map((l) => 0.9 * softplus(-l) + 0.1 * softplus(l))) + mean(FAKE.map((l) => softplus(l)));
  near(value(() => smoothedDiscriminatorLoss(col(REAL), col(FAKE))), oneSided, 1e-6, 'defaults');
});

test('smoothed loss with alpha = 1, beta = 0 is the minimax discriminator loss; at logits 0 it is log 4 for any targets', () => {
  near(
    value(() => smoothedDiscriminatorLoss(col(REAL), col(FAKE), { realTarget: 1, fakeTarget: 0 })),
    value(() => minimaxDiscriminatorLoss(col(REAL), col(FAKE))),
    1e-6,
    'alpha 1, beta 0',
  );
  near(value(() => smoothedDiscriminatorLoss(tf.zeros([3, 1]), tf.zeros([5, 1]), { realTarget: 0.7, fakeTarget: 0.2 })), Math.log(4), 1e-6, 'logits 0');
});

test('smoothed loss: minimised where sigmoid(logit) = the target: zero gradient there, the binary entropy as the value, larger nearby', () => {
  for (const [a, b] of [[0.9, 0.1], [0.8, 0.3], [0.95, 0.02]]) {
    const lr = logit(a);
    const lf = logit(b);
    const loss = (r: Tensor, f: Tensor) => smoothedDiscriminatorLoss(r, f, { realTarget: a, fakeTarget: b });
    const [gr, gf] = tf.grads((r: Tensor, f: Tensor) => loss(r, f))([col([lr, lr]), col([lf])]);
    for (const g of [...gr.dataSync(), ...gf.dataSync()]) assert.ok(Math.abs(g) < 1e-6, `alpha ${a}, beta ${b}: gradient ${g}`);
    // d/dl [t softplus(-l) + (1 - t) softplus(l)] = sigmoid(l) - t: check it away from the minimum, per example (mean over 2).
    const [g2] = tf.grads((r: Tensor) => loss(r, col([lf])))([col([0, 3])]);
    const sig = (t: number) => 1 / (1 + Math.exp(-t));
    const g2v = g2.dataSync();
    near(g2v[0], (sig(0) - a) / 2, 1e-6, 'gradient at logit 0');
    near(g2v[1], (sig(3) - a) / 2, 1e-6, 'gradient at logit 3');
    const H = (p: number) => -p * Math.log(p) - (1 - p) * Math.log(1 - p);
    const atMin = value(() => loss(col([lr]), col([lf])));
    near(atMin, H(a) + H(b), 1e-5, 'value at the minimum');
    for (const d of [-0.1, 0.1]) {
      assert.ok(value(() => loss(col([lr + d]), col([lf]))) > atMin, `real logit moved by ${d}`);
      assert.ok(value(() => loss(col([lr]), col([lf + d]))) > atMin, `fake logit moved by ${d}`);
    }
    tf.dispose([gr, gf, g2]);
  }
});

test('smoothed loss is exact and finite at logits of +-1000 (softplus form): 0.1 * 1000 per real example at +1000 with alpha 0.9', () => {
  const v = value(() => smoothedDiscriminatorLoss(col([1000]), col([-1000])));
  near(v, 0.1 * 1000, 1e-6, 'real logit +1000');
  const w = value(() => smoothedDiscriminatorLoss(col([-1000]), col([1000]), { realTarget: 0.9, fakeTarget: 0 }));
  near(w, 0.9 * 1000 + 1000, 1e-6, 'wrong way round');
  assert.throws(() => smoothedDiscriminatorLoss(col([0]), col([0]), { realTarget: 1.1 }), /smoothedDiscriminatorLoss: argument 'realTarget' must be a number in \[0, 1\], got 1.1/);
});

test('smoothed optimal discriminator: alpha = 1, beta = 0 is D* = p_data / (p_data + p_g) (lesson 01), to 1e-15', () => {
  const pData = gaussian(0, 1);
  const pG = gaussian(2, 0.5);
  const dStar = optimalDiscriminator(pData, pG);
  const d = smoothedOptimalDiscriminator(pData, pG, 1, 0);
  for (let x = -6; x <= 8; x += 0.25) near(d(x), dStar(x), 1e-15, `x = ${x}`);
});

test('smoothed optimal discriminator: (alpha p_data + beta p_g) / (p_data + p_g) by hand, and its limits alpha (far left) and beta (far right)', () => {
  const pData = gaussian(0, 1);
  const pG = gaussian(1, 1);
  const [alpha, beta] = [0.9, 0.1];
  const d = smoothedOptimalDiscriminator(pData, pG, alpha, beta);
  // At x = 1/2 the two unit Gaussians have equal densities: D = (alpha + beta) / 2.
  near(d(0.5), 0.5, 1e-15, 'x = 1/2');
  for (const x of [-2, 0, 0.7, 3]) {
    const [p, q] = [pData.pdf(x), pG.pdf(x)];
    near(d(x), (alpha * p + beta * q) / (p + q), 1e-12, `x = ${x}`);
  }
  // Far left p_data dominates (D -> alpha), far right p_g does (D -> beta), finite even where the pdfs underflow.
  near(d(-60), alpha, 1e-12, 'x = -60');
  near(d(60), beta, 1e-12, 'x = 60');
  const oneSided = smoothedOptimalDiscriminator(pData, pG);
  near(oneSided(0.5), 0.45, 1e-15, 'defaults alpha 0.9, beta 0');
  assert.throws(() => smoothedOptimalDiscriminator(pData, pG, 0.9, -0.1), /smoothedOptimalDiscriminator: argument 'beta' must be a number in \[0, 1\]/);
});

test('the smoothed optimal discriminator zeroes the gradient of the pointwise smoothed loss p_data l(alpha, .) + p_g l(beta, .)', () => {
  const pData = gaussian(0, 1);
  const pG = gaussian(1.5, 0.7);
  const [alpha, beta] = [0.9, 0.05];
  const d = smoothedOptimalDiscriminator(pData, pG, alpha, beta);
  for (const x of [-1, 0.3, 1, 2.5]) {
    const [p, q] = [pData.pdf(x), pG.pdf(x)];
    const l0 = logit(d(x));
    // The real term alone (fake logit fixed) times p_data, plus the fake term alone times p_g.
    const opts = { realTarget: alpha, fakeTarget: beta };
    const g = tf.grad((l: Tensor) =>
      tf.add(tf.mul(p, smoothedDiscriminatorLoss(l, tf.zeros([1, 1]), opts)), tf.mul(q, smoothedDiscriminatorLoss(tf.zeros([1, 1]), l, opts))),
    )(col([l0]));
    assert.ok(Math.abs(g.dataSync()[0]) < 1e-6 * (p + q) + 1e-8, `x = ${x}: gradient ${g.dataSync()[0]}`);
    g.dispose();
  }
});
