/**
 * Run settings shared by all lessons: the quick flag the tests set, and where figures go.
 * A lesson reads these in its settings cell; nothing else in the library changes behaviour with them.
 */
import * as path from 'path';

/** Name of the environment variable that switches lessons to their quick mode (set by `npm test`). */
export const QUICK_ENV = 'WGAN_LAB_QUICK';

/** True when lessons should run their quick version (tests, CI); the full version is the default for people. */
export function quickMode(): boolean {
  const v = process.env[QUICK_ENV];
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Picks the quick or the full value of a setting: `pick(200, 5000)` is 200 under the tests, 5000 otherwise. */
export function pick<T>(quick: T, full: T): T {
  return quickMode() ? quick : full;
}

/** The project's root folder (the library lives in <root>/dist at run time). */
export function projectRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

/** Name of the environment variable that sends saved figures (and the gallery's manifests) to another folder (tests). */
export const FIGURES_DIR_ENV = 'WGAN_LAB_FIGURES_DIR';

/**
 * Folder for a lesson's saved figures: `figures/` (committed, the reproduction gallery) in full mode,
 * `build/figures/` (git-ignored) in quick mode, so test runs never overwrite the gallery; WGAN_LAB_FIGURES_DIR overrides both.
 */
export function figuresDir(): string {
  if (process.env[FIGURES_DIR_ENV]) return path.resolve(process.env[FIGURES_DIR_ENV]!);
  return quickMode() ? path.join(projectRoot(), 'build', 'figures') : path.join(projectRoot(), 'figures');
}

/** Name of the environment variable that restricts a lesson to some of its datasets or cases (comma-separated name fragments). */
export const ONLY_ENV = 'WGAN_LAB_ONLY';

/**
 * The items whose name contains one of the comma-separated fragments of `WGAN_LAB_ONLY` (case-insensitive), or all of
 * them when it is unset: `WGAN_LAB_ONLY=25` runs only the 25 Gaussians, so a long full run can be split over processes.
 * Throws, naming the choices, when the fragments match nothing.
 */
export function onlySelected<T extends { name: string }>(items: T[], value: string | undefined = process.env[ONLY_ENV]): T[] {
  const fragments = (value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (fragments.length === 0) return items;
  const chosen = items.filter((item) => fragments.some((f) => item.name.toLowerCase().includes(f)));
  if (chosen.length === 0) {
    throw new Error(`${ONLY_ENV}=${JSON.stringify(value)} matches none of ${items.map((i) => JSON.stringify(i.name)).join(', ')}: ` +
                    `give a part of one of these names (comma-separated for several), or unset ${ONLY_ENV} to run them all.`);
  }
  return chosen;
}
