/**
 * Files the library writes as runs go: under the git-ignored build folder, and atomically (a crash or a full
 * disk mid-write leaves the previous file whole, never half of a new one).
 */
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../notebook/settings';

/** The project's git-ignored build folder (executed notebooks, quick figures, run records, checkpoints). */
export function buildDir(): string {
  return path.join(projectRoot(), 'build');
}

/** Writes `data` to `file` atomically: to a temporary file in the same folder, flushed to disk, then renamed over `file`. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
