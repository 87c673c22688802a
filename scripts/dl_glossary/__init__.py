"""Deep Learning for LLMs glossary tooling, in layers that import downward only.

- `dl_glossary.core`: the term model and site loading (through MkDocs' own config and files).
- `dl_glossary.check`: the Markdown scanner, mention matcher, one module per rule, --fix, CLI.
- `dl_glossary.build`: the MkDocs plugin, its worker process, renderers and exports.
- `dl_glossary.postprocess`: what runs over the written site (headers, CSS purge, minify).
"""
