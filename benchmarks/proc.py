"""Run one command as a child process; print its times and peak memory as one JSON object.

    python benchmarks/proc.py [--first-line] -- COMMAND...

The clock starts just before the child is created, so the child's interpreter start and imports
count and this wrapper's own start does not. `first_line`: seconds until the child wrote its
first line to stdout (with --first-line; else stdout goes to /dev/null); `exit`: seconds until it
exited; `peak_mib`: its peak resident memory (getrusage of the children of this wrapper, which has
only this one); `rc`: its exit code, with `stderr` when that is not 0.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    first_line = argv[:1] == ["--first-line"]
    if first_line:
        argv = argv[1:]
    if argv[:1] != ["--"] or len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[1:]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             stdout=subprocess.PIPE if first_line else subprocess.DEVNULL)
    line_at = None
    if first_line:
        assert child.stdout is not None
        child.stdout.readline()
        line_at = time.perf_counter() - start
    _, stderr = child.communicate()
    rc = child.returncode
    exit_at = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB on Linux, bytes on macOS
    peak_mib = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    result: dict[str, object] = {"first_line": line_at, "exit": exit_at, "peak_mib": peak_mib, "rc": rc}
    if rc != 0:
        result["stderr"] = stderr.decode(errors="replace")[-2000:]
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
