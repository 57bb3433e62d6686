/**
 * A sweep's run as a task a worker process can load: a module file, the name of the function it exports, and
 * plain-data arguments. A function defined in a notebook cell cannot be sent to another process (its closure
 * lives in the kernel), so the runs of a parallel sweep live in a module beside the notebook.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalJson, sha256 } from '../runs/record';
import { fail } from '../validate';

/** The function a task module exports: one independent run, built from (method, seed) and the task's args alone. */
export type TaskFunction<A = unknown, R = unknown> = (method: string, seed: number, args: A) =>
  Promise<{ metrics: Record<string, number>; result?: R }> | { metrics: Record<string, number>; result?: R };

/** A run a worker process can load: see {@link sweepTask}. */
export interface SweepTask<A = unknown> {
  /** The module's absolute path (.ts or .js). */
  module: string;
  /** The name of the function it exports. */
  exportName: string;
  /** Plain data (JSON) passed to every run as its third argument. */
  args: A;
}

/**
 * The run `exportName` of `module` (resolved against the current folder: a notebook's own), called as
 * `run(method, seed, args)` in each worker. `args` must be plain data (JSON: numbers, strings, arrays, objects).
 */
export function sweepTask<A = unknown>(module: string, exportName: string, args?: A): SweepTask<A> {
  const fn = 'sweepTask';
  if (typeof module !== 'string' || module === '') fail(fn, 'module', "a path such as './06-tricks.ts'", module);
  const file = path.resolve(module);
  if (!fs.existsSync(file)) throw new RangeError(`${fn}: no module at ${file} (resolved from '${module}' in ${process.cwd()}); give the path of the file that exports the run`);
  if (typeof exportName !== 'string' || exportName === '') fail(fn, 'exportName', 'the name of the exported run function', exportName);
  try {
    const json = JSON.stringify(args ?? null);
    if (canonicalJson(JSON.parse(json)) !== canonicalJson(args ?? null)) throw new Error('changes in JSON');
  } catch {
    fail(fn, 'args', 'plain data (numbers, strings, booleans, arrays and objects of them)', args);
  }
  return { module: file, exportName, args: (args ?? null) as A };
}

/** What determines a task's runs: the module file's content, the export and the args (a checkpoint key's part). */
export function taskFingerprint(task: SweepTask): string {
  return sha256(canonicalJson({ source: sha256(fs.readFileSync(task.module, 'utf8')), exportName: task.exportName, args: task.args }));
}

/** Loads a task's function (in a worker, or in this process for a sequential reference); errors name the module. */
export function loadTaskFunction(task: SweepTask): TaskFunction {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(task.module) as Record<string, unknown>;
  const f = mod[task.exportName];
  if (typeof f !== 'function') {
    throw new RangeError(`${task.module} exports no function '${task.exportName}'; its exports: ${Object.keys(mod).join(', ') || 'none'}`);
  }
  return f as TaskFunction;
}
