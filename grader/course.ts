/**
 * The course's constants: where assignments live, the kernel their notebooks name, the markers nbgrader uses, and
 * the course version (package.json's `version`, which every release records and the grader compares).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project's root folder. */
export const ROOT = path.resolve(__dirname, '..');
/** The committed assignments, laid out as nbgrader lays out a course: source/<a>/<a>.ipynb and release/<a>/<a>.ipynb. */
export const ASSIGNMENTS = path.join(ROOT, 'assignments');
/** The instructor's versions (solutions, hidden tests) unless `--source` names others. */
export const DEFAULT_SOURCE = path.join(ASSIGNMENTS, 'source');

/**
 * The kernel every assignment notebook names (written into sources and releases by `npm run assignments:release`),
 * and the kernelspec the grader starts its kernels from. The one place to change it.
 */
export const KERNELSPEC = { name: 'wgan-lab', display_name: 'wgan-lab (TypeScript)', language: 'typescript' } as const;

/** nbgrader's markers (matched as substrings, as nbgrader does). */
export const MARKERS = {
  beginSolution: 'BEGIN SOLUTION',
  endSolution: 'END SOLUTION',
  beginHidden: 'BEGIN HIDDEN TESTS',
  endHidden: 'END HIDDEN TESTS',
} as const;

/** The tag of cells the grader does not run (the closing experiment): they earn nothing and may take long. */
export const UNGRADED_TAG = 'ungraded';

/**
 * The stub a released solution gets in place of each solution block, at the block's indentation. It names the
 * exercise: the solution cell's grade_id without its '-solution' suffix (the course names a solution cell
 * '<exercise>-solution' and the test cell '<exercise>').
 */
export function solutionStub(gradeId: string, indent: string): string {
  return `${indent}// YOUR CODE HERE\n${indent}throw new Error('not implemented: ${gradeId.replace(/-solution$/, '')}');\n`;
}

/** The course version: package.json's `version`. */
export function courseVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The notebook of assignment folder `dir`: `<dir>/<name of dir>.ipynb`. */
export function assignmentNotebook(dir: string): string {
  return path.join(dir, `${path.basename(dir)}.ipynb`);
}

/** The assignments of a source (or release) folder: its subfolders that hold `<name>/<name>.ipynb`, sorted. */
export function assignmentsIn(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(assignmentNotebook(path.join(folder, d.name))))
    .map((d) => d.name)
    .sort();
}
