"""Hostile and broken Word files: each is one located finding, in bounded memory and time, for
`gen check` and `gen import`, and never hides the findings of the other files of a batch.

The files are made on the fly by tests/hostile.py (zip bombs, billion laughs, external entities,
deep nesting, corrupt deflate data …); a .docx saved with a password and a Word 97 .doc are in
tests/data/. The limits are measured in a child process that reads every file (its peak memory is
the high-water mark of all of them), generous enough for a slow CI machine.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import hostile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gen.cli import app

DATA = Path(__file__).parent / "data"
INTERNAL = ("Lỗi bên trong", "Internal error", "Traceback")
MEMORY_MB = 300
SECONDS = 5.0


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {name: make(folder / f"{name}.docx") for name, make in hostile.MAKERS.items()}


_DRIVER = r"""
import json, resource, sys, time
from typer.testing import CliRunner
from gen.cli import app

runner = CliRunner()
report = {}
for path in sys.argv[2:]:
    row = {}
    for command, args in (("check", ["check", "--format", "json", path]),
                          ("import", ["import", path, "--out", sys.argv[1] + "/" + path.rsplit("/", 1)[-1] + ".yaml"])):
        start = time.perf_counter()
        result = runner.invoke(app, args)
        row[command] = {"code": result.exit_code, "seconds": time.perf_counter() - start,
                        "stdout": result.stdout, "output": result.output,
                        "exception": repr(result.exception) if result.exception and not isinstance(result.exception, SystemExit) else None}
    report[path] = row
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report["peak_mb"] = peak / 1024 / (1024 if sys.platform == "darwin" else 1)
print(json.dumps(report))
"""


def _limit_memory():  # pragma: no cover - runs in the child
    import resource

    # Keeps a reader without limits (the code before this test) from taking the machine down.
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX-only")
def test_every_hostile_file_is_one_finding_in_bounded_memory_and_time(hostile_files, tmp_path):
    files = {**hostile_files, "password": DATA / "mat-khau.docx", "word97": DATA / "word97.doc"}
    expected = {**hostile.EXPECTED, "password": "docx.password", "word97": "docx.old_format"}
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER, str(tmp_path), *map(str, files.values())],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limit_memory,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    problems = []
    for name, path in files.items():
        row = report[str(path)]
        for command in ("check", "import"):
            outcome = row[command]
            said = outcome["output"]
            if outcome["exception"] or any(marker in said for marker in INTERNAL):
                problems.append(f"{name} {command}: {outcome['exception'] or said[-300:]}")
            if outcome["seconds"] > SECONDS:
                problems.append(f"{name} {command}: {outcome['seconds']:.1f} s")
            rule = expected[name]
            if rule is not None:
                if outcome["code"] != 1 or f"[{rule}]" not in said and f'"rule": "{rule}"' not in said:
                    problems.append(f"{name} {command}: exit {outcome['code']}, expected {rule}: {said[-300:]}")
            elif command == "import" and outcome["code"] != 0:
                problems.append(f"{name} import: exit {outcome['code']}: {said[-300:]}")
    assert not problems, "\n".join(problems)
    assert report["peak_mb"] < MEMORY_MB, report["peak_mb"]


def test_a_batch_reports_every_file_and_json_is_always_a_list(hostile_files, built, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "000.docx"
    good.write_bytes(built["000"].read_bytes())
    names = ["billion_laughs", "external_entity", "deep_nesting", "malformed", "corrupt_deflate", "bomb_paragraphs"]
    paths = [str(hostile_files[n]) for n in names] + [str(DATA / "mat-khau.docx"), str(good)]
    result = CliRunner().invoke(app, ["check", "--format", "json", *paths])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)
    assert isinstance(findings, list)
    by_file = {}
    for finding in findings:
        by_file.setdefault(Path(finding["file"]).name, []).append(finding["rule"])
    for name in names:
        assert hostile.EXPECTED[name] in by_file[f"{name}.docx"], (name, by_file.get(f"{name}.docx"))
    assert by_file["mat-khau.docx"] == ["docx.password"]
    assert "000.docx" not in by_file or not any(r.startswith("docx.broken") for r in by_file["000.docx"])

    # Nothing to report is still a JSON list.
    result = CliRunner().invoke(app, ["check", "--format", "json", str(good)])
    assert json.loads(result.stdout) == [] or isinstance(json.loads(result.stdout), list)


def test_messages_say_what_is_wrong_in_words(hostile_files, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    said = runner.invoke(app, ["import", str(hostile_files["bomb_text"]), "--out", "x.yaml"]).output
    assert "Tệp quá lớn sau khi giải nén: 2048 MB" in said
    said = runner.invoke(app, ["import", str(DATA / "mat-khau.docx"), "--out", "x.yaml"]).output
    assert "Tệp có mật khẩu" in said and ".doc" not in said.split("[")[0].replace(".docx", "")
    said = runner.invoke(app, ["import", str(DATA / "word97.doc"), "--out", "x.yaml"]).output
    assert "Word 97-2003" in said
    said = runner.invoke(app, ["import", str(hostile_files["malformed"]), "--out", "x.yaml", "--lang", "en"]).output
    assert "Damaged Word file" in said
    assert not (tmp_path / "x.yaml").exists()


def test_an_old_doc_with_a_password_is_told_as_a_password(tmp_path):
    """Word 97 marks an encrypted .doc in its file information block (fEncrypted)."""
    data = bytearray((DATA / "word97.doc").read_bytes())
    at = next(i for i in range(0, len(data), 512) if data[i : i + 2] == b"\xec\xa5")
    data[at + 11] |= 0x01
    path = tmp_path / "mat-khau.doc"
    path.write_bytes(bytes(data))
    result = CliRunner().invoke(app, ["check", "--format", "json", str(path)])
    assert [f["rule"] for f in json.loads(result.stdout)] == ["docx.password"]


def test_odd_numbering_is_read_as_word_reads_it(hostile_files):
    from gen.word.reader import read

    lines = read(hostile_files["bad_numbers"])
    assert [line.plain for line in lines] == ["Mục một"]
    assert lines[0].label == "1."  # w:start "x" → 1, w:ilvl "không" → level 0
    labels = [line.label for line in read(hostile_files["huge_numbers"])]
    assert all(len(label) < 40 for label in labels), labels


def test_a_valid_but_huge_file_is_refused_with_its_size(hostile_files, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", str(hostile_files["huge_valid"])])
    assert result.exit_code == 1
    assert "Tệp quá lớn sau khi giải nén: 50 MB (tối đa 16 MB)" in result.output


def test_an_import_never_writes_a_yaml_gen_would_refuse(tmp_path, monkeypatch):
    """A long but readable Word file (3 MB of text) would make a YAML over gen's 2 MB: not written."""
    monkeypatch.chdir(tmp_path)
    path = hostile._bomb(
        tmp_path / "dai.docx",
        hostile.HEAD.encode(),
        hostile.paragraph("Đảng ủy xã lãnh đạo thực hiện thắng lợi các chỉ tiêu năm 2026. " * 40).encode(),
        900,
        hostile.TAIL.encode(),
    )
    result = CliRunner().invoke(app, ["import", str(path), "--out", "dai.yaml"])
    assert result.exit_code == 1, result.output
    assert "[import.too_large]" in result.output
    assert not (tmp_path / "dai.yaml").exists()


def test_the_parser_resolves_nothing_and_fetches_nothing(tmp_path):
    """Even past the DOCTYPE check (called directly), lxml is set to expand no entity."""
    from lxml import etree

    from gen.word.package import parse_xml

    secret = tmp_path / "secret.txt"
    secret.write_text("PRECIOUS")
    data = f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{secret.as_uri()}">]><d>&x;</d>'.encode()
    with pytest.raises(Exception) as caught:
        parse_xml(data)
    assert "DOCTYPE" in str(caught.value)
    # and the parser options themselves: no entity text in the tree
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    assert b"PRECIOUS" not in etree.tostring(etree.fromstring(data, parser))


# -- mutations of real files ------------------------------------------------------------------


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _no_internal_error(path: Path, tmp_path: Path) -> None:
    from gen.exceptions import GenError
    from gen.workflow.build import check_all
    from gen.workflow.importer import import_file

    findings = check_all([path], tmp_path)[0][1]
    assert not [f for f in findings if f.rule == "internal"], [f.message for f in findings]
    try:
        import_file(path, tmp_path / "out.yaml")
    except GenError as exc:
        assert exc.findings and all(f.rule != "internal" for f in exc.findings)


JUNK = st.sampled_from(
    [
        b"<",
        b">",
        b"&",
        b"&amp",
        b"<!DOCTYPE x>",
        b"<w:p>",
        b"</w:p>",
        b"\x00",
        b"\xff\xfe",
        b'w:val="x"',
        b"<!--",
        b"]]>",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_xml_of_built_examples_never_gives_the_internal_error(built, tmp_path, data):
    parts = _parts(built[data.draw(st.sampled_from(sorted(built)))])
    name = data.draw(st.sampled_from([n for n in sorted(parts) if n.endswith((".xml", ".rels"))]))
    text = parts[name]
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 200))
    parts[name] = text[:at] + data.draw(JUNK) + text[at + cut :]
    path = tmp_path / "mutated.docx"
    path.write_bytes(_zip(parts))
    _no_internal_error(path, tmp_path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_zips_of_built_examples_never_give_the_internal_error(built, tmp_path, data):
    raw = bytearray(built[data.draw(st.sampled_from(sorted(built)))].read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    path = tmp_path / "mutated.docx"
    path.write_bytes(bytes(raw))
    _no_internal_error(path, tmp_path)


def test_attribute_values_word_would_refuse_are_a_damaged_file(built, tmp_path):
    """python-docx converts values as the audit reads them: w:sz="abc" must not be a traceback."""
    parts = _parts(built["000"])
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b'w:sz w:val="', b'w:sz w:val="x', 1)
    parts["word/document.xml"] = parts["word/document.xml"].replace(b'w:w="', b'w:w="-', 1)
    path = tmp_path / "sai.docx"
    path.write_bytes(_zip(parts))
    _no_internal_error(path, tmp_path)
    assert os.path.getsize(path) > 0
