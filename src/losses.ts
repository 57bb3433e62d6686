/**
 * GAN losses on the discriminator's logits or the critic's scores, each the mean over a batch, each a Scalar to
 * minimise. Written with softplus(t) = log(1 + e^t), which TensorFlow evaluates without overflow, using
 * -log sigmoid(t) = softplus(-t) and -log(1 - sigmoid(t)) = softplus(t): exact for logits of any size.
 * Arguments follow the formulas: real before fake.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from './backend';
import { describe } from './validate';
import { withForm, type CriticLossForm, type GeneratorLossForm } from './compiled/forms';

function logits(fn: string, name: string, t: unknown): Tensor {
  if (!(t instanceof tf.Tensor) || t.size === 0) {
    throw new RangeError(`${fn}: argument '${name}' must be a non-empty tensor of logits or scores, got ${describe(t)}`);
  }
  return t;
}

/** A loss of a real and a fake batch, checked under the loss's name and computed in a tidy. */
function pairLoss(fn: string, realName: string, real: unknown, fakeName: string, fake: unknown, loss: (r: Tensor, f: Tensor) => Tensor): Scalar {
  const r = logits(fn, realName, real);
  const f = logits(fn, fakeName, fake);
  return tf.tidy(() => loss(r, f) as Scalar);
}

/** A loss of a fake batch alone (a generator's), checked under the loss's name and computed in a tidy. */
function fakeLoss(fn: string, fakeName: string, fake: unknown, loss: (f: Tensor) => Tensor): Scalar {
  const f = logits(fn, fakeName, fake);
  return tf.tidy(() => loss(f) as Scalar);
}

/**
 * Minimax discriminator loss (Goodfellow et al. 2014): -E[log D(x_real)] - E[log(1 - D(G(z)))]
 * = E[softplus(-l_real)] + E[softplus(l_fake)], with D = sigmoid(logit); log 4 at logits 0.
 */
export function minimaxDiscriminatorLoss(realLogits: Tensor, fakeLogits: Tensor): Scalar {
  return pairLoss('minimaxDiscriminatorLoss', 'realLogits', realLogits, 'fakeLogits', fakeLogits, (r, f) => tf.add(tf.mean(tf.softplus(tf.neg(r))), tf.mean(tf.softplus(f))));
}

/**
 * Minimax generator loss (Goodfellow et al. 2014), the saturating one: E[log(1 - D(G(z)))] = -E[softplus(l_fake)];
 * its gradient vanishes when the discriminator confidently rejects the samples.
 */
export function minimaxGeneratorLoss(fakeLogits: Tensor): Scalar {
  return fakeLoss('minimaxGeneratorLoss', 'fakeLogits', fakeLogits, (f) => tf.neg(tf.mean(tf.softplus(f))));
}

/** Non-saturating generator loss (Goodfellow et al. 2014, Section 3): -E[log D(G(z))] = E[softplus(-l_fake)]. */
export function nonSaturatingGeneratorLoss(fakeLogits: Tensor): Scalar {
  return fakeLoss('nonSaturatingGeneratorLoss', 'fakeLogits', fakeLogits, (f) => tf.mean(tf.softplus(tf.neg(f))));
}

/** Wasserstein critic loss (Arjovsky et al. 2017): E[D(G(z))] - E[D(x_real)], minus the estimate of W1. */
export function wassersteinCriticLoss(realScores: Tensor, fakeScores: Tensor): Scalar {
  return pairLoss('wassersteinCriticLoss', 'realScores', realScores, 'fakeScores', fakeScores, (r, f) => tf.sub(tf.mean(f), tf.mean(r)));
}

/** -E[D(G(z))], checked under the name of the loss that asks for it. */
function negativeMeanScore(fn: string, fakeScores: Tensor): Scalar {
  const f = logits(fn, 'fakeScores', fakeScores);
  return tf.tidy(() => tf.neg(tf.mean(f)) as Scalar);
}

/** Wasserstein generator loss (Arjovsky et al. 2017): -E[D(G(z))]. */
export function wassersteinGeneratorLoss(fakeScores: Tensor): Scalar {
  return negativeMeanScore('wassersteinGeneratorLoss', fakeScores);
}

/** The critic's estimate of W1 (Arjovsky et al. 2017): E[D(x_real)] - E[D(G(z))], a lower bound if D is 1-Lipschitz. */
export function wassersteinEstimate(realScores: Tensor, fakeScores: Tensor): Scalar {
  return pairLoss('wassersteinEstimate', 'realScores', realScores, 'fakeScores', fakeScores, (r, f) => tf.sub(tf.mean(r), tf.mean(f)));
}

/** Hinge discriminator loss (Lim & Ye 2017; Miyato et al. 2018): E[max(0, 1 - D(x_real))] + E[max(0, 1 + D(G(z)))]. */
export function hingeDiscriminatorLoss(realScores: Tensor, fakeScores: Tensor): Scalar {
  return pairLoss('hingeDiscriminatorLoss', 'realScores', realScores, 'fakeScores', fakeScores, (r, f) => tf.add(tf.mean(tf.relu(tf.sub(1, r))), tf.mean(tf.relu(tf.add(1, f)))));
}

/** Hinge generator loss (Lim & Ye 2017; Miyato et al. 2018): -E[D(G(z))], the same quantity as {@link wassersteinGeneratorLoss}. */
export function hingeGeneratorLoss(fakeScores: Tensor): Scalar {
  return negativeMeanScore('hingeGeneratorLoss', fakeScores);
}

/**
 * Softplus-form discriminator loss (as written in StyleGAN's code, Karras et al. 2019):
 * E[softplus(D(G(z)))] + E[softplus(-D(x_real))], the same quantity as {@link minimaxDiscriminatorLoss}.
 */
export function softplusDiscriminatorLoss(realLogits: Tensor, fakeLogits: Tensor): Scalar {
  return pairLoss('softplusDiscriminatorLoss', 'realLogits', realLogits, 'fakeLogits', fakeLogits, (r, f) => tf.add(tf.mean(tf.softplus(f)), tf.mean(tf.softplus(tf.neg(r)))));
}

/**
 * Softplus-form generator loss (StyleGAN's code, Karras et al. 2019): E[softplus(-D(G(z)))], the same quantity as
 * {@link nonSaturatingGeneratorLoss}.
 */
export function softplusGeneratorLoss(fakeLogits: Tensor): Scalar {
  return fakeLoss('softplusGeneratorLoss', 'fakeLogits', fakeLogits, (f) => tf.mean(tf.softplus(tf.neg(f))));
}

// What trainGan's compiled step builds for each (compiled/forms).
withForm<object, CriticLossForm>(minimaxDiscriminatorLoss, { kind: 'cross-entropy', realTarget: 1, fakeTarget: 0 });
withForm<object, CriticLossForm>(wassersteinCriticLoss, { kind: 'wasserstein' });
withForm<object, GeneratorLossForm>(nonSaturatingGeneratorLoss, { kind: 'non-saturating' });
withForm<object, GeneratorLossForm>(minimaxGeneratorLoss, { kind: 'minimax' });
withForm<object, GeneratorLossForm>(wassersteinGeneratorLoss, { kind: 'wasserstein' });
