#!/usr/bin/env python3
"""Check the glossary's sources: `python scripts/check_glossary.py --help` lists every code."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from glossary.cli import main

if __name__ == "__main__":
    sys.exit(main())
