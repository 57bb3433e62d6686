/**
 * Every penalty's parameter gradient, for critics with every activation, against central finite differences.
 *
 * A penalty's parameter gradient is a second derivative of the critic, which TF.js gets wrong for several of its
 * own activations (see second-order.test.ts). Here: small random critics 2 -> 8 -> 8 -> 1 (random biases), three
 * seeds each, the gradient of the penalty with respect to all 105 parameters by tf.variableGrads and by central
 * differences with step h = 3e-3 in float32; required: ||autodiff - fd|| / ||fd|| < 1e-2. Both sides evaluate the
 * penalty at the same points: the interpolation weights come from a fixed seed, so every call draws the same ones.
 *
 * Kinks: with relu or leakyRelu the penalty jumps where a pre-activation at one of the penalty's points changes
 * sign (the critic's input gradient switches slope), and with elu it has a kink there; a difference quotient
 * across such a point measures the jump, not the derivative. The helper detects it honestly: it compares the
 * hidden layers' sign pattern at the penalty's points before and after each step, retries a parameter whose step
 * crossed a kink with h/10 and h/100, and leaves it out of the comparison (both vectors) only if those cross too.
 * The tests report how many parameters needed the smaller step and require that at most 3 of 105 were left out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import { ACTIVATIONS, type Activation } from '../../src/models/activations';
import { gradientPenalty } from '../../src/lipschitz/gradient-penalty';
import { r1Penalty, r2Penalty } from '../../src/lipschitz/zero-centred-penalties';
import { randomInterpolates } from '../../src/lipschitz/interpolates';
import { inputGradientSquaredNorms } from '../../src/lipschitz/input-gradient';
import type { Mlp } from '../../src/models/mlp';
import {
  activationPattern,
  autodiffGradient,
  batch,
  finiteDifferenceGradient,
  relativeError,
  smallCritic,
} from './finite-differences';

const SEEDS = [1, 2, 3];
const H = 3e-3;
const TOLERANCE = 1e-2;
const MAX_EXCLUDED = 3;
const BATCH = 16;
const INTERPOLATION_SEED = 7;
const KINKED: readonly Activation[] = ['relu', 'leakyRelu', 'elu'];

/** A penalty under test: the function of the critic, and the points where it evaluates the input gradient. */
interface Case {
  penalty: () => Scalar;
  points: Tensor2D;
}

const PENALTIES: Record<string, (critic: Mlp, real: Tensor2D, fake: Tensor2D) => Case> = {
  'GP two-sided': (critic, real, fake) => ({
    penalty: () => gradientPenalty(critic, real, fake, { weight: 10, seed: INTERPOLATION_SEED }),
    points: randomInterpolates(real, fake, new Rng(INTERPOLATION_SEED)),
  }),
  'GP one-sided': (critic, real, fake) => {
    const points = randomInterpolates(real, fake, new Rng(INTERPOLATION_SEED));
    // Target 0.9 x the median norm, so that about half of the norms are above it and the penalty is not
    // identically 0 (with the default 1 it would be for these small critics); a linear critic's equal norms all exceed it.
    const norms = Array.from(tf.tidy(() => tf.sqrt(inputGradientSquaredNorms(critic, points))).dataSync()).sort((a, b) => a - b);
    const target = 0.9 * norms[norms.length >> 1];
    return { penalty: () => gradientPenalty(critic, real, fake, { weight: 10, form: 'one-sided', target, seed: INTERPOLATION_SEED }), points };
  },
  R1: (critic, real) => ({ penalty: () => r1Penalty(critic, real, { gamma: 10 }), points: real }),
  R2: (critic, _real, fake) => ({ penalty: () => r2Penalty(critic, fake, { gamma: 10 }), points: fake }),
};

/** Worst relative error over the seeds, per penalty and activation, for the summary table. */
const worst: Record<string, Record<string, number>> = {};

for (const penaltyName of Object.keys(PENALTIES)) {
  for (const activation of ACTIVATIONS) {
    test(`${penaltyName}: the autodiff parameter gradient matches central differences for ${activation} critics (3 seeds)`, (t) => {
      for (const seed of SEEDS) {
        const critic = smallCritic(activation, seed);
        const rng = new Rng(seed);
        const real = batch(rng, BATCH, [2, 1]);
        const fake = batch(rng, BATCH, [-1, 0]);
        const { penalty, points } = PENALTIES[penaltyName](critic, real, fake);
        const autodiff = autodiffGradient(critic, penalty);
        const pattern = KINKED.includes(activation) ? () => activationPattern(critic, points) : undefined;
        const fd = finiteDifferenceGradient(critic, penalty, H, pattern);
        const error = relativeError(autodiff, fd.gradient, fd.excluded);
        (worst[penaltyName] ??= {})[activation] = Math.max(worst[penaltyName][activation] ?? 0, error);
        t.diagnostic(
          `seed ${seed}: relative error ${error.toExponential(1)}` +
            (pattern ? `, ${fd.refined} of ${autodiff.length} parameters needed a smaller step, ${fd.excluded.length} left out` : ''),
        );
        assert.ok(Number.isFinite(error) && error < TOLERANCE, `seed ${seed}: relative error ${error}`);
        assert.ok(fd.excluded.length <= MAX_EXCLUDED, `seed ${seed}: ${fd.excluded.length} parameters crossed a kink even at h/100`);
        critic.dispose();
        tf.dispose([real, fake, points]);
      }
    });
  }
}

test('GP two-sided anchored at the real or the generated batch: the parameter gradient matches central differences (tanh)', () => {
  const critic = smallCritic('tanh', 4);
  const rng = new Rng(4);
  const real = batch(rng, BATCH, [2, 1]);
  const fake = batch(rng, BATCH, [-1, 0]);
  for (const anchor of ['real', 'fake'] as const) {
    const penalty = () => gradientPenalty(critic, real, fake, { weight: 10, anchor });
    const error = relativeError(autodiffGradient(critic, penalty), finiteDifferenceGradient(critic, penalty, H).gradient);
    assert.ok(error < TOLERANCE, `anchor ${anchor}: relative error ${error}`);
  }
  critic.dispose();
  tf.dispose([real, fake]);
});

test('summary: worst relative error over the seeds, per penalty and activation', (t) => {
  const names = Object.keys(worst);
  t.diagnostic(`${'activation'.padEnd(11)}${names.map((n) => n.padStart(14)).join('')}`);
  for (const activation of ACTIVATIONS) {
    t.diagnostic(`${activation.padEnd(11)}${names.map((n) => (worst[n][activation]?.toExponential(1) ?? '-').padStart(14)).join('')}`);
  }
});
