/**
 * Test helper (not a test file): the gradient of a scalar function of an MLP's parameters, by autodiff and by
 * central finite differences, for the penalty-gradient tests.
 */
import type { Scalar, Tensor2D, Variable } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import type { Activation } from '../../src/models/activations';
import { mlp, type Mlp } from '../../src/models/mlp';

/** Anything with trainable parameters (an Mlp, or a critic built on an Mlp's parameters). */
export interface HasParams {
  params: Variable[];
}

/** A small random critic 2 -> 8 -> 8 -> 1 with the given activation and random (non-zero) biases. */
export function smallCritic(activation: Activation, seed: number): Mlp {
  const critic = mlp({ inputDim: 2, hidden: [8, 8], outputDim: 1, activation, seed, name: 'critic' });
  const rng = new Rng(seed + 1000);
  for (let i = 1; i < critic.params.length; i += 2) {
    const b = critic.params[i];
    assignValues(b, rng.uniforms(b.size, -0.5, 0.5));
  }
  return critic;
}

/** Sets a variable's values (assign does not take ownership of its argument, so the temporary is freed). */
export function assignValues(v: Variable, values: Float32Array): void {
  const t = tf.tensor(values, v.shape);
  v.assign(t);
  t.dispose();
}

/** A batch of `n` 2-D points, standard normal plus `shift`. */
export function batch(rng: Rng, n: number, shift: [number, number]): Tensor2D {
  const xs = rng.normals(2 * n);
  for (let i = 0; i < n; i++) {
    xs[2 * i] += shift[0];
    xs[2 * i + 1] += shift[1];
  }
  return tf.tensor2d(xs, [n, 2]);
}

/** Reads a scalar computed in a tidy, after the tidy. */
export function value(f: () => Scalar): number {
  const s = tf.tidy(f);
  const v = s.dataSync()[0];
  s.dispose();
  return v;
}

/** The gradient of f with respect to all of the critic's parameters, by tf.variableGrads, flattened in order. */
export function autodiffGradient(critic: HasParams, f: () => Scalar): Float64Array {
  const parts = tf.tidy(() => {
    const { grads } = tf.variableGrads(f, critic.params);
    // A parameter the function does not depend on (a penalty ignores the output bias) has no entry: its gradient is 0.
    return critic.params.map((p) => grads[p.name] ?? tf.zerosLike(p));
  });
  const out = Float64Array.from(parts.flatMap((g) => Array.from(g.dataSync())));
  parts.forEach((g) => g.dispose());
  return out;
}

/** Result of {@link finiteDifferenceGradient}. */
export interface FiniteDifferences {
  gradient: Float64Array;
  /** Indices of parameters whose difference quotient crossed a kink even at the smallest step (left out). */
  excluded: number[];
  /** How many parameters needed the smaller step because the larger one crossed a kink. */
  refined: number;
}

/**
 * Central differences (f(p + h) - f(p - h)) / (p+h - (p-h)) for every parameter, the difference of the float32
 * values actually stored as the denominator. If `pattern` is given (the activation pattern of a piecewise
 * activation at the penalty's points), a step that changes the pattern crossed a kink, where the penalty is not
 * differentiable (relu: it jumps); that parameter is retried with h / 10 and h / 100, and left out if those cross too.
 */
export function finiteDifferenceGradient(critic: HasParams, f: () => Scalar, h: number, pattern?: () => string): FiniteDifferences {
  const grad: number[] = [];
  const excluded: number[] = [];
  let refined = 0;
  const base = pattern?.();
  for (const p of critic.params) {
    const values = Float32Array.from(p.dataSync());
    const at = (k: number, v: number): { f: number; same: boolean } => {
      const w = values.slice();
      w[k] = v;
      assignValues(p, w);
      return { f: value(f), same: pattern === undefined || pattern() === base };
    };
    for (let k = 0; k < values.length; k++) {
      let d = NaN;
      for (const step of pattern ? [h, h / 10, h / 100] : [h]) {
        const up = Math.fround(values[k] + step);
        const down = Math.fround(values[k] - step);
        const a = at(k, up);
        const b = at(k, down);
        if (a.same && b.same) {
          d = (a.f - b.f) / (up - down);
          break;
        }
        if (step === h) refined++;
      }
      if (Number.isNaN(d)) {
        excluded.push(grad.length);
        d = 0;
      }
      grad.push(d);
    }
    assignValues(p, values);
  }
  return { gradient: Float64Array.from(grad), excluded, refined };
}

/** ||a - b|| / ||b|| over the indices not excluded. */
export function relativeError(a: Float64Array, b: Float64Array, excluded: number[] = []): number {
  const skip = new Set(excluded);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    if (skip.has(i)) continue;
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** The sign pattern of the critic's hidden layers at x, as a string (for kink detection); any model with `layers` (an Mlp, a ConvNet). */
export function activationPattern(critic: { layers(x: Tensor2D): Tensor2D[] }, x: Tensor2D): string {
  const hidden = tf.tidy(() => {
    const layers = critic.layers(x);
    return tf.concat(layers.slice(0, -1).map((l) => tf.greater(l, 0).asType('float32')), 1);
  });
  const s = Array.from(hidden.dataSync()).join('');
  hidden.dispose();
  return s;
}
