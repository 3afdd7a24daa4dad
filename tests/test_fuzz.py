"""Property tests: whatever an author types, `gen build` either writes a .docx that opens and holds
the text, or reports findings — never a traceback, never a broken file.

The suite runs a few hundred cases; `tools/fuzz.sh` runs the same properties for longer.
"""

from __future__ import annotations

import os
import unicodedata
import zipfile
from pathlib import Path

import yaml
from conftest import EXAMPLES
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from gen.content import markup
from gen.content.kinds import BODIES, KINDS, OPENINGS, QUYEN_HAN, SCHEME_TOKENS, TITLES, URGENCY
from gen.content.model import OrgCache
from gen.exceptions import Finding
from gen.workflow.build import build_one

settings.register_profile("suite", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("GEN_FUZZ_PROFILE", "suite"))

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SPECIAL = [
    "&<>\"'",
    "{{ 7*7 }}",
    "{% if x %}",
    "{{",
    "}}",
    "{%",
    "**đậm**",
    "*nghiêng*",
    "\\*",
    "Đảng ủy",
    "e\u0301",
    "\u2028",
    "\ufeff",
    "x" * 3000,
    "]]>",
    "<w:t>",
    "\r\n",
    "  ",
    "\t",
    "- ",
    ": ",
    "#",
]
CONTROL = ["\x0b", "\x00", "\x1f", "\ufffe"]
PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
# Printable text in generated documents, so that most cases get as far as the .docx (one control
# character anywhere stops a document); the mutations of the examples add control characters.
TEXT = st.one_of(
    PRINTABLE,
    st.sampled_from(SPECIAL),
    st.lists(st.one_of(st.sampled_from(SPECIAL), PRINTABLE), min_size=1, max_size=4).map("".join),
)
NOISE = st.one_of(TEXT, st.lists(st.one_of(st.sampled_from(CONTROL), PRINTABLE), min_size=1, max_size=3).map("".join))


def _block(children):
    with_children = st.lists(children, max_size=4)
    return st.one_of(
        st.fixed_dictionaries({"tieu_de": TEXT}, optional={"noi_dung": with_children}),
        st.fixed_dictionaries(
            {"muc": TEXT}, optional={"noi_dung": with_children, "nhan": st.sampled_from(["1.", "II.", "b)", "x"])}
        ),
        st.fixed_dictionaries({"y": TEXT}, optional={"noi_dung": with_children}),
    )


BODY = st.lists(st.recursive(TEXT, _block, max_leaves=25), min_size=1, max_size=6)

DOCUMENT = st.fixed_dictionaries(
    {
        "loai": st.sampled_from(sorted(KINDS)),
        "co_quan": st.fixed_dictionaries({"ten": TEXT, "dia_danh": TEXT, "ky_hieu": TEXT}, optional={"cap_tren": TEXT}),
        "ngay": st.dates().map(lambda d: d.isoformat()),
        "ky": st.fixed_dictionaries({"thang": st.integers(1, 12), "nam": st.integers(2020, 2030)}),
        "noi_dung": BODY,
    },
    optional={
        "so": st.one_of(st.none(), st.integers(-5, 10**6)),
        "trich_yeu": st.fixed_dictionaries({"ve": TEXT}),
        "noi_nhan": st.lists(TEXT, max_size=4),
        "chu_ky": st.fixed_dictionaries(
            {"ho_ten": TEXT},
            optional={"nguoi_ky": st.sampled_from(sorted(TITLES)), "quyen_han": st.sampled_from(QUYEN_HAN)},
        ),
        # The parts of the other kinds (issue 15): any of them on any kind builds or is a finding.
        "chu_the": st.sampled_from(sorted(BODIES)),
        "khan": st.sampled_from(sorted(URGENCY)),
        "du_thao": st.one_of(st.booleans(), st.integers(-1, 5)),
        "kinh_gui": st.one_of(TEXT, st.lists(TEXT, max_size=3)),
        "kinh_trinh": TEXT,
        "can_cu": st.lists(TEXT, max_size=3),
        "danh_so": st.lists(st.sampled_from(SCHEME_TOKENS), max_size=4),
        "hoi_nghi": st.fixed_dictionaries(
            {"ngay": st.dates().map(lambda d: d.isoformat())},
            optional={
                "kieu": st.sampled_from(OPENINGS),
                "mo_rong": st.booleans(),
                "noi_dung": st.one_of(TEXT, st.lists(TEXT, max_size=3)),
                "ket_luan": TEXT,
            },
        ),
    },
)


def _texts(blocks) -> list[str]:
    found = []
    for block in blocks:
        if isinstance(block, str):
            found.append(block)
        else:
            found += [block[k] for k in ("tieu_de", "muc", "y") if k in block]
            found += _texts(block.get("noi_dung") or [])
    return found


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _docx_text(path: Path) -> str:
    """The text of every paragraph, read from the XML itself: the file must be a well-formed zip and XML."""
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        root = etree.fromstring(package.read("word/document.xml"))
    pieces = {f"{W}t": None, f"{W}tab": "\t", f"{W}br": "\n"}
    paragraphs = ["".join(pieces[node.tag] or node.text or "" for node in p.iter(*pieces)) for p in root.iter(f"{W}p")]
    return _normal("\n".join(paragraphs))


def _build(project: Path, text: str):
    source = project / "content" / "examples" / "fuzz.yaml"
    source.parent.mkdir(exist_ok=True)
    source.write_text(text, encoding="utf-8")
    target = project / "out" / "fuzz.docx"
    target.unlink(missing_ok=True)
    result = build_one(source, target, OrgCache())
    assert all(isinstance(f, Finding) and f.line >= 1 and f.column >= 1 and f.message for f in result.findings)
    event("built" if result.ok else "findings: " + ", ".join(sorted({f.rule for f in result.findings})))
    if result.ok:
        assert target.exists()
    else:
        assert result.findings and not target.exists()
    return result


@given(DOCUMENT)
def test_any_well_shaped_document_builds_with_its_text_or_gets_findings(fuzz_project, document):
    result = _build(fuzz_project, yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    if result.ok:
        text = _docx_text(result.output)
        for piece in _texts(document["noi_dung"]):
            expected = _normal(markup.plain(piece))
            assert expected in text, (piece, expected)


@given(DOCUMENT, st.sampled_from(CONTROL), st.booleans())
def test_control_characters_are_located_errors_even_when_escaped(fuzz_project, document, control, escaped):
    document["noi_dung"][0] = f"Đoạn{control}văn"
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)  # writes "\x0b" escapes
    if not escaped:
        text = text.replace("\\v", "\x0b").replace("\\0", "\x00").replace("\\x1F", "\x1f").replace("\\uFFFE", "\ufffe")
    result = _build(fuzz_project, text)
    assert not result.ok
    assert "text.control_char" in {f.rule for f in result.findings}


EXAMPLE_TEXTS = sorted(p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.yaml"))
MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "insert", "indent", "dedent", "swap", "truncate", "replace"]),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    NOISE,
)


def _mutate(text: str, mutations) -> str:
    lines = text.split("\n")
    for op, a, b, noise in mutations:
        i, j = a % len(lines), b % len(lines)
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            col = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:col] + noise + lines[i][col:]
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            lines = lines[: max(i, 1)]
        elif op == "replace":
            lines[i] = noise
    return "\n".join(lines)


@given(st.sampled_from(EXAMPLE_TEXTS), st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_examples_build_or_get_findings(fuzz_project, example, mutations):
    result = _build(fuzz_project, _mutate(example, mutations))
    if result.ok:
        _docx_text(result.output)
