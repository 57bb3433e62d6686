/**
 * The one model type of wgan-lab: whatever trains, is penalised, evaluated or plotted is a {@link Model}
 * (an Mlp is one; so is a critic with minibatch discrimination, a generator with virtual batch norm, or a
 * hand-written wrapper in a lesson). Plain data: its variables and its forward pass, no class hierarchy.
 */
import type { Tensor2D, Variable } from '@tensorflow/tfjs';

/** A model: a name, its trainable variables and its forward pass on a batch. */
export interface Model {
  /** A short label for messages and plots, e.g. 'critic'. */
  readonly name: string;
  /** The variables an optimiser updates (weight clipping clips exactly these); [] for a fixed function. */
  readonly params: Variable[];
  /** The output for a batch x of shape [batch, inputDim]: shape [batch, outputDim]. */
  apply(x: Tensor2D): Tensor2D;
  /** Every layer's output for x, the last being apply(x) (optional; feature matching and layer diagnostics need it). */
  layers?(x: Tensor2D): Tensor2D[];
  /** Variables the model keeps besides its params and never trains (spectral normalisation's vectors): snapshots and checkpoints save them too. */
  readonly state?: Variable[];
}

let scopes = 0;

/** A variable-name prefix no other model or layer of this process has, `${name}_${k}` (TF.js refuses two variables of one name). */
export function uniqueScope(name: string): string {
  return `${name}_${++scopes}`;
}
