/**
 * Notebooks as the grader reads and writes them (nbformat 4), and nbgrader's cell metadata (schema version 3):
 * `metadata.nbgrader = { schema_version: 3, grade, solution, locked, task, grade_id, points }`.
 * Files are written as nbformat writes them (keys sorted, one-space indent, sources as lists of lines), so a
 * notebook saved by JupyterLab and one written here differ only where their content does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One cell of an nbformat 4 notebook. */
export interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  id?: string;
  metadata: Record<string, unknown>;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  attachments?: unknown;
}

/** An nbformat 4 notebook. */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** nbgrader's metadata of a cell (schema version 3). */
export interface NbgraderMeta {
  schema_version?: number;
  grade?: boolean;
  solution?: boolean;
  locked?: boolean;
  task?: boolean;
  grade_id?: string;
  points?: number;
}

/** What this project keeps in a notebook's metadata under `wgan_lab`. */
export interface CourseMeta {
  /** The assignment's name (its folder's name). */
  assignment?: string;
  /** The course version the release was written with (package.json's `version`). */
  course_version?: string;
  /** Library names that compute an exercise's answer: a student's cell importing one earns nothing (source only). */
  library_answers?: string[];
}

/** Reads and parses a notebook; the error names the file and says what is wrong. */
export function readNotebook(file: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  } catch (e) {
    throw new Error(`${file} is not a readable notebook (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof nb !== 'object' || nb === null || !Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new Error(`${file} is not an nbformat 4 notebook (no 'cells' list or nbformat is not 4)`);
  }
  for (const cell of nb.cells) {
    if (typeof cell !== 'object' || cell === null || typeof cell.cell_type !== 'string') throw new Error(`${file} has a cell that is not an object with a cell_type`);
    cell.metadata = typeof cell.metadata === 'object' && cell.metadata !== null ? cell.metadata : {};
    if (typeof cell.source !== 'string' && !Array.isArray(cell.source)) cell.source = '';
  }
  nb.metadata = typeof nb.metadata === 'object' && nb.metadata !== null ? nb.metadata : {};
  return nb;
}

/** A cell's source as one string. */
export function sourceOf(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** Splits text into nbformat's list of lines (each but the last keeps its newline). */
export function sourceLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? l + '\n' : l)).filter((l, i) => !(i === lines.length - 1 && l === ''));
}

/** JSON with keys sorted at every level and a one-space indent, as nbformat writes notebooks, plus the final newline. */
export function notebookJson(nb: Notebook): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(sort(nb), null, 1) + '\n';
}

/** Writes a notebook (creating its folder), sources as lists of lines. */
export function writeNotebook(file: string, nb: Notebook): void {
  const out: Notebook = { ...nb, cells: nb.cells.map((c) => ({ ...c, source: sourceLines(sourceOf(c)) })) };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, notebookJson(out));
}

/** A cell's nbgrader metadata, or null if it has none. */
export function nbgrader(cell: Cell): NbgraderMeta | null {
  const m = cell.metadata.nbgrader;
  return typeof m === 'object' && m !== null ? (m as NbgraderMeta) : null;
}

/** The cell's grade_id, or null. */
export function gradeId(cell: Cell): string | null {
  const id = nbgrader(cell)?.grade_id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** A graded test cell ("autograder tests"): a code cell with grade: true and no solution. */
export function isTestCell(cell: Cell): boolean {
  const m = nbgrader(cell);
  return cell.cell_type === 'code' && m?.grade === true && m.solution !== true;
}

/** A solution cell ("autograded answer" without points): a code cell with solution: true and no grade. */
export function isSolutionCell(cell: Cell): boolean {
  const m = nbgrader(cell);
  return cell.cell_type === 'code' && m?.solution === true && m.grade !== true;
}

/** The cell's tags (metadata.tags). */
export function tags(cell: Cell): string[] {
  const t = cell.metadata.tags;
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

/** The notebook's `wgan_lab` metadata. */
export function courseMeta(nb: Notebook): CourseMeta {
  const m = nb.metadata.wgan_lab;
  return typeof m === 'object' && m !== null ? (m as CourseMeta) : {};
}

/**
 * Checks what the grader relies on in a source notebook: grade_ids unique, test cells with points >= 0, no cell both
 * solution and grade (nbgrader's "autograded answer" with points is not supported: tests live in their own cells).
 * Returns the problems found (empty when fine).
 */
export function sourceProblems(nb: Notebook): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  nb.cells.forEach((cell, i) => {
    const m = nbgrader(cell);
    if (!m) return;
    const id = gradeId(cell);
    if ((m.grade || m.solution || m.locked) && id === null) problems.push(`cell ${i} has nbgrader metadata but no grade_id`);
    if (id !== null) {
      if (seen.has(id)) problems.push(`grade_id '${id}' is used by more than one cell (cell ${i} is one)`);
      seen.add(id);
    }
    if (m.grade && m.solution) problems.push(`cell ${i} ('${id}') is both a solution and a graded cell: put its tests in a cell of their own`);
    if (m.grade && cell.cell_type === 'code' && !(typeof m.points === 'number' && m.points >= 0)) problems.push(`test cell ${i} ('${id}') has no points (a number >= 0)`);
  });
  return problems;
}
