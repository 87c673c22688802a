"""Test and benchmark tools that do not ship with the site: link crawler, static server."""
