"""gen serve in a real browser: Debian's Chromium driven by Playwright (never a downloaded browser).

One month of an office, as a person does it: open the list, open an example, type a slip and see its
finding at its line, fix it, see the page change, save with Ctrl+S, take the Word file and open it
with python-docx, compare with the version before the save and take the redline, make next month's
document, import a Word file, meet a file changed on disk. Screenshots are taken at each step (in
the test's folder; GEN_SCREENSHOTS=docs/img writes the guide's pictures from this same run).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


def _skip(reason: str):
    print(f"\n*** {reason} ***", file=sys.stderr)
    pytest.skip(reason, allow_module_level=True)


if CHROMIUM is None:
    _skip(
        "SKIPPED: no Chromium here (apt-get install chromium chromium-driver): the browser tests of gen serve did not run"
    )
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:
    _skip("SKIPPED: Playwright's Python package is missing (pip install -e '.[test]'): the browser tests did not run")

# A shared CI machine can be slow: wait for the page longer than Playwright's 5 s by default.
expect.set_options(timeout=20_000)

ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gen serve on a copy of the examples, in this process, on a free port of 127.0.0.1."""
    import uvicorn

    from gen.serve import bind
    from gen.serve.app import create_app

    site = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "content", site / "content")
    # As an office runs it: from the project folder, so that messages name content/… files.
    before = os.getcwd()
    os.chdir(site)
    sock = bind(0)
    port = sock.getsockname()[1]
    app = create_app(site / "content", "browser-test-secret", port)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield site, f"http://127.0.0.1:{port}", "browser-test-secret"
    server.should_exit = True
    thread.join(10)
    os.chdir(before)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Shots:
    def __init__(self, page, folder: Path):
        self.page, self.folder = page, folder
        extra = os.environ.get("GEN_SCREENSHOTS")
        self.extra = ROOT / extra if extra else None  # relative to the repository (the server runs in its site)
        self.taken: list[Path] = []

    def __call__(self, name: str, locator=None) -> None:
        target = self.folder / f"{name}.png"
        (locator or self.page).screenshot(path=str(target))
        self.taken.append(target)
        if self.extra is not None:
            self.extra.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, self.extra / target.name)


def line_of(page, text: str) -> int:
    """0-based line of the editor that contains `text`."""
    return page.evaluate("(t) => genEditor.getValue().split('\\n').findIndex((l) => l.includes(t))", text)


def put_cursor(page, line: int, at_end: bool = True) -> None:
    page.evaluate("([l, end]) => { genEditor.focus(); genEditor.setCursor({line: l, ch: end ? genEditor.getLine(l).length : 0}); }",
                  [line, at_end])  # fmt: skip


def test_one_month_in_the_browser(server, browser, tmp_path):
    site, base, secret = server
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    shot = Shots(page, tmp_path)

    # Without the secret: refused, in Vietnamese.
    refused = page.goto(base + "/")
    assert refused is not None and refused.status == 403
    assert "mã truy cập" in page.content()

    # The list.
    page.goto(f"{base}/?token={secret}")
    assert "token" not in page.url
    expect(page.locator("table.documents tr[data-path]")).to_have_count(
        len(list((ROOT / "content" / "examples").glob("*.yaml")))
    )
    expect(page.locator("#next-numbers")).to_contain_text("63")
    shot("1-danh-sach")

    # Open an example.
    page.click("a.open:has-text('000-kien-minh.yaml')")
    expect(page.locator("#pages .page").first).to_be_visible(timeout=20000)
    expect(page.locator("#pages")).to_contain_text("ĐẢNG CỘNG SẢN VIỆT NAM")
    shot("2-soan-thao")

    # Type a slip: a misspelt key under "so:".
    line = line_of(page, "so: 62")
    put_cursor(page, line)
    page.keyboard.press("Enter")
    page.keyboard.type("ngya: 2026-05-08")
    page.keyboard.press("Escape")  # close the completion list
    slip = page.locator(f"#findings li[data-rule='schema.unknown_key'][data-line='{line + 2}']")
    expect(slip).to_be_visible(timeout=10000)
    expect(slip).to_contain_text("ngya")
    expect(page.locator(".CodeMirror-lint-marker-error")).to_have_count(1)
    expect(page.locator("#dirty")).to_be_visible()
    shot("3-loi-tai-dong")

    # Fix it: remove the line again.
    put_cursor(page, line + 1)
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    expect(page.locator("#findings li[data-rule='schema.unknown_key']")).to_have_count(0, timeout=10000)

    # A spelling slip is underlined at its words, not to the end of the line.
    line = line_of(page, "chu_tri:")
    put_cursor(page, line)
    page.keyboard.type(" chỉ đao sát sao")
    mark = page.locator(".CodeMirror-lint-mark-warning", has_text="chỉ đao")
    expect(mark).to_have_count(1, timeout=10000)
    expect(mark).to_have_text("chỉ đao")
    expect(page.locator("#findings li[data-rule='spelling.compound']")).to_contain_text("chỉ đạo")
    for _ in " chỉ đao sát sao":
        page.keyboard.press("Backspace")
    expect(page.locator("#findings li[data-rule='spelling.compound']")).to_have_count(0, timeout=10000)

    # Change the text and see the page follow.
    line = line_of(page, "chu_tri:")
    put_cursor(page, line)
    page.keyboard.type(" (chủ trì)")
    # The page may wrap the line between the two words (no space left in its text).
    expect(page.locator("#pages")).to_contain_text(re.compile(r"\(chủ\s*trì\)"), timeout=10000)
    shot("4-trang-cap-nhat")

    # Save with Ctrl+S.
    page.keyboard.press("Control+s")
    expect(page.locator("#toast")).to_contain_text("Đã lưu", timeout=10000)
    expect(page.locator("#dirty")).to_be_hidden()
    saved = (site / "content/examples/000-kien-minh.yaml").read_text(encoding="utf-8")
    assert "(chủ trì)" in saved and "ngya" not in saved

    # Take the Word file and open it with python-docx.
    with page.expect_download() as download:
        page.click("#btn-docx")
    docx_path = tmp_path / download.value.suggested_filename
    download.value.save_as(docx_path)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert docx_path.name == "000-kien-minh.docx" and "(chủ trì)" in text

    # Compare with the version before the save, and take the redline.
    page.click("#btn-diff")
    expect(page.locator("#diff-download")).to_be_visible(timeout=20000)
    expect(page.locator("#diff-pages .ins").first).to_be_visible()
    shot("5-so-sanh")
    with page.expect_download() as download:
        page.click("#diff-download")
    redline = tmp_path / "redline.docx"
    download.value.save_as(redline)
    with zipfile.ZipFile(redline) as package:
        assert b"<w:ins " in package.read("word/document.xml")

    # A change on disk while the page is open: a conflict, both versions shown.
    file = site / "content/examples/000-kien-minh.yaml"
    file.write_text(saved + "# sửa ở máy khác\n", encoding="utf-8")
    put_cursor(page, line_of(page, "chu_tri:"))
    page.keyboard.type(".")
    page.keyboard.press("Control+s")
    expect(page.locator("#conflict")).to_be_visible(timeout=10000)
    expect(page.locator("#conflict-disk")).to_have_value(saved + "# sửa ở máy khác\n")
    shot("6-xung-dot")
    page.click("#conflict-take-disk")
    expect(page.locator("#conflict")).to_be_hidden()
    assert file.read_text(encoding="utf-8").endswith("# sửa ở máy khác\n")

    # Next month.
    page.click("#btn-new")
    page.wait_for_url("**/sua?path=examples%2F2026-05-thong-bao-ket-luan.yaml", timeout=20000)
    expect(page.locator("#findings li").first).to_be_visible(timeout=10000)
    expect(page.locator("#findings")).to_contain_text("ĐIỀN")
    assert (site / "content/examples/2026-05-thong-bao-ket-luan.yaml").is_file()
    shot("7-ky-sau")

    # Import a Word file typed elsewhere (here: the one built from example 001).
    from gen.serve.workspace import Workspace

    word = Workspace(site / "content").build(site / "content/examples/001-thuy-nguyen.yaml")
    page.goto(base + "/")
    page.set_input_files("#import-file", str(word))
    page.click("#import-button")
    try:
        page.wait_for_url("**/sua?path=nhap%2F*", timeout=30000)
    except Exception:
        raise AssertionError(page.locator("#toast").text_content()) from None
    expect(page.locator("#import-notes")).to_contain_text("Kiểm tra")
    expect(page.locator("#pages .page").first).to_be_visible(timeout=20000)
    shot("8-nhap-tu-word")

    assert not problems, problems
    for picture in shot.taken:
        assert picture.stat().st_size > 10_000  # a picture with something on it
    context.close()


def test_the_exact_pdf_view(server, browser, tmp_path):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("SKIPPED: LibreOffice is needed for the exact PDF view")
    site, base, secret = server
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base}/?token={secret}")
    # The view in the page: Chromium's own PDF viewer in the frame.
    page.goto(base + "/sua?path=examples/005-bao-cao-kien-minh.yaml")
    expect(page.locator("#pages .page").first).to_be_visible()
    with page.expect_response(lambda r: "/xem/pdf" in r.url, timeout=120000) as shown:
        page.click(".tab[data-tab='pdf']")
    assert shown.value.status == 200 and shown.value.headers["content-type"] == "application/pdf"
    page.wait_for_timeout(2500)  # the viewer draws the first page
    Shots(page, tmp_path)("9-pdf-chinh-xac")
    answer = page.request.get(base + "/xem/pdf?path=examples/004-ke-sat.yaml", timeout=120000)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")
    with page.expect_download() as download:
        page.goto(base + "/sua?path=examples/004-ke-sat.yaml")
        page.click("#btn-pdf")
    assert download.value.suggested_filename == "004-ke-sat.pdf"
    context.close()


def test_the_pages_of_a_bao_cao_with_footnotes_and_appendices(server, browser, tmp_path):
    """011 as LibreOffice lays it out: 6 pages, the fourth landscape (Phụ lục 1), footnotes at the foot
    of pages 1 and 2 under the text; the landscape page fits the pane."""
    site, base, secret = server
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/?token={secret}")
    page.goto(base + "/sua?path=examples/011-bao-cao-quy-nguyen-luong-bang.yaml")
    expect(page.locator("#pages .page")).to_have_count(6, timeout=20000)
    sizes = page.evaluate(
        "() => Array.from(document.querySelectorAll('#pages .page'), p => [p.offsetWidth, p.offsetHeight])"
    )
    assert [width > height for width, height in sizes] == [False, False, False, True, False, False]
    places = page.evaluate(
        """() => Array.from(document.querySelectorAll('#pages .page'), (p) => {
            const notes = p.querySelector('.footnotes');
            if (!notes) return null;
            const r = notes.getBoundingClientRect();
            return [p.querySelector('.body').getBoundingClientRect().bottom, r.top, r.bottom, p.getBoundingClientRect().bottom];
        })"""
    )
    assert places[0] and places[1] and not any(places[2:])
    for text_bottom, notes_top, notes_bottom, page_bottom in places[:2]:
        assert text_bottom <= notes_top < notes_bottom < page_bottom
    assert page.locator("#pages .page").nth(1).locator(".footnotes .rule").count() == 1
    fits = page.evaluate(
        """() => { const box = document.getElementById('pages'); const zoom = parseFloat(box.style.zoom || 1);
            const widest = Math.max(...Array.from(box.querySelectorAll('.page'), (p) => p.offsetWidth));
            return widest * zoom <= box.parentElement.clientWidth; }"""
    )
    assert fits
    Shots(page, tmp_path)("11-bao-cao-chu-thich")
    context.close()


def test_completion_offers_the_keys_of_the_schema(server, browser):
    site, base, secret = server
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/?token={secret}")
    page.goto(base + "/sua?path=examples/004-ke-sat.yaml")
    expect(page.locator("#pages .page").first).to_be_visible(timeout=20000)
    page.wait_for_function("() => document.readyState === 'complete'")
    line = page.evaluate("() => genEditor.lineCount() - 1")
    put_cursor(page, line)
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("tri")
    page.keyboard.press("Control+Space")
    expect(page.locator(".CodeMirror-hint").first).to_contain_text("trich_yeu", timeout=5000)
    page.keyboard.press("Escape")
    context.close()


def _docx_text(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
