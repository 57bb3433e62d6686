/**
 * Local stability of the Dirac-GAN at its equilibrium (0, 0): the Jacobian of the gradient vector field and its
 * eigenvalues (Mescheder et al. 2018, Sections 2-4). Eigenvalues with negative real
 * part give local convergence of the gradient flow and, for small enough steps, of simultaneous gradient
 * descent; purely imaginary ones (the unregularised GAN and WGAN) do not.
 */
import { finite, positive } from '../validate';
import { diracFieldPsi, diracFieldTheta, diracFPrime, diracFPrime2, type DiracGan } from './game';

/** A 2 x 2 matrix [[a, b], [c, d]], rows first: for a Jacobian, row 0 is d v_theta, row 1 is d v_psi; column 0 is d/dtheta. */
export type Matrix2x2 = [[number, number], [number, number]];

/** A complex number re + i im. */
export interface ComplexNumber {
  re: number;
  im: number;
}

/**
 * The Jacobian of v at (theta, psi) by central differences: column j is (v(x + eps e_j) - v(x - eps e_j)) / (2 eps).
 * Error O(eps^2) where v is smooth (not at psi = 0 for WGAN-GP, whose field jumps there).
 */
export function diracJacobian(gan: DiracGan, theta = 0, psi = 0, eps = 1e-5): Matrix2x2 {
  const fn = 'diracJacobian';
  finite(fn, 'theta', theta);
  finite(fn, 'psi', psi);
  positive(fn, 'eps', eps);
  const d = (g: (t: number, p: number) => number, dt: number, dp: number) =>
    (g(theta + dt, psi + dp) - g(theta - dt, psi - dp)) / (2 * eps);
  const vt = (t: number, p: number) => diracFieldTheta(gan, t, p);
  const vp = (t: number, p: number) => diracFieldPsi(gan, t, p);
  return [
    [d(vt, eps, 0), d(vt, 0, eps)],
    [d(vp, eps, 0), d(vp, 0, eps)],
  ];
}

/**
 * The Jacobian of v at the equilibrium (0, 0) in closed form:
 * J = [[0, -f'(0)], [f'(0), 2 sigma^2 f''(0) - gamma_R1]] (Mescheder et al. 2018: eigenvalues ±i f'(0) for the
 * plain GAN and WGAN, Sec. 2; instance noise and gradient penalties add the negative entry, Sec. 3), and
 * J - c J^T J with consensus optimisation of weight c (eigenvalues -c f'(0)^2 ± i f'(0) for the plain GAN).
 * The non-saturating loss has the same Jacobian. Weight clipping does not enter (it only projects, and (0, 0) is inside the box). null for WGAN-GP with a target g0 > 0: the penalty's
 * gradient gamma (|psi| - g0) sign(psi) jumps at psi = 0, so the field is not differentiable there.
 */
export function diracJacobianAtEquilibrium(gan: DiracGan): Matrix2x2 | null {
  if (gan.gradientPenalty > 0 && gan.gradientPenaltyTarget > 0) return null;
  const a = diracFPrime(gan.loss, 0);
  const sigma = gan.instanceNoise;
  // With g0 = 0 the WGAN-GP penalty is (gamma/2) psi^2, the same as R1.
  const d = 2 * sigma * sigma * diracFPrime2(gan.loss, 0) - gan.r1 - gan.gradientPenalty;
  // Consensus optimisation: J - c J^T J (v = 0 at the equilibrium, so J^T v has Jacobian J^T J), J^T J = [[a^2, a d], [a d, a^2 + d^2]].
  const c = gan.consensus;
  return [
    [-c * a * a, -a - c * a * d],
    [a - c * a * d, d - c * (a * a + d * d)],
  ];
}

/**
 * Eigenvalues of a 2 x 2 matrix: tr/2 ± sqrt(tr^2/4 - det), as complex numbers, the one with the larger real
 * part (or, for a complex pair, the positive imaginary part) first.
 */
export function eigenvalues2x2(m: Matrix2x2): [ComplexNumber, ComplexNumber] {
  const [[a, b], [c, d]] = m;
  const half = (a + d) / 2;
  // tr^2/4 - det = ((a - d)/2)^2 + b c, without cancellation for nearly equal a and d.
  const disc = ((a - d) / 2) ** 2 + b * c;
  if (disc >= 0) {
    const r = Math.sqrt(disc);
    return [
      { re: half + r, im: 0 },
      { re: half - r, im: 0 },
    ];
  }
  const r = Math.sqrt(-disc);
  return [
    { re: half, im: r },
    { re: half, im: -r },
  ];
}

/**
 * The eigenvalues of the closed-form Jacobian at (0, 0); for R1, -gamma/2 ± sqrt(gamma^2/4 - f'(0)^2)
 * (Mescheder et al. 2018, Sec. 3), real iff gamma >= 2 |f'(0)| (= 1 for the GAN). null where the Jacobian
 * does not exist (WGAN-GP, see {@link diracJacobianAtEquilibrium}).
 */
export function diracEigenvalues(gan: DiracGan): [ComplexNumber, ComplexNumber] | null {
  const j = diracJacobianAtEquilibrium(gan);
  return j === null ? null : eigenvalues2x2(j);
}
