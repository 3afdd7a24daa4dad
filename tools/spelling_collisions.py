"""List the phrases one slip away from a word of gen/data/spelling/compounds.yaml, to read through.

    python tools/spelling_collisions.py [WORD …]

spelling.compound reports a pair of syllables that sounds like a known word but is written with one
mark or one consonant (s/x, ch/tr, d/gi/r, l/n, -n/-ng, -c/-t) otherwise. When such a pair is a real
phrase ("công nhận" beside "công nhân", "lưu trú" beside "lưu trữ"), it belongs under `also` in
compounds.yaml, or the rule reports it. This prints every pair of dictionary syllables one slip away
from a listed word (or from the words given), with the word it would be taken for; a reader marks
the real phrases among them.
"""

from __future__ import annotations

import sys

from gen.checks import vietnamese as vn
from gen.checks.lexicon import lexicon


def main(only: list[str]) -> None:
    known = lexicon()
    by_sound: dict[str, list[str]] = {}
    for syllable in known.syllables:
        by_sound.setdefault(vn.sound(syllable), []).append(syllable)
    wanted = {tuple(vn.normal(w) for w in phrase.split()) for phrase in only}
    for (first, second), words in sorted(known.pairs_by_sound.items()):
        for word in words:
            if wanted and word not in wanted:
                continue
            for one in by_sound.get(first, []):
                for two in by_sound.get(second, []):
                    pair = (one, two)
                    if pair == word or pair in known.known_pairs:
                        continue
                    slips = _slips(word[0], one) + _slips(word[1], two)
                    if slips == 1:
                        print(f"{one} {two}\t< {word[0]} {word[1]}")


def _slips(right: str, written: str) -> int:
    if right == written:
        return 0
    ours, theirs = vn.parse(right), vn.parse(written)
    if ours is None or theirs is None:
        return 9
    return (
        (ours.onset != theirs.onset)
        + (vn.coda(ours.rhyme) != vn.coda(theirs.rhyme))
        + (vn.split_tones(ours.rhyme)[0] != vn.split_tones(theirs.rhyme)[0])
        + (ours.tone != theirs.tone)
    )


if __name__ == "__main__":
    main([" ".join(sys.argv[1:])] if len(sys.argv) > 1 else [])
