"""`jupyter nbconvert --to html` of an executed lesson shows every figure.

nbconvert's HTML has no vega renderer: of a figure's MIME bundle it uses the SVG (before the PNG). This runs the real
command on the executed copy of a lesson (build/notebooks/, written by the notebook runner; default lesson 01) and
checks that the HTML has one SVG image per figure output, in order, each the SVG the library drew.
Run by `npm test` after the notebooks; arguments: lesson name fragments (default: 01).
"""
import base64
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXECUTED = os.path.join(ROOT, "build", "notebooks")
VEGA = "application/vnd.vega.v5+json"


def figure_svgs(path):
    """The library's SVG of every figure output of a notebook, in order."""
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    svgs = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if VEGA in data:
                svg = data.get("image/svg+xml", "")
                svgs.append("".join(svg) if isinstance(svg, list) else svg)
    return svgs


def html_svgs(html):
    """The SVG images of the HTML's SVG outputs (nbconvert embeds them as base64 data URIs), in order."""
    found = re.findall(r'data-mime-type="image/svg\+xml"[^>]*>\s*<img[^>]*src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    return [base64.b64decode(b).decode("utf-8") for b in found]


def main(args):
    fragments = args or ["01"]
    paths = [p for p in sorted(glob.glob(os.path.join(EXECUTED, "*.ipynb"))) if any(a in os.path.basename(p) for a in fragments)]
    if not paths:
        print(f"nbconvert: no executed copy in build/notebooks/ matches {fragments}: run the notebook runner first")
        return 1
    failed = 0
    with tempfile.TemporaryDirectory() as out:
        for path in paths:
            name = os.path.basename(path)
            r = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", path, "--output-dir", out],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"  FAIL  {name}: nbconvert failed: {r.stderr.strip().splitlines()[-1:]}")
                failed += 1
                continue
            with open(os.path.join(out, name.replace(".ipynb", ".html")), encoding="utf-8") as f:
                shown = html_svgs(f.read())
            expected = figure_svgs(path)
            ok = len(expected) > 0 and shown == expected
            print(f"  {'ok  ' if ok else 'FAIL'}  {name}: {len(shown)} SVG images in the HTML for {len(expected)} figure outputs"
                  f"{'' if ok else ' (or not the figures the library drew)'}")
            failed += 0 if ok else 1
    print(f"nbconvert --to html: {'all figures shown' if not failed else f'{failed} notebook(s) FAILED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
