"""Write templates/docx/dang-uy.docx, the official template, from scratch.

Run `python templates/make_template.py` after changing a layout value in gen/data/the-thuc.yaml.
The template is written from raw WordprocessingML rather than python-docx's default document,
whose unused styles are 92 % of its XML (docxtpl-notes.md) and would ride along in every output.
All formatting lives in named paragraph styles ("Nội dung", "Đề mục 1", "Nơi nhận" …) so an
office can restyle the template in Word; the jinja tags are docxtpl's ({{r …}} runs, {{p …}}
paragraphs, {%p if %} optional lines).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen.settings import layout, profiles  # noqa: E402

TARGET = Path(__file__).resolve().parent / "docx" / "dang-uy.docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def half_points(pt: float) -> int:
    return round(pt * 2)


def paragraph_style(style_id, name, *, based_on="Normal", next_style=None, jc=None, size=None, bold=False,
                    italic=False, caps=False, before=0, after=0, line=None, first_line=None, keep_next=False,
                    border_bottom=False, ui_priority=1, left=None, hanging=None, tab=None):
    ppr = []
    if keep_next:
        ppr.append("<w:keepNext/>")
    # Widow and orphan control: a paragraph kept with the signature takes only its last two lines
    # along to the next page, not all of it.
    ppr.append("<w:widowControl/>")
    if border_bottom:
        ppr.append('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="3" w:color="000000"/></w:pBdr>')
    if tab is not None:
        ppr.append(f'<w:tabs><w:tab w:val="left" w:pos="{tab}"/></w:tabs>')
    spacing = f'<w:spacing w:before="{before}" w:after="{after}"'
    spacing += f' w:line="{line}" w:lineRule="exact"/>' if line else ' w:line="240" w:lineRule="auto"/>'
    ppr.append(spacing)
    if left is not None or hanging is not None:
        ppr.append(f'<w:ind w:left="{left or 0}" w:hanging="{hanging or 0}"/>')
    elif first_line is not None:
        ppr.append(f'<w:ind w:firstLine="{first_line}"/>')
    if jc:
        ppr.append(f'<w:jc w:val="{jc}"/>')
    rpr = []
    if bold:
        rpr.append("<w:b/><w:bCs/>")
    if italic:
        rpr.append("<w:i/><w:iCs/>")
    if caps:
        rpr.append("<w:caps/>")
    if size:
        rpr.append(f'<w:sz w:val="{half_points(size)}"/><w:szCs w:val="{half_points(size)}"/>')
    next_xml = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="{based_on}"/>{next_xml}<w:uiPriority w:val="{ui_priority}"/><w:qFormat/>'
        f'<w:pPr>{"".join(ppr)}</w:pPr><w:rPr>{"".join(rpr)}</w:rPr></w:style>'
    )


def styles_xml() -> str:
    font = layout("font")
    body = layout("body_size_pt")
    line = layout("body_line_pt") * 20
    after = layout("body_after_pt") * 20
    indent = twips(layout("first_line_mm"))
    styles = [
        paragraph_style("CapTren", "Cấp trên trực tiếp", jc="center", size=14),
        paragraph_style("CoQuan", "Cơ quan ban hành", jc="center", size=14, bold=True),
        paragraph_style("DauSao", "Dấu sao", jc="center", size=14),
        paragraph_style("SoKyHieu", "Số và ký hiệu", jc="center", size=14),
        # Under the number: a công văn's trích yếu, the draft's round, the mark of urgency (05-HD Phụ lục 2).
        paragraph_style("TrichYeuCongVan", "Trích yếu công văn", jc="center", size=12, italic=True, before=60),
        paragraph_style("DuThao", "Chỉ dẫn dự thảo", jc="center", size=14, italic=True, before=60),
        paragraph_style("DauKhan", "Dấu chỉ mức độ khẩn", jc="center", size=14, bold=True, caps=True, before=60),
        paragraph_style("TieuDeDang", "Tiêu đề Đảng", jc="center", size=15, bold=True, border_bottom=True),
        paragraph_style("DiaDanhNgay", "Địa danh và ngày tháng", jc="center", size=14, italic=True, before=120),
        paragraph_style("TenLoai", "Tên loại văn bản", jc="center", size=layout("ten_loai_pt"), bold=True,
                        before=360, keep_next=True),
        paragraph_style("TacGia", "Tác giả trích yếu", jc="center", size=layout("tac_gia_pt"), bold=True, keep_next=True),
        paragraph_style("TrichYeu", "Trích yếu", jc="center", size=layout("trich_yeu_pt"), bold=True, keep_next=True),
        paragraph_style("GachNgang", "Gạch dưới trích yếu", jc="center", size=14, after=240, keep_next=True),
        paragraph_style("NoiDung", "Nội dung", jc="both", size=body, before=0, after=after, line=line, first_line=indent),
        paragraph_style("DeMuc1", "Đề mục 1", based_on="NoiDung", next_style="NoiDung", bold=True, keep_next=True,
                        jc="both", after=after, line=line, first_line=indent),
        paragraph_style("DeMuc2", "Đề mục 2", based_on="NoiDung", next_style="NoiDung", bold=True, keep_next=True,
                        jc="both", after=after, line=line, first_line=indent),
        paragraph_style("DeMuc3", "Đề mục 3", based_on="NoiDung", next_style="NoiDung", bold=True, italic=True,
                        keep_next=True, jc="both", after=after, line=line, first_line=indent),
        paragraph_style("DeMuc4", "Đề mục 4", based_on="NoiDung", next_style="NoiDung", italic=True, keep_next=True,
                        jc="both", after=after, line=line, first_line=indent),
        # "Kính gửi:" / "Kính trình:" (05-HD Phụ lục 2 row 9: the words 14 pt italic, names upright):
        # one addressee centred on the line, several as a list hanging after the words.
        paragraph_style("KinhGui", "Kính gửi", jc="center", size=body, before=120, after=240, keep_next=True),
        paragraph_style("KinhGuiDanhSach", "Kính gửi (danh sách)", jc="left", size=body, before=120,
                        left=twips(layout("addressee_indent_mm")), hanging=twips(layout("addressee_words_mm")),
                        tab=twips(layout("addressee_indent_mm")), keep_next=True),
        paragraph_style("KinhGuiMuc", "Kính gửi (mục)", jc="left", size=body, left=twips(layout("addressee_indent_mm")),
                        keep_next=True),
        paragraph_style("CanCu", "Căn cứ", based_on="NoiDung", italic=True, jc="both", after=after, line=line,
                        first_line=indent),
        paragraph_style("BanHanh", "Quyết định (dòng ban hành)", jc="center", size=body, bold=True, before=120,
                        after=240, line=line, keep_next=True),
        paragraph_style("Y", "Gạch đầu dòng", based_on="NoiDung", jc="both", after=after, line=line, first_line=indent),
        paragraph_style("NoiNhanNhan", "Nơi nhận (nhãn)", jc="left", size=14, before=240),
        # A wrapped recipient hangs under its first word, not under the "- ".
        paragraph_style("NoiNhan", "Nơi nhận", jc="left", size=layout("noi_nhan_item_pt"),
                        left=twips(layout("recipient_hanging_mm")), hanging=twips(layout("recipient_hanging_mm"))),
        paragraph_style("QuyenHan", "Quyền hạn ký", jc="center", size=14, bold=True, before=240),
        paragraph_style("ChucVu", "Chức vụ người ký", jc="center", size=14),
        paragraph_style("HoTen", "Họ tên người ký", jc="center", size=14, bold=True,
                        before=layout("signature_space_pt") * 20),
        paragraph_style("SoTrang", "Số trang", jc="center", size=14),
    ]
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}">'
        f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        f'<w:sz w:val="{half_points(body)}"/><w:szCs w:val="{half_points(body)}"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
        '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>'
        '<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="character" w:customStyle="1" w:styleId="GachChan"><w:name w:val="Gạch chân"/><w:uiPriority w:val="1"/>'
        '<w:qFormat/><w:rPr><w:u w:val="single"/></w:rPr></w:style>'
        + "".join(styles)
        + "</w:styles>"
    )


def p(style: str, content: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{content}</w:p>'


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def tag_paragraph(tag: str) -> str:
    return f"<w:p>{run(tag)}</w:p>"


def cell(width: int, content: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'


def table(widths: list[int], cells: list[str], cell_margin: int) -> str:
    borders = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{cell_margin}" w:type="dxa"/>'
        f'<w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
        f'<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>{"".join(cells)}</w:tr></w:tbl>'
    )


def document_xml() -> str:
    profile = profiles()[-1]  # the rules in force now; the renderer applies older ones by date
    top, bottom, left, right = (twips(v) for v in profile.margins_mm)
    width, height = (twips(v) for v in profile.page_mm)
    text_width = width - left - right
    header_left = twips(layout("header_left_mm"))
    header = table(
        [header_left, text_width - header_left],
        [
            cell(header_left, tag_paragraph("{%p if cap_tren %}") + p("CapTren", run("{{r cap_tren }}"))
                 + tag_paragraph("{%p endif %}") + p("CoQuan", run("{{r co_quan }}")) + p("DauSao", run("*"))
                 + p("SoKyHieu", run("{{r so_ky_hieu }}"))
                 + tag_paragraph("{%p if trich_yeu_cong_van %}") + p("TrichYeuCongVan", run("{{r trich_yeu_cong_van }}"))
                 + tag_paragraph("{%p endif %}") + tag_paragraph("{%p if du_thao %}") + p("DuThao", run("{{r du_thao }}"))
                 + tag_paragraph("{%p endif %}") + tag_paragraph("{%p if dau_khan %}") + p("DauKhan", run("{{r dau_khan }}"))
                 + tag_paragraph("{%p endif %}")),
            cell(text_width - header_left, p("TieuDeDang", run("ĐẢNG CỘNG SẢN VIỆT NAM"))
                 + p("DiaDanhNgay", run("{{r dia_danh_ngay }}"))),
        ],
        cell_margin=0,
    )
    sign_left = text_width * 45 // 100
    closing = table(
        [sign_left, text_width - sign_left],
        [
            cell(sign_left, p("NoiNhanNhan", '<w:r><w:rPr><w:rStyle w:val="GachChan"/></w:rPr><w:t>Nơi nhận</w:t></w:r>'
                 + run(":")) + tag_paragraph("{{p noi_nhan }}")),
            cell(text_width - sign_left, tag_paragraph("{%p if quyen_han %}") + p("QuyenHan", run("{{r quyen_han }}"))
                 + tag_paragraph("{%p endif %}") + tag_paragraph("{%p if chuc_vu %}") + p("ChucVu", run("{{r chuc_vu }}"))
                 + tag_paragraph("{%p endif %}") + p("HoTen", run("{{r ho_ten }}"))),
        ],
        cell_margin=57,
    )
    body = (
        header
        # A công văn has no tên loại, so no title block at all (05-HD §5.2.1).
        + tag_paragraph("{%p if ten_loai %}")
        + p("TenLoai", run("{{r ten_loai }}"))
        + tag_paragraph("{%p if tac_gia %}") + p("TacGia", run("{{r tac_gia }}")) + tag_paragraph("{%p endif %}")
        + tag_paragraph("{%p if trich_yeu %}") + p("TrichYeu", run("{{r trich_yeu }}")) + tag_paragraph("{%p endif %}")
        + p("GachNgang", run("-----"))
        + tag_paragraph("{%p endif %}")
        + tag_paragraph("{{p noi_dung }}")
        + closing
    )
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        f'<w:pgSz w:w="{width}" w:h="{height}"/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
        f'w:header="{twips(profile.header_distance_mm)}" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}" xmlns:r="{R}">'
        f"<w:body>{body}{sect}</w:body></w:document>"
    )


def header_xml(page_number: bool) -> str:
    content = p("SoTrang", '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>') \
        if page_number else p("SoTrang")
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W}" xmlns:r="{R}">{content}</w:hdr>'


SETTINGS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W}">'
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    # Headings and titles broken with a line break are not stretched word by word (Word's
    # "Don't expand character spaces on a line ending with SHIFT+RETURN"; LibreOffice reads it too).
    '<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="vi-VN"/></w:settings>'
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
    '<Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>'
    '<Relationship Id="rIdFontTable" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>'
    "</Relationships>"
)

CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>Mẫu văn bản của Đảng ủy</dc:title><dc:creator>gen</dc:creator></cp:coreProperties>"
)

APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>gen</Application></Properties>'
)


def font_table_xml() -> str:
    """The fonts the document uses (strict OOXML validators expect the part; Word substitutes by it)."""
    font = layout("font")
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W}">'
        f'<w:font w:name="{font}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
        '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
    )


def theme_xml() -> str:
    """A minimal Office theme whose fonts are the body font, so "theme" text is never Calibri."""
    font = layout("font")
    colours = "".join(
        f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>'
        for name, value in (("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "1F1F1F"), ("lt2", "EEECE1"),
                            ("accent1", "4F81BD"), ("accent2", "C0504D"), ("accent3", "9BBB59"), ("accent4", "8064A2"),
                            ("accent5", "4BACC6"), ("accent6", "F79646"), ("hlink", "0000FF"), ("folHlink", "800080"))
    )
    fonts = f'<a:latin typeface="{font}"/><a:ea typeface=""/><a:cs typeface=""/>'
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="9525">{fill}</a:ln>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="gen">'
        f'<a:themeElements><a:clrScheme name="gen">{colours}</a:clrScheme>'
        f'<a:fontScheme name="gen"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont></a:fontScheme>'
        f'<a:fmtScheme name="gen"><a:fillStyleLst>{fill * 3}</a:fillStyleLst><a:lnStyleLst>{line * 3}</a:lnStyleLst>'
        '<a:effectStyleLst>' + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3 + '</a:effectStyleLst>'
        f'<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>'
    )


def main() -> None:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": CORE,
        "docProps/app.xml": APP,
        "word/document.xml": document_xml(),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": SETTINGS,
        "word/header1.xml": header_xml(page_number=True),
        "word/header2.xml": header_xml(page_number=False),
        "word/fontTable.xml": font_table_xml(),
        "word/theme/theme1.xml": theme_xml(),
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
    }
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(TARGET, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, xml.encode("utf-8"))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
