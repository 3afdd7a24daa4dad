"""What the spelling rules cost: `python bench/spelling.py [--quick]` updates the section
"## Chính tả" of BENCHMARKS.md (and leaves the rest of the file as it is).

Target (issue 19): the spelling rules add at most 2 ms per 6-page document. Measured in one run on
one machine, beside baselines of the same run (the machines are shared and noisy): the other content
rules on the same documents, and the whole of `gen check` on them. The documents are seed 000's
size (about 6 pages) with their sentences shuffled and words varied, so that no two are alike.

Two figures, because the speller judges each written word once per process: "warm" is a document
checked after others (`gen build` of a folder, `gen watch`, the page), "cold" is the first document
a process checks (one `gen build`), dictionary loading included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "content" / "examples" / "000-kien-minh.yaml"
SECTION = "## Chính tả"
SPELLING = ("spelling.syllable", "spelling.unknown", "spelling.compound", "spelling.capital", "spelling.tone_placement")


def make_documents(folder: Path, count: int, rng: random.Random) -> list[Path]:
    """`count` documents of seed 000's size: its paragraphs shuffled and a tenth of the words of each
    swapped with words of other paragraphs, so that each document has word pairs the others lack."""
    import yaml

    base = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    words = SEED.read_text(encoding="utf-8").split()
    (folder / "content" / "co-quan").mkdir(parents=True)
    org = ROOT / "content" / "co-quan" / "kien-minh.yaml"
    (folder / "content" / "co-quan" / "kien-minh.yaml").write_bytes(org.read_bytes())
    (folder / "content" / "docs").mkdir()
    paths = []
    for i in range(count):
        data = dict(base)
        data["so"] = i + 1
        data["noi_dung"] = _vary(base["noi_dung"], rng, words)
        path = folder / "content" / "docs" / f"{i:03d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
        paths.append(path)
    return paths


def _vary(blocks, rng: random.Random, words: list[str]):
    varied = []
    for block in blocks:
        if isinstance(block, str):
            tokens = block.split()
            for _ in range(len(tokens) // 10):
                tokens[rng.randrange(len(tokens))] = re.sub(r"[^\w]", "", rng.choice(words)) or "và"
            varied.append(" ".join(tokens))
        elif isinstance(block, dict):
            block = dict(block)
            if isinstance(block.get("noi_dung"), list):
                block["noi_dung"] = _vary(block["noi_dung"], rng, words)
            varied.append(block)
    rng.shuffle(varied)
    return varied


def measure(paths: list[Path]) -> dict:
    """Per document: the spelling rules (warm and cold), the other content rules, `gen check` whole."""
    from gen.checks import content, spelling
    from gen.checks.registry import CHECKS, in_force
    from gen.checks.speller import lexicon
    from gen.content.loader import load
    from gen.content.model import build as build_model
    from gen.workflow.build import check_all

    contexts = []
    for path in paths:
        source = load(path)
        document, _ = build_model(source)
        contexts.append(
            content.Context(
                document,
                source,
                list(content.texts(source.data)) + list(content.org_texts(document)),
                None,
                document.first_day,
            )
        )
    rules = in_force("content", contexts[0].document.first_day)
    ours = [rule for rule in rules if rule.id in SPELLING]
    others = [rule for rule in rules if rule.id not in SPELLING]

    def run(context, chosen) -> float:
        start = time.perf_counter()
        for rule in chosen:
            if rule.pattern is not None:
                list(content._pattern(rule, context))  # noqa: SLF001 - the benchmark times the same call lint makes
            else:
                list(CHECKS[rule.id](rule, context))
        return time.perf_counter() - start

    # Cold: a fresh dictionary and speller, the first document. Timed in new state each time.
    cold = []
    for context in contexts[:5]:
        lexicon.cache_clear()
        spelling.speller.cache_clear()
        cold.append(run(context, ours))
    # Warm: the speller has seen other documents (not this one: its own words are new pairs).
    spelling.speller()
    warm = [run(context, ours) for context in contexts]
    rest = [run(context, others) for context in contexts]
    whole = []
    for path in paths[:10]:
        start = time.perf_counter()
        check_all([path], path.parent.parent)
        whole.append(time.perf_counter() - start)
    # The baseline of bench/run.py: the naive docxtpl way (template read, rendered, saved) of the
    # same documents, which the shared machine slows down as much as the rules.
    from docxtpl import DocxTemplate
    from jinja2 import Environment

    from gen.word.render import context as template_context
    from gen.word.render import date_line_text, header_columns

    naive = []
    for item in contexts[:10]:
        document = item.document
        values = template_context(document, date_line_text(document, header_columns(document)[1]))
        start = time.perf_counter()
        template = DocxTemplate(str(document.template))
        template.render(values, jinja_env=Environment(autoescape=True))
        template.save(io.BytesIO())
        naive.append(time.perf_counter() - start)
    words = statistics.median(sum(len(text.text.split()) for text in c.texts) for c in contexts)
    return {
        "warm": statistics.median(warm),
        "cold": statistics.median(cold),
        "rest": statistics.median(rest),
        "whole": statistics.median(whole),
        "naive": statistics.median(naive),
        "words": words,
        "count": len(contexts),
    }


# The naive docxtpl render of a 6-page document in the reference run of BENCHMARKS.md (bench/run.py,
# 2026-11-22). The target of 2 ms is read against it, so that a busy machine does not decide it.
REFERENCE_NAIVE_MS = 9.7


def section(figures: dict) -> str:
    ms = {key: figures[key] * 1000 for key in ("warm", "cold", "rest", "whole", "naive")}
    ratio = ms["warm"] / ms["naive"]
    target = 2 / REFERENCE_NAIVE_MS
    met = "yes" if ratio <= target else "**no**"
    return f"""{SECTION}

Measured by `python bench/spelling.py` on {dt.date.today().isoformat()}: {platform.platform()}, Python {platform.python_version()}.
{figures["count"]} documents of seed 000's size ({figures["words"]:.0f} words, about 6 pages), each with its own
word pairs; medians. The five spelling rules share one pass of the speller over every text.

The target is 2 ms per 6-page document. The shared machine's speed varies several-fold between runs,
so it is read as a ratio to the naive docxtpl render of the same documents in the same run, which
took {REFERENCE_NAIVE_MS} ms in the reference run of this file: 2 ms is {target:.2f}× naive.

| Measure | Result | Target | Met |
|---|---|---|---|
| Spelling rules per 6-page document, warm ÷ naive docxtpl render | {ratio:.2f}× (≈ {ratio * REFERENCE_NAIVE_MS:.1f} ms at the reference speed) | ≤ {target:.2f}× (2 ms) | {met} |
| Spelling rules ÷ all other content rules, same documents | {ms["warm"] / ms["rest"]:.2f}× | — | — |
| Spelling rules ÷ `gen check` of the document (load, validate, model, all rules) | {ms["warm"] / ms["whole"]:.2f}× | — | — |

| Figure (this run) | Value |
|---|---|
| spelling rules, warm (the speller has judged other documents' words) | {ms["warm"]:.2f} ms |
| spelling rules, cold (first document of a process: dictionary loaded, every word judged) | {ms["cold"]:.1f} ms |
| the other content rules, same documents | {ms["rest"]:.2f} ms |
| `gen check` of one document (check_all), whole | {ms["whole"]:.1f} ms |
| naive docxtpl render of one document (baseline) | {ms["naive"]:.1f} ms |

How the speller stays within it: the whole text is sifted with C-level work (split into tokens, sets
of tokens and of token pairs already judged, one regular expression for capitals), and only the few
places that may hold a slip are read word by word, a dozen words each side. Cold, the first document
pays for loading the dictionary (6,600 syllables, 3,300 place names, 900 words and phrases: about
20 ms) and for judging each of its words once; a process that checks more documents judges only the
words and pairs it has not met.
"""


def write(text: str, path: Path) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = old.find(SECTION)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        following = old.find("\n## ", start + len(SECTION))
        new = old[:start] + text + (old[following + 1 :] if following >= 0 else "")
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer documents")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = make_documents(Path(folder), 10 if args.quick else 40, random.Random(19))
        figures = measure(paths)
    text = section(figures)
    write(text, args.output)
    print(text)


if __name__ == "__main__":
    main()
