"""User-facing messages, in Vietnamese by default and English on request (--lang en or GEN_LANG=en).

Every message says what is wrong and what to do. Keys are the stable rule ids used in findings.
"""

from __future__ import annotations

import os

_lang = os.environ.get("GEN_LANG", "vi")

CATALOG: dict[str, dict[str, str]] = {
    # --- reading the file -------------------------------------------------------------------
    "input.missing": {
        "vi": "Không tìm thấy tệp {path}. Kiểm tra lại đường dẫn.",
        "en": "File {path} not found. Check the path.",
    },
    "input.too_large": {
        "vi": "Tệp quá lớn ({size} byte, tối đa {limit}). Một văn bản không cần dài như vậy; kiểm tra xem có dán nhầm nội dung không.",
        "en": "File too large ({size} bytes, at most {limit}). Check for pasted content that does not belong here.",
    },
    "input.encoding": {
        "vi": "Tệp không phải mã UTF-8 (byte lạ ở vị trí này). Lưu lại tệp với mã hóa UTF-8 trong trình soạn thảo.",
        "en": "File is not UTF-8 (bad byte here). Save the file as UTF-8 in your editor.",
    },
    "yaml.syntax": {
        "vi": "Lỗi cú pháp YAML: {problem}. Kiểm tra thụt lề, dấu hai chấm sau tên khóa và dấu ngoặc kép ở dòng này.",
        "en": "YAML syntax error: {problem}. Check indentation, the colon after keys and quotes on this line.",
    },
    "yaml.tab": {
        "vi": "Dùng phím Tab để thụt lề. YAML chỉ chấp nhận dấu cách: thay Tab bằng dấu cách.",
        "en": "Tab used for indentation. YAML accepts spaces only: replace the tab with spaces.",
    },
    "yaml.duplicate_key": {
        "vi": "Khóa \"{key}\" bị lặp (đã có ở dòng {first_line}); YAML sẽ lặng lẽ bỏ một trong hai. Gộp hoặc xóa bớt một khóa.",
        "en": "Key \"{key}\" repeated (first at line {first_line}); YAML would silently drop one. Merge or remove one.",
    },
    "yaml.multiple_documents": {
        "vi": "Tệp có nhiều tài liệu YAML (dấu ---). Mỗi tệp chỉ chứa một văn bản.",
        "en": "File holds several YAML documents (---). Put one document per file.",
    },
    "yaml.tag": {
        "vi": "Thẻ YAML {tag} không được hỗ trợ. Xóa thẻ, chỉ viết giá trị.",
        "en": "YAML tag {tag} is not supported. Remove the tag and write the plain value.",
    },
    "yaml.key_type": {
        "vi": "Tên khóa phải là chữ (ví dụ trich_yeu), không phải danh sách hay số.",
        "en": "Keys must be words (e.g. trich_yeu), not lists or numbers.",
    },
    "yaml.too_complex": {
        "vi": "Tệp có quá nhiều phần tử sau khi mở rộng bí danh (&/*), tối đa {limit}. Bỏ các bí danh lồng nhau.",
        "en": "File expands to too many elements through aliases (&/*), at most {limit}. Remove nested aliases.",
    },
    "yaml.empty": {
        "vi": "Tệp trống. Bắt đầu từ một tệp mẫu trong content/examples/.",
        "en": "File is empty. Start from an example in content/examples/.",
    },
    "yaml.not_mapping": {
        "vi": "Nội dung tệp phải là các cặp khóa: giá trị (ví dụ loai: thong_bao_ket_luan).",
        "en": "The file must hold key: value pairs (e.g. loai: thong_bao_ket_luan).",
    },
    "text.control_char": {
        "vi": "Ký tự điều khiển không in được (mã U+{code:04X}) ở đây, thường do dán từ phần mềm khác. Xóa ký tự này.",
        "en": "Unprintable control character (U+{code:04X}) here, usually from pasting. Delete it.",
    },
    # --- schema ------------------------------------------------------------------------------
    "schema.unknown_key": {
        "vi": "Khóa \"{key}\" không có trong mẫu văn bản.{hint} Xem danh sách khóa trong README.",
        "en": "Unknown key \"{key}\".{hint} See the list of keys in the README.",
    },
    "schema.did_you_mean": {"vi": " Có phải ý là \"{close}\"?", "en": " Did you mean \"{close}\"?"},
    "schema.required": {
        "vi": "Thiếu mục bắt buộc \"{key}\". Thêm dòng \"{key}: ...\" vào đây.",
        "en": "Missing required field \"{key}\". Add a line \"{key}: ...\" here.",
    },
    "schema.type": {
        "vi": "\"{key}\" phải là {expected}, nhưng đang là {actual}.",
        "en": "\"{key}\" must be {expected}, but is {actual}.",
    },
    "schema.allowed": {
        "vi": "Giá trị \"{value}\" của \"{key}\" không hợp lệ. Chọn một trong: {allowed}.",
        "en": "Value \"{value}\" of \"{key}\" is not allowed. Choose one of: {allowed}.",
    },
    "schema.empty": {
        "vi": "\"{key}\" đang để trống. Điền nội dung hoặc xóa dòng này.",
        "en": "\"{key}\" is empty. Fill it in or remove the line.",
    },
    "schema.min": {
        "vi": "\"{key}\" phải từ {min} trở lên.",
        "en": "\"{key}\" must be at least {min}.",
    },
    "schema.max": {"vi": "\"{key}\" tối đa là {max}.", "en": "\"{key}\" must be at most {max}."},
    "schema.other": {"vi": "\"{key}\": {detail}", "en": "\"{key}\": {detail}"},
    "schema.block": {
        "vi": "Mỗi mục của nội dung phải là một đoạn văn (chữ) hoặc một trong các khóa: tieu_de, muc, y.",
        "en": "Each body item must be a paragraph (text) or have one of the keys: tieu_de, muc, y.",
    },
    "schema.block_kind": {
        "vi": "Một mục chỉ được có một trong các khóa tieu_de, muc, y (đang có: {keys}). Tách thành nhiều mục.",
        "en": "An item may have only one of tieu_de, muc, y (has: {keys}). Split it into several items.",
    },
    "schema.ky": {
        "vi": "Kỳ chỉ được có một trong: thang, quy, nua_nam, chin_thang (đang có: {keys}).",
        "en": "The period may have only one of: thang, quy, nua_nam, chin_thang (has: {keys}).",
    },
    "schema.scheme": {
        "vi": "Kiểu đánh số \"{value}\" không hợp lệ. Dùng một trong: {allowed}.",
        "en": "Numbering style \"{value}\" is not valid. Use one of: {allowed}.",
    },
    "value.date": {
        "vi": "Ngày \"{value}\" không hợp lệ. Viết theo dạng năm-tháng-ngày, ví dụ 2026-05-08 (hoặc 2026-05 nếu chưa có ngày ký).",
        "en": "Date \"{value}\" is not valid. Write year-month-day, e.g. 2026-05-08 (or 2026-05 while the day is not known).",
    },
    "value.date_full": {
        "vi": "Ngày \"{value}\" phải có đủ ngày, tháng, năm, ví dụ 2026-05-07.",
        "en": "Date \"{value}\" needs day, month and year, e.g. 2026-05-07.",
    },
    "value.number": {
        "vi": "Số văn bản phải là số nguyên dương (ví dụ so: 62), hoặc để trống khi chưa lấy số.",
        "en": "The document number must be a positive whole number (e.g. so: 62), or empty while awaiting a number.",
    },
    # --- organisation file and paths ---------------------------------------------------------
    "org.missing": {
        "vi": "Không tìm thấy tệp cơ quan \"{value}\" (đã tìm ở {tried}). Kiểm tra tên tệp trong content/co-quan/.",
        "en": "Organisation file \"{value}\" not found (looked at {tried}). Check the name in content/co-quan/.",
    },
    "org.field_missing": {
        "vi": "Thiếu \"{key}\" của cơ quan ban hành. Thêm vào tệp cơ quan hoặc vào mục co_quan của văn bản.",
        "en": "The issuing body's \"{key}\" is missing. Add it to the organisation file or to co_quan here.",
    },
    "path.outside_project": {
        "vi": "Đường dẫn \"{value}\" nằm ngoài thư mục dự án ({root}). Chỉ dùng tệp trong dự án.",
        "en": "Path \"{value}\" lies outside the project ({root}). Use files inside the project.",
    },
    "template.missing": {
        "vi": "Không tìm thấy mẫu Word \"{value}\" (đã tìm ở {tried}).",
        "en": "Word template \"{value}\" not found (looked at {tried}).",
    },
    "template.invalid": {
        "vi": "Mẫu Word \"{value}\" hỏng hoặc có lỗi thẻ: {detail}. Mở lại mẫu trong Word, sửa thẻ {{{{ ... }}}} rồi lưu.",
        "en": "Word template \"{value}\" is broken or has a bad tag: {detail}. Fix the {{{{ ... }}}} tags in Word.",
    },
    "signature.missing_name": {
        "vi": "Chưa có họ tên người ký. Thêm chu_ky.ho_ten, hoặc lanh_dao trong tệp cơ quan.",
        "en": "No signer name. Add chu_ky.ho_ten, or lanh_dao in the organisation file.",
    },
    # --- writing -----------------------------------------------------------------------------
    "output.write": {
        "vi": "Không ghi được tệp {path}: {detail}. Kiểm tra quyền ghi thư mục out/ và đóng tệp nếu đang mở trong Word.",
        "en": "Cannot write {path}: {detail}. Check write permission on out/ and close the file if Word has it open.",
    },
    # --- command line --------------------------------------------------------------------------
    "cli.built": {"vi": "Đã tạo {path}", "en": "Built {path}"},
    "cli.summary": {
        "vi": "{built} văn bản đã tạo, {failed} văn bản lỗi.",
        "en": "{built} documents built, {failed} failed.",
    },
    "cli.no_inputs": {
        "vi": "Không có tệp .yaml nào để tạo văn bản trong {paths}.",
        "en": "No .yaml files to build in {paths}.",
    },
}


def set_language(lang: str) -> None:
    global _lang
    _lang = "en" if lang.lower().startswith("en") else "vi"


def language() -> str:
    return _lang


def t(message_id: str, /, **params) -> str:
    entry = CATALOG[message_id]
    return entry.get(_lang, entry["vi"]).format(**params)
