import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussHermiteNormal } from '../../src/numerics/gauss-hermite';
import {
  diracDiscriminatorObjective,
  diracField,
  diracFieldGrid,
  diracGan,
  diracGeneratorObjective,
  type DiracGan,
} from '../../src/dirac/game';
import { diracGradientFlow, diracTrajectory, type DiracTrainingOptions } from '../../src/dirac/training';
import { diracEigenvalues, diracJacobian, diracJacobianAtEquilibrium, eigenvalues2x2, type ComplexNumber } from '../../src/dirac/stability';
import { DIRAC_METHODS, diracMethod } from '../../src/dirac/methods';
import { integrate } from '../../src/numerics/quadrature';

const START = Math.SQRT2; // distance of (1, 1) to (0, 0)
const SCHEMES: { label: string; options: DiracTrainingOptions }[] = [
  { label: 'simultaneous', options: { updates: 'simultaneous' } },
  { label: 'alternating', options: { updates: 'alternating', discriminatorSteps: 1 } },
  { label: 'alternating, 5 D steps', options: { updates: 'alternating', discriminatorSteps: 5 } },
];

function assertClose(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected}, got ${actual} (tolerance ${tol})`);
}

function assertEigen(actual: ComplexNumber[], expected: ComplexNumber[], tol: number, what: string): void {
  // Compare as unordered pairs.
  const key = (z: ComplexNumber) => [z.re, z.im];
  const a = actual.map(key).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const e = expected.map(key).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  for (let i = 0; i < 2; i++) {
    assertClose(a[i][0], e[i][0], tol, `${what}, Re λ${i}`);
    assertClose(a[i][1], e[i][1], tol, `${what}, Im λ${i}`);
  }
}

/** -gamma/2 ± sqrt(gamma^2/4 - f'(0)^2), f'(0) = 1/2 (Mescheder et al. 2018). */
function r1Eigenvalues(gamma: number): ComplexNumber[] {
  const disc = (gamma * gamma) / 4 - 0.25;
  return disc >= 0
    ? [{ re: -gamma / 2 + Math.sqrt(disc), im: 0 }, { re: -gamma / 2 - Math.sqrt(disc), im: 0 }]
    : [{ re: -gamma / 2, im: Math.sqrt(-disc) }, { re: -gamma / 2, im: -Math.sqrt(-disc) }];
}

test("R1 eigenvalues of the numerical Jacobian at (0, 0) are -γ/2 ± sqrt(γ²/4 - f'(0)²), complex below γ = 1 and real above", () => {
  for (const gamma of [0.05, 0.3, 0.7, 0.99, 1, 1.01, 1.5, 3, 10]) {
    const eig = eigenvalues2x2(diracJacobian(diracGan({ r1: gamma })));
    // Near the double eigenvalue at γ = 1, an O(1e-11) error in the Jacobian moves the eigenvalues by O(sqrt(1e-11)).
    const tol = Math.abs(gamma - 1) < 0.05 ? 1e-4 : 1e-7;
    assertEigen(eig, r1Eigenvalues(gamma), tol, `γ = ${gamma}`);
    assert.equal(eig[0].im === 0, gamma >= 1, `γ = ${gamma}: eigenvalues real iff γ >= 2 f'(0) = 1`);
  }
});

test("the unregularised GAN and WGAN have purely imaginary eigenvalues ±i f'(0) at (0, 0) (±i/2 and ±i)", () => {
  assertEigen(eigenvalues2x2(diracJacobian(diracGan())), [{ re: 0, im: 0.5 }, { re: 0, im: -0.5 }], 1e-8, 'GAN');
  assertEigen(eigenvalues2x2(diracJacobian(diracGan({ generatorLoss: 'nonSaturating' }))), [{ re: 0, im: 0.5 }, { re: 0, im: -0.5 }], 1e-8, 'NS GAN');
  assertEigen(eigenvalues2x2(diracJacobian(diracGan({ loss: 'wgan' }))), [{ re: 0, im: 1 }, { re: 0, im: -1 }], 1e-8, 'WGAN');
});

test("instance noise σ gives eigenvalues f''(0) σ² ± sqrt(f''(0)² σ⁴ - f'(0)²), f''(0) = -1/4", () => {
  for (const sigma of [0.3, 0.7, 1.5, 3]) {
    const a = -0.25 * sigma * sigma;
    const disc = a * a - 0.25;
    const expected = disc >= 0
      ? [{ re: a + Math.sqrt(disc), im: 0 }, { re: a - Math.sqrt(disc), im: 0 }]
      : [{ re: a, im: Math.sqrt(-disc) }, { re: a, im: -Math.sqrt(-disc) }];
    const tol = Math.abs(disc) < 0.01 ? 1e-4 : 1e-7;
    assertEigen(eigenvalues2x2(diracJacobian(diracGan({ instanceNoise: sigma }))), expected, tol, `σ = ${sigma}`);
  }
});

test('the closed-form Jacobian at (0, 0) equals central differences of the field, for every preset but WGAN-GP', () => {
  for (const m of DIRAC_METHODS) {
    const closed = diracJacobianAtEquilibrium(m.gan);
    if (m.name === 'wganGp') {
      assert.equal(closed, null, 'WGAN-GP: the field jumps at psi = 0');
      assert.equal(diracEigenvalues(m.gan), null);
      continue;
    }
    assert.ok(closed);
    const num = diracJacobian(m.gan);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) assertClose(num[i][j], closed[i][j], 1e-8, `${m.label} J[${i}][${j}]`);
  }
});

test('eigenvalues2x2 solves the characteristic polynomial: λ1 + λ2 = trace, λ1 λ2 = det', () => {
  for (const m of [[[1, 2], [3, 4]], [[0, -1], [1, 0]], [[2, 0], [0, 2]], [[-0.3, 5], [-2, 0.1]]] as [[number, number], [number, number]][]) {
    const [l1, l2] = eigenvalues2x2(m);
    assertClose(l1.re + l2.re, m[0][0] + m[1][1], 1e-12, 'trace');
    assertClose(l1.im + l2.im, 0, 1e-12, 'Im trace');
    assertClose(l1.re * l2.re - l1.im * l2.im, m[0][0] * m[1][1] - m[0][1] * m[1][0], 1e-12, 'det');
    assertClose(l1.re * l2.im + l1.im * l2.re, 0, 1e-12, 'Im det');
  }
});

/** Objectives written from the definitions, expectations by Simpson's rule (independent of the library's quadrature). */
function referenceObjectives(gan: DiracGan) {
  const f = gan.loss === 'wgan' ? (t: number) => t : (t: number) => -Math.log1p(Math.exp(-t));
  const sigma = gan.instanceNoise;
  const phi = (e: number) => Math.exp(-0.5 * e * e) / Math.sqrt(2 * Math.PI);
  const E = (g: (e: number) => number) => (sigma === 0 ? g(0) : integrate((e) => phi(e) * g(e), -12, 12, 4000));
  const s = gan.generatorLoss === 'saturating' ? 1 : -1;
  return {
    disc: (theta: number, psi: number) =>
      E((e) => f(psi * (theta + sigma * e)) + f(-psi * sigma * e)) -
      (gan.r1 / 2) * psi * psi -
      (gan.gradientPenalty / 2) * (Math.abs(psi) - gan.gradientPenaltyTarget) ** 2,
    gen: (theta: number, psi: number) => s * E((e) => f(s * psi * (theta + sigma * e))),
  };
}

test('the field is (-dL_G/dθ, dL_D/dψ): it matches central differences of the objectives, written from their definitions', () => {
  const points = [[1, 1], [-0.7, 0.4], [1.8, -1.3], [0.2, -2], [-1.5, -0.6]];
  const gans = [...DIRAC_METHODS.map((m) => m.gan), diracGan({ generatorLoss: 'nonSaturating', instanceNoise: 0.5, r1: 0.2 })];
  const h = 1e-5;
  for (const gan of gans) {
    const ref = referenceObjectives(gan);
    for (const [theta, psi] of points) {
      const v = diracField(gan, theta, psi);
      const dGen = (ref.gen(theta + h, psi) - ref.gen(theta - h, psi)) / (2 * h);
      const dDisc = (ref.disc(theta, psi + h) - ref.disc(theta, psi - h)) / (2 * h);
      const what = `${JSON.stringify(gan)} at (${theta}, ${psi})`;
      assertClose(v.theta, -dGen, 1e-6, `${what}, v_theta`);
      assertClose(v.psi, dDisc, 1e-6, `${what}, v_psi`);
      // The library's objectives agree with the definitions too.
      assertClose(diracDiscriminatorObjective(gan, theta, psi), ref.disc(theta, psi), 1e-9, `${what}, L_D`);
      assertClose(diracGeneratorObjective(gan, theta, psi), ref.gen(theta, psi), 1e-9, `${what}, L_G`);
    }
  }
});

test('Gauss-Hermite with n nodes gives the normal moments E Z^(2k) = (2k-1)!! exactly for 2k < 2n', () => {
  for (const n of [1, 2, 5, 12, 40]) {
    const { nodes, weights } = gaussHermiteNormal(n);
    let doubleFactorial = 1;
    for (let k = 0; 2 * k < 2 * n && k <= 10; k++) {
      if (k > 0) doubleFactorial *= 2 * k - 1;
      let m = 0;
      let odd = 0;
      for (let i = 0; i < n; i++) {
        m += weights[i] * nodes[i] ** (2 * k);
        odd += weights[i] * nodes[i] ** (2 * k + 1);
      }
      assertClose(m / doubleFactorial, 1, 1e-11, `n = ${n}, E Z^${2 * k}`);
      assertClose(odd, 0, 1e-9 * doubleFactorial * (2 * k + 1), `n = ${n}, E Z^${2 * k + 1}`);
    }
  }
});

test('simultaneous gradient descent drives the GAN away from equilibrium: farther at step 500 than at (1, 1)', () => {
  const t = diracTrajectory(diracGan(), { theta0: 1, psi0: 1, stepSize: 0.2, steps: 500, updates: 'simultaneous' });
  assert.equal(t.distance.length, 501);
  assertClose(t.distance[0], START, 1e-15, 'start');
  assert.ok(t.distance[500] > 1.5 * START, `distance at step 500 is ${t.distance[500]}`);
});

test('near (0, 0) simultaneous steps grow the GAN distance by the linear rate |1 + i h f\'(0)| = sqrt(1 + h²/4) per step', () => {
  const t = diracTrajectory(diracGan(), { theta0: 1e-4, psi0: 0, stepSize: 0.2, steps: 500 });
  assertClose(t.distance[500] / 1e-4, Math.pow(1 + 0.01, 250), 1e-3 * 12, 'growth over 500 steps');
});

test('alternating gradient descent (1 discriminator step) ends the GAN within 5% of its starting distance at step 500', () => {
  const t = diracTrajectory(diracGan(), { updates: 'alternating', discriminatorSteps: 1 });
  assert.ok(Math.abs(t.distance[500] / START - 1) < 0.05, `distance at step 500 is ${t.distance[500]}, start ${START}`);
});

test('R1 at the critical γ = 1 ends within 1e-6 of (0, 0), closer than every other method with the same updates', () => {
  for (const scheme of SCHEMES.slice(0, 2)) {
    const finals = DIRAC_METHODS.map((m) => ({ m, d: diracTrajectory(m.gan, scheme.options).distance[500] }));
    const critical = finals.find((x) => x.m.name === 'r1Critical')!;
    assert.ok(critical.d < 1e-6, `${scheme.label}: ${critical.d}`);
    for (const x of finals) if (x !== critical) assert.ok(critical.d < x.d, `${scheme.label}: ${x.m.label} ends at ${x.d} <= ${critical.d}`);
  }
});

test('instance noise and R1 (γ 0.3) converge: they end far closer to (0, 0) than they start', () => {
  for (const name of ['instanceNoise', 'r1'] as const) {
    for (const scheme of SCHEMES) {
      const d = diracTrajectory(diracMethod(name).gan, scheme.options).distance[500];
      assert.ok(d < 1e-3, `${name}, ${scheme.label}: ${d}`);
    }
  }
});

test('WGAN with clipping does not converge: distance stays above 0.4 over the last 100 steps, |ψ| <= 1 throughout', () => {
  for (const scheme of SCHEMES) {
    const t = diracTrajectory(diracMethod('wganClip').gan, scheme.options);
    const last = Array.from(t.distance.subarray(400));
    assert.ok(Math.min(...last) > 0.4, `${scheme.label}: min distance over steps 400-500 is ${Math.min(...last)}`);
    assert.ok(t.distance[500] > 0.9, `${scheme.label}: ${t.distance[500]}`);
    assert.ok(Array.from(t.psi).every((p) => Math.abs(p) <= 1), `${scheme.label}: clipping`);
  }
});

test('WGAN-GP does not converge: its distance stays above 0.5 over the last 100 steps', () => {
  for (const scheme of SCHEMES) {
    const t = diracTrajectory(diracMethod('wganGp').gan, scheme.options);
    assert.ok(Math.min(...Array.from(t.distance.subarray(400))) > 0.5, scheme.label);
  }
});

test('the gradient flow of the unregularised GAN and WGAN (with or without instance noise) runs on the circle through the start (v · (θ, ψ) = 0)', () => {
  for (const gan of [diracGan(), diracGan({ loss: 'wgan' }), diracGan({ loss: 'wgan', instanceNoise: 0.7 })]) {
    const flow = diracGradientFlow(gan, { theta0: 1, psi0: 1, time: 100, steps: 4000 });
    for (const d of flow.distance) assertClose(d, START, 1e-7, 'radius');
    // It goes round: theta changes sign.
    assert.ok(Math.min(...flow.theta) < -1 && Math.max(...flow.theta) > 1);
  }
  // WGAN period 2π at angular speed f'(0) = 1: back at the start after time 2π.
  const w = diracGradientFlow(diracGan({ loss: 'wgan' }), { time: 2 * Math.PI, steps: 2000 });
  assertClose(w.theta[2000], 1, 1e-9, 'theta after one period');
  assertClose(w.psi[2000], 1, 1e-9, 'psi after one period');
});

// Timing is a benchmark's job (shared machines are noisy); here only the grid's layout is tested.
test('a 21 x 21 field grid has row i = psi[i], column j = theta[j]', () => {
  for (const m of DIRAC_METHODS) {
    const grid = diracFieldGrid(m.gan);
    assert.equal(grid.vTheta.length, 441);
    assert.equal(grid.vPsi[3 * 21 + 5], diracField(m.gan, grid.theta[5], grid.psi[3]).psi);
  }
});

test('bad arguments name the function, the argument, and what was expected', () => {
  assert.throws(() => diracGan({ loss: 'lsgan' as never }), /diracGan: argument 'loss' must be one of 'gan', 'wgan', got string "lsgan"/);
  assert.throws(() => diracGan({ r1: -1 }), /diracGan: argument 'r1' must be a finite number >= 0, got -1/);
  assert.throws(() => diracGan({ clip: 0 }), /diracGan: argument 'clip' must be a finite number > 0/);
  assert.throws(() => diracTrajectory(diracGan(), { stepSize: 0 }), /diracTrajectory: argument 'stepSize'/);
  assert.throws(() => diracTrajectory(diracGan(), { discriminatorSteps: 5 }), /diracTrajectory: argument 'discriminatorSteps' must be 1 with updates 'simultaneous'/);
  assert.throws(() => diracTrajectory(diracGan(), { theta0: NaN }), /diracTrajectory: argument 'theta0' must be a finite number, got NaN/);
  assert.throws(() => diracField(diracGan(), 0, Infinity), /diracField: argument 'psi'/);
  assert.throws(() => diracMethod('lsgan' as never), /diracMethod: argument 'name'/);
  assert.throws(() => diracTrajectory(diracGan({ loss: 'wgan' }), { stepSize: 50, steps: 500 }), /non-finite at step/);
});
