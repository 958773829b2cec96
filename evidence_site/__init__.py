"""Build a static evidence website from articles, actors, reports and claims."""

__version__ = "0.2.0"
