import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eightGaussians, twentyFiveGaussians } from '../../src/data/toys';
import { peakContrast } from '../../src/metrics/peak-contrast';

/** A surface from a function of (x, y), evaluated at flat (x, y) pairs. */
const surface = (f: (x: number, y: number) => number) => (p: Float32Array) => Array.from({ length: p.length / 2 }, (_, i) => f(p[2 * i], p[2 * i + 1]));
/** A 1-Lipschitz cone on every mode: the shape of the optimal critic against a smooth fixed generator. */
const cones = (centres: readonly (readonly number[])[]) => surface((x, y) => Math.max(...centres.map((c) => -Math.hypot(x - c[0], y - c[1]))));

test('cones on the modes peak on every mode (contrast 0.49 on the 8 Gaussians, 0.43 on the 25), whatever the scale and offset', () => {
  for (const [data, expected] of [[eightGaussians(), 0.49], [twentyFiveGaussians(), 0.43]] as const) {
    const m = peakContrast(cones(data.centres), data);
    assert.equal(m.peaks, data.centres.length);
    assert.ok(Math.abs(m.contrast - expected) < 0.01, `${data.name}: contrast ${m.contrast}`);
    const scaled = peakContrast((p) => cones(data.centres)(p).map((v) => 37 * v - 5), data);
    assert.ok(Math.abs(scaled.contrast - m.contrast) < 1e-4 && scaled.peaks === m.peaks, 'a critic is defined up to scale and offset');
  }
});

test('a ring through the 8 modes (no peaks on them) scores no contrast and no peak; a hill over the 25 scores below zero', () => {
  const eight = eightGaussians(), r = Math.hypot(...eight.centres[0]);
  const ring = peakContrast(surface((x, y) => -Math.abs(Math.hypot(x, y) - r)), eight);
  assert.ok(Math.abs(ring.contrast) < 1e-3, `ring contrast ${ring.contrast}`);
  assert.equal(ring.peaks, 0);
  const hill = peakContrast(surface((x, y) => -Math.hypot(x, y)), twentyFiveGaussians());
  assert.ok(hill.contrast < 0, `hill contrast ${hill.contrast}`);
  assert.equal(hill.peaks, 1, 'only the centre mode is a peak of a hill');
});
