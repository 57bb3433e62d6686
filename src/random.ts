/**
 * Seeded random numbers. Every random choice in wgan-lab (samples, initial weights, noise batches) comes
 * from an explicit {@link Rng}, so a lesson that fixes its seed in its settings cell is repeatable, and a
 * training run can save and restore its random state.
 */
import { integer } from './validate';

/** The state of an {@link Rng}: four 32-bit words (sfc32) plus a cached normal deviate. */
export interface RngState {
  words: [number, number, number, number];
  spareNormal: number | null;
}

/**
 * A small, fast, seedable generator (sfc32, Chris Doty-Humphrey's "small fast counting" generator, which
 * passes PractRand to 2^40 bytes), with uniform, normal and integer draws.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  /** A generator seeded by a non-negative integer; the same seed gives the same stream. */
  constructor(seed: number) {
    integer('Rng', 'seed', seed, 0);
    // splitmix32 spreads the seed over the four words.
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number {
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }

  /** Standard normal N(0, 1) (Marsaglia's polar method). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u: number, v: number, r: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      r = u * u + v * v;
    } while (r >= 1 || r === 0);
    const f = Math.sqrt((-2 * Math.log(r)) / r);
    this.spare = v * f;
    return u * f;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    integer('Rng.int', 'n', n, 1);
    return Math.floor(this.uniform() * n);
  }

  /** A fresh seed (a 31-bit integer) for a TF.js op or a child generator. */
  seed(): number {
    return this.nextUint32() >>> 1;
  }

  /** An independent child generator; the parent advances by one draw. */
  fork(): Rng {
    return new Rng(this.seed());
  }

  /** n standard normal draws times std plus mean, as a Float32Array. */
  normals(n: number, mean = 0, std = 1): Float32Array {
    integer('Rng.normals', 'n', n, 0);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** n uniform draws on [lo, hi), as a Float32Array. */
  uniforms(n: number, lo = 0, hi = 1): Float32Array {
    integer('Rng.uniforms', 'n', n, 0);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * this.uniform();
    return out;
  }

  /** A copy of the full state, to resume the same stream later. */
  getState(): RngState {
    return { words: [this.a, this.b, this.c, this.d], spareNormal: this.spare };
  }

  /** Restores a state taken by {@link getState}. */
  setState(state: RngState): void {
    [this.a, this.b, this.c, this.d] = state.words;
    this.spare = state.spareNormal;
  }
}
