// `npm test`: build the library, check the backend, run the unit tests, then execute every lesson in quick mode,
// then look at the executed lessons the way students do: nbconvert's HTML and JupyterLab in a real browser.
// Fails (exit 1) if any part fails. The native backend is required unless WGAN_LAB_ALLOW_FALLBACK=1.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALLOW_FALLBACK, jupyterEnv, probeTfjsNode, root, venvPython, tscBin } from './project.mjs';

const t0 = Date.now();
const step = (title) => console.log(`\n=== ${title} ===`);
const runInherit = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env }).status === 0;
const failures = [];
const skipped = [];

step('build (tsc)');
if (!runInherit(process.execPath, [tscBin, '-p', 'tsconfig.json'])) {
  console.error('The library does not compile: fix the errors above.');
  process.exit(1);
}

step('type check of tests and benchmarks (tsc --noEmit)');
if (!runInherit(process.execPath, [tscBin, '-p', 'tsconfig.tests.json'])) failures.push('type check');

step('backend');
const probe = probeTfjsNode();
if (probe.ok) {
  console.log(`native 'tensorflow' backend, TensorFlow C library ${probe.tfVersion}`);
} else if (process.env[ALLOW_FALLBACK] === '1') {
  console.log(`WARNING: native backend unavailable (${probe.error.split('\n')[0]}); ${ALLOW_FALLBACK}=1, so testing on the slow fallback.`);
} else {
  console.error(`The native TensorFlow backend does not load:\n${probe.error}\n` +
    `Fix it with \`npm run install:native\` (see \`npm run doctor\`), or, on a platform without it, run the tests on the ` +
    `slow pure-JavaScript backend with ${ALLOW_FALLBACK}=1 npm test.`);
  process.exit(1);
}

step('unit tests (node --test)');
const unitFiles = readdirSync(join(root, 'tests', 'unit')).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join('tests', 'unit', f));
if (!runInherit(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...unitFiles])) failures.push('unit tests');

step('the reproduction gallery: figures/README.md, the manifests and the SVGs agree (scripts/gallery.mjs --check)');
if (!runInherit(process.execPath, [join(root, 'scripts', 'gallery.mjs'), '--check'])) failures.push('gallery');

step('the project\'s kernel starts: registered, rebuilds a changed src/, quiet TensorFlow (tests/kernel_start.py)');
if (!runInherit(venvPython, [join(root, 'tests', 'kernel_start.py')], jupyterEnv())) failures.push('kernel start');

step('Kernel -> Interrupt stops training (the project\'s kernel)');
if (!runInherit(venvPython, [join(root, 'tests', 'kernel_interrupt.py')], jupyterEnv())) failures.push('kernel interrupt');

// Issue 14: the assignments and their grader (release check, sources, releases, mutants, attacks) on real kernels.
step('assignments: releases, the grader against mutants and attacks (the project\'s kernel, sandboxed)');
if (!runInherit(process.execPath, ['--import', 'tsx', join(root, 'tests', 'grading', 'run.ts')], jupyterEnv())) failures.push('assignments and grader');

step('notebooks (quick mode, the project\'s kernel)');
if (!runInherit(process.execPath, [join(root, 'scripts', 'run-notebooks.mjs')], { ...process.env, WGAN_LAB_QUICK: '1' })) failures.push('notebooks');

step('nbconvert --to html of an executed lesson shows every figure (tests/nbconvert_html.py)');
if (!runInherit(venvPython, [join(root, 'tests', 'nbconvert_html.py')], jupyterEnv())) failures.push('nbconvert html');

step('JupyterLab in a real browser (tests/browser/jupyterlab.ts: Debian chromium through playwright-core)');
const browser = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tests', 'browser', 'jupyterlab.ts')], { stdio: 'inherit', cwd: root });
if (browser.status === 77) skipped.push('browser test (no chromium: see above)');
else if (browser.status !== 0) failures.push('browser test');

const minutes = ((Date.now() - t0) / 60000).toFixed(1);
if (skipped.length) console.log(`\nSKIPPED: ${skipped.join(', ')}`);
if (failures.length) {
  console.error(`\nnpm test FAILED (${failures.join(', ')}) after ${minutes} min`);
  process.exit(1);
}
console.log(`\nnpm test passed in ${minutes} min`);
