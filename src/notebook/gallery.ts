/**
 * The reproduction gallery's manifest: for every figure a lesson saves, which paper figure it reproduces, the paper's
 * claim in one line, the lesson's checks that test it, and a status. A lesson states it where it saves the figure,
 *
 *   await show(figure, { save: '04-discriminator-vs-critic-1d', gallery: { paper: 'arjovsky2017', figure: 'Figure 2',
 *     claim: 'the GAN discriminator saturates between two separated Gaussians; the WGAN critic keeps a slope', checks: '1D:', status: 'reproduced' } });
 *
 * and the lesson's `Checks.finish()` writes the manifest (in a full run, a figure naming a check that did not run fails the lesson), `manifest/<lesson>.json` in the figures folder (figures/ in
 * full mode, build/figures/ in quick mode), with each figure's checks (measured value and bound), its SVG's SHA-256 and
 * the run record (settings, seeds, library version, wall time). `npm run gallery` turns the full runs' manifests into
 * figures/README.md; `npm test` checks that page, the manifests and the SVGs agree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { paper, type Paper, type PaperKey } from '../papers';
import { currentRecord, sha256, type RunRecordData } from '../runs/record';
import { writeFileAtomic } from '../runs/files';
import { figuresDir, ONLY_ENV, quickMode } from './settings';

/** Whether a saved figure reproduces its paper figure; an illustration has no paper figure to reproduce. */
export type GalleryStatus = 'reproduced' | 'partly reproduced' | 'not reproduced' | 'illustration';
const STATUSES: readonly GalleryStatus[] = ['reproduced', 'partly reproduced', 'not reproduced', 'illustration'];

/** What a lesson says about a saved figure (the `gallery` option of show). */
export interface GalleryEntry {
  /** The paper, a key of PAPERS (src/papers.ts); may be left out for an illustration. */
  paper?: PaperKey;
  /** What of the paper it reproduces, numbered as in the registry's version: 'Figure 1a', 'Table 1', 'Example 1'. Required unless an illustration. */
  figure?: string;
  /** The paper's claim (for an illustration: what it shows), in one line. */
  claim: string;
  /** The lesson's checks that test the claim, by the start of their names (each must start at least one check's name). Required unless an illustration. */
  checks?: string | readonly string[];
  status: GalleryStatus;
  /** What differs (partly reproduced) or why not (not reproduced): required for those; a remark otherwise. */
  note?: string;
}

/** One check as the manifest records it. */
export interface ManifestCheck {
  name: string;
  passed: boolean;
  detail: string;
}

/** One saved figure in a lesson's manifest. */
export interface ManifestFigure {
  /** The saved name: <name>.svg (and .png) in the figures folder. */
  name: string;
  /** The figure's own title. */
  title: string;
  /** SHA-256 of the SVG the run wrote. */
  sha256: string;
  /** True when the figure has controls (a slider or a drop-down) in the lesson; the SVG shows their default. */
  interactive: boolean;
  /** The lesson's statement, or null when the save had none. */
  entry: (Omit<GalleryEntry, 'checks' | 'paper'> & { paper: (Paper & { key: string }) | null }) | null;
  /** The checks the entry names, as they came out. */
  checks: ManifestCheck[];
  /** The run (a key of the manifest's `runs`) that wrote the figure. */
  run: string;
}

/** A lesson's manifest file. */
export interface Manifest {
  lesson: string;
  quick: boolean;
  figures: ManifestFigure[];
  /** The run records behind the figures, by their start time. */
  runs: Record<string, RunRecordData>;
}

interface Saved {
  name: string;
  title: string;
  sha256: string;
  interactive: boolean;
  entry: GalleryEntry | null;
}

const saved = new Map<string, Saved>();

const asList = (c: string | readonly string[] | undefined): readonly string[] => (c === undefined ? [] : typeof c === 'string' ? [c] : c);

/** Checks a gallery entry; errors say what to give. */
export function checkGalleryEntry(name: string, e: GalleryEntry): GalleryEntry {
  const fn = `show(..., { save: '${name}', gallery })`;
  if (e === null || typeof e !== 'object') throw new RangeError(`${fn}: 'gallery' must be an object { paper, figure, claim, checks, status }`);
  if (!STATUSES.includes(e.status)) throw new RangeError(`${fn}: 'status' must be one of ${STATUSES.map((s) => `'${s}'`).join(', ')}, got ${JSON.stringify(e.status)}`);
  if (typeof e.claim !== 'string' || e.claim.trim() === '' || /\n/.test(e.claim)) throw new RangeError(`${fn}: 'claim' must be the claim in one line of text`);
  if (e.paper !== undefined) paper(e.paper);
  if (e.status !== 'illustration') {
    if (e.paper === undefined) throw new RangeError(`${fn}: a figure that is '${e.status}' needs 'paper' (a key of PAPERS in src/papers.ts)`);
    if (!e.figure) throw new RangeError(`${fn}: a figure that is '${e.status}' needs 'figure' (e.g. 'Figure 1a', as numbered in the registry's version)`);
    if (asList(e.checks).length === 0) throw new RangeError(`${fn}: a figure that is '${e.status}' needs 'checks': the start of the names of the checks that test it`);
  }
  if (asList(e.checks).some((c) => typeof c !== 'string' || c === '')) throw new RangeError(`${fn}: 'checks' must be non-empty strings, the start of check names`);
  if ((e.status === 'partly reproduced' || e.status === 'not reproduced') && !e.note) throw new RangeError(`${fn}: a figure that is '${e.status}' needs 'note': what differs, or why`);
  return e;
}

/** Notes a saved figure for the lesson's manifest (show calls it, after checkGalleryEntry); the last save of a name wins. */
export function noteSavedFigure(name: string, svg: string, o: { title: string; interactive: boolean; entry?: GalleryEntry }): void {
  saved.set(name, { name, title: o.title, interactive: o.interactive, sha256: sha256(svg), entry: o.entry ?? null });
}

/** Forgets the noted figures (for tests). */
export function clearSavedFigures(): void {
  saved.clear();
}


/**
 * The problems with the noted figures' check references in a full run: a name's start that starts no check that ran.
 * A quick run skips some checks (those of the full budget), so it is not held to this; the gallery takes full runs.
 */
export function galleryProblems(results: readonly ManifestCheck[], quick: boolean = quickMode()): string[] {
  if (quick) return [];
  const problems: string[] = [];
  for (const s of saved.values()) {
    const unmatched = asList(s.entry?.checks).filter((p) => !results.some((r) => r.name.startsWith(p)));
    if (unmatched.length) problems.push(`figure '${s.name}' names ${unmatched.map((u) => `'${u}'`).join(', ')}, which no check's name starts with`);
  }
  return problems;
}

/**
 * Writes the lesson's manifest (Checks.finish calls it): the noted figures with their checks and the current run record,
 * to manifest/<lesson>.json in the figures folder. Under WGAN_LAB_ONLY, figures from earlier runs that this run did not
 * save are kept (with their own run records). Returns the file, or null when nothing was saved or no run record exists.
 */
export function writeGalleryManifest(results: readonly ManifestCheck[]): string | null {
  const record = currentRecord();
  if (!record || saved.size === 0) return null;
  const { lesson } = record.data;
  const file = path.join(figuresDir(), 'manifest', `${lesson}.json`);
  const runKey = record.data.started;
  const figures: ManifestFigure[] = [...saved.values()].map((s) => {
    const parts = asList(s.entry?.checks);
    const { checks: _checks, paper: key, ...rest } = s.entry ?? ({} as GalleryEntry);
    void _checks;
    return {
      name: s.name, title: s.title, sha256: s.sha256, interactive: s.interactive,
      entry: s.entry ? { ...rest, paper: key ? paper(key) : null } as ManifestFigure['entry'] : null,
      checks: results.filter((r) => parts.some((p) => r.name.startsWith(p))).map((r) => ({ name: r.name, passed: r.passed, detail: r.detail })),
      run: runKey,
    };
  });
  // Under WGAN_LAB_ONLY, the earlier run's figures stay where they were (a re-saved one is replaced in place).
  let all = figures;
  let runs: Record<string, RunRecordData> = {};
  if (process.env[ONLY_ENV] && fs.existsSync(file)) {
    try {
      const old = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
      if (old.quick === record.data.quick) {
        const now = new Map(figures.map((f) => [f.name, f]));
        all = [...old.figures.map((f) => now.get(f.name) ?? f), ...figures.filter((f) => !old.figures.some((o) => o.name === f.name))];
        runs = old.runs;
      }
    } catch { /* a damaged manifest is replaced */ }
  }
  const used = new Set(all.map((f) => f.run));
  const manifest: Manifest = {
    lesson, quick: record.data.quick, figures: all,
    runs: Object.fromEntries([...Object.entries(runs), [runKey, record.data] as const].filter(([k]) => used.has(k)).sort(([a], [b]) => a.localeCompare(b))),
  };
  writeFileAtomic(file, JSON.stringify(manifest, null, 1) + '\n');
  return file;
}
