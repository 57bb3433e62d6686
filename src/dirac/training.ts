/**
 * Training the Dirac-GAN: discrete gradient steps (simultaneous or alternating, Mescheder et al. 2018, Sec. 2)
 * and the continuous gradient flow d(theta, psi)/dt = v(theta, psi), integrated by RK4.
 *
 * The equilibrium is (theta, psi) = (0, 0): the generator matches the data and the discriminator is constant.
 */
import { fail, finite, integer, oneOf, positive } from '../validate';
import { diracFieldPsi, diracFieldTheta, type DiracGan } from './game';

/** How the two players step: both from the same point, or the discriminator first and the generator on its result. */
export type DiracUpdates = 'simultaneous' | 'alternating';

/** Options of {@link diracTrajectory}; the defaults are the set-up of the authors' Dirac-GAN code: (1, 1), h = 0.2, 500 steps. */
export interface DiracTrainingOptions {
  /** Start theta (default 1). */
  theta0?: number;
  /** Start psi (default 1). */
  psi0?: number;
  /** Step size h of both players (default 0.2). */
  stepSize?: number;
  /** Number of generator steps N (default 500). */
  steps?: number;
  /** 'simultaneous' (default) or 'alternating'. */
  updates?: DiracUpdates;
  /** Discriminator steps per generator step, alternating updates only (default 1; WGAN practice is 5). */
  discriminatorSteps?: number;
}

/** A trajectory: the iterates after 0, 1, ..., N generator steps, their distance to (0, 0), and their time k h. */
export interface DiracTrajectory {
  theta: Float64Array;
  psi: Float64Array;
  /** sqrt(theta_k^2 + psi_k^2), see {@link distanceToEquilibrium}. */
  distance: Float64Array;
  /** k h for the discrete steps, k dt for the flow. */
  time: Float64Array;
}

/** Euclidean distance of (theta, psi) to the equilibrium (0, 0). */
export function distanceToEquilibrium(theta: number, psi: number): number {
  return Math.hypot(theta, psi);
}

function clipPsi(gan: DiracGan, psi: number): number {
  return gan.clip === null ? psi : Math.min(gan.clip, Math.max(-gan.clip, psi));
}

function newTrajectory(n: number): DiracTrajectory {
  return { theta: new Float64Array(n + 1), psi: new Float64Array(n + 1), distance: new Float64Array(n + 1), time: new Float64Array(n + 1) };
}

function record(out: DiracTrajectory, k: number, theta: number, psi: number, t: number): void {
  out.theta[k] = theta;
  out.psi[k] = psi;
  out.distance[k] = Math.hypot(theta, psi);
  out.time[k] = t;
}

/** The starting point (theta0, psi0) of a trajectory or flow, (1, 1) by default. */
function startingPoint(fn: string, o: { theta0?: number; psi0?: number }): [number, number] {
  return [finite(fn, 'theta0', o.theta0 ?? 1), finite(fn, 'psi0', o.psi0 ?? 1)];
}

/**
 * Discrete training. Simultaneous: (theta, psi) <- (theta + h v_theta(theta, psi), psi + h v_psi(theta, psi)).
 * Alternating: n_d times psi <- psi + h v_psi(theta, psi), then theta <- theta + h v_theta(theta, psi) with the
 * new psi. With weight clipping, psi is projected onto [-c, c] at the start and after every discriminator step.
 * (The authors' script steps the generator first; that only shifts the recorded points by half an iteration.)
 */
export function diracTrajectory(gan: DiracGan, options: DiracTrainingOptions = {}): DiracTrajectory {
  const fn = 'diracTrajectory';
  let [theta, psi] = startingPoint(fn, options);
  const h = positive(fn, 'stepSize', options.stepSize ?? 0.2);
  const steps = integer(fn, 'steps', options.steps ?? 500, 0);
  const updates = oneOf(fn, 'updates', options.updates ?? 'simultaneous', ['simultaneous', 'alternating'] as const);
  const nd = integer(fn, 'discriminatorSteps', options.discriminatorSteps ?? 1, 1);
  if (updates === 'simultaneous' && nd !== 1) fail(fn, 'discriminatorSteps', "1 with updates 'simultaneous' (use 'alternating')", nd);
  psi = clipPsi(gan, psi);
  const out = newTrajectory(steps);
  record(out, 0, theta, psi, 0);
  for (let k = 1; k <= steps; k++) {
    if (updates === 'simultaneous') {
      const vt = diracFieldTheta(gan, theta, psi);
      const vp = diracFieldPsi(gan, theta, psi);
      theta += h * vt;
      psi = clipPsi(gan, psi + h * vp);
    } else {
      for (let j = 0; j < nd; j++) psi = clipPsi(gan, psi + h * diracFieldPsi(gan, theta, psi));
      theta += h * diracFieldTheta(gan, theta, psi);
    }
    if (!Number.isFinite(theta) || !Number.isFinite(psi)) {
      throw new RangeError(`${fn}: the iterates became non-finite at step ${k}; try a smaller 'stepSize'`);
    }
    record(out, k, theta, psi, k * h);
  }
  return out;
}

/** Options of {@link diracGradientFlow}. */
export interface DiracFlowOptions {
  /** Start theta (default 1). */
  theta0?: number;
  /** Start psi (default 1). */
  psi0?: number;
  /** Total time T (default 100, the time of 500 steps of size 0.2). */
  time?: number;
  /** RK4 steps over [0, T] (default 2000). */
  steps?: number;
}

/**
 * The gradient flow d(theta, psi)/dt = v(theta, psi) by classical RK4 with dt = T / steps. For the unregularised
 * GAN and WGAN, v . (theta, psi) = 0, so the flow runs on circles around (0, 0). With weight clipping, psi is
 * projected after each RK4 step (a first-order approximation of the projected flow at the boundary).
 */
export function diracGradientFlow(gan: DiracGan, options: DiracFlowOptions = {}): DiracTrajectory {
  const fn = 'diracGradientFlow';
  let [theta, psi] = startingPoint(fn, options);
  const T = positive(fn, 'time', options.time ?? 100);
  const steps = integer(fn, 'steps', options.steps ?? 2000, 1);
  const dt = T / steps;
  const vt = (a: number, b: number) => diracFieldTheta(gan, a, b);
  const vp = (a: number, b: number) => diracFieldPsi(gan, a, b);
  psi = clipPsi(gan, psi);
  const out = newTrajectory(steps);
  record(out, 0, theta, psi, 0);
  for (let k = 1; k <= steps; k++) {
    const k1t = vt(theta, psi);
    const k1p = vp(theta, psi);
    const k2t = vt(theta + 0.5 * dt * k1t, psi + 0.5 * dt * k1p);
    const k2p = vp(theta + 0.5 * dt * k1t, psi + 0.5 * dt * k1p);
    const k3t = vt(theta + 0.5 * dt * k2t, psi + 0.5 * dt * k2p);
    const k3p = vp(theta + 0.5 * dt * k2t, psi + 0.5 * dt * k2p);
    const k4t = vt(theta + dt * k3t, psi + dt * k3p);
    const k4p = vp(theta + dt * k3t, psi + dt * k3p);
    theta += (dt / 6) * (k1t + 2 * k2t + 2 * k3t + k4t);
    psi = clipPsi(gan, psi + (dt / 6) * (k1p + 2 * k2p + 2 * k3p + k4p));
    record(out, k, theta, psi, k * dt);
  }
  return out;
}
