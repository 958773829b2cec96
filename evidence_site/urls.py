"""The URL scheme: every page's site-relative URL, in one place, so links and pages can never disagree.

URLs end in '/' (a folder with index.html), so they read well and survive a move between hosts. Ids are
permanent: they are the part of a URL that people share.
"""
from __future__ import annotations

HOME = ""
CLAIMS = "claims/"
ACTORS = "actors/"
ARTICLES = "articles/"
REPORTS = "reports/"
TIMELINE = "timeline/"
BACKGROUND = "timeline/background/"
SEARCH = "search/"
ABOUT = "about/"
DATA = "data/"
NETWORK = "actors/network/"
CORRECTIONS = "corrections/"
NOT_FOUND = "404.html"


def claim(claim_id: str) -> str:
    """A claim's permanent page."""
    return f"{CLAIMS}{claim_id}/"


def actor(actor_id: str) -> str:
    """An actor's page."""
    return f"{ACTORS}{actor_id}/"


def article(article_id: str) -> str:
    """An article's page."""
    return f"{ARTICLES}{article_id}/"


def report(report_id: str) -> str:
    """A report's page."""
    return f"{REPORTS}{report_id}/"


def listing_page(base: str, number: int) -> str:
    """Page `number` (2 or more) of the listing whose first page is `base`: 'claims/' → 'claims/page/2/'."""
    return f"{base}page/{number}/"


def claims_with_status(status: str) -> str:
    """The listing of the claims of one status."""
    return f"{CLAIMS}status/{status}/"


def sublist(page_url: str, name: str) -> str:
    """The full listing of one of a page's lists: ('actors/x/', 'said') → 'actors/x/said/'."""
    return f"{page_url}{name}/"


def sibling(url: str) -> str:
    """The link to a page from another page in the same folder: 'claims/x/' → '../x/'."""
    return "../" + url.rstrip("/").rsplit("/", 1)[-1] + "/"


def output_path(url: str) -> str:
    """The file a URL is served from: 'claims/x/' → 'claims/x/index.html'."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def root_of(url: str) -> str:
    """The prefix that leads from a page back to the site root: 'claims/x/' → '../../'."""
    return "../" * output_path(url).count("/")


def normalize_base_url(base_url: str | None) -> str | None:
    """'https://x.github.io/repo' → 'https://x.github.io/repo/'."""
    if not base_url:
        return None
    return base_url if base_url.endswith("/") else base_url + "/"


def base_path(base_url: str | None) -> str:
    """The path part of the base URL ('/repo/'), or '/' when none is set."""
    if not base_url:
        return "/"
    rest = base_url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"
