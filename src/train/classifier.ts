/**
 * Training a classifier on labelled images: minibatches in a fresh random order each epoch (from the seed), softmax
 * cross-entropy, Adam; on the shared step loop (progress, read-backs every few steps, NaN check, interrupt). Used by
 * `npm run train:classifier` for the metric classifier of the image lessons (metrics/classifier.ts).
 */
import type { Scalar } from '@tensorflow/tfjs';
import { tf } from '../backend';
import type { LabelledImages } from '../data/idx';
import { imageRows, shuffledIndices } from '../data/images';
import type { Model } from '../models/model';
import { Rng } from '../random';
import { integer, positive } from '../validate';
import { adam } from './adam';
import { learningRateSchedule } from './learning-rate';
import { runSteps, type History, type ProgressReporter } from './loop';

/** Options of {@link trainClassifier}. */
export interface ClassifierTrainingOptions {
  /** The network: flat image rows -> one logit per class. */
  net: Model;
  /** The training images and their labels. */
  images: LabelledImages;
  /** Number of classes (default 10). */
  classes?: number;
  /** Passes over the training set. */
  epochs: number;
  batchSize: number;
  /** Adam's learning rate (betas 0.9, 0.999). */
  learningRate: number;
  /** Multiplies the learning rate at each step (default 1 throughout), e.g. stepDecay(2 * stepsPerEpoch, 0.1). */
  learningRateFactor?: (step: number) => number;
  /** Seed of the order of the examples. */
  seed: number;
  /** Read the loss back every this many steps (default 100). */
  readEvery?: number;
  progress?: ProgressReporter;
}

/** Minibatches per pass over `count` examples: ceil(count / batchSize). */
export function stepsPerEpoch(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}

/**
 * Trains `net` in place for `epochs` passes of ceil(count / batchSize) minibatches (the last of each epoch smaller);
 * returns the history of the loss (mean cross-entropy in nats of each minibatch). Steps per epoch: {@link stepsPerEpoch}.
 */
export async function trainClassifier(o: ClassifierTrainingOptions): Promise<History> {
  const fn = 'trainClassifier';
  const epochs = integer(fn, 'epochs', o.epochs);
  const batchSize = integer(fn, 'batchSize', o.batchSize);
  const classes = integer(fn, 'classes', o.classes ?? 10, 2);
  positive(fn, 'learningRate', o.learningRate);
  const rng = new Rng(integer(fn, 'seed', o.seed, 0));
  const { images } = o;
  for (let i = 0; i < images.count; i++) {
    if (images.labels[i] >= classes) throw new RangeError(`${fn}: label ${images.labels[i]} of image ${i} of '${images.name}' is not below classes = ${classes}`);
  }
  const perEpoch = stepsPerEpoch(images.count, batchSize);
  const optimizer = adam(o.learningRate);
  const schedule = o.learningRateFactor ? learningRateSchedule(fn, { optimizer }, o.learningRateFactor) : null;
  let order = shuffledIndices(rng, images.count);
  const history = await runSteps({
    steps: epochs * perEpoch,
    readEvery: o.readEvery ?? 100,
    progress: o.progress,
    step: (s) => {
      schedule?.apply(s);
      const k = s % perEpoch;
      if (k === 0 && s > 0) order = shuffledIndices(rng, images.count);
      const batch = order.subarray(k * batchSize, Math.min(images.count, (k + 1) * batchSize));
      const x = tf.tensor2d(imageRows(images, batch), [batch.length, images.height * images.width]);
      const y = tf.oneHot(tf.tensor1d(Array.from(batch, (i) => images.labels[i]), 'int32'), classes);
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, o.net.apply(x)) as Scalar, true, o.net.params)!;
      return { loss };
    },
  });
  optimizer.dispose();
  return history;
}
