/**
 * Virtual batch normalisation (Salimans et al. 2016, "Improved Techniques for Training GANs", Section 3.5): batch
 * normalisation makes each example's output depend on the other examples of its batch; VBN instead normalises
 * each example x with the statistics of a reference batch R (N examples chosen once, at the start of training)
 * together with x itself. Per feature, with the new example weighted 1/(N+1) as in the paper's code,
 *
 *   mean(x) = x / (N+1) + N/(N+1) mu_R,        meanSq(x) = x^2 / (N+1) + N/(N+1) (sigma_R^2 + mu_R^2),
 *   var(x)  = meanSq(x) - mean(x)^2,           y = gamma (x - mean(x)) / sqrt(var(x) + epsilon) + beta,
 *
 * with mu_R and sigma_R^2 the mean and (biased) variance of R. So y depends on x and R only, never on the rest of
 * x's batch. Computed in the equivalent centred form, with d = x - mu_R and w = 1/(N+1),
 *   x - mean(x) = (1 - w) d,   var(x) = (1 - w) sigma_R^2 + w (1 - w) d^2   (never negative, no cancellation).
 *
 * Inside a network, R's statistics at a hidden layer depend on the weights before it: the paper runs R through
 * the network at every step. `apply(x, reference)` does that (pass the layer's input computed from R with the
 * current weights, as {@link generatorWithVirtualBatchNorm} does); `setReference(r)` freezes the statistics of a
 * fixed reference input once, which is exact for a layer whose input does not change during training (the first
 * layer) and an approximation otherwise.
 */
import type { Tensor, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { uniqueScope } from '../models/model';
import { standardNormalLatent } from '../data/latent';
import { activate, type Activation } from '../models/activations';
import { mlp, type MlpOptions } from '../models/mlp';
import type { Model } from '../models/model';
import { Rng } from '../random';
import { fail, integer, nonNegative, positive, shape } from '../validate';

/** How to build a {@link virtualBatchNorm} layer. */
export interface VirtualBatchNormOptions {
  /** Features per example (the normalisation is per feature). */
  features: number;
  /** Added to the variance under the square root (default 1e-5, as in the paper's code); > 0. */
  epsilon?: number;
  /** Standard deviation of gamma's initial values around 1 (default 0: gamma = 1 exactly; DCGAN uses 0.02). */
  gammaInitStd?: number;
  /** Seed of gamma's initial values; needed only when gammaInitStd > 0. */
  seed?: number;
  /** A name for messages and the variables. */
  name?: string;
}

/** A VBN layer: its scale and shift, its reference statistics and its forward pass. */
export interface VirtualBatchNorm {
  readonly name: string;
  /** Added to the variance under the square root. */
  readonly epsilon: number;
  /** [gamma, beta], each of shape [features]: gamma starts at 1, beta at 0. */
  readonly params: Variable[];
  /** N, the number of examples of the stored reference batch (null before setReference). */
  readonly referenceSize: number | null;
  /** Stores the mean and variance of a reference batch [N, features] (N >= 1), computed from it once, on the backend; call it once, at the start. */
  setReference(reference: Tensor2D): void;
  /**
   * y for each row of x [n, features], normalised with the statistics of reference ∪ {that row}. `reference`
   * (optional, [N, features]) overrides the stored reference and is differentiated through.
   */
  apply(x: Tensor2D, reference?: Tensor2D): Tensor2D;
  /** Frees gamma, beta and the stored statistics. */
  dispose(): void;
}


/** A virtual batch normalisation layer (Salimans et al. 2016, Section 3.5), gamma = 1 and beta = 0 unless gammaInitStd > 0. */
export function virtualBatchNorm(options: VirtualBatchNormOptions): VirtualBatchNorm {
  const fn = 'virtualBatchNorm';
  const features = integer(fn, 'features', options.features);
  const epsilon = positive(fn, 'epsilon', options.epsilon ?? 1e-5);
  const gammaInitStd = nonNegative(fn, 'gammaInitStd', options.gammaInitStd ?? 0);
  const name = options.name ?? 'vbn';
  let gamma0: Float32Array;
  if (gammaInitStd > 0) {
    if (options.seed === undefined) fail(fn, 'seed', 'an integer >= 0 when gammaInitStd > 0', options.seed);
    gamma0 = new Rng(integer(fn, 'seed', options.seed, 0)).normals(features, 1, gammaInitStd);
  } else {
    if (options.seed !== undefined) integer(fn, 'seed', options.seed, 0);
    gamma0 = new Float32Array(features).fill(1);
  }
  const scope = uniqueScope(name);
  const gamma = tf.variable(tf.tensor1d(gamma0), true, `${scope}/gamma`);
  const beta = tf.variable(tf.zeros([features]), true, `${scope}/beta`);
  let stored: { mean: Variable; variance: Variable; n: number } | null = null;

  const checkReference = (where: string, r: unknown): Tensor2D => {
    if (!(r instanceof tf.Tensor) || r.rank !== 2 || r.shape[0] < 1) fail(where, 'reference', `a 2-D tensor [N >= 1, ${features}]`, r);
    shape(where, 'reference', (r as Tensor).shape, [null, features]);
    return r as Tensor2D;
  };

  return {
    name,
    epsilon,
    params: [gamma, beta],
    get referenceSize() {
      return stored?.n ?? null;
    },
    setReference: (reference) => {
      const r = checkReference(`${name}.setReference`, reference);
      const { mean, variance } = tf.tidy(() => tf.moments(r, 0));
      if (stored === null) {
        stored = {
          mean: tf.variable(mean, false, `${scope}/referenceMean`),
          variance: tf.variable(variance, false, `${scope}/referenceVariance`),
          n: r.shape[0],
        };
      } else {
        stored.mean.assign(mean as Tensor1D);
        stored.variance.assign(variance as Tensor1D);
        stored.n = r.shape[0];
      }
      tf.dispose([mean, variance]);
    },
    apply: (x, reference) => {
      const where = `${name}.apply`;
      shape(where, 'x', x.shape, [null, features]);
      if (reference === undefined && stored === null) {
        throw new RangeError(`${where}: no reference batch: call ${name}.setReference(reference) once first, or pass 'reference'`);
      }
      const r = reference === undefined ? null : checkReference(where, reference);
      return tf.tidy(() => {
        let mu: Tensor, sigma2: Tensor, n: number;
        if (r !== null) {
          ({ mean: mu, variance: sigma2 } = tf.moments(r, 0));
          n = r.shape[0];
        } else {
          ({ mean: mu, variance: sigma2, n } = stored!);
        }
        const w = 1 / (n + 1);
        const d = tf.sub(x, mu);
        const variance = tf.add(tf.mul(1 - w, sigma2), tf.mul(w * (1 - w), tf.square(d)));
        const normalised = tf.div(tf.mul(1 - w, d), tf.sqrt(tf.add(variance, epsilon)));
        return tf.add(tf.mul(gamma, normalised), beta) as Tensor2D;
      });
    },
    dispose: () => {
      tf.dispose([gamma, beta]);
      if (stored !== null) tf.dispose([stored.mean, stored.variance]);
    },
  };
}

/** How to build a {@link generatorWithVirtualBatchNorm}. */
export interface VbnGeneratorOptions {
  /** Latent dimension (the input width). */
  latentDim: number;
  /** Widths of the hidden layers; each is followed by a VBN layer, then the activation. */
  hidden: number[];
  /** Output dimension (the data's). */
  outputDim: number;
  /** Seed of the weights (the same draws as `mlp` with this seed). */
  seed: number;
  /** N, the number of latent vectors of the reference batch, drawn once (e.g. the batch size). */
  referenceSize: number;
  /** Seed of the reference batch z_R ~ N(0, I) (default seed + 1). */
  referenceSeed?: number;
  /** Hidden activation (default 'relu'). */
  activation?: Activation;
  /** A name for messages (default 'generator (VBN)'). */
  name?: string;
}

/** A generator with virtual batch norm: a {@link Model} plus its VBN layers and its fixed reference batch. */
export interface VbnGenerator extends Model {
  /** The options of its dense layers (as an mlp's: widths, activations, seed). */
  readonly options: Readonly<Required<MlpOptions>>;
  /** One VBN layer per hidden layer (their gamma and beta are in params). */
  readonly norms: VirtualBatchNorm[];
  /** The reference latent batch z_R [referenceSize, latentDim], chosen once. */
  readonly reference: Tensor2D;
  /** Frees the weights, the VBN layers and the reference batch. */
  dispose(): void;
}

/**
 * An MLP generator with virtual batch norm after each hidden layer (Salimans et al. 2016, Section 3.5), as
 * lesson 06 uses it: per layer, h <- act(VBN(h W + b; reference r W + b)) and r <- act(VBN(r W + b; r W + b)), the
 * reference batch z_R run through the network with the current weights at every call, so each example's output
 * depends on z and z_R only, never on the rest of its batch. The last layer is linear (or `mlp`'s outputActivation).
 */
export function generatorWithVirtualBatchNorm(options: VbnGeneratorOptions): VbnGenerator {
  const fn = 'generatorWithVirtualBatchNorm';
  const referenceSize = integer(fn, 'referenceSize', options.referenceSize, 1);
  const referenceSeed = integer(fn, 'referenceSeed', options.referenceSeed ?? options.seed + 1, 0);
  const activation = options.activation ?? 'relu';
  const name = options.name ?? 'generator (VBN)';
  const base = mlp({ inputDim: options.latentDim, hidden: options.hidden, outputDim: options.outputDim, activation, seed: options.seed, name: 'generator' });
  const L = base.options.hidden.length;
  const W = base.params;
  const norms = base.options.hidden.map((width, i) => virtualBatchNorm({ features: width, name: `${name}/vbn${i}` }));
  const reference = standardNormalLatent(new Rng(referenceSeed), referenceSize, options.latentDim);
  const layers = (z: Tensor2D): Tensor2D[] => {
    shape(`${name}.apply`, 'z', z.shape, [null, options.latentDim]);
    const outs: Tensor2D[] = [];
    let h = z;
    let r = reference;
    for (let i = 0; i < L; i++) {
      const preH = tf.add(tf.matMul(h, W[2 * i]), W[2 * i + 1]) as Tensor2D;
      const preR = tf.add(tf.matMul(r, W[2 * i]), W[2 * i + 1]) as Tensor2D;
      h = activate(activation, norms[i].apply(preH, preR)) as Tensor2D;
      r = activate(activation, norms[i].apply(preR, preR)) as Tensor2D;
      outs.push(h);
    }
    outs.push(activate(base.options.outputActivation, tf.add(tf.matMul(h, W[2 * L]), W[2 * L + 1])) as Tensor2D);
    return outs;
  };
  return {
    name,
    options: base.options,
    params: [...W, ...norms.flatMap((n) => n.params)],
    norms,
    reference,
    layers,
    apply: (z) => tf.tidy(() => {
      const outs = layers(z);
      return outs[outs.length - 1];
    }),
    dispose: () => {
      base.dispose();
      norms.forEach((n) => n.dispose());
      reference.dispose();
    },
  };
}
