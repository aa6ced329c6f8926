"""Allow `python -m ar_tui`."""

from ar_tui.cli import main

raise SystemExit(main())
