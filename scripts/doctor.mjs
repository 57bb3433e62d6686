// `npm run doctor`: what wgan-lab runs on, and for each problem the command that fixes it.
// Exit code 1 when something needed is missing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jupyterEnv, kernel, probeTfjsNode, root, run, tslabBin, venvPython, venvReady } from './project.mjs';

const rows = [];
const problems = [];
const ok = (what, value) => rows.push(['ok', what, value]);
const bad = (what, value, fix, needed = true) => {
  rows.push([needed ? 'MISSING' : 'warn', what, value]);
  problems.push({ what, fix, needed });
};

const major = Number(process.versions.node.split('.')[0]);
if (major >= 20) ok('Node.js', process.version);
else bad('Node.js', `${process.version} (20 or newer needed)`, 'install Node.js 20 or newer');

const probe = probeTfjsNode();
if (probe.ok && probe.backend === 'tensorflow') {
  ok('TF.js backend', `tensorflow (native), TensorFlow C library ${probe.tfVersion} (TF_Version())`);
} else {
  bad('TF.js backend', `native binding does not load, lessons would fall back to the slow 'cpu' backend:\n      ${(probe.error ?? '').split('\n').join('\n      ')}`,
    'npm run install:native   (offline it builds against the tensorflow-cpu wheel from pip)');
}

const libBuilt = existsSync(join(root, 'dist', 'index.js'));
if (libBuilt) ok('wgan-lab library', 'built (dist/), notebooks import it as \'wgan-lab\'');
else bad('wgan-lab library', 'not built', 'npm run build');

if (existsSync(tslabBin)) {
  const v = run(tslabBin, ['--version']);
  if (v.ok) ok('tslab', v.stdout.trim());
  else bad('tslab', `does not run: ${v.stderr.split('\n')[0]}`, 'npm install');
} else bad('tslab', 'not installed', 'npm install');

if (venvReady()) {
  const v = run(venvPython, ['-c', 'import jupyterlab, nbclient; print(jupyterlab.__version__, nbclient.__version__)']);
  const [lab, nbc] = v.stdout.trim().split(' ');
  ok('JupyterLab, nbclient', `${lab}, ${nbc} in .venv`);
  const k = run(venvPython, ['-m', 'jupyter', 'kernelspec', 'list', '--json'], { env: jupyterEnv() });
  let spec = null;
  try { spec = JSON.parse(k.stdout).kernelspecs?.tslab ?? null; } catch { /* reported below */ }
  if (spec && spec.spec?.argv?.[0] && existsSync(spec.spec.argv[0])) ok('tslab kernel', `seen by Jupyter at ${spec.resource_dir}`);
  else bad('tslab kernel', spec ? `registered, but its command ${spec.spec?.argv?.[0]} does not exist` : 'Jupyter does not see a tslab kernel', 'npm run install:jupyter');
  const own = (() => { try { return JSON.parse(k.stdout).kernelspecs?.[kernel.name] ?? null; } catch { return null; } })();
  if (!own) bad(kernel.displayName, 'Jupyter does not see it (lessons name it)', 'npm run install:jupyter');
  else {
    // Start it as Jupyter does and wait for its first reply (a rebuild of a changed src/ happens here too).
    const probe = `
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name=${JSON.stringify(kernel.name)}, startup_timeout=240)
kc.stop_channels(); km.shutdown_kernel(now=True); print('started')`;
    const t0 = Date.now();
    const s = run(venvPython, ['-c', probe], { env: jupyterEnv(), cwd: join(root, 'notebooks'), timeout: 300_000 });
    if (s.ok && s.stdout.includes('started')) ok(kernel.displayName, `registered at ${own.resource_dir}; starts (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    else bad(kernel.displayName, `registered, but it does not start: ${(s.stderr.trim().split('\n').pop() ?? '').slice(0, 200)}`, 'npm run install:jupyter, then npm run doctor (the server log of `npm start` shows the kernel\'s own messages)');
  }
  const overrides = join(root, '.venv', 'share', 'jupyter', 'lab', 'settings', 'overrides.json');
  if (existsSync(overrides) && readFileSync(overrides, 'utf8').includes('fetchNews')) ok('JupyterLab news prompt', 'off');
  else bad('JupyterLab news prompt', 'not switched off', 'npm run install:jupyter', false);
} else {
  bad('JupyterLab, nbclient', 'not installed in .venv', 'npm run install:jupyter');
}

const width = Math.max(...rows.map((r) => r[1].length));
console.log('wgan-lab doctor\n');
for (const [status, what, value] of rows) console.log(`  ${status.padEnd(7)}  ${what.padEnd(width)}  ${value}`);
if (problems.length) {
  console.log('\nTo fix:');
  for (const p of problems) console.log(`  ${p.what}: ${p.fix}`);
}
const missing = problems.filter((p) => p.needed).length;
console.log(missing ? `\n${missing} problem(s) need fixing.` : '\nEverything wgan-lab needs is in place.');
process.exit(missing ? 1 : 0);
