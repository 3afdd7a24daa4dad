"""The registry of document kinds and of the bodies that act.

A kind gives tên loại, the type symbol used in the number (Số 62-TB/ĐU) and the defaults a
monthly author should not have to type: the author line of the trích yếu, the outline scheme, the
phrase that closes the opening written from the meeting facts, and the parts of its own layout
(công văn has no tên loại and writes "Kính gửi:", tờ trình "Kính trình:", quyết định its căn cứ
and "… QUYẾT ĐỊNH:"). A body gives the running-text name of the author and the signature each of
its signers writes (05-HD §7.1).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    key: str
    code: str  # ký hiệu tên loại, 05-HD §3.1.2
    ten_loai: str  # "" for công văn, which has none (05-HD §5.2.1)
    # Author line of the trích yếu; {chu_the} is the acting body in capitals. None: no line.
    tac_gia: str | None
    # The verb of the closing sentence of the opening paragraph.
    ket_luan: str
    # The trích yếu `gen new` suggests from the period assessed ({ky}) and the next one ({ky_sau}).
    # Only ever written into the YAML for the author to see; the model never adds it by itself.
    ve: str = "về đánh giá kết quả thực hiện nhiệm vụ {ky};\nphương hướng, nhiệm vụ trọng tâm {ky_sau}"
    scheme: tuple[str, ...] = ("I.", "1.", "1.1.", "a)")
    # Căn cứ lines, then "<BODY> <enacting>" alone on its line before the articles (quyết định).
    enacting: str = ""
    # "- Như trên;" opens Nơi nhận (05-HD §9: công văn, tờ trình).
    as_above: bool = False

    @property
    def name(self) -> str:
        """The kind's name in lists and messages ("thông báo", "công văn"): a công văn has no tên loại."""
        return (self.ten_loai or "CÔNG VĂN").lower()


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
        Kind(
            "to_trinh",
            "TTr",
            "TỜ TRÌNH",
            None,
            "thống nhất trình như sau:",
            "về việc thông qua chương trình công tác {ky_sau}",
            scheme=("1.", "a)"),
            as_above=True,
        ),
        Kind(
            "quyet_dinh",
            "QĐ",
            "QUYẾT ĐỊNH",
            None,
            "thống nhất quyết định như sau:",
            "về việc ban hành chương trình công tác {ky_sau}",
            scheme=("Điều 1.", "1.", "a)"),
            enacting="QUYẾT ĐỊNH:",
        ),
        Kind(
            "cong_van",
            "CV",
            "",
            None,
            "thống nhất như sau:",
            "về việc triển khai nhiệm vụ {ky_sau}",
            scheme=("1.", "a)"),
            as_above=True,
        ),
    )
}


@dataclass(frozen=True)
class Body:
    """The body of the committee that acts: it names the document's author and signs it."""

    key: str
    # Running-text name; {cap} is " xã", " phường", " đặc khu" or "" (no level word).
    name: str
    signer: str  # who signs when the document does not say (a key of lanh_dao)
    # Signer -> (quyền hạn, the words after it) under 05-HD §7.1. A committee signs T/M and has no
    # K/T; the Văn phòng signs for the Ban Thường vụ under T/L; the head of a single-head body
    # signs under the bare title and a deputy K/T. Thường trực has no form in 05-HD: "T/M THƯỜNG
    # TRỰC" is the practice of Đảng ủy xã offices (party-format.md §3.7, low confidence).
    forms: dict[str, tuple[str, str]] = field(default_factory=dict, hash=False, compare=False)
    # The head whom a deputy signs for under K/T ("K/T BÍ THƯ" / "PHÓ BÍ THƯ").
    head: str = "BÍ THƯ"


_COMMITTEE = ("bi_thu", "pho_bi_thu")
_OFFICE = ("chanh_van_phong", "pho_chanh_van_phong")


def _forms(signers: tuple[str, ...], quyen_han: str, on_behalf: str) -> dict[str, tuple[str, str]]:
    return {signer: (quyen_han, on_behalf) for signer in signers}


BODIES: dict[str, Body] = {
    body.key: body
    for body in (
        Body("ban_chap_hanh", "Ban Chấp hành Đảng bộ{cap}", "bi_thu", _forms(_COMMITTEE, "T/M", "ĐẢNG ỦY")),
        Body(
            "ban_thuong_vu",
            "Ban Thường vụ Đảng ủy{cap}",
            "bi_thu",
            {**_forms(_COMMITTEE, "T/M", "BAN THƯỜNG VỤ"), **_forms(_OFFICE, "T/L", "BAN THƯỜNG VỤ")},
        ),
        Body(
            "thuong_truc",
            "Thường trực Đảng ủy{cap}",
            "bi_thu",
            {**_forms(_COMMITTEE, "T/M", "THƯỜNG TRỰC"), **_forms(_OFFICE, "T/L", "BAN THƯỜNG VỤ")},
        ),
        Body("chi_bo", "Chi bộ", "bi_thu", _forms(_COMMITTEE, "T/M", "CHI BỘ")),
        Body(
            "uy_ban_kiem_tra",
            "Ủy ban Kiểm tra Đảng ủy{cap}",
            "chu_nhiem",
            _forms(("chu_nhiem", "pho_chu_nhiem"), "T/M", "ỦY BAN KIỂM TRA"),
            head="CHỦ NHIỆM",
        ),
        Body(
            "van_phong",
            "Văn phòng Đảng ủy{cap}",
            "chanh_van_phong",
            {"chanh_van_phong": ("", ""), "pho_chanh_van_phong": ("K/T", "CHÁNH VĂN PHÒNG")},
            head="CHÁNH VĂN PHÒNG",
        ),
    )
}

# The leaders an organisation file names (lanh_dao) and the title each signs under.
TITLES = {
    "bi_thu": "BÍ THƯ",
    "pho_bi_thu": "PHÓ BÍ THƯ",
    "chanh_van_phong": "CHÁNH VĂN PHÒNG",
    "pho_chanh_van_phong": "PHÓ CHÁNH VĂN PHÒNG",
    "chu_nhiem": "CHỦ NHIỆM",
    "pho_chu_nhiem": "PHÓ CHỦ NHIỆM",
}

# Who signs under a chức vụ: its leading words -> the key of lanh_dao in the organisation file.
# Longer prefixes first, so that PHÓ BÍ THƯ is not read as BÍ THƯ.
SIGNERS = tuple(sorted(((title, key) for key, title in TITLES.items()), key=lambda pair: -len(pair[0])))

# The level word a đảng ủy's running-text names carry ("Ban Thường vụ Đảng ủy xã"); a Đảng ủy cơ quan
# (of an agency, a body, an enterprise) has none: it is named by what it serves.
LEVELS = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu", "co_quan": ""}

QUYEN_HAN = ("T/M", "T/L", "K/T", "Q.", "")

# How the opening written from the meeting facts begins (model._opening).
OPENINGS = ("to_chuc", "hop", "tai_hoi_nghi")

# Marks of urgency under the number (05-HD Phụ lục 2 row 11): key -> the words printed.
URGENCY = {"khan": "KHẨN", "thuong_khan": "THƯỢNG KHẨN", "hoa_toc": "HỎA TỐC"}

# Outline numbering tokens an author may put in `danh_so`.
SCHEME_TOKENS = ("A.", "I.", "I-", "1.", "1-", "1.1.", "1.1.1.", "(1)", "a)", "Điều 1.", "-", "+", "*", "")
