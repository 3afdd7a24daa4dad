"""The month's traps: a colon that made a sentence a key, gen new losing the author's comments or
copying sentences about the old period unmarked, gen watch repeating itself."""

from __future__ import annotations

import re

from conftest import MINIMAL, ROOT

from gen.workflow.build import check_all


def _check(project, text, name="doc.yaml"):
    path = project / "content" / "docs" / name
    path.write_text(text, encoding="utf-8")
    ((_, findings),) = check_all([path], project / "content")
    return findings


# --- a colon in a sentence --------------------------------------------------------------------------


def test_a_list_item_with_a_colon_gets_the_colon_hint_not_a_missing_field(project):
    text = MINIMAL.replace("      - Đoạn một.\n", "      - Kết quả: đạt 11/19 chỉ tiêu.\n")
    (finding,) = _check(project, text)
    assert (finding.rule, finding.line, finding.column) == ("schema.colon_key", 11, 9)
    assert "tieu_de" not in finding.message and "Thiếu" not in finding.message
    assert (
        'khóa "Kết quả"' in finding.message and 'đặt cả câu trong ngoặc kép: - "Kết quả: đạt 11/19' in finding.message
    )
    assert 'README, mục "Dấu hai chấm trong câu"' in finding.message


def test_the_colon_hint_in_recipients_and_beside_a_key(project):
    text = MINIMAL.replace("      - Đoạn một.\n", "      - y: Đoạn một.\n        Chú ý: đoạn hai.\n")
    text += "  - Văn phòng Thành ủy: để báo cáo\n"
    findings = _check(project, text)
    assert [(f.rule, f.line) for f in findings] == [("schema.colon_key", 12), ("schema.colon_key", 15)]
    # A key of the schema mistyped is still a mistyped key, with its "did you mean".
    typo = _check(project, MINIMAL.replace("      - Đoạn một.\n", "      - yy: Đoạn một.\n"))
    assert "schema.unknown_key" in {f.rule for f in typo} and "schema.colon_key" not in {f.rule for f in typo}


def test_the_readme_quoting_section_holds(project):
    """Every way of writing the sentence the README's section shows is a sentence; the first is the trap."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### A colon in a sentence") :]
    block = section[section.index("```yaml\n") + 8 : section.index("```\n", section.index("```yaml\n") + 8)]
    items = re.sub(r"(?m)  #.*$", "", block.split("\n", 1)[1])
    text = MINIMAL.replace("      - Đoạn một.\n", "".join("    " + line + "\n" for line in items.splitlines() if line))
    findings = _check(project, text)
    assert [f.rule for f in findings] == ["schema.colon_key"], [f.format() for f in findings]
