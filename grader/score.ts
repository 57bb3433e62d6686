/**
 * Points from what the kernel reported. A test earns its points only if its execute_reply said 'ok' AND its
 * secret token (generated for this grading run, in no file and in no cell the student's code ran before the test)
 * appeared in its own output, which happens only when the test's code ran to its end. Anything else scores 0:
 * an error, an abort (tslab's 200 ms after a failure), a timeout, a dead kernel, a test that never ran, or one
 * whose output was hidden. Printed "passed" lines, a patched console and redefined helpers change none of this.
 */
import type { CellResult, KernelResult } from './kernel';
import type { Notebook } from './notebook';
import type { Plan } from './plan';

/** One exercise's outcome (one graded test cell). */
export interface ExerciseResult {
  gradeId: string;
  points: number;
  max: number;
  /** Why it earned nothing, in words a student reads (null when it passed). */
  reason: string | null;
}

/** The outcome of grading one submission. */
export interface Score {
  exercises: ExerciseResult[];
  total: number;
  max: number;
  /** 'ok' when every planned cell ran in one kernel; otherwise what happened (restarts, an early stop). */
  status: string;
  /** Things the student should know beyond the tests (failed solution cells, refused imports, a missing cell). */
  notes: string[];
}

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** The text a cell wrote to stderr, without stack frames and tslab's echo of the source. */
export function stderrText(result: CellResult): string {
  const text = result.outputs
    .filter((o) => o.output_type === 'stream' && o.name === 'stderr')
    .map((o) => String(o.text)).join('');
  return strip(text).split('\n').filter((l) => l.trim() !== '' && !/^\s+at /.test(l) && !l.startsWith('evalmachine.')).join('\n').trim();
}

/**
 * The message of an error text: from the first "SomethingError: ..." line on when there is one (tslab echoes the
 * failing source line and a caret before it), else the whole text (a thrown string, e.g. a failed check's message).
 */
export function errorMessage(text: string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^[A-Za-z]*(?:Error|Exception)\b[^:]*:/.test(l));
  if (i < 0) return text;
  const message = lines.slice(i).join('\n');
  const stub = /^Error: (not implemented: .*)$/m.exec(message);
  return stub ? `your function is not written yet (it still throws '${stub[1]}')` : message;
}

/** TypeScript's diagnostics ("12:3 - Cannot find name 'x'.") in stderr, without their positions (they are the wrapper's). */
function diagnostics(text: string): string[] {
  return text.split('\n').map((l) => /^\s*(?:\S+ )?\d+:\d+ - (.*)$/.exec(l)?.[1]).filter((m): m is string => m !== undefined);
}

/** The first lines of an error text, at most `max` characters. */
function firstLines(text: string, lines = 3, max = 600): string {
  const t = text.split('\n').slice(0, lines).join(' ').trim();
  return t.length > max ? `${t.slice(0, max)}...` : t;
}

/** Why a cell did not complete, in a student's words ('' for a cell that completed). */
export function failureOf(result: CellResult, timeout: number): string {
  switch (result.status) {
    case 'ok': return '';
    case 'abort': return 'it did not run: the kernel refused it right after a failed cell (tslab aborts requests for 200 ms after an error)';
    case 'timeout': return `it ran longer than ${timeout} s and was stopped`;
    case 'hung': return `it ran longer than ${timeout} s and the kernel no longer answered, so the kernel was restarted`;
    case 'died': return 'the kernel died while it ran (process.exit, a crash or running out of memory), so the kernel was restarted';
    case 'not-run': return 'it did not run (grading stopped before it)';
    default: {
      const text = stderrText(result);
      const diags = diagnostics(text);
      if (diags.length) return `it did not compile: ${firstLines(diags.join('\n'), 2)}`;
      return text ? firstLines(errorMessage(text)) : 'it failed without a message';
    }
  }
}

/** Scores a submission from its plan and the kernel's report; `timeout` is the per-cell limit in seconds. */
export function score(plan: Plan, kernel: KernelResult, timeout: number): Score {
  const notes = [...plan.notes];
  const exercises = plan.tests.map((t): ExerciseResult => {
    const r = kernel.cells[t.index];
    const passed = r.status === 'ok' && r.line_found;
    let reason: string | null = null;
    if (!passed) {
      if (r.status === 'ok') reason = 'the test did not finish: its pass line is missing (something in your code stopped it or hid its output)';
      else if (r.status === 'error') {
        const text = stderrText(r);
        const diags = diagnostics(text);
        reason = diags.length
          ? `the test could not use your code: ${firstLines(diags.join('\n'), 2)} (did your solution cell run without errors, with the function named and typed as asked?)`
          : text ? firstLines(errorMessage(text)) : 'the test failed without a message';
      } else reason = `the test ${failureOf(r, timeout)}`;
    }
    return { gradeId: t.gradeId, points: passed ? t.points : 0, max: t.points, reason };
  });
  // The student's own cells that failed: their errors explain the tests that could not use them.
  plan.cells.forEach((c, i) => {
    if ((c.role === 'solution' || c.role === 'extra') && c.run !== null && kernel.cells[i].status !== 'ok') {
      const what = c.role === 'solution' ? `Your cell '${c.gradeId}'` : `The cell you added${c.gradeId ? ` after '${c.gradeId}'` : ''}`;
      notes.push(`${what} did not complete: ${failureOf(kernel.cells[i], timeout)}.`);
    }
  });
  const parts: string[] = [];
  if (kernel.restarts > 0) parts.push(`kernel restarted ${kernel.restarts} time${kernel.restarts === 1 ? '' : 's'}`);
  if (kernel.error) parts.push(kernel.error);
  return {
    exercises,
    total: exercises.reduce((s, e) => s + e.points, 0),
    max: exercises.reduce((s, e) => s + e.max, 0),
    status: parts.length ? parts.join('; ') : 'ok',
    notes,
  };
}

/** The executed notebook as the grader ran it: the plan's cells with their outputs, tokens replaced by a readable line. */
export function autogradedNotebook(submission: Notebook, plan: Plan, kernel: KernelResult): Notebook {
  const cells = plan.cells.map((c, i) => {
    const cell = structuredClone(c.cell);
    if (cell.cell_type !== 'code') return cell;
    const r = kernel.cells[i];
    let outputs = r.outputs;
    if (c.token) {
      const token = c.token;
      outputs = outputs.map((o) => (o.output_type === 'stream' && typeof o.text === 'string'
        ? { ...o, text: o.text.split(token).join('[grader] this test ran to its end') } : o));
    }
    cell.outputs = outputs;
    cell.execution_count = r.execution_count;
    cell.metadata = { ...cell.metadata, wgan_lab_grading: { status: c.run === null ? 'not run' : r.status, seconds: r.seconds } };
    return cell;
  });
  return { ...submission, cells };
}
