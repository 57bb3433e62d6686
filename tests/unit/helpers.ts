// Small assertions shared by the unit tests (not a test file itself).
import assert from 'node:assert/strict';
import type { Scalar } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';

/** |actual - expected| <= tol (absolute). */
export const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} ± ${tol}`);

/** |a - b| <= tol (1 + |b|): relative for large values, absolute near 0. */
export const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what}: got ${a}, expected ${b}`);

/** The value of a Scalar computed in a tidy (asserts it is rank 0), read back and disposed. */
export function scalarValue(f: () => Scalar): number {
  const s = tf.tidy(f);
  assert.equal(s.rank, 0, 'a loss is a Scalar');
  const v = s.dataSync()[0];
  s.dispose();
  return v;
}
