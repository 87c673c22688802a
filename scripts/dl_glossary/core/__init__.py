"""Terms, pages and findings, and loading a site through MkDocs' own config and file APIs."""
