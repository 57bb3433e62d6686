// The PyTorch side of the benchmarks: finds a python with torch and runs a reference script (not a benchmark itself).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** A python that imports torch: WGAN_LAB_TORCH_PYTHON, else python3; null if neither does. */
export function torchPython(): string | null {
  const candidates = [process.env.WGAN_LAB_TORCH_PYTHON, 'python3'].filter(Boolean) as string[];
  for (const py of candidates) {
    if (spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0) return py;
  }
  return null;
}

/** What a reference script prints: its per-step (or per-call) times in ms, and the torch version and threads. */
export interface TorchRound { ms: number[]; torch: string; threads: number; [extra: string]: unknown }

/** Runs bench/<script> with its arguments and returns the JSON of its last line. */
export function torchRound(py: string, script: string, ...args: (string | number)[]): TorchRound {
  const r = spawnSync(py, [path.join(__dirname, script), ...args.map(String)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PyTorch reference ${script} failed: ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}
