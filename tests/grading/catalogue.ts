/**
 * What `npm test` grades to test the grader (tests/grading/run.ts): the mistakes students really make (mutants of
 * the sources' solutions, each expected to lose the points of the exercise it breaks and only those) and the
 * attacks of the README's threat model (each expected to gain nothing), as submissions with the points they must get.
 */
import * as path from 'node:path';
import { assignmentNotebook, DEFAULT_SOURCE } from '../../grader/course';
import { type Cell, type Notebook, gradeId, isSolutionCell, isTestCell, nbgrader, readNotebook, sourceOf } from '../../grader/notebook';

/** Which grading run a submission goes to: the runs differ in their command-line options. */
export type RunName = 'main' | 'experiments' | 'timeouts' | 'abort';

/** A submission and what grading it must give. */
export interface Case {
  name: string;
  /** What the case shows: a source earns everything, a release nothing, a mutant loses what it breaks, an attack gains nothing. */
  kind: 'source' | 'release' | 'mutant' | 'attack';
  assignment: string;
  run: RunName;
  notebook: Notebook;
  /** Points per exercise (grade_id of the test cell). */
  points: Record<string, number>;
  /** What the grading status must match (default: 'ok'). */
  status?: RegExp;
  /** Further checks: the autograded copy's text and the feedback; return the failures. */
  check?: (outcome: { autograded: string; feedback: string; warnings: string; flags: string }) => string[];
}

const RELEASE = path.join(path.dirname(DEFAULT_SOURCE), 'release');
const load = (folder: string, assignment: string) => readNotebook(assignmentNotebook(path.join(folder, assignment)));

/** The points of every exercise of an assignment, from its source. */
export function fullPoints(assignment: string): Record<string, number> {
  return Object.fromEntries(load(DEFAULT_SOURCE, assignment).cells.filter(isTestCell).map((c) => [gradeId(c)!, nbgrader(c)!.points ?? 0]));
}

/** A student's finished notebook: the release with every solution cell replaced by the source's. */
export function solved(assignment: string): Notebook {
  const source = load(DEFAULT_SOURCE, assignment);
  const nb = load(RELEASE, assignment);
  for (const cell of nb.cells) {
    if (!isSolutionCell(cell)) continue;
    const from = source.cells.find((c) => gradeId(c) === gradeId(cell))!;
    cell.source = sourceOf(from);
  }
  return nb;
}

/** The cell with grade_id `id` (throws when there is none: the catalogue is out of date). */
export function cellOf(nb: Notebook, id: string): Cell {
  const cell = nb.cells.find((c) => gradeId(c) === id);
  if (!cell) throw new Error(`no cell '${id}' in the notebook: update tests/grading/catalogue.ts`);
  return cell;
}

/** Replaces, in cell `id`, each `find` (which must occur exactly once) by its `replace`. */
export function patch(nb: Notebook, id: string, edits: [string, string][]): Notebook {
  const cell = cellOf(nb, id);
  let text = sourceOf(cell);
  for (const [find, replace] of edits) {
    const count = text.split(find).length - 1;
    if (count !== 1) throw new Error(`cell '${id}' contains ${JSON.stringify(find)} ${count} times, not once: update tests/grading/catalogue.ts`);
    text = text.replace(find, replace);
  }
  cell.source = text;
  return nb;
}

/** Sets the code of cell `id`. */
export function setCode(nb: Notebook, id: string, code: string): Notebook {
  cellOf(nb, id).source = code;
  return nb;
}

/** Inserts a cell the student added after cell `id`. */
export function addCellAfter(nb: Notebook, id: string, code: string, metadata: Record<string, unknown> = {}): Notebook {
  const i = nb.cells.indexOf(cellOf(nb, id));
  nb.cells.splice(i + 1, 0, { cell_type: 'code', id: `added-${i}-${nb.cells.length}`, metadata, source: code, outputs: [], execution_count: null });
  return nb;
}

/** The expected points when exercises `broken` earn nothing. */
export function pointsWithout(assignment: string, broken: string[]): Record<string, number> {
  const full = fullPoints(assignment);
  for (const b of broken) {
    if (!(b in full)) throw new Error(`'${b}' is not an exercise of ${assignment}: update tests/grading/catalogue.ts`);
    full[b] = 0;
  }
  return full;
}

/** A mistake students make: a patch of one solution cell, and the exercises it must cost. */
interface Mutant {
  name: string;
  assignment: string;
  cell: string;
  edits: [string, string][];
  breaks: string[];
}

export const MUTANTS: Mutant[] = [
  {
    name: 'js-log-base-2', assignment: '01-divergences', cell: 'js-divergence-solution', breaks: ['js-divergence'],
    edits: [['  const m: Pdf = (x) => 0.5 * (p(x) + q(x));\n  return 0.5 * klDivergence(p, m, lo, hi, n) + 0.5 * klDivergence(q, m, lo, hi, n);',
      '  const h = (hi - lo) / n;\n  let s = 0;\n  for (let i = 0; i < n; i++) {\n    const x = lo + (i + 0.5) * h, a = p(x), b = q(x), m = 0.5 * (a + b);\n' +
      '    if (a > 0) s += 0.5 * a * Math.log2(a / m);\n    if (b > 0) s += 0.5 * b * Math.log2(b / m);\n  }\n  return s * h;']],
  },
  {
    name: 'js-missing-half', assignment: '01-divergences', cell: 'js-divergence-solution', breaks: ['js-divergence'],
    edits: [['return 0.5 * klDivergence(p, m, lo, hi, n) + 0.5 * klDivergence(q, m, lo, hi, n);', 'return klDivergence(p, m, lo, hi, n) + klDivergence(q, m, lo, hi, n);']],
  },
  {
    name: 'w1-unsorted-samples', assignment: '02-earth-movers', cell: 'w1-sorted-solution', breaks: ['w1-sorted'],
    edits: [['  atoms.sort((p, q) => p[0] - q[0]);\n', '']],
  },
  {
    name: 'w1-weights-ignored', assignment: '02-earth-movers', cell: 'w1-sorted-solution', breaks: ['w1-sorted'],
    edits: [['[t, a[i] / sumA]', '[t, 1 / x.length]'], ['[t, -b[j] / sumB]', '[t, -1 / y.length]']],
  },
  {
    name: 'clip-before-the-step', assignment: '03-critic-lipschitz', cell: 'critic-step-solution', breaks: ['critic-step'],
    edits: [['  const loss = optimizer.minimize(', '  clipWeights(critic.params, c);\n  const loss = optimizer.minimize('], ['  loss.dispose();\n  clipWeights(critic.params, c);\n', '  loss.dispose();\n']],
  },
  {
    name: 'gp-weight-from-a-normal', assignment: '03-critic-lipschitz', cell: 'interpolates-solution', breaks: ['interpolates'],
    edits: [['tf.randomUniform([real.shape[0], 1], 0, 1,', 'tf.randomNormal([real.shape[0], 1], 0, 1,']],
  },
  {
    name: 'gp-weight-per-coordinate', assignment: '03-critic-lipschitz', cell: 'interpolates-solution', breaks: ['interpolates'],
    edits: [['tf.randomUniform([real.shape[0], 1], 0, 1,', 'tf.randomUniform(real.shape, 0, 1,']],
  },
  {
    name: 'gp-norm-per-dimension', assignment: '03-critic-lipschitz', cell: 'gradient-penalty-solution', breaks: ['gradient-penalty'],
    edits: [['tf.sqrt(tf.add(tf.sum(tf.square(grad), 1), 1e-12))', 'tf.sqrt(tf.add(tf.square(grad), 1e-12))']],
  },
  {
    name: 'gp-no-epsilon', assignment: '03-critic-lipschitz', cell: 'gradient-penalty-solution', breaks: ['gradient-penalty'],
    edits: [['tf.sqrt(tf.add(tf.sum(tf.square(grad), 1), 1e-12))', 'tf.sqrt(tf.sum(tf.square(grad), 1))']],
  },
  {
    name: 'gp-gradient-of-the-weights', assignment: '03-critic-lipschitz', cell: 'gradient-penalty-solution', breaks: ['gradient-penalty'],
    edits: [['    const grad = tf.grad((x: Tensor) => tf.sum(critic.apply(x as Tensor2D)))(xHat);',
      '    const weightGrads = tf.variableGrads(() => tf.sum(critic.apply(xHat)) as Scalar, critic.params).grads;\n' +
      '    const grad = tf.concat(Object.values(weightGrads).map((g) => tf.reshape(g, [1, -1])), 1);']],
  },
  {
    name: 'dirac-simultaneous-on-new-psi', assignment: '04-r1-dirac', cell: 'updates-solution', breaks: ['updates'],
    edits: [['  const [vTheta, vPsi] = field(theta, psi);\n  return [theta + h * vTheta, psi + h * vPsi];',
      '  const newPsi = psi + h * field(theta, psi)[1];\n  return [theta + h * field(theta, newPsi)[0], newPsi];']],
  },
  {
    name: 'r1-wrong-sign', assignment: '04-r1-dirac', cell: 'r1-field-solution', breaks: ['r1-field'],
    edits: [['vPsi - gamma * psi', 'vPsi + gamma * psi']],
  },
];

const ATTACKED = '04-r1-dirac';
const WRONG_EIGENVALUES = `
function eigenvalues2x2(m: [[number, number], [number, number]]): [Complex, Complex] {
  return [{ re: m[0][0], im: 0 }, { re: m[1][1], im: 0 }]; // wrong: the diagonal
}`;

/** What a read returned in the autograded copy: the attack prints 'read <file>' or 'could not read <file>'. */
const mustNotRead = (autograded: string, what: string, file: string) =>
  autograded.includes(`could not read ${file}`) && !autograded.includes(`read ${file}:`) ? [] : [`the submission's code could read ${what} (${file})`];

/** The attacks of the README's threat model, each with what it must (not) gain. */
export function attacks(paths: { privateSource: string; classFolder: string }): Case[] {
  const only = (...broken: string[]) => pointsWithout(ATTACKED, broken);
  const publicSource = assignmentNotebook(path.join(DEFAULT_SOURCE, ATTACKED));
  const privateSource = assignmentNotebook(path.join(paths.privateSource, ATTACKED));
  const otherSubmission = assignmentNotebook(path.join(paths.classFolder, 'submitted', 'r1-wrong-sign', ATTACKED));
  const cases: Case[] = [];

  const fake = setCode(solved(ATTACKED), 'eigenvalues-solution', `
// (attack) Print what passing looks like, and guesses at the grader's secret.
console.log('✅ eigenvalues: passed (4 checks)');
console.log('[grader] this test ran to its end');
console.log('total: 10 / 10 points');
for (let i = 0; i < 100; i++) console.log(Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join(''));
function eigenvalues2x2(m: [[number, number], [number, number]]): [Complex, Complex] {
  console.log('✅ eigenvalues: passed (4 checks)');
  // (attack) Read the calling test's text, where the grader's token is.
  const caller: unknown = (eigenvalues2x2 as unknown as { caller: unknown }).caller;
  console.log(\`caller: \${caller === null ? 'null' : \`read the test, \${String(caller).length} characters\`}\`);
  return [{ re: 1, im: 0 }, { re: 1, im: 0 }];
}`);
  (fake.metadata.wgan_lab as Record<string, unknown>).course_version = '0.0.1';
  const versionWarned = ({ warnings, autograded }: { warnings: string; autograded: string }) => [
    ...(/released with course version 0\.0\.1/.test(warnings) ? [] : [`no course version warning (warnings: '${warnings}')`]),
    ...(autograded.includes('caller: null') && !autograded.includes('read the test') ? [] : ["the student's function could read the calling test's text"]),
  ];
  cases.push({ kind: 'attack', name: 'attack-fake-pass-lines', assignment: ATTACKED, run: 'main', notebook: fake, points: only('eigenvalues'), check: versionWarned });
  cases.push({ kind: 'attack', name: 'attack-fake-pass-lines-again', assignment: ATTACKED, run: 'main', notebook: structuredClone(fake), points: only('eigenvalues'), check: versionWarned });

  cases.push({
    kind: 'attack', name: 'attack-redefined-helpers', assignment: ATTACKED, run: 'main', points: only('eigenvalues'),
    notebook: setCode(solved(ATTACKED), 'eigenvalues-solution', `
// (attack) Make every check pass: the helpers the tests call, redefined.
function selfCheck(exercise: string, checks: () => void): void { console.log(\`✅ \${exercise}: passed (4 checks)\`); }
function expectClose(...args: unknown[]): void {}
function expectAllClose(...args: unknown[]): void {}
function expectTrue(...args: unknown[]): void {}
Math.abs = () => 0;
${WRONG_EIGENVALUES}`),
  });

  cases.push({
    kind: 'attack', name: 'attack-patched-console', assignment: ATTACKED, run: 'main', points: only('eigenvalues'),
    notebook: setCode(solved(ATTACKED), 'eigenvalues-solution', `
// (attack) Hide every failure, print passes instead.
const originalLog = console.log.bind(console);
const looksBad = (x: unknown) => /❌|Error|expected|not /.test(String(x));
console.log = (...args: unknown[]) => originalLog(...args.map((x) => (looksBad(x) ? '✅ passed' : x)));
console.error = () => {};
process.stdout.write = (() => true) as typeof process.stdout.write;
process.stderr.write = (() => true) as typeof process.stderr.write;
${WRONG_EIGENVALUES}`),
  });

  cases.push({
    kind: 'attack', name: 'attack-exit-to-skip-the-tests', assignment: ATTACKED, run: 'main', points: only('eigenvalues'), status: /kernel restarted 1 time/,
    notebook: setCode(solved(ATTACKED), 'eigenvalues-solution', `${WRONG_EIGENVALUES}\n// (attack) End the kernel so that no test after this runs.\nprocess.exit(0);`),
  });

  cases.push({
    kind: 'attack', name: 'attack-throw-to-skip-the-next-cell', assignment: ATTACKED, run: 'main', points: only('eigenvalues'),
    notebook: setCode(solved(ATTACKED), 'eigenvalues-solution', `${WRONG_EIGENVALUES}\n// (attack) Fail here, hoping the test right after is aborted and scores as passed.\nthrow new Error('skip the next cell');`),
  });

  cases.push({
    kind: 'attack', name: 'attack-read-the-sources', assignment: ATTACKED, run: 'main', points: only('eigenvalues'),
    check: ({ autograded }) => [
      ...mustNotRead(autograded, 'the public source', publicSource),
      ...mustNotRead(autograded, "the instructor's private source", privateSource),
      ...mustNotRead(autograded, "another student's submission", otherSubmission),
      ...(autograded.includes('could not write into the class folder') ? [] : ['the submission could write into the class folder']),
    ],
    notebook: setCode(solved(ATTACKED), 'eigenvalues-solution', `
// (attack) Take the instructor's solution from the source notebook, wherever it is.
const fs = require('fs');
function stolen(file: string): Function | null {
  try {
    const text = fs.readFileSync(file, 'utf8');
    console.log(\`read \${file}: \${text.length} characters\`);
    const cell = JSON.parse(text).cells.find((c: any) => c.metadata?.nbgrader?.grade_id === 'eigenvalues-solution');
    const code = cell.source.join('');
    return new Function('m', code.slice(code.indexOf('BEGIN SOLUTION') + 14, code.indexOf('// END SOLUTION')));
  } catch (e) {
    console.log(\`could not read \${file} (\${String(e).split('\\n')[0]})\`);
    return null;
  }
}
const theirs = [${JSON.stringify(publicSource)}, ${JSON.stringify(privateSource)}, ${JSON.stringify(otherSubmission)}].map(stolen).find((f) => f !== null);
try { fs.writeFileSync(${JSON.stringify(path.join(paths.classFolder, 'autograded', 'planted.txt'))}, 'x'); console.log('wrote into the class folder'); }
catch (e) { console.log('could not write into the class folder'); }
function eigenvalues2x2(m: [[number, number], [number, number]]): [Complex, Complex] {
  return theirs ? theirs(m) : [{ re: 0, im: 0 }, { re: 0, im: 0 }];
}`),
  });

  cases.push({
    kind: 'attack', name: 'attack-detect-grading-mode', assignment: ATTACKED, run: 'main', points: only('eigenvalues'), status: /kernel restarted 1 time/,
    check: ({ autograded }) => {
      const probe = /probe: env=(\[.*?\]) files=(\[.*?\])/.exec(autograded);
      if (!probe) return ['the probe printed nothing'];
      return [...(probe[1] === '[]' ? [] : [`the kernel's environment says it is graded: ${probe[1]}`]), ...(probe[2] === '[]' ? [] : [`files say it is graded: ${probe[2]}`])];
    },
    notebook: setCode(solved(ATTACKED), 'eigenvalues-solution', `
// (attack) Behave well at home, cheat when graded: look for signs of grading, then print passes and skip the tests.
const fs = require('fs');
// (WGAN_LAB_ONEDNN_DEFAULT is the course kernel's own mark, set in every session at home as when graded: it tells nothing.)
const env = Object.keys(process.env).filter((k) => /grad|nbgrader|token|submi|secret|^npm_|^WGAN_LAB_(?!QUICK$|ONEDNN_DEFAULT$)/i.test(k));
const files = ['.grading', '../source', '../../source', '../autograded', '../../autograded', '../../submitted', '../../../submitted', '../feedback', '../../feedback']
  .filter((p) => { try { return fs.existsSync(p); } catch { return false; } });
let sandboxed = false;
try { fs.readdirSync('/etc'); } catch { sandboxed = true; }
console.log(\`probe: env=\${JSON.stringify(env)} files=\${JSON.stringify(files)} sandboxed=\${sandboxed} session=\${process.env.JPY_SESSION_NAME ? 'set' : 'unset'}\`);
if (env.length || files.length || sandboxed || !process.env.JPY_SESSION_NAME) {
  console.log('✅ eigenvalues: passed (4 checks)');
  process.exit(0);
}
${WRONG_EIGENVALUES}`),
  });

  cases.push({
    kind: 'attack', name: 'attack-rewrite-the-tests-in-the-kernel', assignment: ATTACKED, run: 'main', points: only('eigenvalues'),
    notebook: setCode(solved(ATTACKED), 'eigenvalues-solution', `
// (attack) Rewrite each later test into its bare token: tslab runs every cell through Node's vm module ...
const vm = require('vm');
const run = vm.runInThisContext;
vm.runInThisContext = (code: string, options: unknown) => {
  const token = /'([0-9a-f]{32})'/.exec(code);
  return run(token ? \`(function (exports) { exports.tsLastExpr = '\${token[1]}'; })(__tslab__.exports)\` : code, options);
};
vm.Script.prototype.runInThisContext = function () { return undefined; };
(globalThis as any).__tslab__ = { exports: {}, require };
// ... or in tslab's request handler, before the code reaches vm.
const J = require('tslab/dist/jupyter');
const original = J.JupyterHandlerImpl.prototype.handleExecuteImpl;
J.JupyterHandlerImpl.prototype.handleExecuteImpl = function (req: any, ...rest: any[]) {
  const token = /'([0-9a-f]{32})'/.exec(req.code);
  return original.call(this, token ? { ...req, code: \`'\${token[1]}'\` } : req, ...rest);
};
${WRONG_EIGENVALUES}`),
  });

  const imports = solved(ATTACKED);
  setCode(imports, 'eigenvalues-solution', `
// Takes the library's answer.
import { eigenvalues2x2 as fromLibrary } from 'wgan-lab';
function eigenvalues2x2(m: [[number, number], [number, number]]): [Complex, Complex] {
  return fromLibrary(m) as [Complex, Complex];
}`);
  patch(imports, 'r1-field-solution', [['  return (theta, psi) => {', "  const lib = require('wgan-lab');\n  return (theta: number, psi: number): [number, number] => { const v = lib.diracField(lib.diracGan({ r1: gamma }), theta, psi); return [v.theta, v.psi]; };\n  return (theta, psi) => {"]]);
  patch(imports, 'dirac-field-solution', [['function diracField', "import { linspace } from 'wgan-lab'; // allowed: not an answer\nfunction diracField"]]);
  cases.push({
    kind: 'attack', name: 'import-the-library-answer', assignment: ATTACKED, run: 'main', points: only('eigenvalues', 'r1-field'), notebook: imports,
    check: ({ feedback }) => (/imports eigenvalues2x2 from 'wgan-lab'/.test(feedback) && /imports the whole of 'wgan-lab'/.test(feedback) ? [] : ['the feedback does not say which import was refused']),
  });

  const edited = solved(ATTACKED);
  setCode(edited, 'eigenvalues-solution', WRONG_EIGENVALUES);
  setCode(edited, 'eigenvalues', "selfCheck('eigenvalues', () => { expectTrue(true, 'all good'); });");
  patch(edited, 'r1-field-solution', [['vPsi - gamma * psi', 'vPsi + gamma * psi']]);
  edited.cells.splice(edited.cells.indexOf(cellOf(edited, 'r1-field')), 1);
  patch(edited, 'updates-solution', [['  const [vTheta, vPsi] = field(theta, psi);\n  return [theta + h * vTheta, psi + h * vPsi];', '  return [theta, psi];']]);
  const updatesTest = cellOf(edited, 'updates');
  (updatesTest.metadata.nbgrader as Record<string, unknown>).points = 100;
  (updatesTest.metadata.nbgrader as Record<string, unknown>).grade_id = 'bonus-points';
  addCellAfter(edited, 'convergence', "console.log('✅ bonus: passed');", { nbgrader: { schema_version: 3, grade: true, solution: false, locked: true, task: false, grade_id: 'bonus', points: 50 } });
  cases.push({ kind: 'attack', name: 'attack-edited-deleted-repointed-tests', assignment: ATTACKED, run: 'main', points: only('eigenvalues', 'r1-field', 'updates'), notebook: edited });

  // An exception in a cell the student added, right before a test that would pass: with the grader's pause after a
  // failed cell the test runs (main run); without it (--settle 0) tslab aborts the test, which then scores 0.
  const beforeTest = addCellAfter(solved(ATTACKED), 'updates-solution', "throw new Error('an exception right before the test');");
  cases.push({ kind: 'attack', name: 'failed-cell-before-a-test', assignment: ATTACKED, run: 'main', points: fullPoints(ATTACKED), notebook: beforeTest });
  cases.push({
    kind: 'attack', name: 'failed-cell-before-a-test-no-pause', assignment: ATTACKED, run: 'abort', points: only('updates'), notebook: structuredClone(beforeTest),
    check: ({ feedback }) => (/did not run: the kernel refused it right after a failed cell/.test(feedback) ? [] : ["the feedback does not say the aborted test did not run"]),
  });

  cases.push({
    kind: 'attack', name: 'infinite-loop-in-a-function', assignment: ATTACKED, run: 'timeouts', points: only('eigenvalues'),
    notebook: setCode(solved(ATTACKED), 'eigenvalues-solution', `
function eigenvalues2x2(m: [[number, number], [number, number]]): [Complex, Complex] {
  // Forgot to advance. (It sleeps so that the test leaves the core to the others; a busy loop is stopped the same way.)
  while (true) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}`),
    check: ({ feedback }) => (/ran longer than \d+ s and was stopped/.test(feedback) ? [] : ['the feedback does not mention the time limit']),
  });
  cases.push({
    kind: 'attack', name: 'kernel-that-ignores-the-interrupt', assignment: ATTACKED, run: 'timeouts', points: only('eigenvalues'), status: /kernel restarted 1 time/,
    notebook: patch(solved(ATTACKED), 'eigenvalues-solution', [['// END SOLUTION\n}', '// END SOLUTION\n}\n// Starves the event loop, so SIGINT is never handled (and sleeps, to leave the core to the others).\n' +
      'while (true) { await null; Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); }']]),
  });
  return cases;
}

/** Every case: the untouched releases and the sources (with their experiments), the mutants, the attacks. */
export function allCases(paths: { privateSource: string; classFolder: string }): Case[] {
  const assignments = ['01-divergences', '02-earth-movers', '03-critic-lipschitz', '04-r1-dirac'];
  const cases: Case[] = [];
  for (const a of assignments) {
    cases.push({ kind: 'source', name: `source-${a}`, assignment: a, run: 'experiments', notebook: load(DEFAULT_SOURCE, a), points: fullPoints(a) });
    cases.push({ kind: 'release', name: `release-${a}`, assignment: a, run: 'experiments', notebook: load(RELEASE, a), points: pointsWithout(a, Object.keys(fullPoints(a))) });
  }
  for (const m of MUTANTS) cases.push({ kind: 'mutant', name: m.name, assignment: m.assignment, run: 'main', notebook: patch(solved(m.assignment), m.cell, m.edits), points: pointsWithout(m.assignment, m.breaks) });
  return [...cases, ...attacks(paths)];
}
