/**
 * Learning-rate schedules for {@link GanParts.learningRateFactor}: functions of the generator step that
 * multiply the optimisers' learning rates. A late drop of the rate lets samples settle onto sharp modes that a
 * large rate keeps jumping over (lesson 05 found it decisive for the high-quality fraction on the 8 Gaussians).
 */
import { integer, nonNegative } from '../validate';

/** Factor 1 before generator step `at`, then `factor` (e.g. stepDecay(3000, 0.1): a tenth of the rate from step 3000 on). */
export function stepDecay(at: number, factor: number): (generatorStep: number) => number {
  integer('stepDecay', 'at', at, 0);
  nonNegative('stepDecay', 'factor', factor);
  return (g) => (g < at ? 1 : factor);
}

/** Factor 1 until step `start`, then linear down to `final` at step `end`, and `final` after it. */
export function linearDecay(start: number, end: number, final = 0): (generatorStep: number) => number {
  integer('linearDecay', 'start', start, 0);
  integer('linearDecay', 'end', end, start + 1);
  nonNegative('linearDecay', 'final', final);
  return (g) => (g <= start ? 1 : g >= end ? final : 1 + ((g - start) / (end - start)) * (final - 1));
}
