/**
 * Live training progress in the notebook: one line (step, steps per second, the latest metrics) that
 * overwrites itself, fed by the step loop's read-backs. Outside a kernel it prints to stderr at most every
 * 10 seconds when WGAN_LAB_PROGRESS=1, and is silent otherwise.
 */
import type { LoopProgress } from '../train/loop';
import { inKernel, liveDisplay } from './display';

/** Formats a metric value compactly. */
function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

/** One progress line, e.g. "critic  step 400/2000 (20%)  185 steps/s  loss=-0.0312  w=0.0410". */
export function progressLine(label: string, p: LoopProgress): string {
  const pct = p.steps > 0 ? Math.round((100 * p.step) / p.steps) : 100;
  const metrics = Object.entries(p.latest).map(([k, v]) => `${k}=${fmt(v)}`).join('  ');
  const speed = p.stepsPerSecond > 0 ? `  ${p.stepsPerSecond.toFixed(0)} steps/s` : '';
  const line = `${label}  step ${p.step}/${p.steps} (${pct}%)${speed}  ${metrics}`;
  return p.note ? `${line}  [${p.note}]` : line;
}

/** A progress reporter to pass as the loop's `onRead`. */
export function progress(label: string): (p: LoopProgress) => void {
  const area = liveDisplay();
  const kernel = inKernel();
  let lastPrint = 0;
  return (p) => {
    const line = progressLine(label, p);
    if (kernel) {
      area.show({ 'text/plain': line });
    } else if (process.env.WGAN_LAB_PROGRESS === '1' && (Date.now() - lastPrint > 10_000 || p.step === p.steps || p.note)) {
      lastPrint = Date.now();
      process.stderr.write(line + '\n');
    }
  };
}
