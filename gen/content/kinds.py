"""The registry of document kinds and of the bodies that act.

A kind gives tên loại, the type symbol used in the number (Số 62-TB/ĐU) and the defaults a
monthly author should not have to type: the author line of the trích yếu, the outline scheme and
the phrase that opens the document from the meeting facts. Adding báo cáo or kế hoạch is one entry.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    code: str  # ký hiệu tên loại, 05-HD §3.1.2
    ten_loai: str
    # Author line of the trích yếu; {chu_the} is the acting body in capitals. None: no line.
    tac_gia: str | None
    # The verb of the closing sentence of the opening paragraph.
    ket_luan: str
    # Default trích yếu from the period assessed ({ky}) and the next one ({ky_sau}).
    ve: str = "về đánh giá kết quả thực hiện nhiệm vụ {ky};\nphương hướng, nhiệm vụ trọng tâm {ky_sau}"
    scheme: tuple[str, ...] = ("I.", "1.", "1.1.", "a)")


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("thong_bao_ket_luan", "TB", "THÔNG BÁO", "KẾT LUẬN CỦA {chu_the}", "thống nhất kết luận như sau:"),
        Kind("ket_luan", "KL", "KẾT LUẬN", "CỦA {chu_the}", "thống nhất kết luận như sau:"),
        Kind(
            "nghi_quyet",
            "NQ",
            "NGHỊ QUYẾT",
            "CỦA {chu_the}",
            "thống nhất quyết nghị như sau:",
            "về thực hiện nhiệm vụ chính trị {ky_sau}",
        ),
        Kind(
            "bao_cao",
            "BC",
            "BÁO CÁO",
            None,
            "thống nhất như sau:",
            "kết quả thực hiện nhiệm vụ {ky};\nphương hướng, nhiệm vụ {ky_sau}",
        ),
        Kind("chuong_trinh", "CTr", "CHƯƠNG TRÌNH", None, "thống nhất như sau:", "công tác {ky_sau}"),
        Kind("ke_hoach", "KH", "KẾ HOẠCH", None, "thống nhất như sau:", "thực hiện nhiệm vụ {ky_sau}"),
    )
}


@dataclass(frozen=True)
class Body:
    """The body of the committee that acts: it names the document's author and signs it."""

    key: str
    # Running-text name; {cap} is " xã", " phường", " đặc khu" or "" (no level word).
    name: str
    # Default signature (05-HD §7.1 table; Thường trực has no form of its own there, so the
    # office signs for the Ban Thường vụ under T/L: party-format.md §3.7, low confidence).
    quyen_han: str
    thay_mat: str
    chuc_vu: str
    signer: str  # which leader of the organisation file signs by default


BODIES: dict[str, Body] = {
    body.key: body
    for body in (
        Body("ban_chap_hanh", "Ban Chấp hành Đảng bộ{cap}", "T/M", "ĐẢNG ỦY", "BÍ THƯ", "bi_thu"),
        Body("ban_thuong_vu", "Ban Thường vụ Đảng ủy{cap}", "T/M", "BAN THƯỜNG VỤ", "BÍ THƯ", "bi_thu"),
        Body("thuong_truc", "Thường trực Đảng ủy{cap}", "T/L", "BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "chanh_van_phong"),
    )
}

# Who signs under a chức vụ: its leading words -> the key of lanh_dao in the organisation file.
# Longer prefixes first, so that PHÓ BÍ THƯ is not read as BÍ THƯ.
SIGNERS = (
    ("PHÓ BÍ THƯ", "pho_bi_thu"),
    ("BÍ THƯ", "bi_thu"),
    ("PHÓ CHÁNH VĂN PHÒNG", "pho_chanh_van_phong"),
    ("CHÁNH VĂN PHÒNG", "chanh_van_phong"),
)

LEVELS = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}

QUYEN_HAN = ("T/M", "T/L", "K/T", "Q.", "")

# Outline numbering tokens an author may put in `danh_so`.
SCHEME_TOKENS = ("I.", "I-", "1.", "1-", "1.1.", "1.1.1.", "(1)", "a)", "-", "+", "")
