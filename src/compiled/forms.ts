/**
 * What a loss, a batch hook or a regularizer computes, stated as data so that trainGan's compiled step can build
 * the same computation into its graph: the library functions that make these pieces attach their form (a function
 * written by hand has none, and a run with one runs eagerly). Plain data and a symbol; no TensorFlow here.
 */
import type { Variable } from '@tensorflow/tfjs';

/** A critic loss: binary cross-entropy on logits with targets on real and generated data (1 and 0: the minimax loss), or Wasserstein. */
export type CriticLossForm = { kind: 'cross-entropy'; realTarget: number; fakeTarget: number } | { kind: 'wasserstein' };

/** A generator loss: on the critic's outputs, or feature matching on one of the critic's layers. */
export type GeneratorLossForm = { kind: 'non-saturating' } | { kind: 'minimax' } | { kind: 'wasserstein' } | { kind: 'feature matching'; layer: number };

/** A replay buffer as the compiled step uses it (see tricks/replay-buffer). */
export interface ReplaySource {
  readonly size: number;
  sample(n: number): import('@tensorflow/tfjs').Tensor2D;
  add(batch: import('@tensorflow/tfjs').Tensor2D): void;
}

/** A criticBatch hook: instance noise with a std per generator step, or a fraction of each generated batch replayed from a buffer. */
export type CriticBatchForm =
  | { kind: 'instance noise'; std: (step: number) => number }
  | { kind: 'replay'; buffer: ReplaySource; fraction: number };

/** A regularizer: weight * sum_i ||params_i - targets_i||^2, the targets constant (historical averaging). */
export interface RegularizerForm { kind: 'pull'; params: readonly Variable[]; targets: readonly Variable[]; weight: number }

const FORM = Symbol('wgan-lab: compiled form');

/** `f` with its form attached (returned, for `export const x = withForm(...)`). */
export function withForm<F extends object, T>(f: F, form: T): F {
  Object.defineProperty(f, FORM, { value: form, enumerable: false });
  return f;
}

/** The form attached to `f`, or undefined. */
export function formOf<T>(f: unknown): T | undefined {
  return (typeof f === 'function' || (typeof f === 'object' && f !== null)) ? ((f as Record<symbol, T>)[FORM]) : undefined;
}
