"""`python -m checklist_tui` runs the command line."""

from .cli import main

raise SystemExit(main())
