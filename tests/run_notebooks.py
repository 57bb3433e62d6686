"""The notebook runner: executes every lesson in notebooks/ headlessly through Jupyter and the kernel each
notebook names (the project's "wgan-lab" kernel: tslab started by scripts/kernel.mjs) with nbclient, writes the executed copies to build/notebooks/ (the sources stay untouched), and fails
naming the notebook, the cell index and the error text when any cell errors.

Run it through `npm test` or `npm run test:notebooks`, which set the project's Jupyter folders and the quick
flag (WGAN_LAB_QUICK=1). Arguments: optional notebook paths or name fragments to run only those.
"""
import glob
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
OUT = os.path.join(ROOT, "build", "notebooks")
# Quick mode: 15 minutes per cell. Full mode runs by hand, and one cell of lesson 06 trains for over an hour: 6 hours.
# The same reading as the library's quickMode(), except that unset means quick: the runner is the tests' runner.
QUICK = os.environ.get("WGAN_LAB_QUICK", "1").lower() not in ("", "0", "false")
CELL_TIMEOUT = int(os.environ.get("WGAN_LAB_CELL_TIMEOUT", "900" if QUICK else "21600"))
# Tests always train from scratch: no checkpoint is read or written in quick mode (the kernel inherits this).
# Full runs keep them, so a full run that is stopped or crashes continues where it was.
if QUICK:
    os.environ.setdefault("WGAN_LAB_CHECKPOINTS", "0")


def strip_ansi(text):
    import re
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def cell_error_text(cell, exc):
    """The error of a failed cell: its error output, else its stderr (tslab's compile errors), else the exception."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return strip_ansi(out.get("ename", "") + ": " + out.get("evalue", ""))
    stderr = "".join(o.get("text", "") for o in cell.get("outputs", [])
                     if o.get("output_type") == "stream" and o.get("name") == "stderr").strip()
    if stderr:
        # Keep the message, drop the stack trace and tslab's source echo.
        lines = [l for l in strip_ansi(stderr).splitlines()
                 if l.strip() and not l.startswith("    at ") and not l.startswith("evalmachine.")]
        errors = [i for i, l in enumerate(lines) if "Error" in l.split(":")[0]]
        return "\n".join(lines[errors[0]:] if errors else lines)
    return strip_ansi(f"{getattr(exc, 'ename', '')}: {getattr(exc, 'evalue', exc)}")


def run(path):
    """Executes one notebook cell by cell; returns (None or (cell index, error text), seconds)."""
    nb = nbformat.read(path, as_version=4)
    # No kernel_name: nbclient starts the kernel the notebook's metadata names, as JupyterLab would.
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, resources={"metadata": {"path": NOTEBOOKS}})
    t0 = time.time()
    error = None
    # The kernel's own stdout and stderr (what never reaches a cell: tslab's "unexpected error" lines, a crash) go to
    # a log beside the executed copy; a failure whose cell shows no error text quotes its end.
    os.makedirs(OUT, exist_ok=True)
    log_path = os.path.join(OUT, output_name(path).replace(".ipynb", ".kernel.log"))
    log = open(log_path, "w")
    try:
        with client.setup_kernel(stdout=log, stderr=log):
            for i, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, i)
                except CellExecutionError as e:
                    error = (i, cell_error_text(cell, e))
                    break
                except CellTimeoutError:
                    error = (i, f"the cell ran longer than {CELL_TIMEOUT} s")
                    break
    except DeadKernelError as e:
        error = (None, f"the kernel died: {e}")
    finally:
        log.close()
    seconds = time.time() - t0
    if error is not None and error[1].strip(" :<>Error") == "":
        with open(log_path) as f:
            tail = [l.rstrip() for l in f.readlines()[-15:] if l.strip()]
        error = (error[0], f"{error[1]} (no error text in the cell; the end of the kernel's log, {os.path.relpath(log_path, ROOT)}:\n      " +
                 "\n      ".join(tail or ["(empty)"]) + ")")
    nbformat.write(nb, os.path.join(OUT, output_name(path)))
    return error, seconds


def output_name(path):
    """The executed copy's file name; a run restricted by WGAN_LAB_ONLY gets its own (06-x.only-25.ipynb), so split runs do not overwrite each other."""
    base = os.path.basename(path)
    only = re.sub(r"[^A-Za-z0-9]+", "-", os.environ.get("WGAN_LAB_ONLY", "")).strip("-")
    return base if not only else base.replace(".ipynb", f".only-{only}.ipynb")


def main(args):
    paths = sorted(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")))
    if args:
        paths = [p for p in paths if any(a in p for a in args)]
    if not paths:
        print("no notebooks matched", args)
        return 1
    passed = failed = 0
    for path in paths:
        name = os.path.relpath(path, ROOT)
        print(f"running {name} ...", flush=True)
        error, seconds = run(path)
        if error is None:
            passed += 1
            print(f"  ok    {name} ({seconds:.0f} s)", flush=True)
        else:
            failed += 1
            cell, text = error
            where = f"cell {cell}" if cell is not None else "a cell"
            print(f"  FAIL  {name}, {where}: {text} ({seconds:.0f} s)", flush=True)
    print(f"executed copies in {os.path.relpath(OUT, ROOT)}/")
    print(f"notebooks: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
