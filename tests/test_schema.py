"""The editor schema (gen schema) agrees with the Cerberus schema: the same documents pass and fail."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, MINIMAL, ROOT
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from gen.cli import app
from gen.content.editor_schema import json_schema, org_json_schema
from gen.content.loader import load
from gen.content.schema import validate_document
from gen.exceptions import has_errors

SHIPPED = ROOT / "schema" / "van-ban.schema.json"
SHIPPED_ORG = ROOT / "schema" / "co-quan.schema.json"
VALIDATOR = Draft202012Validator(json_schema())


def test_the_shipped_schema_is_the_generated_one():
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == json_schema(), (
        "run: gen schema > schema/van-ban.schema.json"
    )
    assert json.loads(SHIPPED_ORG.read_text(encoding="utf-8")) == org_json_schema(), (
        "run: gen schema --co-quan > schema/co-quan.schema.json"
    )
    Draft202012Validator.check_schema(json_schema())
    printed = CliRunner().invoke(app, ["schema"]).stdout
    assert json.loads(printed) == json_schema()


def test_every_example_and_organisation_file_validates_and_points_at_the_schema():
    for path in EXAMPLES.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../../schema/van-ban.schema.json"
        )
        assert list(VALIDATOR.iter_errors(load(path).data)) == [], path.name
    org_validator = Draft202012Validator(org_json_schema())
    for path in (ROOT / "content" / "co-quan").glob("*.yaml"):
        assert list(org_validator.iter_errors(load(path).data)) == [], path.name


# (mutation of MINIMAL, whether it is valid) — judged alike by Cerberus (gen check) and the JSON Schema.
CASES = [
    (lambda t: t, True),
    (lambda t: t.replace("trich_yeu:", "trich_yue:"), False),
    (lambda t: t.replace("loai: thong_bao_ket_luan\n", ""), False),
    (lambda t: t.replace("loai: thong_bao_ket_luan", "loai: giay_moi"), False),
    (lambda t: t.replace("so: 7", "so: -3"), False),
    (lambda t: t.replace("so: 7", "so: bảy"), False),
    (lambda t: t.replace("so: 7", "so:"), True),
    (lambda t: t.replace("ngay: 2026-06-05", "ngay: 2026-13-05"), False),
    (lambda t: t.replace("ngay: 2026-06-05", "ngay: 05/6/2026"), False),
    (lambda t: t.replace("ngay: 2026-06-05", "ngay: 2026-06"), True),
    (lambda t: t.replace("{thang: 5, nam: 2026}", "{thang: 13, nam: 2026}"), False),
    (lambda t: t.replace("{thang: 5, nam: 2026}", "{thang: 5, quy: 2, nam: 2026}"), False),
    (lambda t: t.replace("{thang: 5, nam: 2026}", "{thang: 5}"), False),
    (lambda t: t.replace("ky: {thang: 5, nam: 2026}\n", "").replace("  ve: về nhiệm vụ tháng 6 năm 2026\n", ""), False),
    (lambda t: t.replace("ky: {thang: 5, nam: 2026}\n", ""), True),
    (lambda t: t.replace("{thang: 5, nam: 2026}", "{nhiem_ky: 2025-2030, khoa: I}"), True),
    (lambda t: t.replace("{thang: 5, nam: 2026}", "{giai_doan: 2026-2028}"), True),
    (lambda t: t.replace("{thang: 5, nam: 2026}", "{nhiem_ky: 2025}"), False),
    (lambda t: t.replace("{thang: 5, nam: 2026}", "{nhiem_ky: 2025-2030, quy: 2}"), False),
    (lambda t: t.replace("  ve: về nhiệm vụ tháng 6 năm 2026", "  tac_gia: HỘI NGHỊ BAN CHẤP HÀNH LẦN THỨ 2"), True),
    (lambda t: t.replace("ngay: 2026-06-05", "ngay: 2026"), True),
    (
        lambda t: t.replace(
            "noi_nhan:", "khan: khan\ndu_thao: 2\nkinh_gui: [Các chi bộ]\ncan_cu: [Căn cứ Điều lệ Đảng]\nnoi_nhan:"
        ),
        True,
    ),
    (lambda t: t.replace("noi_nhan:", "khan: gap\nnoi_nhan:"), False),
    (lambda t: t.replace("  - tieu_de: Kết quả", "  - tieu_dee: Kết quả"), False),
    (lambda t: t.replace("  - tieu_de: Kết quả", '  - tieu_de: Kết quả\n    nhan: "2."'), True),
    (lambda t: t.replace("      - Đoạn một.", "      - y: Một ý."), True),
    (lambda t: t.replace("      - Đoạn một.", "      - muc: Một mục.\n        danh_so: (1)"), True),
    (lambda t: t.replace("      - Đoạn một.", "      - [Đoạn một.]"), False),
    (lambda t: t + 'danh_so: ["I.", "x)"]\n', False),
    (lambda t: t + "chu_the: ban_giam_doc\n", False),
    (lambda t: t + "chu_ky: {quyen_han: TM.}\n", False),
    (lambda t: t + "chu_ky: {quyen_han: T/L, chuc_vu: CHÁNH VĂN PHÒNG}\n", True),
    (lambda t: t.replace("noi_nhan:\n  - Thường trực Đảng ủy", "noi_nhan:\n  - {ten: Thành ủy, de: báo cáo}"), True),
    (lambda t: t.replace("noi_nhan:\n  - Thường trực Đảng ủy", "noi_nhan:\n  - {de: báo cáo}"), False),
]


@pytest.mark.parametrize("mutation, valid", CASES)
def test_cerberus_and_json_schema_agree(project, mutation, valid):
    path = project / "content" / "docs" / "case.yaml"
    path.write_text(mutation(MINIMAL), encoding="utf-8")
    source = load(path)
    findings = source.findings + (validate_document(source) if source.data is not None else [])
    cerberus_valid = source.data is not None and not has_errors(findings)
    json_valid = source.data is not None and not list(VALIDATOR.iter_errors(source.data))
    assert (cerberus_valid, json_valid) == (valid, valid), [f.format() for f in findings]
