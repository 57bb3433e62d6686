/** trainGan's compiled step against its eager step, and its penalty gradient against finite differences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import {
  Rng, mlp, createGan, trainGan, eightGaussians, adam, minimaxDiscriminatorLoss, nonSaturatingGeneratorLoss, wassersteinCriticLoss,
  wassersteinGeneratorLoss, minimaxGeneratorLoss, clipWeights, wganGp, gradientPenalty, compiledStepUnsupported, type GanParts, type Lipschitz,
  labelSmoothing, matchFeatures, criticWithMinibatchDiscrimination, generatorWithVirtualBatchNorm, historicalAverage, instanceNoiseBatch,
  replayBatches, replayBuffer,
} from '../../src/index';
import { compiledPenaltyGradient } from '../../src/compiled/gan-step';
import { activationPattern, batch, finiteDifferenceGradient, relativeError, smallCritic } from './finite-differences';

function parts(over: Partial<GanParts>): GanParts {
  return {
    generator: mlp({ inputDim: 4, hidden: [16, 16], outputDim: 2, seed: 11, name: 'G' }),
    critic: mlp({ inputDim: 2, hidden: [16, 16], outputDim: 1, seed: 12, name: 'D' }),
    data: eightGaussians(), latentDim: 4, batchSize: 32, seed: 13, criticIterations: 1,
    criticLoss: minimaxDiscriminatorLoss, generatorLoss: nonSaturatingGeneratorLoss,
    criticOptimizer: adam(1e-3, 0.5, 0.999), generatorOptimizer: adam(1e-3, 0.5, 0.999),
    ...over,
  };
}

const CASES: [string, () => Partial<GanParts>][] = [
  ['standard GAN (minimax / non-saturating)', () => ({})],
  ['minimax generator loss, learning-rate schedule', () => ({ generatorLoss: minimaxGeneratorLoss, learningRateFactor: (s: number) => (s < 20 ? 1 : 0.1) })],
  ['WGAN with clipping, 3 critic updates', () => ({ criticLoss: wassersteinCriticLoss, generatorLoss: wassersteinGeneratorLoss, lipschitz: clipWeights(0.05), criticIterations: 3 })],
  ['WGAN-GP, 3 critic updates', () => ({ criticLoss: wassersteinCriticLoss, generatorLoss: wassersteinGeneratorLoss, lipschitz: wganGp({ weight: 1 }), criticIterations: 3,
                                         criticOptimizer: adam(1e-3, 0.5, 0.9), generatorOptimizer: adam(1e-3, 0.5, 0.9) })],
  // The tricks of lesson 06, each from the library function that gives it a compiled form.
  ['label smoothing (0.9, 0.1)', () => ({ criticLoss: labelSmoothing({ realTarget: 0.9, fakeTarget: 0.1 }) })],
  ['feature matching (last hidden layer)', () => ({ generatorLoss: matchFeatures() })],
  ['feature matching on the first layer, minibatch discrimination', () => ({ generatorLoss: matchFeatures(0), critic: minibatchCritic() })],
  ['minibatch discrimination, WGAN with clipping, 2 critic updates', () => ({ critic: minibatchCritic(), criticLoss: wassersteinCriticLoss,
                                                                            generatorLoss: wassersteinGeneratorLoss, lipschitz: clipWeights(0.05), criticIterations: 2 })],
  // The biases before each VBN layer cancel in (x - mean): their gradient is rounding noise, which Adam scales up to
  // lr-sized steps that differ between any two orders of summation. The generator's output does not depend on them.
  ['virtual batch norm generator (the biases before VBN left out)', () => ({ generator: generatorWithVirtualBatchNorm({ latentDim: 4, hidden: [16, 16], outputDim: 2, seed: 11, referenceSize: 32 }) })],
  ['historical averaging (both players), 3 critic updates', historicalParts],
  ['instance noise (annealed to 0 within the run), 2 critic updates', () => ({ criticBatch: instanceNoiseBatch({ initial: 0.3, final: 0, steps: 20 }), criticIterations: 2 })],
  ['experience replay (half of each batch once the buffer holds 16)', () => ({ criticBatch: replayBatches(replayBuffer({ capacity: 96, dim: 2, seed: 5 }), 0.5) })],
];

function minibatchCritic() {
  return criticWithMinibatchDiscrimination({ inputDim: 2, hidden: [16, 16], outputDim: 1, seed: 12, name: 'D', kernels: 4, kernelDim: 3, initStd: 0.3 });
}

function historicalParts(): Partial<GanParts> {
  const generator = mlp({ inputDim: 4, hidden: [16, 16], outputDim: 2, seed: 11, name: 'G' });
  const critic = mlp({ inputDim: 2, hidden: [16, 16], outputDim: 1, seed: 12, name: 'D' });
  const [avgD, avgG] = [historicalAverage(critic.params), historicalAverage(generator.params)];
  return { generator, critic, criticRegularizer: avgD.regularizer(0.5), generatorRegularizer: avgG.regularizer(0.5),
           afterGeneratorStep: () => { avgD.update(); avgG.update(); }, criticIterations: 3 };
}

for (const [name, over] of CASES) {
  test(`compiled step = eager step: ${name} (40 steps: weights, metrics, random stream)`, async () => {
    const eager = createGan(parts(over()));
    const compiled = createGan({ ...parts(over()), step: 'compiled' });
    assert.equal(compiled.stepKind, 'compiled');
    await trainGan(eager, { steps: 40, readEvery: 10 });
    await trainGan(compiled, { steps: 5, readEvery: 5 });   // warm-up (the graph is built and loaded)
    const before = tf.memory().numTensors;
    await trainGan(compiled, { steps: 35, readEvery: 5 });
    assert.equal(tf.memory().numTensors, before, 'tensors flat across compiled steps');
    let worst = 0;
    const ignored = new Set(name.includes('biases before VBN') ? [eager.generator.params[1], eager.generator.params[3]] : []);
    for (const [a, b] of [[eager.critic, compiled.critic], [eager.generator, compiled.generator]]) {
      a.params.forEach((p, i) => {
        if (ignored.has(p)) return;
        const [x, y] = [p.dataSync(), b.params[i].dataSync()];
        for (let j = 0; j < x.length; j++) worst = Math.max(worst, Math.abs(x[j] - y[j]) / (1e-3 + Math.abs(x[j])));
      });
    }
    assert.ok(worst < 1e-3, `largest relative weight difference after 40 steps: ${worst}`);
    const z = tf.tensor2d(new Rng(99).normals(64 * 4), [64, 4]);
    const [x, y] = [eager.generator.apply(z), compiled.generator.apply(z)];
    const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]);
    assert.ok(gap < 1e-3, `the generators' outputs on 64 latent vectors differ by up to ${gap}`);
    tf.dispose([z, x, y]);
    assert.equal(eager.rng.uniform(), compiled.rng.uniform(), 'the same random draws in the same order');
    for (const k of Object.keys(eager.history).filter((k) => k !== 'step')) {
      const [x, y] = [eager.history[k].at(-1)!, compiled.history[k].at(-1)!];
      assert.ok(Math.abs(x - y) <= 1e-3 * (1 + Math.abs(x)), `${k}: eager ${x}, compiled ${y}`);
    }
    assert.deepEqual(compiled.history.step, eager.history.step);
  });
}

test('the compiled penalty gradient (closed form for ReLU MLPs) matches central differences and the eager penalty', async () => {
  const critic = smallCritic('relu', 3);
  const rng = new Rng(3);
  const x = batch(rng, 16, [0.5, -0.2]);
  const eagerPenalty = () => gradientPenalty(critic, x, x, { weight: 10, anchor: 'real' });
  const { value, gradient } = await compiledPenaltyGradient(critic, x, 10);
  const eagerValue = tf.tidy(() => eagerPenalty().dataSync()[0]);
  assert.ok(Math.abs(value - eagerValue) <= 1e-5 * (1 + eagerValue), `value: compiled ${value}, eager ${eagerValue}`);
  const fd = finiteDifferenceGradient(critic, eagerPenalty, 1e-2, () => activationPattern(critic, x));
  const error = relativeError(gradient, fd.gradient, fd.excluded);
  assert.ok(error < 2e-2, `relative error against central differences: ${error} (${fd.excluded.length} parameters at kinks left out)`);
  assert.ok(gradient.some((v) => v !== 0), 'a gradient that is not all zero');
  critic.dispose();
  x.dispose();
});

test('a GAN the compiled step cannot run is refused with the reasons; WGAN_LAB_STEP=eager turns it off', async () => {
  const wrapped = createGan({ ...parts({ generatorLoss: (f) => nonSaturatingGeneratorLoss(f), lipschitz: { kind: 'penalty', penalty: () => tf.scalar(0) } as Lipschitz,
                                          criticOptimizer: tf.train.adam(1e-3) }), step: 'compiled' });
  const why = compiledStepUnsupported(wrapped);
  assert.equal(why.length, 3, why.join('; '));
  await assert.rejects(trainGan(wrapped, { steps: 1 }), /step 'compiled' cannot run this GAN:\n {2}- generatorLoss is a hand-written function .*\n {2}- the penalty is not wganGp.*\n {2}- the optimisers are not the library's adam\(\)\nUse step: 'eager'/);
  assert.throws(() => createGan({ ...parts({}), step: 'fast' as never }), /option 'step' must be 'eager', 'compiled' or 'auto', got fast/);
  assert.equal(createGan({ ...parts({}), step: 'auto' }).stepKind, 'compiled');
  assert.equal(createGan({ ...parts({ generatorLoss: (f) => nonSaturatingGeneratorLoss(f) }), step: 'auto' }).stepKind, 'eager');
  process.env.WGAN_LAB_STEP = 'eager';
  try {
    assert.equal(createGan({ ...parts({}), step: 'compiled' }).stepKind, 'eager');
  } finally {
    delete process.env.WGAN_LAB_STEP;
  }
});
