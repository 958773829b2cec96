#!/usr/bin/env python3
"""Build the evidence website: `python build.py [build|check|serve] [--base-url URL]`.

See README.md; the code lives in the evidence_site package, one module per build stage.
"""
import sys

from evidence_site.cli import main

if __name__ == "__main__":
    sys.exit(main())
