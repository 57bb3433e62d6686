/**
 * Checkpoints: a long run's state on disk, so a kernel restart, a crash or a closed laptop loses minutes, not
 * the run. The training loops save one every few minutes (at a read-back, so the state is from one step), when
 * interrupted and when done; running the cell again continues from it when nothing that determines the result
 * changed, and starts afresh otherwise.
 *
 * One file per run, build/checkpoints/<lesson>/<name>.ckpt: a header line (format, key, step, the payload's
 * length and SHA-256) and the payload (the state, as JSON). The key is a hash of the lesson's run record (its
 * settings and the library's hash) and of the run's own fingerprint (initial weights, shapes, the source of the
 * functions it trains with): a different key means other settings or another library, and the file is replaced.
 * A file whose payload does not match its header (truncated, edited) is ignored with a warning, never loaded.
 * Writes are atomic: a crash mid-write leaves the previous checkpoint.
 *
 * `npm run clear-checkpoints` deletes them all. The notebook runner (`npm test`) turns checkpoints off
 * (WGAN_LAB_CHECKPOINTS=0), so tests always train from scratch.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fail, positive } from '../validate';
import { buildDir, writeFileAtomic } from './files';
import { currentRecord, sha256, type RunRecord } from './record';
import { captureState, decodeValue, encodeValue, restoreState, stateMismatch, type RunState, type SavedState } from './state';

/** The checkpoint format's name, first in every header. */
export const CHECKPOINT_FORMAT = 'wgan-lab-checkpoint/1';

/** Name of the environment variable that turns checkpoints off ('0'); the notebook runner sets it. */
export const CHECKPOINTS_ENV = 'WGAN_LAB_CHECKPOINTS';

/** The folder all checkpoints go under: build/checkpoints (what `npm run clear-checkpoints` deletes). */
export function checkpointsDir(): string {
  return path.join(buildDir(), 'checkpoints');
}

/** What a loaded checkpoint gives back besides the restored state. */
export interface Resumed {
  /** Steps done when it was saved. */
  step: number;
  /** Extra plain data saved with it (the loop's history, a sweep's finished runs). */
  data: unknown;
}

interface Header {
  format: string;
  key: string;
  name: string;
  step: number;
  savedAt: string;
  bytes: number;
  sha256: string;
}

/** A run's checkpoint file; the loops call it (trainGan, trainCritic, runSteps and sweep take `checkpoint`). */
export class Checkpoint {
  /** The run's key: the record's key, the checkpoint's name and the run's fingerprint, hashed. */
  private key: string | null = null;
  /** Saves so far, the seconds they took (reading the state off the backend, encoding, writing) and the last file's size. */
  readonly stats = { saves: 0, seconds: 0, bytes: 0 };

  constructor(
    /** The run's name within its lesson, e.g. 'gan' or '8 Gaussians|WGAN-GP'. */
    readonly name: string,
    /** The checkpoint file. */
    readonly file: string,
    /** The run record it keys on. */
    readonly record: RunRecord,
    /** Seconds between saves while training (default 120). */
    readonly every: number,
  ) {}

  /** Binds the checkpoint to one run: `fingerprint` describes what the run starts from (weights, code). */
  bind(fingerprint: string): void {
    this.key = sha256(`${this.record.data.key}\0${this.name}\0${fingerprint}`);
  }

  private requireKey(): string {
    if (this.key === null) throw new Error(`checkpoint '${this.name}': bind(fingerprint) must be called before load and save`);
    return this.key;
  }

  /**
   * Restores the run's state from the file if it holds this run's checkpoint; returns the step and extra data,
   * or null (no file, another key: settings or library changed, a checkpoint past `maxStep`, or a damaged file:
   * warned and ignored).
   */
  async load(state: RunState, maxStep = Infinity): Promise<Resumed | null> {
    const key = this.requireKey();
    const read = readCheckpointFile(this.file);
    if (read === null) return null;
    if ('damaged' in read) {
      console.warn(`checkpoint ${this.file} is damaged (${read.damaged}): ignored; the run starts afresh and will replace it`);
      return null;
    }
    if (read.header.key !== key) {
      console.log(`checkpoint ${path.relative(buildDir(), this.file)} was made with other settings, code or library: starting afresh`);
      return null;
    }
    if (read.header.step > maxStep) {
      console.log(`checkpoint ${path.relative(buildDir(), this.file)} is at step ${read.header.step}, past this run's end (${maxStep}): starting afresh`);
      return null;
    }
    const payload = decodeValue(read.payload) as { state: SavedState; data: unknown };
    const mismatch = stateMismatch(state, payload.state);
    if (mismatch) {
      console.warn(`checkpoint ${this.file} does not fit this run (${mismatch}): ignored; the run starts afresh`);
      return null;
    }
    await restoreState(state, payload.state);
    return { step: read.header.step, data: payload.data };
  }

  /** Saves the run's state (and extra plain data) at `step`, atomically. Returns the seconds it took. */
  async save(state: RunState, step: number, data: unknown = null): Promise<number> {
    const t0 = performance.now();
    const key = this.requireKey();
    const payload = Buffer.from(JSON.stringify(encodeValue({ state: await captureState(state), data })), 'utf8');
    const header: Header = {
      format: CHECKPOINT_FORMAT, key, name: this.name, step, savedAt: new Date().toISOString(), bytes: payload.length, sha256: sha256(payload),
    };
    writeFileAtomic(this.file, Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), payload]));
    const seconds = (performance.now() - t0) / 1000;
    this.stats.saves += 1;
    this.stats.seconds += seconds;
    this.stats.bytes = payload.length;
    return seconds;
  }
}

/** Reads a checkpoint file: null if there is none, { damaged: why } if it does not check out, else its header and payload. */
export function readCheckpointFile(file: string): { header: Header; payload: unknown } | { damaged: string } | null {
  if (!fs.existsSync(file)) return null;
  const bytes = fs.readFileSync(file);
  const nl = bytes.indexOf(10);
  if (nl < 0) return { damaged: 'no header line' };
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(0, nl).toString('utf8')) as Header;
  } catch {
    return { damaged: 'the header is not JSON' };
  }
  if (header.format !== CHECKPOINT_FORMAT) return { damaged: `format '${header.format}', expected '${CHECKPOINT_FORMAT}'` };
  const payload = bytes.subarray(nl + 1);
  if (payload.length !== header.bytes) return { damaged: `the payload has ${payload.length} bytes, the header says ${header.bytes}: truncated?` };
  if (sha256(payload) !== header.sha256) return { damaged: 'the payload does not match its SHA-256' };
  try {
    return { header, payload: JSON.parse(payload.toString('utf8')) };
  } catch {
    return { damaged: 'the payload is not JSON' };
  }
}

/** Options of {@link checkpoint}. */
export interface CheckpointOptions {
  /** The run record to key on (default: the current one, made by runRecord in the lesson's settings cell). */
  record?: RunRecord;
  /** Seconds between saves while training (default 120). */
  every?: number;
  /** Folder (default build/checkpoints/<lesson>). */
  dir?: string;
}

/** True unless WGAN_LAB_CHECKPOINTS is '0' or 'false' (the notebook runner's setting). */
export function checkpointsEnabled(): boolean {
  const v = (process.env[CHECKPOINTS_ENV] ?? '').toLowerCase();
  return v !== '0' && v !== 'false';
}

/**
 * The checkpoint of one run of the current lesson, to pass as a training loop's `checkpoint`, or null when
 * checkpoints are turned off (WGAN_LAB_CHECKPOINTS=0, as under `npm test`). Throws if no run record was made.
 */
export function checkpoint(name: string, options: CheckpointOptions = {}): Checkpoint | null {
  const fn = 'checkpoint';
  if (typeof name !== 'string' || name.trim() === '') fail(fn, 'name', "a non-empty name for the run, e.g. 'gan'", name);
  const every = positive(fn, 'every', options.every ?? 120);
  if (!checkpointsEnabled()) return null;
  const record = options.record ?? currentRecord();
  if (!record) {
    throw new Error(`${fn}('${name}'): no run record yet: make one in the settings cell with runRecord('<lesson>', { SETTING: value, ... }), ` +
      'so that a checkpoint is only resumed with the settings and library that made it');
  }
  const file = path.join(options.dir ?? path.join(checkpointsDir(), record.data.lesson), `${name.replace(/[^\w.-]+/g, '_')}.ckpt`);
  return new Checkpoint(name, file, record, every);
}
