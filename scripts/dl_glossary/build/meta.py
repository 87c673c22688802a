"""Per-page metadata from front matter: meta description, social card, JSON-LD for concept pages
and the A-Z index."""

from __future__ import annotations

import json
import re
from typing import Any

from dl_glossary.build import social
from dl_glossary.build.export import absolute_url
from dl_glossary.core.loader import Site
from dl_glossary.core.model import Term


def social_image(term: Term, site_url: str, site_name: str,
                 section_titles: dict[str, str]) -> dict[str, str]:
    """A concept page's own card for og:image and twitter:image, and its text alternative."""
    card = social.concept_card(term, site_name, section_titles)
    return {"card": absolute_url(site_url, social.card_uri(term)),
            "card_alt": social.card_alt(card)}


def _json_script(data: dict[str, Any]) -> str:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub(r"</", r"<\\/", text)


def term_set_url(site_url: str) -> str:
    return absolute_url(site_url, "glossary/")


def defined_term(term: Term, site_url: str, site_name: str) -> str:
    """schema.org DefinedTerm for a concept page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "@id": absolute_url(site_url, term.url),
        "name": term.title,
        "description": term.summary,
        "url": absolute_url(site_url, term.url),
        "termCode": term.slug,
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "@id": term_set_url(site_url),
            "name": site_name,
            "url": term_set_url(site_url),
        },
    }
    if term.aliases:
        data["alternateName"] = list(term.aliases)
    return _json_script(data)


def defined_term_set(site: Site, site_url: str, site_name: str, description: str) -> str:
    """schema.org DefinedTermSet for the A-Z page, listing every term."""
    terms = sorted(site.terms.values(), key=lambda t: t.title.lower())
    data = {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": term_set_url(site_url),
        "name": site_name,
        "description": description,
        "url": term_set_url(site_url),
        "hasDefinedTerm": [
            {
                "@type": "DefinedTerm",
                "@id": absolute_url(site_url, t.url),
                "name": t.title,
                "description": t.summary,
                "url": absolute_url(site_url, t.url),
                **({"alternateName": list(t.aliases)} if t.aliases else {}),
            }
            for t in terms
        ],
    }
    return _json_script(data)
