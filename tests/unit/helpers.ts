// Small assertions shared by the unit tests (not a test file itself).
import assert from 'node:assert/strict';
import type { Scalar } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import {
  mlp, penalize, gradientPenalty, wassersteinCriticLoss, wassersteinGeneratorLoss, eightGaussians, type GanParts,
} from '../../src/index';

/** |actual - expected| <= tol (absolute). */
export const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} ± ${tol}`);

/** |a - b| <= tol (1 + |b|): relative for large values, absolute near 0. */
export const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what}: got ${a}, expected ${b}`);

/** The value of a Scalar computed in a tidy (asserts it is rank 0), read back and disposed. */
export function scalarValue(f: () => Scalar): number {
  const s = tf.tidy(f);
  assert.equal(s.rank, 0, 'a loss is a Scalar');
  const v = s.dataSync()[0];
  s.dispose();
  return v;
}

/** A small WGAN-GP on the 8 Gaussians (G and D: one hidden layer of 16; tf.train.adam; 2 critic updates per step), for the engine's tests. */
export function smallGanParts(seed = 1, over: Partial<GanParts> = {}): GanParts {
  return {
    generator: mlp({ inputDim: 2, hidden: [16], outputDim: 2, seed: seed + 1, name: 'G' }),
    critic: mlp({ inputDim: 2, hidden: [16], outputDim: 1, seed: seed + 2, name: 'D' }),
    data: eightGaussians(),
    latentDim: 2,
    criticLoss: wassersteinCriticLoss,
    generatorLoss: (out) => wassersteinGeneratorLoss(out),
    lipschitz: penalize((D, r, f, rng) => gradientPenalty(D, r, f, { weight: 1, rng })),
    criticOptimizer: tf.train.adam(1e-3, 0.5, 0.9),
    generatorOptimizer: tf.train.adam(1e-3, 0.5, 0.9),
    criticIterations: 2,
    batchSize: 32,
    seed,
    ...over,
  };
}
