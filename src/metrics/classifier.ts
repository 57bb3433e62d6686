/**
 * The MNIST classifier behind the image metrics (class coverage, the Fréchet distance on its features): a small
 * convolutional network trained by `npm run train:classifier` (scripts/train-classifier.ts) from a fixed seed, its
 * weights shipped in datasets/mnist-classifier.bin with the manifest datasets/mnist-classifier.json (how it was
 * trained, its test accuracy). Inputs are digits as flat rows in [-1, 1] (data/images).
 *
 * Architecture: 28 x 28 -> conv 5 x 5, stride 2, 16 channels, relu -> conv 5 x 5, stride 2, 32 channels, relu ->
 * dense 64, relu (the features) -> dense 10 (logits). About 114k weights, 457 kB in float32.
 */
import * as path from 'path';
import { tf } from '../backend';
import { conv, convNet, dense, type ConvNet } from '../models/conv';
import { loadWeightsBinary, type WeightsManifest } from '../models/weights-binary';
import { projectRoot } from '../notebook/settings';
import { fail, integer } from '../validate';
import { argmaxRow } from './class-coverage';

/** Number of classes, and the width of the feature layer (the penultimate layer). */
export const MNIST_CLASSES = 10;
export const CLASSIFIER_FEATURES = 64;

/** The classifier's network with fresh weights drawn from `seed` (for training; see {@link loadMnistClassifier}). */
export function mnistClassifierNet(seed: number): ConvNet {
  return convNet({
    name: 'mnist-classifier', seed, input: [28, 28, 1],
    layers: [
      conv(16, { kernel: 5, stride: 2, activation: 'relu' }),
      conv(32, { kernel: 5, stride: 2, activation: 'relu' }),
      dense(CLASSIFIER_FEATURES, 'relu'),
      dense(MNIST_CLASSES),
    ],
  });
}

/** Where the shipped weights are: datasets/mnist-classifier (.bin and .json). */
export function classifierWeightsBase(): string {
  return path.join(projectRoot(), 'datasets', 'mnist-classifier');
}

/** The trained classifier: its network and the manifest its weights came with. */
export interface MnistClassifier {
  net: ConvNet;
  manifest: WeightsManifest;
}

/** The shipped classifier, loaded from datasets/mnist-classifier.{bin,json} (or another `base`); the hash and shapes are checked. */
export function loadMnistClassifier(base = classifierWeightsBase()): MnistClassifier {
  const net = mnistClassifierNet(0);
  return { net, manifest: loadWeightsBinary(net, base) };
}

/** What the classifier says about a set of digits. */
export interface ClassifierOutputs {
  n: number;
  /** Softmax probabilities, n x 10, row-major. */
  probabilities: Float32Array;
  /** The penultimate layer's activations, n x 64, row-major. */
  features: Float32Array;
}

/** rows[from, to) as a Float32Array (a view when rows is one). */
function batchRows(rows: ArrayLike<number>, from: number, to: number): Float32Array {
  return rows instanceof Float32Array ? rows.subarray(from, to) : Float32Array.from(Array.prototype.slice.call(rows, from, to) as number[]);
}

/** Runs the classifier on digits (flat rows of 784 values in [-1, 1]) in batches of `batchSize`: one read-back per batch. */
export function classify(net: ConvNet, rows: ArrayLike<number>, batchSize = 1000): ClassifierOutputs {
  const fn = 'classify';
  integer(fn, 'batchSize', batchSize);
  if (!rows || rows.length === 0 || rows.length % 784 !== 0) fail(fn, 'rows', 'digits as flat rows of 28 x 28 = 784 values', rows);
  const n = rows.length / 784;
  const probabilities = new Float32Array(n * MNIST_CLASSES);
  const features = new Float32Array(n * CLASSIFIER_FEATURES);
  for (let start = 0; start < n; start += batchSize) {
    const m = Math.min(batchSize, n - start);
    const [p, f] = tf.tidy(() => {
      const x = tf.tensor2d(batchRows(rows, start * 784, (start + m) * 784), [m, 784]);
      const outs = net.layers(x);
      return [tf.softmax(outs[outs.length - 1]), outs[outs.length - 2]];
    });
    probabilities.set(p.dataSync(), start * MNIST_CLASSES);
    features.set(f.dataSync(), start * CLASSIFIER_FEATURES);
    tf.dispose([p, f]);
  }
  return { n, probabilities, features };
}

/** The fraction of digits whose most probable class is their label. */
export function accuracy(probabilities: ArrayLike<number>, labels: ArrayLike<number>, classes = MNIST_CLASSES): number {
  if (probabilities.length !== labels.length * classes) fail('accuracy', 'labels', `${probabilities.length / classes} labels (one per row of probabilities)`, labels.length);
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    if (argmaxRow(probabilities, i, classes) === labels[i]) right++;
  }
  return right / labels.length;
}
