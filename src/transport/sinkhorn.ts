/**
 * Entropic optimal transport by Sinkhorn's iterations (Cuturi 2013, Sinkhorn Distances): the plan
 *   P_eps = argmin_P <P, M> - eps H(P)  over P >= 0 with P 1 = a, P^T 1 = b,  H(P) = -sum_ij P_ij (log P_ij - 1),
 * has the form P_ij = exp((f_i + g_j - M_ij) / eps), and alternately fitting the row and column sums gives
 * f and g. The updates are written with log-sum-exp (the log-domain form, Peyré & Cuturi 2019, Computational
 * Optimal Transport, Remark 4.23), so a small eps cannot underflow the kernel exp(-M / eps) to zero.
 * As eps -> 0, <P_eps, M> tends to the exact optimal cost.
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { fail, integer, nonNegative, positive, shape } from '../validate';

/** Options of {@link sinkhorn}. */
export interface SinkhornOptions {
  /** Most iterations (one row and one column update each; default 1000). */
  maxIterations?: number;
  /**
   * Stop when the marginal error sum_i |(P 1)_i - a_i| + sum_j |(P^T 1)_j - b_j| is at most this times sum(a)
   * (default 1e-4; float32 arithmetic puts a floor near 1e-7 max(M) / eps under it).
   */
  tolerance?: number;
  /** Read the marginal error back from the backend every this many iterations (default 10). */
  checkEvery?: number;
}

/** What {@link sinkhorn} returns. The caller owns `plan` and disposes it. */
export interface SinkhornResult {
  /** The transport cost <P_eps, M> = sum_ij P_ij M_ij of the entropic plan (no entropy term), in units of M. */
  cost: number;
  /** The entropic plan P_eps, n x m, float32. */
  plan: Tensor2D;
  /** Iterations done. */
  iterations: number;
  /** sum_i |(P 1)_i - a_i| + sum_j |(P^T 1)_j - b_j| of the returned plan, relative to sum(a). */
  marginalError: number;
  /** Whether the marginal error reached `tolerance` within `maxIterations`. */
  converged: boolean;
}

/**
 * Entropic OT between histograms a (n) and b (m) with cost matrix M (n x m) and regularisation eps (in the
 * units of M): log-domain Sinkhorn, f_i = eps log a_i - eps LSE_j((g_j - M_ij) / eps), then
 * g_j = eps log b_j - eps LSE_i((f_i - M_ij) / eps), on the TF.js backend in float32. Inputs may be tensors or
 * arrays (read back once to validate: masses >= 0, equal totals within 1e-6 relative, finite costs).
 * Every intermediate tensor is disposed; only the returned plan stays allocated.
 */
export function sinkhorn(
  a: Tensor | ArrayLike<number>,
  b: Tensor | ArrayLike<number>,
  M: Tensor | ArrayLike<ArrayLike<number>>,
  epsilon: number,
  options: SinkhornOptions = {},
): SinkhornResult {
  const fn = 'sinkhorn';
  positive(fn, 'epsilon', epsilon);
  const maxIterations = integer(fn, 'options.maxIterations', options.maxIterations ?? 1000, 1);
  const tolerance = nonNegative(fn, 'options.tolerance', options.tolerance ?? 1e-4);
  const checkEvery = integer(fn, 'options.checkEvery', options.checkEvery ?? 10, 1);

  const aData = readMasses(fn, 'a', a);
  const bData = readMasses(fn, 'b', b);
  const n = aData.length;
  const m = bData.length;
  const mData = readCosts(fn, M, n, m);
  const sumA = aData.reduce((s, x) => s + x, 0);
  const sumB = bData.reduce((s, x) => s + x, 0);
  if (Math.abs(sumA - sumB) > 1e-6 * Math.max(sumA, sumB)) {
    throw new RangeError(
      `${fn}: arguments 'a' and 'b' must have equal total masses (relative tolerance 1e-6), got sum(a) = ${sumA} and sum(b) = ${sumB}`,
    );
  }

  // Scaled potentials fHat = f / eps, gHat = g / eps; the exponent of the plan is fHat_i + gHat_j - M_ij / eps.
  const logA = tf.tidy(() => tf.log(tf.tensor1d(aData)));
  const logB = tf.tidy(() => tf.log(tf.tensor1d(bData)));
  const aT = tf.tensor1d(aData);
  const bT = tf.tensor1d(bData);
  const mT = tf.tensor2d(mData, [n, m]);
  const mScaled = tf.tidy(() => tf.div(mT, epsilon));
  let fHat: Tensor1D = tf.zeros([n]);
  let gHat: Tensor1D = tf.zeros([m]);

  const logPlan = (f: Tensor1D, g: Tensor1D) => tf.sub(tf.add(tf.reshape(f, [n, 1]), tf.reshape(g, [1, m])), mScaled);
  const marginalErrorOf = (f: Tensor1D, g: Tensor1D) =>
    tf.tidy(() => {
      const p = tf.exp(logPlan(f, g));
      return tf.add(tf.sum(tf.abs(tf.sub(tf.sum(p, 1), aT))), tf.sum(tf.abs(tf.sub(tf.sum(p, 0), bT))));
    });

  let iterations = 0;
  let marginalError = Infinity;
  try {
    while (iterations < maxIterations) {
      const [f, g] = tf.tidy(() => {
        // Rows: fHat_i = log a_i - LSE_j(gHat_j - M_ij / eps); then columns with the new fHat.
        const f1 = tf.sub(logA, tf.logSumExp(tf.sub(tf.reshape(gHat, [1, m]), mScaled), 1)) as Tensor1D;
        const g1 = tf.sub(logB, tf.logSumExp(tf.sub(tf.reshape(f1, [n, 1]), mScaled), 0)) as Tensor1D;
        return [f1, g1];
      });
      fHat.dispose();
      gHat.dispose();
      fHat = f;
      gHat = g;
      iterations++;
      // Reading back stalls the backend; do it only every `checkEvery` iterations.
      if (iterations % checkEvery === 0 || iterations === maxIterations) {
        const err = marginalErrorOf(fHat, gHat);
        marginalError = err.dataSync()[0] / sumA;
        err.dispose();
        if (Number.isNaN(marginalError)) throw new Error(`${fn}: the iterations produced NaN (iteration ${iterations})`);
        if (marginalError <= tolerance) break;
      }
    }
    const plan = tf.tidy(() => tf.exp(logPlan(fHat, gHat))) as Tensor2D;
    const costT = tf.tidy(() => tf.sum(tf.mul(plan, mT)));
    const cost = costT.dataSync()[0];
    costT.dispose();
    return { cost, plan, iterations, marginalError, converged: marginalError <= tolerance };
  } finally {
    for (const t of [logA, logB, aT, bT, mT, mScaled, fHat, gHat]) t.dispose();
  }
}

function readMasses(fn: string, name: string, x: Tensor | ArrayLike<number>): Float32Array {
  let data: ArrayLike<number>;
  if (x instanceof tf.Tensor) {
    shape(fn, name, x.shape, [null]);
    data = x.dataSync();
  } else if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    data = x;
  } else {
    fail(fn, name, 'a 1D tensor or an array of masses', x);
  }
  if (data.length < 1) fail(fn, name, 'at least one mass', x);
  let s = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`${fn}: argument '${name}' must hold finite masses >= 0, but ${name}[${i}] is ${v}`);
    }
    s += v;
  }
  if (!(s > 0)) fail(fn, name, 'masses with a positive sum', s);
  return Float32Array.from(data);
}

function readCosts(fn: string, M: Tensor | ArrayLike<ArrayLike<number>>, n: number, m: number): Float32Array {
  const out = new Float32Array(n * m);
  if (M instanceof tf.Tensor) {
    shape(fn, 'M', M.shape, [n, m]);
    out.set(M.dataSync());
  } else {
    if (M === null || typeof M !== 'object' || M.length !== n) fail(fn, 'M', `an ${n} x ${m} tensor or array of ${n} rows`, M);
    for (let i = 0; i < n; i++) {
      const row = M[i];
      if (row === null || typeof row !== 'object' || row.length !== m) {
        throw new RangeError(`${fn}: argument 'M' must have rows of ${m} numbers (the length of 'b'), but M[${i}] is not`);
      }
      for (let j = 0; j < m; j++) out[i * m + j] = row[j];
    }
  }
  for (let k = 0; k < out.length; k++) {
    if (!Number.isFinite(out[k])) {
      throw new RangeError(`${fn}: argument 'M' must hold finite numbers, but M[${Math.floor(k / m)}][${k % m}] is ${out[k]}`);
    }
  }
  return out;
}
