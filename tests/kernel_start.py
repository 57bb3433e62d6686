"""The project's kernel, "wgan-lab (TypeScript)" (scripts/kernel.mjs), as Jupyter starts it:
  - it is registered in the project's Jupyter data folder under the name the lessons' metadata give;
  - when src/ is newer than the build, it rebuilds the library before it starts (a restart is enough after editing src/);
  - it quiets TensorFlow's start-up messages even for a notebook that loads tfjs-node itself, with neither
    TF_CPP_MIN_LOG_LEVEL nor TF_ENABLE_ONEDNN_OPTS in the server's environment;
  - it is one process: the kernel's pid is the process Jupyter started (so Interrupt's SIGINT reaches it).
Run by `npm test` in the project's Python environment; one kernel start and one library build.
"""
import json
import os
import sys
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from kernel_interrupt import collect  # the request loop the interrupt test uses (same folder)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = "wgan-lab"  # scripts/project.mjs: kernel.name; the lessons' metadata name it
failures = []


def check(name, ok, detail=""):
    print(f"  {'ok  ' if ok else 'FAIL'}  {name}{(': ' + detail) if detail else ''}", flush=True)
    if not ok:
        failures.append(name)


def execute(kc, code, timeout=120):
    """Runs code; returns (status, stdout text and results) once the kernel is idle after the reply."""
    reply, outputs = collect(kc, kc.execute(code), timeout)
    text = "".join(c.get("text", "") or str(c.get("data", {}).get("text/plain", "")) for kind, c in outputs if kind in ("stream", "execute_result"))
    return (reply or {}).get("status"), text


def main():
    specs = KernelSpecManager().get_all_specs()
    spec = specs.get(KERNEL, {}).get("spec", {})
    check("the kernel is registered in the project's Jupyter data folder",
          KERNEL in specs and specs[KERNEL]["resource_dir"].startswith(os.path.join(ROOT, ".jupyter")), json.dumps(specs.get(KERNEL, {}).get("resource_dir")))
    check("its display name is 'wgan-lab (TypeScript)' and it runs scripts/kernel.mjs",
          spec.get("display_name") == "wgan-lab (TypeScript)" and os.path.join(ROOT, "scripts", "kernel.mjs") in spec.get("argv", []), json.dumps(spec.get("argv")))

    # src/ newer than the build: touch a source (its content is unchanged).
    built = os.path.join(ROOT, "dist", "index.js")
    source = os.path.join(ROOT, "src", "index.ts")
    now = time.time()
    os.utime(built, (now - 10, now - 10))
    os.utime(source, (now, now))
    for var in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS"):
        os.environ.pop(var, None)
    log_path = os.path.join(ROOT, "build", "kernel-start.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    log = open(log_path, "w")
    km = KernelManager(kernel_name=KERNEL)
    t0 = time.time()
    km.start_kernel(cwd=os.path.join(ROOT, "notebooks"), stdout=log, stderr=log)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=300)
        print(f"  (kernel ready {time.time() - t0:.1f} s after start, build included)")
        check("the library was rebuilt before the kernel started", os.path.getmtime(built) > now - 1)
        status, text = execute(kc, "const tfn = require('@tensorflow/tfjs-node'); tfn.matMul(tfn.ones([64, 64]), tfn.ones([64, 64])).sum().dataSync()[0] + ' ' + process.pid")
        value, _, pid = text.strip().partition(" ")
        check("a cell loading tfjs-node itself runs", status == "ok" and value == "262144", text.strip())
        check("the kernel is the process Jupyter started (no wrapper in between)", pid == str(km.provisioner.process.pid), f"{pid} vs {km.provisioner.process.pid}")
        status, text = execute(kc, "import { backendInfo } from 'wgan-lab'; backendInfo().backend")
        check("the library loads in it", status == "ok" and "tensorflow" in text, text.strip())
        # A package appearing while the kernel runs (npm install) makes TypeScript's watcher ask tslab for a second
        # compile timer; tslab alone then fails the next cell with no error text (scripts/kernel.mjs: shareTslabTimers).
        # An @types package beside the notebooks triggers it every time (one in the project's node_modules did not).
        modules = os.path.join(ROOT, "notebooks", "node_modules")
        made = not os.path.exists(modules)
        types = os.path.join(modules, "@types", "wgan-lab-kernel-test")
        try:
            os.makedirs(types, exist_ok=True)
            with open(os.path.join(types, "index.d.ts"), "w") as f:
                f.write("export {};\n")
            time.sleep(6)   # the watcher's events arrive
            status, text = execute(kc, "console.log(backendInfo().backend + ' ' + (1 + 1));")
            status2, text2 = execute(kc, "console.log('and the next cell');")
            check("cells still compile after a package appears in node_modules", status == "ok" and "2" in text and status2 == "ok",
                  f"{status}: {text.strip()[:200]} / {status2}: {text2.strip()[:100]}")
        finally:
            import shutil
            shutil.rmtree(modules if made else types, ignore_errors=True)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        log.close()
    with open(log_path) as f:
        server_log = f.read()
    check("the kernel said it rebuilt (in the server's log)", "rebuilding the library" in server_log and "library rebuilt" in server_log, server_log[-300:])
    noise = [l for l in server_log.splitlines() if any(w in l for w in ("oneDNN", "cpu_feature_guard", "absl::", "tensorflow/"))]
    check("TensorFlow printed no start-up messages", not noise, " | ".join(noise)[:500])
    print(f"kernel start: {'FAILED: ' + ', '.join(failures) if failures else 'all checks passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
