"""`gen import`: a Word document typed by hand, read back into our content model.

Pipeline: read the Word file into lines (gen/word/reader.py) → find the parts in reading order
(header, tên loại and trích yếu, opening, outline, Nơi nhận, signature) → build the data of a
content file → write it as tidy YAML (gen/content/yaml_out.py). What cannot be placed is kept as a plain
paragraph with a comment; every guess is a note, printed and written next to the key it concerns.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from gen.content import appendices, tables
from gen.content.files import real_path
from gen.content.formatting import format_number, label_token, so_ky_hieu
from gen.content.kinds import BODIES, KINDS, LEVELS, SCHEME_TOKENS, URGENCY
from gen.content.loader import MAX_BYTES, Source, display_path, load
from gen.content.loader import parse as parse_yaml
from gen.content.model import clean_text, default_scheme, outline, project_root, spell
from gen.content.schema import parse_date
from gen.content.yaml_out import dump
from gen.exceptions import GenError, WordFileError, finding
from gen.messages import N_, t
from gen.settings import layout, profile_for, uy_spelling
from gen.word.reader import Line, TableData, read_document
from gen.word.tables import auto_widths, twips
from gen.word.writer import write_output

_SEPARATOR = re.compile(r"^[-_=*\s]{3,}$")
_PARTY_TITLE = re.compile(r"^ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM$", re.I)
_NUMBER = re.compile(r"^Số\s*:?\s*(?P<n>\d*)\s*[-–]\s*(?P<code>[A-Za-zĐđ]+)\s*/\s*(?P<org>\S+)", re.I)
_DATE = re.compile(r"^(?P<place>[^,\n]+?)\s*,\s*ngày\s*(?P<d>\d*)\s*tháng\s*(?P<m>\d*)\s*năm\s*(?P<y>\d{4})", re.I)
_RECIPIENTS = re.compile(r"^Nơi\s+nh[aâậ]n\s*:?\s*(?P<rest>.*)$", re.I)
_AUTHORITY = re.compile(r"^(?P<q>T/M|T/L|K/T|Q\.|TM\.?|TL\.?|KT\.?)\s+(?P<rest>.+)$")
_SIGN_MARK = re.compile(r"^\(?\s*(handwritten signature|đã ký|ký tên[^)]*|chữ ký[^)]*)\s*\)?$", re.I)
_ARCHIVE = re.compile(r"^Lưu\b\s*:?\s*(?P<keeper>.*)$")
_PURPOSE = re.compile(r"^(?P<name>.*?)[\s,;]*\((?P<purpose>[^()]*)\)$")
_LABEL = re.compile(
    r"^(?P<label>(?P<roman>[IVX]+)\s*[.\-]|(?P<part>[A-ZĐ])\.|Điều\s+\d+\.|(?P<dotted>\d+(?:\.\d+)+)\.?"
    r"|(?P<num>\d+)\s*[.\-]|(?P<letter>[a-zđ])\s*\)|\((?P<paren>\d+)\)|(?P<bullet>[-–+•*]))\s+"
)
# Under the number: a draft's round, a mark of urgency (05-HD Phụ lục 2 rows 11–12).
_DRAFT = re.compile(r"^Dự\s+thảo(?:\s+lần\s+(?P<round>\d+))?$", re.I)
_URGENCY = {words: key for key, words in URGENCY.items()} | {"HOẢ TỐC": "hoa_toc"}
# "Kính gửi:" / "Kính trình:" and what follows on the line.
_ADDRESSED = re.compile(r"^Kính\s+(?P<verb>gửi|trình)\s*:\s*(?P<rest>.*)$", re.I)
_GROUND = re.compile(r"^-?\s*(?P<text>(?:Căn cứ|Xét|Theo đề nghị)\b.*)$")
_ENACTING = re.compile(r"^(?P<body>[A-ZĐÀ-Ỹ ]+?)\s+QUYẾT ĐỊNH\s*:?$")
_QUYEN_HAN = {"TM": "T/M", "TL": "T/L", "KT": "K/T"}


@dataclass
class Note:
    key: str  # top-level key the note is written above
    message_id: str
    params: dict = field(default_factory=dict)


@dataclass
class Imported:
    data: dict
    notes: list[Note]


def _lines(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n") if part.strip()]


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(not c.islower() for c in letters)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Parser:
    def __init__(self, lines: list[Line]):
        # Empty paragraphs are spacing, and the party title, the star and separators are drawn by
        # the template: none of them is content.
        self.lines = [line for line in lines if line.plain.strip()]
        self.notes: list[Note] = []
        self.data: dict = {}
        self.org: dict = {}
        self.code = self.ky_hieu = self.dia_danh = self.enacting = ""
        self.letter_about: list[str] = []  # a công văn's trích yếu, read under the number
        self.last_part = ""  # the last "A."-family label, to read "C." after "B." as a letter

    def note(self, key: str, message_id: str, **params) -> None:
        self.notes.append(Note(key, message_id, params))

    def parse(self) -> Imported:
        title_at = self._find_title()
        if title_at is None and (header_end := self._letter_header()) is not None:
            # A công văn: no tên loại; the trích yếu is read with the header, under the number.
            self.data["loai"] = "cong_van"
            self._header(self.lines[:header_end])
            body_start = header_end
            if self.letter_about:
                self.data["trich_yeu"] = {"ve": "\n".join(self.letter_about)}
            else:
                self.note("trich_yeu", N_("import.no_subject"))
        else:
            body_start = self._title_block(title_at)
            self._header(self.lines[:title_at] if title_at is not None else [])
        tail_at = self._find_tail(body_start)
        body = self.lines[body_start:tail_at]
        body = self._grounds(self._addressed(body))
        self._body(body)
        annex_at = next(
            (i for i in range(tail_at, len(self.lines)) if _is_appendix_heading(self.lines[i])), len(self.lines)
        )
        self._tail(self.lines[tail_at:annex_at])
        self._appendices(self.lines[annex_at:])
        self._period()
        return Imported(self._ordered(), self.notes)

    # -- tên loại and trích yếu -----------------------------------------------------------------

    def _letter_header(self) -> int | None:
        """Where the header of a document without tên loại ends, if its number is a công văn's
        ("Số 215-CV/ĐU"): after the header table, or after the number and date lines."""
        numbered = [i for i, line in enumerate(self.lines[:15]) if _NUMBER.search(_one_line(line.plain).split("\t")[0])]
        numbers = [_NUMBER.search(_one_line(self.lines[i].plain)) for i in numbered]
        if not numbers or not numbers[0] or numbers[0].group("code").upper() != "CV":
            return None
        table = self.lines[numbered[0]].cell
        if table is not None:
            end = numbered[0]
            while end < len(self.lines) and (self.lines[end].cell or (-1,))[0] == table[0]:
                end += 1
            return end
        end = numbered[0] + 1
        while end < len(self.lines) and end < 15:
            plain = _one_line(self.lines[end].plain)
            if _ADDRESSED.match(plain) or len(plain) > 120:
                break
            end += 1
        return end

    def _addressed(self, lines: list[Line]) -> list[Line]:
        """ "Kính gửi: …" / "Kính trình: …" at the start of the body, one name or a list."""
        if not lines or not (match := _ADDRESSED.match(_one_line(lines[0].plain))):
            return lines
        key = "kinh_gui" if match.group("verb").lower() == "gửi" else "kinh_trinh"
        names = [part for part in re.split(r"\s*[\n\t]\s*", match.group("rest")) if part.strip()]
        rest = lines[1:]
        if not names or names[0].lstrip().startswith(("-", "–")):
            while rest and _one_line(rest[0].plain).startswith(("-", "–")) and len(rest[0].plain) < 200:
                names.append(_one_line(rest[0].plain))
                rest = rest[1:]
            self.data[key] = [clean_text(name) for name in names if clean_text(name)]
        else:
            self.data[key] = clean_text(" ".join(names))
        return rest

    def _grounds(self, lines: list[Line]) -> list[Line]:
        """Căn cứ lines and the "… QUYẾT ĐỊNH:" line of a quyết định, before its articles."""
        grounds: list[str] = []
        index = 0
        while index < len(lines) and (match := _GROUND.match(_one_line(lines[index].plain))):
            if match.group("text").rstrip().endswith(":"):
                break  # "Căn cứ …, Ban Thường vụ kính trình … như sau:" opens the body, it is no ground
            grounds.append(clean_text(match.group("text")))
            index += 1
        if index < len(lines) and (match := _ENACTING.match(_one_line(lines[index].plain))):
            self.enacting = match.group("body")
            index += 1
        elif not grounds:
            return lines
        if grounds:
            self.data["can_cu"] = grounds
        return lines[index:]

    def _find_title(self) -> int | None:
        names = {kind.ten_loai: key for key, kind in KINDS.items() if kind.ten_loai}
        for index, line in enumerate(self.lines):
            first = _lines(line.plain)[0] if _lines(line.plain) else ""
            if _one_line(first).upper() in names and _is_upper(first):
                self.data["loai"] = names[_one_line(first).upper()]
                return index
        return None

    def _title_block(self, title_at: int | None) -> int:
        """Read the author line(s) and trích yếu after tên loại; return where the body starts."""
        if title_at is None:
            self.note("loai", N_("import.no_title"))
            self.data["loai"] = "thong_bao_ket_luan"
            return 0
        title = self.lines[title_at]
        # Tên loại, tác giả and trích yếu are often one paragraph with line breaks.
        rest_of_title = _lines(title.text)[1:]
        author: list[str] = []
        about: list[str] = []
        index = title_at + 1
        formatted = title.centered or title.bold
        queue = [(part, title) for part in rest_of_title]
        while True:
            if not queue:
                if index >= len(self.lines):
                    break
                line = self.lines[index]
                if _SEPARATOR.match(line.plain.strip()):
                    index += 1
                    break
                if self._is_body_start(line, formatted, about):
                    break
                queue = [(part, line) for part in _lines(line.text)]
                index += 1
                continue
            part, line = queue.pop(0)
            plain = part.replace("**", "").replace("*", "")
            if _SEPARATOR.match(plain):
                continue
            if _is_upper(plain) and not about:
                author.append(plain)
            else:
                about.append(plain if line.bold else part)
        trich_yeu: dict = {"tac_gia": "\n".join(author) if author else None}
        if about:
            trich_yeu["ve"] = "\n".join(about)
        elif not author:  # an author line alone is a title the rules allow: the conference's name
            self.note("trich_yeu", N_("import.no_subject"))
        self.data["trich_yeu"] = trich_yeu
        return index

    def _is_body_start(self, line: Line, formatted: bool, about: list[str]) -> bool:
        plain = line.plain.strip()
        if line.label or _LABEL.match(plain) or len(plain) > 200 or line.cell is not None:
            return True
        if _ADDRESSED.match(plain) or _GROUND.match(plain) or _ENACTING.match(plain):
            return True  # "Kính trình:", a căn cứ or "… QUYẾT ĐỊNH:" follow the title
        if formatted and not (line.centered or line.bold):
            return True
        return bool(about) and not formatted and len(about) >= 2

    # -- header ------------------------------------------------------------------------------------

    def _header(self, lines: list[Line]) -> None:
        org_lines: list[tuple[str, bool, int]] = []  # text, bold, column
        numbered_column = None  # the column of the number: what follows it there is no name
        for line in lines:
            for column, (part, bold) in enumerate(line.columns()):
                for text in _lines(part):
                    text = _one_line(text)
                    if _PARTY_TITLE.match(text) or _SEPARATOR.match(text) or text == "*":
                        continue
                    number = _NUMBER.match(text)
                    date = _DATE.match(" ".join(_lines(line.plain)) if "\n" in line.plain else text)
                    col = line.cell[2] if line.cell else column
                    if number:
                        self._number(number)
                        numbered_column = col
                    elif draft := _DRAFT.match(text):
                        self.data["du_thao"] = int(draft.group("round")) if draft.group("round") else True
                    elif text.upper() in _URGENCY and _is_upper(text):
                        self.data["khan"] = _URGENCY[text.upper()]
                    elif numbered_column == col and not date and not re.match(r"^ngày\b", text, re.I):
                        self.letter_about.append(text)
                    elif date:
                        self._date(date)
                    elif re.match(r"^ngày\b", text, re.I):
                        continue  # the second line of a date split after the place name
                    else:
                        col = line.cell[2] if line.cell else column
                        org_lines.append((text, bold, col))
        left = [(text, bold) for text, bold, col in org_lines if col == 0] or [(t, b) for t, b, _ in org_lines]
        if not left:
            self.note("co_quan", N_("import.no_header"))
            return
        bold_at = next((i for i, (_, bold) in enumerate(left) if bold), None)
        if bold_at is None or bold_at == 0 and all(bold for _, bold in left):
            bold_at = 1 if len(left) > 1 else 0
        self.org = {"cap_tren": "\n".join(t for t, _ in left[:bold_at]), "ten": "\n".join(t for t, _ in left[bold_at:])}

    def _number(self, match) -> None:
        self.data["so"] = int(match.group("n")) if match.group("n") else None
        self.code = match.group("code")
        self.ky_hieu = match.group("org")

    def _date(self, match) -> None:
        self.dia_danh = match.group("place").strip()
        year, month, day = int(match.group("y")), match.group("m"), match.group("d")
        if not month:  # day and month left blank: a draft
            self.data["ngay"] = f"{year:04d}"
            return
        month = int(month)
        self.data["ngay"] = f"{year:04d}-{month:02d}-{int(day):02d}" if day else f"{year:04d}-{month:02d}"

    # -- body --------------------------------------------------------------------------------------

    def _find_tail(self, start: int) -> int:
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            plain = _one_line(line.plain)
            if _RECIPIENTS.match(plain) or line.cell is not None or _AUTHORITY.match(plain.split("\t")[-1].strip()):
                return index
        return len(self.lines)

    def _body(self, lines: list[Line]) -> None:
        opening, root = self._outline(lines)
        if opening:
            self.data["mo_dau"] = opening if len(opening) > 1 else opening[0]
        if not root:
            if opening:  # no outline at all: the text is the body
                root, self.data["mo_dau"] = opening[1:] or opening, opening[0]
                if len(opening) == 1:
                    del self.data["mo_dau"]
            else:
                self.note("noi_dung", N_("import.no_body"))
                root = ["[ĐIỀN: nội dung]"]
        self.data["noi_dung"] = root

    def _outline(self, lines: list[Line]) -> tuple[list[str], list]:
        """(opening paragraphs, outline) of a run of body lines; a table is a `bang` block."""
        root: list = []
        # Frames of the outline being read: (label kind, list the next items go into).
        stack: list[tuple[str | None, list]] = [(None, root)]
        opening: list[str] = []
        captions = _table_captions(lines)
        for index, line in enumerate(lines):
            if index in captions:
                continue
            if line.table is not None:
                while stack[-1][0] in ("-", "+"):
                    stack.pop()
                caption, unit = captions.get(index - 2, ("", "")), captions.get(index - 1, ("", ""))
                stack[-1][1].append(
                    {
                        "bang": table_data(
                            line.table,
                            caption[1] if caption[0] == "caption" else "",
                            unit[1] if unit[0] == "unit" else "",
                            caption[1] if caption[0] == "unit" else "",
                        )
                    }
                )
                continue
            label, kind, text = self._label(line)
            if kind == "I." and self.last_part and label_token(label, self.last_part) == "A.":
                kind = "A."  # "C." after "B." is a part's letter, not a hundred
            if kind == "A.":
                self.last_part = label
            if kind is None:
                if not root:
                    opening.append(text)
                    continue
                while stack[-1][0] in ("-", "+"):
                    stack.pop()
                stack[-1][1].append(text)
                continue
            depth = int(line.style[5:]) if re.fullmatch(r"DeMuc[1-9]", line.style) else None
            if depth is not None:
                # A heading style says the level, even where the labels mix schemes ("I." then "2.").
                while len(stack) > depth:
                    stack.pop()
            elif kind in [k for k, _ in stack]:
                while stack[-1][0] != kind:
                    stack.pop()
                stack.pop()
            elif kind not in ("-", "+"):
                while stack[-1][0] in ("-", "+"):
                    stack.pop()
            if kind in ("-", "+"):
                item: dict = {"y": text}
            elif line.style.startswith("DeMuc") or (
                not line.style.startswith("NoiDung") and self._looks_like_heading(line, text)
            ):
                item = {"tieu_de": text, "nhan": label}
            else:
                item = {"muc": text, "nhan": label}
            stack[-1][1].append(item)
            stack.append((kind, item.setdefault("noi_dung", [])))
        _prune(root)
        return opening, root

    # -- phụ lục -------------------------------------------------------------------------------------

    def _appendices(self, lines: list[Line]) -> None:
        """Each appendix: its heading, title lines, the "(Kèm theo …)" line, "-----", its outline."""
        starts = [i for i, line in enumerate(lines) if _is_appendix_heading(line)]
        found = []
        for n, start in enumerate(starts):
            part = lines[start + 1 : starts[n + 1] if n + 1 < len(starts) else len(lines)]
            title: list[str] = []
            reference = None
            index = 0
            while index < len(part) and part[index].table is None:
                plain = _one_line(part[index].plain)
                if _REFERENCE.match(plain):
                    reference = plain
                    index += 1
                    continue
                if _SEPARATOR.match(plain):
                    index += 1
                    break
                if reference is not None or not (part[index].centered or part[index].bold):
                    break
                title += _lines(part[index].plain)
                index += 1
            opening, root = self._outline(part[index:])
            appendix: dict = {"tieu_de": "\n".join(title) or "[ĐIỀN: tên phụ lục]"}
            appendix["kem_theo"] = reference or ""
            appendix["noi_dung"] = opening + root
            found.append(appendix)
        if found:
            self.data["phu_luc"] = found

    @staticmethod
    def _looks_like_heading(line: Line, text: str) -> bool:
        if line.bold:
            return True
        plain = line.plain.strip()
        return len(plain) <= 120 and not plain.endswith((".", ";", ":", ",")) and "**" not in text

    def _label(self, line: Line) -> tuple[str, str | None, str]:
        """(label, kind, text without the label). kind: a label family ("I.", "1.", "1.1.", "a)", "(1)")
        or "-"/"+" for bullets; None for a paragraph without a label."""
        if line.label:
            label, text = line.label, line.text
        else:
            match = _LABEL.match(line.plain.lstrip())
            if not match:
                return "", None, line.text
            label = match.group("label").strip()
            leading = len(line.plain) - len(line.plain.lstrip())
            text = line.without_prefix(leading + len(match.group(0)))
        if label in ("-", "–", "•"):
            return "-", "-", text
        if label == "+":
            return "+", "+", text
        return label, label_token(label), text

    # -- Nơi nhận and signature ---------------------------------------------------------------------

    def _tail(self, lines: list[Line]) -> None:
        recipients: list[str] = []
        signature: list[str] = []
        zone = None  # "recipients" or "signature": which block the plain lines belong to
        for line in lines:
            parts = line.plain.split("\t")
            if line.cell is not None:
                target = recipients if line.cell[2] == 0 and not _AUTHORITY.match(_one_line(line.plain)) else signature
                target.extend(_lines(line.plain) if target is signature else _recipient_lines(line.plain))
                continue
            if len(parts) > 1 and any(p.strip() for p in parts[1:]):
                recipients.extend(_recipient_lines(parts[0]))
                signature.extend(_lines("\n".join(parts[1:])))
                continue
            plain = _one_line(line.plain)
            bullet = plain.startswith(("-", "–", "+", "•"))
            if _RECIPIENTS.match(plain) or bullet and zone != "recipients" and not _is_upper(plain):
                zone = "recipients"
            elif _AUTHORITY.match(plain) or zone is None or zone == "recipients" and not bullet and _is_upper(plain):
                zone = "signature"
            if zone == "signature":
                signature.extend(_lines(line.plain))
            else:
                recipients.extend(_recipient_lines(line.plain))
        self._recipients(recipients)
        self._signature(signature)

    def _recipients(self, lines: list[str]) -> None:
        items: list = []
        for text in lines:
            heading = _RECIPIENTS.match(text)
            if heading:  # "Nơi nhận: - A," may carry the first recipient on its own line
                text = heading.group("rest")
            name = clean_text(re.sub(r"^\s*•\s*", "", text))
            if not name:
                continue
            archive = _ARCHIVE.match(name)
            if archive:
                self.data["luu"] = archive.group("keeper").strip(" :")
                continue
            purpose = _PURPOSE.match(name)
            if purpose and purpose.group("name"):
                items.append({"ten": purpose.group("name").strip(), "de": purpose.group("purpose").strip()})
            else:
                items.append(name)
        if KINDS[self.data.get("loai", "thong_bao_ket_luan")].as_above:  # the tool writes "- Như trên;" itself
            items = [item for item in items if item != "Như trên"]
        if items:
            self.data["noi_nhan"] = items
        else:
            self.note("noi_nhan", N_("import.no_recipients"))

    def _signature(self, lines: list[str]) -> None:
        for mark in [line for line in lines if _SIGN_MARK.match(line.strip())]:
            self.note("chu_ky", N_("import.dropped"), text=mark.strip())
        lines = [_one_line(line.replace("**", "")) for line in lines if not _SIGN_MARK.match(line.strip())]
        if not lines:
            self.note("chu_ky", N_("import.no_signature"))
            return
        signature: dict = {}
        first = _AUTHORITY.match(lines[0])
        if first:
            typed = first.group("q")
            quyen_han = _QUYEN_HAN.get(typed.rstrip("."), typed)
            if quyen_han != typed:
                self.note("chu_ky", N_("import.authority_fixed"), typed=typed, fixed=quyen_han)
            signature["quyen_han"] = quyen_han
            signature["thay_mat"] = first.group("rest").strip()
            lines = lines[1:]
        else:
            signature["quyen_han"] = ""
        titles = [line for line in lines if _is_upper(line)]
        names = [line for line in lines if not _is_upper(line)]
        if titles:
            signature["chuc_vu"] = "\n".join(titles)
        if names:
            signature["ho_ten"] = names[-1]
            for extra in names[:-1]:
                self.note("chu_ky", N_("import.dropped"), text=extra)
        self.data["chu_ky"] = signature

    # -- what is inferred ---------------------------------------------------------------------------

    def _period(self) -> None:
        about = _one_line((self.data.get("trich_yeu") or {}).get("ve") or "").replace("*", "")
        if self.data.get("loai") in ("quyet_dinh", "to_trinh", "cong_van"):
            return  # these name a matter, not a period they assess
        term = re.search(r"(?:khóa\s+(?P<khoa>[IVX]+),?\s+)?nhiệm kỳ\s+(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})", about, re.I)
        span = re.search(r"giai đoạn\s+(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})", about, re.I)
        if term and re.search(r"toàn khóa|nhiệm kỳ", about, re.I) and self.data.get("loai") != "ket_luan":
            self.data["ky"] = {"nhiem_ky": f"{term.group('a')}-{term.group('b')}"}
            if term.group("khoa"):
                self.data["ky"]["khoa"] = term.group("khoa")
            self.note("ky", N_("import.period_guessed"))
            return
        if span:
            self.data["ky"] = {"giai_doan": f"{span.group('a')}-{span.group('b')}"}
            self.note("ky", N_("import.period_guessed"))
            return
        year_match = re.search(r"(?:năm|/)\s*(\d{4})", about)
        year = int(year_match.group(1)) if year_match else int(str(self.data.get("ngay", "0"))[:4] or 0)
        period: dict | None = None
        if re.search(r"9 tháng đầu năm", about, re.I):
            period = {"chin_thang": "dau"}
        elif re.search(r"6 tháng đầu năm", about, re.I):
            period = {"nua_nam": "dau"}
        elif re.search(r"6 tháng cuối năm", about, re.I):
            period = {"nua_nam": "cuoi"}
        elif quarter := re.search(r"quý\s+(IV|I{1,3})\b", about, re.I):
            period = {"quy": {"I": 1, "II": 2, "III": 3, "IV": 4}[quarter.group(1).upper()]}
        elif month := re.search(r"tháng\s+(\d{1,2})\b", about, re.I):
            value = int(month.group(1))
            if self.data.get("loai") == "nghi_quyet":  # a nghị quyết names the month it is for
                value = value - 1 or 12
                year = year - 1 if value == 12 else year
            period = {"thang": value}
        if period and year:
            self.data["ky"] = {**period, "nam": year}
            self.note("ky", N_("import.period_guessed"))

    def _chu_the(self) -> str:
        """The acting body, from the author line, the "… QUYẾT ĐỊNH" line and the signature."""
        signature = self.data.get("chu_ky") or {}
        trich_yeu = self.data.get("trich_yeu") or {}
        # A title that names its author in place of an author line: "kết luận của Thường trực Đảng ủy
        # tại buổi làm việc …" (only its words up to the matter: "… về công tác kiểm tra" names none).
        named = re.match(
            r"(?:kết luận\s+)?của\s+(.*?)(?:\s+(?:tại|về|ngày)\s|$)",
            " ".join(str(trich_yeu.get("ve") or "").split()),
            re.I,
        )
        words = (
            " ".join(
                [
                    str(trich_yeu.get("tac_gia") or ""),
                    named.group(1) if named else "",
                    self.enacting,
                    str(signature.get("thay_mat") or ""),
                ]
            )
            .upper()
            .replace("UỶ", "ỦY")
        )
        for marker, body in (
            ("BAN THƯỜNG VỤ", "ban_thuong_vu"),
            ("THƯỜNG TRỰC", "thuong_truc"),
            ("ỦY BAN KIỂM TRA", "uy_ban_kiem_tra"),
            ("CHI BỘ", "chi_bo"),
        ):
            if marker in words:
                return body
        if signature.get("quyen_han") == "K/T" and words.strip().endswith("BÍ THƯ"):
            return "thuong_truc"  # "K/T BÍ THƯ": a committee signs T/M, never K/T (05-HD §7.1)
        if not signature.get("quyen_han") and str(signature.get("chuc_vu") or "").endswith("CHÁNH VĂN PHÒNG"):
            return "van_phong"
        if "CHÁNH VĂN PHÒNG" in words:
            return "van_phong"
        return "ban_chap_hanh"

    def _ordered(self) -> dict:
        data = self.data
        if self.code and KINDS[data["loai"]].code != self.code:
            self.note("loai", N_("import.kind_mismatch"), code=self.code, kind=KINDS[data["loai"]].ten_loai)
        org = {"ten": self.org.get("ten") or "[ĐIỀN: tên cơ quan]"}
        if self.org.get("cap_tren"):
            org["cap_tren"] = self.org["cap_tren"]
        ten = org["ten"].upper()
        org["cap"] = "phuong" if "PHƯỜNG" in ten else "dac_khu" if "ĐẶC KHU" in ten else "xa"
        if org["cap"] == "xa" and "XÃ" not in ten and re.match(r"ĐẢNG\s+(?:ỦY|UỶ)\s", ten):
            org["cap"] = "co_quan"  # a Đảng ủy cơ quan: "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH"
        org["dia_danh"] = self.dia_danh or "[ĐIỀN: địa danh]"
        org["ky_hieu"] = self.ky_hieu or "[ĐIỀN: ký hiệu]"
        if "uỷ" in (org["ten"] + " ".join(map(str, data.values()))).lower().replace("ủy", ""):
            org["chinh_ta_uy"] = "uỷ"
        if "ngay" not in data:
            self.note("ngay", N_("import.no_date"))
        ordered = {
            "loai": data["loai"],
            "co_quan": org,
            "chu_the": self._chu_the(),
            "so": data.get("so"),
            "ngay": data.get("ngay"),
        }
        keys = ("du_thao", "khan", "ky", "trich_yeu", "kinh_gui", "kinh_trinh", "can_cu", "mo_dau", "danh_so")
        for key in (*keys, "chu_thich", "noi_dung", "noi_nhan", "luu", "chu_ky", "phu_luc"):
            if key in data:
                ordered[key] = data[key]
        return ordered


def _recipient_lines(text: str) -> list[str]:
    """Recipient lines; a name wrapped with a soft break is joined back to its line."""
    out: list[str] = []
    for part in _lines(text):
        if (
            out
            and not re.match(r"^[-–+•]|^Nơi\s+nh", part, re.I)
            and not out[-1].rstrip().endswith((";", ",", ".", ":"))
        ):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _prune(items: list) -> None:
    for item in items:
        if isinstance(item, dict):
            children = item.get("noi_dung")
            if children:
                _prune(children)
            else:
                item.pop("noi_dung", None)


def parse(lines: list[Line], footnotes: dict[str, str] | None = None) -> Imported:
    parser = _Parser(lines)
    if footnotes:
        parser.data["chu_thich"] = footnotes
    return parser.parse()


_APPENDIX = re.compile(r"(?i)^phụ\s+lục(\s+(số\s+)?(\d+|[IVX]+))?\.?$")
_REFERENCE = re.compile(r"(?i)^\(\s*kèm\s+theo\b.*\)$")
_UNIT = re.compile(r"(?i)^\(?\s*đơn\s+vị(\s+tính)?\s*:")


def _is_appendix_heading(line: Line) -> bool:
    return line.style == "PhuLucSo" or bool(_APPENDIX.match(_one_line(line.plain)) and (line.centered or line.bold))


def _table_captions(lines: list[Line]) -> dict[int, tuple[str, str]]:
    """The lines just above a table that belong to it: its title (style "Bảng - tên bảng", or a
    short centred bold line) and its unit line ("Đơn vị tính: …", right-aligned)."""
    found: dict[int, tuple[str, str]] = {}
    for index, line in enumerate(lines):
        if line.table is None:
            continue
        above = index - 1
        if (
            above >= 0
            and lines[above].table is None
            and (lines[above].style == "BangDonVi" or _UNIT.match(_one_line(lines[above].plain)))
        ):
            found[above] = ("unit", lines[above].text if not lines[above].italic else _one_line(lines[above].plain))
            above -= 1
        if (
            above >= 0
            and lines[above].table is None
            and above not in found
            and (
                lines[above].style == "BangTieuDe"
                or lines[above].style == ""
                and lines[above].centered
                and lines[above].bold
                and len(lines[above].plain) <= 150
            )
        ):
            found[above] = ("caption", _one_line(lines[above].plain) if lines[above].bold else lines[above].text)
    return found


_TT = ("TT", "STT", "Số TT", "SỐ TT")


def table_data(table: TableData, caption: str = "", unit: str = "", unit_only: str = "") -> dict:
    """A Word table as a `bang` block: header rows (repeated on each page) under `dau`, the rest under
    `dong`; a TT column numbered 1, 2, 3 … becomes `tt: true`, bold rows at the end `tong`."""
    rows = [[_CellOut(c.text, c.colspan, c.rowspan, c.bold) for c in row.cells] for row in table.rows]
    headers = next((i for i, row in enumerate(table.rows) if not row.header), len(table.rows))
    if not headers:  # not marked to repeat: the bold rows at the top, and those their merged cells cover
        while headers < len(rows) - 1 and rows[headers] and all(c.bold for c in rows[headers] if c.text.strip()):
            headers += 1
        covered = max((r + c.rowspan for r in range(headers) for c in rows[r]), default=0)
        headers = min(max(headers, covered), len(rows) - 1) if headers else 0
    totals = 0
    for row in reversed(rows[headers:]):
        filled = [c for c in row if c.text.strip()]
        if filled and all(c.bold for c in filled) and totals < len(rows) - headers - 1:
            totals += 1
        else:
            break
    out: dict = {}
    if caption:
        out["tieu_de"] = caption
    if unit or unit_only:
        out["don_vi"] = unit or unit_only
    numbered = _numbered(rows, headers, totals)
    if numbered:
        out["tt"] = True
        rows[0].pop(0)
        for row in rows[headers : len(rows) - totals]:
            row.pop(0)
        for row in rows[len(rows) - totals :]:
            if row and row[0].colspan > 1:
                row[0].colspan -= 1
            elif row:
                row.pop(0)
    if table.landscape:
        out["ngang"] = True
    head = [[c.value() for c in row] for row in rows[:headers]]
    if head:
        out["dau"] = head[0] if len(head) == 1 else head
    out["dong"] = [[c.value() for c in row] for row in rows[headers:]]
    if totals:
        out["tong"] = totals
    out["rong"] = table.widths_twips  # kept only when it differs from the widths gen computes
    return out


@dataclass
class _CellOut:
    text: str
    colspan: int
    rowspan: int
    bold: bool

    def value(self):
        return tables.yaml_cell(_figure(self.text) if self.text.strip() else None, self.colspan, self.rowspan)


def _figure(text: str):
    """A figure as the number an author would type in YAML ("48.500" -> 48500, "36.861,4" -> 36861.4),
    when gen prints that number the same way; any other text as it is."""
    if not re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text.strip()):
        return text
    raw = text.strip().replace(".", "").replace(",", ".")
    value = float(raw) if "." in raw else int(raw)
    return value if format_number(value) == text.strip() else text


def _numbered(rows: list[list[_CellOut]], headers: int, totals: int) -> bool:
    """The first column is "TT" over all the header rows and 1, 2, 3 … down the data rows."""
    if not headers or not rows[0] or rows[0][0].text.strip() not in _TT or rows[0][0].rowspan != headers:
        return False
    data = rows[headers : len(rows) - totals]
    return bool(data) and all(
        row and row[0].colspan == 1 and row[0].text.strip() == str(i) for i, row in enumerate(data, 1)
    )


def simplify_labels(data: dict) -> None:
    """Keep an explicit `nhan` only where the numbering the tool computes would differ: the outline
    scheme (danh_so) is taken from the labels at each depth, and the rest follows from it."""

    scheme: list[str] = []

    def collect(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, dict) and "nhan" in item:
                while len(scheme) <= depth:
                    scheme.append("")
                if not scheme[depth]:
                    scheme[depth] = label_token(item["nhan"])
                collect(item.get("noi_dung") or [], depth + 1)
            elif isinstance(item, dict):
                collect(item.get("noi_dung") or [], depth)

    items = data["noi_dung"]
    collect(items, 0)
    scheme = [token if token in SCHEME_TOKENS else "" for token in scheme]
    default = default_scheme(KINDS[data["loai"]], items)
    used = scheme if scheme and scheme != default[: len(scheme)] else default
    truth = [(p.path, p.label) for p in outline(items, used)]
    numbered = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, dict):
                if "nhan" in item:
                    numbered.append(item)
                walk(item.get("noi_dung") or [])

    walk(items)
    for item in numbered:
        label = item.pop("nhan")
        if [(p.path, p.label) for p in outline(items, used)] != truth:
            item["nhan"] = label
            # after the key it labels, as an author writes it
            kind = "tieu_de" if "tieu_de" in item else "muc"
            rest = {k: item.pop(k) for k in list(item) if k not in (kind, "nhan")}
            item.update(rest)
    if used != default:
        data["danh_so"] = used
        order = list(data)
        order.remove("danh_so")
        order.insert(order.index("noi_dung"), "danh_so")
        for key in order:
            data[key] = data.pop(key)


def _settle_tables_and_appendices(data: dict, org: dict) -> None:
    """Drop what gen computes the same way: a table's widths when they are the automatic ones, an
    appendix's reference line when it is the one computed from the document."""
    date = parse_date(data.get("ngay"))
    kind = KINDS[data["loai"]]
    body = BODIES[data.get("chu_the") or "ban_thuong_vu"]
    profile = profile_for(date.first_day if date is not None else dt.date.today())
    portrait = profile.text_width_mm
    landscape = profile.page_mm[1] - profile.margins_mm[2] - profile.margins_mm[3]

    def settle(items: list, base: tuple) -> None:
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            if "bang" in item:
                table = item["bang"]
                given = table.pop("rong")
                built = tables.build(table, base + (i, "bang"))
                auto = auto_widths(built, landscape if table.get("ngang") else portrait, layout("table_size_pt"))
                if len(given) != len(auto) or any(abs(g - twips(a)) > 1 for g, a in zip(given, auto)):
                    table["rong"] = [round(w * 25.4 / 1440, 1) for w in given]
            settle(item.get("noi_dung") or [], base + (i, "noi_dung"))

    settle(data.get("noi_dung") or [], ("noi_dung",))
    if date is None:
        return
    number = data.get("so") if isinstance(data.get("so"), int) else None
    symbol = so_ky_hieu(number, kind.code, org.get("ky_hieu") or "").removeprefix("Số ")
    level = LEVELS.get(org.get("cap") or "xa", "xã")
    by = spell(
        appendices.issuer(body.name, level, org.get("dia_danh") or "", str(org.get("ten") or "")),
        org.get("chinh_ta_uy") or uy_spelling(),
    )
    expected = appendices.reference_line(kind.ten_loai, symbol, date, by)
    for i, appendix in enumerate(data.get("phu_luc") or []):
        settle(appendix.get("noi_dung") or [], ("phu_luc", i, "noi_dung"))
        if _one_line(appendix.get("kem_theo") or "") == _one_line(expected):
            del appendix["kem_theo"]


def _norm(text: str) -> str:
    return " ".join(str(text).upper().replace("UỶ", "ỦY").split())


def match_organisation(org: dict, candidates: list[Path]) -> Path | None:
    """The organisation file whose name (and cấp trên, when both have one) is the header's."""

    for path in candidates:
        data = load(path).data
        if not isinstance(data, dict) or not data.get("ten"):
            continue
        if _norm(data["ten"]) == _norm(org.get("ten", "")) and (
            not data.get("cap_tren") or not org.get("cap_tren") or _norm(data["cap_tren"]) == _norm(org["cap_tren"])
        ):
            return path
    return None


def import_file(source: Path, target: Path, org_file: Path | None = None) -> Imported:
    """Read `source` (.docx) and write `target` (.yaml). Raises GenError for a file it cannot read."""

    if not Path(source).is_file():
        raise GenError([finding(display_path(source), "input.missing", path=display_path(source))])
    try:
        word = read_document(source)
    except WordFileError as exc:
        raise GenError([exc.finding(display_path(source))]) from None
    except OSError as exc:
        detail = f"{display_path(source)} ({exc.strerror or exc})"
        raise GenError([finding(display_path(source), "input.missing", path=detail)]) from None
    # The YAML holds at least the text: a document longer than gen reads is refused before any work.
    text_size = sum(len(line.text.encode("utf-8")) for line in word.lines) + sum(
        len(note.encode("utf-8")) for note in word.footnotes.values()
    )
    if text_size > MAX_BYTES:
        size = f"{text_size / 1_000_000:.1f}".replace(".", ",")
        raise GenError([finding(display_path(source), "import.too_large", size=size)])
    imported = parse(word.lines, word.footnotes)
    data = imported.data
    simplify_labels(data)
    inline = data["co_quan"]
    _settle_tables_and_appendices(data, inline)
    found: Path | None
    if org_file is not None:
        found = Path(org_file)
        if not found.is_file():
            raise GenError([finding(display_path(found), "input.missing", path=display_path(found))])
    else:
        folder = project_root(target) / "content" / "co-quan"
        candidates = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        found = match_organisation(inline, candidates)
        parent = match_organisation({"ten": inline["cap_tren"]}, candidates) if inline.get("cap_tren") else None
        if found is None and parent is not None:
            # A chi bộ, an Ủy ban Kiểm tra or a Văn phòng heads its documents with the đảng ủy above
            # it: the đảng ủy's file, with the header's own lines over it.
            relative = Path(os.path.relpath(real_path(parent), real_path(target).parent)).as_posix()
            own = {key: inline[key] for key in ("cap_tren", "ten", "ky_hieu") if inline.get(key)}
            parent_data = load(parent).data
            if inline.get("dia_danh") and _norm(inline["dia_danh"]) != _norm(parent_data.get("dia_danh", "")):
                own["dia_danh"] = inline["dia_danh"]
            data["co_quan"] = {"tep": relative, **own}
    if found is not None:
        data["co_quan"] = Path(os.path.relpath(real_path(found), real_path(target).parent)).as_posix()
        named = not inline["ten"].startswith("[ĐIỀN")  # the document has a header to compare with
        if org_file is not None and named and match_organisation(inline, [found]) is None:
            imported.notes.append(Note("co_quan", N_("import.org_differs"), {"path": display_path(found)}))
    elif not isinstance(data["co_quan"], dict) or "tep" not in data["co_quan"]:
        imported.notes.append(Note("co_quan", N_("import.org_inline")))
    comments: dict[str, list[str]] = {}
    for note in imported.notes:
        comments.setdefault(note.key, []).append(t("import.check", what=t(note.message_id, **note.params)))
    schema = project_root(target) / "schema" / "van-ban.schema.json"
    header = []
    if schema.is_file():
        header.append(
            f"yaml-language-server: $schema={Path(os.path.relpath(schema, real_path(target).parent)).as_posix()}"
        )
    header.append(t("import.header", path=source.name))
    text = dump(data, comments, header).encode("utf-8")
    # What gen would refuse to read back (too large, too many entries) is not written at all.
    if any(
        f.rule in ("input.too_large", "yaml.too_complex", "yaml.too_deep")
        for f in parse_yaml(text, Source(target)).findings
    ):
        size = f"{len(text) / 1_000_000:.1f}".replace(".", ",")
        raise GenError([finding(display_path(source), "import.too_large", size=size)])
    write_output(target, text, display_path(source), [source, *([found] if found is not None else [])])
    return imported
