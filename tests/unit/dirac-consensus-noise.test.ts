/**
 * Consensus optimisation on the Dirac-GAN (Mescheder, Nowozin & Geiger 2017), and instance noise against R1 near the
 * equilibrium (Mescheder et al. 2018; Roth et al. 2017). Checked against central differences of the objectives and
 * fields written from their definitions, and against closed-form eigenvalues.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diracDiscriminatorObjective, diracField, diracGan, diracGeneratorObjective, type DiracGan } from '../../src/dirac/game';
import { diracTrajectory } from '../../src/dirac/training';
import { diracEigenvalues, diracJacobian, diracJacobianAtEquilibrium, eigenvalues2x2 } from '../../src/dirac/stability';

const POINTS = [[1, 1], [-0.7, 0.4], [1.8, -1.3], [0.2, -2], [-1.5, -0.6], [0.05, 0.02]];
const H = 1e-5;

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected}, got ${actual} (tolerance ${tol})`);
}

test('consensus: the field is v - γ ∇(|v|²/2), the gradient by central differences of the field without the term', () => {
  for (const base of [diracGan(), diracGan({ generatorLoss: 'nonSaturating' }), diracGan({ r1: 0.3 }), diracGan({ loss: 'wgan' })]) {
    const gamma = 0.7;
    const co = diracGan({ ...base, consensus: gamma });
    const halfSquare = (t: number, p: number) => {
      const v = diracField(base, t, p);
      return 0.5 * (v.theta ** 2 + v.psi ** 2);
    };
    for (const [theta, psi] of POINTS) {
      const v = diracField(base, theta, psi);
      const gTheta = (halfSquare(theta + H, psi) - halfSquare(theta - H, psi)) / (2 * H);
      const gPsi = (halfSquare(theta, psi + H) - halfSquare(theta, psi - H)) / (2 * H);
      const w = diracField(co, theta, psi);
      const what = `${base.loss}/${base.generatorLoss}/r1 ${base.r1} at (${theta}, ${psi})`;
      close(w.theta, v.theta - gamma * gTheta, 1e-8, `${what}, v_theta`);
      close(w.psi, v.psi - gamma * gPsi, 1e-8, `${what}, v_psi`);
    }
  }
});

test('consensus: the field is (-dL_G/dθ, dL_D/dψ) of the objectives with (γ/2)|v|² added to both players', () => {
  const co = diracGan({ consensus: 1, r1: 0.2 });
  for (const [theta, psi] of POINTS) {
    const v = diracField(co, theta, psi);
    close(v.theta, -(diracGeneratorObjective(co, theta + H, psi) - diracGeneratorObjective(co, theta - H, psi)) / (2 * H), 1e-7, `v_theta at (${theta}, ${psi})`);
    close(v.psi, (diracDiscriminatorObjective(co, theta, psi + H) - diracDiscriminatorObjective(co, theta, psi - H)) / (2 * H), 1e-7, `v_psi at (${theta}, ${psi})`);
  }
});

test("consensus: eigenvalues at (0, 0) are -γ f'(0)² ± i f'(0) (GAN: -γ/4 ± i/2), numerically and in closed form", () => {
  for (const gamma of [0.25, 1, 3, 10]) {
    const gan = diracGan({ consensus: gamma });
    const numeric = eigenvalues2x2(diracJacobian(gan));
    const closed = diracEigenvalues(gan)!;
    for (const pair of [numeric, closed]) {
      close(pair[0].re, -gamma / 4, 1e-8, `γ = ${gamma}, Re`);
      close(pair[0].im, 0.5, 1e-8, `γ = ${gamma}, Im`);
      close(pair[1].im, -0.5, 1e-8, `γ = ${gamma}, Im conj`);
    }
  }
  // With R1 too, the closed form J - γ J^T J against central differences of the field.
  for (const gan of [diracGan({ consensus: 0.8, r1: 0.3 }), diracGan({ consensus: 2, loss: 'wgan', r1: 1 }), diracGan({ consensus: 1, generatorLoss: 'nonSaturating' })]) {
    const numeric = diracJacobian(gan);
    const closed = diracJacobianAtEquilibrium(gan)!;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) close(numeric[i][j], closed[i][j], 1e-8, `J[${i}][${j}] of ${JSON.stringify(gan)}`);
  }
});

test('consensus γ = 1, step 0.2: converges from (1, 1) (< 1e-8 after 500 steps) at the linear rate |1 + hλ| per step', () => {
  const h = 0.2;
  const t = diracTrajectory(diracGan({ consensus: 1 }), { stepSize: h, steps: 500 });
  assert.ok(t.distance[500] < 1e-8, `distance after 500 steps ${t.distance[500]}`);
  const rate = Math.hypot(1 - h / 4, h / 2); // |1 + h(-1/4 + i/2)|
  close(t.distance[500] / t.distance[499], rate, 1e-6, 'contraction per step near (0, 0)');
});

test('consensus γ = 1 beyond the local step bound 2γ/(1 + γ² f\'(0)²) = 1.6: at step 2 it never converges (distance > 0.5 over the last 100 steps)', () => {
  const t = diracTrajectory(diracGan({ consensus: 1 }), { stepSize: 2, steps: 500 });
  const last = Array.from(t.distance.slice(400));
  assert.ok(Math.min(...last) > 0.5, `smallest distance over steps 400-500: ${Math.min(...last)}`);
  // Just below the bound it still converges, if slowly.
  assert.ok(diracTrajectory(diracGan({ consensus: 1 }), { stepSize: 1.5, steps: 2000 }).distance[2000] < 1e-6);
});

test('consensus cannot be combined with instance noise or WGAN-GP (its Jacobian is written for the noise-free field)', () => {
  assert.throws(() => diracGan({ consensus: 1, instanceNoise: 0.5 }), /diracGan: option 'consensus' \(1\) cannot be combined with instanceNoise or gradientPenalty/);
  assert.throws(() => diracGan({ consensus: 1, loss: 'wgan', gradientPenalty: 0.7 }), /cannot be combined/);
  assert.throws(() => diracGan({ consensus: -1 }), /diracGan: argument 'consensus' must be a finite number >= 0/);
});

test("instance noise σ and R1 γ = σ²/2 (= -2 f''(0) σ²) have the same Jacobian at (0, 0), numerically, for σ from 0.1 to 2.5", () => {
  for (let sigma = 0.1; sigma <= 2.5; sigma += 0.2) {
    const noise = diracJacobian(diracGan({ instanceNoise: sigma }));
    const r1 = diracJacobian(diracGan({ r1: (sigma * sigma) / 2 }));
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) close(noise[i][j], r1[i][j], 1e-8, `σ = ${sigma.toFixed(1)}, J[${i}][${j}]`);
    // A factor off in the relation is caught: γ = σ² gives a different damping entry.
    const wrong = diracJacobian(diracGan({ r1: sigma * sigma }));
    assert.ok(Math.abs(wrong[1][1] - noise[1][1]) > 0.1 * sigma * sigma, `σ = ${sigma}: γ = σ² should not match`);
  }
});

test('away from (0, 0) the fields of instance noise σ and of R1 γ = σ²/2 differ by O(r³) (log-log slope 3 within 0.05)', () => {
  const sigma = 0.7;
  const [noise, r1]: DiracGan[] = [diracGan({ instanceNoise: sigma }), diracGan({ r1: (sigma * sigma) / 2 })];
  const gap = (r: number) => {
    const [a, b] = [diracField(noise, r * 0.6, r * 0.8), diracField(r1, r * 0.6, r * 0.8)];
    return Math.hypot(a.theta - b.theta, a.psi - b.psi);
  };
  const slope = (Math.log(gap(0.1)) - Math.log(gap(0.02))) / (Math.log(0.1) - Math.log(0.02));
  close(slope, 3, 0.05, 'slope of log |v_noise - v_R1| against log r');
});
