// Paths and environment shared by the project's scripts (install, doctor, start, test).
// Everything Jupyter writes goes inside the project: see jupyterEnv().
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder (the one holding package.json). */
export const root = dirname(dirname(fileURLToPath(import.meta.url)));
/** The project-local Python virtual environment that holds JupyterLab and nbclient. */
export const venv = join(root, '.venv');
/** Its Python interpreter. */
export const venvPython = join(venv, 'bin', 'python3');
/** Jupyter's config, data (kernelspecs) and runtime folders, all inside the project. */
export const jupyterDirs = {
  config: join(root, '.jupyter', 'config'),
  data: join(root, '.jupyter', 'data'),
  runtime: join(root, '.jupyter', 'runtime'),
};
/** The tslab executable this project installed (the kernelspec names it by absolute path). */
export const tslabBin = join(root, 'node_modules', '.bin', 'tslab');
/** TypeScript's compiler, run as `node tscBin -p <tsconfig>` (scripts/kernel.mjs writes the path itself: a sandboxed kernel may read only itself). */
export const tscBin = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
/** The project's own Jupyter kernel (scripts/kernel.mjs): its kernelspec name, the name lessons' metadata carry, and its display name. */
export const kernel = {
  name: 'wgan-lab',
  displayName: 'wgan-lab (TypeScript)',
  script: join(root, 'scripts', 'kernel.mjs'),
};
/** tfjs-node's package folder. */
export const tfjsNodeDir = join(root, 'node_modules', '@tensorflow', 'tfjs-node');
/** Pinned versions the install recipe depends on (verified together on the project's machines). */
export const pins = {
  tensorflowCpu: '2.21.0',
  jupyterlab: '4.6.*',
  nbclient: '0.11.*',
};
/** Environment variable that lets tests run on the slow pure-JavaScript backend. */
export const ALLOW_FALLBACK = 'WGAN_LAB_ALLOW_FALLBACK';

/** The environment for Jupyter commands: project-local folders, the venv first on PATH, quiet TensorFlow logs. */
export function jupyterEnv(extra = {}) {
  return {
    ...process.env,
    JUPYTER_CONFIG_DIR: jupyterDirs.config,
    JUPYTER_DATA_DIR: jupyterDirs.data,
    JUPYTER_RUNTIME_DIR: jupyterDirs.runtime,
    JUPYTER_PREFER_ENV_PATH: '1',
    PATH: `${join(venv, 'bin')}:${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    VIRTUAL_ENV: venv,
    ...extra,
  };
}

/** Runs a command, returns {ok, status, stdout, stderr}; never throws. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  return {
    ok: r.status === 0 && !r.error,
    status: r.status,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '') + (r.error ? String(r.error) : ''),
  };
}

/** True when `require('@tensorflow/tfjs-node')` works in a fresh Node process; returns the TF C library version too. */
export function probeTfjsNode() {
  const code = `
    process.env.TF_CPP_MIN_LOG_LEVEL = '3';
    const tf = require('@tensorflow/tfjs-node');
    const b = tf.backend();
    console.log(JSON.stringify({ backend: tf.getBackend(), tfVersion: b.binding.TF_Version }));`;
  const r = run(process.execPath, ['-e', code], { cwd: root, timeout: 120_000 });
  if (!r.ok) return { ok: false, error: errorSummary(r.stderr) };
  try {
    return { ok: true, ...JSON.parse(r.stdout.trim().split('\n').pop()) };
  } catch {
    return { ok: false, error: `unexpected output: ${lastLines(r.stdout, 3)}` };
  }
}

/** The first error message in a Node stderr dump (not its stack trace), or its last lines. */
export function errorSummary(stderr) {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const i = lines.findIndex((l) => /^(\w*Error|Error)\b.*:/.test(l));
  return i >= 0 ? lines[i] : lastLines(stderr, 3);
}

/** The last n non-empty lines of a text, for short error reports. */
export function lastLines(text, n) {
  return text.split('\n').filter((l) => l.trim()).slice(-n).join('\n');
}

/** True when the venv exists and can import JupyterLab and nbclient. */
export function venvReady() {
  if (!existsSync(venvPython)) return false;
  return run(venvPython, ['-c', 'import jupyterlab, nbclient']).ok;
}
