/**
 * The student's version of an assignment from the instructor's: each solution block replaced by a stub that throws
 * `not implemented: <exercise>`, hidden tests removed, outputs and execution counts cleared, nbgrader's metadata kept,
 * and the notebook's metadata naming the course kernel, the assignment and the course version it was released with.
 */
import { KERNELSPEC, MARKERS, solutionStub } from './course';
import { type Cell, type Notebook, gradeId, nbgrader, sourceOf, sourceProblems } from './notebook';

/** The lines of `text` with every `begin ... end` block (marker lines included) replaced by `replace(indent)`; errors name the cell. */
function replaceBlocks(text: string, begin: string, end: string, replace: (indent: string) => string, where: string): { text: string; blocks: number } {
  const lines = text.split('\n');
  const out: string[] = [];
  let blocks = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes(begin)) {
      if (lines[i].includes(end)) throw new Error(`${where}: '${end}' on line ${i + 1} has no '${begin}' before it`);
      out.push(lines[i]);
      continue;
    }
    const j = lines.findIndex((l, k) => k > i && l.includes(end));
    const nested = lines.findIndex((l, k) => k > i && (j < 0 || k < j) && l.includes(begin));
    if (j < 0) throw new Error(`${where}: '${begin}' on line ${i + 1} has no '${end}' after it`);
    if (nested >= 0) throw new Error(`${where}: '${begin}' on line ${nested + 1} is nested in the block opened on line ${i + 1}`);
    const indent = /^\s*/.exec(lines[i])![0];
    const replacement = replace(indent);
    if (replacement !== '') out.push(...replacement.replace(/\n$/, '').split('\n'));
    blocks++;
    i = j;
  }
  return { text: out.join('\n'), blocks };
}

/** The released version of one cell. */
export function releaseCell(cell: Cell, index: number): Cell {
  const out: Cell = structuredClone(cell);
  const m = nbgrader(cell);
  const id = gradeId(cell) ?? `cell ${index}`;
  const where = `cell ${index} ('${id}')`;
  let text = sourceOf(cell);
  if (m?.solution) {
    if (cell.cell_type === 'code') {
      const r = replaceBlocks(text, MARKERS.beginSolution, MARKERS.endSolution, (indent) => solutionStub(id, indent), where);
      // Like nbgrader: a solution cell without markers is replaced by the stub as a whole.
      text = r.blocks > 0 ? r.text : solutionStub(id, '').replace(/\n$/, '');
    } else {
      const r = replaceBlocks(text, MARKERS.beginSolution, MARKERS.endSolution, () => 'YOUR ANSWER HERE\n', where);
      text = r.blocks > 0 ? r.text : 'YOUR ANSWER HERE';
    }
  }
  if (m?.grade) text = replaceBlocks(text, MARKERS.beginHidden, MARKERS.endHidden, () => '', where).text;
  out.source = text;
  if (out.cell_type === 'code') {
    out.outputs = [];
    out.execution_count = null;
  }
  return out;
}

/** The released notebook of source notebook `nb` (assignment `assignment`, course version `version`); throws on a malformed source. */
export function releaseNotebook(nb: Notebook, assignment: string, version: string): Notebook {
  const problems = sourceProblems(nb);
  if (problems.length) throw new Error(`the source of '${assignment}' cannot be released:\n  - ${problems.join('\n  - ')}`);
  const metadata = structuredClone(nb.metadata);
  const course = { ...((metadata.wgan_lab as object | undefined) ?? {}), assignment, course_version: version } as Record<string, unknown>;
  delete course.library_answers; // the instructor's list; the grader reads it from the source
  metadata.wgan_lab = course;
  metadata.kernelspec = { ...KERNELSPEC };
  return { ...nb, metadata, cells: nb.cells.map(releaseCell) };
}

/** The source notebook with the course kernelspec in its metadata (true in `changed` when it was another). */
export function withCourseKernel(nb: Notebook): { nb: Notebook; changed: boolean } {
  const current = nb.metadata.kernelspec as Record<string, unknown> | undefined;
  const changed = !current || current.name !== KERNELSPEC.name || current.display_name !== KERNELSPEC.display_name || current.language !== KERNELSPEC.language;
  return { nb: changed ? { ...nb, metadata: { ...nb.metadata, kernelspec: { ...KERNELSPEC } } } : nb, changed };
}
