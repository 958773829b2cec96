"""What the sample corpus is: its five captures as received, and whether the project holds them."""
from __future__ import annotations

import hashlib

from helpers import PROJECT

SEED_SHA256 = {  # the five captures as received; seeds are the raw record and are never edited
    "000_dd6a662fee414855.txt": "45c7325b7e4eda19",
    "001_8af32c62d6c01960.txt": "fa0168d720fd9422",
    "002_54302b17e97d2168.txt": "ef52f51c8b118622",
    "003_d84c082470441b26.txt": "966dc509c8c6fba2",
    "004_23d83de05309710b.txt": "f592ec5ad71c3d87",
}


def holds_sample_corpus() -> bool:
    """Whether seeds/ holds exactly the sample's file names (their contents are checked by a test here)."""
    seeds = PROJECT / "seeds"
    names = sorted(p.name for p in seeds.iterdir() if p.is_file()) if seeds.is_dir() else []
    return names == sorted(SEED_SHA256)


def seed_digest(name: str) -> str:
    """The SHA-256 of one project seed, in hex."""
    return hashlib.sha256((PROJECT / "seeds" / name).read_bytes()).hexdigest()
