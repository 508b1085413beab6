"""A long-lived headless Chromium that prints many reports to PDF.

Starting Chromium costs about a second per PDF when it is launched once per report. A batch
worker keeps one browser and drives it over the DevTools protocol (a local WebSocket on
127.0.0.1): each report is opened in a new tab, printed with ``Page.printToPDF`` using the
report's own CSS page size and margin boxes (page numbers), and the tab is closed. The first
tab is opened when the browser starts, off the path of the first report. PDFs are tagged (for
screen readers) and carry an outline of the report's sections (bookmarks).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from analysis.errors import RenderError
from analysis.files import write_atomic
from analysis.report import scratch
from analysis.report.export import CHROMIUM_FLAGS, find_browser
from analysis.report.lifetime import child_preexec
from analysis.report.outline import in_reading_order

START_TIMEOUT = 30.0
PRINT_TIMEOUT = float(os.environ.get("SITREP_PRINT_TIMEOUT", 180))  # s for one reply


class Browser:
    """One headless Chromium process; call :meth:`close` when done.

    ``nice`` lowers the priority of Chromium's processes (``sitrep render`` starts the browser
    while the kernel imports the report code, and the kernel should get the CPU first).

    Chromium runs in a process group of its own, which :meth:`close` ends whole (a
    ``SITREP_BROWSER`` wrapper script that starts the browser without ``exec`` included). It is
    told to stop (SIGTERM) when the thread that started it ends or its process is killed, and
    the scratch folder's janitor ends the rest (:mod:`analysis.report.scratch`), so it never
    outlives a killed ``sitrep``. Its profile and temporary files are in the scratch folder.
    """

    def __init__(self, *, nice: int = 0) -> None:
        import websocket

        self.executable = find_browser()
        self.profile = tempfile.mkdtemp(prefix="chromium-", dir=scratch.folder())
        self.process = subprocess.Popen(
            [
                *(["nice", "-n", str(nice)] if nice and shutil.which("nice") else []),
                self.executable,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=scratch.child_env(),
            start_new_session=True,
            preexec_fn=child_preexec(signal.SIGTERM),
        )
        try:
            port, path = self._devtools_address()
            self.socket = websocket.create_connection(
                f"ws://127.0.0.1:{port}{path}", timeout=PRINT_TIMEOUT, suppress_origin=True
            )
            self._next_id = 0
            self._events: list[dict] = []
            self._spare = self._open_tab()  # ready for the first report
        except (OSError, ValueError, websocket.WebSocketException) as exc:  # socket failed
            self.close()
            raise RenderError(f"Chromium ({self.executable}) failed at start: {exc}") from None
        except BaseException:
            self.close()
            raise

    def _devtools_address(self) -> tuple[str, str]:
        marker = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RenderError(
                    f"Chromium ({self.executable}) exited at start with status "
                    f"{self.process.returncode}. Check that `{self.executable} --headless "
                    "--version` runs."
                )
            if marker.exists():
                lines = marker.read_text().split()
                if len(lines) >= 2:
                    return lines[0], lines[1]
            time.sleep(0.02)
        raise RenderError(f"Chromium did not start within {START_TIMEOUT:.0f} s.")

    def _call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        while True:
            reply = json.loads(self.socket.recv())
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RenderError(f"Chromium refused {method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self._events.append(reply)

    def _wait_event(self, name: str, session: str) -> None:
        for event in self._events:
            if event.get("method") == name and event.get("sessionId") == session:
                self._events.remove(event)
                return
        while True:
            event = json.loads(self.socket.recv())
            if event.get("method") == name and event.get("sessionId") == session:
                return

    def _open_tab(self) -> tuple[str, str]:
        """A new blank tab with page events on: (target id, session id)."""
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self._call("Page.enable", session=session)
        return target, session

    def print_pdf(self, html_file: Path, pdf_file: Path) -> None:
        """Print ``html_file`` to ``pdf_file`` (written whole or not at all).

        A browser that crashed, closed its socket or did not answer within
        :data:`PRINT_TIMEOUT` raises :class:`RenderError`; it is then unusable (close it)."""
        import websocket

        self._events = []
        try:
            if self._spare is not None:
                (target, session), self._spare = self._spare, None
            else:
                target, session = self._open_tab()
            try:
                self._call("Page.navigate", {"url": html_file.resolve().as_uri()}, session)
                self._wait_event("Page.loadEventFired", session)
                result = self._call(
                    "Page.printToPDF",
                    {
                        "preferCSSPageSize": True,
                        "printBackground": True,
                        "displayHeaderFooter": False,
                        "generateTaggedPDF": True,  # structure for screen readers
                        "generateDocumentOutline": True,  # section bookmarks
                    },
                    session,
                )
            finally:
                with contextlib.suppress(Exception):
                    self._call("Target.closeTarget", {"targetId": target})
        except (OSError, ValueError, KeyError, websocket.WebSocketException) as exc:
            # socket closed (Chromium crashed), timeout (hung), broken JSON
            reason = str(exc) or type(exc).__name__
            raise RenderError(
                f"Chromium failed while printing {html_file.name}: {reason}"
            ) from None
        write_atomic(pdf_file, in_reading_order(base64.b64decode(result["data"]), html_file))

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        """End the browser's whole process group, then remove its profile: SIGTERM lets
        Chromium close cleanly; what is left of the group once it has exited (its helpers, or a
        browser a wrapper script started) is killed at once."""
        with contextlib.suppress(Exception):
            self.socket.close()
        group = self.process.pid  # the group's leader: started in a session of its own
        self._signal_group(group, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self._signal_group(group, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        shutil.rmtree(self.profile, ignore_errors=True)

    @staticmethod
    def _signal_group(group: int, signum: int) -> None:
        with contextlib.suppress(OSError):
            os.killpg(group, signum)
