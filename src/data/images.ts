/**
 * Images as the training engine sees them: each image a flat row of height x width numbers in [-1, 1] (a pixel p
 * of 0..255 becomes p / 127.5 - 1, the range of a tanh generator), so trainGan, the penalties and the metrics take
 * image batches as [n, height * width] tensors like any other data; the convolutional models reshape inside.
 */
import type { Rng } from '../random';
import { fail, integer } from '../validate';
import type { LabelledImages } from './idx';
import { makeSampler, type Sampler } from './sampler';

/** A Sampler of images that knows their size. */
export interface ImageSampler extends Sampler {
  readonly height: number;
  readonly width: number;
  /** How many images it draws from. */
  readonly count: number;
}

/** A pixel value 0..255 mapped to [-1, 1]: p / 127.5 - 1. */
export function pixelToSigned(p: number): number {
  return p / 127.5 - 1;
}

function checkIndices(fn: string, images: LabelledImages, indices: ArrayLike<number>): void {
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= images.count) fail(fn, `indices[${i}]`, `an image index in [0, ${images.count}) of '${images.name}'`, k);
  }
}

/** The images at `indices` (default: all) as flat rows in [-1, 1], row-major: indices.length x (height * width) numbers. */
export function imageRows(images: LabelledImages, indices?: ArrayLike<number>): Float32Array {
  const size = images.height * images.width;
  if (indices) checkIndices('imageRows', images, indices);
  const n = indices ? indices.length : images.count;
  const out = new Float32Array(n * size);
  for (let i = 0; i < n; i++) {
    const from = (indices ? indices[i] : i) * size;
    for (let j = 0; j < size; j++) out[i * size + j] = images.pixels[from + j] / 127.5 - 1;
  }
  return out;
}

/** The images at `indices`, with their labels, as a new LabelledImages named `name` (e.g. a 1,000-digit training subset). */
export function imageSubset(images: LabelledImages, indices: ArrayLike<number>, name: string): LabelledImages {
  checkIndices('imageSubset', images, indices);
  const size = images.height * images.width;
  const pixels = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    pixels.set(images.pixels.subarray(indices[i] * size, (indices[i] + 1) * size), i * size);
    labels[i] = images.labels[indices[i]];
  }
  return { name, count: indices.length, height: images.height, width: images.width, pixels, labels };
}

/** The integers 0..n-1 in a random order drawn from `rng` (Fisher-Yates). */
export function shuffledIndices(rng: Rng, n: number): Int32Array {
  integer('shuffledIndices', 'n', n, 0);
  const out = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A Sampler of the images, drawn uniformly with replacement (one index per example from the run's rng), as flat
 * rows in [-1, 1]: `createGan({ data: imageSampler(mnist), ... })`.
 */
export function imageSampler(images: LabelledImages): ImageSampler {
  if (!images || !(images.pixels instanceof Uint8Array) || !(images.count >= 1)) {
    throw new RangeError("imageSampler: argument 'images' must be labelled images with at least one image (from readIdxImages or loadMnist)");
  }
  const size = images.height * images.width;
  const sampler = makeSampler(images.name, size, (rng, n) => {
    const out = new Float32Array(n * size);
    for (let i = 0; i < n; i++) {
      const from = rng.int(images.count) * size;
      for (let j = 0; j < size; j++) out[i * size + j] = images.pixels[from + j] / 127.5 - 1;
    }
    return out;
  });
  return { ...sampler, height: images.height, width: images.width, count: images.count };
}
