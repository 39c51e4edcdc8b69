"""The HTML report in a real browser: Debian's Chromium, headless.

The page must load with no console message, hold every section, and fit a desktop
(1280 px) and a phone (390 px) with no sideways scrolling of the page itself: wide
tables scroll inside their own box. `.ci/run` installs Chromium when it is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sensupport._report import Report
from sensupport._report._html import SECTIONS, render_html
from sensupport.synth import (
    load_sample,
    load_sample_provision_maps,
    load_sample_workforces,
)

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
# CI sets SENSUPPORT_REQUIRE_BROWSER: there a missing browser fails, never skips.
pytestmark = pytest.mark.skipif(
    BROWSER is None and not os.environ.get("SENSUPPORT_REQUIRE_BROWSER"),
    reason="Chromium is not installed (.ci/run installs it)",
)

# Written into a copy of the page: the browser records what it laid out.
_PROBE = """<script>
window.addEventListener("load", () => {
  const root = document.documentElement;
  document.body.dataset.overflows = String(root.scrollWidth > window.innerWidth);
  document.body.dataset.sections = Array.from(
    document.querySelectorAll("section")).map(s => s.id).join(",");
});
</script>"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = Report.build(
        load_sample,
        as_of=None,
        start=None,
        end=None,
        by="area_of_need",
        provision_maps=load_sample_provision_maps(),
        workforces=load_sample_workforces(),
    )
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path


def _open(page: Path, width: int, tmp_path: Path) -> tuple[str, str]:
    probed = tmp_path / f"probed-{width}.html"
    probed.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"),
        encoding="utf-8",
    )
    assert BROWSER is not None, "Chromium is required here and not installed"
    done = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / f'profile-{width}'}",
            "--enable-logging=stderr",
            "--v=0",
            f"--window-size={width},900",
            "--virtual-time-budget=5000",
            "--dump-dom",
            probed.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_loads_whole_and_fits(page: Path, tmp_path: Path, width: int) -> None:
    dom, log = _open(page, width, tmp_path)
    console = [line for line in log.splitlines() if ":CONSOLE" in line]
    assert console == []
    sections = re.search(r'data-sections="([^"]*)"', dom)
    assert sections is not None
    # With workforce records, their section follows the provision map's.
    at = SECTIONS.index("provision-map") + 1
    assert tuple(sections.group(1).split(",")) == (
        *SECTIONS[:at],
        "workforce",
        *SECTIONS[at:],
    )
    assert 'data-overflows="false"' in dom
    assert "<svg" in dom  # the charts were drawn into the page
