/**
 * Live training progress in the notebook: one line (step, steps per second, the latest metrics) that
 * overwrites itself, fed by the step loop's read-backs. Outside a kernel it prints to stderr at most every
 * 10 seconds when WGAN_LAB_PROGRESS=1, and is silent otherwise.
 */
import type { LoopProgress } from '../train/loop';
import { inKernel, liveDisplay } from './display';
import { setDefaultSweepReporter, type SweepStatus } from '../train/sweep';

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

// In a sweep's worker process, progress lines go to the sweep in the notebook's process instead (a global, so that
// every copy of the library loaded in the process sees it).
const SINK = Symbol.for('wgan-lab.progressSink');
type Sink = (line: string) => void;

/** Sends this process's progress lines to `sink` (a sweep's worker does, to its parent); null restores the default. */
export function setProgressSink(sink: Sink | null): void {
  (globalThis as Record<symbol, unknown>)[SINK] = sink ?? undefined;
}

function progressSink(): Sink | undefined {
  return (globalThis as Record<symbol, unknown>)[SINK] as Sink | undefined;
}

/**
 * One live text area: in a kernel it rewrites itself (at most every `minMs`, but at once when `urgent`); outside a
 * kernel, with WGAN_LAB_PROGRESS=1, it prints to stderr at most every 10 seconds (and when `urgent`), else nothing.
 */
function liveText(minMs: number): (text: string, urgent: boolean) => void {
  const area = liveDisplay();
  const kernel = inKernel();
  let last = 0;
  return (text, urgent) => {
    const now = Date.now();
    if (kernel) {
      if (!urgent && now - last < minMs) return;
      area.show({ 'text/plain': text });
    } else if (process.env.WGAN_LAB_PROGRESS === '1' && (urgent || now - last > 10_000)) {
      process.stderr.write(text + '\n');
    } else {
      return;
    }
    last = now;
  };
}

/** A progress reporter to pass as the loop's `onRead`. */
export function progress(label: string): (p: LoopProgress) => void {
  const show = liveText(0);
  return (p) => {
    const line = progressLine(label, p);
    const sink = progressSink();
    if (sink) sink(line);
    else show(line, p.step === p.steps || p.note !== undefined);
  };
}

/** The text of a sweep's status: a head line, then one line per run in progress. */
export function sweepStatusText(label: string, s: SweepStatus): string {
  const head = `${label}: ${s.finished} of ${s.total} runs finished, ${s.running.length} running in ${s.workers} worker process${s.workers === 1 ? '' : 'es'}`;
  return [s.note ? `${head}  [${s.note}]` : head, ...s.running.map((r) => `  ${r.line}`)].join('\n');
}

/**
 * A sweep's live status in the notebook (one area, rewritten at most 4 times a second, and at once when a run ends).
 * Outside a kernel it prints to stderr every 10 seconds when WGAN_LAB_PROGRESS=1.
 */
export function sweepProgress(label: string): (s: SweepStatus) => void {
  const show = liveText(250);
  let lastFinished = -1;
  return (s) => {
    show(sweepStatusText(label, s), s.finished !== lastFinished || s.note !== undefined);
    lastFinished = s.finished;
  };
}

// A sweep shows this status unless told otherwise (sweep.ts is training code and imports nothing from here).
setDefaultSweepReporter(sweepProgress);
