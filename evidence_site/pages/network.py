"""The network page: the most connected actors and how many claims link each pair."""
from __future__ import annotations

from .. import urls
from ..links import Refs
from ..pictures import site_network
from ..xref import Site


def inputs(site: Site) -> tuple:
    """What the network is made from: each claim's subjects and speakers (counted), each actor's name (labels);
    its links are made from the actors' ids."""
    corpus = site.corpus
    return (tuple((c.subjects, *(ev.speaker for ev in c.evidence)) for c in corpus.claims.values()),
            tuple((a.id, a.name) for a in corpus.actors.values()))


def view(site: Site, refs: Refs) -> dict:
    """The site-wide network of the most connected actors, with its table."""
    picture = site_network(site, refs.linker(urls.root_of(urls.NETWORK)))
    return dict(title="Who is linked to whom", section="actors", picture=picture,
                description="The most connected actors: who speaks about whom, and who shares claims with whom.")
