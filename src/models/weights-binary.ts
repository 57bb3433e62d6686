/**
 * A model's weights as a compact file pair, for weights the project ships (datasets/mnist-classifier.*):
 * `<name>.bin`, every parameter's float32 values little-endian one after another, and `<name>.json`, a manifest
 * with each parameter's shape and offset, the binary's SHA-256 and anything the caller adds (how the weights were
 * trained, what they scored). Loading checks the hash and every shape, and names the file and the mismatch.
 */
import * as fs from 'fs';
import { tf } from '../backend';
import { sha256 } from '../runs/record';
import { writeFileAtomic } from '../runs/files';
import type { Model } from './model';

/** The manifest format's name. */
export const WEIGHTS_FORMAT = 'wgan-lab-weights/1';

/** What `<name>.json` holds. */
export interface WeightsManifest {
  format: string;
  /** The model's name when saved. */
  model: string;
  /** The binary file's name (beside the manifest). */
  file: string;
  /** Its length in bytes and SHA-256 (hex). */
  bytes: number;
  sha256: string;
  /** One entry per parameter, in the model's order: shape, offset and length in float32 values. */
  params: { shape: number[]; offset: number; length: number }[];
  /** Anything else (training settings, measured accuracy). */
  [extra: string]: unknown;
}

/** Writes `<base>.bin` and `<base>.json` (atomically) for the model's parameters, with `extra` in the manifest; returns the manifest. */
export function saveWeightsBinary(model: Model, base: string, extra: Record<string, unknown> = {}): WeightsManifest {
  const values = model.params.map((p) => p.dataSync() as Float32Array);
  const total = values.reduce((s, v) => s + v.length, 0);
  const data = new Float32Array(total);
  const params: WeightsManifest['params'] = [];
  let offset = 0;
  model.params.forEach((p, i) => {
    data.set(values[i], offset);
    params.push({ shape: [...p.shape], offset, length: values[i].length });
    offset += values[i].length;
  });
  const bytes = new Uint8Array(data.buffer);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('saveWeightsBinary: this machine is big-endian; the format is little-endian');
  const file = `${base.split(/[\\/]/).pop()}.bin`;
  const manifest: WeightsManifest = { format: WEIGHTS_FORMAT, model: model.name, file, bytes: bytes.length, sha256: sha256(bytes), params, ...extra };
  writeFileAtomic(`${base}.bin`, bytes);
  writeFileAtomic(`${base}.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads the manifest `<base>.json` (checks its format). */
export function readWeightsManifest(base: string): WeightsManifest {
  const file = `${base}.json`;
  let manifest: WeightsManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RangeError(`readWeightsManifest: cannot read weights manifest ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (manifest.format !== WEIGHTS_FORMAT) throw new RangeError(`readWeightsManifest: ${file} is not a ${WEIGHTS_FORMAT} manifest (format: ${JSON.stringify(manifest.format)})`);
  return manifest;
}

/**
 * Loads `<base>.bin` into the model's parameters after checking the binary's length and SHA-256 against the manifest
 * and each parameter's shape against the model's. Returns the manifest.
 */
export function loadWeightsBinary(model: Model, base: string): WeightsManifest {
  const fn = 'loadWeightsBinary';
  const manifest = readWeightsManifest(base);
  const file = base.replace(/[^\\/]+$/, manifest.file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new RangeError(`${fn}: cannot read weights file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (bytes.length !== manifest.bytes || sha256(bytes) !== manifest.sha256) {
    throw new RangeError(`${fn}: weights file ${file} has ${bytes.length} bytes and SHA-256 ${sha256(bytes).slice(0, 12)}..., its manifest says ${manifest.bytes} bytes and ${manifest.sha256.slice(0, 12)}...: the file is damaged or from another training; retrain it (npm run train:classifier) or restore it with git`);
  }
  if (manifest.params.length !== model.params.length) {
    throw new RangeError(`${fn}: ${base}.json has ${manifest.params.length} parameter tensors, the model '${model.name}' has ${model.params.length}`);
  }
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  tf.tidy(() => {
    model.params.forEach((p, i) => {
      const m = manifest.params[i];
      if (m.shape.join() !== p.shape.join()) throw new RangeError(`${fn}: ${base}.json's parameter ${i} has shape [${m.shape}], the model '${model.name}' has [${p.shape}]`);
      p.assign(tf.tensor(all.subarray(m.offset, m.offset + m.length), p.shape));
    });
  });
  return manifest;
}
