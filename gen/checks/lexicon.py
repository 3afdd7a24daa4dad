"""What the speller knows (gen.checks.speller): every syllable of the language in both tone
placements, the fixed words of administrative language and the phrases that read like them, the
confusable phrases, names and abbreviations, read from gen/data/spelling/ once per process; and the
roles the speller's sifting gives every syllable, made ahead into lessons.tsv.

Kept apart from the speller, which reads texts with it: this module knows the files, their digest
and the tables built from them, not how a text is read.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from pathlib import Path

from gen.checks import vietnamese as vn
from gen.settings import parse_data

DATA = Path(__file__).resolve().parent.parent / "data" / "spelling"

NO_CODES: frozenset[str] = frozenset()
# What the sifting of Speller.check learns of a token, its role: the codes of the second tokens that
# would make a pair with it worth reading (it may begin a known word), its own code as the second of
# a pair ("" for none: it may end none), and a mark.
Role = tuple[frozenset[str], str, int]
# Marks, one bit each: a possible slip; a word written with its tone mark placed the old way (hoà),
# the new way (hòa: of the words where the two differ).
SUSPECT, OLD, NEW = 1, 2, 4

# The letters a slip may add to a word without marks (see Speller._near): Vietnamese writes no f, j, w, z.
NEAR_LETTERS = frozenset("abcdeghiklmnopqrstuvxy")

# A capitalised word after a lower-case word and a space, a line break or ", " (and the word after
# it): the places where a capital may be a slip. The pattern starts with the capital and looks
# behind only then, which keeps the scan fast: few characters can begin a match.
# Not after a whole capitalised word of up to eight letters ("Việt Nam", "Hải Phòng", "Ban Xây
# dựng"), which _capitals passes over: fewer places for Python to look at. (A word after an
# apostrophe may be the end of one like "m'Drắk": left to _suspect_capital.)
_AFTER_TITLE = "".join(
    rf"(?<!(?<![^\W_])(?<!['’])[{vn.UPPER}][{vn.LOWER}]{{{letters}}}{gap}.)"
    for letters in range(1, 8)
    for gap in ("[ \n]", ", ")
)
# {names}: the lexicon's names of bodies that a capital after a lower-case word never makes a
# slip of (see Lexicon.capital_pattern), so that they never reach Python either.
_CAPITAL_SOURCE = (
    rf"([{vn.UPPER}](?:(?<=[{vn.LOWER}][ \n].)|(?<=[{vn.LOWER}], .)){{names}}{_AFTER_TITLE}[{vn.LOWER}]+)"
    r"(?:[ \n]([^\W_]+))?"
)


@dataclass
class Lessons:
    """The roles the sifting of Speller.check gives tokens (see Speller.learn), made ahead for every
    syllable of the dictionary in lower case (a capitalised or all-capitals one is learnt from it,
    see Speller._model_of). A process that learnt them as it met them would pay some 5 µs a
    syllable, more than the rest of a document's check for the first documents it reads;
    tools/spelling_data.py writes them into lessons.tsv, and tests/test_spelling.py holds the file
    equal to what the speller learns."""

    roles: dict[str, Role]

    def text(self, digest: str) -> str:
        """The file: the sets of codes, the roles (by set), then a line of the forms and a line of
        their roles in the same order (read by C-level splits and maps at every cold start)."""
        forms = sorted(self.roles)
        sets = sorted({codes for codes, _, _ in self.roles.values()} - {NO_CODES}, key=sorted)
        set_number = {codes: index for index, codes in enumerate([NO_CODES, *sets])}
        roles = sorted(set(self.roles.values()), key=lambda role: (set_number[role[0]], role[1], role[2]))
        role_number = {role: index for index, role in enumerate(roles)}
        lines = [LESSONS_HEADER.rstrip("\n"), f"inputs\t{digest}"]
        lines += [f"set\t{' '.join(sorted(codes))}" for codes in sets]
        lines += [f"role\t{set_number[codes]} {code or '-'} {mark}" for codes, code, mark in roles]
        lines.append("forms\t" + " ".join(forms))
        lines.append("roles\t" + " ".join(str(role_number[self.roles[form]]) for form in forms))
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, text: str) -> tuple[str, Lessons]:
        """The inputs' digest the file was made from, and its lessons."""
        lines = [line.split("\t", 1) for line in text.split("\n") if line and line[0] != "#"]
        named = {name: value for name, value in lines if name not in ("set", "role")}
        sets = [NO_CODES, *(frozenset(value.split(" ")) for name, value in lines if name == "set")]
        roles: list[Role] = []
        for name, value in lines:
            if name == "role":
                number, code, mark = value.split(" ")
                roles.append((sets[int(number)], "" if code == "-" else code, int(mark)))
        forms = named["forms"].split(" ")
        return named["inputs"], cls(dict(zip(forms, map(roles.__getitem__, map(int, named["roles"].split(" "))))))


LESSONS = "lessons.tsv"
LESSONS_HEADER = """\
# What the speller's sifting learns of every syllable of forms.tsv, written in lower case
# (gen.checks.lexicon.Lessons): made ahead so that no process learns them one by one.
# "inputs": a digest of the files it was made from (the speller leaves the file aside when they
# changed); "set": the codes of the second words that make a pair worth reading; "role": a set
# (0: none), a code as the second of a pair (- for none) and a mark (1: a possible slip; 2, 4: a
# word with its tone mark placed the old, the new way); then the forms, and their roles in the same
# order. Made by `python tools/spelling_data.py --lessons`; tests/test_spelling.py checks it.
"""


@dataclass
class Lexicon:
    """What the speller knows: every syllable of the language (in one tone placement), the fixed
    words, the real phrases that read like them without marks, confusable phrases, and names."""

    syllables: set[str]
    compounds: list[tuple[str, ...]]
    # Each syllable as written (both placements) → (normal form, style or None, sound, skeleton).
    forms: dict[str, tuple[str, str | None, str, str]] = field(default_factory=dict)
    also: list[tuple[str, ...]] = field(default_factory=list)
    confusables: list[dict] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # words of place and foreign names, lower case
    # Words that are a name alone (Lênin, Dao, Mông): a capital on them is right anywhere. Words of
    # place names are not (Cao Bằng, Năm Căn): a place name has two words, which the rule lets pass.
    proper: set[str] = field(default_factory=set)
    capital_words: set[str] = field(default_factory=set)  # names of bodies, titles … or their first words
    name_triggers: set[str] = field(default_factory=set)  # "xã", "đồng chí": a name may follow
    never_names: set[str] = field(default_factory=set)  # "của", "các": no name starts so
    dates: set[str] = field(default_factory=set)  # "năm 2026" is a date, not a title with a number
    # What the sifting learns of every syllable, made ahead (lessons.tsv), when made from this
    # lexicon's very files (`digest`); else None, and the speller learns as it reads.
    lessons: Lessons | None = None
    digest: str = ""

    @cached_property
    def by_skeleton(self) -> dict[str, list[str]]:
        """Syllables by their letters without marks, for suggestions: built when first needed,
        which a document without slips never does. In no order (sorting them would double the
        cost): suggest() chooses by a key that ends with the syllable itself."""
        skeletons = {normal: skeleton for normal, _, _, skeleton in self.forms.values()}
        found: dict[str, list[str]] = {}
        for syllable in self.syllables:
            known = skeletons.get(syllable)  # the table's, where it is there: not taken apart again
            found.setdefault(known if known is not None else vn.skeleton(syllable), []).append(syllable)
        return found

    @cached_property
    def one_letter_more(self) -> dict[str, set[str]]:
        """Skeletons by what is left of them with one letter taken out (a letter NEAR_LETTERS
        holds): the skeletons that one letter added to a word makes, found by one look-up instead
        of trying each letter at each place (about 130 strings for a word of five letters). Made
        at the first typo of a process, with by_skeleton (made one length at a time, as words
        asked, the tables went on being made while documents were checked, at 0.1-0.6 ms each)."""
        found: dict[str, set[str]] = {}
        for skeleton in self.by_skeleton:
            for i, letter in enumerate(skeleton):
                if letter in NEAR_LETTERS:
                    found.setdefault(skeleton[:i] + skeleton[i + 1 :], set()).add(skeleton)
        return found

    @cached_property
    def capital_pattern(self) -> re.Pattern[str]:
        """The capitals after a lower-case word that Speller.check reads (see _CAPITAL_SOURCE), but
        the heads of names of bodies that _capital_alone lets pass by themselves ("Đảng", "Ban")
        or with the one word after them ("Nghị quyết"): most of a text's capitals. Each is
        matched after its first letter, which the pattern has read, and as a whole word."""
        needed = {
            word
            for head, starts in self.capital_starts.items()
            for word in (head, *(rest[0] for rest in starts if rest))
        }
        written: dict[str, list[str]] = {}
        for form, known in self.forms.items():
            if known[0] in needed:
                written.setdefault(known[0], []).append(form)
        by_letter: dict[str, set[str]] = {}
        for head, starts in self.capital_starts.items():
            if head in self.never_names or head not in self.syllables:
                continue  # _capital_alone: a word that never starts a name; not a syllable: let pass anyway
            if any(not rest for rest in starts):
                ends = [""]
            else:
                ends = [
                    rf"[ \n]{re.escape(form)}" for rest in starts if len(rest) == 1 for form in written.get(rest[0], ())
                ]
            for form in written.get(head, ()):
                capital = form.capitalize()
                if len(capital) > 1 and not capital.isupper():
                    by_letter.setdefault(capital[0], set()).update(re.escape(capital[1:]) + end for end in ends)
        names = "|".join(
            rf"(?<={re.escape(letter)})(?:{'|'.join(sorted(rests, reverse=True))})(?![^\W_])"
            for letter, rests in sorted(by_letter.items())
        )
        return re.compile(_CAPITAL_SOURCE.replace("{names}", f"(?!{names})" if names else ""))

    def normal(self, word: str) -> str:
        """vn.normal, read from the table where the word is in it (the same, without parsing)."""
        return _normal_in(self.forms, word)

    def sound(self, word: str) -> str:
        """vn.sound of a word in lower case, read from the table where the word is in it."""
        known = self.forms.get(word)
        return known[2] if known is not None else vn.sound(word)

    def skeleton(self, word: str) -> str:
        """vn.skeleton of a word in lower case, read from the table where the word is in it."""
        known = self.forms.get(word)
        return known[3] if known is not None else vn.skeleton(word)

    @cached_property
    def named_by_sound(self) -> dict[str, list[str]]:
        """The words that end a known pair or are the second of a confusable phrase, by sound: the
        second words a pair is told apart by (see Speller._may_begin)."""
        found: dict[str, list[str]] = {}
        for name in sorted(self.named):
            found.setdefault(self.sound(name), []).append(name)
        return found

    def __post_init__(self) -> None:
        self.known_pairs: set[tuple[str, str]] = set()
        # Known pairs by how they sound without marks, and by their letters without marks (so đ
        # and d): a pair that sounds like one but is written otherwise is a slip in it ("chỉ đao",
        # "chặt trẽ"); one that is its letters without any mark was typed with none ("lanh dao").
        self.pairs_by_sound: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.compound_syllables: set[str] = set()
        self.known_triples: set[tuple[str, str, str]] = set()
        sound, skeleton = self.sound, self.skeleton
        for words in self.compounds:
            self.compound_syllables.update(words)
            self.known_pairs.update(zip(words, words[1:]))
            self.known_triples.update(zip(words, words[1:], words[2:]))
            # Only two-syllable words are matched loosely: a pair cut out of a longer phrase
            # ("những hạn" of "những hạn chế") is no word, and reads like too many real ones.
            if len(words) == 2:
                pair = (words[0], words[1])
                for key in ((sound(pair[0]), sound(pair[1])), (skeleton(pair[0]), skeleton(pair[1]))):
                    if pair not in self.pairs_by_sound.setdefault(key, []):
                        self.pairs_by_sound[key].append(pair)
        for words in self.also:
            self.known_pairs.update(zip(words, words[1:]))
        self.sound_firsts = {key[0] for key in self.pairs_by_sound}
        self.sound_seconds = {key[1] for key in self.pairs_by_sound}
        # The second keys (sounds or letters without marks) each first key makes a known word with.
        self.next_keys: dict[str, set[str]] = {}
        for first_key, second_key in self.pairs_by_sound:
            self.next_keys.setdefault(first_key, set()).add(second_key)
        # capital_words by first word: the words that must follow it (() for none).
        self.capital_starts: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.capital_words:
            first, *rest = phrase.split()
            self.capital_starts.setdefault(first, []).append(tuple(rest))
        self.confusable_firsts: dict[str, list[dict]] = {}
        self.confusable_pairs = {entry["wrong"][:2] for entry in self.confusables}
        self.confusable_seconds = {pair[1] for pair in self.confusable_pairs if len(pair) > 1}
        self.named = {second for _, second in self.known_pairs} | self.confusable_seconds
        # The words each word makes a known pair with, as the first of it.
        self.seconds_of: dict[str, set[str]] = {}
        for first_word, second_word in self.known_pairs:
            self.seconds_of.setdefault(first_word, set()).add(second_word)
        for entry in self.confusables:
            self.confusable_firsts.setdefault(entry["wrong"][0], []).append(entry)


def _lines(text: str) -> list[str]:
    # Stripped only where needed: the files are written by tools/spelling_data.py, and stripping
    # every one of their 16,000 lines is a good part of a cold start.
    lines = text.split("\n")
    return [
        line if line == line.strip() else line.strip()
        for line in lines
        if line and line[0] != "#" and not line.isspace()
    ]


def _normal_in(forms: dict[str, tuple], word: str) -> str:
    """vn.normal, read from the table of written forms where the word is in it."""
    known = forms.get(word.lower())
    return known[0] if known is not None else vn.normal(word)


def _phrases(text: str, normal: Callable[[str], str] = vn.normal) -> list[tuple[str, ...]]:
    return [tuple(normal(word) for word in phrase.split()) for phrase in text.split(",") if phrase.strip()]


@cache
def lexicon(taught: bool = True) -> Lexicon:
    """The lexicon of gen/data/spelling/, read once per process; with the lessons of lessons.tsv
    where they were made from its files (`taught`), else without."""
    # Some 30,000 small objects that all live on: the cyclic collector would go over them again
    # and again while they are made, for nothing (a third of a cold start).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_lexicon(taught)
    finally:
        if collecting:
            gc.enable()


# The files the lexicon is made of: lessons.tsv is only read when made from these very ones.
INPUTS = ("compounds.yaml", "names.yaml", "forms.tsv", "extra-syllables.txt", "places.txt")


def _read_lexicon(taught: bool = True) -> Lexicon:
    """The lexicon, with its lessons where lessons.tsv was made from the same files (`taught`)."""
    raw = {name: (DATA / name).read_bytes() for name in INPUTS}
    digest = hashlib.blake2b(b"".join(raw[name] for name in INPUTS), digest_size=16).hexdigest()
    # Parsed from the bytes the digest was made of: each file read once.
    words = parse_data(raw["compounds.yaml"].decode("utf-8"))
    names = parse_data(raw["names.yaml"].decode("utf-8"))
    forms = {}
    styles = {"-": None, "old": "old", "new": "new"}
    for line in _lines(raw["forms.tsv"].decode("utf-8")):
        form, normal, style, sound, skeleton = line.split("\t")
        forms[form] = (normal, styles.get(style, style), sound, skeleton)
    # forms.tsv is made from syllables.txt and holds each of its syllables (tests/test_spelling.py
    # holds them equal): one file read instead of two at every cold start.
    syllables = {normal for normal, _, _, _ in forms.values()}

    normal_of = partial(_normal_in, forms)  # Lexicon.normal, before the lexicon is made
    syllables |= {normal_of(word) for word in _lines(raw["extra-syllables.txt"].decode("utf-8"))}
    # places.txt is written with its tone marks placed the speller's way (tools/spelling_data.py).
    name_words = set(" ".join(_lines(raw["places.txt"].decode("utf-8"))).lower().split())
    proper = {word.strip().lower() for word in names["foreign"].split(",")}
    for people in names["peoples"].split(","):
        proper.update(normal_of(word) for word in people.split())
    name_words |= proper
    confusables = [
        {
            **entry,
            "wrong": tuple(normal_of(word) for word in entry["wrong"].split()),
            "right": entry["right"],
            "unless_next": {normal_of(word) for word in entry.get("unless_next", ())},
        }
        for entry in words["confusables"]
    ]
    return Lexicon(
        syllables=syllables,
        forms=forms,
        compounds=[
            phrase for phrase in _phrases(words["compounds"] + "," + words["phrases"], normal_of) if len(phrase) > 1
        ],
        also=_phrases(words["also"], normal_of),
        confusables=confusables,
        names=name_words,
        proper=proper,
        capital_words={" ".join(normal_of(w) for w in phrase.split()) for phrase in names["capital_words"].split(",")},
        name_triggers={normal_of(word.strip()) for word in names["name_triggers"].split(",")},
        never_names={normal_of(word.strip()) for word in names["never_names"].split(",")},
        dates={normal_of(word.strip()) for word in names["dates"].split(",")},
        lessons=_lessons(digest) if taught else None,
        digest=digest,
    )


def _lessons(digest: str) -> Lessons | None:
    """lessons.tsv where it was made from the lexicon's files as they are. Missing, stale or cut
    short (an install gone wrong), it is left aside: the speller learns as it reads, to the same
    verdicts, only slower."""
    try:
        made_from, lessons = Lessons.parse((DATA / LESSONS).read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError, KeyError, IndexError):
        return None
    return lessons if made_from == digest else None
