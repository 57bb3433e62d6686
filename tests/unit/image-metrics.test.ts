// The metric classifier's accuracy claim on its shipped weights, and the image metrics built on it: class coverage,
// nearest neighbours (memorisation check), the Gaussian baseline's sampler, and the image-grid figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { loadMnist } from '../../src/data/mnist';
import { imageRows } from '../../src/data/images';
import { multivariateGaussian } from '../../src/data/multivariate-gaussian';
import { accuracy, classify, classifierWeightsBase, loadMnistClassifier, CLASSIFIER_FEATURES } from '../../src/metrics/classifier';
import { classCoverage } from '../../src/metrics/class-coverage';
import { nearestNeighbours } from '../../src/metrics/nearest';
import { imageScorer } from '../../src/metrics/image-scores';
import { meanCovariance } from '../../src/numerics/symmetric';
import { imageGrid, imageTilePng } from '../../src/plot/images';
import { renderSVG } from '../../src/plot/render';
import { theme } from '../../src/plot/theme';
import { Rng } from '../../src/random';
import { near } from './helpers';

test('the shipped MNIST classifier: at least 98% on the 10,000 test digits, as its manifest says', () => {
  const { net, manifest } = loadMnistClassifier();
  const test = loadMnist('test');
  const out = classify(net, imageRows(test));
  const acc = accuracy(out.probabilities, test.labels);
  assert.ok(acc >= 0.98, `test accuracy ${acc}`);
  // Inference is deterministic up to float32 rounding: the manifest's number, measured after training, is reproduced.
  near(acc, manifest.testAccuracy as number, 2e-4, 'test accuracy against the manifest');
  assert.equal(out.features.length, 10000 * CLASSIFIER_FEATURES);
  net.dispose();
});

test('damaged weights are refused, naming the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wgan-lab-weights-'));
  const base = path.join(dir, 'mnist-classifier');
  fs.copyFileSync(`${classifierWeightsBase()}.json`, `${base}.json`);
  const bytes = fs.readFileSync(`${classifierWeightsBase()}.bin`);
  bytes[1000] ^= 1;
  fs.writeFileSync(`${base}.bin`, bytes);
  assert.throws(() => loadMnistClassifier(base), (e: Error) => e.message.includes(`${base}.bin`) && /damaged or from another training/.test(e.message));
});

test('class coverage: confident (> 0.9) samples per class, covered at >= 2% of all samples, reverse KL against uniform', () => {
  const probs = (classes: number[], top: number) => Float32Array.from(classes.flatMap((c) => Array.from({ length: 10 }, (_, k) => (k === c ? top : (1 - top) / 9))));
  const all3 = classCoverage(probs(new Array(100).fill(3), 0.95), 10);
  assert.deepEqual([all3.covered, all3.coveredClasses, all3.confidentFraction], [1, [3], 1]);
  near(all3.reverseKL, Math.log(10), 1e-12, 'one class: KL = log 10');
  const even = classCoverage(probs(Array.from({ length: 200 }, (_, i) => i % 10), 0.95), 10);
  assert.equal(even.covered, 10);
  near(even.reverseKL, 0, 1e-12, 'uniform: KL = 0');
  // Exactly at the thresholds: probability 0.9 is not confident; 2 of 100 samples is 2% and covers its class.
  const edge = classCoverage(Float32Array.from([...probs([1, 1], 0.95), ...probs(new Array(98).fill(0), 0.9)]), 10);
  assert.deepEqual([edge.covered, edge.coveredClasses, edge.counts[0]], [1, [1], 0]);
  near(edge.confidentFraction, 0.02, 1e-12, 'confident fraction');
  assert.throws(() => classCoverage(new Float32Array(15), 10), /rows of 10 class probabilities/);
});

test('nearest neighbours on the backend agree with brute force (distances and indices)', () => {
  const rng = new Rng(2);
  const dim = 7;
  const refs = rng.normals(300 * dim);
  const queries = rng.normals(40 * dim);
  const nn = nearestNeighbours(refs, dim, 16);
  const got = nn.query(queries);
  for (let i = 0; i < 40; i++) {
    let best = Infinity;
    let arg = -1;
    for (let j = 0; j < 300; j++) {
      let d = 0;
      for (let k = 0; k < dim; k++) d += (queries[i * dim + k] - refs[j * dim + k]) ** 2;
      if (d < best) [best, arg] = [d, j];
    }
    near(got.distances[i], Math.sqrt(best), 1e-4, `distance of query ${i}`);
    assert.equal(got.indices[i], arg);
  }
  // A reference row is its own nearest neighbour, at distance 0 (up to float32 rounding of |q|² - 2 q.r + |r|²).
  assert.ok(nn.query(refs.subarray(5 * dim, 6 * dim)).distances[0] < 1e-2);
  nn.dispose();
});

test('multivariateGaussian: samples have the given mean and covariance, also for a singular covariance', () => {
  const mean = [1, -2, 0.5, 3];
  // Rank 3: the last coordinate is constant (like MNIST's border pixels).
  const covariance = [2, 0.6, -0.3, 0, 0.6, 1, 0.2, 0, -0.3, 0.2, 0.5, 0, 0, 0, 0, 0];
  const s = meanCovariance(multivariateGaussian('test', mean, covariance).sampleArray(new Rng(3), 40000), 4);
  mean.forEach((m, i) => near(s.mean[i], m, 0.03, `mean ${i}`));
  covariance.forEach((c, i) => near(s.covariance[i], c, 0.04, `covariance entry ${i}`));
});

test('image scorer: the same digits score a Fréchet distance of 0 and cover what the classifier sees', () => {
  const { net } = loadMnistClassifier();
  const rows = imageRows(loadMnist('test'), Array.from({ length: 300 }, (_, i) => i));
  const scorer = imageScorer(net, rows);
  const self = scorer(rows);
  assert.equal(scorer.referenceSize, 300);
  assert.ok(Math.abs(self.frechet) < 1e-3, `distance of a set to itself: ${self.frechet}`);
  assert.equal(self.coverage.covered, 10);
  net.dispose();
});

test('image tiles: a PNG of n images with 1-pixel gaps, ink = (v - lo) / (hi - lo) on paper; the grid embeds one PNG per panel', async () => {
  // Two 2 x 3 images in a row: the first all paper (-1), the second a ramp up to full ink (1).
  const images = Float32Array.from([-1, -1, -1, -1, -1, -1, -1, 0, 1, 1, 2, -3]);
  const png = PNG.sync.read(Buffer.from(imageTilePng(images, { height: 2, width: 3, perRow: 2 })));
  assert.deepEqual([png.width, png.height], [2 * 4 + 1, 1 * 3 + 1]);
  const grey = (x: number, y: number) => png.data[4 * (y * png.width + x)];
  const { paper, ink, gap } = theme.images;
  assert.equal(grey(0, 0), gap);
  assert.equal(grey(1, 1), paper);
  assert.deepEqual([grey(5, 1), grey(6, 1), grey(7, 1), grey(5, 2), grey(6, 2), grey(7, 2)],
    [paper, Math.round((paper + ink) / 2), ink, ink, ink, paper]); // 2 clips to ink, -3 to paper
  assert.throws(() => imageTilePng(new Float32Array(5), { height: 2, width: 3 }), /flat rows of 2 x 3 = 6 values/);
  const svg = await renderSVG(imageGrid([{ title: 'a', images }, { title: 'b', images }], { height: 2, width: 3, title: 'tiles' }));
  assert.equal(svg.match(/<image[^>]*data:image\/png;base64,/g)?.length, 2);
  assert.equal(svg.match(/data:image\/png;base64,/g)?.length, 2, 'each PNG once (no aria-label repeating it)');
});
