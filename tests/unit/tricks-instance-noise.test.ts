/**
 * Instance noise (Sønderby et al. 2017; Arjovsky & Bottou 2017): the added noise's statistics (mean 0, std s,
 * normal shape, independent coordinates), repeatability from the Rng, and the annealing schedules at hand-computed
 * steps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend';
import { Rng } from '../../src/random';
import { annealedStd, instanceNoise } from '../../src/tricks/instance-noise';
import { near } from './helpers';


test('instance noise: x + N(0, s^2): mean 0, std s, 68.3% within one std, uncorrelated coordinates (40,000 draws, s = 0.5)', () => {
  const n = 20000;
  const x = tf.tidy(() => tf.add(tf.zeros([n, 2]), tf.tensor1d([3, -1])));
  const y = instanceNoise(x, 0.5, new Rng(1));
  assert.deepEqual(y.shape, [n, 2]);
  const noise = tf.sub(y, x).arraySync() as number[][];
  const all = noise.flat();
  const mean = all.reduce((s, v) => s + v, 0) / all.length;
  const std = Math.sqrt(all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length);
  // Standard errors: 0.5 / sqrt(40000) = 0.0025 for the mean, about 0.35% for the std.
  near(mean, 0, 0.01, 'mean');
  near(std, 0.5, 0.01, 'std');
  const within = all.filter((v) => Math.abs(v) < 0.5).length / all.length;
  near(within, 0.6827, 0.01, 'fraction within one std');
  const corr = noise.reduce((s, [a, b]) => s + a * b, 0) / n / (std * std);
  assert.ok(Math.abs(corr) < 0.03, `correlation between coordinates ${corr}`);
  tf.dispose([x, y]);
});

test('instance noise: the same Rng state gives the same noise; it advances the Rng by x.size normals; std 0 is a copy and draws nothing', () => {
  const x = tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
  const a = instanceNoise(x, 0.1, new Rng(4));
  const b = instanceNoise(x, 0.1, new Rng(4));
  assert.deepEqual(a.shape, [2, 2, 2]);
  assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
  // The noise is exactly 0.1 times the Rng's next 8 normals.
  const expected = new Rng(4).normals(8, 0, 0.1);
  const got = tf.sub(a, x).dataSync();
  got.forEach((v, i) => near(v, expected[i], 1e-5, `noise[${i}]`));
  const rng = new Rng(4);
  instanceNoise(x, 0.1, rng).dispose();
  const twin = new Rng(4);
  twin.normals(8);
  assert.deepEqual(rng.getState(), twin.getState(), 'advanced by x.size normals');
  const still = new Rng(4);
  const c = instanceNoise(x, 0, still);
  assert.deepEqual(Array.from(c.dataSync()), Array.from(x.dataSync()));
  assert.notEqual(c, x, 'a copy, not x itself');
  assert.deepEqual(still.getState(), new Rng(4).getState(), 'std 0 draws nothing');
  assert.throws(() => instanceNoise(x, -1, rng), /instanceNoise: argument 'std' must be a finite number >= 0, got -1/);
  tf.dispose([x, a, b, c]);
});

test('annealedStd linear: 1 -> 0 over 100 steps is 1, 0.75, 0.5, 0 at steps 0, 25, 50, 100, and stays 0 after; 1 -> 0.2 is 0.6 halfway', () => {
  const o = { initial: 1, steps: 100 };
  assert.equal(annealedStd(0, o), 1);
  near(annealedStd(25, o), 0.75, 1e-15, 'step 25');
  near(annealedStd(50, o), 0.5, 1e-15, 'step 50');
  assert.equal(annealedStd(100, o), 0);
  assert.equal(annealedStd(1000, o), 0);
  near(annealedStd(50, { initial: 1, final: 0.2, steps: 100 }), 0.6, 1e-15, 'to 0.2');
  near(annealedStd(30, { initial: 0, final: 1, steps: 60, schedule: 'linear' }), 0.5, 1e-15, 'increasing');
});

test('annealedStd exponential: initial at 0, final from `steps` on, (sqrt(r) - r) / (1 - r) of the way left halfway, non-increasing', () => {
  const o = { initial: 1, steps: 100, schedule: 'exponential' as const };
  assert.equal(annealedStd(0, o), 1);
  near(annealedStd(50, o), (0.1 - 0.01) / 0.99, 1e-12, 'halfway, r = 0.01');
  assert.equal(annealedStd(100, o), 0);
  near(annealedStd(50, { ...o, final: 0.2 }), 0.2 + (0.8 * 0.09) / 0.99, 1e-12, 'halfway to 0.2');
  near(annealedStd(1, { initial: 1, steps: 2, schedule: 'exponential', ratio: 0.5 }), (Math.SQRT1_2 - 0.5) / 0.5, 1e-12, 'r = 1/2');
  let last = Infinity;
  for (let s = 0; s <= 120; s++) {
    const v = annealedStd(s, o);
    assert.ok(v <= last && v >= 0, `step ${s}: ${v} after ${last}`);
    last = v;
  }
  // It falls faster than the linear schedule early on.
  assert.ok(annealedStd(10, o) < annealedStd(10, { ...o, schedule: 'linear' }));
});

test('annealedStd: errors name the argument', () => {
  assert.throws(() => annealedStd(5, { initial: 1, steps: 0 }), /annealedStd: argument 'steps' must be an integer >= 1, got 0/);
  assert.throws(() => annealedStd(-1, { initial: 1, steps: 10 }), /annealedStd: argument 'step' must be a finite number >= 0, got -1/);
  assert.throws(
    () => annealedStd(1, { initial: 1, steps: 10, schedule: 'cosine' as 'linear' }),
    /annealedStd: argument 'schedule' must be one of 'linear', 'exponential', got string "cosine"/,
  );
  assert.throws(() => annealedStd(1, { initial: 1, steps: 10, schedule: 'exponential', ratio: 1 }), /argument 'ratio' must be a number in \(0, 1\)/);
});
