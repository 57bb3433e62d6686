/** trainGan on images as it is: flat rows of pixels, DCGAN-style conv models, both Lipschitz methods; no tensor leaks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  tf, readIdxImages, imageSampler, dcganCritic, dcganGenerator, createGan, trainGan, wassersteinCriticLoss, wassersteinGeneratorLoss,
  wganGp, clipWeights, adam,
} from '../../src/index';

const DATASETS = path.join(__dirname, '..', '..', 'datasets');
const sample = readIdxImages(path.join(DATASETS, 'mnist-sample-images-idx3-ubyte'), path.join(DATASETS, 'mnist-sample-labels-idx1-ubyte'), 'MNIST sample');

for (const method of ['WGAN-GP', 'WGAN (clipping)'] as const) {
  test(`${method} on 28 x 28 digits: trains through trainGan's hooks as they are, tensors flat across steps`, async () => {
    const gp = method === 'WGAN-GP';
    const run = createGan({
      generator: dcganGenerator({ latentDim: 8, height: 28, width: 28, filters: [8, 4], seed: 1 }),
      critic: dcganCritic({ height: 28, width: 28, filters: [4, 8], seed: 2 }),
      data: imageSampler(sample), latentDim: 8, batchSize: 8, seed: 3, criticIterations: 2,
      criticLoss: wassersteinCriticLoss, generatorLoss: wassersteinGeneratorLoss,
      lipschitz: gp ? wganGp({ weight: 10 }) : clipWeights(0.01),
      criticOptimizer: gp ? adam(1e-3, 0.5, 0.9) : tf.train.rmsprop(5e-5), generatorOptimizer: gp ? adam(1e-3, 0.5, 0.9) : tf.train.rmsprop(5e-5),
    });
    assert.equal(run.stepKind, 'eager');
    await trainGan(run, { steps: 2, readEvery: 2 }); // optimiser slots exist from here on
    const before = tf.memory().numTensors;
    const history = await trainGan(run, { steps: 4, readEvery: 2 });
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks across steps');
    assert.equal(history.wEstimate.length, 6);
    assert.ok(history.wEstimate.every(Number.isFinite));
    if (gp) assert.ok(history.penalty.every((p) => p > 0), 'the penalty is on');
    else assert.ok(run.critic.params.every((p) => tf.tidy(() => tf.max(tf.abs(p)).dataSync()[0]) <= 0.01 + 1e-7), 'weights clipped to [-0.01, 0.01]');
  });
}
