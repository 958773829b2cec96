"""The relay graph: which report or article carries words from which, and what that makes independent.

Words travel: a press conference is relayed by a report, the report by an article, the article by
another article. Each report and article lists what it relays; the edges point from the relaying
text to its source. Two evidence items are not independent when the origin of one relays the origin
of the other, directly or along a chain (docs/status-rules.md).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Corpus, Relay


@dataclass(frozen=True)
class OriginGroup:
    """An independent origin and the other origins of the same claim that only restate it."""

    origin: str
    restatements: tuple[str, ...] = ()


@dataclass
class RelayGraph:
    """Report and article ids with the ids each one relays, in the order the content lists them."""

    sources: dict[str, tuple[Relay, ...]]
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @staticmethod
    def of(corpus: Corpus) -> RelayGraph:
        """The graph of every valid relay: reports relay reports, articles relay reports or articles, none itself.

        Invalid relays are reported by validation and left out here, so they cause no second error.
        """
        return RelayGraph(RelayGraph.sources_of(corpus))

    @staticmethod
    def sources_of(corpus: Corpus) -> dict[str, tuple[Relay, ...]]:
        """What each report and article validly relays (`of`)."""
        def valid(owner: str, relays: tuple[Relay, ...], known) -> tuple[Relay, ...]:
            return tuple(r for r in relays if r.id != owner and any(r.id in ids for ids in known))

        sources = {r.id: valid(r.id, r.relays, [corpus.reports]) for r in corpus.reports.values()}
        return sources | {a.id: valid(a.id, a.relays, [corpus.reports, corpus.articles])
                          for a in corpus.articles.values()}

    def relayed_by(self) -> dict[str, list[str]]:
        """For each id, the reports and articles that relay it directly (in sorted id order)."""
        out: dict[str, list[str]] = {}
        for node, relays in sorted(self.sources.items()):
            for relay in relays:
                out.setdefault(relay.id, []).append(node)
        return out

    def ancestors(self, node: str) -> frozenset[str]:
        """Every id `node` carries words from, directly or through a chain (itself excluded), computed once."""
        if node not in self._ancestors:
            seen: set[str] = set()
            todo = [r.id for r in self.sources.get(node, ())]
            while todo:
                current = todo.pop()
                if current not in seen:
                    seen.add(current)
                    todo.extend(r.id for r in self.sources.get(current, ()))
            self._ancestors[node] = frozenset(seen - {node})
        return self._ancestors[node]

    def reaches(self, node: str, origin: str) -> bool:
        """Whether words first published in `origin` can have reached `node` (the node itself counts)."""
        return node == origin or origin in self.ancestors(node)

    def chain(self, node: str, origin: str) -> tuple[str, ...]:
        """The shortest relay chain from `origin` to `node`, origin first; () when there is none."""
        back: dict[str, str | None] = {node: None}
        queue = deque([node])
        while queue:
            current = queue.popleft()
            if current == origin:
                path = [current]
                while back[path[-1]] is not None:
                    path.append(back[path[-1]])
                return tuple(path)
            for relay in self.sources.get(current, ()):
                if relay.id not in back:
                    back[relay.id] = current
                    queue.append(relay.id)
        return ()

    def chains_from(self, node: str, limit: int = 6) -> list[tuple[str, ...]]:
        """Some relay chains that end at `node` (each source first), for error messages."""
        out: list[tuple[str, ...]] = []
        todo: list[tuple[str, ...]] = [(node,)]
        while todo and len(out) < limit:
            path = todo.pop(0)
            relays = [r.id for r in self.sources.get(path[0], ()) if r.id not in path]
            if not relays and len(path) > 1:
                out.append(path)
            todo.extend((r, *path) for r in relays)
        return out

    def cycles(self) -> list[tuple[str, ...]]:
        """Each relay cycle once, as the ids along it (first id repeated at the end)."""
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        found: list[tuple[str, ...]] = []
        for start in sorted(self.sources):
            if state.get(start):
                continue
            path: list[str] = []
            stack: list[tuple[str, Iterable[Relay]]] = [(start, iter(self.sources.get(start, ())))]
            state[start] = 1
            path.append(start)
            while stack:
                node, relays = stack[-1]
                relay = next(relays, None)
                if relay is None:
                    stack.pop()
                    path.pop()
                    state[node] = 2
                elif state.get(relay.id) == 1:
                    found.append((*path[path.index(relay.id):], relay.id))
                elif not state.get(relay.id) and relay.id in self.sources:
                    state[relay.id] = 1
                    path.append(relay.id)
                    stack.append((relay.id, iter(self.sources[relay.id])))
        return found


def independent_groups(origins: Iterable[str], graph: RelayGraph | None) -> tuple[OriginGroup, ...]:
    """Fold every origin that relays another of the same set into it; what is left is independent.

    An origin that carries words from another origin of the same claim restates it and adds no
    independent confirmation. The rest relay none of each other: each is one independent origin.
    """
    unique = list(dict.fromkeys(origins))
    ancestors = graph.ancestors if graph else (lambda _: frozenset())
    roots = [o for o in unique if not any(p != o and p in ancestors(o) for p in unique)]
    groups: dict[str, list[str]] = {r: [] for r in roots}
    for origin in unique:
        if origin in groups:
            continue
        root = next((r for r in roots if r in ancestors(origin)), None)
        if root is None:  # only in a cyclic graph, which validation has already reported
            groups[origin] = []
        else:
            groups[root].append(origin)
    return tuple(OriginGroup(root, tuple(members)) for root, members in groups.items())
