#!/usr/bin/env python3
"""Thin shim for `dl-glossary-check` (installed by `pip install -e .`): `--help` lists the codes."""

import sys

from dl_glossary.check.cli import main

if __name__ == "__main__":
    sys.exit(main())
