#!/usr/bin/env python3
"""`python build.py` in a checkout of kpibook: the same as the `kpibook` command.

Run from this folder it builds the example content/ into output/; `python build.py check`
validates it; see `kpibook --help` for every command.
"""

import sys

from builder.cli import main

if __name__ == "__main__":
    sys.exit(main())
