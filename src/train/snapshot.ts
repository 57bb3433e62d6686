/**
 * Snapshots of a GAN run in memory: a copy of everything that matters to resume it (both models' weights,
 * both optimisers' state, the step, the random state, the history length), taken on the backend. trainGan
 * keeps one at each read-back to undo a NaN; checkpoints (interrupt and resume) build on the same record.
 */
import type { Optimizer, Tensor } from '@tensorflow/tfjs';
import { tf } from '../backend';
import type { RngState } from '../random';
import type { GanRun } from './gan';

/** A named tensor, as optimisers' getWeights() returns them. */
export interface NamedTensor {
  /** The optimiser's name for the slot, e.g. 'critic_1/W0/m'. */
  name: string;
  /** Its value. */
  tensor: Tensor;
}

/** A copy of everything that matters to resume a run: weights, optimiser state, step, random state. */
export interface GanSnapshot {
  /** Generator steps done when it was taken. */
  step: number;
  /** The run's random state. */
  rng: RngState;
  /** Copies of the generator's params, in order. */
  generator: Tensor[];
  /** Copies of the critic's params, in order, then of its state variables (spectral normalisation's vectors). */
  critic: Tensor[];
  /** The generator optimiser's state (its iteration count and slots). */
  generatorOptimizer: NamedTensor[];
  /** The critic optimiser's state. */
  criticOptimizer: NamedTensor[];
  /** Entries of the history at the time (a restore truncates the history to it). */
  historyLength: number;
}

async function copyOptimizer(o: Optimizer): Promise<NamedTensor[]> {
  const ws = await o.getWeights();
  // getWeights returns the live slot variables (and a fresh iterations scalar): copy the former.
  return ws.map((w, i) => ({ name: w.name, tensor: i === 0 && w.name === 'iter' ? w.tensor : tf.clone(w.tensor) }));
}

/** Takes a {@link GanSnapshot} (copies on the backend; dispose it with {@link disposeSnapshot}). */
export async function snapshotGan(run: GanRun): Promise<GanSnapshot> {
  return {
    step: run.step,
    rng: run.rng.getState(),
    generator: run.generator.params.map((p) => tf.clone(p)),
    critic: [...run.critic.params, ...(run.critic.state ?? [])].map((p) => tf.clone(p)),
    generatorOptimizer: await copyOptimizer(run.generatorOptimizer),
    criticOptimizer: await copyOptimizer(run.criticOptimizer),
    historyLength: run.history.step.length,
  };
}

async function restoreOptimizer(o: Optimizer, saved: NamedTensor[]): Promise<void> {
  const old = await o.getWeights();
  // setWeights wraps the given tensors in new variables; give it copies so the snapshot stays reusable.
  const copies = saved.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) }));
  await o.setWeights(copies);
  // The new slot variables hold their own references to the data; free the copies and the replaced slots.
  copies.forEach((w) => w.tensor.dispose());
  old.forEach((w) => w.tensor.dispose());
}

/** Puts a run back to a {@link GanSnapshot} (weights, optimisers, step, random state, history length); the snapshot stays usable. */
export async function restoreGan(run: GanRun, snap: GanSnapshot): Promise<void> {
  run.generator.params.forEach((p, i) => p.assign(snap.generator[i]));
  [...run.critic.params, ...(run.critic.state ?? [])].forEach((p, i) => p.assign(snap.critic[i]));
  await restoreOptimizer(run.generatorOptimizer, snap.generatorOptimizer);
  await restoreOptimizer(run.criticOptimizer, snap.criticOptimizer);
  run.step = snap.step;
  run.rng.setState(snap.rng);
  for (const key of Object.keys(run.history)) run.history[key].length = Math.min(run.history[key].length, snap.historyLength);
}

/** Frees a snapshot's tensors. */
export function disposeSnapshot(snap: GanSnapshot): void {
  [...snap.generator, ...snap.critic].forEach((t) => t.dispose());
  [...snap.generatorOptimizer, ...snap.criticOptimizer].forEach((w) => w.tensor.dispose());
}
