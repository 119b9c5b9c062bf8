"""`checklist-tui serve`: the same app in the browsers of the office LAN (textual-serve).

One PC keeps the data folder on its local disk; each browser session gets its own app process on
that PC, so the per-file locks keep every save safe. `access` (passwords, the lock-out, who may
bind where) and `pages` (the Chinese pages) need no web library; `server` is the aiohttp server
built on textual-serve's private parts and is imported only when `serve` runs.
"""
