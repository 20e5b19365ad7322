"""`implicit report` pages in a real browser: headless Chromium (Debian's `chromium`, installed by
scripts/setup-system.sh) loads the page of each kind of sample — feedforward, cyclic well-posed,
ill-posed, reducible — with no console error, runs its script, and paints a screenshot that is
not blank. Screenshots are kept in test-artifacts/report/ (git-ignored) for a person to look at."""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("IMPLICIT_BIN", str(REPO_ROOT / ".build/debug/implicit"))
ARTIFACTS = REPO_ROOT / "test-artifacts" / "report"
SAMPLES = REPO_ROOT / "samples"

CASES = [
    ("mlp", "mlp.input.csv"),            # feedforward, with activation statistics, bounds and certification
    ("implicit", "implicit.input.csv"),  # cyclic, well-posed, not Picard-contractive; bounds by the embedding
    ("illposed", None),                  # cyclic, ill-posed: a witness
    ("reducible", None),                 # constant, unread and ignored parts
]

# Records uncaught errors and console.error calls into the DOM, where --dump-dom shows them.
PROBE = """<script>
window.__reportErrors = [];
window.addEventListener("error", function (e) { window.__reportErrors.push(String(e.message)); });
(function () { var original = console.error; console.error = function () {
  window.__reportErrors.push(Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); }; })();
window.addEventListener("load", function () { var pre = document.createElement("pre"); pre.id = "probe-errors";
  pre.textContent = JSON.stringify(window.__reportErrors); document.body.appendChild(pre); });
</script>"""


def chromium():
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    pytest.fail("no chromium found: run scripts/setup-system.sh (Debian package chromium) or set CHROMIUM")


def run_browser(args, profile):
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--user-data-dir={profile}", "--no-first-run", "--disable-extensions"] + args
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    out = {}
    for name, inputs in CASES:
        page = folder / f"{name}.report.html"
        args = [BIN, "report", str(SAMPLES / f"{name}.yaml"), "-o", str(page)]
        if inputs:
            args += ["--input", str(SAMPLES / inputs), "--eps", "0.05"]
        result = subprocess.run(args, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        if inputs:
            assert '<section id="bounds">' in page.read_text(encoding="utf-8")
        out[name] = page
    return folder, out


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_page_loads_without_console_errors_and_runs_its_script(pages, name):
    folder, out = pages
    html = out[name].read_text()
    probe = folder / f"{name}.probe.html"
    probe.write_text(html.replace("<head>", "<head>\n" + PROBE, 1))
    result = run_browser(["--virtual-time-budget=5000", "--dump-dom", probe.as_uri()], folder / f"profile-{name}-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    match = re.search(r'<pre id="probe-errors">(.*?)</pre>', dom, re.S)
    assert match, "the page did not finish loading"
    assert json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&")) == []
    assert 'data-report-ready="1"' in dom, "the page's script did not run to its end"


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_screenshot_is_not_blank(pages, name):
    folder, out = pages
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    result = run_browser(["--enable-logging=stderr", "--v=0", "--window-size=1280,2000", f"--screenshot={shot}",
                          out[name].as_uri()], folder / f"profile-{name}-shot")
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == [], console
    from PIL import Image, ImageStat

    with Image.open(shot) as image:
        assert image.size == (1280, 2000)
        grey = image.convert("L")
        variance = ImageStat.Stat(grey).var[0]
        # A blank page is one colour; the report's text and figures darken a few per cent of it.
        dark = sum(grey.histogram()[:200]) / (1280 * 2000)
        colours = len(image.convert("RGB").resize((320, 500)).getcolors(maxcolors=1 << 20) or [])
    assert variance > 100 and dark > 0.02 and colours > 50, (variance, dark, colours)
