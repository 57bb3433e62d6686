/**
 * `npm run assignments:release [-- --source <folder>] [--release <folder>] [--check]`: writes the student versions of
 * every assignment in the source folder (default assignments/source) to the release folder (default: the source
 * folder's sibling `release`). Sources get the course kernelspec if they name another. `--check` writes nothing and
 * exits 1 naming every release that is missing or stale (npm test runs it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assignmentNotebook, assignmentsIn, courseVersion, DEFAULT_SOURCE } from './course';
import { notebookJson, readNotebook, sourceLines, sourceOf, writeNotebook, type Notebook } from './notebook';
import { releaseNotebook, withCourseKernel } from './release';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  if (i + 1 >= args.length) throw new Error(`${name} needs a folder after it`);
  return path.resolve(args[i + 1]);
}

/** The notebook as writeNotebook writes it (to compare a release with what would be written). */
function written(nb: Notebook): string {
  return notebookJson({ ...nb, cells: nb.cells.map((c) => ({ ...c, source: sourceLines(sourceOf(c)) })) });
}

function main(args: string[]): number {
  const source = option(args, '--source') ?? DEFAULT_SOURCE;
  const release = option(args, '--release') ?? path.join(path.dirname(source), 'release');
  const check = args.includes('--check');
  const names = assignmentsIn(source);
  if (names.length === 0) {
    console.error(`no assignments in ${source} (expected <name>/<name>.ipynb folders)`);
    return 1;
  }
  const version = courseVersion();
  const stale: string[] = [];
  for (const name of names) {
    const srcFile = assignmentNotebook(path.join(source, name));
    const { nb, changed } = withCourseKernel(readNotebook(srcFile));
    if (changed) {
      if (check) stale.push(`${path.relative(process.cwd(), srcFile)} names another kernel than the course's`);
      else writeNotebook(srcFile, nb);
    }
    const out = assignmentNotebook(path.join(release, name));
    const text = written(releaseNotebook(nb, name, version));
    const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null;
    if (current === text) continue;
    if (check) {
      stale.push(`${path.relative(process.cwd(), out)} is ${current === null ? 'missing' : 'stale'}`);
    } else {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, text);
      console.log(`released ${name} (course version ${version}) -> ${path.relative(process.cwd(), out)}`);
    }
  }
  for (const extra of assignmentsIn(release).filter((n) => !names.includes(n))) {
    console.log(`note: ${path.join(release, extra)} has no source in ${source} (left as it is)`);
  }
  if (check) {
    if (stale.length) {
      console.error(`assignments: ${stale.length} release problem${stale.length === 1 ? '' : 's'}:\n  - ${stale.join('\n  - ')}\n` +
        'Run `npm run assignments:release` and commit the result.');
      return 1;
    }
    console.log(`assignments: ${names.length} releases up to date (course version ${version})`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
