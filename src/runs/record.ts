/**
 * The run record: one JSON file per run of a lesson, saying how its results were made: the settings that
 * determine them, the seeds, the library's version and a hash of its compiled source, the start, the wall time,
 * the machine (cores, backend), and the checks' outcome. Checkpoint keys derive from it (a changed setting or
 * library never resumes from stale state); the gallery and the README's timing table read it.
 *
 * A lesson makes one in its settings cell and its `Checks.finish()` completes it:
 *
 *   const RECORD = runRecord('05-wgan-gp', { SEED, STEPS, LAMBDA, ... });
 *
 * Records are written to build/runs/<lesson>/ (git-ignored), quick runs included (marked `quick`).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tf } from '../backend';
import { quickMode } from '../notebook/settings';
import { fail } from '../validate';
import { buildDir, writeFileAtomic } from './files';

/** A setting's value as recorded: JSON numbers, strings, booleans, null, and arrays or objects of them. */
export type SettingValue = number | string | boolean | null | readonly SettingValue[] | { readonly [k: string]: SettingValue };

/** The machine a run ran on. */
export interface Machine {
  /** Logical cores (os.cpus()). */
  cores: number;
  /** The CPU's model name. */
  cpu: string;
  /** Total memory in GiB. */
  memoryGiB: number;
  /** os.platform() and os.arch(). */
  platform: string;
  /** Node.js version. */
  node: string;
  /** The TF.js backend ('tensorflow' for tfjs-node, 'cpu' for the JavaScript fallback) and tfjs-core's version. */
  backend: string;
}

/** What a run record file holds. */
export interface RunRecordData {
  /** The lesson (or script) that ran, e.g. '05-wgan-gp'. */
  lesson: string;
  /** Quick mode (tests) or the full run. */
  quick: boolean;
  /** The settings that determine the result (those named *SEED* are the seeds). */
  settings: Record<string, SettingValue>;
  /** The settings whose name contains 'seed' (any case). */
  seeds: Record<string, SettingValue>;
  /** The library's version (src/package.json). */
  libraryVersion: string;
  /** SHA-256 of the compiled library (every file of dist/, in path order). */
  libraryHash: string;
  /** SHA-256 of (lesson, quick, settings, library hash): what checkpoint keys start from. */
  key: string;
  /** ISO time the record was made. */
  started: string;
  /** ISO time the run finished (null while it runs). */
  finished: string | null;
  /** Seconds from start to finish (null while it runs). */
  wallSeconds: number | null;
  /** Where it ran. */
  machine: Machine;
  /** The checks' outcome, once they ran: name -> passed. */
  checks: Record<string, boolean> | null;
}

/** A lesson's run record; see the module comment. */
export interface RunRecord {
  /** The recorded data (a copy is written to `file`). */
  readonly data: RunRecordData;
  /** The record's file, build/runs/<lesson>/<start time>.json. */
  readonly file: string;
  /** Completes the record (finish time, wall time, checks) and rewrites its file. */
  finish(checks?: Record<string, boolean>): void;
}

/** SHA-256 of a string or bytes, as hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The library's root at run time: <root>/dist holds the compiled modules, <root>/src/package.json its version. */
function libraryRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

let cachedHash: string | null = null;

/** SHA-256 over every file of the compiled library (dist/), in path order: changes whenever its source does. */
export function libraryHash(): string {
  if (cachedHash) return cachedHash;
  const dist = path.join(libraryRoot(), 'dist');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.js$/.test(entry.name)) files.push(p);
    }
  };
  walk(dist);
  files.sort();
  const h = createHash('sha256');
  for (const f of files) h.update(path.relative(dist, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  cachedHash = h.digest('hex');
  return cachedHash;
}

/** The library's version, from src/package.json. */
export function libraryVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(libraryRoot(), 'src', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The machine this process runs on. */
export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.platform()} ${os.arch()}`,
    node: process.version,
    backend: `${tf.getBackend()} (tfjs-core ${tf.version['tfjs-core']})`,
  };
}

/** Checks a settings object is plain JSON (so it can be recorded and hashed) and returns it; errors name the setting. */
function checkSettings(fn: string, settings: unknown): Record<string, SettingValue> {
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) fail(fn, 'settings', 'an object { NAME: value, ... }', settings);
  const visit = (v: unknown, where: string): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(`${fn}: setting ${where} must be a finite number, got ${v}`);
      return;
    }
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${where}[${i}]`));
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.entries(v as object).forEach(([k, x]) => visit(x, `${where}.${k}`));
    }
    throw new RangeError(`${fn}: setting ${where} must be a number, string, boolean, null, or an array or plain object of them, ` +
      `got ${typeof v === 'function' ? 'a function' : String(v)}: record the numbers that configure it instead`);
  };
  for (const [k, v] of Object.entries(settings as object)) visit(v, `'${k}'`);
  return settings as Record<string, SettingValue>;
}

/** JSON with object keys sorted, so equal settings hash equally whatever their order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

let current: RunRecord | null = null;

/** The record made last in this process (the lesson's), or null. */
export function currentRecord(): RunRecord | null {
  return current;
}

/**
 * Makes the run record of a lesson from the settings that determine its result, writes it to build/runs/<lesson>/,
 * and makes it the current record (checkpoints key on it; `Checks.finish()` completes it). `quick` defaults to
 * the quick flag the tests set.
 */
export function runRecord(
  lesson: string,
  settings: Record<string, SettingValue>,
  options: { quick?: boolean; dir?: string; libraryHash?: string } = {},
): RunRecord {
  const fn = 'runRecord';
  if (typeof lesson !== 'string' || !/^[\w.-]+$/.test(lesson)) fail(fn, 'lesson', "a name of letters, digits, '.', '_' or '-', e.g. '05-wgan-gp'", lesson);
  checkSettings(fn, settings);
  const quick = options.quick ?? quickMode();
  const hash = options.libraryHash ?? libraryHash(); // another hash: as if made by another build of the library (tests)
  const started = new Date();
  const data: RunRecordData = {
    lesson,
    quick,
    settings: JSON.parse(JSON.stringify(settings)),
    seeds: Object.fromEntries(Object.entries(settings).filter(([k]) => /seed/i.test(k))),
    libraryVersion: libraryVersion(),
    libraryHash: hash,
    key: sha256(canonicalJson({ lesson, quick, settings, hash })),
    started: started.toISOString(),
    finished: null,
    wallSeconds: null,
    machine: machine(),
    checks: null,
  };
  const file = path.join(options.dir ?? path.join(buildDir(), 'runs', lesson), `${data.started.replace(/[:.]/g, '-')}.json`);
  const write = () => writeFileAtomic(file, JSON.stringify(data, null, 2) + '\n');
  write();
  const record: RunRecord = {
    data,
    file,
    finish(checks) {
      const end = new Date();
      data.finished = end.toISOString();
      data.wallSeconds = +((end.getTime() - started.getTime()) / 1000).toFixed(1);
      if (checks) data.checks = checks;
      write();
    },
  };
  current = record;
  return record;
}
