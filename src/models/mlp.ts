/**
 * Multi-layer perceptrons built from plain tf.Variables: a generator, a discriminator or a critic is an
 * MLP with the right input, output and head. Plain variables (not tf.layers) keep the forward pass a few
 * readable lines, let a gradient penalty differentiate through it twice, and expose every hidden layer.
 */
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { uniqueScope } from './model';
import { Rng } from '../random';
import { integer, oneOf, shape } from '../validate';
import { ACTIVATIONS, activate, initLimit, type Activation } from './activations';

/** How to build an MLP. */
export interface MlpOptions {
  /** Input features per example. */
  inputDim: number;
  /** Widths of the hidden layers, e.g. [64, 64]. */
  hidden: number[];
  /** Outputs per example (1 for a discriminator's logit or a critic's score). */
  outputDim: number;
  /** Hidden activation (default 'relu'). */
  activation?: Activation;
  /** Activation on the output (default 'linear': logits for discriminators, raw scores for critics). */
  outputActivation?: Activation;
  /** Seed of the initial weights. */
  seed: number;
  /** A name for messages and saved weights, e.g. 'critic'. */
  name?: string;
}

/** An MLP: its variables and its forward pass. */
export interface Mlp {
  readonly name: string;
  readonly options: Required<MlpOptions>;
  /** [W0, b0, W1, b1, ...]: W_i has shape [in, out]. */
  readonly params: Variable[];
  /** The output for a batch x of shape [batch, inputDim]. */
  apply(x: Tensor2D): Tensor2D;
  /** Every layer's output for x: the hidden activations, then the output (for feature matching, diagnostics). */
  layers(x: Tensor2D): Tensor2D[];
  /** Frees the variables. */
  dispose(): void;
}


/**
 * Builds an MLP with He-uniform initial weights for ReLU-like activations and Glorot-uniform otherwise
 * (Keras' defaults), zero biases, all drawn from `seed`.
 */
export function mlp(options: MlpOptions): Mlp {
  const fn = 'mlp';
  integer(fn, 'inputDim', options.inputDim);
  integer(fn, 'outputDim', options.outputDim);
  if (!Array.isArray(options.hidden)) throw new RangeError(`${fn}: argument 'hidden' must be an array of layer widths, e.g. [64, 64]`);
  options.hidden.forEach((h, i) => integer(fn, `hidden[${i}]`, h));
  const o: Required<MlpOptions> = {
    activation: 'relu',
    outputActivation: 'linear',
    name: 'mlp',
    ...options,
    hidden: [...options.hidden],
  };
  oneOf(fn, 'activation', o.activation, ACTIVATIONS);
  oneOf(fn, 'outputActivation', o.outputActivation, ACTIVATIONS);
  integer(fn, 'seed', o.seed, 0);
  const rng = new Rng(o.seed);
  // TF.js variable names are global: number each model so two critics can coexist.
  const scope = uniqueScope(o.name);
  const widths = [o.inputDim, ...o.hidden, o.outputDim];
  const params: Variable[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const [fanIn, fanOut] = [widths[i], widths[i + 1]];
    const limit = initLimit(i + 1 < widths.length - 1 ? o.activation : 'linear', fanIn, fanOut);   // the output layer is linear
    const w = rng.uniforms(fanIn * fanOut, -limit, limit);
    // tidy frees the initial-value tensors; the variables keep their own reference to the data.
    params.push(tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true, `${scope}/W${i}`)));
    params.push(tf.tidy(() => tf.variable(tf.zeros([fanOut]), true, `${scope}/b${i}`)));
  }
  const layers = (x: Tensor2D): Tensor2D[] => {
    shape(`${o.name}.apply`, 'x', x.shape, [null, o.inputDim]);
    const outs: Tensor2D[] = [];
    let h: Tensor2D = x;
    const n = params.length / 2;
    for (let i = 0; i < n; i++) {
      const z = tf.add(tf.matMul(h, params[2 * i]), params[2 * i + 1]) as Tensor2D;
      h = activate(i < n - 1 ? o.activation : o.outputActivation, z) as Tensor2D;
      outs.push(h);
    }
    return outs;
  };
  return {
    name: o.name,
    options: o,
    params,
    layers,
    apply: (x) => {
      const outs = layers(x);
      return outs[outs.length - 1];
    },
    dispose: () => params.forEach((p) => p.dispose()),
  };
}
