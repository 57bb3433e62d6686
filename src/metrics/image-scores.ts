/**
 * The image metrics of a set of generated digits in one call, against a fixed reference set of real digits: the
 * Fréchet distance between the classifier's penultimate features of the samples and of the reference ("Fréchet
 * distance on our MNIST classifier", not FID: see metrics/frechet), and the class coverage (metrics/class-coverage).
 * The reference's feature statistics are computed once. Compare distances at equal sample sizes only.
 */
import type { ConvNet } from '../models/conv';
import { meanCovariance, type MeanCovariance } from '../numerics/symmetric';
import { classCoverage, type ClassCoverage, type ClassCoverageOptions } from './class-coverage';
import { CLASSIFIER_FEATURES, MNIST_CLASSES, classify } from './classifier';
import { frechetDistance } from './frechet';

/** What {@link imageScorer} measures on a set of samples. */
export interface ImageScores {
  /** Samples scored. */
  n: number;
  /** Fréchet distance between their classifier features and the reference's. */
  frechet: number;
  /** Class coverage of the samples. */
  coverage: ClassCoverage;
}

/** A scorer bound to a classifier and a reference set; `referenceSize` and `featureDim` are for the captions. */
export interface ImageScorer {
  (samples: ArrayLike<number>): ImageScores;
  readonly referenceSize: number;
  readonly featureDim: number;
  readonly reference: MeanCovariance;
}

/** Scores samples (flat rows of 784 values in [-1, 1]) against `reference` real digits with the classifier `net`. */
export function imageScorer(net: ConvNet, reference: ArrayLike<number>, options: ClassCoverageOptions = {}): ImageScorer {
  const ref = meanCovariance(classify(net, reference).features, CLASSIFIER_FEATURES);
  const scorer = (samples: ArrayLike<number>): ImageScores => {
    const out = classify(net, samples);
    return { n: out.n, frechet: frechetDistance(meanCovariance(out.features, CLASSIFIER_FEATURES), ref), coverage: classCoverage(out.probabilities, MNIST_CLASSES, options) };
  };
  return Object.assign(scorer, { referenceSize: ref.n, featureDim: CLASSIFIER_FEATURES, reference: ref });
}
