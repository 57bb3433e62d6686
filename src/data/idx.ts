/**
 * The IDX file format of MNIST and Fashion-MNIST (LeCun et al., "THE MNIST DATABASE of handwritten digits"): a
 * magic number (two zero bytes, a type code, the number of dimensions), one big-endian uint32 size per dimension,
 * then the values in row-major order. MNIST's images are 0x00000803 (2051: uint8, 3 dimensions: count, rows,
 * columns) and its labels 0x00000801 (2049: uint8, 1 dimension). Files may be gzip-compressed (Debian's
 * dataset-fashion-mnist ships them so, as do the original downloads): the reader sees the gzip header and inflates
 * them with node:zlib.
 *
 * Only uint8 data (type code 0x08) is read, which is what every MNIST-like data set uses; any number of dimensions.
 * A bad file is refused with an error naming the file and what is wrong with it.
 */
import * as fs from 'fs';
import * as zlib from 'zlib';

/** An IDX array: its dimensions and its uint8 values, row-major. */
export interface IdxArray {
  /** The sizes of the dimensions, outermost first, e.g. [60000, 28, 28]. */
  dims: number[];
  /** The values: dims[0] * dims[1] * ... bytes. */
  data: Uint8Array;
}

/** The type codes of the IDX format, for error messages: only 0x08 (unsigned byte) is read. */
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'short (16 bit)', 0x0c: 'int (32 bit)', 0x0d: 'float (32 bit)', 0x0e: 'double (64 bit)',
};

/** True if the bytes start with gzip's magic number 1f 8b. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an IDX file's bytes (gzip-compressed or not). `source` names the file in errors. Throws on a wrong magic
 * number, a type other than unsigned byte, a zero-dimensional header, truncated data or bytes after the data.
 */
export function parseIdx(bytes: Uint8Array, source = 'IDX data'): IdxArray {
  const where = `IDX file ${source}`;
  if (!(bytes instanceof Uint8Array)) throw new RangeError(`parseIdx: argument 'bytes' must be a Uint8Array (a Buffer) of the ${where}`);
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = zlib.gunzipSync(bytes);
    } catch (e) {
      throw new RangeError(`${where}: starts like a gzip file but does not inflate (${(e as Error).message}); the download may be incomplete`);
    }
  }
  if (raw.length < 4) throw new RangeError(`${where}: has ${raw.length} bytes, fewer than the 4 of an IDX magic number; not an IDX file, or empty`);
  const magic = ((raw[0] << 24) | (raw[1] << 16) | (raw[2] << 8) | raw[3]) >>> 0;
  const hex = `0x${magic.toString(16).padStart(8, '0')}`;
  if (raw[0] !== 0 || raw[1] !== 0) {
    throw new RangeError(`${where}: wrong magic number ${hex} (${magic}); an IDX file starts with two zero bytes, e.g. 0x00000803 (2051) for MNIST images, 0x00000801 (2049) for labels`);
  }
  const type = raw[2];
  if (type !== 0x08) {
    const name = TYPE_NAMES[type];
    throw new RangeError(`${where}: magic number ${hex} says ${name ? `${name} values (type 0x${type.toString(16).padStart(2, '0')})` : `an unknown type code 0x${type.toString(16).padStart(2, '0')}`}; only unsigned byte (0x08) IDX files, as MNIST's, are read`);
  }
  const rank = raw[3];
  if (rank === 0) throw new RangeError(`${where}: magic number ${hex} says 0 dimensions; an IDX array has at least one`);
  const headerBytes = 4 + 4 * rank;
  if (raw.length < headerBytes) {
    throw new RangeError(`${where}: truncated: the header of ${rank} dimensions needs ${headerBytes} bytes, the file has ${raw.length}`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const available = raw.length - headerBytes;
  if (available < size) {
    throw new RangeError(`${where}: truncated: its header says [${dims.join(' x ')}] = ${size} values, but only ${available} bytes follow the header`);
  }
  if (available > size) {
    throw new RangeError(`${where}: ${available - size} bytes after the ${size} values of [${dims.join(' x ')}] its header announces; not a well-formed IDX file`);
  }
  return { dims, data: raw.subarray(headerBytes, headerBytes + size) };
}

/** Reads and parses an IDX file (gzip-compressed or not); errors name the file. */
export function readIdx(file: string): IdxArray {
  if (typeof file !== 'string' || file === '') throw new RangeError("readIdx: argument 'file' must be the path of an IDX file");
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new RangeError(`readIdx: cannot read IDX file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseIdx(bytes, file);
}

/** Labelled images: uint8 pixels (count x height x width, row-major) and one label per image. */
export interface LabelledImages {
  /** A label for messages and plots, e.g. 'MNIST test'. */
  readonly name: string;
  /** Number of images. */
  readonly count: number;
  readonly height: number;
  readonly width: number;
  /** Pixels, image i at [i * height * width, (i + 1) * height * width), 0 (background) to 255. */
  readonly pixels: Uint8Array;
  /** labels[i] is image i's class. */
  readonly labels: Uint8Array;
}

/**
 * Reads an images file (3 dimensions: count, height, width) and its labels file (1 dimension: count), as MNIST and
 * Fashion-MNIST ship them (gzip-compressed or not). Throws, naming both files, when the counts differ.
 */
export function readIdxImages(imagesFile: string, labelsFile: string, name = imagesFile): LabelledImages {
  const images = readIdx(imagesFile);
  const labels = readIdx(labelsFile);
  if (images.dims.length !== 3) {
    throw new RangeError(`readIdxImages: IDX file ${imagesFile} has ${images.dims.length} dimensions [${images.dims.join(' x ')}]; an images file has 3 (count x height x width)`);
  }
  if (labels.dims.length !== 1) {
    throw new RangeError(`readIdxImages: IDX file ${labelsFile} has ${labels.dims.length} dimensions [${labels.dims.join(' x ')}]; a labels file has 1 (count)`);
  }
  if (images.dims[0] !== labels.dims[0]) {
    throw new RangeError(`readIdxImages: IDX file ${imagesFile} holds ${images.dims[0]} images but ${labelsFile} holds ${labels.dims[0]} labels; they must be counts of the same examples`);
  }
  return { name, count: images.dims[0], height: images.dims[1], width: images.dims[2], pixels: images.data, labels: labels.data };
}
