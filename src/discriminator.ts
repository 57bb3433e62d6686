/**
 * The optimal discriminator of the original GAN (Goodfellow et al. 2014, Proposition 1) and the GAN value
 * function, exactly (by quadrature) and by Monte Carlo on samples.
 *
 * For fixed densities p_data and p_g, V(D) = E_data[log D(x)] + E_g[log(1 - D(x))] is maximised by
 * D*(x) = p_data(x) / (p_data(x) + p_g(x)), and V(D*) = -log 4 + 2 JS(p_data || p_g) (Theorem 1).
 */
import type { Density1D } from './distributions/density';
import { sigmoid, softplus } from './numerics/special';
import { integrate, unionSupport } from './numerics/quadrature';
import { finiteArray, integer } from './validate';

/** D*(x) = p_data(x) / (p_data(x) + p_g(x)), computed as sigmoid(log p_data - log p_g) so the tails stay finite. */
export function optimalDiscriminator(pData: Density1D, pG: Density1D): (x: number) => number {
  return (x) => sigmoid(pData.logPdf(x) - pG.logPdf(x));
}

/** The logit of D*: log p_data(x) - log p_g(x). */
export function optimalDiscriminatorLogit(pData: Density1D, pG: Density1D): (x: number) => number {
  return (x) => pData.logPdf(x) - pG.logPdf(x);
}

/**
 * V(D) = ∫ p_data log D + ∫ p_g log(1 - D) by Simpson's rule, for a discriminator given by its logit
 * (log D = -softplus(-logit), log(1 - D) = -softplus(logit), exact in the tails).
 */
export function ganValue(logit: (x: number) => number, pData: Density1D, pG: Density1D, intervals = 20000): number {
  integer('ganValue', 'intervals', intervals, 2);
  const [lo, hi] = unionSupport(pData, pG);
  return integrate((x) => {
    const l = logit(x);
    return -pData.pdf(x) * softplus(-l) - pG.pdf(x) * softplus(l);
  }, lo, hi, intervals);
}

/** A Monte Carlo estimate with its standard error. */
export interface Estimate {
  value: number;
  standardError: number;
}

/**
 * Monte Carlo estimate of V(D) from the discriminator's logits on fresh real and generated samples:
 * mean(log D(x_real)) + mean(log(1 - D(x_fake))), with the standard error of the sum of the two means.
 */
export function ganValueMonteCarlo(logitsReal: ArrayLike<number>, logitsFake: ArrayLike<number>): Estimate {
  finiteArray('ganValueMonteCarlo', 'logitsReal', logitsReal, 2);
  finiteArray('ganValueMonteCarlo', 'logitsFake', logitsFake, 2);
  const meanVar = (xs: ArrayLike<number>, f: (t: number) => number) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < xs.length; i++) {
      const v = f(xs[i]);
      s += v;
      s2 += v * v;
    }
    const m = s / xs.length;
    return { m, v: Math.max(0, (s2 / xs.length - m * m) * (xs.length / (xs.length - 1))) / xs.length };
  };
  const r = meanVar(logitsReal, (l) => -softplus(-l));
  const g = meanVar(logitsFake, (l) => -softplus(l));
  return { value: r.m + g.m, standardError: Math.sqrt(r.v + g.v) };
}
