/**
 * Quadrature for integrands with jumps or kinks at known points (a uniform density's edges, the edges of
 * several supports): composite Gauss-Legendre on each piece between breakpoints. The rule never evaluates
 * at a piece's ends, so a jump there costs no accuracy, where Simpson's rule on one grid loses O(h).
 */
import type { HasSupport } from './quadrature';
import { fail, finite, integer } from '../validate';

// 3-point Gauss-Legendre on [-1, 1]: nodes 0, ±sqrt(3/5), weights 8/9, 5/9 (exact for degree 5).
const GL_NODE = Math.sqrt(3 / 5);
const GL_W0 = 8 / 9;
const GL_W1 = 5 / 9;

/**
 * ∫_lo^hi f by composite 3-point Gauss-Legendre on `panels` equal panels (3 evaluations each, all interior).
 * Error O(h^6) for smooth f; O(h^2) on the one panel holding a kink.
 */
export function gaussLegendre(f: (x: number) => number, lo: number, hi: number, panels = 1000): number {
  finite('gaussLegendre', 'lo', lo);
  finite('gaussLegendre', 'hi', hi);
  integer('gaussLegendre', 'panels', panels, 1);
  const h = (hi - lo) / panels;
  const r = 0.5 * h * GL_NODE;
  let s = 0;
  for (let k = 0; k < panels; k++) {
    const c = lo + (k + 0.5) * h;
    s += GL_W0 * f(c) + GL_W1 * (f(c - r) + f(c + r));
  }
  return 0.5 * h * s;
}

/**
 * ∫_lo^hi f by adaptive 3-point Gauss-Legendre: start from `panels` equal panels and halve any panel whose
 * two halves disagree with it by more than its share of `tolerance` (absolute), then add the Richardson
 * correction (difference / 63, the rule being of order 6). For integrands with steep or kinked stretches
 * (a mixture's quantile function across a gap between modes) that a fixed grid resolves poorly.
 */
export function adaptiveGaussLegendre(
  f: (x: number) => number,
  lo: number,
  hi: number,
  tolerance = 1e-10,
  panels = 256,
): number {
  finite('adaptiveGaussLegendre', 'lo', lo);
  finite('adaptiveGaussLegendre', 'hi', hi);
  if (!(tolerance > 0)) fail('adaptiveGaussLegendre', 'tolerance', 'a number > 0', tolerance);
  integer('adaptiveGaussLegendre', 'panels', panels, 1);
  const rule = (a: number, b: number) => {
    const c = 0.5 * (a + b);
    const r = 0.5 * (b - a) * GL_NODE;
    return 0.5 * (b - a) * (GL_W0 * f(c) + GL_W1 * (f(c - r) + f(c + r)));
  };
  const MAX_DEPTH = 40;
  const refine = (a: number, b: number, whole: number, tol: number, depth: number): number => {
    const mid = 0.5 * (a + b);
    const left = rule(a, mid);
    const right = rule(mid, b);
    const diff = left + right - whole;
    if (depth >= MAX_DEPTH || Math.abs(diff) <= tol) return left + right + diff / 63;
    return refine(a, mid, left, tol / 2, depth + 1) + refine(mid, b, right, tol / 2, depth + 1);
  };
  const h = (hi - lo) / panels;
  let s = 0;
  for (let k = 0; k < panels; k++) {
    const a = lo + k * h;
    const b = k === panels - 1 ? hi : a + h;
    s += refine(a, b, rule(a, b), tolerance / panels, 0);
  }
  return s;
}

/**
 * ∫ f over [breakpoints[0], breakpoints[last]] as a sum of {@link gaussLegendre} over the pieces between
 * consecutive (sorted, increasing) breakpoints; `panels` in total, shared in proportion to the pieces'
 * lengths (at least one each).
 */
export function integratePiecewise(f: (x: number) => number, breakpoints: readonly number[], panels = 20000): number {
  integer('integratePiecewise', 'panels', panels, 1);
  if (breakpoints.length < 2) fail('integratePiecewise', 'breakpoints', 'an array of at least 2 numbers', breakpoints);
  for (let i = 0; i < breakpoints.length; i++) {
    finite('integratePiecewise', `breakpoints[${i}]`, breakpoints[i]);
    if (i > 0 && !(breakpoints[i] > breakpoints[i - 1])) {
      fail('integratePiecewise', `breakpoints[${i}]`, `a number > breakpoints[${i - 1}] = ${breakpoints[i - 1]}`, breakpoints[i]);
    }
  }
  const total = breakpoints[breakpoints.length - 1] - breakpoints[0];
  let s = 0;
  for (let i = 1; i < breakpoints.length; i++) {
    const lo = breakpoints[i - 1];
    const hi = breakpoints[i];
    s += gaussLegendre(f, lo, hi, Math.max(1, Math.round((panels * (hi - lo)) / total)));
  }
  return s;
}

/**
 * The sorted, distinct ends of the densities' (practical) supports: the breakpoints for integrating a
 * quantity of these densities, so that the edge of a bounded support (a jump) falls between pieces.
 */
export function supportBreakpoints(...densities: HasSupport[]): number[] {
  const ends: number[] = [];
  for (const d of densities) ends.push(...d.support());
  ends.sort((x, y) => x - y);
  return ends.filter((x, i) => i === 0 || x > ends[i - 1]);
}
