// `npm start`: JupyterLab from the project's environment, on 127.0.0.1, opened on notebooks/.
// Extra arguments go to JupyterLab (e.g. `npm start -- --port 8899 --no-browser`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { jupyterEnv, root, venvPython } from './project.mjs';

if (!existsSync(venvPython)) {
  console.error('JupyterLab is not installed in the project (.venv): run `npm install` (or `npm run install:jupyter`), then `npm run doctor`.');
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('The wgan-lab library is not built: run `npm run build` first.');
  process.exit(1);
}
console.log('Starting JupyterLab on http://127.0.0.1 (the URL with its token follows). After editing src/: `npm run build`, then restart the kernel.');
// Containers and CI machines often run as root, which Jupyter refuses without --allow-root.
const asRoot = process.getuid?.() === 0 ? ['--allow-root'] : [];
// notebooks/ unless a folder is given (`npm start -- --notebook-dir=assignments/release` for the assignments): Jupyter takes one.
const folderGiven = process.argv.slice(2).some((a) => /^--(notebook-dir|ServerApp\.root_dir)\b/.test(a));
const args = ['-m', 'jupyter', 'lab', '--ip=127.0.0.1', ...(folderGiven ? [] : [`--notebook-dir=${join(root, 'notebooks')}`]), ...asRoot, ...process.argv.slice(2)];
const child = spawn(venvPython, args, { stdio: 'inherit', env: jupyterEnv(), cwd: root });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
