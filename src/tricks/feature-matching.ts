/**
 * Feature matching (Salimans et al. 2016, "Improved Techniques for Training GANs", Section 3.1): instead of
 * maximising the discriminator's output, the generator matches the mean of the discriminator's intermediate
 * features on real and on generated data,
 *
 *   L_G = || E_{x ~ p_data} f(x) - E_{z ~ p_z} f(G(z)) ||_2^2,
 *
 * where f(x) is the activations of an intermediate layer of the discriminator (or critic). The discriminator
 * keeps training as usual; it chooses which statistics are worth matching.
 */
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import type { Model } from '../models/model';
import { describe, fail, shape } from '../validate';
import { withForm, type GeneratorLossForm } from '../compiled/forms';

/** A {@link Model} that exposes every layer's output for a batch (an Mlp is one): hidden activations, then the output. */
export type HasLayers = Model & Required<Pick<Model, 'layers'>>;

function features(fn: string, name: string, t: unknown): Tensor2D {
  if (!(t instanceof tf.Tensor) || t.rank !== 2 || t.size === 0) {
    throw new RangeError(`${fn}: argument '${name}' must be a non-empty 2-D tensor [batch, features], got ${t instanceof tf.Tensor ? `shape [${t.shape.join(', ')}]` : describe(t)}`);
  }
  return t as Tensor2D;
}

/**
 * || mean_batch f(real) - mean_batch f(fake) ||_2^2 (Salimans et al. 2016, Section 3.1): the squared Euclidean
 * distance between the batch means of the features, summed over features (not averaged). The two batches may
 * differ in size; both must have the same number of features. A Scalar the generator minimises; gradients reach
 * the generator only through `fakeFeatures` (the real batch does not depend on it).
 */
export function featureMatchingLoss(realFeatures: Tensor2D, fakeFeatures: Tensor2D): Scalar {
  const fn = 'featureMatchingLoss';
  const r = features(fn, 'realFeatures', realFeatures);
  const f = features(fn, 'fakeFeatures', fakeFeatures);
  shape(fn, 'fakeFeatures', f.shape, [null, r.shape[1]]);
  return tf.tidy(() => tf.sum(tf.square(tf.sub(tf.mean(r, 0), tf.mean(f, 0)))) as Scalar);
}

/**
 * The output of one layer of `model` for the batch x: `layer` indexes `model.layers(x)`, negative indices count
 * from the end. The default -2 is the layer before the output: the last hidden layer of an MLP critic, the usual
 * choice of f for feature matching.
 */
export function intermediateFeatures(model: Model, x: Tensor2D, layer = -2): Tensor2D {
  const fn = 'intermediateFeatures';
  if (typeof model?.layers !== 'function') throw new RangeError(`${fn}: argument 'model' must have a layers(x) method (an Mlp has one), got ${describe(model)}`);
  if (!Number.isInteger(layer)) fail(fn, 'layer', 'an integer (negative counts from the end)', layer);
  return tf.tidy(() => {
    const outs = model.layers!(x);
    const k = layer < 0 ? outs.length + layer : layer;
    if (k < 0 || k >= outs.length) {
      throw new RangeError(`${fn}: argument 'layer' must be in [${-outs.length}, ${outs.length - 1}] (the model has ${outs.length} layers), got ${layer}`);
    }
    return outs[k];
  });
}

/**
 * The feature matching generator loss from the critic itself: featureMatchingLoss(f(real), f(fake)) with
 * f = {@link intermediateFeatures}(critic, ., layer).
 */
export function featureMatchingGeneratorLoss(critic: Model, real: Tensor2D, fake: Tensor2D, layer = -2): Scalar {
  return tf.tidy(() => featureMatchingLoss(intermediateFeatures(critic, real, layer), intermediateFeatures(critic, fake, layer)));
}

/**
 * Feature matching as createGan's `generatorLoss`: {@link featureMatchingGeneratorLoss} on the critic's layer
 * `layer` (default -2, the last hidden layer) between the generated batch and a fresh real batch (Salimans et al.
 * 2016, Section 3.1). trainGan's compiled step can build it.
 */
export function matchFeatures(layer = -2): (fakeOut: Tensor2D, context: { critic: Model; real: Tensor2D; fake: Tensor2D }) => Scalar {
  if (!Number.isInteger(layer)) fail('matchFeatures', 'layer', 'an integer (negative counts from the end)', layer);
  const loss = (_fakeOut: Tensor2D, { critic, real, fake }: { critic: Model; real: Tensor2D; fake: Tensor2D }) => featureMatchingGeneratorLoss(critic, real, fake, layer);
  return withForm<typeof loss, GeneratorLossForm>(loss, { kind: 'feature matching', layer });
}
