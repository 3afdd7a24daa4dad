"""gen serve without a browser: the safety checks (Host, secret, Origin, paths, upload size) and the
API, through Starlette's TestClient on a copy of the examples."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from gen.serve.app import MAX_UPLOAD, create_app  # noqa: E402
from gen.serve.page import render_pages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECRET = "secret-of-this-run"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
ORIGIN = {"origin": BASE}


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


@pytest.fixture
def client(site) -> TestClient:
    app = create_app(site / "content", SECRET, PORT)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    client.cookies.set("gen_serve", SECRET)
    return client


def stranger(site, **kwargs) -> TestClient:
    return TestClient(create_app(site / "content", SECRET, PORT), raise_server_exceptions=False, **kwargs)


# -- safety ------------------------------------------------------------------------------------------
def test_the_secret_in_the_url_sets_a_cookie_and_is_then_dropped_from_the_address(site):
    client = stranger(site, base_url=BASE)
    answer = client.get(f"/?token={SECRET}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert f"gen_serve={SECRET}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/").status_code == 200  # the cookie now carries it


@pytest.mark.parametrize("path", ["/", "/api/documents", "/sua?path=examples/000-kien-minh.yaml", "/static/app.css"])
def test_without_the_secret_nothing_is_served(site, path):
    answer = stranger(site, base_url=BASE).get(path)
    assert answer.status_code == 403
    assert "mã truy cập" in answer.text
    assert "loai:" not in answer.text


def test_a_wrong_secret_is_refused(site):
    client = stranger(site, base_url=BASE)
    assert client.get("/?token=guess", follow_redirects=False).status_code == 403
    client.cookies.set("gen_serve", "guess")
    assert client.get("/").status_code == 403


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "localhost.evil.example:8765", ""])
def test_a_wrong_host_is_refused_even_with_the_secret(client, host):
    """DNS rebinding: a page from another site whose name now points at 127.0.0.1."""
    answer = client.get("/api/documents", headers={"host": host})
    assert answer.status_code == 400
    assert "127.0.0.1" in answer.text


def test_localhost_is_accepted(client):
    assert client.get("/api/documents", headers={"host": f"localhost:{PORT}"}).status_code == 200


@pytest.mark.parametrize("origin", [None, "http://evil.example", f"http://127.0.0.1:{PORT + 1}", "null"])
def test_a_change_from_another_origin_is_refused(client, site, origin):
    before = (site / "content/examples/000-kien-minh.yaml").read_bytes()
    headers = {"origin": origin} if origin else {}
    answer = client.post("/api/save", json={"path": "examples/000-kien-minh.yaml", "text": "x: 1\n"}, headers=headers)
    assert answer.status_code == 403
    assert (site / "content/examples/000-kien-minh.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "path",
    [
        "../pyproject.toml",
        "../../etc/passwd",
        "/etc/passwd",
        "examples/../../pyproject.toml",
        "examples/x.txt",
        "",
        "a\x00b.yaml",
    ],
)
def test_no_path_outside_the_content_folder(client, path):
    for answer in (
        client.get("/api/file", params={"path": path}),
        client.get("/tai/docx", params={"path": path}),
        client.post("/api/save", json={"path": path, "text": "loai: x\n"}, headers=ORIGIN),
    ):
        assert answer.status_code in (400, 404), answer.text
        assert "root:" not in answer.text and "[project]" not in answer.text


def test_a_link_leading_out_of_the_folder_is_refused(client, site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text("bi_mat: 1\n", encoding="utf-8")
    try:
        (site / "content" / "link.yaml").symlink_to(outside)
    except OSError:
        pytest.skip("SKIPPED: this file system cannot make symbolic links")
    answer = client.get("/api/file", params={"path": "link.yaml"})
    assert answer.status_code == 400
    assert "bi_mat" not in answer.text


def test_an_oversized_upload_is_refused_before_it_is_read(client, site):
    big = b"PK" + b"\0" * (MAX_UPLOAD + 10)
    answer = client.post("/api/import", files={"tep": ("to.docx", big)}, headers=ORIGIN)
    assert answer.status_code == 413
    assert "quá lớn" in answer.json()["error"]
    assert not (site / "content" / "nhap").exists()


def test_a_file_that_is_no_word_document_gets_the_importers_message(client, site):
    answer = client.post("/api/import", files={"tep": ("thu.docx", b"not a zip at all")}, headers=ORIGIN)
    assert answer.status_code == 422
    assert answer.json()["findings"][0]["rule"] == "docx.not_word"
    assert not list((site / "content").rglob("nhap/*.yaml"))


def test_a_zip_bomb_is_the_importers_problem_too(client):
    data = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<" * (60 * 1024 * 1024))
    answer = client.post("/api/import", files={"tep": ("bom.docx", data.getvalue())}, headers=ORIGIN)
    assert answer.status_code == 422
    assert "Traceback" not in answer.text


def test_an_internal_error_is_a_message_not_a_traceback(client, monkeypatch):
    from gen.serve import workspace

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(workspace.Workspace, "entries", broken)
    answer = client.get("/api/documents")
    assert answer.status_code == 500
    assert "lỗi bên trong" in answer.json()["error"]
    assert "Traceback" not in answer.text and "boom" not in answer.text
    page = client.get("/")
    assert page.status_code == 500 and "Traceback" not in page.text


def test_a_bad_request_body_is_a_message(client):
    answer = client.post("/api/preview", content=b"{not json", headers={**ORIGIN, "content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"]


# -- the API -----------------------------------------------------------------------------------------
def test_the_list_has_every_document_with_its_state_and_the_next_numbers(client, site):
    # The seed of 002 as it was typed, slips included, beside the corrected examples.
    slips = (ROOT / "tests/fixtures/slips/002-kien-hung.yaml").read_text(encoding="utf-8")
    slips = slips.replace("../../../content/co-quan/", "../co-quan/")
    (site / "content/examples/slips.yaml").write_text(slips, encoding="utf-8")
    data = client.get("/api/documents").json()
    states = {d["path"]: d["state"] for d in data["documents"]}
    expected = {f"examples/{p.name}" for p in (ROOT / "content/examples").glob("*.yaml")} | {"examples/slips.yaml"}
    assert set(states) == expected
    assert states["examples/slips.yaml"] == "errors"  # the seed's slips
    assert states["examples/002-kien-hung.yaml"] == "draft"  # no number yet, no slip
    assert states["examples/000-kien-minh.yaml"] == "clean"
    nxt = {(n["organisation"], n["kind"]): n["number"] for n in data["next"]}
    assert nxt[("ĐẢNG ỦY XÃ KIẾN MINH", "TB")] == 63  # 000 is TB 62
    html = client.get("/").text
    assert "ĐẢNG ỦY XÃ KIẾN MINH" in html and "examples/000-kien-minh.yaml" in html


def test_the_preview_gives_gen_checks_findings_and_the_pages(client, site):
    path = "examples/000-kien-minh.yaml"
    text = (site / "content" / path).read_text(encoding="utf-8")
    from gen.workflow.build import check_all

    expected = check_all([site / "content" / path], site / "content")[0][1]
    data = client.post("/api/preview", json={"path": path, "text": text}, headers=ORIGIN).json()
    assert [(f["line"], f["rule"], f["message"]) for f in data["findings"]] == [
        (f.line, f.rule, f.message) for f in expected
    ]
    assert data["pages"] >= 2 and "ĐẢNG CỘNG SẢN VIỆT NAM" in data["html"]

    slipped = text.replace("so: 62", "so: 62\nsoo: 1", 1)
    line = slipped.split("\n").index("soo: 1") + 1
    data = client.post("/api/preview", json={"path": path, "text": slipped}, headers=ORIGIN).json()
    finding = next(f for f in data["findings"] if f["rule"] == "schema.unknown_key")
    assert finding["line"] == line and finding["severity"] == "error"
    assert data["html"] is None  # the page stays as it was while the text has errors


def test_saving_is_atomic_and_a_change_on_disk_is_a_conflict(client, site):
    path = "examples/000-kien-minh.yaml"
    file = site / "content" / path
    opened = client.get("/api/file", params={"path": path}).json()
    mine = opened["text"].replace("Ngày 07 tháng 5", "Ngày 07 tháng 5", 1) + "# sửa trong trang\n"
    saved = client.post("/api/save", json={"path": path, "text": mine, "version": opened["version"]}, headers=ORIGIN)
    assert saved.status_code == 200
    assert file.read_text(encoding="utf-8") == mine
    assert not [p for p in file.parent.iterdir() if p.name.startswith(".")]  # no temporary file left

    file.write_text(mine + "# sửa ở nơi khác (git pull)\n", encoding="utf-8")
    stale = client.post("/api/save", json={"path": path, "text": mine + "# lần hai\n", "version": saved.json()["version"]},
                        headers=ORIGIN)  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["text"].endswith("# sửa ở nơi khác (git pull)\n")
    assert file.read_text(encoding="utf-8").endswith("# sửa ở nơi khác (git pull)\n")  # not overwritten
    forced = client.post("/api/save", json={"path": path, "text": mine + "# lần hai\n", "force": True}, headers=ORIGIN)
    assert forced.status_code == 200
    assert file.read_text(encoding="utf-8").endswith("# lần hai\n")


def test_the_word_file_is_what_gen_build_writes(client, site):
    answer = client.get("/tai/docx", params={"path": "examples/000-kien-minh.yaml"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    built = site / "out" / "examples" / "000-kien-minh.docx"
    assert answer.content == built.read_bytes()
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs)
    assert "THÔNG BÁO" in text


def test_next_period_and_import_are_their_commands(client, site):
    made = client.post("/api/new", json={"path": "examples/000-kien-minh.yaml"}, headers=ORIGIN)
    assert made.status_code == 200
    target = site / "content" / made.json()["path"]
    assert target.name == "2026-05-thong-bao-ket-luan.yaml" and "so: 63" in target.read_text(encoding="utf-8")
    again = client.post("/api/new", json={"path": "examples/000-kien-minh.yaml"}, headers=ORIGIN)
    assert again.status_code == 422 and again.json()["findings"][0]["rule"] == "new.exists"

    built = client.get("/tai/docx", params={"path": "examples/001-thuy-nguyen.yaml"}).content
    imported = client.post("/api/import", files={"tep": ("KL quý I.docx", built)}, headers=ORIGIN)
    assert imported.status_code == 200, imported.text
    data = imported.json()
    assert data["path"].startswith("nhap/") and data["path"].endswith(".yaml")
    assert (site / "content" / data["path"]).is_file()
    assert all(note.startswith("Kiểm tra:") for note in data["notes"])


def test_compare_with_the_version_before_the_last_save(client, site):
    path = "examples/000-kien-minh.yaml"
    refused = client.post("/api/diff", json={"path": path}, headers=ORIGIN)
    assert refused.status_code == 400  # nothing saved from the page, no git
    text = (site / "content" / path).read_text(encoding="utf-8")
    client.post("/api/save", json={"path": path, "text": text.replace("Vũ Bình Dương", "Vũ Văn Dương"), "force": True},
                headers=ORIGIN)  # fmt: skip
    data = client.post("/api/diff", json={"path": path}, headers=ORIGIN).json()
    assert not data["empty"]
    assert '<span class="ins' in data["html"] and '<span class="del' in data["html"]
    redline = client.get(data["download"])
    assert redline.status_code == 200 and b"w:ins" in _document_xml(redline.content)


def test_save_a_version_in_git(client, site):
    if shutil.which("git") is None:
        pytest.skip("SKIPPED: git is needed for Lưu phiên bản")
    run = lambda *a: subprocess.run(["git", *a], cwd=site, capture_output=True, check=True)  # noqa: E731
    run("init", "-q")
    run("-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    run("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "đầu")
    path = "examples/000-kien-minh.yaml"
    nothing = client.post("/api/commit", json={"path": path, "message": "x"}, headers=ORIGIN)
    assert nothing.status_code == 400
    file = site / "content" / path
    file.write_text(file.read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
    import os

    os.environ.setdefault("GIT_AUTHOR_NAME", "Văn phòng")
    os.environ.setdefault("GIT_AUTHOR_EMAIL", "vp@example.org")
    os.environ.setdefault("GIT_COMMITTER_NAME", "Văn phòng")
    os.environ.setdefault("GIT_COMMITTER_EMAIL", "vp@example.org")
    done = client.post(
        "/api/commit", json={"path": path, "message": "Sửa theo ý kiến Thường trực 12/5"}, headers=ORIGIN
    )
    assert done.status_code == 200, done.text
    log = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=site, capture_output=True, text=True).stdout
    assert log.strip() == "Sửa theo ý kiến Thường trực 12/5"
    compared = client.post("/api/diff", json={"path": path}, headers=ORIGIN).json()
    assert compared["empty"] and "HEAD" in compared["old"]


def test_the_schema_for_completion_is_gen_schema(client):
    from gen.content.editor_schema import json_schema

    assert client.get("/api/schema").json() == json_schema()


# -- the pages ----------------------------------------------------------------------------------------
# Pages of each example in LibreOffice 7.4 (soffice --convert-to pdf, pdfinfo), measured on these files.
LIBREOFFICE_PAGES = {
    **{"000": 7, "001": 6, "002": 7, "003": 5, "004": 5},
    **{"005": 2, "006": 2, "007": 2, "008": 1, "009": 1, "010": 1, "011": 6},
}


def test_pages_are_cut_as_libreoffice_cuts_the_examples(built):
    for name, path in built.items():
        html, pages = render_pages(path.read_bytes())
        assert html.count('class="page"') == pages == LIBREOFFICE_PAGES[name], name
        assert "Nơi nhận" in html and "ĐẢNG CỘNG SẢN VIỆT NAM" in html
    html, _ = render_pages(built["000"].read_bytes())
    assert 'data-page="2"' in html and '<div class="pn"' in html  # numbered from page 2
    assert html.index('data-page="2"') > html.index("Nơi nhận") or "Nơi nhận" in html.split('data-page="7"')[1]


def _document_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")


def test_the_list_sees_a_number_given_twice_and_keeps_what_it_read(site):
    from gen.serve.workspace import Workspace

    content = site / "content"
    first = Workspace(content).entries()
    assert {e.path: e.state for e in first}["examples/000-kien-minh.yaml"] in ("clean", "warnings")
    store = site / "out" / ".gen-serve" / "danh-sach.json"
    assert store.is_file()
    twin = content / "examples" / "000-ban-sao.yaml"
    twin.write_text((content / "examples/000-kien-minh.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    again = Workspace(content)  # a new run of gen serve: reads the stored list, checks only the new file
    checked = []
    original = again._entry

    def counting(path, relative, numbered):
        checked.append(relative)
        return original(path, relative, numbered)

    again._entry = counting  # type: ignore[method-assign]
    states = {e.path: (e.state, e.errors) for e in again.entries()}
    assert checked == ["examples/000-ban-sao.yaml"]
    assert states["examples/000-kien-minh.yaml"][0] == "errors"  # TB 62 twice in the term
    assert states["examples/000-ban-sao.yaml"][0] == "errors"
    twin.unlink()
    assert {e.path: e.state for e in again.entries()}["examples/000-kien-minh.yaml"] in ("clean", "warnings")


def test_version_and_help_do_not_load_the_web_stack():
    import subprocess
    import sys

    import gen

    version = subprocess.run([sys.executable, "-m", "gen", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip() == f"gen {gen.__version__}"
    probe = "import sys, runpy; sys.argv = ['gen', '--help']\ntry:\n    runpy.run_module('gen', run_name='__main__')\nexcept SystemExit:\n    pass\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'jinja2') or m.startswith('gen.serve')))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.stdout.strip().splitlines()[-1] == "[]"
    assert "serve" in loaded.stdout


def test_without_libreoffice_the_pdf_is_a_message_the_page_shows(client, monkeypatch):
    from gen.workflow import pdf

    monkeypatch.setattr(pdf, "soffice", lambda: None)
    answer = client.get(
        "/tai/pdf", params={"path": "examples/000-kien-minh.yaml"}, headers={"accept": "application/json"}
    )
    assert answer.status_code == 503
    assert "LibreOffice" in answer.json()["error"]


def test_a_pdf_copy_that_cannot_be_written_is_told_beside_the_download(site, monkeypatch):
    from urllib.parse import unquote

    from gen.serve import office

    monkeypatch.setattr(office.Office, "to_pdf", lambda self, docx, wait=0.0: b"%PDF-1.4 made")
    app = create_app(site / "content", SECRET, PORT)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    client.cookies.set("gen_serve", SECRET)
    # A folder where the copy of the PDF would go: it cannot be written over.
    (site / "out" / "examples" / "000-kien-minh.pdf").mkdir(parents=True)
    answer = client.get("/tai/pdf", params={"path": "examples/000-kien-minh.yaml"})
    assert answer.status_code == 200 and answer.content == b"%PDF-1.4 made"
    note = unquote(answer.headers["x-gen-note"])
    assert "000-kien-minh.pdf" in note


def test_the_page_speaks_english_on_request(client):
    from gen.messages import set_language

    set_language("en")
    try:
        page = client.get("/sua", params={"path": "examples/000-kien-minh.yaml"}).text
        assert ">Save</button>" in page and "Next period" in page
        assert '"ui.js.findings": "Check: {errors} errors, {warnings} warnings"' in page
    finally:
        set_language("vi")
    page = client.get("/sua", params={"path": "examples/000-kien-minh.yaml"}).text
    assert ">Lưu</button>" in page and "Tạo kỳ sau" in page


def test_gen_serve_starts_answers_and_stops_with_its_libreoffice(site):
    """The command as an office runs it, from the project folder; SIGTERM stops LibreOffice too."""
    import re
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    if not hasattr(signal, "SIGTERM") or sys.platform == "win32":
        pytest.skip("SKIPPED: POSIX signals are used to stop the server here")
    process = subprocess.Popen(
        [sys.executable, "-m", "gen", "serve", "--no-browser"], cwd=site, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    found: list[str] = []
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", "".join(lines)).group(0)
        assert "content" in lines[0]
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # the secret comes back as a cookie
        deadline = time.monotonic() + 20
        while True:
            try:
                with opener.open(url, timeout=10) as answer:
                    assert answer.status == 200 and "examples/000-kien-minh.yaml" in answer.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        time.sleep(2)  # LibreOffice starting in the background meanwhile
        if shutil.which("pgrep"):
            found = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
            for child in list(found):  # LibreOffice under unoserver
                found += subprocess.run(["pgrep", "-P", child], capture_output=True, text=True).stdout.split()
    finally:
        process.send_signal(signal.SIGTERM)
        # A LibreOffice still starting is killed, not waited for (it finished starting first: 17 s).
        code = process.wait(10)
    assert code == 0
    import os

    for child in map(int, found):  # unoserver and LibreOffice stopped with the page
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"process {child} left running")
