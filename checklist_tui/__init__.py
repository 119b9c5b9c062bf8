"""checklist-tui: self-inspection against the town's rule-of-law report, and the rectification loop."""

__version__ = "0.1.0"
