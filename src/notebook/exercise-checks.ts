/**
 * The checks of the course's assignments (assignments/): a test cell calls the student's function inside
 * `selfCheck('exercise', () => { expectClose(...); ... })`, which prints "✅ ... passed" or, for the first failed
 * check, what was expected, what came out and a hint. Nothing printed never means success: a check that checked
 * nothing says so.
 *
 * The grader (grader/) runs the same test cells with its own copy of the code between the `#region grader-checks`
 * markers pasted into each test, and a selfCheck that throws instead of printing; so a student who redefines these
 * names, or patches Math, Number or Array in the kernel, changes nothing. That is why the region is written with
 * operators only: no Math, no Number or array methods, no Error (a student's code could have replaced any of them).
 */

// #region grader-checks
/** How many expectations have run; selfCheck refuses a test that checked nothing. */
const expectations = { count: 0 };

/** A short description of a value a check received, for failure messages. */
function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined) return `${value}`;
  if (typeof value === 'string') return `the string '${value}'`;
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  return 'an object';
}

/** The message a failed check throws: what, expected, got, and the hint if there is one. */
function failureMessage(what: string, expected: string, got: string, hint?: string): string {
  return `${what}: expected ${expected}, got ${got}` + (hint === undefined ? '' : `. Hint: ${hint}`);
}

/** True when |actual - expected| <= tolerance; infinite values must match exactly; NaN never matches. */
function isClose(actual: number, expected: number, tolerance: number): boolean {
  if (expected === Infinity || expected === -Infinity) return actual === expected;
  return actual - expected <= tolerance && expected - actual <= tolerance;
}

/** Checks that `actual` is a number within `tolerance` of `expected` (+-Infinity must match exactly); throws the failure message otherwise. */
export function expectClose(actual: unknown, expected: number, tolerance: number, what: string, hint?: string): void {
  expectations.count++;
  const wanted = expected === Infinity || expected === -Infinity ? `${expected}` : `${expected} ± ${tolerance}`;
  if (typeof actual !== 'number') throw failureMessage(what, `a number (${wanted})`, describeValue(actual), hint);
  if (!isClose(actual, expected, tolerance)) throw failureMessage(what, wanted, `${actual}`, hint);
}

/** Checks that `actual` is an array (or typed array) of numbers of expected's length, each within `tolerance`; throws at the first that is not. */
export function expectAllClose(actual: unknown, expected: ArrayLike<number>, tolerance: number, what: string, hint?: string): void {
  expectations.count++;
  const n = expected.length;
  if (typeof actual !== 'object' || actual === null) throw failureMessage(what, `an array of ${n} numbers`, describeValue(actual), hint);
  const values = actual as ArrayLike<unknown>;
  if (values.length !== n) throw failureMessage(what, `an array of ${n} numbers`, `an array of ${describeValue(values.length)}`, hint);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const e = expected[i];
    const wanted = e === Infinity || e === -Infinity ? `${e}` : `${e} ± ${tolerance}`;
    if (typeof v !== 'number' || !isClose(v, e, tolerance)) throw failureMessage(`${what}, entry ${i}`, wanted, describeValue(v), hint);
  }
}

/** Checks that `condition` is exactly true; throws `what` (and the hint) otherwise. */
export function expectTrue(condition: unknown, what: string, hint?: string): void {
  expectations.count++;
  if (condition !== true) throw `${what}: not true` + (hint === undefined ? '' : `. Hint: ${hint}`);
}
// #endregion grader-checks

/** The text a self-check prints for what a failed check threw. */
function failureText(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown;
  if (thrown instanceof Error) {
    if (thrown.message.startsWith('not implemented')) return `${thrown.message}: write the function in the solution cell above, run that cell, then this one`;
    return `your code threw ${thrown.name}: ${thrown.message}`;
  }
  return `your code threw ${describeValue(thrown)}`;
}

/**
 * Runs an exercise's checks and prints one line: "✅ <exercise>: passed (N checks)", or "❌ <exercise>: " with what the
 * first failed check expected, what it got and a hint. Never throws, so running all cells does not stop at a failed
 * exercise. (The grader runs the same checks with a selfCheck that throws: see grader/.)
 */
export function selfCheck(exercise: string, checks: () => void): void {
  const before = expectations.count;
  try {
    checks();
  } catch (thrown) {
    console.log(`❌ ${exercise}: ${failureText(thrown)}`);
    return;
  }
  const n = expectations.count - before;
  console.log(n === 0 ? `❌ ${exercise}: no check ran, so nothing was shown to work` : `✅ ${exercise}: passed (${n} check${n === 1 ? '' : 's'})`);
}
