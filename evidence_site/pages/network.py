"""The network page: the most connected actors and how many claims link each pair."""
from __future__ import annotations

from .. import urls
from ..links import Refs
from ..pictures import site_network
from ..xref import Site


def view(site: Site, refs: Refs) -> dict:
    """The site-wide network of the most connected actors, with its table."""
    picture = site_network(site, refs.linker(urls.root_of(urls.NETWORK)))
    return dict(title="Who is linked to whom", section="actors", picture=picture,
                description="The most connected actors: who speaks about whom, and who shares claims with whom.")
