"""`gen serve`: the page in the browser where an office drafts, checks, sees the pages and takes the
Word file. Layers: workspace.py (the folder and the actions, each the workflow function of its
command), page.py (the .docx drawn as HTML pages), office.py (LibreOffice kept warm for the exact
view), app.py (routes and safety), templates/ and static/ (the page; CodeMirror 5 vendored with its
licence: nothing is fetched from the Internet).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
from pathlib import Path

DEFAULT_PORT = 8765


def bind(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1: the port asked for, else the first free one from 8765."""
    candidates = [port] if port else list(range(DEFAULT_PORT, DEFAULT_PORT + 50)) + [0]
    last: OSError | None = None
    for candidate in candidates:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", candidate))
        except OSError as exc:
            sock.close()
            last = exc
            continue
        sock.listen(64)
        return sock
    raise last or OSError("no port")


def serve(folder: Path, port: int | None = None, open_browser: bool = True, announce=print) -> None:
    """Run the page until Ctrl-C."""
    import threading
    import webbrowser

    import uvicorn

    from gen.messages import t
    from gen.serve.app import create_app
    from gen.serve.office import Office

    folder = Path(folder).resolve()
    # Messages name files relative to the working folder: from the project, they read content/….
    os.chdir(folder.parent if folder.name == "content" else folder)
    sock = bind(port)
    port = sock.getsockname()[1]
    secret = secrets.token_urlsafe(24)
    office = Office()
    office.start()
    app = create_app(folder, secret, port, office)
    url = f"http://127.0.0.1:{port}/?token={secret}"
    announce(t("serve.started", url=url, folder=str(Path(folder).resolve())))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    if open_browser:
        threading.Timer(0.8, lambda: webbrowser.open(url)).start()
    # uvicorn stops on SIGTERM and then raises it again with the handler found before it started:
    # ours turns it into SystemExit, so LibreOffice is stopped below instead of left running.
    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        server.run(sockets=[sock])
    finally:
        office.stop()
        signal.signal(signal.SIGTERM, previous)


def _exit(signum, frame) -> None:
    raise SystemExit(0)
