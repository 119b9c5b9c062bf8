"""JSON as `json.dumps(data, ensure_ascii=False, indent=2)` writes it, made by orjson's C encoder.

CPython's own encoder runs in pure Python whenever it indents (millions of calls for a ledger of
5,000 rounds); orjson writes the same layout (two spaces, `": "`, one item a line) far faster.
The two outer levels are written piece by piece (a list there may be an iterator, made as it is
written), each list element by orjson on its own and indented by its depth, so a long ledger is
never all in memory. Floats are written shortest-exact by both (orjson as `1e-05` → `1e-5`: the
same number), NaN as null. A value orjson refuses (text with a lone surrogate, from an old file)
is written by the standard encoder with `\\udXXX` escapes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
_END = object()
STREAMED_LEVELS = 2  # the document and its top-level lists/dicts; deeper values in one piece


class Writer(Protocol):
    def write(self, text: str, output: Path | None) -> None: ...


def json_pieces(value: Any, depth: int = 0) -> Iterator[bytes]:
    """The indented JSON of `value` as it would stand `depth` levels deep, in pieces."""
    pad = b"  " * depth
    if depth < STREAMED_LEVELS and isinstance(value, Iterator):
        yield from _lazy_list(value, depth)
        return
    if depth < STREAMED_LEVELS and isinstance(value, dict | list) and value:
        last = len(value) - 1
        if isinstance(value, dict):
            yield b"{\n"
            for n, (key, item) in enumerate(value.items()):
                yield pad + b"  " + orjson.dumps(str(key)) + b": "
                yield from json_pieces(item, depth + 1)
                yield b",\n" if n < last else b"\n"
            yield pad + b"}"
        else:
            yield b"[\n"
            for n, item in enumerate(value):
                yield pad + b"  "
                yield from json_pieces(item, depth + 1)
                yield b",\n" if n < last else b"\n"
            yield pad + b"]"
        return
    try:
        text = orjson.dumps(value, option=_OPTIONS)
    except (orjson.JSONEncodeError, TypeError):
        text = json.dumps(value, indent=2).encode("ascii")
    yield text.replace(b"\n", b"\n" + pad) if depth else text


def _lazy_list(items: Iterator[Any], depth: int) -> Iterator[bytes]:
    """A list given as an iterator (a ledger's items, made one at a time), written as a list."""
    pad = b"  " * depth
    first = next(items, _END)
    if first is _END:
        yield b"[]"
        return
    yield b"[\n"
    item = first
    while item is not _END:
        following = next(items, _END)
        yield pad + b"  "
        yield from json_pieces(item, depth + 1)
        yield b",\n" if following is not _END else b"\n"
        item = following
    yield pad + b"]"


def _text(pieces: list[bytes]) -> str:
    return b"".join(pieces).decode("utf-8")


def write_json(data: Any, output: Path | None, writer: Writer, batch: int = 512) -> None:
    """The JSON and a line break, to stdout a batch of pieces at a time, or to -o FILE by `writer`."""
    if output is not None:
        writer.write(_text([*json_pieces(data), b"\n"]), output)
        return
    pending: list[bytes] = []
    for piece in json_pieces(data):
        pending.append(piece)
        if len(pending) >= batch:
            sys.stdout.write(_text(pending))
            pending.clear()
    pending.append(b"\n")
    sys.stdout.write(_text(pending))
