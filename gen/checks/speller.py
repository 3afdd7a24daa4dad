"""The speller: the typing slips of a Vietnamese text — syllables the language cannot have, syllables
no dictionary knows, a wrong syllable inside a fixed word of administrative language, a capital in
mid-sentence, tone marks placed in the other style.

It works on plain text and offsets and knows nothing of YAML or rules, so that the checks and the
page can both use it. The verdict on a written word is kept for the life of the speller (a word is
judged once however often it is written), which is what keeps it within its time budget.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count, islice
from operator import contains, itemgetter

from gen.checks import vietnamese as vn
from gen.checks.lexicon import NEW, NO_CODES, OLD, SUSPECT, Lessons, Lexicon, Role, lexicon

SYLLABLE = "spelling.syllable"
UNKNOWN = "spelling.unknown"
COMPOUND = "spelling.compound"
CAPITAL = "spelling.capital"
TONE_PLACEMENT = "spelling.tone_placement"

ASK_BEFORE = 2  # _capital_alone: the words before the capital decide
_STYLES = {"old": OLD, "new": NEW}
_WANTED, _CODE, _MARK = itemgetter(0), itemgetter(1), itemgetter(2)


class _Roles(dict):
    """The roles of the tokens met (see Role), a token not met yet learnt as it is looked up: the
    pass over a text's tokens looks each up once, in C, and calls Python only for a new one."""

    def __init__(self, learn: Callable[[str], None]):
        super().__init__()
        self.learn = learn

    def __missing__(self, raw: str) -> Role:
        self.learn(raw)
        return self[raw]


# Punctuation a word is often written between: none of it is a letter, a digit or "_" (\w), so a
# token of a word and these around it holds that word only, by WORD.
_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»*…-–—/%&+=<>"
_SEPARATORS = _PUNCTUATION.replace("'", "").replace("’", "")  # an apostrophe may join a word: M'Drắk

# Words with the apostrophe of minority-language names (M'Drắk, H'Mông) are one word.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ROMAN = re.compile(r"[IVXLC]+")


@dataclass(frozen=True)
class Slip:
    """One slip, by offsets in the text given to `Speller.check`. `reason` says why (a syllable
    problem of gen.checks.vietnamese, "telex", "vni", "no_marks", "unknown", "compound",
    "confusable", "capital", or the expected style "old"/"new")."""

    rule: str
    start: int
    end: int
    word: str
    suggestion: str | None = None
    reason: str = ""


def make_lessons() -> str:
    """The text of lessons.tsv for the lexicon's files as they are: what a speller that knows
    nothing ahead learns of every syllable."""
    known = lexicon(taught=False)
    speller = Speller(known)
    for form in known.forms:
        speller.learn(form)
    return speller.lessons().text(known.digest)


@dataclass(slots=True)
class _Word:
    """The verdict on one written word."""

    normal: str  # lower case, tone placed the new way; the word lower-cased when not a syllable
    skeleton: str
    rule: str | None = None  # the slip, when the word alone is one
    reason: str = ""
    meant: str | None = None  # what was typed, read through Telex or VNI
    style: str | None = None  # "old" / "new" for the syllables where the two placements differ
    sound: str = ""  # the skeleton with the consonants confused by ear folded together


def _case_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _has_marks(lower: str) -> bool:
    """Tone marks or vowel hooks: what an abbreviation (HĐND, UBKT, XIV) never has."""
    base, tones = vn.split_tones(lower)
    return bool(tones) or any(char in vn.MODIFIED for char in base)


def _gap(text: str, first: tuple, second: tuple, commas: bool = False, hyphens: bool = False) -> bool:
    """Whether two words stand in one phrase: only spaces between them, or a single line break
    (a folded YAML line); and a comma or a hyphen between names when asked."""
    between = text[first[2] : second[1]]
    if between == " ":
        return True
    if "\n\n" in between:
        return False
    stripped = between.strip(" \n")
    if not stripped:
        return True
    if commas and stripped == ",":
        return True
    return hyphens and stripped in ("-", "–")


@lru_cache(maxsize=4096)  # the same few pairs of syllables are weighed in every window they stand in
def _slips_apart(right: str, written: str) -> int:
    """How many slips turn one syllable into the other: a consonant confused by ear, a hook, a tone."""
    if vn.skeleton(right) == vn.skeleton(written):
        return _marks_apart(right, written)
    ours, theirs = vn.parse(right), vn.parse(written)
    if ours is None or theirs is None:
        return 9
    end_ours, end_theirs = vn.coda(ours.rhyme), vn.coda(theirs.rhyme)
    body_ours = ours.rhyme[: len(ours.rhyme) - len(end_ours)]
    body_theirs = theirs.rhyme[: len(theirs.rhyme) - len(end_theirs)]
    return (
        (ours.onset != theirs.onset)
        + (end_ours != end_theirs)
        + (body_ours != body_theirs)
        + (ours.tone != theirs.tone)
    )


# Words a window keeps each side of its spans: the rules read four words away (a fixed word of four
# words from three before, and the word before it; a capital's next three), and one more is read
# on each side so that the fourth is never the window's first or last word; after the spans, one
# more for a word that goes on past a span's end ("Nam2" after the capital of "Nam").
_KEPT = 6


def _narrowed(text: str, low: int, high: int, start: int, end: int) -> tuple[int, int]:
    """The part of a window [low, high) that the rules read: from the _KEPT-th word before its
    first span to the _KEPT-th after its last, where it holds more (a word: characters between
    spaces with a letter or digit among them, so at least one word of the window's reading)."""
    before = text[low:start].rsplit(None, _KEPT)
    if len(before) > _KEPT and all(map(_has_alnum, before[1:])):
        low = text.find(before[1], low + len(before[0]))
    after = text[end:high].split(None, _KEPT)
    if len(after) > _KEPT and all(map(_has_alnum, after[:-1])):
        high -= len(after[-1])
    return low, high


def _in_word(text: str, index: int) -> bool:
    """Whether the character at `index` may belong to a word of WORD."""
    return text[index].isalnum() or text[index] in "'’"


# Whether a chunk holds a letter or digit (str.isalnum of one character, which [^\W_] is), by a
# search in C: a window asks it of a dozen chunks, and a loop over their characters was a fifth of
# the window's cost.
_has_alnum = re.compile(r"[^\W_]").search


@lru_cache(maxsize=16384)  # a suggestion weighs the same few syllables of a skeleton again and again
def _base_and_tone(word: str) -> tuple[str, int]:
    """The word without tone marks (lower case), and its first tone (0 for none)."""
    base, tones = vn.split_tones(word)
    return base, tones[0][1] if tones else 0


def _nearest(choices: list[tuple[str, str]], pair: tuple[str, str]) -> tuple[tuple[str, str], int]:
    """The known pair fewest slips away from a written one, and how many."""
    best = min(choices, key=lambda choice: _slips_apart(choice[0], pair[0]) + _slips_apart(choice[1], pair[1]))
    return best, _slips_apart(best[0], pair[0]) + _slips_apart(best[1], pair[1])


def _marks_apart(right: str, written: str) -> int:
    """How many marks differ between two syllables of the same letters."""
    base_right, tones_right = vn.split_tones(right)
    base_written, tones_written = vn.split_tones(written)
    apart = sum(a != b for a, b in zip(base_right, base_written))
    return apart + ((tones_right[0][1] if tones_right else 0) != (tones_written[0][1] if tones_written else 0))


class Speller:
    """Checks texts against a lexicon. The words an office allows and its tone-placement style are
    given with each text, so that one speller (and its verdicts on words) serves every office."""

    memory = 100_000  # words judged before all that is learnt is forgotten (see check())

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._forgotten = 0  # times all that was learnt was forgotten
        self._words: dict[str, _Word] = {}
        # What the sifting of check() has learnt: the role of every token met (see Role).
        self._roles: dict[str, Role] = _Roles(self.learn)
        self._shared_roles: dict[Role, Role] = {}
        self._code_sets: dict[tuple[str, str, str], frozenset[str]] = {}
        self._codes_by_sound: dict[tuple[str, str], frozenset[str]] = {}
        self._sound_codes: dict[str, str] = {}  # sound → "~" + sound, one string for each
        # Capitals judged by themselves and the word after them: yes, no, or ask the words before.
        self._capitals_alone: dict[tuple[str, str], int] = {}
        self._seen_pairs: set[tuple[str, str]] = set()
        self._suspect_pairs: set[tuple[str, str]] = set()
        # The roles of every dictionary syllable, made ahead: a token found there is learnt by one
        # look-up. Kept apart from _roles, which holds only the tokens met, so that the look-up
        # of every token of a text is made in a small table (a third faster after a render).
        self._lessons: dict[str, Role] = lexicon.lessons.roles if lexicon.lessons is not None else {}

    def lessons(self) -> Lessons:
        """What the sifting has learnt so far (make_lessons writes it for every syllable)."""
        return Lessons(dict(self._roles))

    # --- one word ----------------------------------------------------------------------------
    def word(self, token: str) -> _Word:
        verdict = self._words.get(token)
        if verdict is None:
            verdict = self._words[token] = self._judge(token)
            if not verdict.sound and verdict.normal:
                verdict.sound = vn.sound(verdict.normal)
        return verdict

    def _forget(self) -> None:
        learnt = (
            self._words,
            self._capitals_alone,
            self._roles,
            self._shared_roles,
            self._code_sets,
            self._codes_by_sound,
            self._seen_pairs,
            self._suspect_pairs,
        )
        for table in learnt:
            table.clear()
        self._forgotten += 1

    def _judge(self, token: str) -> _Word:
        lower = token.lower()
        lexicon = self.lexicon
        known = lexicon.forms.get(lower)
        if known is not None and not token.isupper():
            # A syllable of the dictionary, as written, the commonest case: the table's forms have
            # no digit, and a token with a lower-case letter is no Roman numeral (the checks below).
            normal, style, sound, skeleton = known
            return _Word(normal, skeleton, style=style, sound=sound)
        if token.isdigit():
            return _Word("#", "#")  # 2026, 06 (no VNI word: vn.vni wants a letter)
        if any(char.isdigit() for char in token):
            meant = vn.vni(token)
            if meant and not token.isupper() and vn.normal(meant) in lexicon.syllables:
                return _Word(lower, "", SYLLABLE, "vni", vn.normal(meant))
            return _Word("#", "#") if token.isdigit() else _Word(lower, "")  # 2026, 06; F0, B52: codes
        if _ROMAN.fullmatch(token):
            return _Word("#", "#")  # quý III, khóa XIV: a number
        known = lexicon.forms.get(lower)
        if known is not None:  # a syllable of the dictionary, as written: one look-up
            normal, style, sound, skeleton = known
            return _Word(normal, skeleton, style=style, sound=sound)
        skeleton = vn.skeleton(lower)
        syllable = vn.parse(token)
        problem = vn.SHAPE if syllable is None else vn.problem(syllable)
        if len(token) == 1 or lower in lexicon.names:
            style = vn.style_of(syllable) if syllable is not None and problem is None else None
            return _Word(vn.normal(lower), skeleton, style=style)
        if problem is None and syllable is not None:
            normal = vn.compose(syllable.onset, syllable.rhyme, syllable.tone)
            style = vn.style_of(syllable)
            # Capitalised words may be names, whose syllables no dictionary lists (Diệm, Thới).
            if normal not in lexicon.syllables and token[:1].islower():
                return _Word(normal, skeleton, UNKNOWN, "unknown", style=style)
            return _Word(normal, skeleton, style=style)
        if token.isupper() and not _has_marks(lower):
            return _Word(lower, skeleton)  # HĐND, UBND, XIV: abbreviations and Roman numerals
        if lower.isascii():
            meant = vn.telex(token)
            if meant and vn.normal(meant) in lexicon.syllables:
                return _Word(lower, skeleton, SYLLABLE, "telex", vn.normal(meant))
            if token[:1].islower() and skeleton in lexicon.by_skeleton:
                return _Word(lower, skeleton, SYLLABLE, "no_marks")
            if token.islower() and (not any(char in "aeiouy" for char in lower) or self._near(lower)):
                return _Word(lower, skeleton, SYLLABLE, vn.SHAPE)  # "trng", "qan", "thahn": a letter lost or swapped
            return _Word(lower, skeleton)  # a foreign word or name: camera, Internet
        return _Word(lower, skeleton, SYLLABLE, problem or vn.SHAPE)

    def _near(self, word: str) -> list[str]:
        """Skeletons of syllables one slip away from a word without marks: a letter left out, added
        or swapped with its neighbour."""
        variants = {word[:i] + word[i + 1 :] for i in range(len(word))}
        variants |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        found = variants & self.lexicon.by_skeleton.keys()
        found |= self.lexicon.one_letter_more.get(word, set())
        return sorted(found)

    # --- suggestions -------------------------------------------------------------------------
    def suggest(self, token: str, before: str = "", after: str = "") -> str | None:
        """The word most likely meant: the same letters with the nearest marks, preferring one
        that makes a fixed word with a neighbour ("đuợc triển khai" → "được")."""
        verdict = self.word(token)
        if verdict.meant:
            return _case_like(token, verdict.meant)
        lexicon = self.lexicon
        candidates = lexicon.by_skeleton.get(verdict.skeleton, [])
        if not candidates and verdict.skeleton.isascii():
            candidates = [c for near in self._near(verdict.skeleton) for c in lexicon.by_skeleton[near]]
        typed_base, typed_tone = _base_and_tone(token)
        before_normal = self.word(before).normal if before else ""
        after_normal = self.word(after).normal if after else ""

        def score(candidate: str) -> tuple:
            base, tone = _base_and_tone(candidate)
            letters = sum(a != b for a, b in zip(base, typed_base))
            pairs = lexicon.known_pairs
            in_compound = (before_normal, candidate) in pairs or (candidate, after_normal) in pairs
            return (
                not in_compound,
                letters + (typed_tone != 0 and tone != typed_tone),
                candidate not in lexicon.compound_syllables,
                tone != typed_tone,
                candidate,
            )

        best = min((c for c in candidates if c != verdict.normal), key=score, default=None)
        return _case_like(token, best) if best else None

    # --- a whole text ------------------------------------------------------------------------
    def check(self, text: str, allowed: Set[str] = frozenset(), style: str | None = None) -> list[Slip]:
        """Every slip of the text, by offsets. Paragraphs may be joined with a blank line: a phrase
        never runs across one. `allowed`: lower-case words (and their normal forms) to let pass;
        `style`: "old" (hoà) or "new" (hòa), or None for the text's majority.

        Looking at every word in Python costs too much for a 6-page document checked on each
        build, so the whole text is sifted with C-level work (split, one look-up of each token's
        role, one pass over the pairs of tokens, one regular expression for capitals), and only
        the few places that may hold a slip are read word by word, in a window of their paragraph."""
        if len(self._words) > self.memory:
            # A long-running page sees endless new tokens: memory is kept bounded, forgetting
            # between two texts (not while one is read: what it learnt is used to the end).
            self._forget()
        # Punctuation is sifted as space (in place: the offsets hold), so that "bộ," "(bộ" and
        # "bộ" are one token to learn and look up; a pair across a comma or a blank line is read
        # in its window, where _gap keeps phrases apart.
        sifted = text
        for mark in _SEPARATORS:
            if mark in sifted:
                sifted = sifted.replace(mark, " ")
        tokens = sifted.split()
        # Each token's role by one look-up (a token not met yet learnt on the way), and the tokens
        # with a mark — a possible slip, a tone style — gathered in C: few of a text's.
        roles = self._roles
        found = list(map(roles.__getitem__, tokens))
        marked = set(compress(tokens, map(_MARK, found)))
        spans: list[tuple[int, int]] = []
        marks = 0
        for raw in marked:
            flags = roles[raw][2]
            marks |= flags
            if flags & SUSPECT:
                spans += self._find(sifted, raw)
        # Only pairs whose second token sounds like the end of a known word that the first may
        # begin, and is not that word (map, contains and compress stay in C): the other pairs of a
        # text, all of them in most texts, can hold no misspelt known word, and are never looked
        # at in Python.
        sounding = map(contains, map(_WANTED, found), map(_CODE, islice(found, 1, None)))
        pairs = Counter((tokens[i], tokens[i + 1]) for i in compress(count(), sounding))
        for pair in pairs.keys() - self._seen_pairs:
            self._seen_pairs.add(pair)
            if self._suspect_pair(pair):
                self._suspect_pairs.add(pair)
        for first, second in pairs.keys() & self._suspect_pairs:
            # Not across punctuation sifted as space ("vị, chi"): no known word runs across it.
            found_at = self._find_pair(sifted, first, second, pairs[first, second])
            spans += [(a, b) for a, b in found_at if text[a:b] == sifted[a:b] and not self._pair_let_pass(text, a, b)]
        capitals: set[tuple[int, int]] = set()
        for match in self.lexicon.capital_pattern.finditer(text):
            if text.startswith("-", match.end(1)):
                continue  # "Ăng-co", "Mát-xcơ-va": a foreign name written syllable by syllable
            if self._suspect_capital(text, match.start(), match.group(1), match.group(2) or ""):
                spans.append(match.span(1))
                capitals.add(match.span(1))
        slips = self._windows(text, spans, allowed, capitals)
        if marks & OLD and marks & NEW:  # else no word is written both ways
            slips += self._styles_of(text, {raw for raw in marked if roles[raw][2] & (OLD | NEW)}, style)
        slips.sort(key=lambda slip: (slip.start, slip.rule))
        return slips

    # --- sifting -----------------------------------------------------------------------------
    def learn(self, raw: str) -> None:
        """Judge a whitespace-separated token once: its role (see Role)."""
        known = self._lessons.get(raw)
        if known is not None:
            self._roles[raw] = known
            return
        model = self._model_of(raw)
        if model is not None:
            if model not in self._roles:
                self.learn(model)
            codes, code, mark = self._roles[model]
            # A capitalised word ends no known word: it may be a name ("Gia Định", see _may_end).
            capitalised = raw[0].isupper() and not raw.isupper()
            self._roles[raw] = self._role(codes, "" if capitalised else code, mark)
            return
        codes, code, mark = NO_CODES, "", 0
        lexicon = self.lexicon
        # Most tokens are one word, or one word with punctuation around it ("(năm", "bộ,"): the
        # word is then all of WORD.findall, and the pair reads it on the side with no punctuation.
        word = raw.strip(_PUNCTUATION) if len(raw) <= 24 else raw
        if word.isalpha():
            verdict = self.word(word)
            mark = (SUSPECT if verdict.rule else 0) | _STYLES.get(verdict.style or "", 0)
            if raw[-1].isalpha() and (
                verdict.sound in lexicon.sound_firsts or verdict.normal in lexicon.confusable_firsts
            ):
                codes = self._may_begin(verdict)
            seconds = lexicon.sound_seconds
            if raw[0].isalpha() and (
                verdict.sound in seconds or verdict.skeleton in seconds or verdict.normal in lexicon.confusable_seconds
            ):
                code = self._may_end(raw, verdict)
            self._roles[raw] = self._role(codes, code, mark)
            return
        words = WORD.findall(raw)
        for word in words:
            verdict = self.word(word)
            mark |= (SUSPECT if verdict.rule else 0) | _STYLES.get(verdict.style or "", 0)
        if words and raw[-1].isalnum():
            last = self.word(words[-1])
            if last.sound in lexicon.sound_firsts or last.normal in lexicon.confusable_firsts:
                codes = self._may_begin(self._read_by(raw, last=True))  # the word a pair reads it by
        two = self._read_by(raw, last=False) if words and raw[0].isalnum() else None
        if two is not None:
            seconds = lexicon.sound_seconds
            if two.sound in seconds or two.skeleton in seconds or two.normal in lexicon.confusable_seconds:
                code = self._may_end(raw, two)
        self._roles[raw] = self._role(codes, code, mark)

    def _role(self, codes: frozenset[str], code: str, mark: int) -> Role:
        """One tuple for every token of the same role: few objects for the pass over pairs to touch."""
        role = (codes, code, mark)
        return self._shared_roles.setdefault(role, role)

    def _model_of(self, raw: str) -> str | None:
        """A token that learn() judges as another one: any number as "0" (the word "#"); a
        dictionary syllable in capitals or with a capital as in lower case (the same word, which
        with a capital ends no known word). Not a Roman numeral ("XI", "V": a number), nor a
        letter alone in capitals ("A": an abbreviation). None when learnt by itself."""
        if raw.isdigit() and raw.isascii():
            return "0" if raw != "0" else None
        if len(raw) > 1 and raw[0].isupper():
            lower = raw.lower()
            if lower in self.lexicon.forms and (
                lower.capitalize() == raw or raw.isupper() and not _ROMAN.fullmatch(raw)
            ):
                return lower
        return None

    def _may_begin(self, one: _Word | None) -> frozenset[str]:
        """The token may begin a known word, read by its word `one`: the codes (see _may_end) of
        the second tokens _suspect_pair could say yes for. A superset: a pair (one, two) is suspect
        only if the two begin a confusable phrase, or are no known pair while their sounds, or
        (both unmarked) their letters, make a key of pairs_by_sound; an unmarked word's sound is
        the sound of its letters, and a word's sound is its normal form's."""
        if one is None:
            return NO_CODES  # _suspect_pair says no
        ascii_letters = one.skeleton if one.normal.isascii() else ""
        key = (one.sound, ascii_letters, one.normal)
        codes = self._code_sets.get(key)
        if codes is None:
            lexicon = self.lexicon
            confusable = [
                entry["wrong"][1] for entry in lexicon.confusable_firsts.get(one.normal, ()) if len(entry["wrong"]) > 1
            ]
            # The codes of the sounds alone are shared by every word of the same sound and letters
            # (one set object for them all); the words the first makes a known pair with come out.
            by_sound = (one.sound, ascii_letters)
            every = self._codes_by_sound.get(by_sound)
            if every is None:
                sounds = set(lexicon.next_keys.get(one.sound, ()))
                if ascii_letters:
                    sounds.update(vn.sound(letters) for letters in lexicon.next_keys.get(ascii_letters, ()))
                gathered = {self._sound_code(sound) for sound in sounds}
                gathered.update(name for sound in sounds for name in lexicon.named_by_sound.get(sound, ()))
                every = self._codes_by_sound[by_sound] = frozenset(gathered)
            known = every & lexicon.seconds_of.get(one.normal, NO_CODES)
            if confusable:
                sounds = {vn.sound(name) for name in confusable}
                extra = {self._sound_code(sound) for sound in sounds}
                extra.update(name for sound in sounds for name in lexicon.named_by_sound.get(sound, ()))
                known = (known | (extra & lexicon.seconds_of.get(one.normal, NO_CODES))) - set(confusable)
                codes = (every | extra) - known
            else:
                codes = every - known if known else every
            self._code_sets[key] = codes
        return codes

    def _sound_code(self, sound: str) -> str:
        code = self._sound_codes.get(sound)
        if code is None:
            code = self._sound_codes[sound] = "~" + sound
        return code

    def _may_end(self, raw: str, two: _Word) -> str:
        """The token may end a known word, read by its word `two`: its code is the word's normal
        form where it ends a known pair or is the second of a confusable phrase ("đạo"), else "~"
        and its sound ("~đao"). So "chỉ" wants "~đao" and not "đạo": "chỉ đạo" is never read."""
        if raw[0].isupper() and not raw.isupper():  # _suspect_pair: "Gia Định" is a name
            return ""
        normal = two.normal
        return normal if normal in self.lexicon.named else self._sound_code(two.sound)

    def _read_by(self, raw: str, last: bool) -> _Word | None:
        """The word a pair reads a token by, as learn found it: the token's one word (punctuation
        around it aside), else its last (or first) word in its last (or first) 24 characters."""
        word = raw.strip(_PUNCTUATION) if len(raw) <= 24 else raw
        if word.isalpha():
            return self.word(word)
        words = WORD.findall(raw[-24:] if last else raw[:24])
        return self.word(words[-1 if last else 0]) if words else None

    def _suspect_pair(self, pair: tuple[str, str]) -> bool:
        """Whether two neighbouring tokens may be a known word written wrong ("chỉ đao"). Both
        are tokens learn found may begin and may end one: a letter or digit ends the first and
        starts the second (a comma, a full stop, a bracket between them: no word runs across)."""
        first, second = pair
        if second[0].isupper() and not second.isupper():
            return False  # "Sài Gòn - Gia Định": a name
        one, two = self._read_by(first, last=True), self._read_by(second, last=False)
        if one is None or two is None:
            return False
        lexicon = self.lexicon
        pair = (one.normal, two.normal)
        if pair in lexicon.confusable_pairs:
            return True
        if one.sound not in lexicon.sound_firsts or pair in lexicon.known_pairs:
            return False
        choices = self._choices(one, two)
        if not choices:
            return False
        # What _compounds lets pass by the pair alone: marked words two slips or more from the
        # nearest known word (its window would be read for nothing).
        return (pair[0] + pair[1]).isascii() or _nearest(choices, pair)[1] <= 1

    def _choices(self, one: _Word, two: _Word) -> list[tuple[str, str]] | None:
        """The known two-word words a written pair may stand for: those that sound like it, or for
        words without marks, those of the same letters ("lanh dao")."""
        pairs_by_sound = self.lexicon.pairs_by_sound
        choices = pairs_by_sound.get((one.sound, two.sound))
        if not choices and (one.normal + two.normal).isascii():
            choices = pairs_by_sound.get((one.skeleton, two.skeleton))
        return choices

    def _taken_by_neighbour(self, pair: tuple[str, str], best: tuple[str, ...], before: str, after: str) -> bool:
        """Whether a syllable of the pair makes a known word with its other neighbour, and so
        belongs to it ("tiến độ thi công" reads like "đô thị" without marks, "về sinh hoạt" like
        "vệ sinh") — unless the three make one known phrase ("được quan tâm")."""
        pairs, triples = self.lexicon.known_pairs, self.lexicon.known_triples
        if (before, pair[0]) in pairs and (before, *best) not in triples:
            return True
        return (pair[1], after) in pairs and (*best, after) not in triples

    def _pair_let_pass(self, text: str, start: int, end: int) -> bool:
        """Whether _compounds lets a suspect pair pass here by the words around it ("liên quan
        trong": "quan" belongs to "liên quan"; "học sinh về sinh hoạt"), read here so that no
        window is read for it. Only for a pair of two plain words that begins no confusable phrase,
        and where the words around are surely the window's: whole, in the paragraph."""
        first, _, second = text[start:end].partition(" ")
        if not (first.isalpha() and second.isalpha()):
            return False  # another space between them, or more than a word each side
        one, two = self.word(first), self.word(second)
        lexicon = self.lexicon
        if one.rule or two.rule or one.normal in lexicon.confusable_firsts:
            return False
        # The words before and after, in the 30 characters each side (the window reads at least
        # these): not known where none is there but the paragraph goes on, or where the only one
        # may be cut at the edge.
        blank = text.rfind("\n\n", 0, start)
        paragraph = blank + 2 if blank >= 0 else 0
        reach = max(paragraph, start - 30)
        words_before = WORD.findall(text[reach:start])
        if reach > paragraph and len(words_before) < 2:
            if not words_before or _in_word(text, reach - 1):
                return False
        if end < len(text) and _in_word(text, end):
            return False  # the second word goes on past the pair ("đao2"): not the window's
        tail = text[end : end + 30].split("\n\n")[0]
        words_after = WORD.findall(tail)
        if len(tail) == 30 and end + 30 < len(text) and len(words_after) < 2:
            return False
        choices = self._choices(one, two)
        if not choices:
            return False
        pair = (one.normal, two.normal)
        before = self.word(words_before[-1]).normal if words_before else ""
        after = self.word(words_after[0]).normal if words_after else ""
        return self._taken_by_neighbour(pair, _nearest(choices, pair)[0], before, after)

    def _suspect_capital(self, text: str, start: int, word: str, following: str) -> bool:
        """Whether a capital after a lower-case word may be a slip, judged by the word, the one
        after it and the two before it; _capitals reads the rest of the words around it."""
        alone = self._capitals_alone.get((word, following))
        if alone is None:
            alone = self._capitals_alone[(word, following)] = self._capital_alone(word, following)
        if not alone:
            return False
        low = max(0, start - 40)
        before = WORD.findall(text[low:start])
        # The regular expression asks for a lower-case letter before the capital, _capitals for a
        # word that begins with one: "Việt Nam", "Hải Phòng", "Ban Xây dựng" are read no further
        # (when the word is whole in the 40 characters).
        if before and not before[-1][0].islower() and (len(before) > 1 or low == 0 or text[low - 1].isspace()):
            return False
        if alone != ASK_BEFORE:
            return True
        lexicon = self.lexicon
        if before and self.word(before[-1]).normal in lexicon.name_triggers:
            return False  # "xã Hồng", "đồng chí Hùng"
        if len(before) > 1 and before[-2][0].isupper() and not before[-2].isupper():
            head = lexicon.capital_starts.get(self.word(before[-2]).normal, ())
            if any(not rest or rest[:1] == (self.word(before[-1]).normal,) for rest in head):
                return False  # "Ủy ban Kiểm tra": the next part of a name after its head
        return not self._let_pass_by_neighbours(text, start, word, before, low)

    def _let_pass_by_neighbours(self, text: str, start: int, word: str, before: list[str], low: int) -> bool:
        """What _capitals lets pass by the words up to three before and after a capital, read here
        so that no window is read for it: the next name of a list ("Sở Nông nghiệp và Môi
        trường", "Báo cáo viên, Tuyên truyền viên") and the title of one numbered document ("Kết
        luận số 21-KL/TW"). Only where these words are surely the window's: whole, in the paragraph."""
        if len(before) > 3 and "\n\n" not in text[low:start]:  # the first may be cut: three more
            if before[-3][0].isupper() or before[-2][0].isupper():
                between = text[low:start].rpartition(before[-1])[2]
                if self.word(before[-1]).normal == "và" or between.strip() == ",":
                    return True
        end = start + len(word)
        if end < len(text) and _in_word(text, end):
            return False  # the word goes on ("Nam2"): another word than the window's
        after = WORD.findall(text[end : end + 60].split("\n\n")[0])
        return any(
            self.word(after[k]).normal == "số" and after[k + 1][0].isdigit() for k in range(min(3, len(after) - 1))
        )

    def _capital_alone(self, word: str, following: str) -> int:
        """_suspect_capital by the word and the one after it: 1 (suspect), 0 (not), or ASK_BEFORE."""
        lexicon = self.lexicon
        verdict = self.word(word)
        normal = verdict.normal
        if normal in lexicon.never_names:
            return 1
        if normal in lexicon.proper or normal not in lexicon.syllables or verdict.rule:
            return 0
        if following[:1].isupper() or following[:1].isdigit() and normal not in lexicon.dates:
            return 0  # "Hải Phòng", "Quý II", "Đề án 06": a name or a numbered title
        starts = lexicon.capital_starts.get(normal)
        if starts is not None:
            after = self.word(following).normal if following else ""
            if any(not rest or (len(rest) == 1 and rest[0] == after) for rest in starts):
                return 0
        return ASK_BEFORE

    @classmethod
    def _find_pair(cls, text: str, first: str, second: str, times: int) -> list[tuple[int, int]]:
        """_find of a pair the text has `times` times: looked for first with one space between,
        which most are (a common first word, "các", "công", stands some sixty times in 6 pages)."""
        joined = f"{first} {second}"
        spans = []
        position = text.find(joined)
        while position >= 0:
            stop = position + len(joined)
            if (position == 0 or text[position - 1].isspace()) and (stop == len(text) or text[stop].isspace()):
                spans.append((position, stop))
            position = text.find(joined, position + 1)
        return spans if len(spans) == times else cls._find(text, first, second)

    @staticmethod
    def _find(text: str, first: str, second: str = "") -> list[tuple[int, int]]:
        """Where a whitespace-separated token (and the one after it) stands in the text."""
        spans = []
        position = text.find(first)
        while position >= 0:
            end = position + len(first)
            if (position == 0 or text[position - 1].isspace()) and (end == len(text) or text[end].isspace()):
                if not second:
                    spans.append((position, end))
                else:
                    after = end
                    while after < len(text) and text[after].isspace():
                        after += 1
                    if text.startswith(second, after):
                        stop = after + len(second)
                        if stop == len(text) or text[stop].isspace():
                            spans.append((position, stop))
            position = text.find(first, end)
        return spans

    def _windows(
        self, text: str, spans: list[tuple[int, int]], allowed: Set[str], capitals: Set[tuple[int, int]] = frozenset()
    ) -> list[Slip]:
        """Read each suspect place word by word, in its paragraph, 60 characters (a dozen words)
        each side: the rules look three words away at most."""
        if not spans:
            return []
        spans.sort()
        windows: list[list] = []
        for start, end in spans:
            left = text.rfind("\n\n", 0, start)
            right = text.find("\n\n", end)
            low = max(left + 2 if left >= 0 else 0, start - 60)
            high = min(right if right >= 0 else len(text), end + 60)
            while low > 0 and not text[low - 1].isspace():
                low -= 1
            while high < len(text) and not text[high].isspace():
                high += 1
            if windows and low <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], high)
                windows[-1][2].append((start, end))
            else:
                windows.append([low, high, [(start, end)]])
        found: dict[tuple, Slip] = {}
        for low, high, inside in windows:
            low, high = _narrowed(text, low, high, inside[0][0], max(b for _, b in inside))
            focus = [(a - low, b - low) for a, b in inside]
            for slip in self._read(text[low:high], allowed, focus, all(span in capitals for span in inside)):
                start, end = slip.start + low, slip.end + low
                if any(start < b and a < end for a, b in inside):
                    found[(slip.rule, start, end)] = Slip(
                        slip.rule, start, end, slip.word, slip.suggestion, slip.reason
                    )
        return list(found.values())

    def _styles_of(self, text: str, styled: set[str], expected: str | None) -> list[Slip]:
        """The same word in both tone placements, over the whole text (see _styles): `styled`,
        the text's tokens that hold a word in one of the two."""
        if not styled:
            return []
        styles: dict[str, set[str]] = {}
        for raw in styled:
            for word in WORD.findall(raw):
                verdict = self.word(word)
                if verdict.style and not verdict.rule:
                    styles.setdefault(verdict.normal, set()).add(verdict.style)
        if all(len(seen) < 2 for seen in styles.values()):
            return []
        tokens = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
        return list(self._styles(tokens, [self.word(token) for token, _, _ in tokens], expected))

    # --- reading word by word ----------------------------------------------------------------
    def _read(
        self, text: str, allowed: Set[str], focus: list[tuple[int, int]] | None = None, capitals: bool = False
    ) -> list[Slip]:
        """Every slip of a short text but the tone-style ones, word by word; when `focus` spans are
        given, every slip that overlaps one of them (and some that do not: _windows sifts them)."""
        tokens = [(match.group(), match.start(), match.end()) for match in WORD.finditer(text)]
        known = self._words.get
        words = [known(token) or self.word(token) for token, _, _ in tokens]
        if focus is None:
            near = overlap = starting = list(range(len(tokens)))
        else:
            # The tokens that overlap a span: from the first that ends after its start to the last
            # that starts before its end (tokens are in order and do not overlap). Only slips that
            # overlap a span are kept (see _windows): the word's own and a capital's on these
            # tokens, a fixed word's from up to three tokens before (the longest confusable phrase
            # has four words); the rules read the words within three of them.
            starts = [start for _, start, _ in tokens]
            ends = [end for _, _, end in tokens]
            inside: set[int] = set()
            for a, b in focus:
                inside.update(range(bisect_right(ends, a), bisect_left(starts, b)))
            overlap = sorted(inside)
            near = sorted({j for i in inside for j in range(max(0, i - 3), min(len(tokens), i + 4))})
            starting = sorted({j for i in inside for j in range(max(0, i - 3), i + 1)})
        slips: list[Slip] = []
        flagged: set[int] = set()
        overlapping = set(overlap)
        for index in near:
            verdict = words[index]
            if verdict.rule:
                token, start, end = tokens[index]
                if verdict.normal in allowed or token.lower() in allowed:
                    continue
                flagged.add(index)
                if index not in overlapping:
                    continue  # _windows keeps only the slips that overlap a span
                before = tokens[index - 1][0] if index and _gap(text, tokens[index - 1], tokens[index]) else ""
                after = ""
                if index + 1 < len(tokens) and _gap(text, tokens[index], tokens[index + 1]):
                    after = tokens[index + 1][0]
                slips.append(Slip(verdict.rule, start, end, token, self.suggest(token, before, after), verdict.reason))
        if capitals and not slips and not any(words[i].normal in self.lexicon.confusable_firsts for i in starting):
            # Only capitals to read, and no word of them is a slip: the fixed words that could
            # overlap them begin at a capital ("Chỉ đao"; one that ends at a capital is a name,
            # see _compounds), and a confusable phrase could begin before it. Where none does, the
            # fixed words are read from the capitals only, not from the three words before each.
            starting = overlap
        slips += self._compounds(text, tokens, words, flagged, starting)
        slips += self._capitals(text, tokens, words, allowed, overlap)
        return slips

    def _compounds(
        self, text: str, tokens: list, words: list[_Word], flagged: set[int], near: list[int]
    ) -> Iterator[Slip]:
        lexicon = self.lexicon
        pairs = lexicon.known_pairs
        for index in near:
            if index + 1 >= len(tokens):
                continue
            first = words[index]
            if first.sound not in lexicon.sound_firsts and first.normal not in lexicon.confusable_firsts:
                continue
            if not _gap(text, tokens[index], tokens[index + 1]):
                continue
            entries = lexicon.confusable_firsts.get(first.normal)
            if entries:
                slip = self._confusable(text, tokens, words, index, entries)
                if slip:
                    yield slip
                    continue
            second = words[index + 1]
            pair = (first.normal, second.normal)
            if pair in pairs or index in flagged or index + 1 in flagged:
                continue
            if tokens[index + 1][0][0].isupper() and not tokens[index + 1][0].isupper():
                continue  # "Sài Gòn - Gia Định": a name, not "gia đình"
            choices = self._choices(first, second)
            if not choices:
                continue
            best, apart = _nearest(choices, pair)
            # One slip is the usual typo ("chỉ đao", "chặt trẽ"); a phrase typed with no mark at all
            # ("lanh dao") is several. Two slips on marked words is too often another real phrase.
            if apart > 1 and not (pair[0] + pair[1]).isascii():
                continue
            before = words[index - 1].normal if index else ""
            after = words[index + 2].normal if index + 2 < len(words) else ""
            if self._taken_by_neighbour(pair, best, before, after):
                continue
            start, end = tokens[index][1], tokens[index + 1][2]
            written = text[start:end]
            # "#" in a known phrase stands for the number written there ("năm 2026", not "năm #")
            right = " ".join(tokens[index + i][0] if part == "#" else part for i, part in enumerate(best))
            yield Slip(COMPOUND, start, end, written, _case_like(written, right), "compound")

    def _confusable(self, text: str, tokens: list, words: list[_Word], index: int, entries: list[dict]) -> Slip | None:
        for entry in entries:
            wrong = entry["wrong"]
            last = index + len(wrong) - 1
            if last >= len(tokens) or any(words[index + k].normal != wrong[k] for k in range(len(wrong))):
                continue
            if not all(_gap(text, tokens[k], tokens[k + 1]) for k in range(index, last)):
                continue
            following = words[last + 1].normal if last + 1 < len(tokens) else ""
            if following in entry["unless_next"]:
                continue
            start, end = tokens[index][1], tokens[last][2]
            written = text[start:end]
            return Slip(COMPOUND, start, end, written, _case_like(written, entry["right"]), "confusable")
        return None

    def _capitals(
        self, text: str, tokens: list, words: list[_Word], allowed: Set[str], near: list[int]
    ) -> Iterator[Slip]:
        """A word with a capital after a lower-case word of the same sentence ("đề nghị Các chi
        bộ"), unless it may start a name: the first word of a body's name or a title, a name of
        several capitalised words, a word followed by a number ("Quý II", "Đề án 06"), a word
        after "xã", "đồng chí" …, or a word no dictionary knows (Lênin, Zalo)."""
        lexicon = self.lexicon
        for index in near:
            if index == 0:
                continue
            token, start, end = tokens[index]
            if len(token) < 2 or not token[0].isupper() or token.isupper() or text.startswith("-", end):
                continue
            previous = tokens[index - 1][0]
            if not previous[0].islower() or not _gap(text, tokens[index - 1], tokens[index], commas=True):
                continue
            verdict = words[index]
            normal = verdict.normal
            if normal in lexicon.never_names:
                yield Slip(CAPITAL, start, end, token, token.lower(), "capital")
                continue
            if normal in allowed or normal in lexicon.proper or self._starts_name(words, index):
                continue
            if normal not in lexicon.syllables or verdict.rule:
                continue
            if words[index - 1].normal in lexicon.name_triggers:
                continue
            if index + 1 < len(tokens) and _gap(text, tokens[index], tokens[index + 1], hyphens=True):
                following = tokens[index + 1][0]
                if following[0].isupper() or following[0].isdigit() and normal not in lexicon.dates:
                    continue  # "Hải Phòng", "Quý II", "Đề án 06": a name or a numbered title
            if any(
                words[k].normal == "số" and tokens[k + 1][0][0].isdigit()
                for k in range(index + 1, min(len(tokens) - 1, index + 4))
            ):
                continue  # "Tờ trình số 109-TTr/ĐU": the title of one document
            # "Ủy ban Kiểm tra", "Trung tâm Phục vụ": the next part of a name after its head.
            if index > 1 and tokens[index - 2][0][0].isupper() and self._starts_name(words, index - 2):
                if _gap(text, tokens[index - 2], tokens[index - 1]):
                    continue
            # "Sở Nông nghiệp và Môi trường", "Bộ Văn hóa, Thể thao": the next name of a list.
            if any(tokens[k][0][0].isupper() for k in range(max(0, index - 3), index - 1)):
                if words[index - 1].normal == "và" or text[tokens[index - 1][2] : start].strip() == ",":
                    continue
            yield Slip(CAPITAL, start, end, token, token.lower(), "capital")

    def _starts_name(self, words: list[_Word], index: int) -> bool:
        """Whether the capitalised word may start a name: a word of capital_words, alone or with
        the words that follow it there ("Công an", not "Công tác")."""
        starts = self.lexicon.capital_starts.get(words[index].normal)
        if starts is None:
            return False
        following = tuple(verdict.normal for verdict in words[index + 1 : index + 4])
        return any(following[: len(rest)] == rest for rest in starts)

    def _styles(self, tokens: list, words: list[_Word], expected: str | None) -> Iterator[Slip]:
        """The same word written with its tone mark in both places ("hòa" and "hoà") in one text:
        the occurrences not in the expected style (the organisation's, or the word's majority). Two
        different words in two styles ("khóa", "uỷ") are left alone: offices mix them, and 05-HD does."""
        styled: dict[str, list[tuple[int, str]]] = {}
        for index, verdict in enumerate(words):
            if verdict.style and not verdict.rule:
                styled.setdefault(verdict.normal, []).append((index, verdict.style))
        for occurrences in styled.values():
            seen = {style for _, style in occurrences}
            if len(seen) < 2:
                continue
            wanted = expected
            if wanted is None:
                old = sum(1 for _, style in occurrences if style == "old")
                wanted = "old" if old * 2 > len(occurrences) else "new"
            for index, style in occurrences:
                if style == wanted:
                    continue
                token, start, end = tokens[index]
                syllable = vn.parse(token)
                if syllable is None:
                    continue
                right = vn.compose(syllable.onset, syllable.rhyme, syllable.tone, "old" if wanted == "old" else "new")
                yield Slip(TONE_PLACEMENT, start, end, token, _case_like(token, right), wanted)
