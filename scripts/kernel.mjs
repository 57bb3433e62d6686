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
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const say = (msg) => console.error(`[wgan-lab kernel] ${msg}`);

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

/** True when dist/ is missing or older than a source (tsc rewrites every output, so dist/index.js dates the build). */
function buildIsStale() {
  let built;
  try {
    built = statSync(join(root, 'dist', 'index.js')).mtimeMs;
  } catch {
    return true;
  }
  return newestSource() > built;
}

/** Rebuilds with tsc under a lock (two kernels restarted together build once); returns null or the errors. */
function rebuild() {
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

function main() {
  const configPath = process.argv[2];
  if (!configPath) {
    console.error('usage: node scripts/kernel.mjs CONNECTION_FILE (Jupyter starts it through the "wgan-lab" kernelspec)');
    process.exit(2);
  }
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  process.env.TF_ENABLE_ONEDNN_OPTS ??= '0';
  if (buildIsStale()) {
    const error = rebuild();
    if (error) process.env.WGAN_LAB_BUILD_ERROR = `the library did not compile after src/ changed (${error}); tsc wrote what it could, so cells may fail where the errors are. Fix src/, then restart the kernel.`;
  }
  const require = createRequire(join(root, 'package.json'));
  const tslab = require('tslab/dist/main.js');
  const { getVersion } = require('tslab/dist/util.js');
  // enableFindLocal: false: this is the project's own tslab already; do not look for another one above the notebook.
  tslab.startKernel({ configPath, enableFindLocal: false, jsKernel: false, globalVersion: getVersion() });
}

main();
