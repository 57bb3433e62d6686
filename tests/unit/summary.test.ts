import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mean, median, sampleStd, standardError } from '../../src/index';

test('mean, sampleStd and standardError on hand-computable values', () => {
  assert.equal(mean([2, 4, 4, 4, 5, 5, 7, 9]), 5);
  // Squared deviations from 5 sum to 32: sample variance 32 / 7.
  assert.ok(Math.abs(sampleStd([2, 4, 4, 4, 5, 5, 7, 9]) - Math.sqrt(32 / 7)) < 1e-15);
  assert.ok(Math.abs(standardError([1, 3]) - 1) < 1e-15);   // std sqrt(2), n = 2
  assert.equal(mean(new Float32Array([1.5, 2.5])), 2);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('summaries refuse empty, too short or non-finite input, naming the function', () => {
  assert.throws(() => mean([]), /mean: argument 'values' must be an array of at least 1 number/);
  assert.throws(() => sampleStd([1]), /sampleStd: argument 'values' must be an array of at least 2 numbers/);
  assert.throws(() => median([]), /median: argument 'values' must be an array of at least 1 number/);
  assert.throws(() => mean([1, Number.NaN]), /mean: argument 'values' must hold finite numbers, but values\[1\] is NaN/);
});
