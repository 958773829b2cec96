"""An equivalent Hugo site for a project of ours: the yardstick the scale benchmark compares the build with.

    python -m tests.bench.hugo_site PROJECT OUT_DIR

writes a Hugo source folder: a page per article (its Markdown body), per claim (its statement and every
quote with speaker, article and stance) and per actor (its description, aliases and the claims it speaks
in), section lists, a search page using Pagefind's JavaScript API the way ours does, and a minimal layout
of its own (no theme, nothing downloaded). It reads the project's YAML directly, not through
evidence_site, so it measures the same content whatever the engine's internals become.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CONFIG = """\
baseURL = "/"
title = {title}
languageCode = "en"
disableKinds = ["taxonomy", "term", "rss", "sitemap"]
enableRobotsTXT = false
"""

BASEOF = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:46rem;margin:auto;padding:1rem}
blockquote{border-left:3px solid #888;margin-left:0;padding-left:1rem}</style>
</head>
<body>
<header><a href="/">{{ site.Title }}</a>
<nav><a href="/articles/">Articles</a> <a href="/claims/">Claims</a> <a href="/actors/">Actors</a>
<a href="/search/">Search</a></nav></header>
<main{{ if and .IsPage (ne .Layout "search") }} data-pagefind-body{{ end }}>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<meta data-pagefind-filter="type[content]" content="{{ .Params.kind }}">
<h1 data-pagefind-meta="title">{{ .Title }}</h1>
{{ .Content }}
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"""

HOME = """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
{{ end }}
"""

SEARCH = """\
{{ define "main" }}
<h1>Search</h1>
<form id="search-form" role="search"><label for="search-q">Words of a quote, a claim or a name</label>
<input id="search-q" type="search" autocomplete="off"><button type="submit">Search</button></form>
<p id="search-status" role="status"></p>
<ol id="search-results"></ol>
<script type="module">
const input = document.getElementById("search-q");
const list = document.getElementById("search-results");
const status = document.getElementById("search-status");
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
async function run() {
  const search = await pagefind.search(input.value.trim());
  const results = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  list.replaceChildren(...results.map((d) => {
    const li = document.createElement("li");
    li.innerHTML = `<a href="${d.url}"></a><p>${d.excerpt}</p>`;
    li.firstChild.textContent = (d.meta && d.meta.title) || d.url;
    return li;
  }));
  status.textContent = `${search.results.length} results.`;
}
let timer = null;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 250); });
document.getElementById("search-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });
document.body.dataset.searchReady = "1";
</script>
{{ end }}
"""


@dataclass(frozen=True)
class Source:
    """The parts of a project the Hugo site shows."""

    title: str
    actors: list[dict]
    articles: list[tuple[str, dict, str]]  # (id, front matter, Markdown body)
    claims: list[dict]


def read_yaml(path: Path):
    """A YAML file's value."""
    return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=Loader)


def split_front_matter(text: str) -> tuple[dict, str]:
    """An article file's front matter and body."""
    _, head, body = text.split("---\n", 2)
    return yaml.load(head, Loader=Loader), body


def read_project(root: Path) -> Source:
    """Read site.yaml, actors.yaml, the articles and the claims of a project, in sorted order."""
    src = root / "site_src"
    articles = [(p.stem, *split_front_matter(p.read_text(encoding="utf-8-sig")))
                for p in sorted((src / "articles").glob("*.md"))]
    claims = [c for p in sorted((src / "claims").glob("*.y*ml")) for c in read_yaml(p) or []]
    return Source(read_yaml(src / "site.yaml")["title"], read_yaml(src / "actors.yaml"), articles, claims)


def front(title: str, kind: str) -> str:
    """Hugo front matter (JSON strings are valid YAML)."""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nkind: {kind}\n---\n"


def evidence_lines(claim: dict, names: dict[str, str], titles: dict[str, str]) -> list[str]:
    """Each quote of a claim as a blockquote with who said it, where, and its stance."""
    out = []
    for ev in claim["evidence"]:
        for aid in ev["article"] if isinstance(ev["article"], list) else [ev["article"]]:
            out += [f"> {ev['quote']}", "",
                    f"— [{names.get(ev['speaker'], ev['speaker'])}](/actors/{ev['speaker']}/), in "
                    f"[{titles.get(aid, aid)}](/articles/{aid}/); {ev['stance']}; origin: {ev['origin']}", ""]
    return out


def claim_page(claim: dict, names: dict[str, str], titles: dict[str, str]) -> str:
    """content/claims/<id>.md."""
    subjects = ", ".join(f"[{names.get(s, s)}](/actors/{s}/)" for s in claim["subjects"])
    return (front(claim["statement"], "claim") + f"Type: {claim['type']}. About: {subjects}.\n\n"
            + "\n".join(evidence_lines(claim, names, titles)))


def actor_page(actor: dict, said: list[dict]) -> str:
    """content/actors/<id>.md: description, aliases, affiliations and the claims the actor speaks in."""
    lines = [actor["description"], ""]
    if actor.get("aliases"):
        lines += ["Also named: " + ", ".join(actor["aliases"]) + ".", ""]
    lines += [f"- Member of [{a}](/actors/{a}/)" for a in actor.get("affiliations") or []]
    lines += ["", "## Said", ""] + [f"- [{c['statement']}](/claims/{c['id']}/)" for c in said]
    return front(actor["name"], "actor") + "\n".join(lines) + "\n"


def claims_by_speaker(claims: list[dict]) -> dict[str, list[dict]]:
    """Actor id → the claims with an evidence item it speaks, in claim order."""
    out: dict[str, list[dict]] = {}
    for claim in claims:
        for speaker in sorted({ev["speaker"] for ev in claim["evidence"]}):
            out.setdefault(speaker, []).append(claim)
    return out


def write(path: Path, text: str) -> None:
    """Write a new UTF-8 file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_hugo_site(source: Source, out: Path) -> int:
    """Write the Hugo source folder; return the number of content pages."""
    write(out / "hugo.toml", CONFIG.format(title=json.dumps(source.title, ensure_ascii=False)))
    for name, text in (("baseof", BASEOF), ("single", SINGLE), ("list", LIST), ("home", HOME), ("search", SEARCH)):
        write(out / "layouts" / f"{name}.html", text)
    for section in ("articles", "claims", "actors"):
        write(out / "content" / section / "_index.md", front(section.capitalize(), "list"))
    write(out / "content" / "search.md", "---\ntitle: Search\nlayout: search\nurl: /search/\n---\n")
    names = {a["id"]: a["name"] for a in source.actors}
    titles = {aid: fm["title"] for aid, fm, _ in source.articles}
    for aid, fm, body in source.articles:
        write(out / "content" / "articles" / f"{aid}.md", front(fm["title"], "article") + body)
    for claim in source.claims:
        write(out / "content" / "claims" / f"{claim['id']}.md", claim_page(claim, names, titles))
    said = claims_by_speaker(source.claims)
    for actor in source.actors:
        write(out / "content" / "actors" / f"{actor['id']}.md", actor_page(actor, said.get(actor["id"], [])))
    return len(source.articles) + len(source.claims) + len(source.actors)


def main(argv: list[str]) -> int:
    """`hugo_site PROJECT OUT_DIR`, OUT_DIR new or empty."""
    if len(argv) != 2:
        print("usage: python -m tests.bench.hugo_site PROJECT OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[1])
    if out.exists() and any(out.iterdir()):
        print(f"error: {out} is not empty; give a new or empty folder", file=sys.stderr)
        return 2
    pages = write_hugo_site(read_project(Path(argv[0])), out)
    print(f"wrote {out}: {pages} content pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
