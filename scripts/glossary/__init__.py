"""Glossary tooling: load terms from front matter, find mentions, check, fix and export.

Plain Python over Markdown sources; importable without MkDocs.
"""
