/**
 * The scalar special functions the library needs, in one place: the logistic sigmoid and softplus (for
 * logits, written so that no argument overflows), and the error functions and the standard normal's
 * distribution and quantile functions (for Gaussians and their mixtures). The error functions come from
 * stdlib (@stdlib/math-base-special-*: ports of FreeBSD's msun erf/erfc, about 1e-16 relative, and of Boost's
 * erfc_inv, to which normalQuantile adds one Halley step), not from a hand-written series.
 */
import erfImpl = require('@stdlib/math-base-special-erf');
import erfcImpl = require('@stdlib/math-base-special-erfc');
import erfcinvImpl = require('@stdlib/math-base-special-erfcinv');

/** The logistic sigmoid 1 / (1 + e^-t), in (0, 1); no overflow for any t (e^t is only taken for t < 0). */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** softplus(t) = log(1 + e^t), without overflow; -log sigmoid(t) = softplus(-t). */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** The error function erf(x) = 2/sqrt(pi) ∫_0^x e^(-t^2) dt (stdlib; relative error about 1e-16). */
export function erf(x: number): number {
  return erfImpl(x);
}

/**
 * The complementary error function erfc(x) = 1 - erf(x) (stdlib; relative error about 1e-16, also deep in
 * the tail where 1 - erf(x) would cancel: erfc(10) = 2.088e-45).
 */
export function erfc(x: number): number {
  return erfcImpl(x);
}

/** The inverse of erfc on (0, 2): erfcinv(erfc(x)) = x; ±Infinity at 0 and 2 (stdlib, Boost's rational approximations). */
export function erfcinv(y: number): number {
  return erfcinvImpl(y);
}

/** Standard normal CDF Phi(z) = erfc(-z / sqrt 2) / 2 (full relative accuracy in the lower tail). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Standard normal quantile Phi^-1(u) for u in [0, 1] (-Infinity at 0, +Infinity at 1): -sqrt(2) erfcinv(2u)
 * (stdlib), then one Halley step on Phi(x) = u, which takes stdlib's 4e-14 relative error at u = 1e-300 down to
 * rounding (relative error about 1e-16 in the lower tail; in the upper tail u itself carries less information).
 * Throws a RangeError outside [0, 1].
 */
export function normalQuantile(u: number): number {
  if (!(u >= 0 && u <= 1)) throw new RangeError(`normalQuantile: argument 'u' must be a number in [0, 1], got ${u}`);
  const x = -Math.SQRT2 * erfcinv(2 * u) + 0; // + 0: Phi^-1(1/2) = 0, not -0
  if (!Number.isFinite(x)) return x;
  const e = normalCdf(x) - u;
  if (e === 0) return x;
  // g = e / phi(x), through logs so that phi(x) cannot underflow in the far tail.
  const g = Math.sign(e) * Math.exp(Math.log(Math.abs(e)) + 0.5 * x * x + LOG_SQRT_2PI);
  return x - g / (1 + (x * g) / 2);
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
