/**
 * Numerical integration on a grid, for quantities of 1D densities that have no closed form
 * (the GAN value at D*, Jensen-Shannon divergence, ...). Grids are chosen from the densities' supports.
 */
import { finite, integer } from '../validate';

/** n evenly spaced points from lo to hi inclusive. */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  finite('linspace', 'lo', lo);
  finite('linspace', 'hi', hi);
  integer('linspace', 'n', n, 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + ((hi - lo) * i) / (n - 1);
  return out;
}

/**
 * Composite Simpson's rule for the integral of f over [lo, hi] with n intervals (n rounded up to even).
 * Error O(h^4) for smooth f.
 */
export function integrate(f: (x: number) => number, lo: number, hi: number, n = 4000): number {
  finite('integrate', 'lo', lo);
  finite('integrate', 'hi', hi);
  integer('integrate', 'n', n, 2);
  if (n % 2 === 1) n += 1;
  const h = (hi - lo) / n;
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3;
}

/** Anything with a practical support: an interval outside which its mass is negligible (< 1e-12). */
export interface HasSupport {
  support(): [number, number];
}

/** The smallest interval holding the practical supports of all the given densities. */
export function unionSupport(...densities: HasSupport[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of densities) {
    const [a, b] = d.support();
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  }
  return [lo, hi];
}
