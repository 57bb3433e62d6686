/**
 * Shows code that lives in a module beside the notebook (a sweep's runs must, to go to worker processes) where
 * the lesson explains it: a region between the editors' folding markers `// #region name` and `// #endregion`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayBundle } from './display';

/** The lines of region `name` of a source file (without the markers), and where they are. */
export function sourceRegion(file: string, name: string): { code: string; file: string; firstLine: number; lastLine: number } {
  const where = path.resolve(file);
  if (!fs.existsSync(where)) throw new RangeError(`sourceRegion: no file ${where} (resolved from '${file}' in ${process.cwd()})`);
  const lines = fs.readFileSync(where, 'utf8').split('\n');
  const names = lines.map((l) => /^\s*\/\/\s*#region\s+(.+?)\s*$/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
  const start = lines.findIndex((l) => /^\s*\/\/\s*#region\s+(.+?)\s*$/.exec(l)?.[1] === name);
  if (start < 0) throw new RangeError(`sourceRegion: ${file} has no region '${name}'; its regions: ${names.map((n) => `'${n}'`).join(', ') || 'none'}`);
  const end = lines.findIndex((l, i) => i > start && /^\s*\/\/\s*#endregion\b/.test(l));
  if (end < 0) throw new RangeError(`sourceRegion: region '${name}' of ${file} (line ${start + 1}) has no '// #endregion'`);
  return { code: lines.slice(start + 1, end).join('\n'), file: where, firstLine: start + 2, lastLine: end };
}

/** Shows region `name` of a source file in the notebook as a TypeScript block headed by its file and lines. */
export function showCode(file: string, name: string): void {
  const r = sourceRegion(file, name);
  const head = `${path.basename(r.file)}, lines ${r.firstLine}-${r.lastLine}:`;
  displayBundle({ 'text/markdown': `${head}\n\`\`\`ts\n${r.code}\n\`\`\``, 'text/plain': `${head}\n${r.code}` });
}
