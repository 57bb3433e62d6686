"""Runs a list of cells, one request at a time, in one fresh kernel, for the grader (grader/kernel.ts).

It reads a JSON job on stdin and writes a JSON result on stdout; the Node side decides what the cells are
and what they are worth. What this file guarantees:
  - every execute_reply's status is recorded ('ok', 'error', 'abort'); after a reply that is not 'ok' it waits
    `settle` seconds before the next request, because tslab aborts every request arriving within 200 ms of a
    failed cell (ENVIRONMENT.md, "tslab's kernel behaviour");
  - a cell that runs longer than its timeout is interrupted (SIGINT, as the stop button); if the kernel does not
    answer within `interrupt_grace` seconds it is killed, and so is a kernel that died: in both cases a new kernel
    is started, the cells marked `replay` that had run are run again in it (outputs discarded), and grading goes
    on with the next cell, at most `max_restarts` times; after that the remaining cells are 'not-run';
  - for a cell with an `expect_line`, whether that exact line appeared in the cell's own stdout stream.

Job: {argv, env, cwd, connection_file, startup_timeout, settle, interrupt_grace, max_restarts,
      cells: [{code, timeout, expect_line (str or null), replay (bool)}]}
Result: {kernel_starts: [seconds...], restarts, error (str or null),
         cells: [{status, execution_count, seconds, cpu_seconds (the kernel's, Linux only), outputs (nbformat outputs), line_found}]}
status: ok | error | abort | timeout (interrupted, the kernel survived) | hung (restarted) | died (restarted) | not-run
"""
import json
import os
import queue
import sys
import time

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec

OUTPUT_TEXT_LIMIT = 200_000  # characters of text kept per stream per cell (head and tail): a flood cannot swamp the grader
STDOUT_SCAN_LIMIT = 20_000_000  # characters of stdout kept for the expect_line scan


class Kernel:
    def __init__(self, job):
        self.job = job
        self.km = None
        self.kc = None
        self.log = None

    def start(self):
        """Starts the kernel and waits until it answers; a kernel that never answers is started once more (seen once
        on 2026-12-04: of two kernels started side by side, one gave no reply in 120 s; the cause was not found),
        so an infrastructure hiccup does not cost a student the whole assignment. The second failure is raised with
        the end of the kernel's log."""
        t0 = time.time()
        log_path = os.path.join(os.path.dirname(self.job["connection_file"]), "kernel.log")
        self.log = open(log_path, "ab")
        for attempt in (1, 2):
            km = KernelManager()
            km._kernel_spec = KernelSpec(argv=self.job["argv"], display_name="grading", language="typescript", env={})
            km.connection_file = self.job["connection_file"]
            km.start_kernel(env=self.job["env"], cwd=self.job["cwd"], stdout=self.log, stderr=self.log)
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=self.job.get("startup_timeout", 120))
            except Exception as e:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
                try:
                    os.remove(self.job["connection_file"])  # fresh ports for the second start
                except OSError:
                    pass
                if attempt == 2:
                    self.log.flush()
                    with open(log_path, "rb") as f:
                        tail = f.read()[-600:].decode("utf8", "replace").strip()
                    raise RuntimeError(f"{e} (twice; the kernel's log ends: {tail or 'empty'})") from e
                continue
            self.km, self.kc = km, kc
            return time.time() - t0

    def cpu_seconds(self):
        """User + system CPU seconds of the kernel process so far (Linux /proc), or None."""
        try:
            pid = self.km.provisioner.process.pid
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except Exception:
            return None

    def alive(self):
        try:
            return self.km.is_alive()
        except Exception:
            return False

    def stop(self):
        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:
                pass
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:
                pass
        self.km = self.kc = None
        if self.log is not None:
            self.log.close()
            self.log = None


class Collector:
    """The outputs of one request, as nbformat outputs, with stream text capped and stdout kept for the scan."""

    def __init__(self):
        self.outputs = []
        self.stdout = []
        self.stdout_len = 0

    def add(self, msg):
        kind, c = msg["msg_type"], msg["content"]
        if kind == "stream":
            if c["name"] == "stdout" and self.stdout_len < STDOUT_SCAN_LIMIT:
                self.stdout.append(c["text"])
                self.stdout_len += len(c["text"])
            last = self.outputs[-1] if self.outputs else None
            if last and last["output_type"] == "stream" and last["name"] == c["name"]:
                last["text"] += c["text"]
            else:
                self.outputs.append({"output_type": "stream", "name": c["name"], "text": c["text"]})
        elif kind in ("display_data", "execute_result"):
            out = {"output_type": kind, "data": c.get("data", {}), "metadata": c.get("metadata", {})}
            if kind == "execute_result":
                out["execution_count"] = c.get("execution_count")
            self.outputs.append(out)
        elif kind == "update_display_data":
            self.outputs.append({"output_type": "display_data", "data": c.get("data", {}), "metadata": c.get("metadata", {})})
        elif kind == "error":
            self.outputs.append({"output_type": "error", "ename": c.get("ename", ""), "evalue": c.get("evalue", ""),
                                 "traceback": c.get("traceback", [])})

    def capped(self):
        for out in self.outputs:
            if out["output_type"] == "stream" and len(out["text"]) > OUTPUT_TEXT_LIMIT:
                half = OUTPUT_TEXT_LIMIT // 2
                cut = len(out["text"]) - OUTPUT_TEXT_LIMIT
                out["text"] = out["text"][:half] + f"\n[... {cut} characters cut by the grader ...]\n" + out["text"][-half:]
        return self.outputs

    def has_line(self, line):
        return ("\n" + "".join(self.stdout)).find("\n" + line + "\n") >= 0


def execute(kernel, code, timeout, grace):
    """Sends one execute request; returns (status, execution_count, Collector)."""
    kc = kernel.kc
    msg_id = kc.execute(code, allow_stdin=False)
    col = Collector()
    reply, idle = None, False
    deadline = time.time() + timeout
    interrupted_at = None
    next_alive_check = time.time() + 0.5
    while not (reply is not None and idle):
        now = time.time()
        if reply is not None and idle is False and now > reply_time + 1.0:
            break  # an aborted request may never report idle
        if now >= next_alive_check:
            next_alive_check = now + 0.5
            if not kernel.alive():
                return "died", None, col
        if interrupted_at is None and now >= deadline:
            kernel.km.interrupt_kernel()
            interrupted_at = now
        if interrupted_at is not None and now >= interrupted_at + grace and reply is None:
            return "hung", None, col
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
            if msg["parent_header"].get("msg_id") == msg_id:
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
                else:
                    col.add(msg)
        except queue.Empty:
            pass
        if reply is None:
            try:
                r = kc.get_shell_msg(timeout=0.01)
                if r["parent_header"].get("msg_id") == msg_id:
                    reply = r["content"]
                    reply_time = time.time()
            except queue.Empty:
                pass
    status = reply.get("status", "error")
    if interrupted_at is not None:
        status = "timeout"
    return status, reply.get("execution_count"), col


def main():
    job = json.load(sys.stdin)
    cells = job["cells"]
    results = [{"status": "not-run", "execution_count": None, "seconds": 0.0, "cpu_seconds": None, "outputs": [], "line_found": False} for _ in cells]
    starts, restarts, error = [], 0, None
    kernel = Kernel(job)
    try:
        starts.append(kernel.start())
    except Exception as e:  # the kernel did not come up: nothing runs
        error = f"the kernel did not start: {e}"
        print(json.dumps({"kernel_starts": starts, "restarts": 0, "error": error, "cells": results}))
        return 0
    settle = job.get("settle", 0.3)
    grace = job.get("interrupt_grace", 10)
    ran_ok = []  # indices of replayable cells that ran in the current kernel's history
    i = 0
    try:
        while i < len(cells):
            cell = cells[i]
            t0 = time.time()
            cpu0 = kernel.cpu_seconds()
            status, count, col = execute(kernel, cell["code"], cell.get("timeout", 60), grace)
            cpu1 = kernel.cpu_seconds() if status not in ("hung", "died") else None
            results[i] = {"status": status, "execution_count": count, "seconds": round(time.time() - t0, 3),
                          "cpu_seconds": round(cpu1 - cpu0, 3) if cpu0 is not None and cpu1 is not None else None,
                          "outputs": col.capped(),
                          "line_found": bool(cell.get("expect_line")) and status == "ok" and col.has_line(cell["expect_line"])}
            if status == "ok" and cell.get("replay"):
                ran_ok.append(i)
            if status in ("hung", "died"):
                kernel.stop()
                if restarts >= job.get("max_restarts", 2):
                    error = f"the kernel {'stopped answering' if status == 'hung' else 'died'} in cell {i} after {restarts} restarts"
                    break
                restarts += 1
                try:
                    starts.append(kernel.start())
                    for j in ran_ok:  # the cells the next ones may depend on, in the new kernel
                        s, _, _ = execute(kernel, cells[j]["code"], cells[j].get("timeout", 60), grace)
                        if s in ("hung", "died"):
                            raise RuntimeError(f"replaying cell {j} failed ({s})")
                        if s != "ok":
                            time.sleep(settle)
                except Exception as e:
                    error = f"restarting the kernel after cell {i} failed: {e}"
                    kernel.stop()
                    break
            elif status == "abort":
                time.sleep(max(settle, 0.3))  # we came too early: wait out tslab's 200 ms whatever `settle` says
            elif status != "ok":
                time.sleep(settle)
            i += 1
            print(f"progress {i} {len(cells)}", file=sys.stderr, flush=True)
    finally:
        kernel.stop()
    print(json.dumps({"kernel_starts": [round(s, 3) for s in starts], "restarts": restarts, "error": error, "cells": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
