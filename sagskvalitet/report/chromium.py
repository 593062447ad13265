"""Headless Chromium (Debian package ``chromium``): print a page to PDF, take screenshots,
dump the DOM after scripts ran.

Chromium is found on PATH (or ``$CHROMIUM``). When it is missing, ``ensure_chromium``
installs Debian's package with apt-get if it can (root), else stops with a message naming
the package; nothing is ever skipped silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PACKAGE = "chromium"
NAMES = ("chromium", "chromium-browser", "google-chrome")
# Root in a container needs --no-sandbox; nothing is fetched (no updates, no sync).
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


class ChromiumMissing(RuntimeError):
    """Chromium is not installed and could not be installed."""


def find_chromium() -> str | None:
    env = os.environ.get("CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _apt_install(*packages: str) -> bool:
    """Install Debian packages with apt-get when it is there and we are root; whether tried."""
    if not (shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, check=False)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", *packages], env=env, capture_output=True, check=False
    )
    return True


def ensure_chromium() -> str:
    """The chromium binary; installs the Debian package when missing and root."""
    path = find_chromium()
    if path:
        return path
    if _apt_install(PACKAGE, "poppler-utils"):
        path = find_chromium()
        if path:
            return path
    raise ChromiumMissing(
        f"headless Chromium is needed: install the Debian package '{PACKAGE}' "
        f"(apt-get install {PACKAGE}) or set CHROMIUM to its binary"
    )


def _run(args: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    binary = ensure_chromium()
    with tempfile.TemporaryDirectory(prefix="sagskvalitet-chromium-") as profile:
        cmd = [binary, *FLAGS, f"--user-data-dir={profile}", *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"chromium failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return proc


def print_pdf(url: str, pdf: Path) -> Path:
    """Print ``url`` to ``pdf`` (A4 from the page's @page rule, no header or footer)."""
    pdf = Path(pdf)
    tmp = pdf.with_name(pdf.name + ".tmp.pdf")
    _run(["--no-pdf-header-footer", f"--print-to-pdf={tmp}", url])
    if not tmp.exists() or tmp.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF for {url}")
    os.replace(tmp, pdf)
    return pdf


def screenshot(
    url: str, png: Path, width: int = 1280, height: int = 1600, budget_ms: int = 5000
) -> Path:
    """A PNG of the page after its scripts ran for ``budget_ms`` of virtual time."""
    _run(
        [
            f"--window-size={width},{height}",
            f"--virtual-time-budget={budget_ms}",
            f"--screenshot={png}",
            url,
        ]
    )
    return Path(png)


def dump_dom(url: str, budget_ms: int = 10000) -> str:
    """The page's DOM as HTML after its scripts ran for ``budget_ms`` of virtual time."""
    return _run([f"--virtual-time-budget={budget_ms}", "--dump-dom", url]).stdout


def ensure_pdftoppm() -> str:
    """``pdftoppm`` (Debian ``poppler-utils``), installed with chromium when missing."""
    path = shutil.which("pdftoppm")
    if path:
        return path
    if _apt_install("poppler-utils"):
        path = shutil.which("pdftoppm")
        if path:
            return path
    raise ChromiumMissing(
        "pdftoppm is needed to render a PDF page: install the Debian package 'poppler-utils'"
    )


def pdf_first_page_png(pdf: Path, png: Path, dpi: int = 80) -> Path:
    """The PDF's first page as a PNG (pdftoppm)."""
    png = Path(png)
    stem = png.with_suffix("")
    subprocess.run(
        [ensure_pdftoppm(), "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
         str(pdf), str(stem)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return stem.with_suffix(".png")
