"""Build-cost benchmark: the real corpus replicated N times. Not a test; run it by hand:

    python tests/benchmark.py 1 2 4 8 16

Prints seconds per stage (load+validate+cross-reference+plan, render+write, Pagefind) for each
size; docs/performance.md records the figures. Replicas get new ids (suffix -rN) and their own
copies of the seeds, so every claim, quote and mention is checked again, as in a real corpus of
that size.
"""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence_site import build
from evidence_site.render import write_site
from evidence_site.search import index_site

PROJECT = Path(__file__).resolve().parent.parent
ID_FIELDS = re.compile(r"^(\s*-?\s*(?:id|article|speaker|origin|claim|outlet|author):\s*)([a-z0-9-]+)\s*$", re.M)
ID_LISTS = re.compile(r"^(\s*(?:subjects|affiliations|relays):\s*)\[([^\]]*)\]", re.M)


def suffix_ids(text: str, n: int, seed_names: list[str]) -> str:
    """Rename every id in a YAML or front-matter text with the replica suffix."""
    text = ID_FIELDS.sub(lambda m: f"{m.group(1)}{m.group(2)}-r{n}" if m.group(2) != "null" else m.group(0), text)
    text = ID_LISTS.sub(lambda m: m.group(1) + "[" + ", ".join(f"{i.strip()}-r{n}" for i in m.group(2).split(",")
                                                             if i.strip()) + "]", text)
    for name in seed_names:
        text = text.replace(f"seeds/{name}", f"seeds/r{n}-{name}")
    return text


def replicate(dest: Path, copies: int) -> None:
    """A corpus of `copies` renamed replicas of the project's content, with aliases made unique."""
    src = PROJECT / "site_src"
    seeds = sorted(p.name for p in (PROJECT / "seeds").iterdir() if p.is_file())
    (dest / "site_src" / "articles").mkdir(parents=True)
    (dest / "site_src" / "claims").mkdir()
    (dest / "seeds").mkdir()
    shutil.copy(src / "site.yaml", dest / "site_src" / "site.yaml")
    actors, reports = [], []
    for n in range(copies):
        for name in seeds:
            shutil.copy(PROJECT / "seeds" / name, dest / "seeds" / f"r{n}-{name}")
        actor_text = suffix_ids((src / "actors.yaml").read_text(), n, seeds)
        if n:  # names and aliases must stay unique across actors: only the first replica keeps them
            actor_text = re.sub(r"^(\s*aliases:).*$", r"\1 []", actor_text, flags=re.M)
            actor_text = re.sub(r"^(\s*name:\s*)(.*)$",
                                lambda m, n=n: f"{m.group(1)}\"{m.group(2).strip(chr(34))} #{n}\"",
                                actor_text, flags=re.M)
        actors.append(actor_text)
        reports.append(suffix_ids((src / "reports.yaml").read_text(), n, seeds))
        for path in (src / "articles").glob("*.md"):
            (dest / "site_src" / "articles" / f"{path.stem}-r{n}.md").write_text(
                suffix_ids(path.read_text(), n, seeds))
        for path in (src / "claims").glob("*.yaml"):
            (dest / "site_src" / "claims" / f"{path.stem}-r{n}.yaml").write_text(
                suffix_ids(path.read_text(), n, seeds))
    (dest / "site_src" / "actors.yaml").write_text("\n".join(actors))
    (dest / "site_src" / "reports.yaml").write_text("\n".join(reports))


def measure(copies: int) -> dict[str, float]:
    """Seconds for each build stage on a corpus of `copies` replicas."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        replicate(root, copies)
        t0 = time.perf_counter()
        site, plan, problems = build.gather(root, None)
        if problems.errors:
            raise SystemExit("\n".join(map(str, problems.errors[:10])))
        t1 = time.perf_counter()
        out = Path(tmp) / "out"
        out.mkdir()
        write_site(plan, out)
        t2 = time.perf_counter()
        index_site(site, out, plan.names)
        t3 = time.perf_counter()
        return {"articles": len(site.corpus.articles), "claims": len(site.corpus.claims),
                "pages": len(plan.pages), "gather": t1 - t0, "write": t2 - t1, "pagefind": t3 - t2}


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [1, 2, 4, 8]
    print("copies articles claims pages gather_s write_s pagefind_s total_s per_claim_ms")
    for n in sizes:
        r = measure(n)
        total = r["gather"] + r["write"] + r["pagefind"]
        print(f"{n:6} {r['articles']:8} {r['claims']:6} {r['pages']:5} {r['gather']:8.2f} {r['write']:7.2f} "
              f"{r['pagefind']:10.2f} {total:7.2f} {1000 * total / r['claims']:12.1f}")
