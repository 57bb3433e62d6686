/** The grader's parts that need no kernel: release, screening, the plan, scoring, the check helpers, CSV, the sandbox's command and environment. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vm from 'node:vm';
import ts from 'typescript';
import { KERNELSPEC, ROOT } from '../../grader/course';
import { classCsv, resultLines } from '../../grader/grade';
import { versionWarning, type GradeResult } from '../../grader/grade-one';
import { INHERITED_ENV, kernelEnv, sandboxedCommand, type CellResult, type KernelResult } from '../../grader/kernel';
import { type Cell, type Notebook, sourceLines, sourceOf, notebookJson } from '../../grader/notebook';
import { buildPlan, checkHelpers, wrapTest } from '../../grader/plan';
import { releaseNotebook } from '../../grader/release';
import { screenCell } from '../../grader/screen';
import { errorMessage, score } from '../../grader/score';
import { expectAllClose, expectClose, expectTrue, selfCheck } from '../../src/notebook/exercise-checks';

const meta = (id: string, o: Record<string, unknown> = {}) => ({ nbgrader: { schema_version: 3, grade: false, solution: false, locked: false, task: false, grade_id: id, ...o } });
const code = (id: string, text: string, o: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Cell =>
  ({ cell_type: 'code', id, metadata: { ...meta(id, o), ...extra }, source: text, outputs: [], execution_count: null });
const notebook = (cells: Cell[]): Notebook => ({ cells, metadata: { wgan_lab: { assignment: 'toy', library_answers: ['jensenShannon'] } }, nbformat: 4, nbformat_minor: 5 });

function toySource(): Notebook {
  return notebook([
    { cell_type: 'markdown', id: 'intro', metadata: meta('intro', { locked: true }), source: '# Toy' },
    code('setup', "import { selfCheck, expectClose } from 'wgan-lab';", { locked: true }),
    code('double-solution', 'function double(x: number): number {\n  // BEGIN SOLUTION\n  return 2 * x;\n  // END SOLUTION\n}', { solution: true }),
    code('double', "selfCheck('double', () => {\n  expectClose(double(2), 4, 0, 'double(2)');\n  // BEGIN HIDDEN TESTS\n  expectClose(double(-3), -6, 0, 'double(-3)');\n  // END HIDDEN TESTS\n});", { grade: true, locked: true, points: 2 }),
    code('square-solution', '// BEGIN SOLUTION\nconst square = (x: number) => x * x;\n// END SOLUTION', { solution: true }),
    code('square', "selfCheck('square', () => expectClose(square(3), 9, 0, 'square(3)'));", { grade: true, locked: true, points: 3 }),
    { cell_type: 'code', id: 'experiment', metadata: { tags: ['ungraded'] }, source: 'console.log(double(square(2)));', outputs: [], execution_count: null },
  ]);
}

test('a release stubs each solution block at its indentation, removes hidden tests, clears outputs, keeps metadata, names the course kernel and version', () => {
  const source = toySource();
  (source.cells[2].outputs as unknown[]).push({ output_type: 'stream', name: 'stdout', text: 'x' });
  source.cells[2].execution_count = 7;
  const r = releaseNotebook(source, 'toy', '9.9.9');
  assert.equal(sourceOf(r.cells[2]), "function double(x: number): number {\n  // YOUR CODE HERE\n  throw new Error('not implemented: double');\n}");
  assert.equal(sourceOf(r.cells[4]), "// YOUR CODE HERE\nthrow new Error('not implemented: square');");
  assert.equal(sourceOf(r.cells[3]), "selfCheck('double', () => {\n  expectClose(double(2), 4, 0, 'double(2)');\n});");
  assert.deepEqual(r.cells[2].outputs, []);
  assert.equal(r.cells[2].execution_count, null);
  assert.deepEqual(r.cells.map((c) => c.metadata), source.cells.map((c) => c.metadata));
  assert.deepEqual(r.metadata.kernelspec, { ...KERNELSPEC });
  assert.deepEqual(r.metadata.wgan_lab, { assignment: 'toy', course_version: '9.9.9' }, "the instructor's list of library answers stays out of the release");
  assert.equal(sourceOf(source.cells[2]).includes('return 2 * x'), true, 'the source is not modified');
});

test('a release refuses unmatched markers and a test without points, naming the cell', () => {
  const bad = toySource();
  bad.cells[2].source = 'function f() {\n  // BEGIN SOLUTION\n  return 1;\n}';
  assert.throws(() => releaseNotebook(bad, 'toy', '1'), /cell 2 \('double-solution'\): 'BEGIN SOLUTION' on line 2 has no 'END SOLUTION'/);
  const noPoints = toySource();
  delete (noPoints.cells[3].metadata.nbgrader as Record<string, unknown>).points;
  assert.throws(() => releaseNotebook(noPoints, 'toy', '1'), /test cell 3 \('double'\) has no points/);
});

test('notebooks are written as nbformat writes them: sorted keys, one-space indent, sources as lines', () => {
  assert.deepEqual(sourceLines('a\nb\n'), ['a\n', 'b\n']);
  assert.deepEqual(sourceLines('a\nb'), ['a\n', 'b']);
  assert.deepEqual(sourceLines(''), []);
  assert.equal(notebookJson({ nbformat: 4, cells: [], metadata: { b: 1, a: 2 }, nbformat_minor: 5 }), '{\n "cells": [],\n "metadata": {\n  "a": 2,\n  "b": 1\n },\n "nbformat": 4,\n "nbformat_minor": 5\n}\n');
});

test("the screen refuses a cell that imports an exercise's answer from the library, in any form, and nothing else", () => {
  const answers = ['jensenShannon'];
  const refused = [
    "import { jensenShannon } from 'wgan-lab';",
    "import { jensenShannon as js } from 'wgan-lab';",
    "import * as L from 'wgan-lab';",
    "import L from 'wgan-lab';",
    "const L = require('wgan-lab');",
    "const f = require('wgan' + '-lab').jensenShannon;",
    "import { x } from 'wgan-lab/dist/divergences';",
    "import { x } from '../../dist/divergences';",
    "const d = require('/abs/dist/divergences.js');",
    "const L = await import('wgan-lab');",
    "const L = module.require('wgan-lab');",
    "const r = require; r('wgan-lab');",
    "export { jensenShannon } from 'wgan-lab';",
  ];
  for (const c of refused) assert.notEqual(screenCell(c, answers).rejected, null, c);
  const allowed = ["import { linspace, gaussian } from 'wgan-lab';", "import * as tf from '@tensorflow/tfjs';", 'const x = 1 + 2;', "const fs = require('fs');"];
  for (const c of allowed) assert.equal(screenCell(c, answers).rejected, null, c);
  assert.match(screenCell("import { jensenShannon } from 'wgan-lab';", answers).rejected!, /imports jensenShannon from 'wgan-lab'/);
});

test('the screen flags what reaches for the kernel machinery, and not ordinary code', () => {
  assert.deepEqual(screenCell("const fs = require('fs'); process.exit(0); globalThis.x = 1; eval('1');", []).flags,
    ["loads Node's 'fs' module", 'uses eval', 'uses globalThis', 'uses process']);
  assert.deepEqual(screenCell('const o = { process: 1 }; const y = o.process + Math.max(1, 2); function f(a: number) { return a; }', []).flags, []);
});

test('the plan takes tests and points from the source by grade_id, solutions from the submission, and added cells after the cell they followed', () => {
  const source = toySource();
  const sub = releaseNotebook(source, 'toy', '1');
  sub.cells[2].source = 'function double(x: number): number { return 2 * x; }';
  sub.cells[3].source = "selfCheck('double', () => {});";                                  // an edited test
  (sub.cells[5].metadata.nbgrader as Record<string, unknown>).points = 100;                  // re-pointed
  sub.cells.splice(4, 1);                                                                    // the square solution deleted
  sub.cells.splice(3, 0, { cell_type: 'code', id: 'mine', metadata: {}, source: 'const helper = 1;', outputs: [], execution_count: null });
  const plan = buildPlan(source, sub);
  assert.deepEqual(plan.cells.map((c) => c.role), ['grader', 'text', 'setup', 'solution', 'extra', 'test', 'solution', 'test', 'ungraded']);
  assert.deepEqual(plan.tests.map((t) => [t.gradeId, t.points]), [['double', 2], ['square', 3]]);
  assert.ok(plan.cells[5].run!.includes("expectClose(double(-3), -6, 0, 'double(-3)')"), "the source's test runs, hidden part included");
  assert.equal(plan.cells[4].run, 'const helper = 1;');
  assert.ok(plan.cells[6].run!.includes("throw new Error('not implemented: square')"), 'a deleted solution runs as the stub');
  assert.match(plan.notes.join('\n'), /no cell with grade_id 'square-solution'/);
  assert.equal(plan.cells[8].run, null, 'the ungraded experiment does not run');
  assert.notEqual(buildPlan(source, sub, { allCells: true }).cells[8].run, null, '... unless asked for');
  assert.notEqual(plan.cells[5].token, plan.cells[7].token);
  assert.notEqual(buildPlan(source, sub).cells[5].token, plan.cells[5].token, 'a new secret for every grading run');
});

test("the plan runs the stub in place of a solution that imports the library's answer, and says why", () => {
  const source = toySource();
  const sub = structuredClone(source);
  sub.cells[2].source = "import { jensenShannon } from 'wgan-lab';\nfunction double(x: number) { return 2 * x; }";
  const plan = buildPlan(source, sub);
  assert.ok(plan.cells[3].run!.includes('not implemented: double'));
  assert.match(plan.notes.join('\n'), /Your cell 'double-solution' imports jensenShannon from 'wgan-lab'/);
});

test('a wrapped test runs in a strict function with fresh helpers and a selfCheck that throws, and ends with its token', () => {
  const w = wrapTest("selfCheck('x', () => expectTrue(true, 'fine'));", 'abc123');
  assert.match(w, /^\(\(\) => \{\n'use strict';\n/);
  assert.ok(w.endsWith("})();\n'abc123'"));
  assert.ok(!/^export /m.test(checkHelpers()) && checkHelpers().includes('function expectClose('));
  // The wrapper, compiled and run: a failed check throws before the token; a passing one reaches it.
  const run = (test: string) => vm.runInNewContext(ts.transpileModule(wrapTest(test, 'TOKEN'), { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText, {});
  assert.equal(run("selfCheck('x', () => expectClose(1, 1, 0, 'one'));"), 'TOKEN');
  assert.throws(() => run("selfCheck('x', () => expectClose(1, 2, 0, 'one is two'));"), /one is two: expected 2 ± 0, got 1/);
  assert.throws(() => run("selfCheck('x', () => {});"), /x: no check ran/);
});

test("the grader's check helpers use no global a student could patch: they work with Math, Number, Array, String and Error broken", () => {
  const js = ts.transpileModule(checkHelpers(), { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  const broken = () => { throw new Error('a patched global was used'); };
  const trap = new Proxy({}, { get: broken, apply: broken, construct: broken });
  const context = { Math: trap, Number: trap, Array: trap, String: trap, Error: trap, Object: trap, JSON: trap, console: trap };
  const helpers = vm.runInNewContext(`${js}\n({ expectClose, expectAllClose, expectTrue })`, context) as
    { expectClose: typeof expectClose; expectAllClose: typeof expectAllClose; expectTrue: typeof expectTrue };
  helpers.expectClose(1.5, 1.5, 1e-12, 'fine');
  assert.throws(() => helpers.expectClose(NaN, 1, 1, 'nan'), /nan: expected 1 ± 1, got NaN/);
  assert.throws(() => helpers.expectClose(1e308, Infinity, 1e300, 'inf'), /inf: expected Infinity, got 1e\+308/);
  helpers.expectAllClose([1, 2], [1, 2], 0, 'fine');
  assert.throws(() => helpers.expectAllClose([1, 3], [1, 2], 0.5, 'pair', 'look again'), /pair, entry 1: expected 2 ± 0.5, got 3. Hint: look again/);
  assert.throws(() => helpers.expectAllClose('12', [1, 2], 0, 'text'), /text: expected an array of 2 numbers, got the string '12'/);
  assert.throws(() => helpers.expectTrue(1, 'truthy is not true'), /truthy is not true: not true/);
});

test('selfCheck prints passed, the first failure with its hint, "not implemented" or that no check ran: never nothing', () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (s: string) => lines.push(s);
  try {
    selfCheck('a', () => expectClose(2, 2, 0, 'two'));
    selfCheck('b', () => expectClose(3, 2, 0, 'two', 'count again'));
    selfCheck('c', () => { throw new Error('not implemented: c'); });
    selfCheck('d', () => {});
  } finally {
    console.log = log;
  }
  assert.deepEqual(lines, ['✅ a: passed (1 check)', '❌ b: two: expected 2 ± 0, got 3. Hint: count again',
    '❌ c: not implemented: c: write the function in the solution cell above, run that cell, then this one', '❌ d: no check ran, so nothing was shown to work']);
});

/** A kernel report for the toy plan: every cell ok, the tests' tokens printed, then `change` applied. */
function report(plan: ReturnType<typeof buildPlan>, change: (cells: CellResult[]) => void = () => {}): KernelResult {
  const cells = plan.cells.map((c): CellResult => ({ status: c.run === null ? 'not-run' : 'ok', execution_count: 1, seconds: 0.1, cpu_seconds: 0.1, outputs: c.token ? [{ output_type: 'stream', name: 'stdout', text: `${c.token}\n` }] : [], line_found: c.token !== null }));
  change(cells);
  return { kernel_starts: [1], restarts: 0, error: null, cells };
}

test('a test earns its points only with an ok reply and its token; an error, abort, timeout, a dead kernel or a missing token score 0, with the reason', () => {
  const plan = buildPlan(toySource(), toySource());
  assert.deepEqual(score(plan, report(plan), 60).exercises.map((e) => e.points), [2, 3]);
  const [d, s] = [plan.tests[0].index, plan.tests[1].index];
  const cases: [(c: CellResult[]) => void, RegExp][] = [
    [(c) => { c[d].line_found = false; }, /the test did not finish: its pass line is missing/],
    [(c) => { c[d].status = 'abort'; c[d].line_found = false; }, /did not run: the kernel refused it right after a failed cell/],
    [(c) => { c[d].status = 'timeout'; }, /ran longer than 60 s/],
    [(c) => { c[d].status = 'not-run'; }, /did not run/],
    [(c) => { c[d].status = 'error'; c[d].outputs = [{ output_type: 'stream', name: 'stderr', text: 'double(-3): expected -6 ± 0, got 6\n' }]; }, /^double\(-3\): expected -6 ± 0, got 6$/],
    [(c) => { c[d].status = 'error'; c[d].outputs = [{ output_type: 'stream', name: 'stderr', text: "3:5 - Cannot find name 'double'.\n" }]; }, /the test could not use your code: Cannot find name 'double'/],
  ];
  for (const [change, reason] of cases) {
    const r = score(plan, report(plan, change), 60);
    assert.deepEqual(r.exercises.map((e) => e.points), [0, 3], String(reason));
    assert.match(r.exercises[0].reason!, reason);
  }
  const died = score(plan, { ...report(plan, (c) => { c[s - 1].status = 'died'; c[s].status = 'error'; }), restarts: 1 }, 60);
  assert.equal(died.status, 'kernel restarted 1 time');
  assert.match(died.notes.join('\n'), /Your cell 'square-solution' did not complete: the kernel died while it ran/);
});

test('error messages: the error line after tslab\'s echo of the source, and the stub named for what it is', () => {
  assert.equal(errorMessage("    throw new Error('x');\n    ^\n\nRangeError: bad n\nmore"), 'RangeError: bad n\nmore');
  assert.equal(errorMessage("Error: not implemented: kl-divergence"), "your function is not written yet (it still throws 'not implemented: kl-divergence')");
  assert.equal(errorMessage('a thrown string'), 'a thrown string');
});

test('the class CSV has a column per exercise, the totals, status, warnings and flags, quoted where needed; each printed result ends with the total', () => {
  const r = (student: string, points: number[], warnings: string[] = []): GradeResult => ({
    student, assignment: 'toy', exercises: [{ gradeId: 'double', points: points[0], max: 2, reason: null }, { gradeId: 'square', points: points[1], max: 3, reason: 'a, "b"' }],
    total: points[0] + points[1], max: 5, status: 'ok', warnings, flags: [], notes: [], seconds: 1, kernelSeconds: 0.5, cellSeconds: 0.4, gradedCellCpuSeconds: 0.3,
  });
  assert.equal(classCsv([r('ann', [2, 3]), r('bob', [0, 3], ['released with 0.0.1, graded with 0.2.0'])]),
    'student,assignment,double,square,total,max,status,warnings,flags\nann,toy,2,3,5,5,ok,,\nbob,toy,0,3,3,5,ok,"released with 0.0.1, graded with 0.2.0",\n');
  assert.equal(resultLines(r('ann', [2, 0])).at(-1), 'total: 2 / 5 points');
});

test('the version warning: none for the same version, one for another or none recorded', () => {
  assert.equal(versionWarning('0.2.0', '0.2.0'), null);
  assert.match(versionWarning('0.1.0', '0.2.0')!, /released with course version 0.1.0, graded with 0.2.0/);
  assert.match(versionWarning(undefined, '0.2.0')!, /records no course version/);
});

test("the kernel runs under Node's permission model: it reads the library, its scratch folder and its connection file, and nothing of the course", () => {
  const cmd = sandboxedCommand([path.join(ROOT, 'node_modules', '.bin', 'tslab'), 'kernel', '--config-path', '{connection_file}'], '/tmp/scratch', '/tmp/rt/kernel.json');
  assert.equal(cmd[0], process.execPath);
  assert.ok(cmd.includes('--experimental-permission') && cmd.includes('--allow-addons') && cmd.includes('--allow-fs-write=/tmp/scratch'));
  const reads = cmd.filter((a) => a.startsWith('--allow-fs-read=')).map((a) => a.slice('--allow-fs-read='.length));
  assert.ok(reads.includes('/tmp/scratch') && reads.includes('/tmp/rt/kernel.json') && reads.includes(path.join(ROOT, 'dist')));
  for (const r of reads) assert.ok(!r.startsWith(path.join(ROOT, 'assignments')) && r !== ROOT && r !== '/', `the kernel must not read ${r}`);
  assert.ok(!cmd.some((a) => a.startsWith('--allow-child-process') || a.startsWith('--allow-worker')));
  assert.deepEqual(cmd.slice(-3), ['kernel', '--config-path', '{connection_file}']);
});

test("the kernel's environment holds ordinary variables and JupyterLab's, nothing the grader or npm adds", () => {
  const saved = { ...process.env };
  Object.assign(process.env, { npm_lifecycle_event: 'grade', WGAN_LAB_GRADING: '1', WGAN_LAB_WORKER: '1', TF_NUM_INTRAOP_THREADS: '1', SECRET_TOKEN: 'x' });
  try {
    const env = kernelEnv('/tmp/x/a/a.ipynb', { TF_CPP_MIN_LOG_LEVEL: '2' });
    const allowed = new Set([...INHERITED_ENV, 'JUPYTER_CONFIG_DIR', 'JUPYTER_DATA_DIR', 'JUPYTER_RUNTIME_DIR', 'JUPYTER_PREFER_ENV_PATH', 'VIRTUAL_ENV', 'TF_CPP_MIN_LOG_LEVEL', 'JPY_SESSION_NAME']);
    for (const k of Object.keys(env)) assert.ok(allowed.has(k), `unexpected variable ${k}`);
    assert.equal(env.JPY_SESSION_NAME, '/tmp/x/a/a.ipynb', 'as JupyterLab sets it for a notebook');
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  }
});
