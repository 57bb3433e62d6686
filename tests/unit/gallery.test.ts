import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { curves } from '../../src/plot/figures';
import { runRecord } from '../../src/runs/record';
import { CheckFailedError, Checks } from '../../src/notebook/checks';
import { clearSavedFigures, type Manifest } from '../../src/notebook/gallery';
import { show } from '../../src/notebook/show';
// @ts-ignore: the project's scripts are plain JavaScript modules without type declarations
import { buildPage, galleryProblems, readManifests, writePage } from '../../scripts/gallery.mjs';

/** A full-mode lesson run into a fresh figures folder: the settings that make the library write there. */
function freshFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gallery-'));
  process.env.WGAN_LAB_FIGURES_DIR = path.join(dir, 'figures');
  process.env.WGAN_LAB_QUICK = '0';
  clearSavedFigures();
  runRecord('99-test-lesson', { SEED: 7, STEPS: 3 }, { dir: path.join(dir, 'runs') });
  return path.join(dir, 'figures');
}

const figure = (title: string) => curves([0, 1, 2], { a: [0, 1, 4] }, { title });

test('a lesson\'s saves and checks make its manifest: each figure\'s paper, claim, status, the checks it names with their values, its SVG\'s hash, the run', async () => {
  const dir = freshFolder();
  await show(figure('one'), { save: '99-one', gallery: { paper: 'gulrajani2017', figure: 'Figure 1a', claim: 'a claim', checks: ['the slope', 'modes'], status: 'reproduced' } });
  await show(figure('two'), { save: '99-two', gallery: { claim: 'a picture', status: 'illustration' } });
  const checks = new Checks('Lesson 99');
  checks.atMost('the slope of something', 0.5, 1);
  checks.atLeast('modes covered', 8, 8);
  checks.that('unrelated', true, 'fine');
  checks.finish();
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest', '99-test-lesson.json'), 'utf8')) as Manifest;
  assert.equal(manifest.quick, false);
  assert.deepEqual(manifest.figures.map((f) => f.name), ['99-one', '99-two']);
  const [one, two] = manifest.figures;
  assert.equal(one.entry!.paper!.arxiv, '1704.00028');
  assert.deepEqual(one.checks.map((c) => [c.name, c.passed, c.detail]), [['the slope of something', true, 'measured 0.5, required <= 1'], ['modes covered', true, 'measured 8, required >= 8']]);
  assert.equal(one.sha256, createHash('sha256').update(fs.readFileSync(path.join(dir, '99-one.svg'))).digest('hex'));
  assert.deepEqual(two.checks, []);
  const run = manifest.runs[one.run];
  assert.deepEqual(run.seeds, { SEED: 7 });
  assert.ok(run.wallSeconds !== null && run.checks !== null, 'the finished run record');
});

test('the page is generated from the manifests and SVGs; the check finds an out-of-date page, a changed SVG, a stale SVG, an undescribed figure', async () => {
  const dir = freshFolder();
  await show(figure('one'), { save: '99-one', gallery: { paper: 'arjovsky2017', figure: 'Figure 2', claim: 'the critic keeps a slope', checks: 'the slope', status: 'partly reproduced', note: 'smaller' } });
  await show(figure('plain'), { save: '99-plain' });
  const checks = new Checks('Lesson 99');
  checks.atMost('the slope', 0.5, 1);
  checks.finish();
  const problems = () => (galleryProblems(dir) as string[]).join('\n');
  assert.match(problems(), /README\.md is out of date/);
  assert.match(problems(), /99-plain: 99-test-lesson saves it without a gallery entry/);
  writePage(dir);
  const page = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
  assert.equal(page, buildPage(readManifests(dir)), 'the page is a function of the manifests');
  for (const expected of ['## Arjovsky et al. 2017 (WGAN): Wasserstein GAN', '### Figure 2: `99-one`', '![one](99-one.svg)', '🟡 partly reproduced: smaller',
                          '✅ the slope: measured 0.5, required <= 1', 'arXiv:1701.07875v3', '`SEED = 7`']) {
    assert.ok(page.includes(expected), `the page has ${expected}`);
  }
  assert.doesNotMatch(problems(), /out of date/);
  fs.appendFileSync(path.join(dir, '99-one.svg'), ' ');
  assert.match(problems(), /99-one\.svg: not the SVG 99-test-lesson's last full run drew/);
  fs.writeFileSync(path.join(dir, '99-old.svg'), '<svg/>');
  assert.match(problems(), /99-old\.svg: in figures\/ but in no lesson's manifest/);
});

test('a figure that names a check which did not run fails the lesson; an entry without what its status needs is refused at once', async () => {
  freshFolder();
  await show(figure('one'), { save: '99-one', gallery: { paper: 'arjovsky2017', figure: 'Figure 2', claim: 'c', checks: 'no such check', status: 'reproduced' } });
  const checks = new Checks('Lesson 99');
  checks.that('a check', true, 'ok');
  assert.throws(() => checks.finish(), (e: unknown) => e instanceof CheckFailedError && /names 'no such check', which no check's name starts with/.test(e.message));
  await assert.rejects(show(figure('x'), { save: '99-x', gallery: { paper: 'arjovsky2017', figure: 'Figure 2', claim: 'c', checks: 'a', status: 'partly reproduced' } }), /needs 'note'/);
  await assert.rejects(show(figure('x'), { save: '99-x', gallery: { claim: 'c', checks: 'a', status: 'reproduced' } }), /needs 'paper'/);
  await assert.rejects(show(figure('x'), { save: '99-x', gallery: { paper: 'nobody2099' as never, claim: 'c', status: 'illustration' } }), /no paper 'nobody2099'/);
  await assert.rejects(show(figure('x'), { gallery: { claim: 'c', status: 'illustration' } }), /give 'save' too/);
});
