/**
 * A lesson's closing checks: each states a property of what the lesson reproduced, with the measured number,
 * and `finish()` shows them as a table and throws if any failed, so the notebook runner (and CI) fails loudly.
 */
import { currentRecord } from '../runs/record';
import { displayBundle } from './display';
import { galleryProblems, writeGalleryManifest } from './gallery';

/** One check's outcome. */
export interface CheckResult {
  name: string;
  passed: boolean;
  /** What was measured, against what bound. */
  detail: string;
}

/** Thrown by {@link Checks.finish} when a check failed; lists every failure. */
export class CheckFailedError extends Error {
  constructor(readonly lesson: string, readonly failures: CheckResult[]) {
    super(`${lesson}: ${failures.length} check${failures.length === 1 ? '' : 's'} failed:\n` +
      failures.map((f) => `  - ${f.name}: ${f.detail}`).join('\n'));
    this.name = 'CheckFailedError';
  }
}

const fmt = (v: number) => (Number.isFinite(v) ? +v.toPrecision(5) : String(v));

/** Collects a lesson's checks. */
export class Checks {
  readonly results: CheckResult[] = [];
  constructor(readonly lesson: string) {}

  /** A check that `passed`; `detail` says what was measured. */
  that(name: string, passed: boolean, detail: string): boolean {
    this.results.push({ name, passed, detail });
    return passed;
  }

  /** value <= bound. */
  atMost(name: string, value: number, bound: number): boolean {
    return this.that(name, value <= bound, `measured ${fmt(value)}, required <= ${fmt(bound)}`);
  }

  /** value >= bound. */
  atLeast(name: string, value: number, bound: number): boolean {
    return this.that(name, value >= bound, `measured ${fmt(value)}, required >= ${fmt(bound)}`);
  }

  /** |value - expected| <= tolerance. */
  near(name: string, value: number, expected: number, tolerance: number): boolean {
    const err = Math.abs(value - expected);
    return this.that(name, err <= tolerance, `measured ${fmt(value)}, expected ${fmt(expected)} ± ${fmt(tolerance)} (off by ${fmt(err)})`);
  }

  /**
   * Shows the table (in a kernel), completes the lesson's run record (wall time, checks), writes the gallery's manifest of
   * the figures the lesson saved (gallery.ts; a figure naming a check that did not run fails here), and throws
   * {@link CheckFailedError} if any check failed.
   */
  finish(): void {
    for (const problem of galleryProblems(this.results)) this.that('gallery: the checks a saved figure names ran', false, problem);
    currentRecord()?.finish(Object.fromEntries(this.results.map((r) => [r.name, r.passed])));
    writeGalleryManifest(this.results);
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const rowsHtml = this.results
      .map((r) => `<tr><td style="text-align:left">${r.passed ? '✅' : '❌'}</td><td style="text-align:left">${esc(r.name)}</td><td style="text-align:left">${esc(r.detail)}</td></tr>`)
      .join('');
    const html = `<table><thead><tr><th></th><th style="text-align:left">check (${esc(this.lesson)})</th><th style="text-align:left">measured</th></tr></thead><tbody>${rowsHtml}</tbody></table>`;
    const text = this.results.map((r) => `${r.passed ? 'PASS' : 'FAIL'}  ${r.name}: ${r.detail}`).join('\n');
    if (!displayBundle({ 'text/html': html, 'text/plain': text })) console.log(text);
    const failures = this.results.filter((r) => !r.passed);
    if (this.results.length === 0) throw new CheckFailedError(this.lesson, [{ name: 'no checks ran', passed: false, detail: 'a lesson must check something' }]);
    if (failures.length) throw new CheckFailedError(this.lesson, failures);
  }
}
