"""Stable finding codes, documented in one place (shown by `check_glossary.py --help`)."""

CODES: dict[str, str] = {
    "GL000": "configuration or input that cannot be read (mkdocs.yml, docs folder, file encoding)",
    "GL001": "first mention of a term on a page is not a link to that term's page",
    "GL002": "orphan term: no other concept page links to it",
    "GL003": "term missing from the A-Z index or from its section index",
    "GL004": "term missing from the nav in mkdocs.yml",
    "GL005": "`related` entry names no term",
    "GL006": "title or alias claimed by two terms",
    "GL007": "alias equals another term's title",
    "GL008": "front matter YAML does not parse",
    "GL009": "front matter missing, not a mapping, or without `title` or `summary`",
    "GL010": "summary longer than 200 characters",
    "GL011": "summary is not exactly one sentence",
    "GL012": "link to a page or file that does not exist",
    "GL013": "link to an anchor that does not exist on its page",
    "GL014": "concept page lacks a required section (H1, definition, Why it matters for LLMs, "
    "Example, Related, Sources)",
    "GL015": "Sources entry without a link to its source (arXiv abstract page, DOI or docs)",
    "GL016": "malformed arXiv id, or an arXiv link to the PDF instead of the abstract page",
    "GL020": "quick-reference table has an empty cell",
    "GL021": "quick-reference table row whose term does not link to its page",
    "GL022": "term of a kind that a table covers has no row in it",
    "GL023": "range buckets leave a gap",
    "GL024": "range buckets overlap",
    "GL025": "table declaration that cannot be read or names an unknown column",
    "GL030": "formula that cannot be rendered to MathML (reported by the build)",
    "GL031": "`prerequisites` entry names no concept",
    "GL032": "concept page lists itself as a prerequisite",
    "GL033": "prerequisites form a cycle (printed as the cycle: a -> b -> a)",
    "GL034": "prerequisite not linked from the page's text or Related list",
    "GL035": "concept page without `prerequisites` (a list of slugs; [] only for foundations)",
    "GL036": "learning path: malformed file, unknown or repeated step, or a step placed before "
    "a step it needs first",
    "GL040": "concept page has no `questions`",
    "GL041": "`questions` is not a list of 3 to 6 questions (non-empty strings)",
    "GL042": "question asked on two concept pages (case and punctuation ignored)",
    "GL043": "`troubleshooting` is not a list of rows with `symptom`, `cause`, `fix` and `group`",
    "GL044": "troubleshooting row in an unknown group",
    "GL045": "troubleshooting `see` entry names no concept",
}


def codes_help() -> str:
    """The codes as an indented list for --help."""
    return "\n".join(f"  {code}  {text}" for code, text in CODES.items())
