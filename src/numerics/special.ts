/**
 * The scalar special functions the library needs, in one place: the logistic sigmoid and softplus (for
 * logits, written so that no argument overflows), and the error functions and the standard normal's
 * distribution and quantile functions (for Gaussians and their mixtures). The error functions come from
 * stdlib (@stdlib/math-base-special-*, ports of FreeBSD's msun erf/erfc and Boost's erfc_inv, accurate to
 * about one ulp), not from a hand-written series.
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
 * Standard normal quantile Phi^-1(u) = -sqrt(2) erfcinv(2u) for u in [0, 1] (-Infinity at 0, +Infinity at 1);
 * relative accuracy about 1e-15 in the lower tail. Throws a RangeError outside [0, 1].
 */
export function normalQuantile(u: number): number {
  if (!(u >= 0 && u <= 1)) throw new RangeError(`normalQuantile: argument 'u' must be a number in [0, 1], got ${u}`);
  return -Math.SQRT2 * erfcinv(2 * u);
}
