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

/** A progress reporter to pass as the loop's `onRead`. */
export function progress(label: string): (p: LoopProgress) => void {
  const area = liveDisplay();
  const kernel = inKernel();
  let lastPrint = 0;
  return (p) => {
    const line = progressLine(label, p);
    const sink = progressSink();
    if (sink) {
      sink(line);
    } else if (kernel) {
      area.show({ 'text/plain': line });
    } else if (process.env.WGAN_LAB_PROGRESS === '1' && (Date.now() - lastPrint > 10_000 || p.step === p.steps || p.note)) {
      lastPrint = Date.now();
      process.stderr.write(line + '\n');
    }
  };
}

/** A parallel sweep's state, for its live status. */
export interface SweepStatus {
  /** Runs finished (including those loaded from a checkpoint). */
  finished: number;
  /** Runs in all. */
  total: number;
  /** Worker processes. */
  workers: number;
  /** The runs in progress, each with its latest progress line. */
  running: { run: string; line: string }[];
  /** Set when the sweep stopped (an interrupt). */
  note?: string;
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
  const area = liveDisplay();
  const kernel = inKernel();
  let last = 0, lastFinished = -1;
  return (s) => {
    const now = Date.now();
    const urgent = s.finished !== lastFinished || s.note !== undefined;
    if (kernel) {
      if (!urgent && now - last < 250) return;
      area.show({ 'text/plain': sweepStatusText(label, s) });
    } else if (process.env.WGAN_LAB_PROGRESS === '1' && (now - last > 10_000 || s.note)) {
      process.stderr.write(sweepStatusText(label, s) + '\n');
    } else {
      return;
    }
    last = now;
    lastFinished = s.finished;
  };
}
