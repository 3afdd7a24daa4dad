"""Stage 2: validate loaded data against the content model and report located findings.

Cerberus checks the shape of each mapping; what Cerberus cannot say well (the body outline,
whose items are of several kinds, dates, the document number) is checked here by hand so that
every message names the key, says what is expected and points at the line.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from cerberus import Validator, errors

from gen.content.formatting import IssueDate, years_span
from gen.content.kinds import BODIES, KINDS, LEVELS, OPENINGS, QUYEN_HAN, SCHEME_TOKENS, SIGNERS, TITLES, URGENCY
from gen.content.loader import Source
from gen.exceptions import Finding
from gen.messages import N_, language, t

TEXT = {"type": "string"}
TEXT_OR_LINES = {"type": ["string", "list"], "schema": TEXT}

LEADERS = {"type": "dict", "schema": {key: TEXT for _, key in SIGNERS}}

# The organisation file; a document's `co_quan` mapping may override any of these.
ORG_FIELDS = {
    "cap_tren": TEXT,  # tên cơ quan cấp trên trực tiếp
    "ten": TEXT,  # tên cơ quan ban hành
    "cap": {"type": "string", "allowed": list(LEVELS)},
    "dia_danh": TEXT,
    "ky_hieu": TEXT,  # ký hiệu cơ quan: ĐU, ĐUQS, CB …
    "van_phong": TEXT,  # the office, for the archive line "- Lưu Văn phòng Đảng ủy."
    "lanh_dao": LEADERS,
    "mau": TEXT,  # the office's own Word template, relative to the file
    "chinh_ta_uy": {"type": "string", "allowed": ["ủy", "uỷ"]},
    "chinh_ta_cho_phep": {"type": "list", "schema": TEXT},  # words the spelling rules let pass
}
ORG_REQUIRED = ("ten", "dia_danh", "ky_hieu")

ORG_SCHEMA = dict(ORG_FIELDS)

DATE = {"type": "string"}  # checked by check_date: YAML dates stay text (see loader)

DOCUMENT_SCHEMA = {
    "loai": {"type": "string", "required": True, "allowed": list(KINDS)},
    "co_quan": {"type": ["string", "dict"], "required": True, "schema": {"tep": TEXT, **ORG_FIELDS}},
    "chu_the": {"type": "string", "allowed": list(BODIES)},
    "so": {"nullable": True},  # checked by hand: a positive integer or empty
    "ngay": {"type": ["string", "integer"], "required": True},  # checked by check_date; 2026: day and month blank
    "ky": {
        "type": "dict",
        "schema": {
            "thang": {"type": "integer", "min": 1, "max": 12},
            "quy": {"type": "integer", "min": 1, "max": 4},
            "nua_nam": {"type": "string", "allowed": ["dau", "cuoi"]},
            "chin_thang": {"type": "string", "allowed": ["dau"]},
            "nam": {"type": "integer", "min": 1945, "max": 2200},  # required unless a span: _check_period
            "giai_doan": TEXT,  # several years: 2026-2028
            "nhiem_ky": TEXT,  # a committee's term: 2025-2030
            "khoa": TEXT,  # the term's number: I
        },
    },
    "trich_yeu": {
        "type": "dict",
        "nullable": True,
        "schema": {"tac_gia": {"type": "string", "nullable": True}, "ve": {"type": "string", "empty": False}},
    },
    "hoi_nghi": {
        "type": "dict",
        "schema": {
            "ngay": DATE,
            "kieu": {"type": "string", "allowed": list(OPENINGS)},
            "hinh_thuc": TEXT,
            "mo_rong": {"type": "boolean"},
            "noi_dung": TEXT_OR_LINES,
            "chu_tri": TEXT,
            "tham_du": TEXT,
            "nghe": TEXT,
            "ket_luan": TEXT,
        },
    },
    "mo_dau": TEXT_OR_LINES,
    "khan": {"type": "string", "allowed": list(URGENCY)},
    "du_thao": {"type": ["integer", "boolean"], "min": 1},  # the draft's round, or true
    "kinh_gui": TEXT_OR_LINES,
    "kinh_trinh": TEXT_OR_LINES,
    "can_cu": {"type": "list", "schema": TEXT},
    "danh_so": {"type": "list", "schema": {"type": "string"}},
    "noi_dung": {"type": "list", "required": True, "empty": False},
    "noi_nhan": {
        "type": "list",
        "schema": {"type": ["string", "dict"], "schema": {"ten": {"type": "string", "required": True}, "de": TEXT}},
    },
    "luu": TEXT,
    "chu_ky": {
        "type": "dict",
        "schema": {
            "nguoi_ky": {"type": "string", "allowed": list(TITLES)},
            "quyen_han": {"type": "string", "allowed": list(QUYEN_HAN)},
            "thay_mat": TEXT,
            "chuc_vu": TEXT,
            "ho_ten": TEXT,
        },
    },
    "mau": TEXT,
    "chu_thich": {"type": "dict", "valuesrules": {"type": "string", "empty": False}},
    "phu_luc": {
        "type": "list",
        "schema": {
            "type": "dict",
            "schema": {
                "tieu_de": {"type": "string", "required": True, "empty": False},
                "kem_theo": {"type": "string", "nullable": True},
                "noi_dung": {"type": "list"},
            },
        },
    },
}

# A table wider or longer than any page holds is a slip, not a table: refused before it is laid out.
MAX_COLUMNS, MAX_ROWS = 60, 5000
NUMBER_OR_TEXT = {"type": ["string", "integer", "float"], "nullable": True}
CELL = {
    "type": ["string", "integer", "float", "dict"],
    "nullable": True,
    "schema": {
        "o": NUMBER_OR_TEXT,
        "gop_cot": {"type": "integer", "min": 1, "max": MAX_COLUMNS},
        "gop_dong": {"type": "integer", "min": 1, "max": MAX_ROWS},
    },
}
ROW = {"type": "list", "schema": CELL}
TABLE_SCHEMA = {
    "tieu_de": TEXT,
    "don_vi": TEXT,
    "tt": {"type": "boolean"},
    "ngang": {"type": "boolean"},
    "rong": {"type": "list", "schema": {"type": ["integer", "float"], "min": 3, "max": 500}},
    "dau": {"type": "list"},  # one row, or a list of rows: checked by hand
    "dong": {"type": "list", "schema": ROW},
    "tong": {"type": "integer", "min": 0},
    "csv": {"type": "string", "empty": False},
    "dau_csv": {"type": "integer", "min": 0},
}

BLOCK_KINDS = ("tieu_de", "muc", "y", "bang")
BLOCK_SCHEMAS: dict[str, dict] = {
    "tieu_de": {
        "tieu_de": {"type": "string", "required": True, "empty": False},
        "nhan": {"type": "string", "nullable": True},
        "danh_so": {"type": "string", "nullable": True},
        "noi_dung": {"type": "list"},
    },
    "muc": {
        "muc": {"type": "string", "required": True, "empty": False},
        "nhan": {"type": "string", "nullable": True},
        "danh_so": {"type": "string", "nullable": True},
        "noi_dung": {"type": "list"},
    },
    "y": {
        "y": {"type": "string", "required": True, "empty": False},
        "noi_dung": {"type": "list"},
    },
    "bang": {"bang": {"type": "dict", "required": True, "schema": TABLE_SCHEMA}},
}

# Cerberus type -> message id of its name in the author's terms.
TYPE_IDS = {
    "string": N_("type.string"),
    "integer": N_("type.integer"),
    "dict": N_("type.dict"),
    "list": N_("type.list"),
    "boolean": N_("type.boolean"),
    "float": N_("type.float"),
    "NoneType": N_("type.NoneType"),
}
_PY_TYPES = {
    str: "string",
    int: "integer",
    dict: "dict",
    list: "list",
    bool: "boolean",
    float: "float",
    type(None): "NoneType",
}


def _type_name(name: str) -> str:
    return t(TYPE_IDS[name]) if name in TYPE_IDS else name


def _or(names) -> str:
    sep = " hoặc " if language() == "vi" else " or "
    return sep.join(_type_name(n) for n in names)


def validate_document(source: Source) -> list[Finding]:
    data = source.data
    findings = _cerberus(source, (), data, DOCUMENT_SCHEMA)
    findings += _check_date(source, ("ngay",), data.get("ngay"), partial=True)
    if isinstance(data.get("hoi_nghi"), dict):
        findings += _check_date(source, ("hoi_nghi", "ngay"), data["hoi_nghi"].get("ngay"))
    findings += _check_number(source, data)
    findings += _check_period(source, data.get("ky"))
    trich_yeu = data.get("trich_yeu") if isinstance(data.get("trich_yeu"), dict) else {}
    misspelt = "trich_yeu" not in data and any(key not in DOCUMENT_SCHEMA for key in data)  # told already
    has_author = isinstance(trich_yeu.get("tac_gia"), str) and trich_yeu["tac_gia"].strip()
    if not trich_yeu.get("ve") and not has_author and not misspelt:
        # A title is the author's words: "về …", or the conference's name alone (tac_gia).
        findings.append(source.finding(("trich_yeu",), "schema.required", key="ve"))
    if isinstance(data.get("danh_so"), list):
        for i, token in enumerate(data["danh_so"]):
            findings += _check_scheme(source, ("danh_so", i), token)
    if isinstance(data.get("noi_dung"), list):
        findings += _check_blocks(source, ("noi_dung",), data["noi_dung"])
    if isinstance(data.get("phu_luc"), list):
        for i, appendix in enumerate(data["phu_luc"]):
            if isinstance(appendix, dict) and isinstance(appendix.get("noi_dung"), list):
                findings += _check_blocks(source, ("phu_luc", i, "noi_dung"), appendix["noi_dung"])
    return sorted(set(findings))


def validate_org(source: Source, base: tuple = ()) -> list[Finding]:
    return _cerberus(source, base, source.data, ORG_SCHEMA)


_VALIDATORS: dict[int, Validator] = {}


def _validator(schema: dict) -> Validator:
    """One Validator per schema: building one checks the schema itself, which costs more than
    validating a block of the outline."""
    if id(schema) not in _VALIDATORS:
        _VALIDATORS[id(schema)] = Validator(schema)
    return _VALIDATORS[id(schema)]


_PYTHON_TYPES = {"string": str, "integer": int, "dict": dict, "list": list, "boolean": bool, "float": float}


def type_names(rule_type) -> list[str]:
    """A Cerberus `type` (one name or a list) as a list of names; [] when there is none."""
    if rule_type is None:
        return []
    return rule_type if isinstance(rule_type, list) else [rule_type]


def _nested(rule: dict) -> dict:
    """The mapping schema under a rule, looking through a list's item rule ("schema": {"type": …, "schema": …})."""
    nested = rule.get("schema", {})
    if "type" in nested and not isinstance(nested.get("type"), dict) and "schema" in nested:
        nested = nested["schema"]
    return nested


def _plainly_valid(data, schema: dict) -> bool:
    """True when `data` certainly satisfies `schema` (the rules this project's schemas use). Most
    documents are valid, and Cerberus takes ten times longer to say so; it still runs whenever
    this says anything but yes, to word the findings."""
    if not isinstance(data, dict):
        return False
    for key, rule in schema.items():
        if rule.get("required") and key not in data:
            return False
    for key, value in data.items():
        rule = schema.get(key)
        if not isinstance(rule, dict):
            return False
        if value is None:
            if not rule.get("nullable"):
                return False
            continue
        names = type_names(rule.get("type"))
        if names:
            if not any(
                isinstance(value, _PYTHON_TYPES[n]) and not (n == "integer" and isinstance(value, bool)) for n in names
            ):
                return False
        if "allowed" in rule and value not in rule["allowed"]:
            return False
        if rule.get("empty") is False and isinstance(value, (str, list, dict)) and not value:
            return False
        if "min" in rule and isinstance(value, (int, float)) and value < rule["min"]:
            return False
        if "max" in rule and isinstance(value, (int, float)) and value > rule["max"]:
            return False
        nested = rule.get("schema")
        if nested and isinstance(value, dict):
            if not all(isinstance(v, dict) for v in nested.values()) or not _plainly_valid(value, nested):
                return False
        elif nested and isinstance(value, list):
            item_names = type_names(nested.get("type"))
            if "dict" in item_names and isinstance(nested.get("schema"), dict):
                # A list of mappings, or of texts and mappings (phu_luc, noi_nhan): each mapping
                # plainly valid against its schema, each other item of an allowed type.
                others = tuple(_PYTHON_TYPES[n] for n in item_names if n != "dict")
                if all(
                    _plainly_valid(v, nested["schema"])
                    if isinstance(v, dict)
                    else isinstance(v, others) and not isinstance(v, bool)
                    for v in value
                ):
                    continue
                return False
            if nested.get("schema") is not None or not item_names:
                return False
            if not all(
                any(isinstance(v, _PYTHON_TYPES[n]) for n in item_names) and not isinstance(v, bool) for v in value
            ):
                return False
    return True


def _cerberus(source: Source, base: tuple, data: dict, schema: dict) -> list[Finding]:
    if _plainly_valid(data, schema):
        return []
    validator = _validator(schema)
    validator.validate(data)
    leaves = list(_leaves(validator._errors))
    # A mapping made by a colon in a sentence is not missing its fields: it is not a mapping at all.
    colon_made = {
        tuple(e.document_path[:-1])
        for e in leaves
        if e.code == errors.UNKNOWN_FIELD.code and e.document_path and prose_key(e.document_path[-1])
    }
    return [
        _finding(source, base, error, schema)
        for error in leaves
        if not (error.code == errors.REQUIRED_FIELD.code and tuple(error.document_path[:-1]) in colon_made)
    ]


def prose_key(key) -> bool:
    """A key no schema has: words with spaces, capitals or diacritics ("Kết quả"), which YAML made a
    key because a sentence had ": " in it. The schema's keys are lower-case ASCII words."""
    return isinstance(key, str) and not re.fullmatch(r"[a-z_][a-z0-9_]*", key)


def _colon_key(source: Source, path: tuple, key: str, value) -> Finding:
    """'- Kết quả: đạt 11/19 chỉ tiêu' is read as {"Kết quả": "đạt 11/19 chỉ tiêu"}: say so, and
    how to write it, rather than that a field is missing."""
    text = " ".join(str(value).split()) if isinstance(value, (str, int, float)) else "…"
    if len(text) > 40:
        text = text[:39] + "…"
    return source.finding(path, "schema.colon_key", at_key=True, key=key, value=text)


def _leaves(error_list):
    for error in error_list:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error


def _schema_keys(schema: dict, path: tuple) -> list[str]:
    """The keys allowed at `path`, for 'did you mean'."""
    node = schema
    for part in path:
        if isinstance(part, int):
            continue
        node = _nested(node.get(part, {}))
    return [k for k in node if isinstance(node.get(k), dict)]


def _owners(schema: dict, key: str, parent: str = "") -> list[str]:
    """The mappings in which `key` is allowed ("ve" -> ["trich_yeu"]), for a key indented too little."""
    found = []
    for name, rule in schema.items():
        if not isinstance(rule, dict):
            continue
        nested = _nested(rule)
        if isinstance(nested, dict) and all(isinstance(v, dict) for v in nested.values()):
            if key in nested:
                found.append(f"{parent}{name}")
            found += _owners(nested, key, f"{parent}{name}.")
    return found


def _as_key(value, allowed) -> str:
    """The allowed value an office meant when it typed the words ("Ban Thường vụ", "khẩn", "Hỏa tốc",
    "T/M" apart): keys are those words without marks, in lower case, joined by "_"."""
    if not isinstance(value, str):
        return ""
    plain = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    plain = "_".join("".join(c for c in plain if not unicodedata.combining(c)).lower().split())
    return next((a for a in allowed if isinstance(a, str) and a and a == plain and a != value), "")


def _finding(source: Source, base: tuple, error, schema: dict) -> Finding:
    path = base + tuple(error.document_path)
    key = str(path[-1]) if path else ""
    if error.code == errors.UNKNOWN_FIELD.code and prose_key(key):
        return _colon_key(source, path, key, error.value)
    if error.code == errors.UNKNOWN_FIELD.code:
        close = difflib.get_close_matches(key, _schema_keys(schema, tuple(error.document_path[:-1])), n=1, cutoff=0.6)
        owners = [] if close else _owners(schema, key)
        if close:
            hint = t("schema.did_you_mean", close=close[0])
        elif owners:
            hint = t("schema.belongs_under", owner=owners[0])
        else:
            hint = ""
        return source.finding(path, "schema.unknown_key", at_key=True, key=key, hint=hint)
    if error.code == errors.REQUIRED_FIELD.code:
        return source.finding(path[:-1], "schema.required", key=key)
    if error.code == errors.BAD_TYPE.code:
        expected = error.constraint if isinstance(error.constraint, list) else [error.constraint]
        return source.finding(
            path, "schema.type", key=key, expected=_or(expected), actual=_or([_PY_TYPES.get(type(error.value), "?")])
        )
    if error.code == errors.UNALLOWED_VALUE.code:
        meant = _as_key(error.value, error.constraint)
        return source.finding(
            path,
            "schema.allowed",
            key=key,
            value=error.value,
            allowed=", ".join(repr(a) if a == "" else a for a in error.constraint),
            hint=t("schema.did_you_mean", close=meant) if meant else "",
        )
    if error.code == errors.NOT_NULLABLE.code:
        return source.finding(path, "schema.blank", key=key)
    if error.code == errors.EMPTY_NOT_ALLOWED.code:
        return source.finding(path, "schema.empty", key=key)
    if error.code == errors.MIN_VALUE.code:
        return source.finding(path, "schema.min", key=key, min=error.constraint)
    if error.code == errors.MAX_VALUE.code:
        return source.finding(path, "schema.max", key=key, max=error.constraint)
    return source.finding(path, "schema.other", key=key, detail=str(error.rule))


def parse_date(value) -> IssueDate | None:
    """'2026-05-08', '2026-05' (a date awaiting its day) or '2026' (day and month blank); else None."""
    return IssueDate.parse(value)


def _check_date(source: Source, path: tuple, value, partial: bool = False) -> list[Finding]:
    """A date as written; `partial` allows the month or year only (an issue date still blank)."""
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int)):
        return []
    parsed = parse_date(value)
    if parsed is None:
        return [source.finding(path, "value.date", value=value)]
    if not parsed.is_full and not partial:
        return [source.finding(path, "value.date_full", value=value)]
    return []


def _check_number(source: Source, data: dict) -> list[Finding]:
    if "so" not in data or data["so"] is None:
        return []
    value = data["so"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return [source.finding(("so",), "value.number")]
    return []


def _check_period(source: Source, ky) -> list[Finding]:
    if not isinstance(ky, dict):
        return []
    keys = [k for k in ("thang", "quy", "nua_nam", "chin_thang", "giai_doan", "nhiem_ky") if k in ky]
    if len(keys) > 1:
        return [source.finding(("ky",), "schema.ky", keys=", ".join(keys))]
    span = next((k for k in ("giai_doan", "nhiem_ky") if k in ky), None)
    if span is None:
        return [] if "nam" in ky else [source.finding(("ky",), "schema.required", key="nam")]
    if years_span(ky[span]) is None:
        return [source.finding(("ky", span), "value.years", value=ky[span])]
    return []


def _check_scheme(source: Source, path: tuple, token) -> list[Finding]:
    if token is None or token in SCHEME_TOKENS:
        return []
    allowed = ", ".join(f'"{t}"' for t in SCHEME_TOKENS)
    return [source.finding(path, "schema.scheme", value=token, allowed=allowed)]


def _check_blocks(source: Source, path: tuple, blocks: list) -> list[Finding]:
    findings = []
    for i, block in enumerate(blocks):
        here = path + (i,)
        if isinstance(block, str):
            continue
        if not isinstance(block, dict):
            findings.append(source.finding(here, "schema.block"))
            continue
        kinds = [k for k in BLOCK_KINDS if k in block]
        prose = [k for k in block if prose_key(k)]
        if not kinds and prose:
            findings += [_colon_key(source, here + (k,), k, block[k]) for k in prose]
            continue
        if not kinds:
            # Unknown keys are reported against the closest block kind.
            findings += _cerberus(source, here, block, _closest_block_schema(block))
            continue
        if len(kinds) > 1:
            findings.append(source.finding(here, "schema.block_kind", keys=", ".join(kinds)))
            continue
        if kinds[0] == "bang":
            if not (len(block) == 1 and _table_plainly_valid(block["bang"])):
                findings += _cerberus(source, here, block, BLOCK_SCHEMAS[kinds[0]])
            if isinstance(block["bang"], dict):
                findings += _check_table(source, here + ("bang",), block["bang"])
            continue
        findings += _cerberus(source, here, block, BLOCK_SCHEMAS[kinds[0]])
        if "danh_so" in block:
            findings += _check_scheme(source, here + ("danh_so",), block["danh_so"])
        if isinstance(block.get("noi_dung"), list):
            findings += _check_blocks(source, here + ("noi_dung",), block["noi_dung"])
    return findings


def _cell_plainly_valid(cell) -> bool:
    if cell is None or isinstance(cell, (str, int, float)) and not isinstance(cell, bool):
        return True
    if not isinstance(cell, dict) or not set(cell) <= {"o", "gop_cot", "gop_dong"}:
        return False
    spans = [(cell.get("gop_cot", 1), MAX_COLUMNS), (cell.get("gop_dong", 1), MAX_ROWS)]
    return (
        _cell_plainly_valid(cell.get("o"))
        and not isinstance(cell.get("o"), dict)
        and all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= most for n, most in spans)
    )


def _table_plainly_valid(table) -> bool:
    """True when a table certainly satisfies TABLE_SCHEMA: a table holds hundreds of cells, and
    Cerberus takes long to say they are fine (it still words the findings of any other table)."""
    if not isinstance(table, dict) or not set(table) <= set(TABLE_SCHEMA):
        return False
    rows = table.get("dong", [])
    if not isinstance(rows, list) or not all(isinstance(r, list) and all(map(_cell_plainly_valid, r)) for r in rows):
        return False
    head = table.get("dau", [])
    if not isinstance(head, list):
        return False
    widths = table.get("rong", [])
    if not isinstance(widths, list) or not all(
        isinstance(w, (int, float)) and not isinstance(w, bool) and 3 <= w <= 500 for w in widths
    ):
        return False
    others = {k: v for k, v in table.items() if k not in ("dong", "dau", "rong")}
    return _plainly_valid(others, {k: TABLE_SCHEMA[k] for k in others})


def _check_table(source: Source, path: tuple, table: dict) -> list[Finding]:
    """What Cerberus cannot say of a table: it needs rows or a CSV file, and `dau` is one row or a
    list of rows."""
    findings = []
    if not table.get("dong") and not table.get("csv"):
        findings.append(source.finding(path, "table.no_rows"))
    head = table.get("dau")
    if isinstance(head, list) and head:
        rows = head if isinstance(head[0], list) else [head]
        base = [path + ("dau", i) for i in range(len(rows))] if isinstance(head[0], list) else [path + ("dau",)]
        for row, where in zip(rows, base):
            if not isinstance(row, list):
                findings.append(
                    source.finding(
                        where,
                        "schema.type",
                        key="dau",
                        expected=_or(["list"]),
                        actual=_or([_PY_TYPES.get(type(row), "?")]),
                    )
                )
                continue
            if not all(map(_cell_plainly_valid, row)):
                findings += _cerberus(source, where, {"o": row}, {"o": ROW})
    return findings


def _closest_block_schema(block: dict) -> dict:
    for key in block:
        close = difflib.get_close_matches(str(key), BLOCK_KINDS, n=1, cutoff=0.5)
        if close:
            return BLOCK_SCHEMAS[close[0]]
    return BLOCK_SCHEMAS["tieu_de"]
