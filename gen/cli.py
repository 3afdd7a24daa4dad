"""The `gen` command. Thin: parse arguments, run gen.build, print findings. Heavy imports wait
until a command runs, so `gen --help` starts fast."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from gen.exceptions import severity_word
from gen.messages import t

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's help formatter costs 0.1 s of start-up
    no_args_is_help=True,
    help=t("cli.help.app"),
)


def _show_version(value: bool) -> None:
    if value:
        import gen

        print(f"gen {gen.__version__}")
        raise typer.Exit()


@app.callback(help=t("cli.help.app"))
def _options(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True, help=t("cli.help.version")),
) -> None:
    pass


class Format(str, Enum):
    text = "text"
    json = "json"


PATHS = typer.Argument(None, help=t("cli.help.paths"))
CONTENT = typer.Option(Path("content"), "--content", help=t("cli.help.content"))
LANG = typer.Option(None, "--lang", help=t("cli.help.lang"))
STRICT = typer.Option(False, "--strict", help=t("cli.help.strict"))

_COLOURS = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}


def _colour_wanted(stream) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _report(findings, stream=None) -> None:
    """One line per finding, `file:line:column: severity: message [rule]`; the severity coloured on a
    terminal, through rich (which speaks to the Windows console as well as to ANSI terminals)."""
    stream = stream or sys.stderr
    if not findings:
        return
    if not _colour_wanted(stream):
        for finding in findings:
            print(finding.format(), file=stream)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for finding in findings:
        word = severity_word(finding.severity)
        where, _, rest = finding.format().partition(f" {word}: ")
        console.print(Text.assemble((where, "bold"), " ", (word, _COLOURS[finding.severity]), f": {rest}"))


def _utf8_streams() -> None:
    """Output never fails on a character the console cannot show: a redirected stream (a file, a
    pipe: JSON for a program) is written in UTF-8 whatever the code page (cp1258 on a Vietnamese
    Windows); a console that cannot show a character gets a replacement for it."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="replace")
            elif (stream.encoding or "").lower().replace("-", "") != "utf8":
                reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            pass


@app.command(help=t("cli.help.build"))
def build(
    paths: list[Path] | None = PATHS,
    out: Path = typer.Option(Path("out"), "--out", help=t("cli.help.build.out")),
    content: Path = CONTENT,
    force: bool = typer.Option(False, "--force", help=t("cli.help.build.force")),
    pdf: bool = typer.Option(False, "--pdf", help=t("cli.help.build.pdf")),
    strict: bool = STRICT,
    lang: str | None = LANG,
) -> None:
    from gen.content.files import discover
    from gen.messages import set_language, t
    from gen.workflow.build import build_all

    set_language(lang)
    documents = discover(list(paths or []), content)
    if not documents:
        print(t("cli.no_inputs", paths=", ".join(map(str, paths or [content]))), file=sys.stderr)
        raise typer.Exit(1) from None
    with _Progress(len(documents)) as progress:
        results = build_all(documents, out, content, strict=strict, force=force, progress=progress.advance)
        progress.finish(results)
    built = sum(r.ok and not r.skipped for r in results)
    skipped = sum(r.skipped for r in results)
    with_errors = sum(r.has_errors or not (r.ok or r.organisation) for r in results)
    not_built = sum(not (r.ok or r.organisation) for r in results)
    pdf_failed = _pdf([r.output for r in results if r.output is not None], force) if pdf else 0
    print(_summary(built, skipped, with_errors, not_built + pdf_failed))
    raise typer.Exit(1 if with_errors or pdf_failed else 0)


def _summary(built: int, skipped: int, with_errors: int, not_built: int) -> str:
    """'5 văn bản đã tạo, 0 không đổi, 2 văn bản có lỗi cần sửa trước khi ký.': a build is only
    clean when no document has an error, whether or not its file could be written."""
    from gen.content.formatting import format_number
    from gen.messages import t

    tail = t("cli.summary.errors", n=format_number(with_errors)) if with_errors else t("cli.summary.no_errors")
    if not_built:
        tail += t("cli.summary.not_built", n=format_number(not_built))
    return t("cli.summary", built=format_number(built), skipped=format_number(skipped), tail=tail)


class _Progress:
    """A progress bar on a terminal for builds of many documents; plain lines otherwise."""

    THRESHOLD = 10

    def __init__(self, total: int):
        self.bar = None
        self.reported: dict = {}  # source -> the findings already printed
        if total >= self.THRESHOLD and sys.stderr.isatty() and not os.environ.get("GEN_NO_PROGRESS"):
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.task = self.bar.add_task("gen build", total=total)

    def __enter__(self):
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()

    def advance(self, result) -> None:
        self.reported[result.source] = list(result.findings)
        if self.bar is None:
            _print_result(result)
            return
        self.bar.advance(self.task)
        if result.findings:  # the findings, not the "built" lines, interrupt the bar
            self.bar.stop()
            _report(result.findings)
            self.bar.start()

    def finish(self, results) -> None:
        """What the batch's number check found after a document was reported, and its draft line."""
        if self.bar:
            self.bar.stop()
            self.bar = None
        for result in results:
            seen = self.reported.get(result.source, [])
            late = [f for f in result.findings if f not in seen]
            if late:
                _report(late)
                _print_result(result, findings=False)


def _print_result(result, findings: bool = True) -> None:
    """A document's findings, then whether it was built (clean or as a draft with errors) or skipped."""
    from gen.content.loader import display_path
    from gen.messages import t

    if findings:
        _report(result.findings)
    if result.organisation:
        print(t("cli.organisation_checked", path=display_path(result.source)), flush=True)
    elif result.skipped:
        print(t("cli.skipped", path=display_path(result.output)), flush=True)
    elif result.draft:
        print(t("cli.built_draft", path=display_path(result.output)), flush=True)
    elif result.ok:
        print(t("cli.built", path=display_path(result.output)), flush=True)


def _pdf(outputs: list[Path], force: bool) -> int:
    """PDFs beside the .docx files, all in one LibreOffice call; returns how many failed."""
    from gen.content.loader import display_path
    from gen.messages import t
    from gen.workflow.pdf import LibreOfficeMissing, convert, install_advice

    try:
        written, failures = convert(outputs, force=force)
    except LibreOfficeMissing:
        print(install_advice(), file=sys.stderr)
        return len(outputs)
    for path in written:
        print(t("cli.built", path=display_path(path)))
    for path, reason in failures:
        print(t("pdf.failed", path=display_path(path), detail=reason), file=sys.stderr)
    return len(failures)


@app.command(help=t("cli.help.check"))
def check(
    paths: list[Path] | None = PATHS,
    output_format: Format = typer.Option(Format.text, "--format", help=t("cli.help.check.output_format")),
    content: Path = CONTENT,
    strict: bool = STRICT,
    lang: str | None = LANG,
) -> None:
    import json

    from gen.messages import set_language, t
    from gen.workflow.build import check_all, fails

    set_language(lang)
    checked = check_all(list(paths or []), content)
    findings = [finding for _, file_findings in checked for finding in file_findings]
    if output_format is Format.json:
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        _report(findings)
    if not checked:
        print(t("cli.no_inputs", paths=", ".join(map(str, paths or [content]))), file=sys.stderr)
        raise typer.Exit(1) from None
    raise typer.Exit(1 if fails(findings, strict) else 0)


@app.command(help=t("cli.help.watch"))
def watch(
    paths: list[Path] | None = PATHS,
    out: Path = typer.Option(Path("out"), "--out", help=t("cli.help.watch.out")),
    content: Path = CONTENT,
    poll: bool = typer.Option(False, "--poll", help=t("cli.help.watch.poll")),
    lang: str | None = LANG,
) -> None:
    from gen.messages import N_, set_language, t
    from gen.workflow.watch import watch as run

    set_language(lang)
    print(t("cli.watching", paths=", ".join(map(str, paths or [content]))), flush=True)

    def polling(reason: str) -> None:
        print(t(N_("watch.polling_network") if reason == "network" else N_("watch.polling_fallback")), flush=True)

    try:
        run(list(paths or []), out, content, _print_change, poll=True if poll else None, on_polling=polling)
    except KeyboardInterrupt:
        print()


def _print_change(change) -> None:
    """A document built again while watching: its findings only when they changed since last printed."""
    from gen.content.loader import display_path
    from gen.messages import t

    result = change.result
    if change.findings_changed:
        _print_result(result)
        if change.fixed:
            print(t("watch.clean", path=display_path(result.source)), flush=True)
    elif change.touched or not result.has_errors:
        _print_result(result, findings=False)
        if result.findings:
            errors = sum(f.severity == "error" for f in result.findings)
            print(t("watch.same_findings", path=display_path(result.source), n=len(result.findings), errors=errors))


@app.command(help=t("cli.help.new"))
def new(
    source: Path = typer.Option(..., "--from", help=t("cli.help.new.source")),
    out: Path | None = typer.Option(None, "--out", help=t("cli.help.new.out")),
    content: Path = CONTENT,
    lang: str | None = LANG,
) -> None:
    from gen.content.loader import display_path
    from gen.exceptions import GenError
    from gen.messages import set_language, t
    from gen.workflow.new import write_next

    set_language(lang)
    try:
        target, period = write_next(source, out, content)
    except GenError as exc:
        _report(exc.findings)
        raise typer.Exit(1) from None
    print(t("cli.new_written", path=display_path(target), period=period.name()))


@app.command(help=t("cli.help.diff"))
def diff(
    old: str = typer.Argument(
        ...,
        help=t("cli.help.diff.old"),
    ),
    new: str | None = typer.Argument(None, help=t("cli.help.diff.new")),
    out: Path | None = typer.Option(None, "--out", help=t("cli.help.diff.out")),
    author: str | None = typer.Option(
        None,
        "--author",
        help=t("cli.help.diff.author"),
    ),
    lang: str | None = LANG,
) -> None:
    from gen.content.loader import display_path
    from gen.exceptions import GenError
    from gen.messages import N_, set_language, t
    from gen.workflow.diff import default_output
    from gen.workflow.diff import diff as run
    from gen.workflow.versions import Version, parse_spec, previous

    set_language(lang)
    if new is None:  # FILE: against its last commit; FILE@REV: that revision against the working file
        before = parse_spec(old)
        after = Version(before.path)
        if before.rev is None:
            before = previous(before.path)
    else:
        before, after = parse_spec(old), parse_spec(new)
    target = out or default_output(after)
    try:
        summary = run(before, after, target, author)
    except GenError as exc:
        _report(exc.findings)
        raise typer.Exit(1) from None
    print(t("diff.header", old=before.label, new=after.label))
    if summary.empty:
        print(t("diff.none"))
    for section in summary.sections:
        name = t(section.name) if section.name.startswith("diff.section.") else section.name
        counts = [
            t(key, n=n)
            for key, n in (
                (N_("diff.changed"), section.changed),
                (N_("diff.inserted"), section.inserted),
                (N_("diff.deleted"), section.deleted),
            )
            if n
        ]
        print(f"  {_shorten(name)}: {', '.join(counts)}")
    print(t("diff.words", inserted=summary.words_inserted, deleted=summary.words_deleted))
    print(t("cli.built", path=display_path(target)))


def _shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("import", help=t("cli.help.import"))
def import_(
    source: Path = typer.Argument(..., help=t("cli.help.import.source")),
    out: Path | None = typer.Option(None, "--out", help=t("cli.help.import.out")),
    co_quan: Path | None = typer.Option(None, "--co-quan", help=t("cli.help.import.co_quan")),
    force: bool = typer.Option(False, "--force", help=t("cli.help.import.force")),
    lang: str | None = LANG,
) -> None:
    from gen.content.loader import display_path
    from gen.exceptions import GenError
    from gen.messages import set_language, t
    from gen.workflow.importer import import_file

    set_language(lang)
    target = out or Path("content") / f"{source.stem}.yaml"
    if target.exists() and not force:
        print(t("import.exists", path=display_path(target)), file=sys.stderr)
        raise typer.Exit(1) from None
    try:
        imported = import_file(source, target, co_quan)
    except GenError as exc:
        _report(exc.findings)
        raise typer.Exit(1) from None
    for note in imported.notes:
        print(f"{display_path(target)}: {t('import.check', what=t(note.message_id, **note.params))}", file=sys.stderr)
    print(t("import.written", path=display_path(target)))


@app.command(help=t("cli.help.schema"))
def schema(
    co_quan: bool = typer.Option(False, "--co-quan", help=t("cli.help.schema.co_quan")),
) -> None:
    import json

    from gen.content.editor_schema import json_schema, org_json_schema

    print(json.dumps(org_json_schema() if co_quan else json_schema(), ensure_ascii=False, indent=2))


@app.command(help=t("cli.help.rules"))
def rules(
    on: str | None = typer.Option(None, "--ngay", help=t("cli.help.rules.on")),
    output_format: Format = typer.Option(Format.text, "--format", help=t("cli.help.rules.output_format")),
    examples: bool = typer.Option(False, "--vi-du", help=t("cli.help.rules.examples")),
    lang: str | None = LANG,
) -> None:
    import datetime as dt
    import json

    from gen.checks.registry import rules as all_rules
    from gen.messages import N_, set_language, t, template

    set_language(lang)
    chosen = list(all_rules())
    if on:
        try:
            day = dt.date.fromisoformat(on)
        except ValueError:
            print(t("value.date", value=on), file=sys.stderr)
            raise typer.Exit(1) from None
        chosen = [r for r in chosen if r.in_force(day)]
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "severity": r.severity,
            "scope": r.scope,
            "from": r.start.isoformat() if r.start else None,
            "until": r.end.isoformat() if r.end else None,
            "confidence": r.confidence,
            "clause": r.cited(),
            "message": template(r.id),
            "limits": r.limits,
            **(
                {
                    "examples": {
                        "fail": [e.describe() for e in r.examples if e.fails],
                        "pass": [e.describe() for e in r.examples if not e.fails],
                    }
                }
                if examples
                else {}
            ),
        }
        for r in chosen
    ]
    if output_format is Format.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        span = f"{row['from'] or '…'} → {row['until'] or '…'}"
        print(f"{row['id']}  [{severity_word(row['severity'])}, {row['scope']}, {span}, {row['confidence']}]")
        print(f"    {row['clause']}")
        print(f"    {row['message']}")
        if row["limits"]:
            print("    " + t("cli.rules_limits", text=row["limits"]))
        for key, label in (("fail", N_("cli.rules_fails")), ("pass", N_("cli.rules_passes"))):
            for example in row.get("examples", {}).get(key, []):
                print("    " + t(label) + " " + " ".join(example.split()))


@app.command(help=t("cli.help.serve"))
def serve(
    folder: Path | None = typer.Argument(None, help=t("cli.help.serve.folder")),
    port: int | None = typer.Option(None, "--port", help=t("cli.help.serve.port")),
    no_browser: bool = typer.Option(False, "--no-browser", help=t("cli.help.serve.no_browser")),
    lang: str | None = LANG,
) -> None:
    from gen.messages import set_language, t

    set_language(lang)
    folder = folder or Path(".")
    if (folder / "content").is_dir():  # the project folder named: its content/, not .venv's files
        folder = folder / "content"
    if not folder.is_dir():
        print(t("serve.no_folder", path=str(folder)), file=sys.stderr)
        raise typer.Exit(1)
    try:
        from gen.serve import serve as run
    except ImportError as exc:
        print(t("serve.missing_library", name=exc.name or str(exc)), file=sys.stderr)
        raise typer.Exit(1) from None
    try:
        run(folder, port, not no_browser, announce=lambda text: print(text, flush=True))
    except OSError as exc:
        print(t("serve.port_busy", port=port or 8765, detail=exc.strerror or exc), file=sys.stderr)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        print()


def main() -> None:
    _utf8_streams()
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as exc:  # a bug of ours, not the author's: say so without a wall of traceback
        if os.environ.get("GEN_DEBUG"):
            raise
        from gen.messages import t

        print(t("cli.internal_error", error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        raise SystemExit(2) from None
