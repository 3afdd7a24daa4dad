"""`gen schema`: a JSON Schema of the content model for editors with a YAML language server
(VS Code and others), derived from the Cerberus schema in gen/content/schema.py so it is never written twice.

What Cerberus leaves to hand-written checks (dates, the number, the period, the outline blocks)
is expressed here as patterns and sub-schemas; only the calendar (2026-02-30) is beyond JSON Schema.
"""

from __future__ import annotations

from gen.content.kinds import SCHEME_TOKENS
from gen.content.schema import BLOCK_SCHEMAS, DOCUMENT_SCHEMA, ORG_SCHEMA, type_names

SCHEMA_ID = "https://gen.local/schema/van-ban.schema.json"

# What each key means, for the editor's hover text.
DESCRIPTIONS = {
    "loai": "Loại văn bản: thong_bao_ket_luan (Số …-TB), ket_luan (KL), nghi_quyet (NQ), bao_cao (BC), chuong_trinh (CTr), ke_hoach (KH), to_trinh (TTr), quyet_dinh (QĐ), cong_van (CV).",
    "co_quan": "Cơ quan ban hành: đường dẫn tệp cơ quan (../co-quan/ten.yaml) hoặc nhóm khóa (tep, và các khóa muốn ghi đè).",
    "tep": "Đường dẫn tệp cơ quan, tính từ tệp này.",
    "cap_tren": "Tên cơ quan cấp trên trực tiếp, ví dụ ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG.",
    "ten": "Tên cơ quan ban hành, ví dụ ĐẢNG ỦY XÃ KIẾN MINH.",
    "cap": "Cấp: xa, phuong, dac_khu; co_quan cho đảng ủy cơ quan, đơn vị (không có chữ xã, phường).",
    "dia_danh": "Địa danh ở dòng ngày tháng, ví dụ Kiến Minh.",
    "ky_hieu": "Ký hiệu cơ quan trong số văn bản: ĐU, ĐUQS, CB …",
    "van_phong": 'Tên văn phòng, cho dòng "- Lưu Văn phòng Đảng ủy."',
    "lanh_dao": "Họ tên lãnh đạo theo chức vụ, dùng cho chữ ký mặc định.",
    "mau": "Mẫu Word riêng của cơ quan (.docx), tính từ tệp này.",
    "chinh_ta_uy": 'Cách viết "ủy" hay "uỷ" trong chữ do công cụ sinh ra; kiểm tra chính tả cũng theo cách đặt dấu này.',
    "chinh_ta_cho_phep": "Các từ cơ quan dùng mà kiểm tra chính tả không biết (tên riêng, từ địa phương), ví dụ [Pác Bó, Ăngghen].",
    "chu_the": "Chủ thể ban hành: ban_chap_hanh, ban_thuong_vu, thuong_truc, chi_bo, uy_ban_kiem_tra, van_phong.",
    "so": "Số văn bản (số nguyên dương); để trống khi chưa lấy số.",
    "ngay": "Ngày ban hành YYYY-MM-DD; YYYY-MM khi chưa có ngày ký; YYYY khi chưa có ngày và tháng.",
    "ky": "Kỳ: một trong thang, quy, nua_nam, chin_thang cùng nam; hoặc nam; hoặc giai_doan, nhiem_ky (và khoa).",
    "giai_doan": "Nhiều năm: năm đầu-năm cuối, ví dụ 2026-2028.",
    "nhiem_ky": "Nhiệm kỳ cấp ủy: năm đầu-năm cuối, ví dụ 2025-2030.",
    "khoa": "Khóa của nhiệm kỳ, ví dụ I.",
    "khan": "Độ khẩn: khan (KHẨN), thuong_khan (THƯỢNG KHẨN), hoa_toc (HỎA TỐC).",
    "du_thao": 'Dự thảo: số lần (2 -> "Dự thảo lần 2") hoặc true.',
    "kinh_gui": "Kính gửi: một nơi, hoặc danh sách (công văn, báo cáo gửi cấp trên).",
    "kinh_trinh": "Kính trình: nơi trình (tờ trình).",
    "can_cu": 'Các căn cứ (quyết định): mỗi dòng một căn cứ, không cần "- " và ";".',
    "kieu": "Cách viết đoạn mở đầu: to_chuc (Ngày …, … tổ chức hội nghị …), hop (Ngày …, … đã họp …), tai_hoi_nghi (Tại hội nghị ngày …, …).",
    "mo_rong": "Hội nghị mở rộng.",
    "nguoi_ky": "Người ký: bi_thu, pho_bi_thu, chanh_van_phong, pho_chanh_van_phong, chu_nhiem, pho_chu_nhiem.",
    "chu_nhiem": "Chủ nhiệm Ủy ban Kiểm tra.",
    "pho_chu_nhiem": "Phó Chủ nhiệm Ủy ban Kiểm tra.",
    "thang": "Tháng 1–12.",
    "quy": "Quý 1–4.",
    "nua_nam": "dau: 6 tháng đầu năm; cuoi: 6 tháng cuối năm.",
    "chin_thang": "dau: 9 tháng đầu năm.",
    "nam": "Năm của kỳ.",
    "trich_yeu": 'Trích yếu: tac_gia (dòng tác giả in hoa) và ve ("về …"). Phải có ve, hoặc chỉ tac_gia (tên hội nghị).',
    "tac_gia": "Dòng tác giả của trích yếu, ví dụ KẾT LUẬN CỦA BAN THƯỜNG VỤ ĐẢNG ỦY; để trống nếu không có.",
    "ve": 'Nội dung trích yếu, chữ thường, ví dụ "về đánh giá kết quả …". Xuống dòng = ngắt dòng.',
    "hoi_nghi": "Thông tin hội nghị để công cụ viết đoạn mở đầu.",
    "hinh_thuc": "Hình thức: hội nghị, Hội nghị lần thứ ba …",
    "chu_tri": "Người chủ trì.",
    "tham_du": "Thành phần tham dự.",
    "nghe": "Nội dung đã nghe (báo cáo …).",
    "ket_luan": "Câu kết luận thay cho mặc định.",
    "mo_dau": "Đoạn mở đầu tự viết (thay cho đoạn viết từ hoi_nghi).",
    "danh_so": 'Kiểu đánh số từng cấp, ví dụ ["I.", "1.", "1.1.", "a)"].',
    "noi_dung": "Nội dung: đoạn văn (chữ) hoặc mục tieu_de / muc / y, lồng nhau bằng noi_dung.",
    "tieu_de": "Đề mục, được đánh số theo cấp.",
    "muc": "Đoạn văn được đánh số.",
    "y": 'Ý gạch đầu dòng ("- ", cấp dưới "+ ").',
    "nhan": 'Nhãn đánh số viết tay (ví dụ "2."), thay cho số tự động.',
    "noi_nhan": 'Nơi nhận: tên (không cần "- " và ";"), hoặc {ten, de} với de như "báo cáo".',
    "de": "Mục đích, ví dụ báo cáo, thực hiện.",
    "luu": "Nơi lưu (mặc định: văn phòng).",
    "chu_ky": "Chữ ký: nguoi_ky (thể thức theo chủ thể), hoặc quyen_han (T/M, T/L, K/T, Q.), thay_mat, chuc_vu, ho_ten.",
    "quyen_han": "Quyền hạn ký: T/M, T/L, K/T, Q.",
    "thay_mat": "Thay mặt: ĐẢNG ỦY, BAN THƯỜNG VỤ …",
    "chuc_vu": "Chức vụ người ký: BÍ THƯ, PHÓ BÍ THƯ, CHÁNH VĂN PHÒNG …",
    "ho_ten": 'Họ và tên người ký (không ghi "đồng chí").',
    "chu_thich": "Chú thích cuối trang: khóa: nội dung. Trong văn bản viết [^khóa] sau chữ cần chú thích (hoặc ^[nội dung] tại chỗ); công cụ đánh số 1, 2, 3 theo thứ tự đọc.",
    "phu_luc": "Phụ lục sau chữ ký, mỗi phụ lục một trang mới: tieu_de, noi_dung (như nội dung văn bản, có thể có bảng).",
    "kem_theo": 'Dòng "(Kèm theo …)" viết tay, thay cho dòng công cụ tính từ số, ngày và chủ thể của văn bản; để trống nếu không có.',
    "bang": "Bảng số liệu: dau (dòng tiêu đề), dong (các dòng), hoặc csv (tệp số liệu cạnh tệp này).",
    "don_vi": 'Dòng đơn vị tính trên bảng, ví dụ "Đơn vị tính: triệu đồng".',
    "tt": 'Thêm cột "TT" đánh số 1, 2, 3 … cho các dòng số liệu.',
    "ngang": "Đặt bảng trên trang ngang (bảng rộng).",
    "rong": "Độ rộng từng cột (mm); bỏ trống để tự tính theo nội dung.",
    "dau": "Dòng tiêu đề cột (một dòng, hoặc danh sách các dòng); lặp lại ở đầu mỗi trang.",
    "dong": "Các dòng số liệu; mỗi ô là chữ, số (1234.5 → 1.234,5), để trống, hoặc {o, gop_cot, gop_dong}.",
    "tong": "Số dòng cuối là dòng tổng cộng (in đậm, không đánh số TT).",
    "csv": "Tệp CSV (UTF-8) cạnh tệp văn bản, lưu từ Excel: các dòng của bảng.",
    "dau_csv": "Số dòng đầu của tệp CSV là tiêu đề cột (mặc định 1; 0 khi đã có dau).",
    "o": "Nội dung ô gộp.",
    "gop_cot": "Số cột ô này gộp sang phải.",
    "gop_dong": "Số dòng ô này gộp xuống dưới (các dòng dưới bỏ ô ở vị trí này).",
    "bi_thu": "Bí thư.",
    "pho_bi_thu": "Phó Bí thư.",
    "chanh_van_phong": "Chánh Văn phòng.",
    "pho_chanh_van_phong": "Phó Chánh Văn phòng.",
}

_TYPES = {
    "string": "string",
    "integer": "integer",
    "dict": "object",
    "list": "array",
    "boolean": "boolean",
    "float": "number",
}
DAY = r"^\d{4}-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])$"
DAY_OR_MONTH = r"^\d{4}(-(0?[1-9]|1[0-2])(-(0?[1-9]|[12]\d|3[01]))?)?$"
YEARS = r"^\s*\d{4}\s*[-–]\s*\d{4}\s*$"


def _field(name: str, rule: dict) -> dict:
    result: dict = {}
    names = type_names(rule.get("type"))
    if names:
        json_types = [_TYPES[n] for n in names]
        if rule.get("nullable"):
            json_types.append("null")
        result["type"] = json_types[0] if len(json_types) == 1 else json_types
    if "allowed" in rule:
        result["enum"] = list(rule["allowed"])
    if "min" in rule:
        result["minimum"] = rule["min"]
    if "max" in rule:
        result["maximum"] = rule["max"]
    if rule.get("empty") is False:
        result["minLength"] = 1
    nested = rule.get("schema")
    if nested:
        if "dict" in names and all(isinstance(v, dict) for v in nested.values()):
            result.update(_object(nested))
        if "list" in names:
            result["items"] = _field("", nested) if "type" in nested else {}
    if name in DESCRIPTIONS:
        result["description"] = DESCRIPTIONS[name]
    return result


def _object(schema: dict) -> dict:
    return {
        "properties": {name: _field(name, rule) for name, rule in schema.items()},
        "required": [name for name, rule in schema.items() if rule.get("required")],
        "additionalProperties": False,
    }


def json_schema() -> dict:
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Văn bản của Đảng ủy (gen)",
        "type": "object",
        **_object(DOCUMENT_SCHEMA),
    }
    props = document["properties"]
    # What gen/content/schema.py checks by hand:
    props["ngay"]["pattern"] = DAY_OR_MONTH
    props["hoi_nghi"]["properties"]["ngay"]["pattern"] = DAY
    props["so"] = {"type": ["integer", "null"], "minimum": 1, "description": DESCRIPTIONS["so"]}
    props["danh_so"]["items"] = {"enum": list(SCHEME_TOKENS)}
    periods = ["thang", "quy", "nua_nam", "chin_thang", "giai_doan", "nhiem_ky"]
    props["ky"]["not"] = {"anyOf": [{"required": [a, b]} for i, a in enumerate(periods) for b in periods[i + 1 :]]}
    props["ky"]["anyOf"] = [{"required": ["nam"]}, {"required": ["giai_doan"]}, {"required": ["nhiem_ky"]}]
    for span in ("giai_doan", "nhiem_ky"):
        props["ky"]["properties"][span]["pattern"] = YEARS
    props["noi_dung"]["items"] = {"$ref": "#/$defs/khoi"}
    props["noi_dung"]["minItems"] = 1
    props["phu_luc"]["items"]["properties"]["noi_dung"]["items"] = {"$ref": "#/$defs/khoi"}
    # A title is "về …", or the conference's name alone in tac_gia.
    props["trich_yeu"]["anyOf"] = [
        {"type": "object", "required": ["ve"]},
        {"type": "object", "required": ["tac_gia"], "properties": {"tac_gia": {"type": "string", "minLength": 1}}},
    ]
    document["required"] = [*document["required"], "trich_yeu"]
    blocks = []
    for _kind, schema in BLOCK_SCHEMAS.items():
        block = {"type": "object", **_object(schema)}
        if "noi_dung" in block["properties"]:
            block["properties"]["noi_dung"]["items"] = {"$ref": "#/$defs/khoi"}
        if "danh_so" in block["properties"]:
            block["properties"]["danh_so"]["enum"] = [*SCHEME_TOKENS, None]
        blocks.append(block)
    document["$defs"] = {"khoi": {"description": DESCRIPTIONS["noi_dung"], "anyOf": [{"type": "string"}, *blocks]}}
    return document


def org_json_schema() -> dict:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Tệp cơ quan (gen)",
        "type": "object",
        **_object(ORG_SCHEMA),
    }
    schema["required"] = ["ten", "dia_danh", "ky_hieu"]
    return schema
