"""Kernel -> Interrupt through the project's kernel (wgan-lab: tslab started by scripts/kernel.mjs in its own
process) with jupyter_client, as JupyterLab's stop button sends it.

A cell trains a small GAN for 100,000 steps; after a few seconds the test interrupts the kernel, as a student
pressing the stop button would, and checks that
  - the interrupted cell ends with an error reply;
  - training stops: the run's step no longer moves (read twice, 1.5 s apart);
  - the progress line says where it stopped and how to continue;
  - the next cells' outputs carry no stderr (no unhandled rejection or stray warning);
  - continuing with `until` works, and a second interrupt with nothing running is harmless.
Run by `npm test` (scripts/test.mjs) in the project's Python environment; takes about 20 s.
"""
import os
import sys
import time
import queue

from jupyter_client.manager import start_new_kernel

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = "wgan-lab"  # the kernelspec the lessons name (scripts/project.mjs: kernel.name)
failures = []


def check(name, ok, detail=""):
    print(f"  {'ok  ' if ok else 'FAIL'}  {name}{(': ' + detail) if detail else ''}", flush=True)
    if not ok:
        failures.append(name)


OUTPUT_TYPES = ("stream", "display_data", "update_display_data", "execute_result", "error")


def collect(kc, msg_id, timeout, outputs=None, linger=None):
    """Collects the outputs and the shell reply of request msg_id; returns (reply content, outputs).

    Without linger, stops once the kernel is idle and the reply has come; with linger, keeps collecting for
    that many seconds after the reply (a progress line's last update can follow it). Stops at timeout anyway."""
    outputs = [] if outputs is None else outputs
    reply, idle = None, False
    deadline = time.time() + timeout
    while time.time() < deadline and (linger is not None or not (idle and reply is not None)):
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
            if msg["parent_header"].get("msg_id") == msg_id:
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
                elif msg["msg_type"] in OUTPUT_TYPES:
                    outputs.append((msg["msg_type"], msg["content"]))
        except queue.Empty:
            pass
        if reply is None:
            try:
                r = kc.get_shell_msg(timeout=0.05)
                if r["parent_header"].get("msg_id") == msg_id:
                    reply = r["content"]
                    if linger is not None:
                        deadline = min(deadline, time.time() + linger)
            except queue.Empty:
                pass
    return reply, outputs


def execute(kc, code, timeout=120):
    """Runs code; returns (reply content, outputs: list of (msg_type, content)) once the kernel is idle."""
    return collect(kc, kc.execute(code), timeout)


def interrupt_when_running(km, kc, code, marker, wait=3):
    """Runs a long cell; once a display output containing marker arrived, waits `wait` s and interrupts the kernel,
    as the stop button does. Returns (whether the marker arrived, the cell's reply, its outputs)."""
    msg_id = kc.execute(code)
    outputs = []
    t0 = time.time()
    started = False
    while time.time() - t0 < 90 and not started:
        try:
            msg = kc.get_iopub_msg(timeout=0.5)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] in ("display_data", "update_display_data"):
                started = marker in str(msg["content"]["data"].get("text/plain", ""))
                outputs.append((msg["msg_type"], msg["content"]))
        except queue.Empty:
            pass
    time.sleep(wait)
    km.interrupt_kernel()
    reply, outputs = collect(kc, msg_id, 30, outputs, linger=2)  # linger: the progress line's last update
    return started, reply, outputs


def workers_alive():
    """Processes of this project's parallel-sweep workers (their command line names this checkout's worker script:
    sweeps of other checkouts on the same machine are not ours)."""
    script = os.path.join(ROOT, "dist", "parallel", "sweep-worker").encode()
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if script in f.read():
                        found.append(int(pid))
            except OSError:
                pass
    return found


def text_of(outputs):
    parts = []
    for kind, c in outputs:
        if kind == "stream":
            parts.append(c["text"])
        elif kind in ("execute_result", "display_data", "update_display_data"):
            parts.append(str(c.get("data", {}).get("text/plain", "")))
        elif kind == "error":
            parts.append(f"{c['ename']}: {c['evalue']}")
    return "".join(parts)


def stderr_of(outputs):
    return "".join(c["text"] for kind, c in outputs if kind == "stream" and c.get("name") == "stderr")


def main():
    os.chdir(os.path.join(ROOT, "notebooks"))
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
    try:
        setup = """
import { tf, mlp, createGan, trainGan, eightGaussians, wassersteinCriticLoss, wassersteinGeneratorLoss, clipWeights, progress } from 'wgan-lab';
const run = createGan({
  generator: mlp({ inputDim: 2, hidden: [32], outputDim: 2, seed: 1, name: 'G' }),
  critic: mlp({ inputDim: 2, hidden: [32], outputDim: 1, seed: 2, name: 'D' }),
  data: eightGaussians(), latentDim: 2, batchSize: 64, seed: 3, criticIterations: 5,
  criticLoss: wassersteinCriticLoss, generatorLoss: wassersteinGeneratorLoss, lipschitz: clipWeights(0.01),
  criticOptimizer: tf.train.rmsprop(5e-5), generatorOptimizer: tf.train.rmsprop(5e-5),
});
run.step
"""
        reply, out = execute(kc, setup)
        check("setup cell runs", reply and reply["status"] == "ok", text_of(out)[-300:])

        # The measured failure of the issue: a long training cell, interrupted after a few seconds.
        started, reply, outputs = interrupt_when_running(
            km, kc, "await trainGan(run, { steps: 100000, readEvery: 50, progress: progress('interrupt test') });", "step")
        check("training started (a progress line arrived)", started)
        check("the interrupted cell ends with an error reply", reply is not None and reply["status"] == "error",
              str(reply and (reply.get("ename"), reply.get("evalue"))))
        lines = [str(c["data"].get("text/plain", "")) for k, c in outputs if k in ("display_data", "update_display_data")]
        last = lines[-1] if lines else ""
        check("the progress line says where training stopped and how to continue",
              "stopped by an interrupt at step" in last and "continues it" in last, last)

        time.sleep(0.5)  # tslab aborts requests that arrive within 200 ms of a failed cell
        _, out1 = execute(kc, "run.step")
        time.sleep(1.5)
        _, out2 = execute(kc, "run.step")
        s1, s2 = text_of(out1).strip(), text_of(out2).strip()
        check("training stopped: the step no longer moves", s1 == s2 and s1.isdigit() and int(s1) > 0, f"{s1} then {s2}")
        check("no stderr in the cells after the interrupt", stderr_of(out1) == "" and stderr_of(out2) == "",
              (stderr_of(out1) + stderr_of(out2))[:500])
        if s1.isdigit():
            target = int(s1) + 20
            reply, out = execute(kc, f"await trainGan(run, {{ until: {target}, readEvery: 10 }}); run.step")
            check("continuing with `until` reaches the target", text_of(out).strip().endswith(str(target)), text_of(out)[-200:])
            check("no stderr while continuing", stderr_of(out) == "", stderr_of(out)[:300])

        # A parallel sweep: Interrupt ends its worker processes; the status says so; nothing lands on stderr.
        fixture = os.path.join(ROOT, "tests", "fixtures", "sweep-task.ts")
        started, reply, outputs = interrupt_when_running(km, kc, (
            "import { sweep, sweepTask } from 'wgan-lab';\n"
            f"await sweep({{ methods: ['slow'], seeds: [1, 2], workers: 2, task: sweepTask({fixture!r}, 'trainSmall', {{ steps: 10 }}) }});"), "slow, seed")
        check("a parallel sweep's workers report progress", started)
        check("the interrupted sweep's cell ends with an error reply", reply is not None and reply["status"] == "error")
        t_end = time.time()
        while workers_alive() and time.time() - t_end < 5:
            time.sleep(0.1)
        check("the workers are gone after the interrupt", not workers_alive(), f"after {time.time() - t_end:.1f} s: {workers_alive()}")
        lines = [str(c["data"].get("text/plain", "")) for k, c in outputs if k in ("display_data", "update_display_data")]
        last = lines[-1] if lines else ""
        check("the sweep's status says it stopped and how to continue", "stopped by an interrupt" in last and "run the cell again" in last, last[:300])
        time.sleep(0.5)
        reply, out = execute(kc, "1 + 2")
        check("no stderr after the sweep's interrupt", reply and reply["status"] == "ok" and stderr_of(out) == "", stderr_of(out)[:300])

        km.interrupt_kernel()  # nothing runs: harmless
        time.sleep(0.5)
        reply, out = execute(kc, "1 + 1")
        check("an interrupt with nothing running leaves the kernel usable", reply and reply["status"] == "ok" and "2" in text_of(out), text_of(out))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(f"kernel interrupt: {'FAILED: ' + ', '.join(failures) if failures else 'all checks passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
