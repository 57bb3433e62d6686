/**
 * Kernel -> Interrupt stops training. Jupyter interrupts a kernel with SIGINT; tslab's own handler only rejects
 * the promise the cell awaits, so a training loop would go on in the background. While a library loop runs it
 * listens for SIGINT too, checks between steps, and stops at the next step boundary, its state consistent
 * (weights, optimisers, step and random state all from the same step).
 *
 * tslab has ended the cell by then, so nothing awaits the loop: the loop says where it stopped in its own
 * progress line, and the {@link TrainingInterrupted} it throws rejects a promise that tslab's race already
 * handles (no unhandled rejection, nothing on stderr in a later cell).
 */

/** Thrown by a training loop stopped by an interrupt (Kernel -> Interrupt, or Ctrl-C in a script). */
export class TrainingInterrupted extends Error {
  constructor(
    /** The step the loop stopped at (steps done; absolute, as the run counts them). */
    readonly step: number,
    /** The step it was asked to reach. */
    readonly target: number,
    /** How to continue, e.g. 'run the cell again to continue from the checkpoint'. */
    readonly howToContinue: string,
  ) {
    super(`training interrupted: stopped at step ${step} of ${target}; ${howToContinue}`);
    this.name = 'TrainingInterrupted';
  }
}

let watchers = 0;
let requested = false;
let attached = false;
const listeners = new Set<() => void>();
const onSigint = () => {
  requested = true;
  for (const f of [...listeners]) f();
};

// tslab runs a cell's synchronous part with vm's breakOnSigint, which takes the SIGINT listeners off meanwhile and
// restores the signal's previous disposition afterwards: a listener added then leaves SIGINT unhandled, and the
// next interrupt kills the kernel. So the listener goes on in a later macrotask, after the synchronous part.
function attach(): void {
  if (!attached && watchers > 0) {
    process.on('SIGINT', onSigint);
    attached = true;
  }
}

/**
 * Listens for SIGINT while a loop runs; returns the function that stops listening. Nested loops (a sweep of
 * trainGan calls) share one listener; the request is cleared when the outermost loop starts and when it ends.
 * The listener is attached at the next turn of the event loop (see above): the loops yield after every step.
 */
export function watchInterrupts(): () => void {
  if (watchers === 0) {
    requested = false;
    setImmediate(attach);
  }
  watchers += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    watchers -= 1;
    if (watchers === 0) {
      if (attached) process.off('SIGINT', onSigint);
      attached = false;
      requested = false;
    }
  };
}

/** True once an interrupt arrived while a loop was listening (until the outermost loop ends). */
export function interruptRequested(): boolean {
  return requested;
}

/** Asks the running loops to stop at their next step boundary, as an interrupt does (for tests and for code that stops a run). */
export function requestInterrupt(): void {
  if (watchers > 0) onSigint();
}

/**
 * Calls `f` when an interrupt arrives while a loop listens (for code that waits on something other than its own
 * steps, such as a sweep waiting on worker processes); returns the function that unsubscribes.
 */
export function onInterrupt(f: () => void): () => void {
  listeners.add(f);
  return () => {
    listeners.delete(f);
  };
}
