/**
 * Transport benchmarks: empirical W1 throughput on pairs of 10^6-point samples, exact discrete OT (network simplex)
 * time for 100, 200 and 400 bins, and exact W1 between 2D point clouds of 250 to 1500 points (the yardstick of
 * lessons 04 and 05). Prints figures; asserts nothing.
 * Run: node --import tsx bench/transport.bench.ts
 */
import { gaussian } from '../src/distributions/gaussian';
import { median } from '../src/metrics/summary';
import { Rng } from '../src/random';
import { wasserstein1Empirical, wassersteinEmpirical } from '../src/transport/empirical';
import { exactTransport } from '../src/transport/exact';
import { wasserstein1Points } from '../src/transport/point-clouds';
import { eightGaussians } from '../src/data/toys';
import { cpus, loadavg } from 'node:os';


function time(runs: number, f: () => void): number[] {
  f(); // warm-up (JIT)
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times;
}

const rng = new Rng(2024);
const n = 1_000_000;
const x = gaussian(0, 1).sample(rng, n);
const y = gaussian(1, 1).sample(rng, n);
const wx = Float64Array.from({ length: n }, () => rng.uniform());
const wy = Float64Array.from({ length: n }, () => rng.uniform());

console.log(`Empirical W1, two samples of ${n.toLocaleString('en')} points each (N(0,1) vs N(1,1)), median of 7 runs:`);
let value = 0;
for (const [label, f] of [
  ['W1, equal weights', () => (value = wasserstein1Empirical(x, y))],
  ['W1, random weights', () => (value = wasserstein1Empirical(x, y, wx, wy))],
  ['W2, equal weights', () => (value = wassersteinEmpirical(x, y, { order: 2 }))],
] as const) {
  const t = median(time(7, f));
  console.log(`  ${label.padEnd(20)} ${t.toFixed(1).padStart(7)} ms   ${((2 * n) / (t / 1000) / 1e6).toFixed(1).padStart(5)} M points/s   (value ${value.toFixed(5)})`);
}

console.log('Exact OT (network simplex), random 2D points, random histograms, Euclidean cost, median of 5 runs:');
for (const bins of [100, 200, 400]) {
  const pts = () => Array.from({ length: bins }, () => [rng.normal(), rng.normal()]);
  const hist = () => {
    const h = Array.from({ length: bins }, () => rng.uniform());
    const s = h.reduce((a, b) => a + b, 0);
    return h.map((v) => v / s);
  };
  const [xs, ys, a, b] = [pts(), pts(), hist(), hist()];
  const M = xs.map((p) => ys.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])));
  let pivots = 0;
  const t = median(time(5, () => (pivots = exactTransport(a, b, M).pivots)));
  console.log(`  ${String(bins).padStart(3)} x ${String(bins).padEnd(3)} bins  ${t.toFixed(1).padStart(7)} ms   (${pivots} pivots)`);
}

// The yardstick of lessons 04 and 05: exact W1 between n real points of the 8 Gaussians and n "generated" ones (the
// same mixture blurred by N(0, 0.1^2 I), a generator near the end of training), and between n real and n points of a
// generator still spread over the plane (standard normal). The size solved in about a second is the full-mode yardstick.
console.log('Exact W1 between two 2D point clouds of n points each (wasserstein1Points), median of 3 runs, with the load:');
console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${cpus().length} cores`);
const toy = eightGaussians();
for (const n of [250, 500, 750, 1000, 1250, 1500]) {
  const real = toy.sampleArray(rng, n);
  const near = Float32Array.from(toy.sampleArray(rng, n), (v) => v + 0.1 * rng.normal());
  const far = Float32Array.from({ length: 2 * n }, () => rng.normal());
  const [tNear, tFar] = [near, far].map((fake) => median(time(3, () => (value = wasserstein1Points(fake, real, 2)))));
  console.log(`  n = ${String(n).padStart(4)}   near the data ${(tNear / 1000).toFixed(2).padStart(6)} s   spread out ${(tFar / 1000).toFixed(2).padStart(6)} s`);
}
