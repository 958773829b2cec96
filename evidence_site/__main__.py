"""`python -m evidence_site`: the command line, as `python build.py` runs it."""
import sys

from .cli import main

sys.exit(main())
