"""`python -m checklist_tui` runs the command line."""

from checklist_tui.cli.main import main

raise SystemExit(main())
