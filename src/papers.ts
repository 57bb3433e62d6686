/**
 * The papers the course cites, in one place: authors, year, title, arXiv id and the version whose figure, table and
 * section numbers the lessons use (numbering can change between versions), and how that numbering was checked.
 * The gallery (figures/README.md) names each figure's paper from here; lessons name a paper by its key.
 */

/** A cited paper. */
export interface Paper {
  /** Authors as cited: 'Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville'. */
  authors: string;
  year: number;
  title: string;
  /** The arXiv identifier, e.g. '1704.00028'. */
  arxiv: string;
  /** The arXiv version the lessons' figure and table numbers refer to, e.g. 'v3'. */
  version: string;
  /** How a short citation reads: 'Gulrajani et al. 2017'. */
  short: string;
  /** How its figure numbers were checked against that version (or why they could not be). */
  checked: string;
}

/** Every cited paper, by the key lessons use. */
export const PAPERS = {
  goodfellow2014: {
    authors: 'Goodfellow, Pouget-Abadie, Mirza, Xu, Warde-Farley, Ozair, Courville & Bengio', year: 2014, title: 'Generative Adversarial Nets',
    arxiv: '1406.2661', version: 'v1', short: 'Goodfellow et al. 2014',
    checked: 'Figure 1 (b), Proposition 1, Theorem 1 with eq. 6 in its proof, and Section 3 (the saturating loss) checked against a full-text copy of the paper; its arXiv versions not checked',
  },
  arjovskyBottou2017: {
    authors: 'Arjovsky & Bottou', year: 2017, title: 'Towards Principled Methods for Training Generative Adversarial Networks',
    arxiv: '1701.04862', version: 'v1', short: 'Arjovsky & Bottou 2017',
    checked: 'not checked against a copy: a quotation of one figure caption (1, 10 and 25 epochs, the discriminator\'s error and accuracy) matches the lesson, without its number; the theorem numbers (2.1, 2.2, 2.4, 2.6) and Figures 1-3 are as the lessons had them',
  },
  arjovsky2017: {
    authors: 'Arjovsky, Chintala & Bottou', year: 2017, title: 'Wasserstein GAN',
    arxiv: '1701.07875', version: 'v3', short: 'Arjovsky et al. 2017 (WGAN)',
    checked: 'Example 1, Figures 1 to 4, the RMSProp remark and Algorithm 1 (lines 2-8 the critic, line 10 the generator) checked against a full-text translation of the paper whose arXiv version is not stated',
  },
  gulrajani2017: {
    authors: 'Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville', year: 2017, title: 'Improved Training of Wasserstein GANs',
    arxiv: '1704.00028', version: 'v3', short: 'Gulrajani et al. 2017 (WGAN-GP)',
    checked: 'Figures 1 to 5, Tables 1 to 5, Proposition 1, eq. 3 and Algorithm 1 (line by line) checked against the full text of v3 (arXiv stamp 25 Dec 2017)',
  },
  salimans2016: {
    authors: 'Salimans, Goodfellow, Zaremba, Cheung, Radford & Chen', year: 2016, title: 'Improved Techniques for Training GANs',
    arxiv: '1606.03498', version: 'v1', short: 'Salimans et al. 2016',
    checked: 'Sections 3.1 to 3.5 (the five techniques, 3.4 with its optimal discriminator) checked against a full-text copy of the paper; its arXiv versions not checked',
  },
  srivastava2017: {
    authors: 'Srivastava, Valkov, Russell, Gutmann & Sutton', year: 2017, title: 'VEEGAN: Reducing Mode Collapse in GANs using Implicit Variational Learning',
    arxiv: '1705.07761', version: 'v3', short: 'Srivastava et al. 2017 (VEEGAN)',
    checked: 'not checked: no copy of the paper was found; Table 1\'s numbers (1 and 3.3 modes for a GAN, 7.6 and 23.6 for Unrolled GAN, 8 and 24.6 for VEEGAN) are as lesson 06 had them',
  },
  lin2018: {
    authors: 'Lin, Khetan, Fanti & Oh', year: 2018, title: 'PacGAN: The power of two samples in generative adversarial networks',
    arxiv: '1712.04086', version: 'v3', short: 'Lin et al. 2018 (PacGAN)',
    checked: 'not checked: no copy of the paper was found; Table 1\'s numbers (6.3 and 17.3 modes for its GAN) are as lesson 06 had them',
  },
  sonderby2017: {
    authors: 'Sønderby, Caballero, Theis, Shi & Huszár', year: 2017, title: 'Amortised MAP Inference for Image Super-resolution',
    arxiv: '1610.04490', version: 'v1', short: 'Sønderby et al. 2017',
    checked: 'no figure of it is cited; v1 (14 Oct 2016) is the version seen',
  },
  mescheder2018: {
    authors: 'Mescheder, Geiger & Nowozin', year: 2018, title: 'Which Training Methods for GANs do actually Converge?',
    arxiv: '1801.04406', version: 'v4', short: 'Mescheder et al. 2018 (Dirac-GAN)',
    checked: 'v4 is the latest version listed; Figures 2-3, Definition 2.1 and eq. 9 not checked (no copy found); the Dirac-GAN set-up (step 0.2 from (1, 1), 500 steps; the methods and weights) checked against the authors\' notebook, LMescheder/GAN_stability notebooks/DiracGAN.ipynb',
  },
  mescheder2017: {
    authors: 'Mescheder, Nowozin & Geiger', year: 2017, title: 'The Numerics of GANs',
    arxiv: '1705.10461', version: 'v1', short: 'Mescheder et al. 2017 (consensus optimisation)',
    checked: 'no figure of it is cited; its arXiv versions not checked',
  },
  miyato2018: {
    authors: 'Miyato, Kataoka, Koyama & Yoshida', year: 2018, title: 'Spectral Normalization for Generative Adversarial Networks',
    arxiv: '1802.05957', version: 'v1', short: 'Miyato et al. 2018 (spectral normalisation)',
    checked: 'no figure of it is cited; "their Algorithm 1" (one power-iteration step per update) not checked against a copy; its arXiv versions not checked',
  },
  pidhorskyi2020: {
    authors: 'Pidhorskyi, Adjeroh & Doretto', year: 2020, title: 'Adversarial Latent Autoencoders',
    arxiv: '2004.04467', version: 'v1', short: 'Pidhorskyi et al. 2020 (ALAE)',
    checked: 'no figure of it is cited; its Algorithm 1 as lesson 07 describes it not checked',
  },
  cuturi2013: {
    authors: 'Cuturi', year: 2013, title: 'Sinkhorn Distances: Lightspeed Computation of Optimal Transportation Distances',
    arxiv: '1306.0895', version: 'v1', short: 'Cuturi 2013',
    checked: 'no figure of it is cited',
  },
} satisfies Record<string, Paper>;

/** A key of {@link PAPERS}. */
export type PaperKey = keyof typeof PAPERS;

/** The paper of a key; throws, listing the keys, for an unknown one. */
export function paper(key: string): Paper & { key: string } {
  const p = (PAPERS as Record<string, Paper>)[key];
  if (!p) throw new RangeError(`paper: no paper '${key}' in the registry (src/papers.ts); known: ${Object.keys(PAPERS).join(', ')}`);
  return { key, ...p };
}
