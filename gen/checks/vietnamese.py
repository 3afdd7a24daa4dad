"""Vietnamese syllables: their parts (onset, rhyme, tone), whether the language can have them, where
the tone mark goes, and the keys of an input method that reached the text unconverted ("chir đạo"
from Telex, "d9a5o" from VNI).

Written out rather than taken from a library: the rules of Vietnamese spelling are short and stable,
and the author needs the why of a refusal ("the tone mark on the wrong vowel", "a syllable ending in
-p -t -c -ch takes only sắc or nặng"), which a plain word list cannot say.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

Style = Literal["old", "new"]

# Tones by number: 0 ngang, 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng.
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_BASE_VOWELS = "aăâeêioôơuưy"
MODIFIED = set("ăâêôơư")
VOWELS = set(_BASE_VOWELS)

# Every toned vowel (lower and upper case) → (the vowel without tone, tone number).
_SPLIT: dict[str, tuple[str, int]] = {}
for _vowel in _BASE_VOWELS:
    for _tone, _mark in enumerate(_TONE_MARKS):
        _SPLIT[unicodedata.normalize("NFC", _vowel + _mark)] = (_vowel, _tone)
_JOIN = {value: key for key, value in _SPLIT.items()}
# The letters of Vietnamese (and the f j w z of borrowed words), for character classes.
LOWER = "".join(sorted(set(_SPLIT) | set("bcdđghklmnpqrstvxfjwz")))
UPPER = LOWER.upper()
# Every Vietnamese letter (lower case) → its letter without marks, for skeleton(): a table lookup
# per character, which matters when a whole dictionary is indexed at start-up.
_PLAIN = str.maketrans(
    {toned: unicodedata.normalize("NFD", vowel)[0] for toned, (vowel, _) in _SPLIT.items()} | {"đ": "d"}
)

ONSETS = frozenset("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split())
# Longest first so that "ngh" wins over "ng" and "n".
_ONSETS_BY_LENGTH = sorted(ONSETS, key=len, reverse=True)
STOP_CODAS = ("ch", "c", "p", "t")
FRONT = set("ieêy")

# Every rhyme (medial + nucleus + coda, without tone) written in Vietnamese words. Checked against
# the syllables of Debian's hunspell-vi word list (see tools/spelling_data.py): each rhyme here
# occurs there, and every rhyme there that a native word uses is here.
RHYMES = frozenset(
    """
    a ac ach ai am an ang anh ao ap at au ay
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êc êch êm ên êng ênh êp êt êu
    i ia ich iêc iêm iên iêng iêp iêt iêu im in inh ip it iu
    o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
    oc oe oem oen oeo oet oi om on ong oong ooc op ot
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua uân uâng uât uây uc uê uêch uênh ui um un ung uôc uôi uôm uôn uông uôt up ut
    uơ uy uya uych uyên uyêt uynh uyp uyt uyu
    ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
    y yêm yên yêng yêt yêu
    """.split()
)
# After "qu" the medial u is already written: these are its rhymes.
QU_RHYMES = frozenset(
    """
    a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc ân âng ât ây
    e ec en eo et ê êch ên ênh êt êu i inh it y ych yên yêt ynh yt yu ơ ơi ôc
    """.split()
)


@dataclass(frozen=True)
class Syllable:
    """A written syllable taken apart: `onset` + `rhyme` carry no tone; `marked` is the index in
    the lower-case word of the letter that carries the tone mark (-1 without one)."""

    word: str  # the syllable in lower case, as written
    onset: str
    rhyme: str
    tone: int
    marked: int
    marks: int  # how many tone marks were written (more than one is a slip)

    @property
    def base(self) -> str:
        return self.onset + self.rhyme


def split_tones(word: str) -> tuple[str, list[tuple[int, int]]]:
    """The word without tone marks, and every (index, tone) of a toned letter. Lower-cases."""
    letters: list[str] = []
    toned: list[tuple[int, int]] = []
    for index, char in enumerate(unicodedata.normalize("NFC", word.lower())):
        vowel, tone = _SPLIT.get(char, (char, 0))
        letters.append(vowel)
        if tone:
            toned.append((index, tone))
    return "".join(letters), toned


def parse(word: str) -> Syllable | None:
    """Take a syllable apart, or None when it has no Vietnamese onset and rhyme shape at all."""
    base, toned = split_tones(word)
    onset = ""
    for candidate in _ONSETS_BY_LENGTH:
        if base.startswith(candidate) and len(base) > len(candidate):
            onset = candidate
            break
    rhyme = base[len(onset) :]
    # "gì", "gìn": the i of gi is the nucleus when no other vowel follows.
    if onset == "gi" and not any(letter in VOWELS for letter in rhyme):
        onset, rhyme = "g", base[1:]
    if not rhyme or rhyme[0] not in VOWELS:
        return None
    tone = toned[0][1] if toned else 0
    marked = toned[0][0] if toned else -1
    return Syllable(word.lower(), onset, rhyme, tone, marked, len(toned))


def coda(rhyme: str) -> str:
    index = len(rhyme)
    while index and rhyme[index - 1] not in VOWELS:
        index -= 1
    return rhyme[index:]


def tone_positions(onset: str, rhyme: str) -> dict[Style, int]:
    """Index in `onset + rhyme` of the vowel that carries the tone, in each style.

    The two styles differ only for the open rhymes oa, oe, uy: "hoà, khoẻ, thuỷ" (the older one,
    05-HD's own text mostly: "ĐẢNG UỶ") and "hòa, khỏe, thủy" (the usual one in offices today, and
    the seeds'). Both are correct; a document should keep one (party-format.md §3.2)."""
    end = coda(rhyme)
    vowels = [i for i, letter in enumerate(rhyme[: len(rhyme) - len(end)]) if letter in VOWELS]
    modified = [i for i in vowels if rhyme[i] in MODIFIED]
    if modified:
        index = modified[-1]
        return {"old": len(onset) + index, "new": len(onset) + index}
    if len(vowels) == 1:
        index = 0
    elif len(vowels) == 3:
        index = 1
    elif end:
        index = 1
    elif rhyme in ("oa", "oe", "uy"):
        return {"old": len(onset) + 1, "new": len(onset)}
    else:
        index = 0
    return {"old": len(onset) + index, "new": len(onset) + index}


def compose(onset: str, rhyme: str, tone: int, style: Style = "new") -> str:
    """The syllable written with its tone in the given style (lower case)."""
    letters = list(onset + rhyme)
    if tone:
        index = tone_positions(onset, rhyme)[style]
        letters[index] = _JOIN[(letters[index], tone)]
    return "".join(letters)


# Why a syllable is not Vietnamese, from the most to the least telling.
TWO_TONES = "two_tones"
SHAPE = "shape"  # no onset/rhyme of the language
ONSET_SPELLING = "onset_spelling"  # c/k, g/gh, ng/ngh before the wrong vowel
STOP_TONE = "stop_tone"  # -p -t -c -ch with a tone other than sắc or nặng
PLACEMENT = "placement"  # the tone mark on a vowel that never carries it


def problem(syllable: Syllable) -> str | None:
    """What makes the syllable impossible in Vietnamese, or None when it is well formed."""
    if syllable.marks > 1:
        return TWO_TONES
    onset, rhyme = syllable.onset, syllable.rhyme
    if onset not in ONSETS and onset:
        return SHAPE
    if onset == "qu":
        if rhyme not in QU_RHYMES:
            return SHAPE
    elif rhyme not in RHYMES:
        return SHAPE
    first = rhyme[0]
    if onset in ("c", "ng") and first in FRONT:
        return ONSET_SPELLING
    if onset == "g" and first in FRONT and not rhyme.startswith("i"):
        return ONSET_SPELLING
    if onset in ("k", "gh", "ngh") and first not in FRONT:
        return ONSET_SPELLING
    if onset == "gi" and first == "i":
        return SHAPE
    if rhyme.endswith(STOP_CODAS) and syllable.tone not in (2, 5):
        return STOP_TONE
    if syllable.tone and syllable.marked not in tone_positions(onset, rhyme).values():
        return PLACEMENT
    return None


def style_of(syllable: Syllable) -> Style | None:
    """Which placement style the syllable shows, when it shows one (toned open oa, oe, uy)."""
    if not syllable.tone:
        return None
    positions = tone_positions(syllable.onset, syllable.rhyme)
    if positions["old"] == positions["new"]:
        return None
    return "old" if syllable.marked == positions["old"] else "new"


@cache
def normal(word: str) -> str:
    """One spelling per syllable for look-ups: lower case, tone placed in the new style. Words that
    are not Vietnamese syllables come back lower-cased and unchanged."""
    syllable = parse(word)
    if syllable is None or problem(syllable) in (TWO_TONES, SHAPE):
        return word.lower()
    return compose(syllable.onset, syllable.rhyme, syllable.tone)


# Consonants told apart in writing but not in the speech of one region or another: s/x, ch/tr,
# d/gi/r, l/n at the start; n/ng, c/t at the end. Writing by ear mixes them ("sản suất", "chặt trẽ").
_SOUND_ONSETS = {"x": "s", "tr": "ch", "gi": "d", "r": "d", "n": "l"}
_SOUND_CODAS = {"ng": "n", "c": "t"}


@cache
def sound(word: str) -> str:
    """The skeleton with the consonants people confuse by ear folded together: "chặt chẽ" and
    "chặt trẽ" sound the same to half the country."""
    # đ stays đ: d/gi/r are confused by ear, đ is not.
    plain = skeleton(word.lower().replace("đ", "\x00")).replace("\x00", "đ")
    syllable = parse(plain)
    if syllable is None:
        return plain
    end = coda(syllable.rhyme)
    body = syllable.rhyme[: len(syllable.rhyme) - len(end)]
    return _SOUND_ONSETS.get(syllable.onset, syllable.onset) + body + _SOUND_CODAS.get(end, end)


def skeleton(word: str) -> str:
    """The letters without any diacritic (đ → d): what the word looks like typed with none."""
    return unicodedata.normalize("NFC", word).lower().translate(_PLAIN)


# --- input-method keys -----------------------------------------------------------------------
_TELEX_TONES = {"f": "\u0300", "s": "\u0301", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TELEX_PAIRS = (
    ("uow", "ươ"),
    ("dd", "đ"),
    ("aa", "â"),
    ("aw", "ă"),
    ("ee", "ê"),
    ("oo", "ô"),
    ("ow", "ơ"),
    ("uw", "ư"),
    ("w", "ư"),
)
_VNI_TONES = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"}
_VNI_SHAPES = {
    ("a", "6"): "â",
    ("e", "6"): "ê",
    ("o", "6"): "ô",
    ("o", "7"): "ơ",
    ("u", "7"): "ư",
    ("a", "8"): "ă",
    ("d", "9"): "đ",
}
_VOWELS = set("aăâeêioôơuưy")


def _with_tone(word: str, mark: str) -> str:
    """Put the mark on the word's last vowel group as NFC; where exactly is left to the caller,
    which re-places the tone through the syllable rules."""
    positions = [i for i, char in enumerate(word) if char in _VOWELS]
    if not positions:
        return word
    index = positions[-1] if len(positions) == 1 else positions[-2]
    return unicodedata.normalize("NFC", word[: index + 1] + mark + word[index + 1 :])


def telex(word: str) -> str | None:
    """The word a Telex typist meant, or None when the keys do not read as Telex."""
    lower = word.lower()
    if not lower.isascii() or not lower.isalpha():
        return None
    mark = ""
    if len(lower) > 1 and lower[-1] in _TELEX_TONES and any(c in "aeiouy" for c in lower[:-1]):
        mark, lower = _TELEX_TONES[lower[-1]], lower[:-1]
    converted = lower
    for keys, letter in _TELEX_PAIRS:
        converted = converted.replace(keys, letter)
    if converted == word.lower() and not mark:
        return None
    return _with_tone(converted, mark) if mark else converted


def vni(word: str) -> str | None:
    """The word a VNI typist meant ("d9a5o" → "đạo"), or None when it has no VNI digits."""
    lower = word.lower()
    if not any(char.isdigit() for char in lower) or not any(char.isalpha() for char in lower):
        return None
    letters: list[str] = []
    mark = ""
    for char in lower:
        if char in _VNI_TONES:
            mark = _VNI_TONES[char]
        elif char.isdigit():
            shaped = None
            for index in range(len(letters) - 1, -1, -1):
                shaped = _VNI_SHAPES.get((letters[index], char))
                if shaped:
                    letters[index] = shaped
                    if char == "7" and index > 0 and letters[index - 1] == "u" and shaped == "ơ":
                        letters[index - 1] = "ư"
                    break
            if not shaped:
                return None
        else:
            letters.append(char)
    result = "".join(letters)
    return _with_tone(result, mark) if mark else result
