/**
 * The GAN losses against hand-computed values (float64 formulas), at logits far out in the tails, and their
 * gradients, which the generator and the critic train on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import {
  hingeDiscriminatorLoss,
  hingeGeneratorLoss,
  minimaxDiscriminatorLoss,
  minimaxGeneratorLoss,
  nonSaturatingGeneratorLoss,
  softplusDiscriminatorLoss,
  softplusGeneratorLoss,
  wassersteinCriticLoss,
  wassersteinEstimate,
  wassersteinGeneratorLoss,
} from '../../src/losses';
import { near, scalarValue as value } from './helpers';

/** log(1 + e^t) in float64, without overflow. */
const softplus = (t: number) => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;



const REAL = [1.5, -0.3, 2.2, 0.1];
const FAKE = [-1.2, 0.4, -2.5];
const col = (xs: number[]) => tf.tensor2d(xs, [xs.length, 1]);

test('at logits 0 (D = 1/2): the minimax discriminator loss is log 4, the generator losses are -log 2 and log 2', () => {
  const z = () => tf.zeros([8, 1]);
  near(value(() => minimaxDiscriminatorLoss(z(), z())), Math.log(4), 1e-6, 'minimax D');
  near(value(() => softplusDiscriminatorLoss(z(), z())), Math.log(4), 1e-6, 'softplus D');
  near(value(() => minimaxGeneratorLoss(z())), -Math.LN2, 1e-6, 'minimax G');
  near(value(() => nonSaturatingGeneratorLoss(z())), Math.LN2, 1e-6, 'non-saturating G');
  near(value(() => softplusGeneratorLoss(z())), Math.LN2, 1e-6, 'softplus G');
});

test('the logistic losses equal -E[log D(real)] - E[log(1 - D(fake))] and its generator forms, D = sigmoid(logit)', () => {
  const sig = (t: number) => 1 / (1 + Math.exp(-t));
  const dLoss = -mean(REAL.map((t) => Math.log(sig(t)))) - mean(FAKE.map((t) => Math.log(1 - sig(t))));
  near(value(() => minimaxDiscriminatorLoss(col(REAL), col(FAKE))), dLoss, 1e-6, 'minimax D');
  near(value(() => softplusDiscriminatorLoss(col(REAL), col(FAKE))), dLoss, 1e-6, 'softplus D');
  near(value(() => minimaxGeneratorLoss(col(FAKE))), mean(FAKE.map((t) => Math.log(1 - sig(t)))), 1e-6, 'minimax G');
  near(value(() => nonSaturatingGeneratorLoss(col(FAKE))), -mean(FAKE.map((t) => Math.log(sig(t)))), 1e-6, 'non-saturating G');
  near(value(() => softplusGeneratorLoss(col(FAKE))), mean(FAKE.map((t) => softplus(-t))), 1e-6, 'softplus G');
});

test('the logistic losses are exact and finite at logits of +-100 and +-1000', () => {
  const big = [100, -100, 1000, -1000];
  const t = () => tf.tensor1d(big);
  near(value(() => minimaxDiscriminatorLoss(t(), t())), mean(big.map((x) => softplus(-x))) + mean(big.map(softplus)), 1e-6, 'minimax D');
  near(value(() => nonSaturatingGeneratorLoss(t())), mean(big.map((x) => softplus(-x))), 1e-6, 'non-saturating G');
  near(value(() => minimaxGeneratorLoss(t())), -mean(big.map(softplus)), 1e-6, 'minimax G');
  // A confident, correct discriminator: loss ~ 0 (e^-1000 underflows to exactly 0, not NaN).
  assert.equal(value(() => minimaxDiscriminatorLoss(tf.tensor1d([1000]), tf.tensor1d([-1000]))), 0);
});

test("the generator's gradients: the non-saturating one stays -1/n where the minimax one vanishes (logit -30)", () => {
  const grad = (loss: (f: Tensor) => Scalar) =>
    tf.tidy(() => Array.from(tf.grad((f: Tensor) => loss(f))(tf.tensor1d([-30, 0])).dataSync()));
  // d/dl softplus(-l) / n = -sigmoid(-l) / n; d/dl -softplus(l) / n = -sigmoid(l) / n.
  const ns = grad(nonSaturatingGeneratorLoss);
  near(ns[0], -0.5, 1e-6, 'non-saturating at -30');
  near(ns[1], -0.25, 1e-6, 'non-saturating at 0');
  const mm = grad(minimaxGeneratorLoss);
  assert.ok(Math.abs(mm[0]) < 1e-13, `minimax at -30: ${mm[0]}`);
  near(mm[1], -0.25, 1e-6, 'minimax at 0');
});

test('Wasserstein: the critic loss is E[D(fake)] - E[D(real)], the estimate its negative, the generator loss -E[D(fake)]', () => {
  // Batches of different sizes are allowed: each expectation is its own mean.
  const w = mean(REAL) - mean(FAKE);
  near(value(() => wassersteinCriticLoss(col(REAL), col(FAKE))), -w, 1e-6, 'critic');
  near(value(() => wassersteinEstimate(col(REAL), col(FAKE))), w, 1e-6, 'estimate');
  near(value(() => wassersteinGeneratorLoss(col(FAKE))), -mean(FAKE), 1e-6, 'generator');
});

test('hinge: the discriminator loss is E[max(0, 1 - D(real))] + E[max(0, 1 + D(fake))], the generator loss -E[D(fake)]', () => {
  // Real [2, 0.5]: (0 + 0.5) / 2 = 0.25; fake [-3, 0.2]: (0 + 1.2) / 2 = 0.6.
  near(value(() => hingeDiscriminatorLoss(tf.tensor1d([2, 0.5]), tf.tensor1d([-3, 0.2]))), 0.85, 1e-6, 'hinge D');
  near(value(() => hingeGeneratorLoss(tf.tensor1d([-3, 0.2]))), 1.4, 1e-6, 'hinge G');
  near(value(() => hingeDiscriminatorLoss(col(REAL), col(FAKE))), mean(REAL.map((t) => Math.max(0, 1 - t))) + mean(FAKE.map((t) => Math.max(0, 1 + t))), 1e-6, 'hinge D batch');
});

test('losses refuse non-tensors and empty tensors, naming the argument', () => {
  assert.throws(() => wassersteinCriticLoss([1, 2] as unknown as Tensor, col(FAKE)), /wassersteinCriticLoss: argument 'realScores' must be a non-empty tensor/);
  assert.throws(() => minimaxDiscriminatorLoss(col(REAL), tf.zeros([0, 1])), /minimaxDiscriminatorLoss: argument 'fakeLogits' must be a non-empty tensor/);
  assert.throws(() => hingeGeneratorLoss(null as unknown as Tensor), /hingeGeneratorLoss: argument 'fakeScores'/);
});
