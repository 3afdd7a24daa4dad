"""The pipeline: load YAML -> validate -> build the model -> apply the rules -> render -> write atomically.

`build_all` runs it over every document it is given and goes on after a failure, so one bad file
never stops the others; each result carries its located findings. Documents whose inputs have
not changed since their last build are skipped (gen/workflow/cache.py) before anything heavy is imported,
so a no-op build is quick.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gen.content.files import discover, real_path
from gen.exceptions import ERROR, WARNING, Finding, GenError, finding, has_errors
from gen.workflow.cache import BuildCache

if TYPE_CHECKING:
    from gen.checks.numbers import Numbered, NumberIndex
    from gen.content.loader import Source
    from gen.content.model import Document, OrgCache


@dataclass
class Result:
    source: Path
    output: Path | None
    findings: list[Finding] = field(default_factory=list)
    skipped: bool = False  # unchanged since the last build
    inputs: list[Path] = field(default_factory=list)
    numbered: Numbered | None = None  # for the check of numbers across the batch
    written: str | None = None  # SHA-256 of the output written, to tell a later hand edit
    marked: bool = False  # the file written carries the draft mark (its errors are in its properties)
    organisation: bool = False  # an organisation file named to the build: checked as one, nothing written

    @property
    def ok(self) -> bool:
        return self.output is not None

    @property
    def has_errors(self) -> bool:
        """The document cannot be signed as it is: written, if at all, as a marked draft."""
        return has_errors(self.findings)

    @property
    def draft(self) -> bool:
        return self.ok and not self.skipped and self.has_errors


def fails(findings: list[Finding], strict: bool = False) -> bool:
    """Errors always fail a check; with --strict, warnings do too."""
    return has_errors(findings) or strict and any(f.severity == WARNING for f in findings)


def output_path(source: Path, out_dir: Path, content_dir: Path) -> Path:
    """content/examples/000.yaml -> out/examples/000.docx; a file outside content/ -> out/<name>.docx."""
    resolved = real_path(source)
    try:
        relative = resolved.relative_to(real_path(content_dir))
    except ValueError:
        relative = Path(resolved.name)
    return out_dir / relative.with_suffix(".docx")


def check_one(
    path: Path | Source, orgs: OrgCache, numbers: NumberIndex | None = None
) -> tuple[Document | None, list[Finding]]:
    """Load, validate, build the model of one document and apply the content rules; nothing is
    written. The document is None when it cannot be built; the rules' findings do not stop it
    (a draft with a slip is still worth seeing). Findings come in the order of the file.
    `path` may be a Source already read (a file as it was at a git revision)."""
    from gen.checks.content import lint
    from gen.content.loader import load

    source = load(path) if isinstance(path, (str, os.PathLike)) else path
    document, findings = _check(source, orgs)
    if document is not None:
        findings += lint(document, numbers)
    return document, sorted(findings, key=lambda f: (f.line, f.column))


def _check(source: Source, orgs: OrgCache) -> tuple[Document | None, list[Finding]]:
    from gen.content import model
    from gen.content.schema import validate_document

    if source.data is None or has_errors(source.findings):
        return None, source.findings
    findings = source.findings + validate_document(source)
    if has_errors(findings):
        from gen.checks.content import placeholders

        return None, findings + placeholders(source)
    try:
        document, built = model.build(source, orgs)
    except GenError as exc:
        return None, findings + exc.findings
    return document, findings + built


def number_index(content_dir: Path, cache: BuildCache | None = None) -> NumberIndex:
    from gen.checks.numbers import NumberIndex

    return NumberIndex(content_dir if Path(content_dir).is_dir() else Path.cwd(), cache=cache)


# Files `gen check` reads as Word files (an old .doc gets the finding that says to save it as .docx).
WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".doc", ".dot")


def check_all(paths: list[Path], content_dir: Path) -> list[tuple[Path, list[Finding]]]:
    """Findings per file: YAML content is validated and linted, a Word file (.docx) audited."""
    from gen.checks.audit import audit
    from gen.content.model import OrgCache

    orgs, numbers = OrgCache(), number_index(content_dir)

    def check_file(path: Path) -> list[Finding]:
        try:
            return audit(path) if path.suffix.lower() in WORD_SUFFIXES else _check_yaml(path, orgs, numbers)
        except Exception as exc:  # a bug of ours on one file must not hide the others' findings
            return [_internal(path, exc)]

    return [(path, check_file(path)) for path in discover(paths, content_dir)]


def _internal(path: Path, exc: BaseException) -> Finding:
    from gen.content.loader import display_path
    from gen.messages import t

    if os.environ.get("GEN_DEBUG"):
        raise exc
    message = t("cli.internal_error", error=f"{type(exc).__name__}: {exc}")
    return Finding(display_path(path), 1, 1, "internal", ERROR, message)


def _check_yaml(path: Path, orgs: OrgCache, numbers: NumberIndex) -> list[Finding]:
    """A document, or an organisation file recognised by its shape and checked as one."""
    from gen.checks.content import check_org, is_org_file
    from gen.content.loader import load

    source = load(path)
    if is_org_file(source.data):
        return check_org(source)
    return check_one(source, orgs, numbers)[1]


def build_one(
    path: Path,
    target: Path,
    orgs: OrgCache,
    strict: bool = False,
    numbers: NumberIndex | None = None,
    known: list[Finding] | None = None,
    written: str | None = None,
) -> Result:
    """Check and write one document. A document with errors is still written (a draft worth
    reading and discussing) but its file properties say it has errors and which; with --strict
    nothing is written for it. `known`: findings from outside the document (the batch's number
    check), added to its own. `written`: the SHA-256 of what the last build wrote to `target`; a
    target that no longer matches it was edited by hand and is kept aside, never overwritten."""
    import hashlib

    from gen.checks.content import check_org, is_org_file
    from gen.checks.numbers import numbered
    from gen.content.loader import display_path, load
    from gen.word.render import render
    from gen.word.writer import keep_hand_edit, same_file, write_atomic, write_finding

    source = load(path)
    if is_org_file(source.data):  # named by hand (folders skip co-quan/): no document to make of it
        return Result(path, None, check_org(source), organisation=True)
    document, findings = check_one(source, orgs, numbers)
    if known:
        findings = sorted(findings + known, key=lambda f: (f.line, f.column))
    result = Result(path, None, findings)
    if document is not None:
        result.numbered = numbered(document.source)
    # Without --strict, a document that can be built is written whatever the rules found.
    if document is None or strict and fails(findings, strict):
        return result
    errors = [f for f in findings if f.severity == ERROR]
    try:
        data = render(document, errors)
    except GenError as exc:
        result.findings += exc.findings
        return result
    name = display_path(path)
    for used in document.inputs:
        if same_file(target, used):
            result.findings.append(finding(name, "output.is_input", path=display_path(target)))
            return result
    try:
        kept = keep_hand_edit(target, written)
        if kept is not None:
            result.findings.append(
                finding(
                    name, "output.hand_edited", severity=WARNING, path=display_path(target), kept=display_path(kept)
                )
            )
        write_atomic(target, data)
    except OSError as exc:
        result.findings.append(write_finding(name, target, exc))
        return result
    result.output, result.inputs, result.marked = target, document.inputs, bool(errors)
    result.written = hashlib.sha256(data).hexdigest()
    return result


# Below this many documents, starting worker processes costs more than it saves.
PARALLEL_MIN = 24


def build_all(
    paths: list[Path],
    out_dir: Path,
    content_dir: Path,
    strict: bool = False,
    force: bool = False,
    progress=None,
    workers: int | None = None,
) -> list[Result]:
    """Build every document; with neither `force` nor `strict`, skip those whose inputs are unchanged.
    Many documents are built by one worker process per CPU. `progress`, if given, is called after
    each document with its result."""
    from gen.word.writer import sweep

    if Path(out_dir).is_dir():
        sweep(Path(out_dir))  # temporary files a killed build left
    cache = BuildCache(out_dir)
    documents = discover(paths, content_dir)
    results: list[Result] = []
    pending: list[tuple[Path, Path, str | None]] = []
    targets = {path: output_path(path, out_dir, content_dir) for path in documents}
    for path in documents:
        target = targets[path]
        clash = _collision(path, target, targets)
        if clash is not None:
            results.append(Result(path, None, [clash]))
        elif not (force or strict) and cache.fresh(path, target):
            results.append(Result(path, target, skipped=True))
        else:
            pending.append((path, target, cache.written_sha(target)))
            continue
        if progress:
            progress(results[-1])
    workers = workers or min(os.cpu_count() or 1, 8)
    built = _parallel(pending, strict, workers, progress) if workers > 1 and len(pending) >= PARALLEL_MIN else None
    if built is None:
        from gen.content.model import OrgCache

        orgs, built = OrgCache(), []
        for path, target, written in pending:
            built.append(build_one(path, target, orgs, strict, written=written))
            if progress:
                progress(built[-1])
    _check_numbers(built, content_dir, cache)
    built = _mark_late_drafts(built, strict)
    for result in built:
        # A document with errors is built again every time, so that every build reports its errors.
        if result.output is not None and result.written:
            cache.wrote(result.output, result.written)
        if result.output is not None and not result.has_errors:
            cache.record(result.source, result.output, result.inputs)
        else:
            cache.forget(output_path(result.source, out_dir, content_dir))
    cache.save()
    results += built
    order = {path: i for i, path in enumerate(documents)}
    return sorted(results, key=lambda r: order[r.source])


def _collision(path: Path, target: Path, targets: dict[Path, Path]) -> Finding | None:
    """Two inputs that would write one output (same name in two folders outside content/, or names
    differing only in case on Windows and macOS) are both refused, each naming the other."""
    from gen.content.loader import display_path
    from gen.messages import t

    key = os.path.normcase(os.path.abspath(target))
    others = [p for p, t_ in targets.items() if p != path and os.path.normcase(os.path.abspath(t_)) == key]
    if not others:
        return None
    message = t("output.collision", path=display_path(target), other=", ".join(map(display_path, others)))
    return Finding(display_path(path), 1, 1, "output.collision", ERROR, message)


def _check_numbers(built: list[Result], content_dir: Path, cache: BuildCache) -> None:
    """Numbers used twice in a term, across the batch and the rest of the content folder."""
    from gen.checks.numbers import number_findings

    if not built:
        return
    entries = {r.source: r.numbered for r in built}
    index = number_index(content_dir, cache)
    index.known.update({os.path.abspath(p): e for p, e in entries.items()})
    for path, findings in number_findings(entries, index).items():
        for result in built:
            if result.source == path:
                result.findings = sorted(result.findings + findings, key=lambda f: (f.line, f.column))


def _mark_late_drafts(built: list[Result], strict: bool) -> list[Result]:
    """Documents written clean before the batch's number check found an error in them are written
    again, marked as drafts (rare: a number used twice)."""
    late = [r for r in built if r.ok and r.has_errors and not r.marked]
    if not late:
        return built
    from gen.content.model import OrgCache

    orgs, again = OrgCache(), {}
    for result in late:
        assert result.output is not None
        known = [f for f in result.findings if f.rule == "number.duplicate"]
        again[result.source] = build_one(
            result.source, result.output, orgs, strict, known=known, written=result.written
        )
    return [again.get(r.source, r) for r in built]


def _build_chunk(chunk: list[tuple[Path, Path, str | None]], strict: bool) -> list[Result]:
    from gen.content.model import OrgCache

    orgs = OrgCache()
    return [build_one(path, target, orgs, strict, written=written) for path, target, written in chunk]


def _worker_start(parent: int) -> None:
    """In each worker: end when the parent build is gone (killed with -9, its terminal closed), instead
    of living on as an orphan that keeps writing files. Polled, since no portable call says it."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="gen-parent-watch", daemon=True).start()


def _parallel(
    pending: list[tuple[Path, Path, str | None]], strict: bool, workers: int, progress
) -> list[Result] | None:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Small chunks: a Ctrl-C waits at most for the chunks being built.
    size = max(2, min(8, len(pending) // (workers * 4) or 1))
    chunks = [pending[i : i + size] for i in range(0, len(pending), size)]
    try:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start, initargs=(os.getpid(),))
    except (OSError, RuntimeError, NotImplementedError):  # no worker processes here (a sandbox, a frozen app)
        return None
    try:
        futures = [pool.submit(_build_chunk, chunk, strict) for chunk in chunks]
        built = []
        for future in as_completed(futures):
            for result in future.result():
                built.append(result)
                if progress:
                    progress(result)
    except KeyboardInterrupt:
        # Stop now: drop the queued chunks and end the workers (each output is old or new whatever
        # the moment; a temporary file left is swept by the next build). Waiting for them took seconds.
        import multiprocessing

        pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()
        raise
    except (OSError, RuntimeError):
        pool.shutdown(wait=False, cancel_futures=True)
        return None
    pool.shutdown()
    return built
