"""Put typos into a correct content file the way people make them, and say where they are.

The kinds, by how they happen at a keyboard:
- telex, vni: the input method was off for a word, its keys stay in the text ("truwowngf", "d9a5o");
- drop_letter: a letter missed ("trườg");
- transpose: two letters swapped ("tăng cưòng" is hook, this is "tnăg");
- tone: the wrong tone, mostly hỏi for ngã and back, or a tone left out ("nhửng", "chỉ đao");
- hook: a hat, hook or breve left out, or đ typed d ("truờng", "đuợc", "dảng");
- placement: the tone mark on the wrong vowel ("tóan", "thưòng");
- consonant: the s/x, ch/tr, d/gi/r, l/n and final n/ng, c/t mix-ups of spelling by ear ("sản suất");
- capital: a capital in mid-sentence ("đề nghị Các chi bộ").
A seeded random choice of words makes the same typos every run.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from gen.checks import vietnamese as vn

KINDS = ("telex", "vni", "drop_letter", "transpose", "tone", "hook", "placement", "consonant", "capital")
WORD = re.compile(r"[^\W\d_]+")
# Keys whose values are codes or names, not prose.
SKIP_KEYS = re.compile(r"^\s*(?:-\s+)?(loai|co_quan|chu_the|so|ngay|ky|quyen_han|chuc_vu|ho_ten|nhan|de):")

_TELEX_TONE = {1: "f", 2: "s", 3: "r", 4: "x", 5: "j"}
_TELEX_LETTER = {"đ": "dd", "â": "aa", "ă": "aw", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}
_VNI_TONE = {1: "2", 2: "1", 3: "3", 4: "4", 5: "5"}
_VNI_LETTER = {"đ": "d9", "â": "a6", "ă": "a8", "ê": "e6", "ô": "o6", "ơ": "o7", "ư": "u7"}
_UNHOOK = {"â": "a", "ă": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u", "đ": "d"}
_ONSET_SWAPS = {"s": "x", "x": "s", "ch": "tr", "tr": "ch", "d": "gi", "gi": "d", "r": "d", "l": "n", "n": "l"}
_CODA_SWAPS = {"n": "ng", "ng": "n", "t": "c", "c": "t"}


@dataclass(frozen=True)
class Typo:
    line: int  # 1-based, in the file
    column: int  # 1-based, of the typo's first character
    original: str
    typed: str
    kind: str


def _keys(word: str, letters: dict[str, str], tones: dict[int, str]) -> str | None:
    base, toned = vn.split_tones(word)
    if not toned and not any(char in letters for char in base):
        return None
    typed = "".join(letters.get(char, char) for char in base)
    return typed + (tones[toned[0][1]] if toned else "")


def _retone(word: str, rng: random.Random) -> str | None:
    syllable = vn.parse(word)
    if syllable is None or vn.problem(syllable):
        return None
    tone = syllable.tone
    if tone in (3, 4):
        new = 7 - tone  # hỏi <-> ngã, the commonest slip of all
    elif tone and rng.random() < 0.5:
        new = 0
    else:
        new = rng.choice([t for t in range(6) if t != tone])
    return vn.compose(syllable.onset, syllable.rhyme, new)


def _unhook(word: str, rng: random.Random) -> str | None:
    base, toned = vn.split_tones(word)
    spots = [i for i, char in enumerate(base) if char in _UNHOOK]
    if not spots:
        return None
    spot = rng.choice(spots)
    letters = list(base)
    letters[spot] = _UNHOOK[letters[spot]]
    return _put_tone("".join(letters), toned)


def _put_tone(base: str, toned: list[tuple[int, int]], index: int | None = None) -> str:
    if not toned:
        return base
    position, tone = toned[0]
    position = position if index is None else index
    marks = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    import unicodedata

    return unicodedata.normalize("NFC", base[: position + 1] + marks[tone] + base[position + 1 :])


def _misplace(word: str, rng: random.Random) -> str | None:
    base, toned = vn.split_tones(word)
    vowels = [i for i, char in enumerate(base) if char in vn.VOWELS and i != (toned[0][0] if toned else -1)]
    if not toned or not vowels:
        return None
    # "gi" and "qu" hold a vowel letter that is no vowel of the rhyme: skip those.
    syllable = vn.parse(word)
    if syllable is None:
        return None
    vowels = [i for i in vowels if i >= len(syllable.onset)]
    if not vowels:
        return None
    return _put_tone(base, toned, rng.choice(vowels))


def _consonant(word: str, rng: random.Random) -> str | None:
    syllable = vn.parse(word)
    if syllable is None or vn.problem(syllable):
        return None
    onset, rhyme = syllable.onset, syllable.rhyme
    coda = vn.coda(rhyme)
    options = []
    if onset in _ONSET_SWAPS:
        options.append((_ONSET_SWAPS[onset], rhyme))
    if coda in _CODA_SWAPS:
        options.append((onset, rhyme[: len(rhyme) - len(coda)] + _CODA_SWAPS[coda]))
    if not options:
        return None
    new_onset, new_rhyme = rng.choice(options)
    if new_onset == "gi" and new_rhyme.startswith("i"):
        return None
    return vn.compose(new_onset, new_rhyme, syllable.tone)


def mutate(word: str, kind: str, rng: random.Random) -> str | None:
    """The word typed with a slip of this kind, or None when the kind does not apply to it."""
    if kind == "telex":
        return _keys(word, _TELEX_LETTER, _TELEX_TONE)
    if kind == "vni":
        return _keys(word, _VNI_LETTER, _VNI_TONE)
    if kind == "drop_letter":
        if len(word) < 3:
            return None
        index = rng.randrange(1, len(word))
        return word[:index] + word[index + 1 :]
    if kind == "transpose":
        if len(word) < 4:
            return None
        index = rng.randrange(1, len(word) - 1)
        swapped = word[:index] + word[index + 1] + word[index] + word[index + 2 :]
        return swapped if swapped != word else None
    if kind == "tone":
        return _retone(word, rng)
    if kind == "hook":
        return _unhook(word, rng)
    if kind == "placement":
        return _misplace(word, rng)
    if kind == "consonant":
        return _consonant(word, rng)
    if kind == "capital":
        return word[0].upper() + word[1:]
    raise ValueError(kind)


def candidates(text: str) -> list[tuple[int, int, str, bool]]:
    """(line, column, word, mid_sentence) of every lower-case word of prose in a content file."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or SKIP_KEYS.match(line) or "{" in line:
            continue
        start = 0
        key = re.match(r"^\s*(?:-\s+)?[a-z_]+:\s*", line)
        if key:
            start = key.end()
            if line[start:].startswith((">", "|")):
                continue
        item = re.match(r"^\s*-\s+", line)
        if item and not key:
            start = item.end()
        for match in WORD.finditer(line, start):
            word = match.group()
            if len(word) < 2 or not word.islower():
                continue
            before = line[start : match.start()].rstrip()
            mid = bool(before) and before[-1].isalpha()
            found.append((number, match.start() + 1, word, mid))
    return found


def introduce(text: str, seed: int, per_kind: int = 3) -> tuple[str, list[Typo]]:
    """The file with `per_kind` typos of each kind, at most one a line, and where they are."""
    rng = random.Random(seed)
    words = candidates(text)
    rng.shuffle(words)
    used_lines: set[int] = set()
    typos: list[Typo] = []
    for kind in KINDS:
        made = 0
        for line, column, word, mid in words:
            if made == per_kind:
                break
            if line in used_lines or (kind == "capital" and not mid):
                continue
            typed = mutate(word, kind, rng)
            if not typed or typed == word:
                continue
            typos.append(Typo(line, column, word, typed, kind))
            used_lines.add(line)
            made += 1
    return put_in(text, typos), typos


def put_in(text: str, typos: list[Typo]) -> str:
    """The file with these typos of it typed (at most one a line, as `introduce` chooses them)."""
    lines = text.split("\n")
    for typo in typos:
        row = lines[typo.line - 1]
        start = typo.column - 1
        assert row[start : start + len(typo.original)] == typo.original
        lines[typo.line - 1] = row[:start] + typo.typed + row[start + len(typo.original) :]
    return "\n".join(lines)
