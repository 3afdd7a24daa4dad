"""The page's web application: routes, the safety checks around them, and the answers as JSON or HTML.

Safety, in the order a request meets it (`Guard`): the Host header must name this server on the
loopback (a DNS-rebinding page cannot talk to it), the per-run secret must come in the cookie set
when the URL printed by `gen serve` was opened (another local program or a web page cannot guess
it), and a request that changes anything must come from this page's own origin. Paths are resolved
inside the content folder by the workspace; uploads are limited in size and read by the same
importer as `gen import`. Every failure is a Vietnamese message, never a stack trace.
"""

from __future__ import annotations

import hmac
import os
import sys
import traceback
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from gen.exceptions import ERROR, GenError
from gen.messages import t
from gen.serve.workspace import Conflict, Refused, Workspace

COOKIE = "gen_serve"
MAX_UPLOAD = 10 * 1024 * 1024  # a Word document of a committee is well under 1 MB
MAX_TEXT = 2 * 1024 * 1024  # the loader's own limit for a content file
HERE = Path(__file__).parent


def finding_dict(finding) -> dict:
    return {
        "line": finding.line,
        "column": finding.column,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "file": finding.file,
    }


class Guard:
    """ASGI middleware: Host, secret and Origin checks before anything else runs."""

    def __init__(self, app, secret: str, hosts: set[str]):
        self.app, self.secret, self.hosts = app, secret, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("host", "").lower() not in self.hosts:
            return await _plain(send, 400, t("serve.bad_host"))
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = query.get("token", [""])[0]
        if given:
            if not hmac.compare_digest(given, self.secret):
                return await _plain(send, 403, t("serve.bad_secret"))
            rest = {k: v for k, v in query.items() if k != "token"}
            location = scope["path"] + ("?" + urlencode(rest, doseq=True) if rest else "")
            cookie = f"{COOKIE}={self.secret}; Path=/; HttpOnly; SameSite=Strict"
            return await _plain(send, 303, "", [(b"location", location.encode()), (b"set-cookie", cookie.encode())])
        cookies = dict(part.strip().split("=", 1) for part in headers.get("cookie", "").split(";") if "=" in part)
        if not hmac.compare_digest(cookies.get(COOKIE, ""), self.secret):
            return await _plain(send, 403, t("serve.bad_secret"))
        if scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin", "")
            if origin.lower() not in {f"http://{h}" for h in self.hosts}:
                return await _plain(send, 403, t("serve.bad_origin"))
        try:
            await self.app(scope, receive, send)
        except Exception:  # already answered with a message by the error handler; no traceback in the terminal
            if os.environ.get("GEN_DEBUG"):
                raise


async def _plain(send, status: int, text: str, extra: list | None = None) -> None:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


def create_app(folder: Path, secret: str, port: int, office=None):
    """The Starlette application for `folder`, answering only as 127.0.0.1:port / localhost:port."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from gen.content.editor_schema import json_schema
    from gen.messages import language
    from gen.serve.page import render_pages
    from gen.serve.texts import script_texts
    from gen.word.render import render
    from gen.workflow.pdf import LibreOfficeMissing, install_advice

    workspace = Workspace(folder)
    templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    templates.globals["t"] = t

    def page(name: str, status_code: int = 200, **values) -> HTMLResponse:
        values.update(texts=script_texts(), lang=language())
        return HTMLResponse(templates.get_template(name).render(**values), status_code=status_code)

    def error(message: str, status: int = 400, **extra) -> JSONResponse:
        return JSONResponse({"error": message, **extra}, status_code=status)

    def path_of(request: Request, value=None, must_exist: bool = True) -> Path:
        return workspace.resolve(
            value if value is not None else request.query_params.get("path", ""), must_exist=must_exist
        )

    def text_of(data: dict) -> str:
        """The YAML text a request carries, refused when it is not text."""
        text = data.get("text")
        if not isinstance(text, str):
            raise Refused(t("serve.bad_request"))
        return text

    async def json_body(request: Request, limit: int = MAX_TEXT + 4096) -> dict:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit:
            raise Refused(t("serve.too_large", limit=limit // 1024), 413)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise Refused(t("serve.too_large", limit=limit // 1024), 413)
        import json

        try:
            data = json.loads(body or b"{}")
        except ValueError:
            raise Refused(t("serve.bad_request")) from None
        if not isinstance(data, dict):
            raise Refused(t("serve.bad_request"))
        return data

    def preview(path: Path, text: str) -> dict:
        with workspace.engine:
            checked = workspace.check_text(path, text)
            data = render(checked.document) if checked.document is not None else None
        findings = checked.findings
        result: dict = {"findings": [finding_dict(f) for f in findings], "html": None, "pages": 0}
        if data is not None:
            result["html"], result["pages"] = render_pages(data)
        result["errors"] = sum(f.severity == ERROR for f in findings)
        return result

    # -- pages ----------------------------------------------------------------------------------
    def home(request: Request):
        entries = workspace.entries()
        groups: dict[str, list] = {}
        for entry in entries:
            groups.setdefault(entry.organisation or t("serve.unreadable"), []).append(entry)
        return page(
            "list.html",
            groups=groups,
            count=len(entries),
            numbers=workspace.next_numbers(entries),
            folder=str(workspace.folder),
            git=workspace.in_git(),
        )

    def edit(request: Request):
        path = path_of(request)
        text, version = workspace.read(path)
        return page(
            "edit.html",
            path=workspace.relative(path),
            text=text,
            version=version,
            git=workspace.in_git(),
            warm=office is not None,
        )

    # -- API ------------------------------------------------------------------------------------
    def documents(request: Request):
        entries = workspace.entries()
        return JSONResponse(
            {
                "documents": [e.__dict__ for e in entries],
                "next": [{"organisation": o, "kind": k, "number": n} for o, k, n in workspace.next_numbers(entries)],
            }
        )

    def file(request: Request):
        path = path_of(request)
        text, version = workspace.read(path)
        return JSONResponse({"path": workspace.relative(path), "text": text, "version": version})

    async def api_preview(request: Request):
        data = await json_body(request)
        path = path_of(request, data.get("path"))
        text = text_of(data)
        from starlette.concurrency import run_in_threadpool

        return JSONResponse(await run_in_threadpool(preview, path, text))

    async def save(request: Request):
        data = await json_body(request)
        path = path_of(request, data.get("path"))
        text = text_of(data)
        base = None if data.get("force") else data.get("version")
        try:
            version = workspace.save(path, text, base)
        except Conflict as conflict:
            return error(t("serve.conflict"), 409, text=conflict.text, version=conflict.version)
        return JSONResponse({"version": version, "message": t("serve.saved", path=workspace.relative(path))})

    def download_docx(request: Request):
        path = path_of(request)
        output = workspace.build(path)
        return _download(output.read_bytes(), output.name, DOCX)

    def pdf_bytes(path: Path, wait: float) -> bytes:
        output = workspace.build(path)
        if office is None:
            from gen.serve.office import Office

            return Office().to_pdf(output.read_bytes())
        return office.to_pdf(output.read_bytes(), wait=wait)

    def download_pdf(request: Request):
        path = path_of(request)
        try:
            data = pdf_bytes(path, wait=60)
        except LibreOfficeMissing:
            raise Refused(install_advice(), 503) from None
        from gen.word.writer import write_output

        target = workspace.output(path).with_suffix(".pdf")
        # A copy beside the .docx, as gen build --pdf writes it. The PDF was made: a copy that cannot be
        # written (a locked or read-only file) is told beside the download, not in place of it.
        note = ""
        try:
            write_output(target, data, workspace.relative(path), [path])
        except GenError as exc:
            note = "; ".join(f.message for f in exc.findings)
        inline = request.query_params.get("xem") == "1"
        return _download(data, target.name, "application/pdf", inline=inline, note=note)

    async def new(request: Request):
        data = await json_body(request)
        path = path_of(request, data.get("path"))
        target = workspace.new(path)
        return JSONResponse({"path": workspace.relative(target), "message": t("serve.new_written", path=target.name)})

    async def import_docx(request: Request):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_UPLOAD + 65536:
            raise Refused(t("serve.too_large", limit=MAX_UPLOAD // 1024), 413)
        form = await request.form(max_files=1, max_fields=4, max_part_size=MAX_UPLOAD + 1)
        upload = form.get("tep")
        if upload is None or isinstance(upload, str):
            raise Refused(t("serve.no_upload"))
        data = await upload.read(MAX_UPLOAD + 1)
        await form.close()
        if len(data) > MAX_UPLOAD:
            raise Refused(t("serve.too_large", limit=MAX_UPLOAD // 1024), 413)
        from starlette.concurrency import run_in_threadpool

        target, notes = await run_in_threadpool(workspace.import_docx, upload.filename or "van-ban.docx", data)
        return JSONResponse(
            {"path": workspace.relative(target), "notes": notes, "message": t("serve.imported", path=target.name)}
        )

    async def diff(request: Request):
        data = await json_body(request)
        path = path_of(request, data.get("path"))
        from starlette.concurrency import run_in_threadpool

        def run():
            target, summary, label, _ = workspace.diff(path)
            html, pages = render_pages(target.read_bytes())
            return {
                "html": html,
                "pages": pages,
                "old": label,
                "summary": t("diff.words", inserted=summary.words_inserted, deleted=summary.words_deleted),
                "empty": summary.empty,
                "download": f"/tai/so-sanh?{urlencode({'path': workspace.relative(path)})}",
            }

        return JSONResponse(await run_in_threadpool(run))

    def download_diff(request: Request):
        path = path_of(request)
        target = workspace.out / "diff" / Path(workspace.relative(path)).with_suffix(".docx")
        if not target.is_file():
            raise Refused(t("serve.no_diff"), 404)
        return _download(target.read_bytes(), f"so-sanh-{target.name}", DOCX)

    async def commit(request: Request):
        data = await json_body(request)
        path = path_of(request, data.get("path"))
        message = workspace.commit(path, str(data.get("message") or ""))
        return JSONResponse({"message": t("serve.committed", message=message)})

    def schema(request: Request):
        return JSONResponse(json_schema())

    def pdf_view(request: Request):
        path = path_of(request)
        try:
            data = pdf_bytes(path, wait=30)
        except LibreOfficeMissing:
            raise Refused(install_advice(), 503) from None
        return _download(data, path.with_suffix(".pdf").name, "application/pdf", inline=True)

    # -- errors: a message, never a traceback ------------------------------------------------------
    async def refused(request: Request, exc: Exception):
        assert isinstance(exc, Refused)
        return _answer(request, exc.message, exc.status)

    async def failed(request: Request, exc: Exception):
        assert isinstance(exc, GenError)
        findings = [finding_dict(f) for f in exc.findings]
        message = "\n".join(f.message for f in exc.findings) or t("serve.internal")
        return _answer(request, message, 422, findings=findings)

    async def crashed(request: Request, exc: Exception):
        if os.environ.get("GEN_DEBUG"):
            traceback.print_exception(exc, file=sys.stderr)
        return _answer(request, t("serve.internal", error=type(exc).__name__), 500)

    def _answer(request: Request, message: str, status: int, **extra):
        if request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", ""):
            return error(message, status, **extra)
        return page("error.html", status_code=status, message=message)

    routes = [
        Route("/", home),
        Route("/sua", edit),
        Route("/api/documents", documents),
        Route("/api/file", file),
        Route("/api/preview", api_preview, methods=["POST"]),
        Route("/api/save", save, methods=["POST"]),
        Route("/api/new", new, methods=["POST"]),
        Route("/api/import", import_docx, methods=["POST"]),
        Route("/api/diff", diff, methods=["POST"]),
        Route("/api/commit", commit, methods=["POST"]),
        Route("/api/schema", schema),
        Route("/tai/docx", download_docx),
        Route("/tai/pdf", download_pdf),
        Route("/tai/so-sanh", download_diff),
        Route("/xem/pdf", pdf_view),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={Refused: refused, GenError: failed, Exception: crashed, 404: not_found, 405: not_found},
    )
    app.state.workspace = workspace
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
    return Guard(app, secret, hosts)


async def not_found(request, exc):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(t("serve.not_found", path=request.url.path), status_code=404)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data: bytes, name: str, media_type: str, inline: bool = False, note: str = ""):
    from urllib.parse import quote

    from starlette.responses import Response

    disposition = "inline" if inline else "attachment"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    header = f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    headers = {"content-disposition": header, "cache-control": "no-store"}
    if note:  # a header holds ASCII only: the page decodes it
        headers["x-gen-note"] = quote(note)
    return Response(data, media_type=media_type, headers=headers)
