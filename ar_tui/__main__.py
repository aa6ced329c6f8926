"""Allow `python -m ar_tui`."""

from ar_tui.start import main

raise SystemExit(main())
