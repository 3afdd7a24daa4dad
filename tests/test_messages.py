"""The message catalogues: every id the code uses has a Vietnamese and an English text with the same
placeholders, the compiled .mo files match the .po sources, and the language follows the environment."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from conftest import ROOT

LOCALE = ROOT / "gen" / "locale"
KEYWORDS = {"t": None, "N_": None, "finding": (2,)}


def _code_ids() -> set[str]:
    found = extract_from_dir(
        ROOT / "gen", method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
    )
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def _catalogue(lang: str, suffix: str):
    path = LOCALE / lang / "LC_MESSAGES" / f"gen.{suffix}"
    with path.open("rb") as f:
        return (read_po if suffix == "po" else read_mo)(f)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_id_in_the_code_has_a_text(lang):
    ids = _code_ids()
    assert len(ids) > 40
    catalogue = _catalogue(lang, "po")
    missing = sorted(i for i in ids if not (catalogue.get(i) and catalogue.get(i).string))
    assert not missing, f"run tools/messages.sh and write these texts in {lang}/gen.po: {missing}"


def test_no_message_id_is_hidden_from_extraction():
    """An id passed through a variable ("fail(rule)", "t(key)") is invisible to extraction, so the
    next tools/messages.sh drops its text and users see the bare id. Every literal shaped like an
    id of the catalogue's families must be marked (t, N_, finding) where it is written."""
    import ast

    from gen.checks.registry import rules

    marked = _code_ids() | {rule.id for rule in rules()}  # rules carry their texts in gen/data/rules.yaml
    families = {i.split(".")[0] for i in marked}
    hidden = []
    for path in sorted((ROOT / "gen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = getattr(node, "value", None)
            if (
                isinstance(node, ast.Constant)
                and isinstance(value, str)
                and re.fullmatch(r"[a-z]+(\.[a-z_]+)+", value)
                and value.split(".")[0] in families
                and value not in marked
            ):
                hidden.append(f"{path.name}: {value}")
    assert not hidden, f"mark these with N_(...) so tools/messages.sh keeps their texts: {hidden}"


def test_languages_have_the_same_placeholders():
    vi, en = _catalogue("vi", "po"), _catalogue("en", "po")
    for message in vi:
        if message.id:
            assert _fields(message.string) == _fields(en.get(message.id).string), message.id


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_compiled_catalogues_are_up_to_date(lang):
    source = {m.id: m.string for m in _catalogue(lang, "po") if m.id}
    compiled = {m.id: m.string for m in _catalogue(lang, "mo") if m.id}
    assert source == compiled, "run tools/messages.sh to compile the catalogues"


VIETNAMESE_LETTERS = "[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]"


def test_vietnamese_texts_are_vietnamese():
    """A sign that a text was pasted into the wrong catalogue: no Vietnamese letter at all."""
    for message in _catalogue("vi", "po"):
        if message.id and len(message.string) > 25:
            assert re.search(VIETNAMESE_LETTERS, message.string.lower()), message.id


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "Không tìm thấy tệp"),
        ({"LANG": "en_US.UTF-8"}, "not found"),
        ({"LANG": "vi_VN.UTF-8"}, "Không tìm thấy tệp"),
        ({"LANG": "en_US.UTF-8", "GEN_LANG": "vi"}, "Không tìm thấy tệp"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}, "not found"),
    ],
)
def test_language_follows_the_environment(tmp_path, env, expected):
    clean = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "GEN_LANG")}
    result = subprocess.run(
        [sys.executable, "-m", "gen", "check", str(tmp_path / "khong-co.yaml")],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1 and expected in result.stderr, result.stderr


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_rule_has_its_message_and_clause_in_the_catalogue(lang):
    """A rule's message is under its id, its clause under the Vietnamese citation (rules.yaml):
    tools/messages.sh extracts both; a missing English clause would print Vietnamese with --lang en."""
    from gen.checks.registry import rules

    catalogue = _catalogue(lang, "po")
    missing = [
        key
        for rule in rules()
        for key in (rule.id, rule.clause)
        if not (catalogue.get(key) and catalogue.get(key).string)
    ]
    assert not missing, f"write these texts in {lang}/gen.po: {missing}"
