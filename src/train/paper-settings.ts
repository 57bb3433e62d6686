/**
 * The papers' training settings (WGAN, WGAN-GP and the WGAN-GP toy script), each with its source: what the
 * papers ran, not the library's defaults. Lessons may use faster CPU-scale settings; they say so next to these.
 */

/** Settings of one published recipe. */
export interface PaperSettings {
  /** Where the numbers come from. */
  source: string;
  optimizer: 'rmsprop' | 'adam';
  learningRate: number;
  /** Adam's beta1 and beta2 (absent for RMSProp). */
  betas?: [number, number];
  batchSize: number;
  /** Critic iterations per generator step. */
  criticIterations: number;
  /** Weight clipping bound c (WGAN). */
  clip?: number;
  /** Gradient penalty weight lambda (WGAN-GP). */
  penaltyWeight?: number;
  /** Hidden layer widths of generator and critic, where the source fixes them. */
  hidden?: number[];
}

/** The original WGAN (Arjovsky, Chintala, Bottou 2017, Algorithm 1 defaults; 100 critic steps early on, see {@link wganCriticSchedule}). */
export const WGAN_PAPER: PaperSettings = {
  source: 'Arjovsky et al. 2017, Algorithm 1 (alpha = 5e-5, c = 0.01, m = 64, n_critic = 5, RMSProp)',
  optimizer: 'rmsprop',
  learningRate: 5e-5,
  batchSize: 64,
  criticIterations: 5,
  clip: 0.01,
};

/** WGAN-GP as in the paper (Gulrajani et al. 2017, Algorithm 1 defaults; the batch size of its CIFAR-10 models, Appendix F: Algorithm 1 names none). */
export const WGAN_GP_PAPER: PaperSettings = {
  source: 'Gulrajani et al. 2017, Algorithm 1 (lambda = 10, n_critic = 5, Adam alpha = 1e-4, beta1 = 0, beta2 = 0.9); batch 64 from Appendix F',
  optimizer: 'adam',
  learningRate: 1e-4,
  betas: [0, 0.9],
  batchSize: 64,
  criticIterations: 5,
  penaltyWeight: 10,
};

/** WGAN-GP as the paper's public toy script (gan_toy.py) runs it on the 2D toys. */
export const WGAN_GP_TOY_SCRIPT: PaperSettings = {
  ...WGAN_GP_PAPER,
  source: "Gulrajani et al.'s gan_toy.py (LAMBDA = .1, CRITIC_ITERS = 5, BATCH_SIZE = 256, DIM = 512, Adam 1e-4, betas 0.5, 0.9)",
  betas: [0.5, 0.9],
  batchSize: 256,
  penaltyWeight: 0.1,
  hidden: [512, 512, 512],
};

/**
 * The WGAN reference code's critic schedule: 100 critic iterations for the first 25 generator steps and every
 * 500th generator step, otherwise `usual` (5), so the critic stays near its optimum (Arjovsky et al.'s code).
 */
export function wganCriticSchedule(usual = 5): (generatorStep: number) => number {
  return (g) => (g < 25 || g % 500 === 0 ? 100 : usual);
}
