/**
 * Activations with correct second derivatives under TF.js autodiff: the one place where wgan-lab works around
 * TF.js (4.22) for gradient penalties, which differentiate a gradient (the penalty's parameter gradient is a
 * second derivative of the critic).
 *
 * What is broken in TF.js, and why (tests/unit/second-order.test.ts shows each):
 * - tanh, sigmoid (and exp, elu, and every op whose gradient reads the op's own *output*): the engine saves that
 *   output for the backward pass as a clone, and records the clone on the tape *before* the op itself. Backprop
 *   walks the tape in reverse, so the op is processed before the gradient arriving through the clone has been
 *   added: every second-order term through the saved output is silently dropped. Alone, tf.grad(tf.grad(tf.tanh))
 *   throws "Cannot compute gradient"; inside a critic the other paths hide it and the penalty's parameter gradient
 *   is simply wrong (autodiff 0.27 relative error against finite differences for a tanh critic, 0.06 for
 *   sigmoid). Reported upstream as tensorflow/tfjs issue #3252 ("Can't take second derivative with respect to
 *   tanh, sigmoid, or exp"), open.
 * - leakyRelu: its gradient builds a mask with `Greater`, which has no registered gradient, so the penalty throws.
 *   (`maximum(x, a x)` fails the same way, on `Less`; `minimum` on `LessEqual`.)
 * - elu: its gradient is the `EluGrad` kernel, which has no gradient, so the penalty throws.
 * - relu and softplus are right: their gradients read only the saved *input* (step(x), sigmoid(x)).
 *
 * The fix: each activation below is a `tf.customGrad` whose gradient recomputes what it needs from the saved
 * input with ordinary differentiable ops, so the second backward pass sees a complete graph. Nothing is
 * registered globally: TF.js's own ops (and tf.layers models) are unchanged.
 *
 * For the piecewise linear ones (relu, leakyRelu) the slope mask is computed in the forward pass, where TF.js does
 * not record, so it is a constant to autodiff. Its derivative is 0 almost everywhere anyway, and autodiff no
 * longer sends those zeros back through the critic's whole forward pass (two matmuls per layer) in the penalty's
 * double backward: the speed note of issue 4. Measured on the native backend, 2 shared cores, a relu critic
 * 2 -> 512 -> 512 -> 512 -> 1, batch 256, Wasserstein loss + gradient penalty: a step took about 30 ms instead of
 * 38 ms (median of 15 runs of 10 steps), with bit-identical parameter gradients; a step without the penalty was
 * unchanged within noise. One visible consequence: a parameter that reaches a penalty only through relu masks
 * (the biases of a relu critic, for a penalty alone) gets no entry from tf.variableGrads instead of a zero one,
 * and tf.grad of relu' (which is 0) throws "Cannot compute gradient" instead of returning zeros.
 *
 * Verified by: closed-form second derivatives of each activation, and central finite differences of every
 * penalty's parameter gradient for critics with each activation (tests/unit/second-order.test.ts and
 * tests/unit/penalty-gradients.test.ts).
 */
import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs';
import { tf } from '../backend';

/** An elementwise op from its forward pass and a gradient built from differentiable TF.js ops. */
function withGradient(
  forward: (x: Tensor, save: GradSaveFunc) => { value: Tensor; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor },
): (x: Tensor) => Tensor {
  const f: Parameters<typeof tf.customGrad>[0] = (...args) => forward(args[0] as Tensor, args[1] as GradSaveFunc);
  return tf.customGrad(f) as (x: Tensor) => Tensor;
}

/** A piecewise linear activation x -> x (x > 0), negativeSlope * x (x <= 0), with a constant slope mask. */
function piecewiseLinear(negativeSlope: number): (x: Tensor) => Tensor {
  return withGradient((x, save) => {
    // Runs inside a TF.js kernel, where nothing is recorded: the mask is a constant to the second backward pass.
    // sign(relu(x)) is the mask [x > 0] in one kernel; tf.step costs about ten on the native backend (its Step
    // kernel is built from isNaN, greater, fill and where), which was a fifth of a small GAN's step.
    const value = negativeSlope === 0 ? tf.relu(x) : tf.leakyRelu(x, negativeSlope);
    const positive = negativeSlope === 0 ? tf.sign(value) : tf.sign(tf.relu(x));
    const slope = negativeSlope === 0 ? positive : tf.add(negativeSlope, tf.mul(1 - negativeSlope, positive));
    save([slope]);
    return { value, gradFunc: (dy, saved) => tf.mul(dy, saved[0]) };
  });
}

/** relu(x) = max(0, x); f' = [x > 0] (a constant mask), f'' = 0. */
export const relu: (x: Tensor) => Tensor = piecewiseLinear(0);

/** leakyRelu(x) = x (x > 0), alpha x (x <= 0); f' = alpha + (1 - alpha) [x > 0] (a constant mask), f'' = 0. */
export function leakyRelu(alpha: number): (x: Tensor) => Tensor {
  return piecewiseLinear(alpha);
}

/** tanh(x); f' = 1 - tanh(x)^2, recomputed from the saved input so f'' = -2 tanh(x) (1 - tanh(x)^2) is right. */
export const tanh: (x: Tensor) => Tensor = withGradient((x, save) => {
  save([x]);
  return {
    value: tf.tanh(x),
    gradFunc: (dy, saved) => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(saved[0])))),
  };
});

/** sigmoid(x) = 1 / (1 + e^-x); f' = s (1 - s) with s recomputed from the saved input, so f'' = s (1 - s)(1 - 2s) is right. */
export const sigmoid: (x: Tensor) => Tensor = withGradient((x, save) => {
  save([x]);
  return {
    value: tf.sigmoid(x),
    gradFunc: (dy, saved) => {
      const s = tf.sigmoid(saved[0]);
      return tf.mul(dy, tf.mul(s, tf.sub(1, s)));
    },
  };
});

/** elu(x) = x (x > 0), e^x - 1 (x <= 0) (Clevert et al. 2016); f' = exp(min(x, 0)), f'' = e^x [x < 0]. */
export const elu: (x: Tensor) => Tensor = withGradient((x, save) => {
  save([x]);
  return {
    value: tf.elu(x),
    // exp(min(x, 0)) is 1 for x > 0 and e^x below, and never overflows.
    gradFunc: (dy, saved) => tf.mul(dy, tf.exp(tf.minimum(saved[0], 0))),
  };
});
