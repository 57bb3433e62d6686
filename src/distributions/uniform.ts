/**
 * The uniform distribution U(a, b) on an interval: the simplest density with a bounded support, whose
 * log-density is -Infinity outside [a, b] (the case where KL divergences become infinite).
 */
import type { Rng } from '../random';
import { fail, finite, integer } from '../validate';
import type { Density1D } from './density';

/** A 1D uniform distribution U(lo, hi). */
export interface Uniform1D extends Density1D {
  readonly kind: 'uniform';
  readonly lo: number;
  readonly hi: number;
}

/** U(a, b): density 1/(b - a) on [a, b] and 0 elsewhere (log-density -Infinity); support exactly [a, b]. */
export function uniform(a: number, b: number): Uniform1D {
  finite('uniform', 'a', a);
  finite('uniform', 'b', b);
  if (!(b > a)) fail('uniform', 'b', `a number > a = ${a}`, b);
  const width = b - a;
  const logDensity = -Math.log(width);
  return {
    kind: 'uniform',
    name: `U(${+a.toPrecision(4)}, ${+b.toPrecision(4)})`,
    lo: a,
    hi: b,
    pdf: (x) => (x >= a && x <= b ? 1 / width : 0),
    logPdf: (x) => (x >= a && x <= b ? logDensity : -Infinity),
    cdf: (x) => (x <= a ? 0 : x >= b ? 1 : (x - a) / width),
    quantile: (u) => {
      if (!(u >= 0 && u <= 1)) fail('Uniform1D.quantile', 'u', 'a number in [0, 1]', u);
      return a + u * width;
    },
    support: () => [a, b],
    sample: (rng: Rng, n: number) => {
      integer('Uniform1D.sample', 'n', n, 0);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = a + width * rng.uniform();
      return out;
    },
  };
}
