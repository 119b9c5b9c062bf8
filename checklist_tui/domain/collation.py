"""The order of names in every list a person reads: units and people, as a Chinese office expects.

- Units: the units register's own order first (the town lists its offices, then its villages, in
  that order in every document; the register is where the office keeps that order), then any
  other unit by pinyin. Code-point order, which put 桃岭村 before 麻埠村, is never used.
- People (责任人, 经办人): by pinyin, 陈 before 王 before 张.

Pinyin comes from pypinyin, imported the first time a name outside the register needs placing
(its dictionary takes a noticeable fraction of a second to load, and most lists never need it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache


@lru_cache(maxsize=4096)
def pinyin_key(name: str) -> tuple[tuple[str, ...], str]:
    """`name` as it sorts: its syllables with tone numbers (麻 → ma2), then the name itself so
    that two names read alike still have a fixed order. Letters and digits sort as themselves,
    before any syllable of the same letter."""
    from pypinyin import Style, lazy_pinyin

    return tuple(s.lower() for s in lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True)), name


def sort_people(names: Iterable[str]) -> list[str]:
    """People's names by pinyin, each once."""
    return sorted(set(names), key=pinyin_key)


def unit_order(register: Sequence[str] = ()) -> Callable[[str], tuple[int, tuple[tuple[str, ...], str]]]:
    """A sort key for unit names: the register's units in its order, then the rest by pinyin."""
    place = {name: index for index, name in enumerate(register)}

    def key(name: str) -> tuple[int, tuple[tuple[str, ...], str]]:
        if name in place:
            return place[name], ((), name)
        return len(place), pinyin_key(name)

    return key


def sort_units(names: Iterable[str], register: Sequence[str] = ()) -> list[str]:
    """Unit names, each once: the register's in its order, then the others by pinyin."""
    return sorted(set(names), key=unit_order(register))
