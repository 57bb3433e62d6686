/**
 * What the grader runs for one submission, decided from the instructor's source and the student's notebook:
 *  - the cells come in the source's order; setup and statement cells come from the source;
 *  - tests and points come from the source by grade_id (a student who edits, deletes or re-points a test cell changes
 *    nothing), each test wrapped so that it counts only if it ran to its end (see {@link wrapTest});
 *  - each solution comes from the submission's cell with the same grade_id (missing: the release's stub, which throws
 *    "not implemented"); cells the student added run after the cell they followed; a student's cell that imports
 *    the library's answer is not run (see screen.ts);
 *  - cells tagged 'ungraded' (the closing experiment) are not run unless asked for;
 *  - the grader's own cell comes first (see {@link GRADER_PRELUDE}).
 */
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { sourceRegion } from '../src/notebook/code';
import { UNGRADED_TAG } from './course';
import {
  type Cell, type Notebook, courseMeta, gradeId, isSolutionCell, isTestCell, nbgrader, sourceOf, tags,
} from './notebook';
import { releaseCell } from './release';
import { screenCell } from './screen';

/** One cell of the plan. */
export interface PlanCell {
  /**
   * grader: the grader's own first cell; setup: the source's code; solution / extra: the student's; test: the source's, wrapped;
   * ungraded: the experiment; text: not code.
   */
  role: 'grader' | 'setup' | 'solution' | 'extra' | 'test' | 'ungraded' | 'text';
  /** The grade_id it belongs to (a solution's or a test's; an extra cell's: the cell it followed), or null. */
  gradeId: string | null;
  /** The code sent to the kernel, or null when the cell is not run. */
  run: string | null;
  /** The cell as the autograded copy shows it (a test: the source's code, not the wrapper). */
  cell: Cell;
  /** Run it again in a new kernel if the kernel has to be restarted (cells later ones may depend on). */
  replay: boolean;
  /** A test's secret: printed only when the test ran to its end. */
  token: string | null;
}

/** A graded test: its grade_id, points and place in the plan. */
export interface PlannedTest {
  gradeId: string;
  points: number;
  index: number;
}

/** The plan of one submission. */
export interface Plan {
  cells: PlanCell[];
  tests: PlannedTest[];
  /** Things the student should know (a missing solution cell, a refused import), in their words. */
  notes: string[];
  /** What in the student's cells reaches for the kernel's machinery, for the instructor. */
  flags: string[];
}

/** Options of {@link buildPlan}. */
export interface PlanOptions {
  /** Run the cells tagged 'ungraded' too (default false). */
  allCells?: boolean;
}

const CHECKS_FILE = path.join(__dirname, '..', 'src', 'notebook', 'exercise-checks.ts');

/** The check helpers pasted into every test: the `grader-checks` region of the library's exercise-checks.ts, without `export`. */
export function checkHelpers(): string {
  return sourceRegion(CHECKS_FILE, 'grader-checks').code.replace(/^export /gm, '');
}

/**
 * The grader's first cell, run before any student code: it pins what tslab receives and runs every later cell with
 * (its server's and request handler's methods, JSON, Node's vm module, its __tslab__ holder), so a student's cell cannot
 * rewrite the tests that follow (into their bare token, say) through them. Lower layers stay open (README, threat model).
 */
export const GRADER_PRELUDE = [
  "// The grader's own cell (it runs first): pins what tslab receives and runs every later cell with.",
  '{',
  "  const vm = require('vm');",
  '  Object.freeze(vm.Script.prototype);',
  '  Object.freeze(vm);',
  "  const tslab = require('tslab/dist/jupyter');",
  '  Object.freeze(tslab.JupyterHandlerImpl.prototype);',
  '  Object.freeze(tslab.ZmqServer.prototype);',
  '  Object.freeze(JSON);',
  '  const holder = (globalThis as unknown as { __tslab__: object }).__tslab__;',
  '  Object.freeze(holder);',
  "  Object.defineProperty(globalThis, '__tslab__', { value: holder, writable: false, configurable: false });",
  '}',
].join('\n');

/** A new secret for one test of one grading run: 128 random bits. */
export function newToken(): string {
  return crypto.randomBytes(16).toString('hex');
}

/**
 * A test cell as the grader runs it: the source's code in a strict function (so code called from it cannot
 * reach its text through Function.caller), after fresh copies of the check helpers and a selfCheck that throws, and
 * followed by the token as the cell's last expression, which tslab prints only if everything before it completed.
 */
export function wrapTest(code: string, token: string, helpers = checkHelpers()): string {
  return [
    '(() => {',
    "'use strict';",
    helpers,
    'function selfCheck(exercise: string, checks: () => void): void {',
    '  const before = expectations.count;',
    '  checks();',
    "  if (expectations.count === before) throw `${exercise}: no check ran`;",
    '}',
    code,
    '})();',
    `'${token}'`,
  ].join('\n');
}

/** The cells of the submission, by grade_id (first of each) and the ones the student added, by the grade_id they follow. */
function submissionParts(sub: Notebook, source: Notebook): { byId: Map<string, Cell>; duplicates: string[]; extras: Map<string | null, Cell[]>; byCellId: Map<string, Cell> } {
  const sourceIds = new Set(source.cells.map(gradeId).filter((x): x is string => x !== null));
  const sourceCellIds = new Set(source.cells.map((c) => c.id).filter((x): x is string => typeof x === 'string'));
  const byId = new Map<string, Cell>();
  const byCellId = new Map<string, Cell>();
  const duplicates: string[] = [];
  const extras = new Map<string | null, Cell[]>();
  let anchor: string | null = null;
  for (const cell of sub.cells) {
    if (typeof cell.id === 'string') byCellId.set(cell.id, cell);
    const id = gradeId(cell);
    const m = nbgrader(cell);
    if (id !== null && sourceIds.has(id)) {
      if (byId.has(id)) duplicates.push(id);
      else byId.set(id, cell);
      anchor = id;
      continue;
    }
    const marked = m !== null && (m.grade === true || m.solution === true || m.locked === true);
    const fromRelease = typeof cell.id === 'string' && sourceCellIds.has(cell.id);
    if (cell.cell_type === 'code' && !marked && !fromRelease) {
      const list = extras.get(anchor) ?? [];
      list.push(cell);
      extras.set(anchor, list);
    }
  }
  return { byId, duplicates, extras, byCellId };
}

/** The plan for grading `submission` against `source`. */
export function buildPlan(source: Notebook, submission: Notebook, options: PlanOptions = {}): Plan {
  const answers = courseMeta(source).library_answers ?? [];
  const { byId, duplicates, extras, byCellId } = submissionParts(submission, source);
  const cells: PlanCell[] = [];
  const tests: PlannedTest[] = [];
  const notes: string[] = [];
  const flags = new Set<string>();
  for (const id of new Set(duplicates)) notes.push(`Your notebook has more than one cell with grade_id '${id}'; the first one was graded.`);

  const studentCode = (code: string, what: string): string | null => {
    const s = screenCell(code, answers);
    for (const f of s.flags) flags.add(`${what}: ${f}`);
    if (s.rejected) {
      notes.push(`${what[0].toUpperCase()}${what.slice(1)} ${s.rejected}; the assignment asks you to write it yourself, so that cell was not run.`);
      return null;
    }
    return code;
  };
  // Cells added after an ungraded cell belong to the experiment: run only when it runs.
  const addExtras = (anchor: string | null, ungraded: boolean) => {
    for (const cell of extras.get(anchor) ?? []) {
      const code = ungraded && !options.allCells ? null : studentCode(sourceOf(cell), `a cell you added${anchor ? ` after '${anchor}'` : ' at the top'}`);
      cells.push({ role: 'extra', gradeId: anchor, run: code, cell: { ...cell, outputs: [], execution_count: null }, replay: true, token: null });
    }
  };

  cells.push({ role: 'grader', gradeId: null, run: GRADER_PRELUDE, cell: { cell_type: 'code', id: 'grader-prelude', metadata: {}, source: GRADER_PRELUDE, outputs: [], execution_count: null }, replay: true, token: null });
  addExtras(null, false);
  source.cells.forEach((cell, i) => {
    const id = gradeId(cell);
    if (cell.cell_type !== 'code') {
      // A markdown answer (solution: true) is the student's; other text is the source's.
      const theirs = id !== null && nbgrader(cell)?.solution ? byId.get(id) : undefined;
      cells.push({ role: 'text', gradeId: id, run: null, cell: structuredClone(theirs ?? cell), replay: false, token: null });
    } else if (isTestCell(cell)) {
      const token = newToken();
      const points = nbgrader(cell)!.points ?? 0;
      tests.push({ gradeId: id!, points, index: cells.length });
      cells.push({ role: 'test', gradeId: id, run: wrapTest(sourceOf(cell), token), cell: structuredClone(cell), replay: false, token });
    } else if (isSolutionCell(cell)) {
      const theirs = byId.get(id!);
      let code: string | null = null;
      if (!theirs) notes.push(`Your notebook has no cell with grade_id '${id}' (the solution cell was deleted, or its metadata changed), so its exercise was graded against the empty stub.`);
      else if (theirs.cell_type !== 'code') notes.push(`Your cell '${id}' is not a code cell, so its exercise was graded against the empty stub.`);
      else code = studentCode(sourceOf(theirs), `your cell '${id}'`);
      const shown = theirs && theirs.cell_type === 'code' ? theirs : releaseCell(cell, i);
      // Refused or missing: the stub runs, so the cells after it still compile.
      cells.push({ role: 'solution', gradeId: id, run: code ?? sourceOf(releaseCell(cell, i)), cell: { ...structuredClone(shown), outputs: [], execution_count: null }, replay: true, token: null });
    } else if (tags(cell).includes(UNGRADED_TAG)) {
      // The experiment is the student's to change: their version if they kept the cell.
      const theirs = typeof cell.id === 'string' ? byCellId.get(cell.id) : undefined;
      const shown = theirs && theirs.cell_type === 'code' ? theirs : cell;
      const code = options.allCells ? studentCode(sourceOf(shown), 'the experiment') : null;
      cells.push({ role: 'ungraded', gradeId: id, run: code, cell: { ...structuredClone(shown), outputs: [], execution_count: null }, replay: false, token: null });
    } else {
      cells.push({ role: 'setup', gradeId: id, run: sourceOf(cell), cell: { ...structuredClone(cell), outputs: [], execution_count: null }, replay: true, token: null });
    }
    if (id !== null) addExtras(id, tags(cell).includes(UNGRADED_TAG));
  });
  return { cells, tests, notes, flags: [...flags].sort() };
}
