/**
 * The worker process of a parallel sweep (started by {@link processPool}): runs one (method, seed) of a
 * {@link SweepTask} at a time, sends its progress lines to the sweep, and returns its outcome encoded so that
 * typed arrays, NaN and undefined survive the trip (the parent decodes it).
 */
import workerpool from 'workerpool';
import { setProgressSink } from '../notebook/progress';
import { encodeValue } from '../runs/state';
import { loadTaskFunction, type SweepTask } from './task';

/** A message from a worker to the sweep while a run is in progress. */
export interface WorkerEvent {
  /** The run's latest progress line. */
  progress: string;
}

/** What a worker returns for one run: its outcome (encoded) and the seconds it took in the worker. */
export interface WorkerReply {
  /** encodeValue of the run's { metrics, result }. */
  outcome: unknown;
  /** Wall-clock seconds of the run. */
  seconds: number;
}

async function runTask(task: SweepTask, method: string, seed: number): Promise<WorkerReply> {
  const run = loadTaskFunction(task);
  setProgressSink((line) => workerpool.workerEmit({ progress: line } satisfies WorkerEvent));
  try {
    const t0 = performance.now();
    const outcome = await run(method, seed, task.args);
    return { outcome: encodeValue(outcome), seconds: (performance.now() - t0) / 1000 };
  } finally {
    setProgressSink(null);
  }
}

workerpool.worker({ runTask });
