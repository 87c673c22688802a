"""Say where a build's links will point when `site_url` is unset or names this machine.

Canonical URLs, Open Graph tags, the sitemap and the exports are built from `site_url`, which
mkdocs.yml takes from `SITE_URL` (default `http://127.0.0.1:8000/`, right for `make serve` and
the tests, wrong anywhere else). A build for such an address prints one warning line.

The line is printed by `advice.warn`: shown by any build, counted by no `--strict` one, since
it is advice, not a fault of the site (`make build` and the tests build with the default).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dl_glossary.build import advice

#: Hosts that mean "this machine": links to them are broken anywhere else.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def is_local(site_url: str | None) -> bool:
    """True when site_url is unset or its host is this machine."""
    if not site_url:
        return True
    host = (urlsplit(site_url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127.")


def warning_text(site_url: str | None) -> str | None:
    """The one-line warning for a build whose site_url is local (None when it is not)."""
    if not is_local(site_url):
        return None
    if not site_url:
        what = ("site_url is not set, so pages have no canonical URL and the social cards, the "
                "sitemap and the exports (glossary.json, llms.txt, objects.inv) have no host")
    else:
        what = (f"site_url is {site_url}, a local address, so canonical URLs, social cards, "
                "the sitemap and the exports (glossary.json, llms.txt, objects.inv) will name "
                "localhost")
    return (f"dl-glossary: {what}; to deploy, build with the public address: "
            "SITE_URL=https://example.org/ make build")


def warn_if_local(site_url: str | None) -> bool:
    """Print the warning for a local site_url (shown by any build, counted by none)."""
    text = warning_text(site_url)
    return text is not None and advice.warn(text)
