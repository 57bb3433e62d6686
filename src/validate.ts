/**
 * Argument checks shared by the library. Every error names the function's argument, what was expected and
 * what was given, so a student sees at once which call to fix.
 */

/** Formats a value for an error message, shortened. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}

/** Throws `RangeError("fn: argument 'name' must be <expected>, got <given>")`. */
export function fail(fn: string, name: string, expected: string, given: unknown): never {
  throw new RangeError(`${fn}: argument '${name}' must be ${expected}, got ${describe(given)}`);
}

/** A finite number. */
export function finite(fn: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(fn, name, 'a finite number', x);
  return x;
}

/** A finite number > 0 (standard deviations, step sizes, epsilons). */
export function positive(fn: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) fail(fn, name, 'a finite number > 0', x);
  return x;
}

/** A finite number >= 0 (penalty weights, tolerances). */
export function nonNegative(fn: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) fail(fn, name, 'a finite number >= 0', x);
  return x;
}

/** An integer >= min (sizes, step counts). */
export function integer(fn: string, name: string, x: unknown, min = 1): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) fail(fn, name, `an integer >= ${min}`, x);
  return x;
}

/** A number in [lo, hi]. */
export function inRange(fn: string, name: string, x: unknown, lo: number, hi: number): number {
  if (typeof x !== 'number' || !(x >= lo && x <= hi)) fail(fn, name, `a number in [${lo}, ${hi}]`, x);
  return x;
}

/** A non-empty array (or typed array) of finite numbers; names the first bad index. */
export function finiteArray(fn: string, name: string, xs: unknown, minLength = 1): ArrayLike<number> {
  if (!Array.isArray(xs) && !(ArrayBuffer.isView(xs) && !(xs instanceof DataView))) {
    fail(fn, name, 'an array of numbers', xs);
  }
  const a = xs as ArrayLike<number>;
  if (a.length < minLength) fail(fn, name, `an array of at least ${minLength} number${minLength === 1 ? '' : 's'}`, xs);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${fn}: argument '${name}' must hold finite numbers, but ${name}[${i}] is ${describe(v)}`);
    }
  }
  return a;
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(fn: string, name: string, x: unknown, options: readonly T[]): T {
  if (typeof x !== 'string' || !options.includes(x as T)) fail(fn, name, `one of ${options.map((o) => `'${o}'`).join(', ')}`, x);
  return x as T;
}

/** A tensor shape check: `shape` must equal `expected`, where null in `expected` matches any size. */
export function shape(fn: string, name: string, given: readonly number[], expected: readonly (number | null)[]): void {
  const ok = given.length === expected.length && expected.every((e, i) => e === null || e === given[i]);
  if (!ok) {
    const fmt = (s: readonly (number | null)[]) => `[${s.map((d) => (d === null ? 'any' : d)).join(', ')}]`;
    throw new RangeError(`${fn}: argument '${name}' must have shape ${fmt(expected)}, got shape ${fmt(given)}`);
  }
}
