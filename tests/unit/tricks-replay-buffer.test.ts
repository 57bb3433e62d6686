/**
 * Experience replay (Shrivastava et al. 2017, Section 2.3): the ring buffer's first-in first-out refresh, uniform
 * sampling from the filled rows only, the proportions of a mixed discriminator batch, repeatability from the
 * seed, and a flat tensor count over many calls. Rows carry an id (row = [id, -id]) so each can be traced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { replayBuffer } from '../../src/tricks/replay-buffer';

/** Rows [id, -id] for the given ids. */
const rows = (ids: number[]): Tensor2D => tf.tensor2d(ids.map((i) => [i, -i]), [ids.length, 2]);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
/** The ids of a tensor of rows, checking each row is [id, -id]; disposes the tensor. */
function ids(t: Tensor2D): number[] {
  const a = t.arraySync();
  t.dispose();
  return a.map(([x, y]) => {
    assert.equal(y, -x, 'rows are kept whole');
    return x;
  });
}

test('replay buffer: first in, first out: the oldest rows are overwritten, and a batch larger than the capacity keeps its last rows', () => {
  const buf = replayBuffer({ capacity: 5, dim: 2, seed: 0 });
  assert.equal(buf.size, 0);
  buf.add(rows([1, 2, 3]));
  assert.equal(buf.size, 3);
  assert.deepEqual(ids(buf.contents()), [1, 2, 3]);
  buf.add(rows([4, 5, 6, 7]));
  assert.equal(buf.size, 5);
  assert.deepEqual(ids(buf.contents()), [3, 4, 5, 6, 7], '1 and 2, the oldest, were replaced');
  buf.add(rows([8]));
  assert.deepEqual(ids(buf.contents()), [4, 5, 6, 7, 8]);
  buf.add(rows(range(9, 21)));
  assert.deepEqual(ids(buf.contents()), [16, 17, 18, 19, 20], 'the last 5 rows of a batch of 12');
  assert.equal(buf.added, 20);
  assert.equal(buf.size, 5);
  buf.dispose();
});

test('replay buffer: sample draws only filled rows, each about equally often (4 rows, 4000 draws: 1000 +- 100 each)', () => {
  const buf = replayBuffer({ capacity: 10, dim: 2, seed: 3 });
  buf.add(rows([1, 2, 3, 4]));
  const counts = new Map<number, number>();
  for (const id of ids(buf.sample(4000))) counts.set(id, (counts.get(id) ?? 0) + 1);
  assert.deepEqual([...counts.keys()].sort(), [1, 2, 3, 4], 'never an empty (zero) row');
  // Binomial(4000, 1/4): sd 27, so +-100 is 3.7 sd.
  for (const [id, c] of counts) assert.ok(Math.abs(c - 1000) < 100, `row ${id} drawn ${c} times`);
  // Full buffer, 10 rows: a chi-square test at 20000 draws (9 degrees of freedom; 27.9 is the 0.999 quantile).
  buf.add(rows(range(5, 11)));
  const full = new Array(11).fill(0);
  for (const id of ids(buf.sample(20000))) full[id]++;
  const chi2 = full.slice(1).reduce((s, c) => s + (c - 2000) ** 2 / 2000, 0);
  assert.ok(chi2 < 27.9, `chi-square ${chi2}`);
  buf.dispose();
});

test('replay buffer: mixBatch takes round(fraction n) rows from the buffer after the first rows of the fresh batch', () => {
  const buf = replayBuffer({ capacity: 20, dim: 2, seed: 1 });
  buf.add(rows(range(1, 21))); // ids 1..20 in the buffer
  const fresh = rows(range(-10, 0)); // ids -10..-1, n = 10
  for (const [fraction, k] of [[0.5, 5], [0.3, 3], [0.25, 3], [0, 0], [1, 10]] as const) {
    const got = ids(buf.mixBatch(fresh, fraction));
    assert.equal(got.length, 10, 'a batch as large as the fresh one');
    assert.deepEqual(got.slice(0, 10 - k), range(-10, -k), `fraction ${fraction}: the first ${10 - k} fresh rows, in order`);
    assert.ok(got.slice(10 - k).every((id) => id >= 1 && id <= 20), `fraction ${fraction}: ${k} rows from the buffer`);
  }
  assert.equal(ids(buf.mixBatch(rows(range(-7, 0)))).filter((id) => id > 0).length, 4, 'n = 7, fraction 1/2: round(3.5) = 4 replayed');
  fresh.dispose();
  buf.dispose();
});

test('replay buffer: mixBatch is all fresh until the buffer holds round(fraction n) samples', () => {
  const buf = replayBuffer({ capacity: 50, dim: 2, seed: 2 });
  const fresh = rows(range(-8, 0)); // n = 8, k = 4
  assert.deepEqual(ids(buf.mixBatch(fresh)), range(-8, 0), 'empty buffer');
  buf.add(rows([1, 2, 3]));
  assert.deepEqual(ids(buf.mixBatch(fresh)), range(-8, 0), '3 < 4 samples');
  buf.add(rows([4]));
  const got = ids(buf.mixBatch(fresh));
  assert.deepEqual(got.slice(0, 4), [-8, -7, -6, -5]);
  assert.ok(got.slice(4).every((id) => id >= 1 && id <= 4));
  fresh.dispose();
  buf.dispose();
});

test('replay buffer: the same seed and calls give the same samples; another seed gives others', () => {
  const draw = (seed: number) => {
    const buf = replayBuffer({ capacity: 30, dim: 2, seed });
    buf.add(rows(range(1, 31)));
    const fresh = rows(range(-6, 0));
    const out = [...ids(buf.sample(20)), ...ids(buf.mixBatch(fresh)), ...ids(buf.sample(5))];
    fresh.dispose();
    buf.dispose();
    return out;
  };
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
});

test('replay buffer: no tensors leak over 300 add, sample and mixBatch calls (the storage is updated in place)', () => {
  const buf = replayBuffer({ capacity: 64, dim: 2, seed: 4 });
  const warm = rows(range(0, 16));
  buf.add(warm);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 100; i++) {
    const fresh = tf.randomNormal([16, 2]) as Tensor2D;
    const mixed = buf.mixBatch(fresh, 0.5);
    buf.add(fresh);
    const s = buf.sample(8);
    tf.dispose([fresh, mixed, s]);
  }
  assert.equal(tf.memory().numTensors, before);
  assert.equal(buf.storage.shape.join(','), '64,2');
  warm.dispose();
  buf.dispose();
});

test('replay buffer: errors name the function, the argument and what was expected', () => {
  assert.throws(() => replayBuffer({ capacity: 0, dim: 2, seed: 0 }), /replayBuffer: argument 'capacity' must be an integer >= 1, got 0/);
  const buf = replayBuffer({ capacity: 4, dim: 2, seed: 0 });
  assert.throws(() => buf.sample(3), /replayBuffer.sample: the buffer is empty/);
  const bad = tf.zeros([3, 3]) as Tensor2D;
  assert.throws(() => buf.add(bad), /replayBuffer.add: argument 'batch' must have shape \[any, 2\], got shape \[3, 3\]/);
  const fresh = rows([1, 2]);
  assert.throws(() => buf.mixBatch(fresh, 1.5), /replayBuffer.mixBatch: argument 'fraction' must be a number in \[0, 1\], got 1.5/);
  tf.dispose([bad, fresh]);
  buf.dispose();
});
