/**
 * Spectral normalisation (Miyato, Kataoka, Koyama & Yoshida 2018, "Spectral Normalization for Generative Adversarial
 * Networks", arXiv 1802.05957): the critic uses W / sigma(W) in place of each weight matrix W, sigma(W) its largest
 * singular value, so every linear layer has spectral norm 1 and a ReLU critic is at most 1-Lipschitz (the product
 * of its layers' norms). sigma(W) is estimated by power iteration, one step per critic update, with the vectors
 * kept from one update to the next (their Algorithm 1): W changes little per update, so one step keeps up.
 *
 * With W of shape [in, out] (the layer computes x W): v <- W u / ||W u|| (in), u <- W^T v / ||W^T v|| (out), and
 * sigma_hat = v^T W u. The vectors are constants to autodiff, so d sigma_hat / dW = v u^T (their eq. 12): the
 * gradient goes through the division by sigma_hat, the part of the method that shapes what the critic learns.
 * Biases are not normalised (they do not change the Lipschitz constant).
 */
import type { Tensor2D, Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { activate } from '../models/activations';
import { uniqueScope, type Model } from '../models/model';
import type { Lipschitz } from './method';
import type { Mlp } from '../models/mlp';
import { largestSingularValue } from '../numerics/singular-values';
import { Rng } from '../random';
import { integer, shape } from '../validate';

/** A critic whose weight matrices are divided by their estimated largest singular values. */
export interface SpectrallyNormalized extends Model {
  /** The network whose params are trained; the forward pass uses W_i / sigma_hat_i in place of its W_i. */
  readonly net: Mlp;
  /** Every layer's output for x, computed with the normalised weights; the last is apply(x). */
  layers(x: Tensor2D): Tensor2D[];
  /** The power-iteration vectors [u_0, v_0, u_1, v_1, ...] (u_i: [out_i, 1], v_i: [in_i, 1]): state, not trained. */
  readonly state: Variable[];
  /** One power-iteration step on every weight matrix (the training loops call it before each critic update). */
  powerIteration(): void;
  /** The current estimates sigma_hat_i = v_i^T W_i u_i, one per weight matrix (read back from the backend). */
  sigmaEstimates(): number[];
  /** Frees the vectors (not the wrapped network's params). */
  dispose(): void;
}

/** Options of {@link spectrallyNormalized}. */
export interface SpectralNormOptions {
  /** Seed of the initial vectors u_i ~ N(0, I), normalised. */
  seed: number;
  /** Power-iteration steps taken at the start, so the first forward pass already divides by a fair estimate (default 1). */
  initialSteps?: number;
}

/** Whether `critic` is a {@link SpectrallyNormalized} critic. */
export function isSpectrallyNormalized(critic: Model): critic is SpectrallyNormalized {
  return typeof (critic as Partial<SpectrallyNormalized>).powerIteration === 'function' && Array.isArray((critic as Partial<SpectrallyNormalized>).state);
}

/** x / ||x|| for a column vector, with 1e-12 under the root so a zero vector gives zeros, not NaN. */
function normalise(x: Tensor2D): Tensor2D {
  return tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x)), 1e-12))) as Tensor2D;
}

/**
 * Wraps an MLP critic in spectral normalisation: its forward pass divides every weight matrix by sigma_hat = v^T W u,
 * from power-iteration vectors kept across updates (train it with `lipschitz: spectralNorm()`, which steps them).
 */
export function spectrallyNormalized(net: Mlp, options: SpectralNormOptions): SpectrallyNormalized {
  const fn = 'spectrallyNormalized';
  if (!net || !Array.isArray(net.params) || !net.options) throw new RangeError(`${fn}: argument 'net' must be an Mlp built by mlp(...)`);
  const rng = new Rng(integer(fn, 'seed', options.seed, 0));
  const initialSteps = integer(fn, 'initialSteps', options.initialSteps ?? 1, 0);
  const weights = net.params.filter((_, i) => i % 2 === 0);
  const scope = uniqueScope(`${net.name}_sn`);
  const state: Variable[] = [];
  weights.forEach((w, i) => {
    const [fanIn, fanOut] = w.shape;
    const u = tf.tidy(() => normalise(tf.tensor2d(rng.normals(fanOut), [fanOut, 1])));
    state.push(tf.variable(u, false, `${scope}/u${i}`), tf.variable(tf.zeros([fanIn, 1]), false, `${scope}/v${i}`));
    u.dispose();
  });
  const powerIteration = () =>
    tf.tidy(() => {
      weights.forEach((w, i) => {
        const [u, v] = [state[2 * i], state[2 * i + 1]];
        const vNew = normalise(tf.matMul(w, u) as Tensor2D);
        v.assign(vNew);
        u.assign(normalise(tf.matMul(w, vNew, true) as Tensor2D));
      });
    });
  // sigma_hat = v^T W u with u, v constants: autodiff sees only W.
  const sigma = (i: number) => tf.sum(tf.mul(state[2 * i + 1], tf.matMul(weights[i], state[2 * i])));
  const layers = (x: Tensor2D): Tensor2D[] => {
    shape(`${net.name}.apply`, 'x', x.shape, [null, net.options.inputDim]);
    const outs: Tensor2D[] = [];
    let h = x;
    for (let i = 0; i < weights.length; i++) {
      const z = tf.add(tf.matMul(h, tf.div(weights[i], sigma(i))), net.params[2 * i + 1]) as Tensor2D;
      h = activate(i < weights.length - 1 ? net.options.activation : net.options.outputActivation, z) as Tensor2D;
      outs.push(h);
    }
    return outs;
  };
  for (let k = 0; k < initialSteps; k++) powerIteration();
  return {
    name: `${net.name} (spectral norm)`,
    net,
    params: net.params,
    state,
    layers,
    apply: (x) => {
      const outs = layers(x);
      return outs[outs.length - 1];
    },
    powerIteration,
    sigmaEstimates: () => {
      const s = tf.tidy(() => tf.stack(weights.map((_, i) => sigma(i))));
      const values = Array.from(s.dataSync());
      s.dispose();
      return values;
    },
    dispose: () => state.forEach((v) => v.dispose()),
  };
}

/**
 * Checks that a run's critic and Lipschitz method agree: spectralNorm() needs a spectrally normalised critic, and such
 * a critic needs spectralNorm() (otherwise its power iteration would never run and sigma_hat would stay at its start).
 */
export function checkSpectralNorm(fn: string, critic: Model, lipschitz: Lipschitz): void {
  const wrapped = isSpectrallyNormalized(critic);
  if (lipschitz.kind === 'spectral' && !wrapped) {
    throw new RangeError(`${fn}: lipschitz spectralNorm() needs a critic built with spectrallyNormalized(mlp(...), { seed }); the critic '${critic.name}' is not`);
  }
  if (wrapped && lipschitz.kind !== 'spectral') {
    throw new RangeError(`${fn}: the critic '${critic.name}' is spectrally normalised but lipschitz is '${lipschitz.kind}': pass lipschitz: spectralNorm() so its power iteration runs`);
  }
}

/** One normalised layer: the power-iteration estimate, the exact sigma(W) (SVD), and sigma(W / sigma_hat) = exact / estimate. */
export interface LayerSpectralNorm {
  /** sigma_hat = v^T W u. */
  estimate: number;
  /** The largest singular value of W, by SVD. */
  exact: number;
  /** The largest singular value of the layer the critic uses, W / sigma_hat (1 when the estimate is exact). */
  normalised: number;
}

/** For each weight matrix of a spectrally normalised critic: its estimate, its exact sigma(W) and the normalised layer's top singular value. */
export function layerSpectralNorms(critic: SpectrallyNormalized): LayerSpectralNorm[] {
  const estimates = critic.sigmaEstimates();
  return critic.net.params
    .filter((_, i) => i % 2 === 0)
    .map((w, i) => {
      const [rows, cols] = w.shape as [number, number];
      const exact = largestSingularValue(w.dataSync(), rows, cols);
      return { estimate: estimates[i], exact, normalised: exact / estimates[i] };
    });
}
