/**
 * One submission's kernel: the course kernel (KERNELSPEC) started in a sandbox, driven cell by cell by
 * grader/run_cells.py (jupyter_client) in the project's Python environment.
 *
 * The sandbox is Node's permission model (node --experimental-permission): the kernel may read only the library
 * (node_modules, src, dist, package.json, tsconfig.json), its own scratch folder and its connection file, write only
 * its scratch folder, and start no child process or worker thread; Node's inspector is off under the model. So a
 * student's code cannot read the instructor's sources, another submission or the grader's files, and one
 * submission's grading never touches another's. Its environment holds only ordinary variables (PATH, HOME, locale,
 * the project's Jupyter folders, JPY_SESSION_NAME as JupyterLab sets it) and nothing that says "grading".
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KERNELSPEC, ROOT } from './course';

/** A cell for run_cells.py. */
export interface KernelCell {
  code: string;
  timeout: number;
  /** A test's token: whether it appeared in the cell's stdout is reported. */
  expect_line: string | null;
  replay: boolean;
}

/** What run_cells.py reports for one cell. */
export interface CellResult {
  status: 'ok' | 'error' | 'abort' | 'timeout' | 'hung' | 'died' | 'not-run';
  execution_count: number | null;
  seconds: number;
  /** CPU seconds the kernel process spent on the cell (Linux), or null. */
  cpu_seconds: number | null;
  outputs: Record<string, unknown>[];
  line_found: boolean;
}

/** What run_cells.py reports for one kernel session. */
export interface KernelResult {
  /** Seconds each kernel start took (one per start: the first, then one per restart). */
  kernel_starts: number[];
  restarts: number;
  /** Why grading stopped early (the kernel did not start, or died too often), or null. */
  error: string | null;
  cells: CellResult[];
}

/** How to drive the kernel. */
export interface KernelOptions {
  /** Seconds after a non-ok reply before the next request (tslab aborts requests within 200 ms of a failure). */
  settle: number;
  /** Seconds to wait for a reply after interrupting a cell that ran past its timeout. */
  interruptGrace: number;
  /** Kernel restarts allowed per submission (after a crash or a kernel that ignores the interrupt). */
  maxRestarts: number;
  /** Called with (cells done, cells in all) as cells finish. */
  onProgress?: (done: number, total: number) => void;
}

/** Environment variables the kernel may inherit from the grader: ordinary ones any kernel has. */
export const INHERITED_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'LC_NUMERIC', 'TZ', 'TMPDIR', 'SHELL', 'TERM', 'WGAN_LAB_QUICK'];

const JUPYTER_DATA = path.join(ROOT, '.jupyter', 'data');
const VENV = path.join(ROOT, '.venv');

/** The course kernel's kernelspec (kernel.json) from the project's Jupyter data folder; the error says how to install it. */
export function courseKernelSpec(): { argv: string[]; env: Record<string, string> } {
  const file = path.join(JUPYTER_DATA, 'kernels', KERNELSPEC.name, 'kernel.json');
  if (!fs.existsSync(file)) throw new Error(`the course kernel '${KERNELSPEC.name}' is not installed (${file} is missing): run \`npm run install:jupyter\``);
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as { argv: string[]; env?: Record<string, string> };
  return { argv: spec.argv, env: spec.env ?? {} };
}

/** True when `file` is a script Node runs (a .js/.mjs/.cjs file, or a file starting with a node shebang). */
function isNodeScript(file: string): boolean {
  if (/\.(c|m)?js$/.test(file)) return true;
  try {
    const head = fs.readFileSync(file, 'utf8').slice(0, 200);
    return /^#!.*\bnode\b/.test(head);
  } catch {
    return false;
  }
}

/** The kernel's command line under Node's permission model; `scratch` is its only writable folder. */
export function sandboxedCommand(argv: string[], scratch: string, connectionFile: string): string[] {
  const first = argv[0];
  let node: string;
  let rest: string[];
  if (path.basename(first) === 'node' || first === process.execPath) {
    [node, rest] = [first, argv.slice(1)];
  } else if (fs.existsSync(first) && isNodeScript(fs.realpathSync(first))) {
    [node, rest] = [process.execPath, [fs.realpathSync(first), ...argv.slice(1)]];
  } else {
    throw new Error(`the course kernel starts with '${first}', not a Node script: the grader cannot run it in its sandbox`);
  }
  const scripts = rest.filter((a) => !a.startsWith('-') && !a.includes('{') && fs.existsSync(a) && fs.statSync(a).isFile());
  const readable = [
    path.join(ROOT, 'node_modules'), path.join(ROOT, 'src'), path.join(ROOT, 'dist'),
    path.join(ROOT, 'package.json'), path.join(ROOT, 'tsconfig.json'),
    ...scripts, scratch, connectionFile,
    '/etc/alpine-release', // zeromq's loader asks whether this is Alpine Linux
  ];
  return [
    node, '--experimental-permission', '--disable-warning=ExperimentalWarning', '--disable-warning=SecurityWarning',
    ...readable.map((p) => `--allow-fs-read=${p}`), `--allow-fs-write=${scratch}`, '--allow-addons',
    ...rest,
  ];
}

/** The kernel's environment: the inherited ordinary variables, the project's Jupyter folders (as `npm start` sets them), the kernelspec's own, JPY_SESSION_NAME. */
export function kernelEnv(notebookPath: string, specEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of INHERITED_ENV) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  env.PATH = `${path.join(VENV, 'bin')}:${path.join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`;
  Object.assign(env, {
    JUPYTER_CONFIG_DIR: path.join(ROOT, '.jupyter', 'config'),
    JUPYTER_DATA_DIR: JUPYTER_DATA,
    JUPYTER_RUNTIME_DIR: path.join(ROOT, '.jupyter', 'runtime'),
    JUPYTER_PREFER_ENV_PATH: '1',
    VIRTUAL_ENV: VENV,
    ...specEnv,
    JPY_SESSION_NAME: notebookPath,
  });
  return env;
}

/** A submission's scratch space: a folder `<tmp>/wgan-lab-*` with `node_modules` (a link to the project's) and `<assignment>/`, and a separate folder for the connection file. */
export interface Scratch {
  base: string;
  cwd: string;
  runtime: string;
  remove(): void;
}

/** Makes a scratch space for assignment `assignment`. */
export function makeScratch(assignment: string): Scratch {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'wgan-lab-'));
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'wgan-lab-kernel-'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(base, 'node_modules'), 'dir');
  const cwd = path.join(base, assignment);
  fs.mkdirSync(cwd);
  return {
    base, cwd, runtime,
    remove() {
      fs.rmSync(base, { recursive: true, force: true });
      fs.rmSync(runtime, { recursive: true, force: true });
    },
  };
}

/** Runs `cells` in one fresh sandboxed kernel in `scratch` (the notebook copy is `notebookPath`); resolves with run_cells.py's report. */
export function runInKernel(cells: KernelCell[], scratch: Scratch, notebookPath: string, options: KernelOptions): Promise<KernelResult> {
  const spec = courseKernelSpec();
  const connectionFile = path.join(scratch.runtime, 'kernel.json');
  const job = {
    argv: sandboxedCommand(spec.argv, scratch.base, connectionFile),
    env: kernelEnv(notebookPath, spec.env),
    cwd: scratch.cwd,
    connection_file: connectionFile,
    startup_timeout: 120,
    settle: options.settle,
    interrupt_grace: options.interruptGrace,
    max_restarts: options.maxRestarts,
    cells,
  };
  const python = path.join(VENV, 'bin', 'python3');
  if (!fs.existsSync(python)) return Promise.reject(new Error(`the project's Python environment is missing (${python}): run \`npm run install:jupyter\``));
  return new Promise((resolve, reject) => {
    const child = spawn(python, [path.join(__dirname, 'run_cells.py')], {
      env: { ...process.env, JUPYTER_CONFIG_DIR: path.join(ROOT, '.jupyter', 'config'), JUPYTER_DATA_DIR: JUPYTER_DATA, JUPYTER_RUNTIME_DIR: scratch.runtime },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      for (const m of String(d).matchAll(/^progress (\d+) (\d+)$/gm)) options.onProgress?.(Number(m[1]), Number(m[2]));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as KernelResult);
      } catch {
        const log = path.join(scratch.runtime, 'kernel.log');
        const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
        reject(new Error(`run_cells.py failed (exit ${code}): ${err.split('\n').filter((l) => l && !l.startsWith('progress ')).slice(-8).join('\n')}${tail ? `\nkernel log:\n${tail}` : ''}`));
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}
