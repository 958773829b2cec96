"""Stage 4: the Pagefind search index, built over the rendered site (never downloaded at build time)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path


def index_site(site_dir: Path) -> None:
    """Run `python -m pagefind` over the rendered site; fail loudly if it is missing or fails."""
    from .build import BuildError

    if importlib.util.find_spec("pagefind") is None:
        raise BuildError("pagefind is not installed; run: pip install 'pagefind[bin]' (or pip install -e .)")
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").exists():
        raise BuildError(f"pagefind failed (exit {result.returncode}):\n{result.stdout}{result.stderr}")
