"""Stage 3: from validated data to the Document the template is filled with.

Everything a monthly author should not type comes from here: the organisation file merged with the
document's overrides, tên loại and the author line from the kind, the opening paragraph from the
meeting facts, the outline labels from the depth, "- …;" and the archive line of Nơi nhận, and the
signature from the acting body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from gen.content import appendices, formatting, tables
from gen.content.appendices import Appendix
from gen.content.files import real_path
from gen.content.footnotes import Notes
from gen.content.kinds import BODIES, KINDS, LEVELS, SIGNERS, TITLES, URGENCY, Body, Kind
from gen.content.loader import Source, load
from gen.content.schema import MAX_COLUMNS, MAX_ROWS, ORG_REQUIRED, parse_date, validate_org
from gen.exceptions import ERROR, WARNING, Finding, GenError
from gen.messages import N_
from gen.settings import Profile, profile_for, uy_spelling


def _builtin_template(name: str = "dang-uy.docx") -> Path:
    """The official template: inside the package when gen was installed from a wheel or an sdist
    (pyproject.toml maps templates/docx/ to gen/templates/docx/), else templates/docx/ at the root
    of the checkout, which a checkout and an editable install use. Like gen/data/, found beside the
    code rather than through importlib.resources: gen is never run from a zip."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "templates" / "docx" / name
    return packaged if packaged.is_file() else package.parent / "templates" / "docx" / name


BUILTIN_TEMPLATE = _builtin_template()


@dataclass
class Organisation:
    ten: str
    dia_danh: str
    ky_hieu: str
    cap_tren: str = ""
    cap: str = "xa"
    van_phong: str = ""
    lanh_dao: dict = field(default_factory=dict)
    template: Path | None = None
    uy: str = "ủy"
    file: Path | None = None  # the organisation file, when there is one
    spelling_allowed: tuple[str, ...] = ()  # chinh_ta_cho_phep: words the spelling rules let pass


@dataclass
class Paragraph:
    """One body paragraph: a template style, a computed or explicit label, text with inline markup."""

    style: str
    text: str
    label: str = ""
    path: tuple = ()  # where in the YAML it came from, for located findings about the text
    label_bold: bool = False  # "Điều 1.", or a label followed by a bold lead-in ("1. **Về …:** …")


@dataclass
class Signature:
    quyen_han: str  # the first line, "T/L BAN THƯỜNG VỤ"; "" for a head signing under the bare title
    chuc_vu: str  # "CHÁNH VĂN PHÒNG"
    ho_ten: str
    authority: str = ""  # "T/L"
    on_behalf: str = ""  # "BAN THƯỜNG VỤ"


@dataclass
class Document:
    source: Source
    kind: Kind
    body: Body
    org: Organisation
    number: int | None
    date: formatting.IssueDate
    period: formatting.Period | None
    tac_gia: str  # capitals, may hold line breaks; "" for none
    ve: str
    paragraphs: list[Paragraph]  # what follows the title block: Kính gửi, opening, căn cứ, outline
    recipients: list[str]  # final lines, "- Thường trực Thành ủy (báo cáo);" … "- Lưu Văn phòng Đảng ủy."
    signature: Signature
    template: Path
    profile: Profile
    urgency: str = ""  # "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC" under the number
    draft: str = ""  # "Dự thảo lần 2" under the number
    footnotes: list[str] = field(default_factory=list)  # the text of footnote 1, 2, … in reading order
    appendices: list[Appendix] = field(default_factory=list)
    notes: Notes | None = None  # the footnote markers and notes, for the checks
    tables_inputs: list[Path] = field(default_factory=list)  # CSV files the tables are read from

    @property
    def so_ky_hieu(self) -> str:
        return formatting.so_ky_hieu(self.number, self.kind.code, self.org.ky_hieu)

    @property
    def date_line(self) -> str:
        return formatting.date_line(self.org.dia_danh, self.date)

    @property
    def inputs(self) -> list[Path]:
        """The files the output is made from, for incremental builds."""
        return [Path(p) for p in (self.source.path, self.org.file, self.template) if p is not None] + self.tables_inputs

    @property
    def first_day(self) -> dt.date:
        return self.date.first_day


def project_root(path: Path) -> Path:
    """The project a content file belongs to: the nearest folder with content/, pyproject.toml or .git."""
    path = real_path(path)
    for folder in path.parents:
        if (folder / "content").is_dir() or (folder / "pyproject.toml").exists() or (folder / ".git").exists():
            return folder
    return path.parent


def resolve_inside(
    source: Source, yaml_path: tuple, value: str, root: Path, rule_missing: str
) -> tuple[Path | None, list[Finding]]:
    """A path written in a YAML file, relative to that file, which must stay inside the project."""
    candidate = real_path(source.path).parent / value
    try:
        candidate = real_path(candidate)
        found = candidate.is_relative_to(root) and candidate.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte …
        return None, [source.finding(yaml_path, rule_missing, value=value, tried=candidate)]
    if not candidate.is_relative_to(root):
        return None, [source.finding(yaml_path, "path.outside_project", value=value, root=root)]
    if not found:
        return None, [source.finding(yaml_path, rule_missing, value=value, tried=candidate)]
    return candidate, []


class OrgCache:
    """Organisation files are shared by many documents: load and validate each once per build."""

    def __init__(self):
        self._sources: dict[Path, Source] = {}

    def get(self, path: Path) -> Source:
        if path not in self._sources:
            source = load(path)
            if source.data is not None and isinstance(source.data, dict):
                source.findings += validate_org(source)
            self._sources[path] = source
        return self._sources[path]


def spell(text: str, uy: str) -> str:
    """Generated wording follows the office's choice of 'ủy' or 'uỷ' (party-format.md §3.2)."""
    if uy == "uỷ":
        text = text.replace("ủy", "uỷ").replace("Ủy", "Uỷ").replace("ỦY", "UỶ")
        return text.replace("hỏa", "hoả").replace("HỎA", "HOẢ")
    return text


def build(source: Source, orgs: OrgCache | None = None) -> tuple[Document, list[Finding]]:
    """Build the Document of a validated source with what it found on the way (a warning such as a
    signer without a name), or raise GenError with what stops it. The source is left as it is."""
    orgs = orgs or OrgCache()
    data = source.data
    root = project_root(source.path)
    findings: list[Finding] = []

    org, org_findings = _organisation(source, data["co_quan"], root, orgs)
    findings += org_findings
    template, template_findings = _template(source, data, org, root)
    findings += template_findings
    if any(f.severity == ERROR for f in findings) or org is None:
        raise GenError(findings)

    kind = KINDS[data["loai"]]
    body = BODIES[data.get("chu_the", "ban_thuong_vu")]
    date = _date(data["ngay"])
    period = formatting.Period.from_data(data["ky"]) if data.get("ky") else None
    level = f" {LEVELS[org.cap]}" if LEVELS[org.cap] else ""

    trich_yeu = data.get("trich_yeu") or {}
    # Nothing is added to the title that the author did not write: no "về …" from the period.
    ve = trich_yeu.get("ve") or ""
    if "tac_gia" in trich_yeu:
        tac_gia = trich_yeu["tac_gia"] or ""
    else:
        tac_gia = _default_author(kind, body, org, ve)
    paragraphs: list = (
        _addressed(data, org)
        + _opening(data, kind, body, org, level, ve)
        + _grounds(data, kind, body, org)
        + outline(data.get("noi_dung", []), data.get("danh_so") or default_scheme(kind, data.get("noi_dung", [])))
    )
    number_symbol = formatting.so_ky_hieu(data.get("so"), kind.code, org.ky_hieu).removeprefix("Số ")
    by = spell(appendices.issuer(body.name, LEVELS[org.cap], org.dia_danh, org.ten), org.uy)
    reference = appendices.reference_line(kind.ten_loai or "CÔNG VĂN", number_symbol, date, by)
    annexes = [
        appendices.Appendix(
            appendices.heading(i + 1, len(data.get("phu_luc") or [])),
            item["tieu_de"],
            item.get("kem_theo", reference) or "",
            outline(
                item.get("noi_dung") or [],
                data.get("danh_so") or default_scheme(kind, item.get("noi_dung") or []),
                ("phu_luc", i, "noi_dung"),
            ),
            ("phu_luc", i),
        )
        for i, item in enumerate(data.get("phu_luc") or [])
    ]
    csv_files: list[Path] = []
    table_findings: list[Finding] = []
    paragraphs = _tables(source, paragraphs, root, csv_files, table_findings)
    for annex in annexes:
        annex.paragraphs = _tables(source, annex.paragraphs, root, csv_files, table_findings)
    if any(f.severity == ERROR for f in table_findings):
        raise GenError(findings + table_findings)
    notes = Notes.from_data(data)
    if trich_yeu.get("ve"):
        ve = notes.number(ve, ("trich_yeu", "ve"))
    _number_notes(notes, paragraphs)
    for annex in annexes:
        annex.title = notes.number(annex.title, annex.path + ("tieu_de",))
        _number_notes(notes, annex.paragraphs)
    signature = _signature(source, data.get("chu_ky") or {}, body, org, findings)
    document = Document(
        source=source,
        kind=kind,
        body=body,
        org=org,
        number=data.get("so"),
        date=date,
        period=period,
        tac_gia=tac_gia.upper(),
        ve=ve,
        paragraphs=paragraphs,
        recipients=_recipients(data.get("noi_nhan") or [], data.get("luu"), org, kind.as_above),
        signature=signature,
        template=template,
        profile=profile_for(date.first_day),
        urgency=spell(URGENCY.get(data.get("khan") or "", ""), org.uy),
        draft=_draft(data.get("du_thao")),
        footnotes=notes.footnotes,
        appendices=annexes,
        notes=notes,
        tables_inputs=csv_files,
    )
    return document, findings


def _default_author(kind: Kind, body: Body, org: Organisation, ve: str) -> str:
    """The kind's author line ("KẾT LUẬN CỦA BAN THƯỜNG VỤ ĐẢNG ỦY"), unless the trích yếu already
    opens with its words: "THÔNG BÁO / kết luận của Thường trực Đảng ủy tại …" or "THÔNG BÁO / kết
    luận kiểm tra …" says who concluded, and the line would say "kết luận" twice."""
    if not kind.tac_gia:
        return ""
    lead = kind.tac_gia.split("{chu_the}")[0].lower().split()  # ["kết", "luận", "của"] or ["của"]
    opening = " ".join(lead[:-1] if len(lead) > 2 else lead)
    if opening and re.match(rf"{re.escape(opening)}\b", " ".join(ve.split()).lower()):
        return ""
    return spell(kind.tac_gia.format(chu_the=body.name.format(cap="").upper()), org.uy)


def _date(value) -> formatting.IssueDate:
    """A date the schema has accepted."""
    date = parse_date(value)
    if date is None:  # validate_document reports it first; this is a caller that skipped it
        raise ValueError(f"not a date: {value!r}")
    return date


def _organisation(source: Source, value, root: Path, orgs: OrgCache) -> tuple[Organisation | None, list[Finding]]:
    merged: dict = {}
    findings: list[Finding] = []
    org_source = None
    file_value = value if isinstance(value, str) else value.get("tep")
    if file_value:
        where = ("co_quan",) if isinstance(value, str) else ("co_quan", "tep")
        path, findings = resolve_inside(source, where, file_value, root, N_("org.missing"))
        if path is None:
            return None, findings
        org_source = orgs.get(path)
        if org_source.findings:
            return None, list(org_source.findings)
        merged.update(org_source.data)
    if isinstance(value, dict):
        merged.update({k: v for k, v in value.items() if k != "tep"})
    missing = [k for k in ORG_REQUIRED if not merged.get(k)]
    if missing:
        return None, [source.finding(("co_quan",), "org.field_missing", key=k) for k in missing]
    template = None
    # A template path is relative to the file that names it.
    if isinstance(value, dict) and value.get("mau"):
        template, findings = resolve_inside(source, ("co_quan", "mau"), value["mau"], root, N_("template.missing"))
    elif org_source is not None and org_source.data.get("mau"):
        template, findings = resolve_inside(org_source, ("mau",), org_source.data["mau"], root, N_("template.missing"))
    org = Organisation(
        ten=merged["ten"],
        dia_danh=merged["dia_danh"],
        ky_hieu=merged["ky_hieu"],
        cap_tren=merged.get("cap_tren", ""),
        cap=merged.get("cap", "xa"),
        van_phong=merged.get("van_phong", ""),
        lanh_dao=merged.get("lanh_dao") or {},
        template=template,
        uy=merged.get("chinh_ta_uy") or uy_spelling(),
        file=org_source.path if org_source is not None else None,
        spelling_allowed=tuple(merged.get("chinh_ta_cho_phep") or ()),
    )
    return org, findings


def _template(source: Source, data: dict, org: Organisation | None, root: Path) -> tuple[Path, list[Finding]]:
    if data.get("mau"):
        path, findings = resolve_inside(source, ("mau",), data["mau"], root, N_("template.missing"))
        return path or BUILTIN_TEMPLATE, findings
    if org is not None and org.template is not None:
        return org.template, []
    return BUILTIN_TEMPLATE, []


def _opening(data: dict, kind: Kind, body: Body, org: Organisation, level: str, ve: str) -> list[Paragraph]:
    """Free opening text, or the opening written from the meeting facts in the form the office
    uses (`kieu`, party-format.md §5): "Ngày 07 tháng 5 năm 2026, … tổ chức hội nghị …" (to_chuc),
    "Ngày 26/8/2025, … đã họp …" (hop) or "Tại hội nghị ngày 17/10/2025, … đã …" (tai_hoi_nghi)."""
    if data.get("mo_dau"):
        texts = data["mo_dau"] if isinstance(data["mo_dau"], list) else [data["mo_dau"]]
        return [Paragraph("NoiDung", text, path=("mo_dau",)) for text in texts]
    meeting = data.get("hoi_nghi")
    if not meeting:
        return []
    acting_full = spell(body.name.format(cap=level), org.uy)
    acting = spell(body.name.format(cap=""), org.uy)
    form = meeting.get("hinh_thuc") or "hội nghị"
    widened = " mở rộng" if meeting.get("mo_rong") else ""
    topics = meeting.get("noi_dung")
    if isinstance(topics, list):
        topics = list(filter(None, map(clean_text, topics)))
    date = _date(meeting["ngay"]) if meeting.get("ngay") else None
    style = meeting.get("kieu") or "to_chuc"
    if isinstance(topics, list) and topics:
        listed = "; ".join(f"({i}) {topic}" for i, topic in enumerate(topics, 1))
        topic = f"xem xét, cho ý kiến các nội dung: {listed}"
    else:
        topic = clean_text(topics) if isinstance(topics, str) else _matter_of_title(ve)
        if topic and not _VERB_LED.match(topic):
            # The matter read as what was discussed: "tổ chức hội nghị về …", "đã họp về …", "đã thảo
            # luận, cho ý kiến về …"; a topic that opens with its own verb ("đánh giá …", "nghe …") is
            # written as it is.
            topic = f"về {topic}"
        if style == "tai_hoi_nghi" and (not topic or topic.startswith("về ")):
            topic = f"thảo luận, cho ý kiến {topic}".strip()
    if style == "tai_hoi_nghi":
        when = f" ngày {date.numeric()}" if date else ""
        first = f"Tại {form}{widened}{when}, {acting_full} đã {topic}."
    elif style == "hop":
        first = " ".join(filter(None, (f"{acting_full} đã họp{widened}", topic))) + "."
        first = f"Ngày {date.numeric()}, {first}" if date else first
    else:
        first = " ".join(filter(None, (f"{acting_full} tổ chức {form}{widened}", topic))) + "."
        first = f"{date.words().capitalize()}, {first}" if date else first
    sentences = [first]
    if meeting.get("chu_tri"):
        sentences.append(f"Đồng chí {meeting['chu_tri']} chủ trì {'cuộc họp' if style == 'hop' else form}.")
    if meeting.get("tham_du"):
        sentences.append(f"Tham dự có {meeting['tham_du']}.")
    verdict = meeting.get("ket_luan") or kind.ket_luan
    # A verdict with its own subject ("Thường trực Đảng ủy kết luận …", "Đồng chí Bí thư …") is
    # written as it is: the acting body is never said twice.
    conclusion = verdict if verdict[:1].isupper() else f"{acting} {verdict}"
    if meeting.get("nghe"):
        # "Sau khi nghe …, đồng chí Bí thư kết luận": a title is lowercase inside the sentence.
        lead = conclusion[:1].lower() if conclusion.startswith("Đồng chí") else conclusion[:1]
        conclusion = f"Sau khi nghe {meeting['nghe']}, {lead}{conclusion[1:]}"
    sentences.append(conclusion)
    return [Paragraph("NoiDung", " ".join(sentences), path=("hoi_nghi",))]


# A topic that says what the meeting did ("nghe Ủy ban nhân dân xã báo cáo …", "về …") takes no "về".
_VERB_LED = re.compile(
    r"(?:về|nghe|xem xét|thảo luận|cho ý kiến|góp ý|bàn|đánh giá|sơ kết|tổng kết|kiểm điểm|quán triệt|"
    r"triển khai|thống nhất|thông qua|làm việc)\b",
    re.IGNORECASE,
)


def _matter_of_title(ve: str) -> str:
    """What the meeting discussed, read from the trích yếu: "về công tác phòng, chống cháy rừng" ->
    "công tác phòng, chống cháy rừng". A title that is the verdict itself ("kết luận của Thường trực
    Đảng ủy tại buổi làm việc … về tiến độ giải phóng mặt bằng") names its matter after "về", or none."""
    title = " ".join(ve.split())
    if re.match(r"(?:ý kiến )?kết luận\b", title, re.IGNORECASE):
        return title.partition(" về ")[2]
    return re.sub(r"^về\s+", "", title)


def _addressed(data: dict, org: Organisation) -> list[Paragraph]:
    """ "Kính gửi:" (công văn, a báo cáo to a higher body) or "Kính trình:" (tờ trình), 05-HD §9:
    one addressee on the line of the words, several as a list hanging under them."""
    for key, words in (("kinh_gui", "Kính gửi:"), ("kinh_trinh", "Kính trình:")):
        value = data.get(key)
        if not value:
            continue
        names = [clean_text(name) for name in (value if isinstance(value, list) else [value])]
        names = [name.replace("*", "\\*") for name in names if name]
        if not names:  # only spaces or punctuation: nothing to address
            continue
        if len(names) == 1:
            return [Paragraph("KinhGui", f"*{words}* {names[0]}", path=(key,))]
        lines = [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]
        first = Paragraph("KinhGuiDanhSach", f"*{words}*\t{lines[0]}", path=(key, 0))
        return [first] + [Paragraph("KinhGuiMuc", line, path=(key, i)) for i, line in enumerate(lines[1:], 1)]
    return []


def _grounds(data: dict, kind: Kind, body: Body, org: Organisation) -> list[Paragraph]:
    """Căn cứ lines ("- Căn cứ …;", the last with ".", 05-HD §6.2.3) and, for a quyết định, the
    line "BAN THƯỜNG VỤ ĐẢNG ỦY QUYẾT ĐỊNH" before the articles."""
    grounds = [text for text in (clean_text(text) for text in data.get("can_cu") or []) if text]
    paragraphs = [
        Paragraph("CanCu", f"- {text}{'.' if i == len(grounds) - 1 else ';'}", path=("can_cu", i))
        for i, text in enumerate(grounds)
    ]
    if kind.enacting:
        enacting = f"{spell(body.name.format(cap=''), org.uy).upper()} {kind.enacting}"
        paragraphs.append(Paragraph("BanHanh", enacting, path=("loai",)))
    return paragraphs


def _draft(value) -> str:
    """'Dự thảo lần 2' for du_thao: 2, 'Dự thảo' for du_thao: true (05-HD Phụ lục 2 row 12)."""
    if value is True:
        return "Dự thảo"
    return f"Dự thảo lần {value}" if value else ""


def label_value(label: str, previous: str = "") -> int | None:
    """The counter an explicit label stands for ('2.' -> 2, 'III.' -> 3, '2.1.' -> 1, 'b)' -> 2,
    'C.' after 'B.' -> 3, 'Điều 4.' -> 4); `previous` is the sibling before it, if any."""
    label = label.strip()
    token = formatting.label_token(label, previous)
    if token == "A.":
        return formatting.letter_value(label[0])
    if token == "a)":
        return formatting.letter_value(label.rstrip(" )"))
    if token == "I." or token == "I-":
        return formatting.roman_value(label.rstrip(".- "))
    digits = re.findall(r"\d+", label)
    return int(digits[-1]) if digits and token in ("1.", "1-", "1.1.", "1.1.1.", "(1)", "Điều 1.") else None


def default_scheme(kind: Kind, blocks: list) -> list[str]:
    """The kind's numbering, but an outline of numbered paragraphs with no heading over them (a
    Thường trực's "1. Về …", "2. Về …") starts at "1.": "A." and "I." number headings."""
    scheme = list(kind.scheme)
    if any(isinstance(item, dict) and "tieu_de" in item for item in blocks):
        return scheme
    while len(scheme) > 1 and scheme[0] in ("A.", "I.", "I-"):
        scheme.pop(0)
    return scheme


def outline(blocks: list, scheme: list[str], base: tuple = ("noi_dung",)) -> list[Paragraph]:
    """The paragraphs of an outline with their labels; a table (`bang`) stands as a paragraph of
    style "Bang" until the model reads it."""
    paragraphs: list[Paragraph] = []

    def walk(items: list, path: tuple, counters: list[int], token: str | None, bullet_depth: int) -> None:
        depth = len(counters)
        count = 0
        previous = ""  # the label of the sibling before, to read "C." after "B." as a letter
        for i, item in enumerate(items):
            here = path + (i,)
            if isinstance(item, str):
                paragraphs.append(Paragraph("NoiDung", item, path=here))
                continue
            if "bang" in item:
                paragraphs.append(Paragraph(TABLE_STYLE, "", path=here + ("bang",)))
                continue
            if "y" in item:
                paragraphs.append(Paragraph("Y", item["y"], "-" if bullet_depth == 0 else "+", here + ("y",)))
                walk(item.get("noi_dung") or [], here + ("noi_dung",), counters, None, bullet_depth + 1)
                continue
            kind = "tieu_de" if "tieu_de" in item else "muc"
            count += 1
            level_token = token if token is not None else (scheme[depth] if depth < len(scheme) else "")
            if item.get("nhan") is not None:
                label = item["nhan"].strip()
                count = label_value(label, previous) or count
            else:
                label = formatting.outline_label(level_token, counters + [count]) if level_token else ""
            previous = label
            style = f"DeMuc{min(depth + 1, 4)}" if kind == "tieu_de" else "NoiDung"
            bold = formatting.label_token(label) in formatting.BOLD_TOKENS or item[kind].lstrip().startswith("**")
            paragraphs.append(Paragraph(style, item[kind], label, here + (kind,), label_bold=bold))
            walk(item.get("noi_dung") or [], here + ("noi_dung",), counters + [count], item.get("danh_so"), 0)

    walk(blocks, base, [], None, 0)
    return paragraphs


TABLE_STYLE = "Bang"


def _tables(source: Source, items: list, root: Path, csv_files: list[Path], findings: list[Finding]) -> list:
    """The outline with each table read (from its rows, or its CSV file beside the document)."""
    out: list = []
    for item in items:
        if item.style != TABLE_STYLE:
            out.append(item)
            continue
        data = _value(source.data, item.path)
        rows = csv_path = None
        if data.get("csv"):
            csv_path, problems = resolve_inside(
                source, item.path + ("csv",), data["csv"], root, N_("table.csv_missing")
            )
            findings += problems
            if csv_path is None:
                continue
            try:
                rows = tables.read_csv(csv_path)
            except tables.CsvError as exc:
                findings.append(
                    source.finding(item.path + ("csv",), "table.csv_encoding", value=data["csv"], detail=exc.args[0])
                )
                continue
            except OSError as exc:
                findings.append(source.finding(item.path + ("csv",), "table.csv_missing", value=data["csv"], tried=exc))
                continue
            csv_files.append(csv_path)
            if not rows and not data.get("dau"):
                findings.append(source.finding(item.path + ("csv",), "table.no_rows"))
                continue
        head = data.get("dau") or []
        written = (head if head and isinstance(head[0], list) else [head]) + list(data.get("dong") or [])
        widest = max([len(r) for r in rows or []] + [tables.columns_of(r) for r in written if isinstance(r, list)])
        if len(rows or []) + len(written) > MAX_ROWS or widest > MAX_COLUMNS:
            findings.append(source.finding(item.path, "table.too_large", columns=MAX_COLUMNS, rows=MAX_ROWS))
            continue
        table = tables.build(data, item.path, rows, csv_path)
        if table.columns > MAX_COLUMNS:
            findings.append(source.finding(item.path, "table.too_large", columns=MAX_COLUMNS, rows=MAX_ROWS))
            continue
        out.append(table)
    return out


def _value(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def _number_notes(notes: Notes, items: list) -> None:
    """Number the footnote markers of paragraphs and table cells, in reading order."""
    for item in items:
        if isinstance(item, tables.Table):
            if item.caption:
                item.caption = notes.number(item.caption, item.path + ("tieu_de",))
            for cell in item.texts():
                cell.text = notes.number(cell.text, cell.where)
        else:
            item.text = notes.number(item.text, item.path)


def _recipients(items: list, archive: str | None, org: Organisation, as_above: bool = False) -> list[str]:
    """'- X;' for each recipient and '- Lưu …' last with '.', as 05-HD §9.2.5 requires; a công
    văn or tờ trình opens with '- Như trên;' (05-HD §9)."""
    lines = []
    if as_above and not any(clean_text(i if isinstance(i, str) else i["ten"]) == "Như trên" for i in items):
        lines.append("- Như trên;")
    for item in items:
        if isinstance(item, dict):
            name, purpose = clean_text(item["ten"]), (item.get("de") or "").strip()
        else:
            name, purpose = clean_text(item), ""
        if name:
            lines.append(f"- {name} ({purpose});" if purpose else f"- {name};")
    keeper = (
        re.sub(r"^Lưu\s*:?\s*", "", clean_text(archive or "")) or org.van_phong or spell("Văn phòng Đảng ủy", org.uy)
    )
    lines.append(f"- Lưu {keeper}.")
    return lines


def clean_text(text: str) -> str:
    """A recipient as typed in Word habits ('- Văn phòng Thành ủy,') reduced to its name."""
    return re.sub(r"[\s,;.]+$", "", re.sub(r"^\s*[-–+]\s*", "", " ".join(str(text).split())))


def _signature(source: Source, data: dict, body: Body, org: Organisation, findings: list[Finding]) -> Signature:
    """The signature of `nguoi_ky` (or of the leader a written chức vụ names, or of the body's
    usual signer) in the form the acting body signs under (kinds.BODIES, 05-HD §7.1); any line
    the document writes itself is kept."""
    chuc_vu_given = data.get("chuc_vu")
    signer = data.get("nguoi_ky") or (_signer_for(chuc_vu_given.upper()) if chuc_vu_given else "") or body.signer
    authority, on_behalf = body.forms.get(signer) or body.forms[body.signer]
    if data.get("quyen_han", authority) != authority:
        authority = data["quyen_han"]
        if authority == "K/T":
            on_behalf = body.head  # a deputy signing for the head: "K/T BÍ THƯ" / "PHÓ BÍ THƯ"
    on_behalf = data.get("thay_mat") or spell(on_behalf, org.uy)
    chuc_vu = (data.get("chuc_vu", TITLES.get(signer, "")) or "").upper()
    name = data.get("ho_ten") or org.lanh_dao.get(_signer_for(chuc_vu) or signer, "")
    if not name:
        findings.append(source.finding(("chu_ky",), "signature.missing_name", severity=WARNING))
    first_line = f"{authority} {on_behalf}" if authority else ""
    return Signature(first_line.upper(), chuc_vu, name, authority, on_behalf.upper() if authority else "")


def _signer_for(chuc_vu: str) -> str:
    """Which leader of the organisation file signs under this chức vụ ('' when none)."""
    for prefix, key in SIGNERS:
        if chuc_vu.startswith(prefix):
            return key
    return ""
