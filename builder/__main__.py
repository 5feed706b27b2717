"""`python -m builder`: the `kpibook` command."""

import sys

from builder.cli import main

sys.exit(main())
