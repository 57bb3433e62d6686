/**
 * The Dirac-GAN (Mescheder, Geiger & Nowozin 2018, "Which Training Methods for GANs do actually Converge?",
 * Definition 2.1): data a point mass at 0, generator a point mass at theta, discriminator D(x) = psi x.
 * The objective is L(theta, psi) = f(psi theta) + f(0), with f(t) = -log(1 + e^{-t}) for the GAN and f(t) = t
 * for the WGAN. The discriminator ascends its objective in psi, the generator descends its objective in theta,
 * and training follows the gradient vector field v(theta, psi) = (-dL_G/dtheta, dL_D/dpsi).
 *
 * Everything here is plain numbers (no TF.js): the game is two-dimensional, so fields, trajectories and
 * Jacobians are exact and fast.
 */
import { sigmoid, softplus } from '../numerics/special';
import { linspace } from '../numerics/quadrature';
import { fail, finite, integer, nonNegative, oneOf, positive } from '../validate';
import { gaussHermiteNormal } from '../numerics/gauss-hermite';

/** Which f the objective uses: 'gan' f(t) = -log(1 + e^{-t}) (Goodfellow et al. 2014), 'wgan' f(t) = t (Arjovsky et al. 2017). */
export type DiracLoss = 'gan' | 'wgan';

/** The Dirac-GAN losses, for validation messages and loops. */
export const DIRAC_LOSSES: readonly DiracLoss[] = ['gan', 'wgan'];

/**
 * One Dirac-GAN training method: the objective, the generator's loss and the discriminator's regulariser.
 * Build it with {@link diracGan}, which fills the defaults (an unregularised GAN) and checks the values.
 */
export interface DiracGan {
  /** f of the objective L = f(psi theta) + f(0). */
  loss: DiracLoss;
  /** 'saturating': the generator descends L; 'nonSaturating': it descends -f(-psi theta) (Goodfellow et al. 2014, Sec. 3). */
  generatorLoss: 'saturating' | 'nonSaturating';
  /** R1 weight gamma: the discriminator ascends L - (gamma/2) psi^2, since grad_x D = psi (Mescheder et al. 2018, Sec. 4). 0 = off. */
  r1: number;
  /**
   * WGAN-GP weight gamma: the discriminator ascends L - (gamma/2) (|psi| - target)^2 (Gulrajani et al. 2017,
   * written with gamma/2 like R1, as in Mescheder et al.'s Dirac-GAN code, so gamma = 0.7 is their setting). 0 = off.
   */
  gradientPenalty: number;
  /** The gradient-norm target g0 of the WGAN-GP penalty (1 in Gulrajani et al. 2017). */
  gradientPenaltyTarget: number;
  /** Instance-noise std sigma: data and generator samples get N(0, sigma^2) noise, L becomes an expectation (Sønderby et al. 2017). 0 = off. */
  instanceNoise: number;
  /** Weight clipping: |psi| <= clip, projected after every discriminator step (Arjovsky et al. 2017). null = off. */
  clip: number | null;
  /**
   * Consensus optimisation weight gamma: both players also descend (gamma/2) |v|^2, so the field becomes v - gamma J^T v
   * (Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs", eq. 10; J the Jacobian of v). 0 = off; not with instance noise or WGAN-GP.
   */
  consensus: number;
}

/** A point or a vector of the (theta, psi) plane. */
export interface DiracPoint {
  theta: number;
  psi: number;
}

/** Builds a {@link DiracGan}; unspecified fields default to the unregularised saturating GAN. */
export function diracGan(options: Partial<DiracGan> = {}): DiracGan {
  const fn = 'diracGan';
  const gan: DiracGan = {
    loss: oneOf(fn, 'loss', options.loss ?? 'gan', DIRAC_LOSSES),
    generatorLoss: oneOf(fn, 'generatorLoss', options.generatorLoss ?? 'saturating', ['saturating', 'nonSaturating'] as const),
    r1: nonNegative(fn, 'r1', options.r1 ?? 0),
    gradientPenalty: nonNegative(fn, 'gradientPenalty', options.gradientPenalty ?? 0),
    gradientPenaltyTarget: nonNegative(fn, 'gradientPenaltyTarget', options.gradientPenaltyTarget ?? 1),
    instanceNoise: nonNegative(fn, 'instanceNoise', options.instanceNoise ?? 0),
    clip: options.clip === undefined || options.clip === null ? null : positive(fn, 'clip', options.clip),
    consensus: nonNegative(fn, 'consensus', options.consensus ?? 0),
  };
  if (gan.consensus > 0 && (gan.instanceNoise > 0 || gan.gradientPenalty > 0)) {
    throw new RangeError(
      `${fn}: option 'consensus' (${gan.consensus}) cannot be combined with instanceNoise or gradientPenalty: its term needs the field's ` +
        `Jacobian in closed form, which is written for the noise-free field with R1 only; set those to 0`,
    );
  }
  return gan;
}

/** f(t): -log(1 + e^{-t}) = log sigmoid(t) for the GAN, t for the WGAN. */
export function diracF(loss: DiracLoss, t: number): number {
  return loss === 'wgan' ? t : -softplus(-t);
}

/** f'(t): sigmoid(-t) = 1 / (1 + e^t) for the GAN (f'(0) = 1/2), 1 for the WGAN. */
export function diracFPrime(loss: DiracLoss, t: number): number {
  return loss === 'wgan' ? 1 : sigmoid(-t);
}

/** f''(t): -sigmoid(t) sigmoid(-t) for the GAN (f''(0) = -1/4), 0 for the WGAN. */
export function diracFPrime2(loss: DiracLoss, t: number): number {
  if (loss === 'wgan') return 0;
  const s = sigmoid(t);
  return -s * (1 - s);
}

/**
 * Gauss-Hermite nodes for the instance-noise expectations: field error < 1e-10 for |psi sigma| <= 1.4 (the whole
 * [-2, 2]^2 grid at sigma = 0.7), about 1e-6 at |psi sigma| = 3 (the integrand's complex poles come closer).
 */
export const DIRAC_NOISE_NODES = 40;

function checkPoint(fn: string, theta: number, psi: number): void {
  finite(fn, 'theta', theta);
  finite(fn, 'psi', psi);
}

/**
 * The discriminator's objective L_D(theta, psi) = E[f(psi (theta + sigma e))] + E[f(-psi sigma e')] - (r1/2) psi^2
 * - (gamma/2) (|psi| - g0)^2 - (consensus/2) |v|^2, e, e' ~ N(0, 1) (instance noise sigma; without it L_D = f(psi theta) + f(0)
 * minus the penalties). The data term is f(-D(x)) at the data x = 0 (+ noise), as in Mescheder et al. 2018, Sec. 2.
 */
export function diracDiscriminatorObjective(gan: DiracGan, theta: number, psi: number): number {
  checkPoint('diracDiscriminatorObjective', theta, psi);
  const { loss, instanceNoise: sigma } = gan;
  let value: number;
  if (sigma === 0) {
    value = diracF(loss, psi * theta) + diracF(loss, 0);
  } else {
    const { nodes, weights } = gaussHermiteNormal(DIRAC_NOISE_NODES);
    value = 0;
    for (let i = 0; i < nodes.length; i++) {
      value += weights[i] * (diracF(loss, psi * (theta + sigma * nodes[i])) + diracF(loss, -psi * sigma * nodes[i]));
    }
  }
  return value - 0.5 * gan.r1 * psi * psi - 0.5 * gan.gradientPenalty * (Math.abs(psi) - gan.gradientPenaltyTarget) ** 2 - consensusLoss(gan, theta, psi);
}

/** Consensus optimisation's (gamma/2) |v|^2, v the field without the term (0 when off). */
function consensusLoss(gan: DiracGan, theta: number, psi: number): number {
  return gan.consensus > 0 ? 0.5 * gan.consensus * (plainFieldTheta(gan, theta, psi) ** 2 + plainFieldPsi(gan, theta, psi) ** 2) : 0;
}

/**
 * The generator's objective L_G(theta, psi), descended in theta: E[f(psi x)] (saturating) or -E[f(-psi x)]
 * (non-saturating), x = theta + sigma e, e ~ N(0, 1) (x = theta without instance noise), plus (consensus/2) |v|^2.
 */
export function diracGeneratorObjective(gan: DiracGan, theta: number, psi: number): number {
  checkPoint('diracGeneratorObjective', theta, psi);
  const { loss, instanceNoise: sigma } = gan;
  const s = gan.generatorLoss === 'saturating' ? 1 : -1;
  if (sigma === 0) return s * diracF(loss, s * psi * theta) + consensusLoss(gan, theta, psi);
  const { nodes, weights } = gaussHermiteNormal(DIRAC_NOISE_NODES);
  let value = 0;
  for (let i = 0; i < nodes.length; i++) value += weights[i] * diracF(loss, s * psi * (theta + sigma * nodes[i]));
  return s * value;
}

/**
 * v_theta = -dL_G/dtheta: -psi f'(psi theta) (saturating) or -psi f'(-psi theta) (non-saturating),
 * averaged over x = theta + sigma e under instance noise, minus gamma (J^T v)_theta with consensus optimisation.
 * No argument checks: for inner loops.
 */
export function diracFieldTheta(gan: DiracGan, theta: number, psi: number): number {
  const v = plainFieldTheta(gan, theta, psi);
  return gan.consensus > 0 ? v - gan.consensus * diracConsensusTerm(gan, theta, psi).theta : v;
}

/**
 * v_psi = dL_D/dpsi: E[x f'(psi x)] - E[sigma e f'(-psi sigma e)] - r1 psi - gamma (|psi| - g0) sign(psi),
 * x = theta + sigma e (theta f'(psi theta) without noise), minus gamma (J^T v)_psi with consensus optimisation.
 * No argument checks: for inner loops.
 */
export function diracFieldPsi(gan: DiracGan, theta: number, psi: number): number {
  const v = plainFieldPsi(gan, theta, psi);
  return gan.consensus > 0 ? v - gan.consensus * diracConsensusTerm(gan, theta, psi).psi : v;
}

/**
 * Consensus optimisation's term, the gradient of (1/2)|v|^2 in (theta, psi): J^T v, with v the field without the term and
 * J its Jacobian in closed form (noise-free; R1 and clipping allowed): with t = psi theta, s = 1 (saturating) or -1,
 * J = [[-s psi^2 f''(s t), -f'(s t) - s t f''(s t)], [f'(t) + t f''(t), theta^2 f''(t) - r1]].
 */
export function diracConsensusTerm(gan: DiracGan, theta: number, psi: number): DiracPoint {
  const { loss, r1 } = gan;
  const s = gan.generatorLoss === 'saturating' ? 1 : -1;
  const t = psi * theta;
  const [fp, fpp, fpS, fppS] = [diracFPrime(loss, t), diracFPrime2(loss, t), diracFPrime(loss, s * t), diracFPrime2(loss, s * t)];
  const vt = -psi * fpS;
  const vp = theta * fp - r1 * psi;
  const [jtt, jtp] = [-s * psi * psi * fppS, -fpS - s * t * fppS];
  const [jpt, jpp] = [fp + t * fpp, theta * theta * fpp - r1];
  return { theta: jtt * vt + jpt * vp, psi: jtp * vt + jpp * vp };
}

/** v_theta without consensus optimisation's term. */
function plainFieldTheta(gan: DiracGan, theta: number, psi: number): number {
  const { loss, instanceNoise: sigma } = gan;
  if (loss === 'wgan') return -psi;
  const s = gan.generatorLoss === 'saturating' ? 1 : -1;
  if (sigma === 0) return -psi / (1 + Math.exp(s * psi * theta));
  const { nodes, weights } = gaussHermiteNormal(DIRAC_NOISE_NODES);
  let e = 0;
  for (let i = 0; i < nodes.length; i++) e += weights[i] / (1 + Math.exp(s * psi * (theta + sigma * nodes[i])));
  return -psi * e;
}

/** v_psi without consensus optimisation's term. */
function plainFieldPsi(gan: DiracGan, theta: number, psi: number): number {
  const { loss, instanceNoise: sigma } = gan;
  let v: number;
  if (loss === 'wgan') {
    // E[x] = theta and E[e] = 0: instance noise does not change the WGAN field.
    v = theta;
  } else if (sigma === 0) {
    v = theta / (1 + Math.exp(psi * theta));
  } else {
    const { nodes, weights } = gaussHermiteNormal(DIRAC_NOISE_NODES);
    v = 0;
    for (let i = 0; i < nodes.length; i++) {
      const x = theta + sigma * nodes[i];
      const d = sigma * nodes[i];
      v += weights[i] * (x / (1 + Math.exp(psi * x)) - d / (1 + Math.exp(-psi * d)));
    }
  }
  if (gan.r1 > 0) v -= gan.r1 * psi;
  if (gan.gradientPenalty > 0) v -= gan.gradientPenalty * (Math.abs(psi) - gan.gradientPenaltyTarget) * Math.sign(psi);
  return v;
}

/** The gradient vector field v(theta, psi) = (-dL_G/dtheta, dL_D/dpsi) (Mescheder et al. 2018, Sec. 2). */
export function diracField(gan: DiracGan, theta: number, psi: number): DiracPoint {
  checkPoint('diracField', theta, psi);
  return { theta: diracFieldTheta(gan, theta, psi), psi: diracFieldPsi(gan, theta, psi) };
}

/** The field sampled on a grid, for quiver plots: row i is psi[i], column j is theta[j] (index i * n + j). */
export interface DiracFieldGrid {
  theta: Float64Array;
  psi: Float64Array;
  vTheta: Float64Array;
  vPsi: Float64Array;
}

/** Options of {@link diracFieldGrid}. */
export interface DiracGridOptions {
  /** [lo, hi] of theta (default [-2, 2]). */
  thetaRange?: [number, number];
  /** [lo, hi] of psi (default [-2, 2]). */
  psiRange?: [number, number];
  /** Points per axis (default 21). */
  n?: number;
}

/** v(theta, psi) on an n x n grid (default 21 x 21 over [-2, 2]^2). */
export function diracFieldGrid(gan: DiracGan, options: DiracGridOptions = {}): DiracFieldGrid {
  const fn = 'diracFieldGrid';
  const n = integer(fn, 'n', options.n ?? 21, 2);
  const [t0, t1] = options.thetaRange ?? [-2, 2];
  const [p0, p1] = options.psiRange ?? [-2, 2];
  if (!(t1 > t0)) fail(fn, 'thetaRange', 'an interval [lo, hi] with lo < hi', t1);
  if (!(p1 > p0)) fail(fn, 'psiRange', 'an interval [lo, hi] with lo < hi', p1);
  const theta = linspace(t0, t1, n);
  const psi = linspace(p0, p1, n);
  const vTheta = new Float64Array(n * n);
  const vPsi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      vTheta[i * n + j] = diracFieldTheta(gan, theta[j], psi[i]);
      vPsi[i * n + j] = diracFieldPsi(gan, theta[j], psi[i]);
    }
  }
  return { theta, psi, vTheta, vPsi };
}
