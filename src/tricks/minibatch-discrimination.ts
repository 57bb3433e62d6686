/**
 * Minibatch discrimination (Salimans et al. 2016, "Improved Techniques for Training GANs", Section 3.2): a layer
 * that lets the discriminator look at a whole batch at once, so that a generator that has collapsed to a few
 * points (whose samples are all alike) is easy to tell apart from data.
 *
 * For features f(x_i) in R^A of the examples of a batch and a learned tensor T in R^{A x B x C}:
 *   M_i = f(x_i) T                                  (B x C: B kernels of dimension C),
 *   c_b(x_i, x_j) = exp(-|| M_{i,b} - M_{j,b} ||_L1)   (in (0, 1], 1 for identical rows),
 *   o(x_i)_b = sum_{j != i} c_b(x_i, x_j)             (in [0, n - 1]),
 * and the layer outputs concat(f(x_i), o(x_i)), of width A + B, to the next layer of the discriminator.
 * The paper's sum runs over all j, self included; the self term is the constant c_b(x_i, x_i) = 1, so leaving it
 * out only shifts o by 1 (and makes o = 0 for a batch of one).
 *
 * Cost: the pairwise differences take memory and time O(n^2 B C) for a batch of n; fine for the toy critics
 * (n = 256, B = 8, C = 4: two million numbers), heavy for the paper's image settings.
 *
 * A critic with this layer scores each example against the rest of its batch: D(x_i) depends on every x_j. A
 * gradient penalty on it (lipschitz/input-gradient) differentiates sum_j D(x_j) with respect to x_i, which adds
 * the cross terms dD(x_j)/dx_i to each example's gradient; it is still a well-defined penalty, and its parameter
 * gradient (a second derivative through this layer) is correct: exp and |.| here have custom gradients for the
 * same reason as the activations of models/second-order.
 */
import type { Model } from '../models/model';
import type { GradSaveFunc, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { uniqueScope } from '../models/model';
import { Rng } from '../random';
import { activate } from '../models/activations';
import { mlp, type Mlp, type MlpOptions } from '../models/mlp';
import { integer, positive, shape } from '../validate';

/** An elementwise op from its forward pass and a gradient built from differentiable TF.js ops (as in models/second-order). */
function withGradient(
  forward: (x: Tensor, save: GradSaveFunc) => { value: Tensor; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor },
): (x: Tensor) => Tensor {
  const f: Parameters<typeof tf.customGrad>[0] = (...args) => forward(args[0] as Tensor, args[1] as GradSaveFunc);
  return tf.customGrad(f) as (x: Tensor) => Tensor;
}

/**
 * e^x whose gradient recomputes e^x from the saved input: TF.js's own Exp saves its output for the backward pass,
 * which drops second-order terms (tensorflow/tfjs issue #3252; see models/second-order). With tf.exp here, a
 * gradient penalty's parameter gradient through this layer was off by 35% (relative error against central
 * differences, tests/unit/tricks-minibatch-discrimination.test.ts); with this one, below 1e-3.
 */
const exp = withGradient((x, save) => {
  save([x]);
  return { value: tf.exp(x), gradFunc: (dy, saved) => tf.mul(dy, tf.exp(saved[0])) };
});

/**
 * |x| with the slope sign(x) computed in the forward pass, a constant to the second backward pass (|x|'' = 0
 * almost everywhere). sign(0) = 0, so the self-pairs (M_i - M_i = 0 exactly) send no gradient.
 */
const abs = withGradient((x, save) => {
  const slope = tf.sign(x);
  save([slope]);
  return { value: tf.abs(x), gradFunc: (dy, saved) => tf.mul(dy, saved[0]) };
});

/** How to build a {@link minibatchDiscrimination} layer. */
export interface MinibatchDiscriminationOptions {
  /** A, the width of the features f(x) the layer takes. */
  inputDim: number;
  /** B, the number of kernels (outputs o(x)_b added to the features). */
  kernels: number;
  /** C, the dimension of each kernel's projection M_{i,b}. */
  kernelDim: number;
  /** Seed of the initial T. */
  seed: number;
  /** Standard deviation of T's initial entries, drawn N(0, initStd^2) (default 0.05, as in the paper's code). */
  initStd?: number;
  /** A name for messages and the variable, e.g. 'critic/minibatch'. */
  name?: string;
}

/** A minibatch discrimination layer: its tensor T and its forward pass. */
export interface MinibatchDiscrimination {
  readonly name: string;
  readonly options: Required<MinibatchDiscriminationOptions>;
  /** [T], T of shape [A, B, C]. */
  readonly params: Variable[];
  /** A + B, the width of the output. */
  readonly outputDim: number;
  /** o(x_i) for each row of `features` [n, A]: shape [n, B], entries in [0, n - 1]. */
  similarities(features: Tensor2D): Tensor2D;
  /** concat(f(x_i), o(x_i)) for features [n, A]: shape [n, A + B]. */
  apply(features: Tensor2D): Tensor2D;
  /** Frees T. */
  dispose(): void;
}


/** A minibatch discrimination layer (Salimans et al. 2016, Section 3.2) with T ~ N(0, initStd^2) drawn from `seed`. */
export function minibatchDiscrimination(options: MinibatchDiscriminationOptions): MinibatchDiscrimination {
  const fn = 'minibatchDiscrimination';
  const A = integer(fn, 'inputDim', options.inputDim);
  const B = integer(fn, 'kernels', options.kernels);
  const C = integer(fn, 'kernelDim', options.kernelDim);
  integer(fn, 'seed', options.seed, 0);
  const o: Required<MinibatchDiscriminationOptions> = { initStd: 0.05, name: 'minibatch', ...options };
  positive(fn, 'initStd', o.initStd);
  const rng = new Rng(o.seed);
  const T = tf.variable(tf.tensor3d(rng.normals(A * B * C, 0, o.initStd), [A, B, C]), true, `${uniqueScope(o.name)}/T`);
  const similarities = (f: Tensor2D): Tensor2D => {
    shape(`${o.name}.apply`, 'features', f.shape, [null, A]);
    return tf.tidy(() => {
      const n = f.shape[0];
      const M = tf.reshape(tf.matMul(f, tf.reshape(T, [A, B * C])), [n, 1, B, C]);
      // ||M_{i,b} - M_{j,b}||_L1 for every pair (i, j): [n, n, B].
      const l1 = tf.sum(abs(tf.sub(M, tf.reshape(M, [1, n, B, C]))), 3);
      // Sum over j, minus the self term c_b(x_i, x_i) = exp(0) = 1 exactly.
      return tf.sub(tf.sum(exp(tf.neg(l1)), 1), 1) as Tensor2D;
    });
  };
  return {
    name: o.name,
    options: o,
    params: [T],
    outputDim: A + B,
    similarities,
    apply: (f) => tf.tidy(() => tf.concat([f, similarities(f)], 1) as Tensor2D),
    dispose: () => T.dispose(),
  };
}

/** How to build a {@link criticWithMinibatchDiscrimination}: an MLP's options plus the layer's. */
export interface MinibatchCriticOptions extends MlpOptions {
  /** B, the number of kernels. */
  kernels: number;
  /** C, the dimension of each kernel. */
  kernelDim: number;
  /** Standard deviation of T's initial entries (default 0.05). */
  initStd?: number;
}

/** An MLP critic with a minibatch discrimination layer before its last layer; used like an {@link Mlp}. */
export interface MinibatchDiscriminationCritic extends Model {
  readonly name: string;
  readonly options: Readonly<MinibatchCriticOptions>;
  /** [W0, b0, ..., T, W_last, b_last]: the hidden layers', the layer's T, then the last layer's [A + B, outputDim] weights. */
  readonly params: Variable[];
  /** The minibatch discrimination layer (its T is in params). */
  readonly minibatch: MinibatchDiscrimination;
  /** The scores of the batch x [n, inputDim]: [n, outputDim]; each depends on the whole batch. */
  apply(x: Tensor2D): Tensor2D;
  /** Every layer's output: the hidden activations, the layer's concat(f, o) of width A + B, then the output. */
  layers(x: Tensor2D): Tensor2D[];
  /** Frees the variables. */
  dispose(): void;
}

/**
 * The MLP critic of {@link mlp} with `options`, with a minibatch discrimination layer (Salimans et al. 2016,
 * Section 3.2) inserted before its last layer: the features f are the last hidden layer (A = hidden's last width;
 * the input itself if hidden is empty), and the last layer takes concat(f, o) of width A + B.
 * The hidden layers get exactly the initial weights of `mlp(options)` (same seed, same draws), so a run with and
 * without the layer starts from the same hidden layers; T and the last layer (Glorot-uniform, zero bias) are drawn
 * from a stream derived from the same seed.
 */
export function criticWithMinibatchDiscrimination(options: MinibatchCriticOptions): MinibatchDiscriminationCritic {
  const fn = 'criticWithMinibatchDiscrimination';
  const B = integer(fn, 'kernels', options.kernels);
  const C = integer(fn, 'kernelDim', options.kernelDim);
  const { kernels: _k, kernelDim: _c, initStd, ...mlpOptions } = options;
  const base: Mlp = mlp({ name: 'critic', ...mlpOptions });
  const o = base.options;
  const hiddenParams = base.params.slice(0, -2);
  base.params.slice(-2).forEach((p) => p.dispose());
  const A = o.hidden.length > 0 ? o.hidden[o.hidden.length - 1] : o.inputDim;
  // A stream distinct from the MLP's own (which is Rng(seed)).
  const rng = new Rng(Math.imul(o.seed ^ 0x6d696e69, 0x9e3779b1) >>> 1);
  const layer = minibatchDiscrimination({ inputDim: A, kernels: B, kernelDim: C, seed: rng.seed(), initStd: initStd ?? 0.05, name: `${o.name}/minibatch` });
  const limit = Math.sqrt(6 / (A + B + o.outputDim));
  const scope = uniqueScope(`${o.name}_mbd`);
  const W = tf.variable(tf.tensor2d(rng.uniforms((A + B) * o.outputDim, -limit, limit), [A + B, o.outputDim]), true, `${scope}/W_last`);
  const b = tf.variable(tf.zeros([o.outputDim]), true, `${scope}/b_last`);
  const layers = (x: Tensor2D): Tensor2D[] => {
    shape(`${o.name}.apply`, 'x', x.shape, [null, o.inputDim]);
    const outs: Tensor2D[] = [];
    let h: Tensor2D = x;
    for (let i = 0; i < hiddenParams.length / 2; i++) {
      h = activate(o.activation, tf.add(tf.matMul(h, hiddenParams[2 * i]), hiddenParams[2 * i + 1])) as Tensor2D;
      outs.push(h);
    }
    h = layer.apply(h);
    outs.push(h);
    outs.push(activate(o.outputActivation, tf.add(tf.matMul(h, W), b)) as Tensor2D);
    return outs;
  };
  const params = [...hiddenParams, ...layer.params, W, b];
  return {
    name: o.name,
    options: { ...o, kernels: B, kernelDim: C, initStd: layer.options.initStd },
    params,
    minibatch: layer,
    layers,
    apply: (x) => {
      const outs = layers(x);
      return outs[outs.length - 1];
    },
    dispose: () => params.forEach((p) => p.dispose()),
  };
}
