"""Stage 2a: checks across files — references, aliases, dates, and bodies against their seeds."""
from __future__ import annotations

import html
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from . import workers
from .dates import split_by
from .formats import prose_refs
from .model import Article, Corpus, Relay
from .problems import Loc, Problems, did_you_mean, unknown_ref_hint
from .provenance import RelayGraph
from .text import Document, closest_passage, first_difference, line_text, render_document, squash_space

DATE_BASIS_HINT = "add 'date_basis: {kind: stated, reason: \"…\"}' (or kind: inferred, with how it was worked out)"


@dataclass(frozen=True)
class Parsed:
    """What validation parses on the way and the later stages reuse: each article body as a document, the relays."""

    docs: dict[str, Document]
    graph: RelayGraph


def validate_corpus(corpus: Corpus, problems: Problems, jobs: int = 1, recall: workers.Recall | None = None
                    ) -> Parsed:
    """Stage 2: parse every article body and check it against its seed (over `jobs` processes), and run every
    check across files on the relay graph meanwhile. With `recall`, a body parsed before from the same article
    and seed is not parsed again (its problems are reported again)."""
    sources = RelayGraph.sources_of(corpus)  # in serve, the graph of equal relays is the last one, paths known
    graph = workers.recalled_value(workers.held(recall), "relay graph", lambda: (sources,),
                                   partial(RelayGraph, sources), operator.eq)
    through = partial(recall.spread, "bodies", lambda a: (a, corpus.seeds.get(a.seed))) if recall else None
    docs = workers.spread_checked(list(corpus.articles.values()), partial(parse_body, corpus.seeds), problems, jobs,
                                  first=partial(check_corpus, corpus, graph, problems), through=through)
    return Parsed(dict(zip(corpus.articles, docs)), graph)


def parse_body(seeds: dict[str, str], article: Article, problems: Problems) -> Document:
    """One article's body as a document, checked against its seed."""
    doc = render_document(article.body)
    seed = seeds.get(article.seed)
    if seed is not None:
        check_against_seed(article, seed, doc, problems)
    for block in doc.blocks:  # normalised here, in the worker, for cross-referencing to search
        block.normalized  # noqa: B018 (a cached property, computed for its effect)
    return doc


def check_corpus(corpus: Corpus, graph: RelayGraph, problems: Problems) -> None:
    """Run every check across files but the bodies' against their seeds (`parse_body`); problems are collected,
    nothing is raised."""
    check_namespaces(corpus, problems)
    check_former_ids(corpus, problems)
    check_relays(corpus, graph, problems)
    check_actor_refs(corpus, problems)
    check_aliases(corpus, problems)
    check_report_refs(corpus, problems)
    for article in corpus.articles.values():
        check_article_refs(article, corpus, problems)
    check_every_seed_has_article(corpus, problems)
    check_claims(corpus, graph, problems)
    check_dates(corpus, problems)
    check_cutoff(corpus, problems)
    check_prose_refs(corpus, problems)
    check_corrections(corpus, problems)


def require_ref(value, corpus: Corpus, what: str, loc: Loc, problems: Problems, name: str = "") -> bool:
    """Report an id that is not an existing `what` (actor, report, article, claim) at `loc`, or at its field `name`
    (found only then: most references resolve); return whether it resolved.

    When a file of that kind could not be read at all, unknown ids are not reported: the syntax
    error already was, and every reference would otherwise be reported again.
    """
    known = getattr(corpus, RECORDS[what])
    if value is None or value in known:
        return True
    loc = loc.of(name) if name else loc
    if what not in corpus.incomplete:
        now = renamed_to(value, known)
        hint = f"'{value}' is the former id of {what} '{now}'; did you mean '{now}'?" if now else None
        problems.error(loc, f"unknown {what} id '{value}'", hint or unknown_ref_hint(value, known, what))
    return False


RECORDS = {"actor": "actors", "report": "reports", "article": "articles", "claim": "claims"}  # kind -> Corpus field


def records_of(corpus: Corpus) -> dict[str, dict]:
    """The records of each kind that has ids, keyed by id, under the name messages use for the kind."""
    return {what: getattr(corpus, name) for what, name in RECORDS.items()}


def renamed_to(old: str, records: dict) -> str | None:
    """The id of the record that lists `old` among its former ids, or None (only looked up for an unknown id)."""
    return next((rid for rid, rec in records.items() if old in rec.former_ids), None)


def check_namespaces(corpus: Corpus, problems: Problems) -> None:
    """Report and article ids share one namespace, because an evidence origin may be either."""
    for rid in sorted(corpus.reports.keys() & corpus.articles.keys()):
        problems.error(corpus.reports[rid].loc.of("id"),
                       f"report id '{rid}' is also an article id ({corpus.articles[rid].loc.file})",
                       "rename the report: an evidence origin must say unambiguously which one it means")


def check_former_ids(corpus: Corpus, problems: Problems) -> None:
    """A former id leads to one record: it is no live id of its kind and is listed by one record only."""
    for what, records in records_of(corpus).items():
        owner: dict[str, object] = {}
        renamed = (r for r in records.values() if r.former_ids)
        for rec in sorted(renamed, key=lambda r: r.loc):  # blame the later definition
            for old in rec.former_ids:
                problem = former_id_problem(what, rec, old, records, owner)
                if problem:
                    problems.error(rec.loc.of("former_ids"), *problem)
                owner.setdefault(old, rec)


def former_id_problem(what: str, rec, old: str, records: dict, owner: dict) -> tuple[str, str] | None:
    """What is wrong with one former id of `rec` (message, hint), or None: its old URL must lead to `rec` alone."""
    one_page = "an old address can lead to one page only"
    if old == rec.id:
        return f"former id '{old}' of {what} '{rec.id}' is its own id", "remove it from former_ids"
    if old in records:
        return (f"former id '{old}' of {what} '{rec.id}' is the id of {what} '{old}' ({records[old].loc})",
                f"{one_page}: remove it from former_ids, or give {what} '{old}' another id")
    if old in owner:
        return (f"former id '{old}' of {what} '{rec.id}' is also a former id of {what} '{owner[old].id}' "
                f"({owner[old].loc})", f"{one_page}: keep it on the {what} that had this id")
    return None


def check_actor_refs(corpus: Corpus, problems: Problems) -> None:
    """Affiliations name other existing actors."""
    for actor in corpus.actors.values():
        for aff in actor.affiliations:
            if aff == actor.id:
                problems.error(actor.loc.of("affiliations"), f"actor '{actor.id}' lists itself as an affiliation",
                               "remove it")
            require_ref(aff, corpus, "actor", actor.loc, problems, "affiliations")


def check_aliases(corpus: Corpus, problems: Problems) -> None:
    """Every name and alias points to exactly one actor, so a mention links to one page."""
    owner: dict[str, str] = {}
    for actor in sorted(corpus.actors.values(), key=lambda a: a.loc):  # blame the later definition
        for form in actor.names:
            other = owner.setdefault(form, actor.id)
            if other != actor.id:
                problems.error(actor.loc.of("aliases"),
                               f"name or alias '{form}' of actor '{actor.id}' also belongs to actor '{other}' "
                               f"({corpus.actors[other].loc})",
                               "an alias may name one actor only; remove it from one of them")


def check_report_refs(corpus: Corpus, problems: Problems) -> None:
    """A report's outlet is an existing outlet or organisation; two reports are told apart by outlet and date."""
    seen: dict[tuple, str] = {}
    for report in corpus.reports.values():
        other = seen.setdefault((report.outlet, report.published), report.id)
        if other != report.id:
            problems.warn(report.loc, f"reports '{other}' and '{report.id}' have the same outlet and date, so "
                          "readers see the same label for both", "give the date more precisely if the corpus allows, "
                          "or merge them if they are one report")
        loc = report.loc.of("outlet")
        if require_ref(report.outlet, corpus, "actor", loc, problems) and report.outlet:
            kind = corpus.actors[report.outlet].kind
            if kind not in ("outlet", "organisation", "state", "person"):
                problems.error(loc, f"report outlet '{report.outlet}' is an actor of kind {kind}",
                               "name the outlet or body that published the report")


def check_article_refs(article: Article, corpus: Corpus, problems: Problems) -> None:
    """Outlet, author, relayed reports and seed of one article exist."""
    outlet_known = require_ref(article.outlet, corpus, "actor", article.loc, problems, "outlet")
    if outlet_known and article.outlet and corpus.actors[article.outlet].kind != "outlet":
        problems.error(article.loc.of("outlet"), f"'{article.outlet}' is not an actor of kind outlet",
                       "set outlet to the publishing outlet's actor id, or null if the capture does not name it")
    require_ref(article.author, corpus, "actor", article.loc, problems, "author")
    if article.seed not in corpus.seeds and article.seed not in corpus.incomplete:  # not when unreadable
        problems.error(article.loc.of("seed"), f"seed file '{article.seed}' does not exist",
                       unknown_ref_hint(article.seed, corpus.seeds, "file in seeds/"))


def check_relays(corpus: Corpus, graph: RelayGraph, problems: Problems) -> None:
    """Reports relay reports; articles relay reports or articles; nothing relays itself; no chain is a cycle."""
    for report in corpus.reports.values():
        for relay in report.relays:
            check_relay(report.id, relay, {"report": corpus.reports}, corpus, problems)
    both = {"report": corpus.reports, "article": corpus.articles}
    for article in corpus.articles.values():
        for relay in article.relays:
            check_relay(article.id, relay, both, corpus, problems)
    for cycle in graph.cycles():
        first = corpus.reports.get(cycle[0]) or corpus.articles[cycle[0]]
        problems.error(first.loc.of("relays"), f"relays form a cycle: {' → '.join(cycle)}",
                       "words travel one way: remove the relay that points back to where they came from")


def check_relay(owner: str, relay: Relay, allowed: dict[str, dict], corpus: Corpus, problems: Problems) -> None:
    """One relay names an existing report (or, from an article, an article) other than its owner."""
    if relay.id == owner:
        problems.error(relay.loc, f"'{owner}' relays itself", "remove it from its own relays")
    elif not any(relay.id in known for known in allowed.values()):
        what = " or ".join(allowed)
        if not corpus.incomplete & set(allowed):
            known = [k for ids in allowed.values() for k in ids]
            problems.error(relay.loc, f"relay '{relay.id}' is not a {what} id", unknown_ref_hint(relay.id, known, what))


def check_every_seed_has_article(corpus: Corpus, problems: Problems) -> None:
    """Each seed is used by exactly one article."""
    users: dict[str, list[str]] = {}
    for article in corpus.articles.values():
        users.setdefault(article.seed, []).append(article.id)
    for seed in corpus.seeds:
        ids = users.get(seed, [])
        if not ids and "article" not in corpus.incomplete:  # its article may be the one that failed to load
            problems.error(Loc(seed), "this seed has no article",
                           f"create site_src/articles/<id>.md with 'seed: {seed}'")
        for extra in ids[1:]:
            problems.error(corpus.articles[extra].loc.of("seed"),
                           f"seed '{seed}' is already used by article '{ids[0]}'",
                           "each seed has one article; point this one at its own seed")


def kept_seed_lines(article: Article, seed: str, problems: Problems) -> list[tuple[int, str]]:
    """(line number, text) of the seed lines not listed under `removed`; bad ranges reported."""
    lines = seed.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    removed: set[int] = set()
    for stretch in article.removed:
        if stretch.last > len(lines):
            problems.error(stretch.loc.of("lines"), f"lines {stretch.first}-{stretch.last} go past the end of "
                           f"{article.seed} ({len(lines)} lines)", "check the line numbers against the seed")
        span = set(range(stretch.first, stretch.last + 1))
        if span & removed:
            problems.error(stretch.loc.of("lines"), f"lines {stretch.first}-{stretch.last} overlap another removed "
                           "stretch", "list each seed line under one reason only")
        removed |= span
    return [(n, text) for n, text in enumerate(lines, start=1) if n not in removed]


HINT_BUDGET = 20_000  # seed paragraphs compared per article for closest-passage hints (each is a difflib match)
# Mismatches reported per article each way: every one costs a scan of the whole text, and past this many the
# body is not a cleaned copy of this seed at all (a wrong 'seed:', say), which one more message says.
MAX_MISMATCHES = 50


def find_from(text: str, needle: str, start: int) -> int:
    """Where `needle` is in `text`, looking after `start` first (a body follows its seed in order); -1 if absent."""
    at = text.find(needle, start)
    return at if at >= 0 else text.find(needle, 0, start + len(needle))


def check_against_seed(article: Article, seed: str, doc: Document, problems: Problems) -> None:
    """The body says what the seed says: every body paragraph is in the seed, every kept seed line in the body.

    Both searches move forward through the other text, so a body that follows its seed costs linear time.
    """
    kept = kept_seed_lines(article, seed, problems)
    seed_doc = render_document("\n".join(text for _, text in kept))
    seed_flat = squash_space(" ".join(b.text for b in seed_doc.blocks))
    file = article.loc.file
    pos, misses = 0, 0
    for block in doc.blocks:
        needle = squash_space(block.text)
        at = find_from(seed_flat, needle, pos)
        if at >= 0:
            pos = at + len(needle)
            continue
        misses += 1
        if misses > MAX_MISMATCHES:
            problems.error(Loc(file, article.body_line + block.line),
                           f"more than {MAX_MISMATCHES} paragraphs are not in the seed {article.seed}; the rest of "
                           "the body was not compared", "check that 'seed:' names this article's capture")
            break
        hinted = misses * len(seed_doc.blocks) <= HINT_BUDGET
        near = closest_passage(block.text, seed_doc.blocks) if hinted else None
        shown = (f"; the seed has: “{near[1]}”; {first_difference(block.text, near[1], ('the body', 'the seed'))}"
                 if near and near[2] > 0.5 else "")
        problems.error(Loc(file, article.body_line + block.line),
                       f"paragraph {block.anchor} is not in the seed {article.seed} as written{shown}",
                       "restore the seed's exact words (the body is evidence and is never corrected), "
                       "or if the seed lines around it are removed, check the removed ranges")
    check_links(article, seed, doc, problems)
    check_seed_lines_kept(article, kept, squash_space(" ".join(b.text for b in doc.blocks)), problems)


def check_seed_lines_kept(article: Article, kept: list[tuple[int, str]], body_flat: str, problems: Problems) -> None:
    """Every seed line not listed under `removed` is in the body."""
    pos, misses = 0, 0
    for number, line in kept:
        shown = line_text(line) or squash_space(line.strip("*-•> \t"))
        if not shown:
            continue
        at = find_from(body_flat, shown, pos)
        if at >= 0:
            pos = at + len(shown)
        elif find_from(body_flat, squash_space(line), pos) < 0:
            misses += 1
            if misses > MAX_MISMATCHES:
                problems.error(Loc(article.seed, number), f"more than {MAX_MISMATCHES} lines of this seed are not "
                               f"in the body of {article.loc.file}; the rest were not compared",
                               "check that the article's 'seed:' names this capture")
                return
            problems.error(Loc(article.seed, number),
                           f"seed line is neither in the body of {article.loc.file} nor listed under its 'removed'",
                           f"add the line to the body, or list line {number} under removed with a reason")


LINK = re.compile(r'<(a) href="([^"]*)"|<(img) src="([^"]*)"')


def link_targets(inner_html: str) -> list[tuple[str, str]]:
    """The ('a', href) and ('img', src) pairs in a rendered block, targets entity-decoded."""
    return [(m.group(1) or m.group(3), html.unescape(m.group(2) or m.group(4) or ""))
            for m in LINK.finditer(inner_html)]


def check_links(article: Article, seed: str, doc: Document, problems: Problems) -> None:
    """The body may not add a link or image the seed does not have (the text check sees only the words)."""
    found = [(block, link_targets(block.inner_html)) for block in doc.blocks]
    if not any(targets for _, targets in found):
        return  # most bodies have no links: the seed need not be parsed again
    allowed = {t for block in render_document(seed).blocks for t in link_targets(block.inner_html)}
    for block, targets in found:
        for kind, target in targets:
            if (kind, target) not in allowed:
                what = "a link to" if kind == "a" else "an image from"
                problems.error(Loc(article.loc.file, article.body_line + block.line),
                               f"paragraph {block.anchor} adds {what} '{target}' that the seed {article.seed} "
                               "does not have", "remove the link or image markup and keep the seed's words")


def check_claims(corpus: Corpus, graph: RelayGraph, problems: Problems) -> None:
    """References inside claims resolve, origins are reachable, and each claim has evidence for or against it."""
    origins = corpus.reports.keys() | corpus.articles.keys()
    for claim in corpus.claims.values():
        for sid in claim.subjects:
            require_ref(sid, corpus, "actor", claim.loc, problems, "subjects")
        if claim.evidence and not any(ev.stance in ("supports", "disputes") for ev in claim.evidence):
            problems.error(claim.loc.of("evidence"), f"claim '{claim.id}' has only context evidence",
                           "add at least one evidence item with stance supports or disputes")
        for ev in claim.evidence:
            require_ref(ev.article, corpus, "article", ev.loc, problems, "article")
            require_ref(ev.speaker, corpus, "actor", ev.loc, problems, "speaker")
            if ev.origin not in origins and not corpus.incomplete & {"report", "article"}:
                problems.error(ev.loc.of("origin"), f"unknown origin '{ev.origin}'",
                               unknown_ref_hint(ev.origin, origins, "report or article"))
            elif ev.origin in origins and ev.article in corpus.articles and not graph.reaches(ev.article, ev.origin):
                report_unreachable_origin(ev.article, ev.origin, ev.loc.of("origin"), graph, problems)
        for rel in claim.related:
            if rel.claim == claim.id:
                problems.error(rel.loc.of("claim"), f"claim '{claim.id}' is related to itself", "remove the link")
            require_ref(rel.claim, corpus, "claim", rel.loc, problems, "claim")


def report_unreachable_origin(article: str, origin: str, loc: Loc, graph: RelayGraph, problems: Problems) -> None:
    """An origin the article cannot have carried words from: show the chains that do exist."""
    chains = graph.chains_from(article)
    shown = "; ".join(" → ".join(c) for c in chains) if chains else f"'{article}' relays nothing"
    problems.error(loc, f"origin '{origin}' is not reachable from article '{article}' through relays "
                   f"(chains: {shown})",
                   f"add '{origin}' to the relays of '{article}' (or of a report it relays), "
                   "or give as origin the article itself or a report on one of its chains")


def check_dates(corpus: Corpus, problems: Problems) -> None:
    """Every date says where it comes from, and no basis is given for a date that is not there."""
    dated = [(r, r.published, "published") for r in corpus.reports.values()]
    dated += [(a, a.published, "published") for a in corpus.articles.values()]
    dated += [(c, c.date, "date") for c in corpus.claims.values()]
    for rec, date, name in dated:
        if date and rec.date_basis is None and "date_basis" not in dict(rec.loc.fields):
            problems.error(rec.loc.of(name), f"'{name}: {date}' has no date_basis", DATE_BASIS_HINT)
        if not date and rec.date_basis is not None and name not in dict(rec.loc.fields):  # not a bad date
            problems.error(rec.loc.of("date_basis"), f"date_basis is given but '{name}' is not set",
                           f"set '{name}', or remove date_basis")


def check_cutoff(corpus: Corpus, problems: Problems) -> None:
    """Warn when the timeline cut-off falls inside the month or year of a claim's partial date."""
    cutoff = corpus.config.timeline_cutoff
    for claim in corpus.claims.values():
        if claim.date and split_by(claim.date, cutoff):
            problems.warn(claim.loc.of("date"), f"the timeline cut-off {cutoff} (site_src/site.yaml) falls inside "
                          f"'{claim.date}', so this claim is shown with the events under study, not the background",
                          f"give the date more precisely, or move timeline_cutoff to the start of {claim.date}")


def prose_fields(corpus: Corpus) -> Iterator[tuple[Loc, str, str]]:
    """Every editorial text that may name a page with [[id]] (descriptions, notes, reasons for dates and relays),
    as (the record's or item's place, the field's name or '' for the place itself, the text)."""
    for record in (*corpus.actors.values(), *corpus.reports.values()):
        yield record.loc, "description", record.description
    for record in (*corpus.reports.values(), *corpus.articles.values(), *corpus.claims.values()):
        if record.date_basis:
            yield record.loc, "date_basis", record.date_basis.reason
        for relay in getattr(record, "relays", ()):
            if relay.basis:
                yield relay.loc, "", relay.basis.reason
    for article in corpus.articles.values():
        yield from ((article.loc, "notes", note) for note in article.notes)
        yield from ((r.loc, "note", r.note) for r in article.removed if r.note)
    for claim in corpus.claims.values():
        if claim.note:
            yield claim.loc, "note", claim.note
        yield from ((ev.loc, "note", ev.note) for ev in claim.evidence if ev.note)


def check_prose_refs(corpus: Corpus, problems: Problems) -> None:
    """Each [[id]] in prose names exactly one actor, article, claim or report ([[kind:id]] says which)."""
    kinds = {"actor": corpus.actors, "article": corpus.articles, "claim": corpus.claims, "report": corpus.reports}
    every: list[str] = []  # every id, sorted once a hint needs them
    for place, name, text in prose_fields(corpus):
        if not text or "[[" not in text:  # most texts name no page; a missing required one was reported already
            continue
        for kind, ref in prose_refs(text):
            owners = [k for k, records in kinds.items() if ref in records and kind in (None, k)]
            loc = place.of(name) if name else place
            if not owners:
                what = f"no {kind}" if kind else "no actor, article, claim or report"
                every = every or sorted({i for records in kinds.values() for i in records})
                problems.error(loc, f"[[{ref}]] names {what}", did_you_mean(ref, every)
                               or "write the id of an existing page between [[ and ]], or remove the brackets")
            elif len(owners) > 1:
                problems.error(loc, f"[[{ref}]] is the id of both an {owners[0]} and a {owners[1]}",
                               f"say which: [[{owners[0]}:{ref}]] or [[{owners[1]}:{ref}]]")
def check_corrections(corpus: Corpus, problems: Problems) -> None:
    """Each entry of the corrections log that names a claim names an existing one."""
    for correction in corpus.corrections or ():
        require_ref(correction.claim, corpus, "claim", correction.loc, problems, "claim")
