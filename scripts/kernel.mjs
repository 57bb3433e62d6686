// The "wgan-lab (TypeScript)" Jupyter kernel (registered by scripts/install.mjs; kernel.json runs
// `node scripts/kernel.mjs {connection_file}`). It is tslab's TypeScript kernel, started in this very process (no
// wrapper process in between, so Kernel -> Interrupt's SIGINT reaches the kernel), after two things:
//  - TensorFlow's start-up messages are quieted: TF_CPP_MIN_LOG_LEVEL=2 and TF_ENABLE_ONEDNN_OPTS=0 unless set
//    (level 2 alone leaves oneDNN's notice; both quiet a notebook that loads tfjs-node itself, before the library);
//  - when a file under src/ (or tsconfig.json) is newer than the build, the library is rebuilt first, so after
//    editing src/ a kernel restart is enough. A failed build (tsc still writes what it can) starts the kernel
//    anyway, and the library's entry says in the notebook that the build failed (WGAN_LAB_BUILD_ERROR).
// What it prints goes to the Jupyter server's log.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const kernelSay = (msg) => console.error(`[wgan-lab kernel] ${msg}`);
const say = kernelSay;

/** Newest modification time (ms) of what tsc compiles: the .ts files under src/, and tsconfig.json. */
function newestSource(dir = join(root, 'src')) {
  let newest = statSync(join(root, 'tsconfig.json')).mtimeMs;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

/** True when dist/ is missing or older than a source (tsc rewrites every output, so dist/index.js dates the build). The grader asks it too. */
export function buildIsStale() {
  let built;
  try {
    built = statSync(join(root, 'dist', 'index.js')).mtimeMs;
  } catch {
    return true;
  }
  return newestSource() > built;
}

/** Rebuilds with tsc under a lock (two kernels restarted together, or a kernel and `npm run grade`, build once); returns null or the errors. */
export function rebuild(say = kernelSay) {
  const lock = join(root, 'build', '.kernel-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  const t0 = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another kernel is building: wait for it, then build only if it is still needed. A lock older than 5 minutes is a crash's.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      } catch { /* gone meanwhile */ }
      if (Date.now() - t0 > 300_000) return 'waited 5 minutes for another kernel\'s build';
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      if (!buildIsStale()) return null;
    }
  }
  try {
    if (!buildIsStale()) return null;
    say('src/ is newer than the build: rebuilding the library (tsc) ...');
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')],
      { cwd: root, encoding: 'utf8', timeout: 300_000 });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    if (r.status === 0) {
      say(`library rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
      return null;
    }
    say(`the library did not compile:\n${out}`);
    const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
    return `${errors.length || 'some'} error(s): ${errors.slice(0, 3).join(' | ') || out.slice(0, 300) || r.error?.message}`;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * tslab compiles cells with a TypeScript watch program whose timers it replaces by a single slot: a second timer
 * requested while one is pending throws "Unexpected pending rebuildTimer". TypeScript asks for a second one when a
 * watched file or folder changes while a cell runs (npm install adding an @types package, a package.json edited,
 * files added next to the library): the next cell then fails with no error text, and the ones after it are aborted.
 * Lesson 06's full run lost its last cells to this twice. Here each converter's timers share tslab's one slot: the
 * slot is armed once, and every callback asked for since runs when tslab fires it (tslab runs them at its next
 * compile anyway; the delays are ignored there too). tslab assigns its setTimeout/clearTimeout onto an object made
 * with Object.create(ts.sys), so accessors on ts.sys receive them. tslab is pinned (1.0.22); tests/kernel_start.py
 * adds an @types package between two cells to check this still holds.
 */
function shareTslabTimers(require) {
  const ts = require(require.resolve('@tslab/typescript-for-tslab', { paths: [dirname(require.resolve('tslab/package.json'))] }));
  const own = new WeakMap();   // converter's sys -> its timers
  const timers = (sys) => {
    let t = own.get(sys);
    if (!t) own.set(sys, (t = { set: null, clear: null, armed: null, firing: false, pending: new Set() }));
    return t;
  };
  const nodeSet = ts.sys.setTimeout, nodeClear = ts.sys.clearTimeout;
  Object.defineProperty(ts.sys, 'setTimeout', {
    configurable: true,
    set(fn) { timers(this).set = fn; },
    get() {
      if (this === ts.sys || !own.get(this)?.set) return nodeSet;
      const t = own.get(this);
      return (callback, _ms, ...args) => {
        const handle = { run: () => callback(...args) };
        t.pending.add(handle);
        // While tslab fires the slot it still counts as taken: what is asked for then waits for the next compile.
        if (!t.armed && !t.firing) {
          t.armed = t.set(() => {
            t.armed = null;
            t.firing = true;
            try {
              const due = [...t.pending];
              t.pending.clear();
              due.forEach((h) => h.run());
            } finally {
              t.firing = false;
            }
          });
        }
        return handle;
      };
    },
  });
  Object.defineProperty(ts.sys, 'clearTimeout', {
    configurable: true,
    set(fn) { timers(this).clear = fn; },
    get() {
      if (this === ts.sys || !own.get(this)?.clear) return nodeClear;
      const t = own.get(this);
      return (handle) => {
        if (!t.pending.delete(handle) || t.pending.size > 0 || !t.armed) return;
        t.clear(t.armed);
        t.armed = null;
      };
    },
  });
}

function main() {
  const configPath = process.argv[2];
  if (!configPath) {
    console.error('usage: node scripts/kernel.mjs CONNECTION_FILE (Jupyter starts it through the "wgan-lab" kernelspec)');
    process.exit(2);
  }
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  if (process.env.TF_ENABLE_ONEDNN_OPTS === undefined) {
    process.env.TF_ENABLE_ONEDNN_OPTS = '0';
    // Says the 0 is the kernel's default, not the user's choice: a lesson whose networks gain from oneDNN (08's
    // convolutions) turns it back on before it loads the library, and keeps a value the user set.
    process.env.WGAN_LAB_ONEDNN_DEFAULT = '1';
  }
  if (buildIsStale()) {
    const error = rebuild();
    if (error) process.env.WGAN_LAB_BUILD_ERROR = `the library did not compile after src/ changed (${error}); tsc wrote what it could, so cells may fail where the errors are. Fix src/, then restart the kernel.`;
  }
  const require = createRequire(join(root, 'package.json'));
  shareTslabTimers(require);
  const tslab = require('tslab/dist/main.js');
  const { getVersion } = require('tslab/dist/util.js');
  // enableFindLocal: false: this is the project's own tslab already; do not look for another one above the notebook.
  tslab.startKernel({ configPath, enableFindLocal: false, jsKernel: false, globalVersion: getVersion() });
}

// Started as the kernel (not imported for buildIsStale and rebuild, as grader/grade.ts does).
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) main();
