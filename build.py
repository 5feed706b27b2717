#!/usr/bin/env python3
"""kpibook entry point: `python build.py` builds content/ into output/.

`python build.py check` validates for CI; `python build.py build --content DIR --out DIR`
builds any content tree; `python build.py score UNIT` prints a scorecard.
"""

import sys

from builder.cli import main

if __name__ == "__main__":
    sys.exit(main())
