/**
 * The grader, tested through `npm run grade` on real kernels (run by `npm test`, scripts/test.mjs):
 *  - the committed releases are up to date (`npm run assignments:release -- --check`);
 *  - the sources get full points and the untouched releases 0, without crashing the grader; the sources' graded cells
 *    take under 30 s of kernel CPU each, and their ungraded experiments run (quick mode);
 *  - every mutant of tests/grading/catalogue.ts loses the points of the exercise it breaks, and only those;
 *  - every attack of the README's threat model gains nothing;
 *  - grading the same submission twice gives the same points and feedback.
 * Four grading runs, because they differ in options: main (with --source <a private copy>), then side by side experiments
 * (--all-cells), timeouts (--timeout 25) and abort (--settle 0).
 * Prints one line per check and the timings, and exits 1 if a check failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assignmentNotebook, DEFAULT_SOURCE, ROOT } from '../../grader/course';
import type { GradeResult } from '../../grader/grade-one';
import { sourceOf, writeNotebook, readNotebook } from '../../grader/notebook';
import { allCases, type Case, type RunName } from './catalogue';

const failures: string[] = [];
function check(name: string, ok: boolean, detail = ''): void {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${name}${!ok && detail ? `: ${detail}` : ''}`);
  if (!ok) failures.push(name);
}
const load = () => os.loadavg()[0].toFixed(1);

/** Runs `npm run grade`'s script on a class folder; resolves with its exit code, stdout and seconds. */
function grade(folder: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'grader', 'grade.ts'), folder, ...args],
      { cwd: ROOT, env: { ...process.env, WGAN_LAB_QUICK: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, seconds: (performance.now() - t0) / 1000 }));
  });
}

/** The text of a notebook's outputs (what the student's code printed, what the tests said). */
function outputsText(file: string): string {
  if (!fs.existsSync(file)) return '';
  return readNotebook(file).cells.flatMap((c) => (c.outputs ?? []) as Record<string, unknown>[])
    .map((o) => (typeof o.text === 'string' ? o.text : JSON.stringify(o.data ?? ''))).join('\n');
}

async function main(): Promise<number> {
  const t0 = performance.now();
  console.log(`load average at the start: ${load()}`);
  const release = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'grader', 'release-cli.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  check('the committed releases are up to date (npm run assignments:release -- --check)', release.status === 0, (release.stderr + release.stdout).trim());

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wgan-lab-grading-test-'));
  const folders: Record<RunName, string> = { main: '', experiments: '', timeouts: '', abort: '' };
  for (const run of Object.keys(folders) as RunName[]) folders[run] = path.join(work, run);
  // An instructor's private copy of the sources, graded with --source: the attacks look for it too.
  const privateSource = path.join(work, 'private-source');
  fs.cpSync(DEFAULT_SOURCE, privateSource, { recursive: true });
  const cases = allCases({ privateSource, classFolder: folders.main });
  for (const c of cases) writeNotebook(assignmentNotebook(path.join(folders[c.run], 'submitted', c.name, c.assignment)), c.notebook);

  // The read-sources attack is real: where the source can be read, its extraction yields a working solution.
  const src = readNotebook(assignmentNotebook(path.join(DEFAULT_SOURCE, '04-r1-dirac')));
  const code = sourceOf(src.cells.find((c) => (c.metadata.nbgrader as { grade_id?: string } | undefined)?.grade_id === 'eigenvalues-solution')!);
  const stolen = new Function('m', code.slice(code.indexOf('BEGIN SOLUTION') + 14, code.indexOf('// END SOLUTION'))) as (m: number[][]) => { re: number; im: number }[];
  const ev = stolen([[0, -1], [1, 0]]);
  check('control: the read-sources attack works where the source is readable (it extracts a correct solution)', ev[0].re === 0 && ev[0].im === 1 && ev[1].im === -1);

  const timings: string[] = [];
  const runGrade = async (run: RunName, args: string[]) => {
    const loadBefore = load();
    const r = await grade(folders[run], args);
    const n = cases.filter((c) => c.run === run).length;
    timings.push(`${run}: ${n} submissions in ${r.seconds.toFixed(0)} s (${args.join(' ') || 'defaults'}; load ${loadBefore} -> ${load()})`);
    check(`grading run '${run}' completed (exit 0)`, r.code === 0, r.stderr.split('\n').filter((l) => !l.startsWith('grading:')).slice(-5).join(' | '));
    return r;
  };
  await runGrade('main', ['--source', privateSource, '--timeout', '30']);
  // The timeouts run's kernels sleep through their endless loops: it and the abort run go alongside the experiments.
  await Promise.all([runGrade('experiments', ['--all-cells', '--timeout', '120']), runGrade('timeouts', ['--timeout', '25', '--workers', '2']),
    runGrade('abort', ['--settle', '0', '--workers', '1'])]);

  const results = new Map<string, GradeResult>();
  for (const run of Object.keys(folders) as RunName[]) {
    const file = path.join(folders[run], 'grades.json');
    if (!fs.existsSync(file)) continue;
    for (const r of (JSON.parse(fs.readFileSync(file, 'utf8')) as { results: GradeResult[] }).results) results.set(`${run}/${r.student}`, r);
  }
  const describe = { source: 'full points', release: '0 points, no crash', mutant: 'loses only what it breaks', attack: 'gains nothing' };
  for (const c of cases) {
    const r = results.get(`${c.run}/${c.name}`);
    if (!r) {
      check(`${c.name}: graded`, false, 'no result');
      continue;
    }
    const got = Object.fromEntries(r.exercises.map((e) => [e.gradeId, e.points]));
    const wrong = Object.keys(c.points).filter((k) => got[k] !== c.points[k]).map((k) => `${k}: ${got[k]} (expected ${c.points[k]})`);
    const extra = Object.keys(got).filter((k) => !(k in c.points));
    const statusOk = (c.status ?? /^ok$/).test(r.status);
    const base = path.join(folders[c.run]);
    const autograded = outputsText(assignmentNotebook(path.join(base, 'autograded', c.name, c.assignment)));
    const feedbackFile = path.join(base, 'feedback', c.name, c.assignment, `${c.assignment}.md`);
    const feedback = fs.existsSync(feedbackFile) ? fs.readFileSync(feedbackFile, 'utf8') : '';
    const more = c.check ? c.check({ autograded, feedback, warnings: r.warnings.join('; '), flags: r.flags.join('; ') }) : [];
    const problems = [...wrong, ...extra.map((k) => `unexpected exercise ${k}`), ...(statusOk ? [] : [`status '${r.status}'`]), ...more];
    check(`${c.name} (${c.assignment}): ${describe[c.kind]} (${r.total} / ${r.max})`, problems.length === 0, problems.join('; '));
  }

  // Grading twice: two copies of one submission, the same points and the same feedback but for the name.
  const a = results.get('main/attack-fake-pass-lines'), b = results.get('main/attack-fake-pass-lines-again');
  const fb = (name: string) => fs.readFileSync(path.join(folders.main, 'feedback', name, '04-r1-dirac', '04-r1-dirac.md'), 'utf8').replace(name, 'NAME');
  check('the same submission graded twice gets the same points and feedback', !!a && !!b && JSON.stringify(a.exercises) === JSON.stringify(b.exercises) &&
    fb('attack-fake-pass-lines') === fb('attack-fake-pass-lines-again'));
  check('the untouched releases get no course-version warning; a notebook released with another version does',
    ['01-divergences', '04-r1-dirac'].every((x) => results.get(`experiments/release-${x}`)?.warnings.length === 0) && !!a?.warnings.some((w) => w.includes('0.0.1')));
  check('the flags point the instructor at the submissions that reach for the machinery',
    !!results.get('main/attack-read-the-sources')?.flags.length && results.get('main/r1-wrong-sign')?.flags.length === 0);

  // The sources' experiments ran (--all-cells), without an error.
  for (const x of ['01-divergences', '02-earth-movers', '03-critic-lipschitz', '04-r1-dirac']) {
    const file = assignmentNotebook(path.join(folders.experiments, 'autograded', `source-${x}`, x));
    const cells = fs.existsSync(file) ? readNotebook(file).cells.filter((c) => ((c.metadata.tags ?? []) as string[]).includes('ungraded') && c.cell_type === 'code') : [];
    const bad = cells.map((c) => (c.metadata.wgan_lab_grading as { status?: string } | undefined)?.status).filter((s) => s !== 'ok');
    check(`${x}: its ungraded experiment runs on the source's solutions (quick mode)`, cells.length > 0 && bad.length === 0, `${cells.length} cell(s), statuses ${JSON.stringify(bad)}`);
  }

  // The sources' graded cells: under 30 s of kernel CPU each (wall time depends on the machine's load, printed).
  for (const x of ['01-divergences', '02-earth-movers', '03-critic-lipschitz', '04-r1-dirac']) {
    const r = results.get(`experiments/source-${x}`);
    const cpu = r?.gradedCellCpuSeconds;
    check(`${x}: the graded cells run in under 30 s (kernel CPU ${cpu?.toFixed(1)} s; wall ${r?.cellSeconds.toFixed(1)} s with the experiment, kernel start ${r?.kernelSeconds.toFixed(1)} s)`,
      typeof cpu === 'number' && cpu < 30);
  }

  // Where the time goes.
  const all = [...results.values()];
  const sum = (f: (r: GradeResult) => number) => all.reduce((s, r) => s + f(r), 0);
  const wall = sum((r) => r.seconds), starts = sum((r) => r.kernelSeconds), cells = sum((r) => r.cellSeconds);
  console.log(`timings: ${timings.join('; ')}`);
  console.log(`per submission (sum over ${all.length}): ${wall.toFixed(0)} s of grading, of which ${(100 * starts / wall).toFixed(0)}% kernel start-up, ` +
    `${(100 * cells / wall).toFixed(0)}% cells, ${(100 * (wall - starts - cells) / wall).toFixed(0)}% the rest (Python, Node, files)`);
  console.log(`grading tests: ${((performance.now() - t0) / 1000).toFixed(0)} s, load average now ${load()}`);
  if (failures.length === 0) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`class folders kept in ${work}`);
  console.log(`grading: ${failures.length ? `FAILED: ${failures.length} check(s)` : 'all checks passed'}`);
  return failures.length ? 1 : 0;
}

main().then((code) => (process.exitCode = code), (e: Error) => {
  console.error(e.stack ?? e.message);
  process.exitCode = 1;
});
