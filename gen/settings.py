"""The rule settings in gen/data/the-thuc.yaml: which thể thức profile applies on a given date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
DATA = DATA_DIR / "the-thuc.yaml"
# libyaml when present: the data files are read at every start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_data(name: str):
    """A YAML file of gen/data (settings, rules, facts)."""
    return parse_data((DATA_DIR / name).read_text(encoding="utf-8"))


def parse_data(text: str):
    """The text of a YAML file of gen/data, already read (for a digest of its bytes, say)."""
    return yaml.load(text, Loader=_LOADER)


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    start: dt.date
    end: dt.date | None
    page_mm: tuple[float, float]
    margins_mm: tuple[float, float, float, float]  # top, bottom, left, right
    header_distance_mm: float

    @property
    def text_width_mm(self) -> float:
        return self.page_mm[0] - self.margins_mm[2] - self.margins_mm[3]


@lru_cache(maxsize=1)
def settings() -> dict:
    return read_data(DATA.name)


@lru_cache(maxsize=1)
def profiles() -> tuple[Profile, ...]:
    result = []
    for p in settings()["profiles"]:
        m = p["margins_mm"]
        result.append(
            Profile(
                id=p["id"],
                name=p["name"],
                start=p["from"],
                end=p["until"],
                page_mm=(p["page_mm"]["width"], p["page_mm"]["height"]),
                margins_mm=(m["top"], m["bottom"], m["left"], m["right"]),
                header_distance_mm=p["header_distance_mm"]["value"],
            )
        )
    return tuple(sorted(result, key=lambda p: p.start))


def profile_for(date: dt.date) -> Profile:
    """The profile in force on `date`; before the first one, the first one."""
    chosen = profiles()[0]
    for profile in profiles():
        if profile.start <= date:
            chosen = profile
    return chosen


def layout(name: str):
    return settings()["layout"][name]["value"]


def uy_spelling() -> str:
    return settings()["uy_spelling"]["value"]
