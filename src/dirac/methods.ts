/**
 * The Dirac-GAN training methods compared by Mescheder, Geiger & Nowozin (2018, Figures 2-3), with the settings
 * of their Dirac-GAN code: weight clipping at 1, WGAN-GP weight 0.7 with target 1, instance noise std 0.7, R1
 * weight 0.3, and R1 at the critical weight 2 f'(0) = 1 where the Jacobian's eigenvalues become real.
 */
import { diracGan, type DiracGan } from './game';

/** Names of the preset methods. */
export type DiracMethodName = 'gan' | 'nonSaturating' | 'wganClip' | 'wganGp' | 'instanceNoise' | 'r1' | 'r1Critical';

/** A named preset: a key for code, a label for plots, and the {@link DiracGan}. */
export interface DiracMethod {
  name: DiracMethodName;
  label: string;
  gan: DiracGan;
}

/** The preset methods, in the order of the authors' Dirac-GAN notebook (GAN_stability, notebooks/DiracGAN.ipynb), where consensus optimisation, diracGan({ consensus }), comes next. */
export const DIRAC_METHODS: readonly DiracMethod[] = Object.freeze([
  { name: 'gan', label: 'GAN', gan: diracGan() },
  { name: 'nonSaturating', label: 'non-saturating GAN', gan: diracGan({ generatorLoss: 'nonSaturating' }) },
  { name: 'wganClip', label: 'WGAN (clip 1)', gan: diracGan({ loss: 'wgan', clip: 1 }) },
  { name: 'wganGp', label: 'WGAN-GP (γ 0.7, target 1)', gan: diracGan({ loss: 'wgan', gradientPenalty: 0.7, gradientPenaltyTarget: 1 }) },
  { name: 'instanceNoise', label: 'GAN, instance noise (σ 0.7)', gan: diracGan({ instanceNoise: 0.7 }) },
  { name: 'r1', label: 'GAN, R1 (γ 0.3)', gan: diracGan({ r1: 0.3 }) },
  { name: 'r1Critical', label: 'GAN, R1 (critical γ 1)', gan: diracGan({ r1: 1 }) },
] satisfies DiracMethod[]);

/** The preset called `name` (see {@link DIRAC_METHODS}). */
export function diracMethod(name: DiracMethodName): DiracMethod {
  const m = DIRAC_METHODS.find((d) => d.name === name);
  if (!m) throw new RangeError(`diracMethod: argument 'name' must be one of ${DIRAC_METHODS.map((d) => `'${d.name}'`).join(', ')}, got ${JSON.stringify(name)}`);
  return m;
}
