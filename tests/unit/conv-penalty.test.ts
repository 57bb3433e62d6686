/**
 * Gradients through the convolutional models against central finite differences.
 *
 * The gradient penalty of a convolutional critic differentiates TF.js's conv2d twice: the input gradient is a
 * Conv2DBackpropInput op, and the penalty's parameter gradient goes through that op's own gradient (a conv2d for its
 * dy input, a Conv2DBackpropFilter for its filter). TF.js gets several second derivatives wrong (see
 * second-order.test.ts), so each layer type a critic uses is checked here: small random critics on 7 x 7 images
 * (odd, so 'same' padding with stride 2 pads unevenly: 1 row before, 2 after), conv -> conv -> dense, with
 * leakyRelu (the lessons' critic) and relu, random biases, three seeds; the gradient of the WGAN-GP penalty
 * (lambda 10, fixed interpolation weights), and for leakyRelu of the whole critic loss, with respect to all parameters, by
 * tf.variableGrads and by central differences (h = 3e-3, float32); required ||autodiff - fd|| / ||fd|| < 1e-2.
 * Kinks (where a pre-activation at a penalty point changes sign) are handled as in penalty-gradients.test.ts.
 *
 * The generator's transposed convolutions (conv2dTranspose is Conv2DBackpropInput in TF.js) are checked the same
 * way, first order: the generator loss -E[D(G(z))] against its parameters, through dense, reshape, upconv, relu, tanh.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import { conv, convNet, dense, reshape, upconv, type ConvNet } from '../../src/models/conv';
import type { Activation } from '../../src/models/activations';
import { gradientPenalty } from '../../src/lipschitz/gradient-penalty';
import { randomInterpolates } from '../../src/lipschitz/interpolates';
import { wassersteinCriticLoss, wassersteinGeneratorLoss } from '../../src/losses';
import { activationPattern, assignValues, autodiffGradient, finiteDifferenceGradient, relativeError } from './finite-differences';

const SEEDS = [1, 2, 3];
const H = 3e-3;
const TOLERANCE = 1e-2;
const MAX_EXCLUDED = 3;
const SIDE = 7;
const BATCH = 6;
const INTERPOLATION_SEED = 7;

/** A small critic 7 x 7 x 1 -> 4 x 4 x 3 -> 2 x 2 x 4 -> 1 with random biases (180 parameters). */
function smallConvCritic(activation: Activation, seed: number): ConvNet {
  const critic = convNet({
    name: 'critic', seed, input: [SIDE, SIDE, 1],
    layers: [conv(3, { kernel: 4, stride: 2, activation }), conv(4, { kernel: 3, stride: 2, activation }), dense(1)],
  });
  randomBiases(critic, seed);
  return critic;
}

function randomBiases(net: ConvNet, seed: number): void {
  const rng = new Rng(seed + 1000);
  for (let i = 1; i < net.params.length; i += 2) assignValues(net.params[i], rng.uniforms(net.params[i].size, -0.5, 0.5));
}

/** n images of SIDE x SIDE, pixels uniform in [lo, hi). */
function images(rng: Rng, n: number, lo: number, hi: number): Tensor2D {
  return tf.tensor2d(rng.uniforms(n * SIDE * SIDE, lo, hi), [n, SIDE * SIDE]);
}

const CASES = [['leakyRelu', 'penalty'], ['leakyRelu', 'critic loss + penalty'], ['relu', 'penalty']] as const;
for (const [activation, what] of CASES) {
  test(`conv critic (${activation}): the ${what}'s parameter gradient matches central differences (3 seeds)`, (t) => {
    for (const seed of SEEDS) {
      const critic = smallConvCritic(activation, seed);
      const rng = new Rng(seed);
      const real = images(rng, BATCH, -1, 1);
      const fake = images(rng, BATCH, -0.5, 0.8);
      const points = randomInterpolates(real, fake, new Rng(INTERPOLATION_SEED));
      const penalty = () => gradientPenalty(critic, real, fake, { weight: 10, seed: INTERPOLATION_SEED });
      const f = what === 'penalty' ? penalty : () => tf.add(wassersteinCriticLoss(critic.apply(real), critic.apply(fake)), penalty()) as Scalar;
      const autodiff = autodiffGradient(critic, f);
      // Kinks of the critic at the penalty's points, and for the loss at the real and generated points too.
      const pattern = () => activationPattern(critic, points) + (what === 'penalty' ? '' : activationPattern(critic, real) + activationPattern(critic, fake));
      const fd = finiteDifferenceGradient(critic, f, H, pattern);
      const error = relativeError(autodiff, fd.gradient, fd.excluded);
      t.diagnostic(`seed ${seed}: relative error ${error.toExponential(1)}, ${fd.refined} of ${autodiff.length} parameters needed a smaller step, ${fd.excluded.length} left out`);
      assert.ok(Number.isFinite(error) && error < TOLERANCE, `seed ${seed}: relative error ${error}`);
      assert.ok(fd.excluded.length <= MAX_EXCLUDED, `seed ${seed}: ${fd.excluded.length} parameters crossed a kink even at h/100`);
      assert.ok(autodiff.some((g) => g !== 0), 'the gradient is not identically zero');
      critic.dispose();
      tf.dispose([real, fake, points]);
    }
  });
}

test('conv generator (dense, reshape, upconv, relu, tanh): the generator loss gradient matches central differences (3 seeds)', (t) => {
  for (const seed of SEEDS) {
    // z (3) -> 2 x 2 x 4 -> 4 x 4 x 3 -> 8 x 8 x 1, scored by a fixed conv critic on 8 x 8.
    const generator = convNet({
      name: 'generator', seed, input: [3],
      layers: [dense(16, 'relu'), reshape([2, 2, 4]), upconv(3, { kernel: 4, stride: 2, activation: 'relu' }), upconv(1, { kernel: 3, stride: 2, activation: 'tanh' })],
    });
    randomBiases(generator, seed);
    const critic = convNet({ name: 'critic', seed: seed + 50, input: [8, 8, 1], layers: [conv(3, { activation: 'leakyRelu' }), dense(1)] });
    const z = tf.tensor2d(new Rng(seed).normals(BATCH * 3), [BATCH, 3]);
    const f = () => wassersteinGeneratorLoss(critic.apply(generator.apply(z)));
    const autodiff = autodiffGradient(generator, f);
    const pattern = () => activationPattern(generator, z) + tf.tidy(() => activationPattern(critic, generator.apply(z)));
    const fd = finiteDifferenceGradient(generator, f, H, pattern);
    const error = relativeError(autodiff, fd.gradient, fd.excluded);
    t.diagnostic(`seed ${seed}: relative error ${error.toExponential(1)}, ${fd.refined} of ${autodiff.length} parameters needed a smaller step, ${fd.excluded.length} left out`);
    assert.ok(Number.isFinite(error) && error < TOLERANCE, `seed ${seed}: relative error ${error}`);
    assert.ok(fd.excluded.length <= MAX_EXCLUDED, `seed ${seed}: ${fd.excluded.length} parameters crossed a kink even at h/100`);
    generator.dispose();
    critic.dispose();
    z.dispose();
  }
});

test('convNet: shapes through conv (ceil(in / stride)), upconv (in x stride) and dense; errors name the layer', () => {
  const critic = convNet({ name: 'c', seed: 1, input: [7, 7, 1], layers: [conv(2), conv(3), dense(1)] });
  assert.deepEqual(critic.outputShape, [1]);
  const x = tf.zeros([5, 49]) as Tensor2D;
  const outs = critic.layers(x);
  assert.deepEqual(outs.map((o) => o.shape), [[5, 4 * 4 * 2], [5, 2 * 2 * 3], [5, 1]]);
  assert.throws(() => critic.apply(tf.zeros([5, 48]) as Tensor2D), /shape \[batch, 49\].*got \[5,48\]/);
  assert.throws(() => convNet({ name: 'g', seed: 1, input: [3], layers: [dense(12), reshape([2, 2, 4])] }), /reshapes \[12\] \(12 numbers\) to \[2,2,4\] \(16 numbers\)/);
  assert.throws(() => convNet({ name: 'g', seed: 1, input: [3], layers: [conv(2)] }), /needs an image input.*add a reshape layer/);
  tf.dispose([x, ...outs]);
  critic.dispose();
});
