"""The local review server: Python's threading HTTP server, pages and a small JSON API.

Safety, as for Jupyter: it listens on loopback unless told otherwise; every page and API
request needs the run's random token (in the URL ``?token=`` for pages, the
``X-L10nflow-Token`` header for the API -- a header a foreign web page cannot send
without a CORS preflight, which this server never grants); a request whose ``Host`` is
not this server's own name (DNS rebinding) is refused; pages forbid inline scripts
(Content-Security-Policy) on top of escaping every text.

API (all JSON; README "Reviewing alignments" documents it):

* ``GET /api/articles`` -- every article's index line;
* ``GET /api/articles/<id>`` -- one article: rows in reading order and its ``version``;
* ``POST /api/articles/<id>/<operation>`` with ``{"version": ..., "key": ..., ...}`` --
  accept, edit, join, split, link, unlink; answers the article as it now is, or 409
  when the file changed since ``version``.
"""

from __future__ import annotations

import json
import mimetypes
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import L10nflowError
from .operations import OperationError, StaleError
from .pages import STATIC, render_article, render_index
from .session import ReviewSession

__all__ = ["ReviewServer", "make_server"]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'")
MAX_BODY = 1 << 20           # a repair request is small; refuse anything larger
_STATIC_FILES = {"review.css", "review.js"}


class ReviewServer(ThreadingHTTPServer):
    """An HTTP server over one :class:`ReviewSession`."""

    daemon_threads = True

    def __init__(self, session: ReviewSession, host: str = "127.0.0.1", port: int = 0,
                 token: str | None = None) -> None:
        self.session = session
        self.token = token or secrets.token_urlsafe(24)
        super().__init__((host, port), _Handler)
        self.port = self.server_address[1]
        names = {"127.0.0.1", "localhost", "[::1]"}
        if host not in ("", "0.0.0.0", "::"):
            names.add(f"[{host}]" if ":" in host else host)
        self.allowed_hosts = {f"{name}:{self.port}" for name in names} | names

    @property
    def url(self) -> str:
        host = self.server_address[0]
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
        return f"http://{shown}:{self.port}/?token={self.token}"

    def start_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                  daemon=True)
        thread.start()
        return thread


def make_server(session: ReviewSession, host: str = "127.0.0.1", port: int = 0
                ) -> ReviewServer:
    return ReviewServer(session, host, port)


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"
    server_version = "l10nflow-review"

    def log_message(self, format: str, *args) -> None:   # quiet: the terminal is the user's
        pass

    # --- dispatch ---------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        try:
            if self.headers.get("Host", "") not in self.server.allowed_hosts:
                self._error(HTTPStatus.FORBIDDEN, "this server answers only to its own "
                            "address (Host header refused)")
                return
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            if method == "GET" and path.startswith("/static/"):
                self._static(path[len("/static/"):])
                return
            query = parse_qs(parts.query)
            given = self.headers.get("X-L10nflow-Token") or \
                (query.get("token", [""])[0] if method == "GET" else "")
            if not secrets.compare_digest(given.encode(), self.server.token.encode()):
                self._error(HTTPStatus.FORBIDDEN, "missing or wrong token: open the URL "
                            "`l10nflow review` printed")
                return
            self._route(method, path)
        except StaleError as exc:
            self._error(HTTPStatus.CONFLICT, exc.message, exc.hint)
        except OperationError as exc:
            status = HTTPStatus.NOT_FOUND if exc.message.startswith("no ") \
                else HTTPStatus.BAD_REQUEST
            self._error(status, exc.message, exc.hint)
        except L10nflowError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc).split("\n")[0], exc.hint)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except OSError as exc:        # a store removed or unreadable while serving
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR,
                        f"cannot read {exc.filename or 'a store'}: "
                        f"{(exc.strerror or str(exc)).lower()}",
                        "check the file, then reload the page")
        except Exception as exc:      # a bug in l10nflow: say so, keep serving
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR,
                        f"internal error: {type(exc).__name__}: {exc}; this is a bug in "
                        "l10nflow, not in your files (nothing was written)")

    def _route(self, method: str, path: str) -> None:
        session = self.server.session
        token = self.server.token
        segments = [s for s in path.split("/") if s]
        if method == "GET" and not segments:
            self._send(HTTPStatus.OK, render_index(session.index(), session.threshold, token),
                       "text/html; charset=utf-8")
        elif method == "GET" and len(segments) == 2 and segments[0] == "article":
            view = session.article(segments[1])
            self._send(HTTPStatus.OK, render_article(view, session.threshold, token),
                       "text/html; charset=utf-8")
        elif method == "GET" and segments == ["api", "articles"]:
            self._json({"threshold": session.threshold,
                        "articles": [s.as_dict() for s in session.index()]})
        elif method == "GET" and len(segments) == 3 and segments[:2] == ["api", "articles"]:
            self._json(session.article(segments[2]).as_dict())
        elif method == "POST" and len(segments) == 4 and segments[:2] == ["api", "articles"]:
            args = self._body()
            self._json(session.operate(segments[2], segments[3], args).as_dict())
        else:
            self._error(HTTPStatus.NOT_FOUND, f"nothing at {path}")

    # --- helpers ----------------------------------------------------------------------

    def _body(self) -> dict:
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            raise OperationError("the request needs a JSON body (at most 1 MiB)")
        if "json" not in self.headers.get("Content-Type", ""):
            raise OperationError("the request body must be JSON (Content-Type: "
                                 "application/json)")
        try:
            data = json.loads(self.rfile.read(length).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise OperationError("the request body is not valid JSON") from None
        if not isinstance(data, dict):
            raise OperationError("the request body must be a JSON object")
        return data

    def _static(self, name: str) -> None:
        if name not in _STATIC_FILES:
            self._error(HTTPStatus.NOT_FOUND, f"no static file {name!r}")
            return
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("script") \
            else ""
        self._send(HTTPStatus.OK, (STATIC / name).read_bytes(), kind + charset,
                   cache="max-age=300")

    def _json(self, data: object, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False), "application/json")

    def _error(self, status: HTTPStatus, message: str, hint: str | None = None) -> None:
        self.close_connection = True     # a refused request's body may be unread
        if self.command == "GET" and not self.path.startswith("/api/"):
            text = f"{status.value} {status.phrase}: {message}" + (f"\n{hint}" if hint else "")
            self._send(status, text, "text/plain; charset=utf-8")
            return
        self._json({"error": message, "hint": hint, "status": status.value}, status)

    def _send(self, status: HTTPStatus, body: str | bytes, kind: str,
              cache: str = "no-store") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", cache)
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def static_files() -> list[Path]:
    """The asset files pages use (the static export copies them)."""
    return [STATIC / name for name in sorted(_STATIC_FILES)]
