/**
 * SVG to PNG with resvg (@resvg/resvg-js), in a child process: resvg can abort the whole process (a Rust panic, seen
 * with points at huge coordinates), which in a notebook would kill the kernel. A failure comes back as a reason.
 */
import { spawn } from 'child_process';

/** A PNG, or why there is none. */
export type PngResult = { png: Buffer } | { error: string };

// The child reads the SVG on stdin and writes the PNG on stdout; resvg is resolved here, so the child's folder does not matter.
const SCRIPT = `const { Resvg } = require(process.argv[1]); const svg = require('fs').readFileSync(0, 'utf8');
process.stdout.write(new Resvg(svg, { fitTo: { mode: 'zoom', value: Number(process.argv[2]) }, background: 'white' }).render().asPng());`;

/** The PNG of an SVG at `scale` times its size, on a white background, rendered by resvg in a separate process. */
export function svgToPNG(svg: string, scale = 1, timeoutMs = 60_000): Promise<PngResult> {
  if (!(scale > 0)) throw new RangeError(`svgToPNG: argument 'scale' must be a positive number, got ${scale}`);
  return new Promise((resolve) => {
    let resvg: string;
    try {
      resvg = require.resolve('@resvg/resvg-js');
    } catch {
      resolve({ error: '@resvg/resvg-js is not installed (npm install)' });
      return;
    }
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(process.execPath, ['-e', SCRIPT, resvg, String(scale)], { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      // Child processes refused (Node's permission model: the grader's sandboxed kernels): no PNG, the figure still shows.
      resolve({ error: `no child process for resvg (${(e as Error).message})` });
      return;
    }
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ error: e.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const png = Buffer.concat(out);
      // A PNG starts with \x89PNG; anything else (or nothing) is a failure, whatever the exit code says.
      if (code === 0 && png.length > 8 && png.readUInt32BE(0) === 0x89504e47) resolve({ png });
      else if (timedOut) resolve({ error: `resvg took longer than ${timeoutMs / 1000} s` });
      else resolve({ error: `resvg failed (${signal ?? `exit code ${code}`})${err.trim() ? `: ${tellingLine(err)}` : ''}` });
    });
    // An EPIPE when the child dies early is reported by 'close'.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(svg);
  });
}

/** The telling part of a child's stderr: a Rust panic's place and message, or an Error's message, else the last line. */
function tellingLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const i = lines.findIndex((l) => /panicked|Error/.test(l));
  if (i < 0) return lines[lines.length - 1] ?? '';
  return /panicked/.test(lines[i]) && lines[i + 1] ? `${lines[i]} ${lines[i + 1]}` : lines[i];
}
