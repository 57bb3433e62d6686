/**
 * Grades one submission: plan (source + submission), one sandboxed kernel, points, then the executed copy
 * (autograded) and the student's feedback. Runs in a worker process of the grading pool (grader/worker.ts) or alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInKernel, makeScratch, type KernelResult } from './kernel';
import { courseMeta, isTestCell, gradeId, nbgrader, readNotebook, sourceProblems, writeNotebook, type Notebook } from './notebook';
import { buildPlan } from './plan';
import { autogradedNotebook, score, type ExerciseResult } from './score';

/** How to grade. */
export interface GradeOptions {
  /** Seconds a cell may run (default 60). */
  timeout: number;
  /** Seconds to wait after a failed cell before the next request (default 0.3; 0 shows tslab's abort). */
  settle: number;
  /** Also run the cells tagged 'ungraded' (the experiment). */
  allCells: boolean;
  /** Seconds to wait for an interrupted cell's reply before restarting the kernel. */
  interruptGrace: number;
  /** Kernel restarts allowed per submission. */
  maxRestarts: number;
}

/** The defaults of {@link GradeOptions}. */
export const DEFAULT_GRADE_OPTIONS: GradeOptions = { timeout: 60, settle: 0.3, allCells: false, interruptGrace: 10, maxRestarts: 2 };

/** One submission to grade. */
export interface GradeJob {
  /** The student's name (their folder in submitted/), or null for a single notebook. */
  student: string | null;
  assignment: string;
  /** The submitted notebook. */
  submission: string;
  /** The instructor's source notebook of the assignment. */
  source: string;
  /** Where to write the executed copy, or null. */
  autograded: string | null;
  /** Where to write the feedback, or null. */
  feedback: string | null;
  options: GradeOptions;
  /** The course version grading runs with (package.json's). */
  courseVersion: string;
}

/** What grading one submission gave. */
export interface GradeResult {
  student: string | null;
  assignment: string;
  exercises: ExerciseResult[];
  total: number;
  max: number;
  status: string;
  /** For the instructor: a course version mismatch, and so on. */
  warnings: string[];
  /** For the instructor: what in the student's cells reaches for the kernel's machinery. */
  flags: string[];
  /** For the student: failed cells, refused imports, missing cells. */
  notes: string[];
  /** Wall-clock seconds of the whole submission, of kernel starts, and of the cells that ran. */
  seconds: number;
  kernelSeconds: number;
  cellSeconds: number;
  /** CPU seconds of the kernel on the cells that ran, graded cells only (not the ungraded experiment), or null. */
  gradedCellCpuSeconds: number | null;
}

/** The exercises of a source with no points earned, for a submission that could not be graded. */
function nothingEarned(source: Notebook, reason: string): ExerciseResult[] {
  return source.cells.filter(isTestCell).map((c) => ({ gradeId: gradeId(c)!, points: 0, max: nbgrader(c)!.points ?? 0, reason }));
}

/** The version warning for a submission released with `released` and graded with `current`, or null. */
export function versionWarning(released: string | undefined, current: string): string | null {
  if (released === undefined) return `the notebook records no course version (not released by \`npm run assignments:release\`?); grading with ${current}`;
  if (released !== current) return `released with course version ${released}, graded with ${current}: check that the assignment did not change in between (CHANGELOG.md)`;
  return null;
}

/** Grades one submission and writes its executed copy and feedback (when the job names them). */
export async function gradeSubmission(job: GradeJob, onProgress?: (done: number, total: number) => void): Promise<GradeResult> {
  const t0 = performance.now();
  const source = readNotebook(job.source);
  const problems = sourceProblems(source);
  if (problems.length) throw new Error(`the source ${job.source} is malformed:\n  - ${problems.join('\n  - ')}`);
  const base = { student: job.student, assignment: job.assignment, flags: [] as string[], kernelSeconds: 0, cellSeconds: 0, gradedCellCpuSeconds: null };
  let submission: Notebook;
  try {
    submission = readNotebook(job.submission);
  } catch (e) {
    const reason = `your notebook could not be read: ${(e as Error).message}`;
    const exercises = nothingEarned(source, reason);
    const result: GradeResult = { ...base, exercises, total: 0, max: exercises.reduce((s, x) => s + x.max, 0), status: 'unreadable', warnings: [], notes: [reason], seconds: (performance.now() - t0) / 1000 };
    if (job.feedback) writeFeedback(job.feedback, result, job);
    return result;
  }
  const warnings: string[] = [];
  const version = versionWarning(courseMeta(submission).course_version, job.courseVersion);
  if (version) warnings.push(version);

  const plan = buildPlan(source, submission, { allCells: job.options.allCells });
  const scratch = makeScratch(job.assignment);
  let kernel: KernelResult;
  try {
    const notebookPath = path.join(scratch.cwd, `${job.assignment}.ipynb`);
    fs.copyFileSync(job.submission, notebookPath);
    const cells = plan.cells.map((c) => ({ code: c.run ?? '', timeout: job.options.timeout, expect_line: c.token, replay: c.replay }));
    const runnable = plan.cells.map((c, i) => ({ c, i })).filter(({ c }) => c.run !== null);
    const reported = await runInKernel(runnable.map(({ i }) => cells[i]), scratch, notebookPath, { ...job.options, onProgress });
    // Back to the plan's indices: cells that were not sent are 'not-run' with no outputs.
    const all = plan.cells.map(() => ({ status: 'not-run' as const, execution_count: null, seconds: 0, cpu_seconds: null, outputs: [], line_found: false }));
    const merged: KernelResult = { ...reported, cells: all };
    runnable.forEach(({ i }, k) => (merged.cells[i] = reported.cells[k]));
    kernel = merged;
  } finally {
    scratch.remove();
  }
  const s = score(plan, kernel, job.options.timeout);
  const result: GradeResult = {
    ...base, exercises: s.exercises, total: s.total, max: s.max, status: s.status, warnings, flags: plan.flags, notes: s.notes,
    seconds: (performance.now() - t0) / 1000,
    kernelSeconds: kernel.kernel_starts.reduce((a, b) => a + b, 0),
    cellSeconds: kernel.cells.reduce((a, c) => a + c.seconds, 0),
    gradedCellCpuSeconds: gradedCpu(plan.cells.map((c) => c.role), kernel),
  };
  if (job.autograded) writeNotebook(job.autograded, autogradedNotebook(submission, plan, kernel));
  if (job.feedback) writeFeedback(job.feedback, result, job);
  return result;
}

/** The kernel's CPU seconds on the cells that are not ungraded, or null when a cell's CPU time is unknown. */
function gradedCpu(roles: string[], kernel: KernelResult): number | null {
  let total = 0;
  for (let i = 0; i < roles.length; i++) {
    const c = kernel.cells[i];
    if (roles[i] === 'ungraded' || c.status === 'not-run') continue;
    if (c.cpu_seconds === null) return null;
    total += c.cpu_seconds;
  }
  return total;
}

/** The feedback a student reads: points per exercise, why each failed one failed, and the notes. */
export function feedbackText(result: GradeResult, job: Pick<GradeJob, 'courseVersion'>): string {
  const who = result.student ? ` for ${result.student}` : '';
  const lines = [`# ${result.assignment}: feedback${who}`, '', `Graded with course version ${job.courseVersion}.`, '',
    '| exercise | points | result |', '|---|---|---|'];
  for (const e of result.exercises) lines.push(`| ${e.gradeId} | ${e.points} / ${e.max} | ${e.reason === null ? 'passed' : 'not passed (see below)'} |`);
  lines.push('', `**Total: ${result.total} / ${result.max} points**`, '');
  const failed = result.exercises.filter((e) => e.reason !== null);
  if (failed.length) {
    lines.push('## What did not pass', '');
    for (const e of failed) lines.push(`- **${e.gradeId}** (0 of ${e.max} points): ${e.reason}`);
    lines.push('');
  }
  if (result.notes.length) {
    lines.push('## Notes', '');
    for (const n of result.notes) lines.push(`- ${n}`);
    lines.push('');
  }
  if (result.status !== 'ok' && result.status !== 'unreadable') lines.push(`Grading: ${result.status}.`, '');
  return lines.join('\n');
}

/** Writes the feedback file (creating its folder). */
function writeFeedback(file: string, result: GradeResult, job: GradeJob): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, feedbackText(result, job));
}
