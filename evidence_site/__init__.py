"""Build a static evidence website from articles, actors, reports and claims."""
