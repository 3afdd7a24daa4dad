"""The `gen` command. Thin: parse arguments, run gen.build, print findings. Heavy imports wait
until a command runs, so `gen --help` starts fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Soạn văn bản của Đảng ủy (thông báo kết luận, kết luận, nghị quyết) từ tệp YAML ra Word đúng thể thức.",
)

LANG = typer.Option("vi", "--lang", help="Ngôn ngữ thông báo: vi hoặc en.")


def _report(findings) -> None:
    colour = sys.stderr.isatty()
    for finding in findings:
        line = finding.format()
        if colour:
            code = {"error": "31", "warning": "33"}.get(finding.severity, "36")
            line = f"\x1b[{code}m{line}\x1b[0m"
        print(line, file=sys.stderr)


@app.command()
def build(
    paths: Optional[list[Path]] = typer.Argument(None, help="Tệp hoặc thư mục YAML (mặc định: cả thư mục content/)."),
    out: Path = typer.Option(Path("out"), "--out", help="Thư mục ghi tệp .docx."),
    content: Path = typer.Option(Path("content"), "--content", help="Thư mục nội dung (để giữ cấu trúc thư mục trong out/)."),
    lang: str = LANG,
) -> None:
    """Tạo tệp .docx cho từng tệp YAML: content/**/*.yaml -> out/<cùng đường dẫn>.docx."""
    from gen.build import build_all
    from gen.formatting import format_number
    from gen.loader import display_path
    from gen.messages import set_language, t

    set_language(lang)
    results = build_all(list(paths or []), out, content)
    if not results:
        print(t("cli.no_inputs", paths=", ".join(map(str, paths or [content]))), file=sys.stderr)
        raise typer.Exit(1)
    for result in results:
        _report(result.findings)
        if result.ok:
            print(t("cli.built", path=display_path(result.output)))
    built = sum(r.ok for r in results)
    print(t("cli.summary", built=format_number(built), failed=format_number(len(results) - built)))
    raise typer.Exit(0 if built == len(results) else 1)


@app.command()
def check(
    paths: Optional[list[Path]] = typer.Argument(None, help="Tệp hoặc thư mục YAML (mặc định: cả thư mục content/)."),
    content: Path = typer.Option(Path("content"), "--content", help="Thư mục nội dung."),
    lang: str = LANG,
) -> None:
    """Kiểm tra tệp YAML mà không ghi gì; mỗi lỗi có tệp:dòng:cột."""
    from gen.build import check_one, discover
    from gen.exceptions import has_errors
    from gen.messages import set_language
    from gen.model import OrgCache

    set_language(lang)
    orgs = OrgCache()
    failed = False
    for path in discover(list(paths or []), content):
        _, findings = check_one(path, orgs)
        _report(findings)
        failed |= has_errors(findings)
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    app()
