"""The spelling rules (chính tả): Vietnamese syllables taken apart and judged, the two tone
placements, Telex and VNI keys, suggestions, the page's offsets, an office's allow-list and a
comment that accepts one text, and findings at the word's own line and column."""

from __future__ import annotations

import pytest
from conftest import MINIMAL, ROOT

from gen.checks import vietnamese as vn
from gen.checks.lexicon import lexicon
from gen.checks.speller import Speller
from gen.checks.spelling import check_text
from gen.messages import set_language
from gen.workflow.build import check_all


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(lexicon())


VALID = (
    "được thường quốc nghiêng khuyến khích giữa gìn già quý quyết hoàn hoà hòa thuỷ thủy khoẻ khỏe "
    "ngoằn nghèo trưởng tuyển khuya oai ấp ừ yêu yến uống ươm oẳn xoong kìa ghé nghỉ"
).split()
INVALID = {
    "thưòng": vn.SHAPE,  # a horn lost: "ưo" is no rhyme
    "đuợc": vn.SHAPE,
    "nghiêp": vn.STOP_TONE,  # -p takes only sắc or nặng
    "quyêt": vn.STOP_TONE,
    "kà": vn.ONSET_SPELLING,  # k only before i, e, ê
    "ghà": vn.ONSET_SPELLING,
    "ngiêm": vn.ONSET_SPELLING,  # ngh before i
    "cế": vn.ONSET_SPELLING,
    "tóan": vn.PLACEMENT,  # the mark belongs on a: toán
    "hòan": vn.PLACEMENT,
    "thửơng": vn.PLACEMENT,
    "caá": vn.SHAPE,
}


@pytest.mark.parametrize("word", VALID)
def test_a_syllable_of_the_language_is_well_formed(word):
    syllable = vn.parse(word)
    assert syllable is not None and vn.problem(syllable) is None, word


@pytest.mark.parametrize("word, why", INVALID.items())
def test_an_impossible_syllable_says_why(word, why):
    syllable = vn.parse(word)
    assert syllable is not None and vn.problem(syllable) == why


def test_both_tone_placements_are_one_word_for_look_ups():
    assert vn.normal("hoà") == vn.normal("hòa") == "hòa"
    assert vn.normal("Thuỷ") == vn.normal("thủy") == "thủy"
    assert vn.normal("quý") == "quý"  # the u of qu is no vowel of the rhyme: no two styles
    assert vn.style_of(vn.parse("khoẻ")) == "old" and vn.style_of(vn.parse("khỏe")) == "new"
    assert vn.style_of(vn.parse("hoàn")) is None  # with a final consonant both styles agree
    assert vn.compose("th", "uy", 3, "old") == "thuỷ" and vn.compose("th", "uy", 3, "new") == "thủy"


def test_keys_of_an_input_method_left_in_the_text_are_read():
    assert vn.normal(vn.telex("chir")) == "chỉ"
    assert vn.normal(vn.telex("truwowngf")) == "trường"
    assert vn.normal(vn.telex("ddaoj")) == "đạo"
    assert vn.normal(vn.vni("d9a5o")) == "đạo"
    assert vn.normal(vn.vni("tru7o72ng")) == "trường"
    assert vn.telex("camera") is None and vn.vni("2026") is None


def test_the_consonants_confused_by_ear_sound_alike():
    assert vn.sound("chẽ") == vn.sound("trẽ") and vn.sound("xuất") == vn.sound("suất")
    assert vn.sound("giảng") != vn.sound("đảng")  # d/gi/r are confused, đ is not


@pytest.mark.parametrize(
    "text, rule, word, suggestion",
    [
        ("Công tác giáo dục trưòng học.", "spelling.syllable", "trưòng", "trường"),
        ("Kết quả đuợc đánh giá cao.", "spelling.syllable", "đuợc", "được"),
        ("Đảng ủy đã chir đạo sát sao.", "spelling.syllable", "chir", "chỉ"),
        ("Triển khai d9a5i hội chi bộ.", "spelling.syllable", "d9a5i", "đại"),
        ("Ban Thường vụ chỉ đao quyết liệt.", "spelling.compound", "chỉ đao", "chỉ đạo"),
        ("Tổ chức quán triết nghị quyết.", "spelling.compound", "quán triết", "quán triệt"),
        ("Tăng cường công tác sản suất.", "spelling.compound", "sản suất", "sản xuất"),
        ("Quản lý chặt trẽ đất đai.", "spelling.compound", "chặt trẽ", "chặt chẽ"),
        ("Hoàn thành việc sát nhập thôn.", "spelling.compound", "sát nhập", "sáp nhập"),
        ("Tập trung lanh dao thực hiện.", "spelling.compound", "lanh dao", "lãnh đạo"),
        # a number in a known phrase is suggested as written, not as the phrase's placeholder "#"
        ("Kế hoạch công tác nằm 2026 đã ban hành.", "spelling.compound", "nằm 2026", "năm 2026"),
        ("Hoàn thành trong thời hạn 5 ngay làm việc.", "spelling.compound", "5 ngay", "5 ngày"),
        ("Ban Thường vụ đề nghị Các chi bộ triển khai.", "spelling.capital", "Các", "các"),
        ("Chuẩn bị sẳn phương án.", "spelling.unknown", "sẳn", None),
    ],
)
def test_a_slip_is_found_with_the_word_meant(speller, text, rule, word, suggestion):
    slips = speller.check(text, style="new")
    assert [(s.rule, s.word) for s in slips] == [(rule, word)], slips
    assert text[slips[0].start : slips[0].end] == word
    if suggestion:
        assert slips[0].suggestion == suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Ủy ban nhân dân xã và HĐND xã khóa XIV; Quý II/2026; Đề án 06; Kế hoạch số 62-KH/ĐU.",
        "Đồng chí Nguyễn Văn Hùng, Phó Bí thư Đảng ủy, Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã.",
        "Sở Nông nghiệp và Môi trường; Bộ Văn hóa, Thể thao và Du lịch; Trung tâm Phục vụ hành chính công.",
        "Kỷ niệm 81 năm Cách mạng Tháng Tám và Quốc khánh 2/9; Ngày Thương binh - Liệt sĩ.",
        "Chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh; đồng bào Mông, Dao ở xã Ea Kar, tỉnh Đắk Lắk.",
        "Đẩy nhanh tiến độ thi công; bàn giao học sinh về sinh hoạt hè; trao đổi với các hộ dân.",
        "Hệ thống camera giám sát; băng rôn, khẩu hiệu; phát huy vai trò nòng cốt.",
        "Đoàn đã thăm quần thể di tích Ăng-co và thủ đô Viên-chăn.",
        "Nói đi đôi với làm; công dân trong độ tuổi lao động; cần cũng cố gắng hơn.",
    ],
)
def test_correct_text_raises_nothing(speller, text):
    assert speller.check(text, style="new") == []


def test_the_same_word_in_two_placements_is_reported_in_the_organisations_style(speller):
    text = "Công tác văn hoá, thể thao; đời sống văn hóa."
    (slip,) = speller.check(text, style="new")
    assert (slip.rule, slip.word, slip.suggestion) == ("spelling.tone_placement", "hoá", "hóa")
    (slip,) = speller.check(text, style="old")
    assert (slip.word, slip.suggestion) == ("hóa", "hoá")
    # Different words in different placements are let pass: offices and 05-HD mix them.
    assert speller.check("Ban Chấp hành khóa I; Đảng uỷ.", style="old") == []


def test_the_page_gets_offsets_and_messages():
    set_language("vi")
    text = "Đảng ủy chỉ đao quyết liệt; trưòng học."
    marks = check_text(text)
    assert [(m.rule, text[m.start : m.end]) for m in marks] == [
        ("spelling.compound", "chỉ đao"),
        ("spelling.syllable", "trưòng"),
    ]
    assert 'Có phải "trường"?' in marks[1].message and marks[1].severity == "error"
    assert marks[0].as_dict()["suggestion"] == "chỉ đạo"
    assert check_text("Giao đồng chí Kdăm phụ trách.", allowed=["Kdăm"]) == []


def _project_findings(project, document, organisation_extra=""):
    org = project / "content" / "co-quan" / "kien-minh.yaml"
    if organisation_extra:
        org.write_text(org.read_text(encoding="utf-8") + organisation_extra, encoding="utf-8")
    path = project / "content" / "docs" / "doc.yaml"
    path.write_text(document, encoding="utf-8")
    ((_, findings),) = check_all([path], project / "content")
    return [f for f in findings if f.rule.startswith("spelling.")]


def _with_body(paragraph: str) -> str:
    return MINIMAL.replace("      - Đoạn một.\n", f"      - {paragraph}\n")


def test_each_slip_is_reported_at_its_own_line_and_column(project):
    document = _with_body(
        ">-\n          Đảng ủy chỉ đao sát sao; Ban Thường vụ chỉ đao\n          kịp thời, trưòng học."
    )
    findings = _project_findings(project, document)
    lines = document.split("\n")
    places = [(f.rule, f.line, f.column) for f in findings]
    first = next(i for i, line in enumerate(lines) if "chỉ đao sát" in line) + 1
    assert places == [
        ("spelling.compound", first, lines[first - 1].index("chỉ đao") + 1),
        ("spelling.compound", first, lines[first - 1].rindex("chỉ đao") + 1),
        ("spelling.syllable", first + 1, lines[first].index("trưòng") + 1),
    ]


def test_an_office_allows_its_words_and_a_comment_accepts_one_text(project):
    body = "Đồng chí Y Kdăm phụ trách buôn."
    assert [f.rule for f in _project_findings(project, _with_body(body))] == ["spelling.syllable"]
    # One text: a comment on the line where it starts.
    accepted = _with_body(f"{body}  # chính tả: Kdăm")
    assert _project_findings(project, accepted) == []
    block = _with_body(f">-  # chinh_ta: Kdăm\n          {body}")
    assert _project_findings(project, block) == []
    # The comment accepts the words it names, not the others.
    assert [f.rule for f in _project_findings(project, _with_body(f"{body} Trưòng học.  # chính tả: Kdăm"))] == [
        "spelling.syllable"
    ]
    # The whole office: chinh_ta_cho_phep in its organisation file.
    assert _project_findings(project, _with_body(body), "chinh_ta_cho_phep: [Kdăm]\n") == []


def test_messages_in_english(project):
    set_language("en")
    try:
        (finding,) = _project_findings(project, _with_body("Kết quả đuợc đánh giá cao."))
        assert finding.message.startswith('"đuợc" is no Vietnamese syllable') and 'Did you mean "được"?' in (
            finding.message
        )
    finally:
        set_language("vi")


def test_the_table_of_written_forms_agrees_with_the_rules():
    """gen/data/spelling/forms.tsv (made by tools/spelling_data.py) saves taking known words apart:
    it must say what the code would."""
    known = lexicon()
    for form, (normal, style, sound, skeleton) in list(known.forms.items())[::7]:
        syllable = vn.parse(form)
        assert syllable is not None and vn.problem(syllable) is None, form
        assert (vn.normal(form), vn.style_of(syllable), vn.sound(form), vn.skeleton(form)) == (
            normal,
            style,
            sound,
            skeleton,
        ), form
    assert {normal for normal, *_ in known.forms.values()} == set(_dictionary_only(known))


def test_the_syllables_one_slip_from_a_word_are_all_found(speller):
    """_near finds the skeletons one added letter makes by a table (Lexicon.one_letter_more), not by
    trying each letter at each place: the same as trying them, on every skeleton with a letter
    taken out, added or swapped, and on words of no syllable."""
    known = speller.lexicon.by_skeleton

    def tried(word: str) -> list[str]:
        letters = "abcdeghiklmnopqrstuvxy"
        variants = {word[:i] + word[i + 1 :] for i in range(len(word))}
        variants |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters}
        variants |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        return sorted(v for v in variants if v in known)

    words = {"trng", "qan", "thahn", "nhgệ", "bn", "x", "camera", "zzz", "ngiêng"}
    for skeleton in sorted(known)[::5]:
        words |= {skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton))}
        words |= {skeleton[:i] + "a" + skeleton[i:] for i in range(len(skeleton) + 1)}
        words |= {skeleton[:i] + skeleton[i + 1] + skeleton[i] + skeleton[i + 2 :] for i in range(len(skeleton) - 1)}
    assert len(words) > 2_500
    for word in sorted(words):
        assert speller._near(word) == tried(word), word  # noqa: SLF001 - the table against the search it replaces


def test_a_misspelt_pair_is_found_however_its_words_are_spaced(speller):
    """The same slip with one space, a folded line and two spaces between its words: each found
    (a pair is first looked for with one space, then in full where that finds too few)."""
    text = "Đảng ủy chỉ đao các chi bộ. Ban Thường vụ chỉ\nđao tiếp, chỉ  đao nữa và chỉ đao."
    found = [(slip.rule, slip.word) for slip in speller.check(text)]
    assert found == [("spelling.compound", "chỉ đao"), ("spelling.compound", "chỉ\nđao")] + [
        ("spelling.compound", "chỉ  đao"),
        ("spelling.compound", "chỉ đao"),
    ]


@pytest.mark.parametrize(
    "shortcut",
    ["narrowed window", "capital let pass before a window", "pair let pass before a window", "capitals read alone"],
)
def test_a_shortcut_finds_what_reading_the_whole_window_finds(monkeypatch, shortcut):
    """A window is read from the sixth word before its spans to the sixth after (the rules look four
    away), and a capital that the words around it let pass opens none: on texts with every kind of
    typo and on capitals let pass by what stands three and four words away, the same slips as
    without the shortcut; and a window of capitals alone reads the fixed words that begin at them
    only, where no confusable phrase may begin before them."""
    import sys

    from gen.checks import speller as module

    sys.path.insert(0, str(ROOT / "tests" / "spelling_corpus"))
    import typos

    documents = sorted((ROOT / "tests" / "spelling_corpus" / "docs").glob("*.yaml"))
    texts = [typos.introduce(path.read_text(encoding="utf-8"), seed)[0] for seed, path in enumerate(documents[:6])]
    texts += [
        "Chi bộ tổ chức Kiểm điểm giữa số 12 đảng viên trong năm nay.",  # a numbered title
        "Chi bộ tổ chức Kiểm điểm giữa kỳ số 12 đảng viên trong năm nay.",  # a slip: "số" four away
        "Đồng chí Giám đốc Sở Nông nghiệp và Môi trường dự; trưòng học.",  # a list of names
        "Hội thi Báo cáo viên, Tuyên truyền viên giỏi cấp xã.",
        "Ban Chấp hành\n\nvà Môi trường sạch đẹp.",  # the name is in another paragraph
        "các cơ quan liên quan trong triển khai; học sinh về sinh hoạt hè.",  # each word in a known one
        "Ban liên\n\nquan trong công tác.",  # "liên" is in another paragraph
        "Đảng ủy chỉ đao các chi bộ.",
        "Văn phòng giành Cho các chi bộ một buổi.",  # a confusable phrase that ends at a capital
        "Đảng ủy giao Chỉ đao các chi bộ.",  # a fixed word that begins at one
    ]

    def slips(speller: Speller) -> list:
        return [[(s.rule, s.start, s.end, s.suggestion) for s in speller.check(text)] for text in texts]

    with_shortcut = slips(Speller(lexicon()))
    if shortcut == "narrowed window":
        monkeypatch.setattr(module, "_narrowed", lambda text, low, high, start, end: (low, high))
    elif shortcut == "capital let pass before a window":
        monkeypatch.setattr(Speller, "_let_pass_by_neighbours", lambda *args: False)
    elif shortcut == "pair let pass before a window":
        monkeypatch.setattr(Speller, "_pair_let_pass", lambda *args: False)
    else:
        read = Speller._read  # noqa: SLF001 - the same reading, told nothing of capitals
        monkeypatch.setattr(
            Speller, "_read", lambda self, text, allowed, focus=None, capitals=False: read(self, text, allowed, focus)
        )
    assert slips(Speller(lexicon())) == with_shortcut and sum(map(len, with_shortcut)) > 50
    rules = [[slip[0] for slip in found] for found in with_shortcut[-10:]]
    capital, compound = ["spelling.capital"], ["spelling.compound"]
    assert rules == [[], capital, ["spelling.syllable"], [], capital, [], compound, compound] + [
        compound + capital,
        capital + compound,
    ]


def test_the_lessons_made_ahead_are_what_the_speller_learns():
    """gen/data/spelling/lessons.tsv saves learning every syllable in each process: it must be made
    from the files of the lexicon as they are, and say what a speller that knows nothing ahead
    learns. After a change to compounds.yaml, names.yaml or the sifting: python tools/spelling_data.py --lessons"""
    from gen.checks.lexicon import DATA, LESSONS, Lessons
    from gen.checks.speller import make_lessons

    written = (DATA / LESSONS).read_text(encoding="utf-8")
    assert written == make_lessons(), "run: python tools/spelling_data.py --lessons"
    digest, lessons = Lessons.parse(written)
    known = lexicon()
    assert digest == known.digest and known.lessons == lessons
    assert {"chỉ", "đạo", "hoà", "hòa"} <= set(lessons.roles) and lessons.roles["đạo"][1] == "đạo"
    assert (lessons.roles["hoà"][2], lessons.roles["hòa"][2], lessons.roles["hoa"][2]) == (
        2,
        4,
        0,
    )  # tone placed old, new
    # A syllable with a capital, in capitals, a number: learnt from another token by a taught
    # speller, to the role a speller that knows nothing ahead gives it by judging it.
    tokens = [form.capitalize() for form in list(known.forms)[::5]] + [form.upper() for form in list(known.forms)[::5]]
    tokens += ["2026", "0", "06", "XI", "V", "A", "Đ", "Đạo", "ĐẠO", "ĐẢNG", "Đảng", "Ủy", "UỶ", "hoà", "Hoà"]
    taught, untaught = Speller(known), Speller(lexicon(taught=False))
    for token in tokens:
        taught.learn(token)
        untaught.learn(token)
    learnt = taught.lessons().roles
    assert learnt == untaught.lessons().roles
    assert learnt["đạo".capitalize()][1] == "" and learnt["ĐẠO"][1] == "đạo"  # a capital: maybe a name


def test_lessons_made_from_other_files_are_not_used(tmp_path, monkeypatch):
    """A lexicon whose files changed since lessons.tsv was made is read without it (and the
    speller learns every syllable as it meets it, to the same verdicts)."""
    import shutil

    from gen.checks import lexicon as module

    original, copy = module.DATA, tmp_path / "spelling"
    shutil.copytree(original, copy)
    with (copy / "compounds.yaml").open("a", encoding="utf-8") as changed:
        changed.write("# a line added since\n")
    monkeypatch.setattr(module, "DATA", copy)
    assert module.lexicon.__wrapped__().lessons is None
    # Cut short or gone (an install gone wrong): left aside too, and the speller still works.
    shutil.copy2(original / "compounds.yaml", copy / "compounds.yaml")
    assert module.lexicon.__wrapped__().lessons is not None
    lessons = (copy / module.LESSONS).read_text(encoding="utf-8")
    (copy / module.LESSONS).write_text(lessons[: len(lessons) // 2], encoding="utf-8")
    assert module.lexicon.__wrapped__().lessons is None
    (copy / module.LESSONS).unlink()
    assert module.lexicon.__wrapped__().lessons is None
    assert Speller(module.lexicon.__wrapped__()).check("Đảng ủy chỉ đao các chi bộ.")
    monkeypatch.undo()
    assert module.lexicon.__wrapped__().lessons is not None


def _dictionary_only(known) -> list[str]:
    from gen.checks.lexicon import DATA

    lines = (DATA / "syllables.txt").read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line and not line.startswith("#")]


def test_kinh_gui_and_can_cu_are_read_too(project):
    """Texts that only some kinds have (Kính gửi, căn cứ) are spelt like the body."""
    example = (ROOT / "content" / "examples" / "010-cong-van-kien-minh.yaml").read_text(encoding="utf-8")
    assert "kinh_gui:" in example
    lines = example.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("kinh_gui:")) + 1
    assert lines[index].startswith("  - Các chi bộ")
    lines[index] = lines[index].replace("Các chi bộ", "Các chi bộ trưòng", 1)
    path = project / "content" / "docs" / "cv.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    ((_, findings),) = check_all([path], project / "content")
    spelled = [f for f in findings if f.rule == "spelling.syllable"]
    assert [f.line for f in spelled] == [index + 1], [f.format() for f in findings]


def test_the_verdicts_do_not_depend_on_what_the_speller_learnt_or_forgot(monkeypatch):
    """The sifting learns tokens and pairs once per process and forgets them all past a bound (a
    long-running page): a text with typos gets the same slips from a new speller, from one that
    has read other texts first, and from one that forgets every few dozen words, mid-text too."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "spelling_corpus"))
    import typos

    documents = sorted((ROOT / "tests" / "spelling_corpus" / "docs").glob("*.yaml"))
    texts = [typos.introduce(path.read_text(encoding="utf-8"), seed)[0] for seed, path in enumerate(documents[:3])]

    def slips(speller: Speller, text: str) -> list:
        return [(s.rule, s.start, s.end, s.suggestion) for s in speller.check(text, style="new")]

    fresh = [slips(Speller(lexicon()), text) for text in texts]
    assert all(fresh) and sum(len(found) for found in fresh) > 30
    untaught = Speller(lexicon(taught=False))  # every syllable learnt as met, none ahead
    assert [slips(untaught, text) for text in texts] == fresh
    warm = Speller(lexicon())
    assert [slips(warm, text) for text in reversed(texts)] == list(reversed(fresh))
    paragraphs = [part for text in texts for part in text.split("\n") if part.strip()]
    one_by_one = Speller(lexicon())
    expected = [slips(one_by_one, part) for part in paragraphs]
    forgetful = Speller(lexicon())
    monkeypatch.setattr(forgetful, "memory", 40)
    assert [slips(forgetful, part) for part in paragraphs] == expected
    assert forgetful._forgotten > 10  # noqa: SLF001 - the test is that it forgot, often
