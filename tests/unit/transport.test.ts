import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng,
  exactTransport,
  marginalError,
  planCost,
  gaussian,
  gaussianMixture,
  sinkhorn,
  tf,
  uniform,
  wasserstein,
  wasserstein1,
  wasserstein1Cdf,
  wasserstein1Empirical,
  wasserstein1Gaussian,
  wasserstein2,
  wasserstein2Gaussian,
  wassersteinEmpirical,
} from '../../src/index';
import { close } from './helpers';


/** A random histogram of n bins (some empty if `zeros`), normalised to total mass `total`. */
function histogram(rng: Rng, n: number, total = 1, zeros = false): number[] {
  const h: number[] = Array.from({ length: n }, () => (zeros && rng.uniform() < 0.2 ? 0 : rng.uniform()));
  if (!h.some((x) => x > 0)) h[0] = 1;
  const s = h.reduce((acc, x) => acc + x, 0);
  return h.map((x) => (x * total) / s);
}

const costMatrix = (xs: number[][], ys: number[][], cost: (x: number[], y: number[]) => number) =>
  xs.map((x) => ys.map((y) => cost(x, y)));
const euclidean = (x: number[], y: number[]) => Math.hypot(...x.map((xi, k) => xi - y[k]));

// ---- 1D distributions: closed forms and the quantile integral -------------------------------------------

test('W1(N(0,1), N(1,1)) = 1, in closed form and by the quantile integral', () => {
  assert.equal(wasserstein1Gaussian(0, 1, 1, 1), 1);
  close(wasserstein1(gaussian(0, 1), gaussian(1, 1)), 1, 1e-12, 'quantile integral');
  close(wasserstein1Cdf(gaussian(0, 1), gaussian(1, 1)), 1, 1e-10, '∫|F - G| dx');
});

test('W1 between Gaussians of different stds: the folded-normal closed form equals the quantile integral', () => {
  for (const [m1, s1, m2, s2] of [[0, 1, 0.5, 2], [1, 0.3, -2, 1.1], [0, 1, 0, 3]]) {
    const closed = wasserstein1Gaussian(m1, s1, m2, s2);
    close(wasserstein1(gaussian(m1, s1), gaussian(m2, s2)), closed, 1e-10 * closed, `W1 for ${[m1, s1, m2, s2]}`);
  }
  // Same mean: E|ds Z| = |ds| sqrt(2 / pi).
  close(wasserstein1Gaussian(0, 1, 0, 3), 2 * Math.sqrt(2 / Math.PI), 1e-15, 'same mean');
});

test('W2^2 between Gaussians = (m1 - m2)^2 + (s1 - s2)^2, in closed form and by the quantile integral', () => {
  for (const [m1, s1, m2, s2] of [[0, 1, 1, 1], [0, 1, 0.5, 2], [3, 0.2, -1, 1.7]]) {
    const expected = (m1 - m2) ** 2 + (s1 - s2) ** 2;
    close(wasserstein2Gaussian(m1, s1, m2, s2) ** 2, expected, 1e-14 * Math.max(1, expected), 'closed form');
    close(wasserstein2(gaussian(m1, s1), gaussian(m2, s2)) ** 2, expected, 1e-10 * expected, 'quantile integral');
  }
});

test('W1 by quantiles equals W1 by distribution functions (∫|F - G| dx) for mixtures and uniforms', () => {
  const pairs = [
    [gaussianMixture([1, 1], [-2, 2], [0.5, 0.5]), gaussian(0, 1)],
    [gaussianMixture([0.2, 0.8], [0, 3], [1, 0.3]), gaussianMixture([0.6, 0.4], [-1, 1], [0.4, 2])],
    [uniform(0, 1), gaussian(0.5, 0.2)],
  ] as const;
  for (const [p, q] of pairs) {
    // Two routes (F on a grid, F^-1 with u = Phi(z)); erfc and the quantiles are accurate to rounding, so what
    // separates them (6.5e-9 relative for the first pair) is quadrature: ∫|F - G| has kinks where F = G.
    close(wasserstein1(p, q), wasserstein1Cdf(p, q), 2e-8 * wasserstein1Cdf(p, q), `${p.name} vs ${q.name}`);
  }
});

test('W_p between uniforms: a shift moves every point by the shift, a stretch U(0,1) -> U(0,2) gives W2^2 = 1/3', () => {
  close(wasserstein1(uniform(0, 1), uniform(2, 3)), 2, 1e-12, 'W1 of a shift');
  close(wasserstein(uniform(0, 1), uniform(2, 3), 3), 2, 1e-12, 'W3 of a shift');
  // Quantiles u and 2u: W2^2 = ∫ u^2 du = 1/3, W1 = ∫ u du = 1/2.
  close(wasserstein2(uniform(0, 1), uniform(0, 2)) ** 2, 1 / 3, 1e-12, 'W2^2 of a stretch');
  close(wasserstein1(uniform(0, 1), uniform(0, 2)), 0.5, 1e-12, 'W1 of a stretch');
});

// ---- Empirical (sample) distances ----------------------------------------------------------------------

test("empirical W1 matches scipy.stats.wasserstein_distance's documented examples", () => {
  close(wasserstein1Empirical([0, 1, 3], [5, 6, 8]), 5, 1e-15, 'wasserstein_distance([0,1,3],[5,6,8])');
  close(wasserstein1Empirical([0, 1], [0, 1], [3, 1], [2, 2]), 0.25, 1e-15, 'weighted [0,1] vs [0,1]');
  close(
    wasserstein1Empirical([3.4, 3.9, 7.5, 7.8], [4.5, 1.4], [1.4, 0.9, 3.1, 7.2], [3.2, 3.5]),
    4.0781331438047861,
    1e-14,
    'weighted, different sizes',
  );
});

test('empirical W_p on hand-computed small cases (different sizes, weights, p = 2)', () => {
  // F_u jumps by 1/3 at 0, 1, 2; F_v by 1/2 at 0, 2: ∫|F_u - F_v| = 1/6 + 1/6.
  close(wasserstein1Empirical([2, 0, 1], [0, 2]), 1 / 3, 1e-15, 'sizes 3 and 2');
  // Sorted coupling 0-0, 1-2: W2^2 = (0 + 1) / 2.
  close(wassersteinEmpirical([0, 1], [2, 0], { order: 2 }), Math.sqrt(0.5), 1e-15, 'W2, equal sizes');
  // delta_0 against (delta_0 + 3 delta_1) / 4: 3/4 of the mass moves by 1.
  close(wassersteinEmpirical([0], [0, 1], { order: 2, vWeights: [1, 3] }), Math.sqrt(0.75), 1e-15, 'W2, weighted');
  close(wasserstein1Empirical([0], [0, 1], undefined, [1, 3]), 0.75, 1e-15, 'W1, weighted');
  // Zero weights remove points; weights are normalised by their sum.
  close(wasserstein1Empirical([0, 100], [1], [5, 0]), 1, 1e-15, 'a zero weight removes its point');
});

test('empirical W1 is translation-exact and equals the repeated-sample form of integer weights (large n, radix sort)', () => {
  const rng = new Rng(11);
  const x = gaussian(0, 1).sample(rng, 20000);
  const shifted = x.map((v) => v - 0.37);
  close(wasserstein1Empirical(x, shifted), 0.37, 1e-12, 'W1(x, x - c) = c');
  close(wassersteinEmpirical(x, shifted, { order: 2 }), 0.37, 1e-12, 'W2(x, x - c) = c');
  // Integer weights k_i are the same distribution as value i repeated k_i times.
  const n = 6000;
  const values = gaussian(0, 2).sample(rng, n);
  const weights = Array.from({ length: n }, () => 1 + rng.int(3));
  const repeated: number[] = [];
  values.forEach((v, i) => {
    for (let k = 0; k < weights[i]; k++) repeated.push(v);
  });
  const other = gaussianMixture([1, 1], [-1, 2], [0.5, 1]).sample(rng, 9000);
  close(wasserstein1Empirical(values, other, weights), wasserstein1Empirical(repeated, other), 1e-12, 'W1');
  close(
    wassersteinEmpirical(values, other, { order: 2, uWeights: weights }),
    wassersteinEmpirical(repeated, other, { order: 2 }),
    1e-12,
    'W2',
  );
});

test('empirical W1 between N(0,1) and N(1,1) samples converges to 1 at the 1/sqrt(n) rate', () => {
  // W1 of the samples is about |mean(y) - mean(x)| (the sorted samples rarely cross), whose sd is sqrt(2/n):
  // a fixed seed must land within 5 sd, and the RMS error over 20 seeds must shrink by about sqrt(100) = 10
  // from n = 1000 to n = 100000. Each RMS has a relative sd of about 1/sqrt(40) = 16%, so the ratio lies in
  // [5, 20] (a factor 2, more than 3 sd of its log) unless the rate is wrong.
  const rmsError = (n: number, seeds: number) => {
    let s2 = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const rng = new Rng(1000 + seed);
      const err = wasserstein1Empirical(gaussian(0, 1).sample(rng, n), gaussian(1, 1).sample(rng, n)) - 1;
      if (seed === 0) assert.ok(Math.abs(err) < 5 * Math.sqrt(2 / n), `n = ${n}: error ${err}`);
      s2 += err * err;
    }
    return Math.sqrt(s2 / seeds);
  };
  const small = rmsError(1000, 20);
  const large = rmsError(100000, 20);
  assert.ok(small / large > 5 && small / large < 20, `RMS error ${small} at n = 1000, ${large} at n = 100000`);
  close(large, Math.sqrt(2 / 100000), 0.5 * Math.sqrt(2 / 100000), 'RMS error at n = 100000 is about sqrt(2/n)');
});

test('empirical W1 names its bad argument', () => {
  const f = wasserstein1Empirical;
  assert.throws(() => f([], [1]), /wasserstein1Empirical: argument 'uValues'/);
  assert.throws(() => f([1], []), /argument 'vValues'/);
  assert.throws(() => f([1, NaN], [1]), /argument 'uValues' .*uValues\[1\] is NaN/);
  assert.throws(() => f([1], [Infinity]), /argument 'vValues'/);
  assert.throws(() => f([1, 2], [1], [1]), /argument 'uWeights' must be an array of length 2/);
  assert.throws(() => f([1], [1, 2], undefined, [1, 2, 3]), /argument 'vWeights' must be an array of length 2/);
  assert.throws(() => f([1, 2], [1], [1, -1]), /argument 'uWeights' .*uWeights\[1\] is -1/);
  assert.throws(() => f([1, 2], [1], [0, 0]), /argument 'uWeights' must be weights with a positive, finite sum/);
  assert.throws(() => f([1, 2], [1], [1e308, 1e308]), /argument 'uWeights'/);
  assert.throws(() => f([1], [1], undefined, [NaN]), /argument 'vWeights'/);
  assert.throws(() => wassersteinEmpirical([1], [1], { order: 0.5 }), /wassersteinEmpirical: argument 'options.order'/);
  assert.throws(() => wasserstein(gaussian(0, 1), gaussian(0, 1), 0.5), /wasserstein: argument 'order'/);
  assert.throws(() => wasserstein(gaussian(0, 1), gaussian(0, 1), 1, 0), /wasserstein: argument 'tolerance'/);
  assert.throws(() => wasserstein1Gaussian(0, -1, 0, 1), /wasserstein1Gaussian: argument 's1'/);
  assert.throws(() => wasserstein2Gaussian(0, 1, NaN, 1), /wasserstein2Gaussian: argument 'm2'/);
});

// ---- Exact discrete OT ----------------------------------------------------------------------------------

test('exact OT on 1D histograms with |x - y| cost equals the quantile-coupling W1 (and |x - y|^2 equals W2^2)', () => {
  for (let seed = 0; seed < 6; seed++) {
    const rng = new Rng(seed);
    const n = 20 + rng.int(40);
    const m = 20 + rng.int(40);
    const xs = Array.from({ length: n }, () => 3 * rng.normal());
    const ys = Array.from({ length: m }, () => 1 + rng.normal());
    const a = histogram(rng, n, 1, seed % 2 === 1);
    const b = histogram(rng, m, 1, seed % 3 === 1);
    const w1 = wasserstein1Empirical(xs, ys, a, b);
    const exact1 = exactTransport(a, b, xs.map((x) => ys.map((y) => Math.abs(x - y))));
    close(exact1.cost, w1, 1e-10 * Math.max(1, w1), `W1, seed ${seed}`);
    const w2sq = wassersteinEmpirical(xs, ys, { order: 2, uWeights: a, vWeights: b }) ** 2;
    const exact2 = exactTransport(a, b, xs.map((x) => ys.map((y) => (x - y) ** 2)));
    close(exact2.cost, w2sq, 1e-10 * Math.max(1, w2sq), `W2^2, seed ${seed}`);
  }
});

test('exact OT with uniform masses on n = m points equals the best assignment (all 720 permutations of 6)', () => {
  const perms = (k: number): number[][] =>
    k === 1 ? [[0]] : perms(k - 1).flatMap((p) => Array.from({ length: k }, (_, i) => [...p.slice(0, i), k - 1, ...p.slice(i)]));
  const all = perms(6);
  for (let seed = 0; seed < 5; seed++) {
    const rng = new Rng(100 + seed);
    const M = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => rng.uniform() * 10 - 3));
    const best = Math.min(...all.map((p) => p.reduce((s, j, i) => s + M[i][j], 0) / 6));
    const w = new Array(6).fill(1 / 6);
    close(exactTransport(w, w, M).cost, best, 1e-12, `seed ${seed}`);
  }
});

test("the exact plan's marginals equal a and b to 1e-9, and its duals certify optimality", () => {
  for (const [n, m, seed] of [[120, 80, 1], [60, 150, 2], [200, 200, 3]]) {
    const rng = new Rng(seed);
    const xs = Array.from({ length: n }, () => [rng.normal(), rng.normal()]);
    const ys = Array.from({ length: m }, () => [rng.normal() + 1, 2 * rng.normal()]);
    const M = costMatrix(xs, ys, (x, y) => (x[0] - y[0]) ** 2 + (x[1] - y[1]) ** 2);
    const a = histogram(rng, n, 3, true);
    const b = histogram(rng, m, 3, true);
    const { cost, plan, u, v } = exactTransport(a, b, M);
    let primal = 0;
    let dual = 0;
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < m; j++) {
        assert.ok(plan[i][j] >= 0);
        row += plan[i][j];
        primal += plan[i][j] * M[i][j];
        // Dual feasibility u_i + v_j <= M_ij, and complementary slackness where mass moves.
        assert.ok(u[i] + v[j] <= M[i][j] + 1e-9, `dual feasibility at ${i}, ${j}`);
        if (plan[i][j] > 1e-12) close(u[i] + v[j], M[i][j], 1e-9, `slackness at ${i}, ${j}`);
      }
      close(row, a[i], 1e-9, `row ${i}`);
      dual += a[i] * u[i];
    }
    for (let j = 0; j < m; j++) {
      let col = 0;
      for (let i = 0; i < n; i++) col += plan[i][j];
      close(col, b[j], 1e-9, `column ${j}`);
      dual += b[j] * v[j];
    }
    close(cost, primal, 1e-12 * cost, 'cost is <P, M>');
    // Strong duality: a feasible dual with the same value proves the plan optimal.
    close(dual, cost, 1e-9 * cost, 'strong duality');
  }
});

test('exact OT cost is symmetric (a, b, M) <-> (b, a, M^T) and satisfies the triangle inequality for a metric cost', () => {
  for (let seed = 0; seed < 5; seed++) {
    const rng = new Rng(200 + seed);
    const k = 40;
    const points = Array.from({ length: k }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const M = costMatrix(points, points, euclidean);
    const [a, b, c] = [histogram(rng, k), histogram(rng, k, 1, true), histogram(rng, k)];
    const W = (p: number[], q: number[]) => exactTransport(p, q, M).cost;
    const Mt = M[0].map((_, j) => M.map((row) => row[j]));
    close(exactTransport(b, a, Mt).cost, W(a, b), 1e-12, `symmetry, seed ${seed}`);
    assert.ok(W(a, c) <= W(a, b) + W(b, c) + 1e-12, `triangle inequality, seed ${seed}`);
    assert.ok(W(a, a) < 1e-15, 'W(a, a) = 0');
  }
});

test('exact OT names its bad argument', () => {
  const M = [[0, 1], [1, 0]];
  assert.throws(() => exactTransport([0.5, NaN], [0.5, 0.5], M), /exactTransport: argument 'a' .*a\[1\] is NaN/);
  assert.throws(() => exactTransport([0.5, 0.5], [], M), /argument 'b'/);
  assert.throws(() => exactTransport([1.5, -0.5], [0.5, 0.5], M), /argument 'a' must hold masses >= 0, but a\[1\] is -0.5/);
  assert.throws(() => exactTransport([0, 0], [0, 0], M), /argument 'a' must be masses with a positive, finite sum/);
  assert.throws(() => exactTransport([0.5, 0.5], [0.5, 0.6], M), /arguments 'a' and 'b' must have equal total masses/);
  assert.throws(() => exactTransport([0.5, 0.5], [0.5, 0.5], [[0, 1]]), /argument 'M' must be an array of 2 rows/);
  assert.throws(() => exactTransport([0.5, 0.5], [0.5, 0.5], [[0, 1], [1]]), /argument 'M' must have rows of 2 numbers .*M\[1\]/);
  assert.throws(() => exactTransport([0.5, 0.5], [0.5, 0.5], [[0, 1], [NaN, 0]]), /argument 'M' .*M\[1\]\[0\] is NaN/);
  // Totals equal within the tolerance are accepted, b rescaled to sum(a).
  // b becomes [0.5, 0.5 + 1e-9] / (1 + 1e-9): row 0 sends its excess 0.5e-9 / (1 + 1e-9) across at cost 1.
  close(exactTransport([0.5, 0.5], [0.5, 0.5 + 1e-9], M).cost, 0.5e-9 / (1 + 1e-9), 1e-15, 'within tolerance');
});

// ---- Entropic OT (Sinkhorn) -----------------------------------------------------------------------------

/** A small 2D problem: 30 and 25 Gaussian points, uniform masses, squared Euclidean cost. */
function smallProblem() {
  const rng = new Rng(3);
  const xs = Array.from({ length: 30 }, () => [rng.normal(), rng.normal()]);
  const ys = Array.from({ length: 25 }, () => [rng.normal() + 1, rng.normal()]);
  const M = costMatrix(xs, ys, (x, y) => (x[0] - y[0]) ** 2 + (x[1] - y[1]) ** 2);
  const meanCost = M.flat().reduce((s, x) => s + x, 0) / (30 * 25);
  return { a: new Array(30).fill(1 / 30), b: new Array(25).fill(1 / 25), M, meanCost };
}

test("Sinkhorn's transport cost decreases to the exact cost as epsilon shrinks (within 1% at eps = 0.01 mean(M))", () => {
  const { a, b, M, meanCost } = smallProblem();
  const exact = exactTransport(a, b, M).cost;
  const gaps = [0.1, 0.03, 0.01].map((rel) => {
    const r = sinkhorn(a, b, M, rel * meanCost, { maxIterations: 5000, tolerance: 1e-5 });
    r.plan.dispose();
    assert.ok(r.converged, `eps = ${rel} mean(M): marginal error ${r.marginalError} after ${r.iterations} iterations`);
    // The entropic plan is (up to its marginal error) feasible, so it cannot beat the exact optimum by more
    // than the float32 rounding of its cost.
    assert.ok(r.cost >= exact * (1 - 1e-4), `eps = ${rel}: ${r.cost} < exact ${exact}`);
    return (r.cost - exact) / exact;
  });
  assert.ok(gaps[0] > gaps[1] && gaps[1] > gaps[2], `relative gaps ${gaps}`);
  assert.ok(gaps[2] < 0.01, `relative gap ${gaps[2]} at eps = 0.01 mean(M)`);
});

test("Sinkhorn's plan has the requested marginals, even at an epsilon where exp(-M/eps) underflows in float32", () => {
  const { a, b, M, meanCost } = smallProblem();
  const eps = 2e-3 * meanCost;
  // exp(-t) is 0 in float32 for t > 103.3 (below the smallest subnormal, 1.4e-45): most of the kernel.
  const underflow = M.flat().filter((x) => x / eps > 104).length / M.flat().length;
  assert.ok(underflow > 0.5, `share of underflowing kernel entries ${underflow}`);
  const r = sinkhorn(a, b, M, eps, { maxIterations: 8000, tolerance: 1e-4 });
  const plan = r.plan.arraySync();
  r.plan.dispose();
  assert.ok(r.converged && Number.isFinite(r.cost), `cost ${r.cost}, marginal error ${r.marginalError} after ${r.iterations}`);
  let err = 0;
  plan.forEach((row, i) => (err += Math.abs(row.reduce((s, x) => s + x, 0) - a[i])));
  b.forEach((bj, j) => (err += Math.abs(plan.reduce((s, row) => s + row[j], 0) - bj)));
  // The reported error is that of the returned plan (to float32 summation error).
  close(err, r.marginalError, 1e-5, 'marginal error of the plan');
  close(r.cost, exactTransport(a, b, M).cost, 1e-3 * r.cost, 'cost within 0.1% of the exact cost');
});

test('Sinkhorn leaves no tensors behind (tensor and array inputs), whether it converges or not', () => {
  const { a, b, M, meanCost } = smallProblem();
  const aT = tf.tensor1d(a);
  const bT = tf.tensor1d(b);
  const mT = tf.tensor2d(M);
  const before = tf.memory().numTensors;
  for (const [iters, inputs] of [[2000, [aT, bT, mT]], [7, [a, b, M]]] as const) {
    const r = sinkhorn(inputs[0], inputs[1], inputs[2], 0.05 * meanCost, { maxIterations: iters, checkEvery: 5 });
    assert.equal(tf.memory().numTensors, before + 1, 'only the plan is allocated');
    r.plan.dispose();
    assert.equal(tf.memory().numTensors, before);
  }
  assert.throws(() => sinkhorn(aT, bT, mT, -1));
  assert.equal(tf.memory().numTensors, before, 'no leak on a validation error');
  tf.dispose([aT, bT, mT]);
});

test('Sinkhorn names its bad argument', () => {
  const M = [[0, 1], [1, 0]];
  assert.throws(() => sinkhorn([0.5, 0.5], [0.5, 0.5], M, 0), /sinkhorn: argument 'epsilon'/);
  assert.throws(() => sinkhorn([0.5, -0.5], [0.5, 0.5], M, 1), /argument 'a' .*a\[1\] is -0.5/);
  assert.throws(() => sinkhorn([0.5, 0.5], [NaN, 0.5], M, 1), /argument 'b' .*b\[0\] is NaN/);
  assert.throws(() => sinkhorn([0.5, 0.5], [0.5, 0.6], M, 1), /arguments 'a' and 'b' must have equal total masses/);
  assert.throws(() => sinkhorn([0.5, 0.5], [0.5, 0.5], [[0, 1]], 1), /argument 'M'/);
  assert.throws(() => sinkhorn([0.5, 0.5], [0.5, 0.5], [[0, 1], [Infinity, 0]], 1), /argument 'M' .*M\[1\]\[0\]/);
  const bad = tf.tensor2d([[0, 1, 2], [1, 0, 2]]);
  assert.throws(() => sinkhorn([0.5, 0.5], [0.5, 0.5], bad, 1), /argument 'M' must have shape \[2, 2\]/);
  bad.dispose();
  assert.throws(() => sinkhorn([1], [1], [[0]], 1, { maxIterations: 0 }), /argument 'options.maxIterations'/);
  assert.throws(() => sinkhorn([1], [1], [[0]], 1, { checkEvery: 1.5 }), /argument 'options.checkEvery'/);
});

test('planCost(P, M) = sum_ij P_ij M_ij and marginalError(P, a, b) = max |P1 - a|, |Pᵀ1 - b| on a hand-made plan', () => {
  const plan = [
    [0.1, 0.2],
    [0.3, 0.4],
  ];
  const cost = [
    [1, 2],
    [3, 4],
  ];
  close(planCost(plan, cost), 0.1 + 0.4 + 0.9 + 1.6, 1e-15, 'cost');
  // Row sums 0.3, 0.7; column sums 0.4, 0.6.
  close(marginalError(plan, [0.3, 0.7], [0.4, 0.6]), 0, 1e-15, 'a plan of its own marginals');
  close(marginalError(plan, [0.25, 0.75], [0.4, 0.6]), 0.05, 1e-15, 'row error');
  close(marginalError(plan, [0.3, 0.7], [0.5, 0.5]), 0.1, 1e-15, 'column error');
  assert.throws(() => planCost(plan, [[1, 2]]), /planCost: argument 'cost'/);
  assert.throws(() => marginalError(plan, [1], [0.5, 0.5]), /marginalError: argument 'a'/);
  assert.throws(() => marginalError(plan, [0.3, 0.7], [1]), /marginalError: argument 'b'/);
});

test('exactTransport reports its marginal error (= marginalError of its plan, at rounding level) and cost = planCost', () => {
  const rng = new Rng(11);
  const a = histogram(rng, 30, 1, true);
  const b = histogram(rng, 40, 1, true);
  const M = a.map((_, i) => b.map((_, j) => Math.abs(i / 30 - j / 40)));
  const r = exactTransport(a, b, M);
  assert.equal(r.marginalError, marginalError(r.plan, a, b));
  assert.ok(r.marginalError < 1e-14, `marginal error ${r.marginalError}`);
  close(planCost(r.plan, M), r.cost, 1e-15, 'cost');
});
