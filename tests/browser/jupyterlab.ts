/**
 * The real-browser test: JupyterLab from the project's .venv on 127.0.0.1 (a free port, no token), driven in Debian's
 * chromium by playwright-core, on the project's kernel. It
 *  1. runs lesson 01 (a copy in build/browser/run/) in quick mode through the UI (Run All), then checks that every
 *     figure output drew what the library drew (the marks and texts of the output's SVG), no error or stderr output,
 *     no browser console error beyond the known ones listed below;
 *  2. runs its own notebook (tests/browser/figures.ipynb): a figure using a vega-lite feature newer than JupyterLab's
 *     own vega-lite 5.6.1 draws as in the library's SVG, a slider-bound parameter redraws the figure when moved, and the
 *     same newer figure sent the old way (vega-lite for JupyterLab to compile) fails, so the comparison can tell;
 *  3. opens the executed copy of every lesson (build/notebooks/, written by the notebook runner) and checks that every
 *     figure drew what the library drew, and that opening it did not mark the notebook modified.
 * Screenshots (each notebook, each figure) go to build/browser/screenshots/.
 *
 * Exit codes: 0 passed, 1 failed, 77 skipped (no chromium; with CI=true a missing browser fails instead).
 * Run by `npm test` after the notebooks; alone: `node --import tsx tests/browser/jupyterlab.ts` (after `npm run test:notebooks`),
 * or only some parts: `... jupyterlab.ts figures executed` (parts: lesson, figures, executed).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-ignore: the project's scripts are plain JavaScript modules without type declarations
import { jupyterEnv, root, venvPython } from '../../scripts/project.mjs';

const BUILD = path.join(root, 'build', 'browser');
const RUN = path.join(BUILD, 'run');
const SHOTS = path.join(BUILD, 'screenshots');
const VEGA_MIME = 'application/vnd.vega.v5+json';

/**
 * Browser console errors that are known and harmless here, each with its reason. Anything else fails the test.
 */
const KNOWN_CONSOLE_ERRORS: { pattern: RegExp; reason: string }[] = [
  { pattern: /^page error: No active debugger session$/,
    reason: 'JupyterLab 4.6.4\'s debugger extension asks for the kernel\'s module list after every execute_reply (displayModules on ' +
      'executionDone) without checking that a debugger session exists; tslab has no debugger, so each executed cell logs this ' +
      'once, as an unhandled rejection inside JupyterLab; the cell itself has run and its outputs are unaffected' },
];

const failures: string[] = [];
function check(name: string, ok: boolean, detail = ''): boolean {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${name}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures.push(name);
  return ok;
}

/** The browser: WGAN_LAB_CHROMIUM if set (and only it), else Debian's chromium; null if there is none. */
function findChromium(): string | null {
  const candidates = process.env.WGAN_LAB_CHROMIUM ? [process.env.WGAN_LAB_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** JupyterLab on 127.0.0.1:port, root at the project, no token; its log goes to build/browser/jupyterlab.log. */
async function startJupyterLab(port: number): Promise<ChildProcess> {
  const log = fs.openSync(path.join(BUILD, 'jupyterlab.log'), 'w');
  const args = ['-m', 'jupyter', 'lab', '--ip=127.0.0.1', `--port=${port}`, '--no-browser', '--IdentityProvider.token=',
    '--ServerApp.disable_check_xsrf=True', `--ServerApp.root_dir=${root}`, '--ServerApp.port_retries=0',
    // The test's workspaces and settings stay in build/, away from the student's.
    `--LabApp.workspaces_dir=${path.join(BUILD, 'workspaces')}`, `--LabApp.user_settings_dir=${path.join(BUILD, 'user-settings')}`,
    ...(process.getuid?.() === 0 ? ['--allow-root'] : [])];
  // The kernel inherits the server's environment: quick mode, no checkpoints, as in the notebook runner.
  const env = jupyterEnv({ WGAN_LAB_QUICK: '1', WGAN_LAB_CHECKPOINTS: '0' });
  const server = spawn(venvPython, args, { cwd: root, env, stdio: ['ignore', log, log], detached: true });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`JupyterLab exited (code ${server.exitCode}); see build/browser/jupyterlab.log`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/status`)).ok) return server;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('JupyterLab did not answer within 90 s; see build/browser/jupyterlab.log');
}

/**
 * What each SVG drew: each mark group as "mark-type role-x:items" in document order, and every text. Runs in the page,
 * so no named inner functions (tsx would wrap them in a helper the page does not have).
 */
function signatureInPage(svgs: (string | null)[]): { marks: string[]; texts: string[]; positions: string[] }[] {
  return svgs.map((s) => {
    if (s === null) return { marks: [], texts: [], positions: [] };
    const svg = new DOMParser().parseFromString(s, 'image/svg+xml').documentElement;
    return {
      marks: Array.from(svg.querySelectorAll('g[class^="mark-"]')).map((g) => `${g.getAttribute('class')!.split(' ').slice(0, 2).join(' ')}:${g.children.length}`),
      texts: Array.from(svg.querySelectorAll('text')).map((t) => (t.textContent ?? '').trim()).filter((t) => t !== ''),
      // Where the data marks are: each item's outline and translation in its plot, numbers rounded to 0.1 px (axes, legends and titles are
      // left out: vega places them by measured text widths, which Node only estimates).
      positions: Array.from(svg.querySelectorAll('g[class^="mark-"][class*="role-mark"] > *')).map((e) => `${e.getAttribute('d') ?? ''} ${e.getAttribute('transform') ?? ''}`.replace(/-?\d+\.?\d*(e-?\d+)?/g, (n) => (+(+n).toFixed(1)).toString())),
    };
  });
}

/** The figure outputs of a saved notebook, in order: cell index, the library's SVG and the compiled vega spec. */
function figuresInFile(file: string): { cell: number; svg: string; spec: VegaSpec }[] {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
  const out: { cell: number; svg: string; spec: VegaSpec }[] = [];
  nb.cells.forEach((c, cell) => {
    for (const o of c.outputs ?? []) {
      if (o.data && VEGA_MIME in o.data) {
        const svg = o.data['image/svg+xml'];
        out.push({ cell, svg: Array.isArray(svg) ? svg.join('') : String(svg ?? ''), spec: o.data[VEGA_MIME] as VegaSpec });
      }
    }
  });
  return out;
}

/** A compiled vega spec, as far as the test reads it: its signals, some bound to inputs. */
interface VegaSpec { signals?: { name: string; value?: unknown; bind?: { input: string; min?: number; max?: number; options?: unknown[] } }[] }

/**
 * Opens a notebook (path relative to the project) in a fresh workspace and waits until its kernel has started and
 * the page is connected to it (the server's view: the session's kernel idle, with a connection), then idle in the page.
 */
async function openNotebook(page: Page, port: number, rel: string, workspace: string): Promise<void> {
  await page.goto(`http://127.0.0.1:${port}/lab/workspaces/${workspace}/tree/${rel}?reset`);
  await page.locator('.jp-NotebookPanel .jp-Notebook').first().waitFor({ timeout: 60_000 });
  const deadline = Date.now() + 180_000;
  for (;;) {
    const sessions = (await (await fetch(`http://127.0.0.1:${port}/api/sessions`)).json()) as { path: string; kernel?: { execution_state: string; connections: number } }[];
    const k = sessions.find((s) => s.path === rel)?.kernel;
    if (k && k.execution_state === 'idle' && k.connections > 0) break;
    if (Date.now() > deadline) throw new Error(`the kernel of ${rel} did not start within 180 s (server says: ${JSON.stringify(k ?? 'no session')})`);
    await page.waitForTimeout(300);
  }
  await waitIdle(page, 60_000);
}

/** Waits until the notebook's kernel is idle (the toolbar's execution indicator). */
async function waitIdle(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(() => {
    const ind = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
    return ind?.getAttribute('data-status') === 'idle';
  }, undefined, { timeout, polling: 250 });
}

/** The kernel the open notebook runs on, as the toolbar names it. */
async function kernelName(page: Page): Promise<string> {
  return (await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName').first().textContent())?.trim() ?? '';
}

/**
 * Scrolls every figure output of the open notebook into view (outputs render as they come into view), waits until
 * each has drawn an svg, screenshots each, and returns what each drew, in document order, with its cell index.
 */
async function drawnFigures(page: Page, shotDir: string): Promise<{ cell: number; drew: boolean; svg: string | null }[]> {
  fs.mkdirSync(shotDir, { recursive: true });
  const outputs = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .jp-OutputArea-output.jp-RenderedVega5, .jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .jp-RenderedVegaLite');
  const n = await outputs.count();
  const result: { cell: number; drew: boolean; svg: string | null }[] = [];
  for (let i = 0; i < n; i++) {
    const o = outputs.nth(i);
    await o.scrollIntoViewIfNeeded();
    const drew = await o.locator('svg.marks').first().waitFor({ timeout: 20_000 }).then(() => true, () => false);
    const cell = await o.evaluate((el) => {
      const c = el.closest('.jp-Cell');
      return c ? Array.from(c.parentElement!.children).filter((x) => x.classList.contains('jp-Cell')).indexOf(c) : -1;
    });
    await o.screenshot({ path: path.join(shotDir, `figure-${String(i + 1).padStart(2, '0')}.png`) }).catch(() => undefined);
    result.push({ cell, drew, svg: drew ? await o.locator('svg.marks').first().evaluate((s) => s.outerHTML) : null });
  }
  return result;
}

/** Compares the browser's figures with the library's SVGs from the notebook file: same marks, same texts, figure by figure. */
async function compareFigures(page: Page, label: string, file: string, shown: { cell: number; drew: boolean; svg: string | null }[]): Promise<void> {
  const library = figuresInFile(file);
  check(`${label}: every figure output is in the page (${library.length} in the file)`, shown.length === library.length, `${shown.length} in the page`);
  check(`${label}: every figure drew (an svg inside the vega output)`, shown.every((s) => s.drew),
    shown.filter((s) => !s.drew).map((s) => `cell ${s.cell}`).join(', '));
  const [browserSigs, librarySigs] = await Promise.all([
    page.evaluate(signatureInPage, shown.map((s) => s.svg)),
    page.evaluate(signatureInPage, library.map((l) => l.svg)),
  ]);
  const differ: string[] = [];
  for (let i = 0; i < Math.min(shown.length, library.length); i++) {
    const b = browserSigs[i], l = librarySigs[i];
    if (shown[i].cell !== library[i].cell) differ.push(`figure ${i + 1}: cell ${shown[i].cell} in the page, ${library[i].cell} in the file`);
    else if (JSON.stringify(b.marks) !== JSON.stringify(l.marks)) differ.push(`figure ${i + 1} (cell ${library[i].cell}): marks ${firstDifference(b.marks, l.marks)}`);
    else if (JSON.stringify(b.texts) !== JSON.stringify(l.texts)) differ.push(`figure ${i + 1} (cell ${library[i].cell}): texts ${firstDifference(b.texts, l.texts)}`);
  }
  const marks = librarySigs.reduce((s, x) => s + x.marks.length, 0), texts = librarySigs.reduce((s, x) => s + x.texts.length, 0);
  check(`${label}: each figure drew the marks and texts of the library's SVG (${marks} mark groups, ${texts} texts)`, differ.length === 0, differ.join('; '));
}

/** What a compiled vega spec draws (its SVG, in Node, with vega's SVG output) when its bound signals have the given values. */
async function drawnAt(spec: VegaSpec, values: Record<string, unknown>): Promise<string> {
  const moved = { ...spec, signals: spec.signals!.map((sig) => (sig.name in values ? { ...sig, value: values[sig.name] } : sig)) };
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const vega = require('vega');
  const view = new vega.View(vega.parse(moved), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Whether Jupyter trusts a notebook (its signature is in the project's trust database), as the server decides it. */
function trustedByJupyter(file: string): boolean {
  const code = 'import sys, nbformat\nfrom nbformat.sign import NotebookNotary\nprint(NotebookNotary().check_signature(nbformat.read(sys.argv[1], 4)))';
  const r = spawnSync(venvPython, ['-c', code, file], { env: jupyterEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not ask Jupyter's notary about ${file}: ${r.stderr.trim().split('\n').pop()}`);
  return r.stdout.trim() === 'True';
}

/** The figure outputs of the open notebook, in document order (as drawnFigures reads them). */
const figureOutputs = (page: Page) => page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .jp-OutputArea-output.jp-RenderedVega5, .jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .jp-RenderedVegaLite');

/**
 * Every figure of the open notebook that has controls (signals bound to a slider or a drop-down, issue 17's figures a
 * student can move): moves each control in turn to another value, as a student would, and checks that the figure redrew
 * into the view precomputed for the values now set (the marks, texts and positions vega draws from the output's spec with
 * those values, in Node) and that this view differs from the one shown before the move. Returns how many moves it made.
 */
async function moveControls(page: Page, label: string, file: string, shotDir: string): Promise<number> {
  const figures = figuresInFile(file);
  let moves = 0;
  if (figures.some((f) => (f.spec.signals ?? []).some((sig) => sig.bind !== undefined))) {
    check(`${label}: the notebook is untrusted (JupyterLab's notary finds no signature for it), as a student's fresh copy is`, !trustedByJupyter(file));
  }
  for (let i = 0; i < figures.length; i++) {
    const bound = (figures[i].spec.signals ?? []).filter((sig) => sig.bind !== undefined);
    if (bound.length === 0) continue;
    const output = figureOutputs(page).nth(i);
    await output.scrollIntoViewIfNeeded();
    const values: Record<string, unknown> = Object.fromEntries(bound.map((sig) => [sig.name, sig.value]));
    for (const sig of bound) {
      const b = sig.bind!;
      const target = b.input === 'range' ? (values[sig.name] === b.max ? b.min : b.max) : b.options!.find((o) => o !== values[sig.name]);
      const before = await output.locator('svg.marks').first().evaluate((e) => e.outerHTML);
      const input = output.locator(`.vega-bindings [name="${sig.name}"]`);
      if (!check(`${label}, figure in cell ${figures[i].cell}: the control '${sig.name}' is in the page`, (await input.count()) === 1)) continue;
      if (b.input === 'range') {
        await input.evaluate((el: HTMLInputElement, v) => {
          el.value = String(v);
          el.dispatchEvent(new Event('input', { bubbles: true }));
        }, target);
      } else {
        await input.selectOption({ index: b.options!.indexOf(target) });
      }
      values[sig.name] = target;
      const [expected] = await page.evaluate(signatureInPage, [await drawnAt(figures[i].spec, values)]);
      // Wait until the figure has redrawn to what is expected (vega redraws asynchronously), then compare what it drew.
      await page.waitForFunction(([sel, n, want]) => {
        const svg = document.querySelectorAll(sel)[n]?.querySelector('svg.marks');
        return !!svg && Array.from(svg.querySelectorAll('text')).map((t) => (t.textContent ?? '').trim()).filter((t) => t !== '').join('|') === want;
      }, ['.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .jp-OutputArea-output.jp-RenderedVega5, .jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .jp-RenderedVegaLite', i, expected.texts.join('|')] as const,
        { timeout: 10_000, polling: 100 }).catch(() => undefined);
      const after = await output.locator('svg.marks').first().evaluate((e) => e.outerHTML);
      const [was, now] = await page.evaluate(signatureInPage, [before, after]);
      const differences = (['marks', 'texts', 'positions'] as const).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(expected[k]))
        .map((k) => `${k} ${firstDifference(now[k], expected[k])}`);
      check(`${label}, figure in cell ${figures[i].cell}: '${sig.name}' moved to ${JSON.stringify(target)} draws that value's view (${expected.marks.length} mark groups, ` +
        `${expected.texts.length} texts, ${expected.positions.length} positioned items)`, differences.length === 0, differences.join('; ').slice(0, 600));
      check(`${label}, figure in cell ${figures[i].cell}: and that view differs from the one before the move`, JSON.stringify(was) !== JSON.stringify(now));
      await output.screenshot({ path: path.join(shotDir, `moved-cell-${figures[i].cell}-${sig.name}.png`) }).catch(() => undefined);
      moves++;
    }
  }
  return moves;
}

function firstDifference(a: string[], b: string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `#${i}: browser "${a[i]}", library "${b[i]}" (${a.length} vs ${b.length})`;
  return 'same';
}

/**
 * Error and stderr outputs of the open notebook as text, except in the cells listed: the kernel's errors and stderr,
 * and a renderer's failure (JupyterLab shows "Javascript Error: ..." as stderr in place of the output).
 */
async function errorOutputs(page: Page, exceptCells: number[] = []): Promise<string[]> {
  const cells = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell');
  const texts: string[] = [];
  for (let i = 0; i < (await cells.count()); i++) {
    if (!exceptCells.includes(i)) texts.push(...await cells.nth(i).locator('.jp-OutputArea [data-mime-type="application/vnd.jupyter.stderr"]').allTextContents());
  }
  return texts;
}

/** Runs every cell through the Run menu and waits until every code cell has run and the kernel is idle. */
async function runAll(page: Page, timeout: number): Promise<void> {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();
  await page.waitForFunction(() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel) return false;
    const prompts = Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')).map((p) => p.textContent ?? '');
    const idle = panel.querySelector('.jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') === 'idle';
    return idle && prompts.length > 0 && prompts.every((p) => /\[\d+\]/.test(p));
  }, undefined, { timeout, polling: 500 });
}

/** Saves the open notebook (Ctrl+S) and waits until its tab is no longer marked modified. */
async function save(page: Page): Promise<void> {
  await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook').first().click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+s');
  await page.waitForFunction(() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty'), undefined, { timeout: 30_000 });
}

/** Whether a notebook tab is marked modified. */
async function dirty(page: Page): Promise<boolean> {
  return (await page.locator('.lm-TabBar-tab.jp-mod-dirty').count()) > 0;
}

/** Shuts down every kernel session of the server (opening a notebook starts its kernel). */
async function shutDownSessions(port: number): Promise<void> {
  const sessions = (await (await fetch(`http://127.0.0.1:${port}/api/sessions`)).json()) as { id: string }[];
  await Promise.all(sessions.map((s) => fetch(`http://127.0.0.1:${port}/api/sessions/${s.id}`, { method: 'DELETE' })));
}

async function lessonThroughUI(page: Page, port: number, consoleErrors: string[]): Promise<void> {
  console.log('\nlesson 01 through the UI (quick mode)');
  const name = '01-optimal-discriminator.ipynb';
  fs.copyFileSync(path.join(root, 'notebooks', name), path.join(RUN, name));
  const t0 = Date.now();
  await openNotebook(page, port, `build/browser/run/${name}`, 'lesson-01');
  check('the notebook opens on the project\'s kernel', (await kernelName(page)) === 'wgan-lab (TypeScript)', await kernelName(page));
  const before = consoleErrors.length;
  await runAll(page, 600_000);
  console.log(`  (Run All took ${((Date.now() - t0) / 1000).toFixed(0)} s from opening)`);
  check('no error or stderr output', (await errorOutputs(page)).length === 0, (await errorOutputs(page)).join(' | ').slice(0, 500));
  const quick = await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output', { hasText: 'quick mode (tests)' }).count();
  check('quick mode reached the kernel (the settings cell says so)', quick > 0);
  const table = (await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output').filter({ hasText: /check \(Lesson 01\)/ }).allTextContents()).join(' ');
  check('the lesson\'s checks passed (its table: ✅ only)', table.includes('✅') && !table.includes('❌'), table.slice(0, 300));
  await save(page);
  const shown = await drawnFigures(page, path.join(SHOTS, 'lesson-01-run'));
  await compareFigures(page, 'lesson 01 run in the browser', path.join(RUN, name), shown);
  await page.screenshot({ path: path.join(SHOTS, 'lesson-01-run.png') });
  const seen = consoleErrors.slice(before);
  const unknown = seen.filter((e) => !KNOWN_CONSOLE_ERRORS.some((k) => k.pattern.test(e)));
  check('no browser console error beyond the known ones', unknown.length === 0,
    unknown.length ? unknown.join(' | ').slice(0, 800) : `${seen.length} known (${[...new Set(seen)].join('; ')})`);
  await shutDownSessions(port);
}

async function ownFigures(page: Page, port: number): Promise<void> {
  console.log('\nthe test\'s own figures (tests/browser/figures.ipynb)');
  for (const f of ['figures.ipynb', 'figures.json']) fs.copyFileSync(path.join(root, 'tests', 'browser', f), path.join(RUN, f));
  await openNotebook(page, port, 'build/browser/run/figures.ipynb', 'figures');
  await runAll(page, 180_000);
  check('no error or stderr output (but in cell 4, the old way)', (await errorOutputs(page, [4])).length === 0, (await errorOutputs(page, [4])).join(' | ').slice(0, 500));
  await save(page);
  const shown = await drawnFigures(page, path.join(SHOTS, 'figures'));
  const newer = shown.filter((s) => s.svg !== null);
  // The library's two figures (cells 2 and 3) drew as the library drew them; the old-way output (cell 4) did not draw.
  await compareFigures(page, 'the extent and slider figures', path.join(RUN, 'figures.ipynb'), shown.filter((s) => s.cell !== 4));
  check('the extent figure shows the text computed from the transform\'s parameter', newer.some((s) => (s.svg ?? '').includes('y from 0.25 to 2.75')));
  const old = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').nth(4).locator('.jp-OutputArea');
  const oldText = (await old.allTextContents()).join(' ');
  await old.first().screenshot({ path: path.join(SHOTS, 'figures', 'old-way.png') }).catch(() => undefined);
  check('the same figure sent as vega-lite (JupyterLab compiles it with its 5.6.1) does not draw: the comparison can tell',
    (await old.locator('svg.marks').count()) === 0 && /Unrecognized signal name: "yRange"/.test(oldText), oldText.slice(0, 200));

  // The slider: move it, and the figure redraws with the new value (text and the rule's position).
  const slider = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').nth(3).locator('.jp-RenderedVega5');
  const input = slider.locator('.vega-bindings input[type="range"]');
  check('the bound parameter has its slider in the page', (await input.count()) === 1);
  if ((await input.count()) === 1) {
    const ruleY = () => slider.locator('g.mark-rule.role-mark line').first().getAttribute('transform');
    const before = await ruleY();
    await input.evaluate((el: HTMLInputElement) => {
      el.value = '2.5';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const moved = await slider.locator('text', { hasText: 'level = 2.5' }).waitFor({ timeout: 10_000 }).then(() => true, () => false);
    check('moving the slider to 2.5 redraws the text', moved);
    const after = await ruleY();
    check('and moves the rule', before !== null && after !== null && before !== after, `${before} -> ${after}`);
    await slider.screenshot({ path: path.join(SHOTS, 'figures', 'slider-moved.png') });
  }
  await page.screenshot({ path: path.join(SHOTS, 'figures.png') });
  await shutDownSessions(port);
}

async function executedCopies(page: Page, port: number): Promise<void> {
  console.log('\nthe executed copies (build/notebooks/)');
  const dir = path.join(root, 'build', 'notebooks');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort() : [];
  const lessons = fs.readdirSync(path.join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb'));
  check('an executed copy of every lesson (run the notebook runner first)', lessons.every((l) => files.includes(l)),
    lessons.filter((l) => !files.includes(l)).join(', '));
  for (const f of files) {
    const label = f.replace(/\.ipynb$/, '');
    await openNotebook(page, port, `build/notebooks/${f}`, `executed-${label}`);
    const shown = await drawnFigures(page, path.join(SHOTS, label));
    await compareFigures(page, label, path.join(dir, f), shown);
    await page.waitForTimeout(500);
    check(`${label}: opening it did not mark it modified (each figure carries its PNG)`, !(await dirty(page)));
    const t0 = Date.now();
    const moves = await moveControls(page, label, path.join(dir, f), path.join(SHOTS, label));
    if (moves) console.log(`  (${moves} controls moved in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    await page.screenshot({ path: path.join(SHOTS, `${label}.png`) });
    await shutDownSessions(port);
  }
}

async function main(): Promise<number> {
  const executable = findChromium();
  if (!executable) {
    const how = 'install Debian\'s chromium (`apt-get install chromium`, as root) or set WGAN_LAB_CHROMIUM to a Chromium or Chrome executable';
    if (process.env.CI === 'true') {
      console.error(`browser test FAILED: no chromium found (CI=true needs it): ${how}.`);
      return 1;
    }
    console.log(`browser test SKIPPED: no chromium found. To run it, ${how}.`);
    return 77;
  }
  fs.rmSync(BUILD, { recursive: true, force: true });
  fs.mkdirSync(RUN, { recursive: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  const t0 = Date.now();
  const port = await freePort();
  const server = await startJupyterLab(port);
  let browser: Browser | null = null;
  let page: Page | null = null;
  try {
    browser = await chromium.launch({
      executablePath: executable, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    console.log(`JupyterLab on 127.0.0.1:${port}, ${executable} ${browser.version()} (${((Date.now() - t0) / 1000).toFixed(0)} s to start both)`);
    const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page = tab;
    const consoleErrors: string[] = [];
    tab.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    tab.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    const parts = process.argv.slice(2);
    const want = (part: string) => parts.length === 0 || parts.includes(part);
    if (want('lesson')) await lessonThroughUI(tab, port, consoleErrors);
    if (want('figures')) await ownFigures(tab, port);
    if (want('executed')) await executedCopies(tab, port);
  } catch (err) {
    check('the browser test ran to the end', false, `${(err as Error).message.split('\n')[0]} (screenshot: build/browser/screenshots/stopped.png)`);
    await page?.screenshot({ path: path.join(SHOTS, 'stopped.png') }).catch(() => undefined);
  } finally {
    await browser?.close();
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch { /* already gone */ }
  }
  console.log(`\nbrowser test: ${failures.length ? `FAILED (${failures.length}): ${failures.join('; ')}` : 'all checks passed'} in ${((Date.now() - t0) / 1000).toFixed(0)} s; screenshots in build/browser/screenshots/`);
  return failures.length ? 1 : 0;
}

main().then((code) => process.exit(code));
