// The project's own install step, run by `npm install` (package.json "postinstall").
//
// 1. The tfjs-node native binding. tfjs-node's own install script is denied in package.json
//    ("allowScripts") because offline it fails and would abort `npm install`. Instead:
//    a. if the binding already loads, nothing to do (re-running `npm install` is fast);
//    b. online route: tfjs-node's own scripts/install.js (downloads libtensorflow 2.9.1 and a prebuilt binding);
//    c. offline route: libtensorflow from pip's `tensorflow-cpu` wheel (it ships the C and eager C APIs),
//       put where tfjs-node's build expects it, then the same scripts/install.js builds the binding from source;
//    d. if both fail: say so loudly, and the library falls back to the pure-JavaScript backend (see src/backend.ts).
// 2. Jupyter: a project-local venv with JupyterLab and nbclient; the project's kernel "wgan-lab (TypeScript)"
//    (scripts/kernel.mjs) and tslab's own kernels registered in the project's Jupyter data folder; JupyterLab's news
//    prompt switched off.
// 3. The library build (dist/), which notebooks import as 'wgan-lab'.
//
// Nothing here throws out of `npm install`: each step reports what failed and the command that retries it.
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jupyterDirs, jupyterEnv, kernel, lastLines, pins, probeTfjsNode, root, run, tfjsNodeDir, tslabBin, venv, venvPython, venvReady, tscBin } from './project.mjs';

const say = (msg) => console.log(`[wgan-lab install] ${msg}`);
const problems = [];

function nodeGypEnv() {
  const nodedir = run('npm', ['config', 'get', 'nodedir'], { cwd: root }).stdout.trim();
  return {
    ...process.env,
    PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    // Without Node's headers set explicitly, node-gyp tries to download them.
    ...(nodedir && nodedir !== 'undefined' ? { npm_config_nodedir: nodedir } : {}),
  };
}

/** tfjs-node's own install script: downloads (or, with libtensorflow in place, skips the download) and builds. */
function runTfjsInstallScript(timeoutMs) {
  return run(process.execPath, ['scripts/install.js'], { cwd: tfjsNodeDir, env: nodeGypEnv(), timeout: timeoutMs });
}

/** Offline route: libtensorflow from the tensorflow-cpu wheel, then a source build of the binding. */
function buildFromWheel() {
  const python = ['python3', 'python'].find((p) => run(p, ['--version']).ok);
  if (!python) return 'no python3 on PATH to fetch the tensorflow-cpu wheel with pip';
  const wheelDir = join(root, '.cache', 'wheels');
  mkdirSync(wheelDir, { recursive: true });
  let wheel = readdirSync(wheelDir).find((f) => f.startsWith(`tensorflow_cpu-${pins.tensorflowCpu}-`));
  if (!wheel) {
    say(`fetching the tensorflow-cpu ${pins.tensorflowCpu} wheel with pip (about 270 MB) ...`);
    const r = run(python, ['-m', 'pip', 'download', '--retries', '0', '--no-deps', '--only-binary=:all:',
      `tensorflow-cpu==${pins.tensorflowCpu}`, '-d', wheelDir], { timeout: 15 * 60_000 });
    wheel = readdirSync(wheelDir).find((f) => f.startsWith(`tensorflow_cpu-${pins.tensorflowCpu}-`));
    if (!r.ok || !wheel) return `pip could not download tensorflow-cpu==${pins.tensorflowCpu}:\n${lastLines(r.stderr, 4)}`;
  }
  const deps = join(tfjsNodeDir, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, 'lib'), { recursive: true });
  say('unpacking libtensorflow and its C headers from the wheel ...');
  // Only the two libraries and the C API headers (plus the tsl headers they include).
  const extract = `
import sys, zipfile, os, shutil
whl, deps = sys.argv[1], sys.argv[2]
want_inc = ('tensorflow/include/tensorflow/c/', 'tensorflow/include/tsl/', 'tensorflow/include/xla/tsl/',
            'tensorflow/include/tensorflow/core/platform/ctstring')
libs = {'tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'}
with zipfile.ZipFile(whl) as z:
    for info in z.infolist():
        n = info.filename
        if n.endswith('/'): continue
        if n in libs: dest = os.path.join(deps, 'lib', os.path.basename(n))
        elif n.startswith(want_inc): dest = os.path.join(deps, 'include', n[len('tensorflow/include/'):])
        else: continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(info) as src, open(dest, 'wb') as out: shutil.copyfileobj(src, out, 1 << 22)
`;
  const x = run(python, ['-c', extract, join(wheelDir, wheel), deps], { timeout: 10 * 60_000 });
  if (!x.ok) return `could not unpack the wheel:\n${lastLines(x.stderr, 4)}`;
  // tfjs-node 4.22's build and loader expect libtensorflow 2.9.1's file names.
  const lib = join(deps, 'lib');
  for (const [link, target] of [
    ['libtensorflow.so', 'libtensorflow_cc.so.2'],
    ['libtensorflow.so.2', 'libtensorflow_cc.so.2'],
    ['libtensorflow.so.2.9.1', 'libtensorflow_cc.so.2'],
    ['libtensorflow_framework.so', 'libtensorflow_framework.so.2'],
    ['libtensorflow_framework.so.2.9.1', 'libtensorflow_framework.so.2'],
  ]) symlinkSync(target, join(lib, link));
  say('building the tfjs-node binding against it (about 10 s) ...');
  const b = runTfjsInstallScript(10 * 60_000);
  if (!b.ok) return `building the binding failed:\n${lastLines(b.stdout + b.stderr, 8)}`;
  // The libraries are in place; the 270 MB wheel is no longer needed.
  rmSync(join(wheelDir, wheel), { force: true });
  return null;
}

function installBinding() {
  if (!existsSync(tfjsNodeDir)) {
    problems.push('@tensorflow/tfjs-node is not installed (npm install did not fetch it)');
    return;
  }
  const before = probeTfjsNode();
  if (before.ok) {
    say(`tfjs-node binding loads (TensorFlow C library ${before.tfVersion}); nothing to build.`);
    return;
  }
  const reasons = [];
  if (process.env.WGAN_LAB_OFFLINE !== '1') {
    say('trying the online route: tfjs-node\'s own install script ...');
    const r = runTfjsInstallScript(5 * 60_000);
    const p = probeTfjsNode();
    if (p.ok) {
      say(`online route worked: TensorFlow C library ${p.tfVersion}.`);
      return;
    }
    reasons.push(`online route: ${lastLines(r.stdout + r.stderr, 3) || p.error}`);
    say('online route failed (no internet?); trying the offline route.');
  }
  const err = buildFromWheel();
  const p = probeTfjsNode();
  if (!err && p.ok) {
    say(`offline route worked: TensorFlow C library ${p.tfVersion} from the tensorflow-cpu wheel.`);
    return;
  }
  reasons.push(`offline route: ${err ?? p.error}`);
  problems.push(
    'The native TensorFlow backend could NOT be installed, so wgan-lab will train on the slow pure-JavaScript\n' +
    'backend (@tensorflow/tfjs, about 300x slower on matrix products). Why:\n  ' + reasons.join('\n  ').replace(/\n/g, '\n    ') +
    '\nRetry with `npm run install:native`; `npm test` refuses the fallback unless WGAN_LAB_ALLOW_FALLBACK=1.');
}

function installJupyter() {
  if (!venvReady()) {
    say('creating the project\'s Python environment (.venv) with JupyterLab and nbclient ...');
    const python = ['python3', 'python'].find((p) => run(p, ['--version']).ok);
    if (!python) {
      problems.push('no python3 on PATH: JupyterLab and the notebook runner need Python 3.9+ (e.g. apt-get install python3-venv)');
      return;
    }
    const v = run(python, ['-m', 'venv', venv]);
    if (!v.ok) {
      problems.push(`python3 -m venv .venv failed (on Debian: apt-get install python3-venv):\n${lastLines(v.stderr, 3)}`);
      return;
    }
    const p = run(venvPython, ['-m', 'pip', 'install', '--retries', '0', '--disable-pip-version-check', '-q',
      `jupyterlab==${pins.jupyterlab}`, `nbclient==${pins.nbclient}`], { timeout: 20 * 60_000 });
    if (!p.ok || !venvReady()) {
      problems.push(`pip could not install JupyterLab and nbclient into .venv:\n${lastLines(p.stderr, 4)}\nRetry: npm run install:jupyter`);
      return;
    }
  } else {
    say('JupyterLab and nbclient are installed in .venv.');
  }
  for (const d of Object.values(jupyterDirs)) mkdirSync(d, { recursive: true });
  // The tslab kernel, registered in the project's own Jupyter data folder and pointing at the project's tslab.
  const kernels = join(jupyterDirs.data, 'kernels');
  const t = run(tslabBin, ['install', `--python=${venvPython}`, '--prefix', join(root, '.jupyter', 'prefix')], { env: jupyterEnv() });
  if (!t.ok) {
    problems.push(`tslab install failed:\n${lastLines(t.stderr, 4)}`);
    return;
  }
  for (const name of ['tslab', 'jslab']) {
    const from = join(root, '.jupyter', 'prefix', 'share', 'jupyter', 'kernels', name);
    if (!existsSync(join(from, 'kernel.json'))) continue;
    const spec = JSON.parse(readFileSync(join(from, 'kernel.json'), 'utf8'));
    spec.argv[0] = tslabBin; // the bare command `tslab` would need node_modules/.bin on Jupyter's PATH
    // TensorFlow's C library logs CPU-feature notices on load; keep them out of the server log.
    spec.env = { ...(spec.env ?? {}), TF_CPP_MIN_LOG_LEVEL: '2' };
    mkdirSync(join(kernels, name), { recursive: true });
    writeFileSync(join(kernels, name, 'kernel.json'), JSON.stringify(spec, null, 1) + '\n');
  }
  rmSync(join(root, '.jupyter', 'prefix'), { recursive: true, force: true });
  // The project's kernel: tslab started by scripts/kernel.mjs (quiet TensorFlow, rebuilds a changed src/), run by the
  // node that ran this install. Lessons name it in their metadata.
  mkdirSync(join(kernels, kernel.name), { recursive: true });
  writeFileSync(join(kernels, kernel.name, 'kernel.json'), JSON.stringify({
    argv: [process.execPath, kernel.script, '{connection_file}'],
    display_name: kernel.displayName,
    language: 'typescript',
    interrupt_mode: 'signal',
  }, null, 1) + '\n');
  // An offline course does not want JupyterLab asking to fetch news or check for updates.
  const settings = join(venv, 'share', 'jupyter', 'lab', 'settings');
  mkdirSync(settings, { recursive: true });
  writeFileSync(join(settings, 'overrides.json'), JSON.stringify({
    '@jupyterlab/apputils-extension:notification': { checkForUpdates: false, fetchNews: 'false' },
  }, null, 2) + '\n');
  say(`kernels registered in .jupyter/data/kernels: ${kernel.displayName} (node scripts/kernel.mjs), and tslab's own.`);
}

function buildLibrary() {
  say('building the library (tsc -> dist/) ...');
  const r = run(process.execPath, [tscBin, '-p', 'tsconfig.json'], { cwd: root });
  if (!r.ok) problems.push(`the library did not compile (npm run build):\n${lastLines(r.stdout + r.stderr, 10)}`);
}

const only = process.argv[2]; // 'native' | 'jupyter' | undefined (everything)
if (!only || only === 'native') installBinding();
if (!only || only === 'jupyter') installJupyter();
if (!only) buildLibrary();

if (problems.length) {
  const bar = '!'.repeat(78);
  console.log(`\n${bar}\n[wgan-lab install] finished with problems:\n\n${problems.join('\n\n')}\n\nRun \`npm run doctor\` for the full picture.\n${bar}\n`);
} else {
  say('done. Next: `npm test` (checks everything), `npm start` (opens the lessons), `npm run doctor` (status).');
}
// Never fail `npm install`: the problems above are reported, and doctor/test refuse what is missing.
process.exit(0);
