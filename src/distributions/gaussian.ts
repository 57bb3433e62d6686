/**
 * The 1D Gaussian N(mean, std^2): density, distribution and quantile functions (from the standard normal's in
 * ../numerics/special), and a seeded sampler.
 */
import { normalCdf, normalQuantile } from '../numerics/special';
import { finite, integer, positive } from '../validate';
import type { Density1D } from './density';

/** A 1D Gaussian N(mean, std^2). */
export interface Gaussian1D extends Density1D {
  readonly kind: 'gaussian';
  readonly mean: number;
  readonly std: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** N(mean, std^2) on the real line. Throws if std is not a positive finite number. */
export function gaussian(mean: number, std: number): Gaussian1D {
  finite('gaussian', 'mean', mean);
  positive('gaussian', 'std', std);
  const logNorm = -Math.log(std) - LOG_SQRT_2PI;
  return {
    kind: 'gaussian',
    name: `N(${+mean.toPrecision(4)}, ${+std.toPrecision(4)}²)`,
    mean,
    std,
    pdf: (x) => Math.exp(logNorm - 0.5 * ((x - mean) / std) ** 2),
    logPdf: (x) => logNorm - 0.5 * ((x - mean) / std) ** 2,
    cdf: (x) => normalCdf((x - mean) / std),
    quantile: (u) => mean + std * normalQuantile(u),
    // 7.5 standard deviations hold all but 6e-14 of the mass.
    support: () => [mean - 7.5 * std, mean + 7.5 * std],
    sample: (rng, n) => {
      integer('Gaussian1D.sample', 'n', n, 0);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = mean + std * rng.normal();
      return out;
    },
  };
}
