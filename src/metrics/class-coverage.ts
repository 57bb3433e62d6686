/**
 * Class coverage of generated images, the image analogue of the mode metrics of the mixture toys (metrics/modes):
 * a classifier's confident verdicts stand in for "nearest mode within 3 std". A sample is confident when its most
 * probable class has probability above `confidence` (default 0.9); a class is covered when at least `minFraction`
 * (default 2%, a fifth of a fair share of ten classes) of all samples are confidently classified as it; the reverse
 * KL compares the histogram of confident samples over the classes with the uniform one (0 when every class gets the
 * same share, log 10 = 2.30 nats when all go to one class).
 */
import { fail, inRange, integer } from '../validate';
import { klToUniform } from './modes';

/** The most probable class of row i of a flat [n, classes] array of probabilities (the first of ties). */
export function argmaxRow(probabilities: ArrayLike<number>, i: number, classes: number): number {
  let best = 0;
  for (let k = 1; k < classes; k++) if (probabilities[i * classes + k] > probabilities[i * classes + best]) best = k;
  return best;
}

/** Options of {@link classCoverage}. */
export interface ClassCoverageOptions {
  /** A sample is confident when its top probability exceeds this (default 0.9). */
  confidence?: number;
  /** A class is covered when at least this fraction of all samples is confidently classified as it (default 0.02). */
  minFraction?: number;
}

/** The class metrics of a set of samples. */
export interface ClassCoverage {
  /** Number of samples. */
  samples: number;
  /** Number of classes. */
  classes: number;
  /** counts[k]: confident samples whose top class is k. */
  counts: number[];
  /** Fraction of all samples that are confident. */
  confidentFraction: number;
  /** How many classes are covered, and which. */
  covered: number;
  coveredClasses: number[];
  /** KL(confident histogram || uniform) in nats; NaN without a confident sample. */
  reverseKL: number;
}

/** Class metrics from softmax probabilities (n x classes, row-major). */
export function classCoverage(probabilities: ArrayLike<number>, classes: number, options: ClassCoverageOptions = {}): ClassCoverage {
  const fn = 'classCoverage';
  integer(fn, 'classes', classes, 2);
  if (!probabilities || probabilities.length === 0 || probabilities.length % classes !== 0) {
    fail(fn, 'probabilities', `rows of ${classes} class probabilities, flat`, probabilities);
  }
  const confidence = inRange(fn, 'confidence', options.confidence ?? 0.9, 0, 1);
  const minFraction = inRange(fn, 'minFraction', options.minFraction ?? 0.02, 0, 1);
  const n = probabilities.length / classes;
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < n; i++) {
    const best = argmaxRow(probabilities, i, classes);
    if (probabilities[i * classes + best] > confidence) counts[best]++;
  }
  const confident = counts.reduce((a, b) => a + b, 0);
  const coveredClasses = counts.flatMap((c, k) => (c >= minFraction * n ? [k] : []));
  return {
    samples: n,
    classes,
    counts,
    confidentFraction: confident / n,
    covered: coveredClasses.length,
    coveredClasses,
    reverseKL: klToUniform(counts),
  };
}
