/**
 * `npm run grade -- <class folder | notebook.ipynb> [options]`: the course's autograder.
 *
 * A class folder is laid out as nbgrader lays it out: submitted/<student>/<assignment>/<assignment>.ipynb. Every
 * submission is graded in a pool of worker processes (one kernel each, as many as there are cores unless --workers
 * says), each against the instructor's source of its assignment (--source, default assignments/source), into
 * autograded/<student>/<assignment>/<assignment>.ipynb (the executed copy), feedback/<student>/<assignment>/<assignment>.md
 * (what failed and why, for the student) and grades.csv (one row per student and assignment). A single notebook is
 * graded alone (its assignment from its metadata, else its file name). For each submission the points per exercise
 * are printed, ending with `total: P / Q points`.
 *
 * Options: --source <folder>, --workers N, --timeout S (per cell, default 60), --all-cells (run the ungraded
 * experiment too), --out <folder> (a single notebook's executed copy and feedback), --settle S (seconds after a failed
 * cell before the next request, default 0.3).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultWorkers, processPool } from '../src/parallel/pool';
import { assignmentNotebook, courseVersion, DEFAULT_SOURCE, ROOT } from './course';
import { DEFAULT_GRADE_OPTIONS, type GradeJob, type GradeOptions, type GradeResult } from './grade-one';
import { courseMeta, readNotebook } from './notebook';
// @ts-ignore: the project's scripts are plain JavaScript modules without type declarations
import { buildIsStale, rebuild } from '../scripts/kernel.mjs';

interface Args {
  target: string;
  source: string;
  workers: number;
  out: string | null;
  options: GradeOptions;
}

const USAGE = 'usage: npm run grade -- <class folder | notebook.ipynb> [--source <folder>] [--workers N] [--timeout S] [--all-cells] [--out <folder>] [--settle S]';

function parseArgs(argv: string[]): Args {
  const options = { ...DEFAULT_GRADE_OPTIONS };
  let target: string | null = null;
  let source = DEFAULT_SOURCE;
  let workers = defaultWorkers();
  let out: string | null = null;
  const value = (i: number, name: string) => {
    if (i + 1 >= argv.length) throw new Error(`${name} needs a value. ${USAGE}`);
    return argv[i + 1];
  };
  const number = (i: number, name: string, min: number) => {
    const v = Number(value(i, name));
    if (!Number.isFinite(v) || v < min) throw new Error(`${name} must be a number >= ${min}, got '${argv[i + 1]}'`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--source') source = path.resolve(value(i++, a));
    else if (a === '--workers') workers = Math.floor(number(i++, a, 1));
    else if (a === '--timeout') options.timeout = number(i++, a, 1);
    else if (a === '--settle') options.settle = number(i++, a, 0);
    else if (a === '--out') out = path.resolve(value(i++, a));
    else if (a === '--all-cells') options.allCells = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}. ${USAGE}`);
    else if (target === null) target = path.resolve(a);
    else throw new Error(`one folder or notebook at a time, got '${target}' and '${a}'. ${USAGE}`);
  }
  if (target === null) throw new Error(USAGE);
  if (!fs.existsSync(target)) throw new Error(`${target} does not exist`);
  return { target, source, workers, out, options };
}

/** A submission found in a class folder, or why it cannot be graded. */
interface Found {
  student: string;
  assignment: string;
  notebook: string | null;
  problem: string | null;
}

/** The submissions of a class folder: submitted/<student>/<assignment>/ with one notebook (preferably <assignment>.ipynb). */
function findSubmissions(folder: string): Found[] {
  const submitted = path.join(folder, 'submitted');
  if (!fs.existsSync(submitted)) throw new Error(`${folder} has no submitted/ folder (expected submitted/<student>/<assignment>/<assignment>.ipynb, as nbgrader lays it out)`);
  const dirs = (p: string) => fs.readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
  const found: Found[] = [];
  for (const student of dirs(submitted)) {
    for (const assignment of dirs(path.join(submitted, student))) {
      const dir = path.join(submitted, student, assignment);
      const preferred = assignmentNotebook(dir);
      const notebooks = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb'));
      if (fs.existsSync(preferred)) found.push({ student, assignment, notebook: preferred, problem: null });
      else if (notebooks.length === 1) found.push({ student, assignment, notebook: path.join(dir, notebooks[0]), problem: null });
      else found.push({ student, assignment, notebook: null, problem: notebooks.length === 0 ? 'no notebook submitted' : `${notebooks.length} notebooks and none named ${assignment}.ipynb` });
    }
  }
  return found;
}

/** The lines printed for one graded submission, the last one `total: P / Q points`. */
export function resultLines(r: GradeResult): string[] {
  const width = Math.max(8, ...r.exercises.map((e) => e.gradeId.length));
  const lines = [`${r.student ? `${r.student} / ` : ''}${r.assignment} (${r.seconds.toFixed(1)} s${r.status === 'ok' ? '' : `; ${r.status}`})`];
  for (const e of r.exercises) lines.push(`  ${e.gradeId.padEnd(width)}  ${String(e.points).padStart(3)} / ${e.max}${e.reason ? `   ${e.reason.length > 110 ? e.reason.slice(0, 110) + '...' : e.reason}` : ''}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  for (const f of r.flags) lines.push(`  flag (read this submission): ${f}`);
  lines.push(`total: ${r.total} / ${r.max} points`);
  return lines;
}

/** One CSV field, quoted when it needs to be (RFC 4180). */
const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The class CSV: student, assignment, points per exercise (a column per grade_id), total, maximum, status, warnings, flags. */
export function classCsv(results: GradeResult[]): string {
  const columns: string[] = [];
  for (const r of results) for (const e of r.exercises) if (!columns.includes(e.gradeId)) columns.push(e.gradeId);
  const header = ['student', 'assignment', ...columns, 'total', 'max', 'status', 'warnings', 'flags'];
  const rows = results.map((r) => {
    const points = new Map(r.exercises.map((e) => [e.gradeId, e.points]));
    return [r.student ?? '', r.assignment, ...columns.map((c) => points.get(c) ?? ''), r.total, r.max, r.status, r.warnings.join('; '), r.flags.join('; ')];
  });
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** Builds the library first when src/ is newer than dist/ (the kernels load dist/, and a sandboxed kernel cannot build it), with the kernel's own check and build lock. */
function ensureBuilt(): void {
  if (!buildIsStale()) return;
  const error = rebuild((msg: string) => process.stderr.write(`${msg}\n`));
  if (error) throw new Error(`the library does not compile (${error}): fix src/, then grade again`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  ensureBuilt();
  const version = courseVersion();
  const single = args.target.endsWith('.ipynb');
  const sourceOf = (assignment: string) => assignmentNotebook(path.join(args.source, assignment));
  const jobs: GradeJob[] = [];
  const results: GradeResult[] = [];
  const unreadable = (student: string | null, assignment: string, status: string): GradeResult =>
    ({ student, assignment, exercises: [], total: 0, max: 0, status, warnings: [], flags: [], notes: [], seconds: 0, kernelSeconds: 0, cellSeconds: 0, gradedCellCpuSeconds: null });

  if (single) {
    let assignment = path.basename(args.target, '.ipynb');
    try {
      assignment = courseMeta(readNotebook(args.target)).assignment ?? assignment;
    } catch { /* graded as unreadable below */ }
    if (!fs.existsSync(sourceOf(assignment))) throw new Error(`no source for assignment '${assignment}' in ${args.source} (give --source <folder>)`);
    const out = args.out;
    jobs.push({
      student: null, assignment, submission: args.target, source: sourceOf(assignment), options: args.options, courseVersion: version,
      autograded: out ? path.join(out, `${assignment}.ipynb`) : null, feedback: out ? path.join(out, `${assignment}.md`) : null,
    });
  } else {
    for (const f of findSubmissions(args.target)) {
      if (f.problem) results.push(unreadable(f.student, f.assignment, f.problem));
      else if (!fs.existsSync(sourceOf(f.assignment))) results.push(unreadable(f.student, f.assignment, `no source for '${f.assignment}' in ${args.source}`));
      else {
        jobs.push({
          student: f.student, assignment: f.assignment, submission: f.notebook!, source: sourceOf(f.assignment), options: args.options, courseVersion: version,
          autograded: path.join(args.target, 'autograded', f.student, f.assignment, `${f.assignment}.ipynb`),
          feedback: path.join(args.target, 'feedback', f.student, f.assignment, `${f.assignment}.md`),
        });
      }
    }
  }

  const workers = Math.max(1, Math.min(args.workers, jobs.length));
  const t0 = performance.now();
  const running = new Map<GradeJob, string>();
  let done = 0;
  let failed = 0;
  const tty = process.stderr.isTTY;
  const progress = () => {
    const line = `grading: ${done}/${jobs.length} done, ${running.size} running${running.size ? ` (${[...running.values()].join(', ')})` : ''}, ${((performance.now() - t0) / 1000).toFixed(0)} s`;
    if (tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
    else process.stderr.write(`${line}\n`);
  };
  const name = (j: GradeJob) => (j.student ? `${j.student}/${j.assignment}` : j.assignment);
  const pool = processPool(path.join(__dirname, 'worker.ts'), workers);
  try {
    await Promise.all(jobs.map(async (job) => {
      try {
        const r = (await pool.exec('grade', [job], {
          on: (e: { done: number; total: number }) => {
            running.set(job, `${name(job)} cell ${e.done}/${e.total}`);
            if (tty) progress();
          },
        })) as GradeResult;
        results.push(r);
        if (tty) process.stderr.write('\r\x1b[2K');
        process.stdout.write(resultLines(r).join('\n') + '\n');
      } catch (e) {
        failed++;
        const status = `grader error: ${(e as Error).message.split('\n')[0]}`;
        results.push(unreadable(job.student, job.assignment, status));
        if (tty) process.stderr.write('\r\x1b[2K');
        process.stderr.write(`${name(job)}: ${(e as Error).message}\n`);
      } finally {
        running.delete(job);
        done++;
        progress();
      }
    }));
  } finally {
    await pool.terminate();
  }
  if (tty) process.stderr.write('\n');
  results.sort((a, b) => (a.student ?? '').localeCompare(b.student ?? '') || a.assignment.localeCompare(b.assignment));
  if (!single) {
    const csv = path.join(args.target, 'grades.csv');
    fs.writeFileSync(csv, classCsv(results));
    // Everything, for tools: feedback notes, flags and timings (wall, kernel start-up, cells, the kernel's CPU).
    fs.writeFileSync(path.join(args.target, 'grades.json'), JSON.stringify({ courseVersion: version, workers, seconds: (performance.now() - t0) / 1000, results }, null, 1) + '\n');
    const problems = results.filter((r) => r.exercises.length === 0).length;
    process.stderr.write(`graded ${jobs.length} submission${jobs.length === 1 ? '' : 's'} in ${((performance.now() - t0) / 1000).toFixed(1)} s with ${workers} worker${workers === 1 ? '' : 's'}` +
      `${problems ? ` (${problems} could not be graded)` : ''}; ${path.relative(process.cwd(), csv)}\n`);
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  main().then((code) => (process.exitCode = code), (e: Error) => {
    console.error(e.message);
    process.exitCode = 1;
  });
}
