"""A batch's manifest (``DIR/manifest.json``) and index (``DIR/index.html``).

The manifest is rewritten atomically after every run: parameters, status, start, duration,
outputs with sizes and SHA-256, the input data's SHA-256, and for failures the error and the
failing cell. The index links every report.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import sys
from pathlib import Path

from analysis import __version__
from analysis.files import sha256_file, write_atomic
from analysis.report.batch import Plan, Run

MANIFEST = "manifest.json"
INDEX = "index.html"


def read_manifest(out: Path) -> dict[str, dict]:
    path = out / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["id"]: entry for entry in data.get("runs", [])}
    except (ValueError, KeyError, TypeError):
        print(f"sitrep: warning: {path} is unreadable; every run will be redone", file=sys.stderr)
        return {}


def outputs_intact(entry: dict) -> bool:
    outputs = entry.get("outputs") or {}
    if not outputs:
        return False
    for item in outputs.values():
        path = Path(item["path"])
        if not path.exists() or path.stat().st_size != item["bytes"]:
            return False
        if sha256_file(path) != item["sha256"]:
            return False
    return True


class Manifest:
    def __init__(self, plan: Plan, out: Path, notebook_sha: str) -> None:
        self.plan, self.out, self.notebook_sha = plan, out, notebook_sha
        self.entries: dict[str, dict] = {}
        self.write_error: str | None = None

    def record(self, run: Run, entry: dict) -> None:
        self.entries[run.id] = entry
        self.write()

    def write(self) -> None:
        runs = [self.entries[r.id] for r in self.plan.runs if r.id in self.entries]
        document = {
            "batch": str(self.plan.source),
            "notebook": str(self.plan.notebook),
            "notebook_sha256": self.notebook_sha,
            "formats": list(self.plan.formats),
            "sitrep_version": __version__,
            "updated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "counts": {
                status: sum(1 for e in runs if e.get("status") == status)
                for status in ("ok", "failed", "skipped", "not run")
            },
            "runs": runs,
        }
        try:
            write_atomic(self.out / MANIFEST, json.dumps(document, indent=2, ensure_ascii=False))
            write_atomic(self.out / INDEX, self.index_html(runs))
            self.write_error = None
        except OSError as exc:  # e.g. a full disk: the previous manifest stays whole
            self.write_error = f"{exc.strerror or exc}"

    def index_html(self, runs: list[dict]) -> str:
        rows = []
        for entry in runs:
            links = " ".join(
                f'<a href="{html.escape(Path(item["path"]).name, quote=True)}">{kind}</a>'
                for kind, item in (entry.get("outputs") or {}).items()
            )
            parameters = ", ".join(f"{k}={v}" for k, v in entry["parameters"].items())
            rows.append(
                f'<tr class="{html.escape(entry["status"])}"><td>{html.escape(entry["id"])}</td>'
                f"<td>{html.escape(parameters)}</td><td>{html.escape(entry['status'])}</td>"
                f"<td>{links}</td><td>{html.escape(str(entry.get('error', '') or ''))}</td></tr>"
            )
        title = html.escape(f"{self.plan.name}: {self.plan.notebook.name}")
        return (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{title}</title><style>body{{font-family:sans-serif;margin:2rem}}"
            "table{border-collapse:collapse}td,th{border-bottom:1px solid #ccc;padding:.3rem .6rem;"
            "text-align:left;vertical-align:top}tr.failed td{background:#fde8e8}</style></head>"
            f"<body><h1>{title}</h1><p>{len(runs)} runs. Manifest: "
            f"<a href='{MANIFEST}'>{MANIFEST}</a></p><table><thead><tr><th>Run</th>"
            "<th>Parameters</th><th>Status</th><th>Reports</th><th>Error</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></body></html>"
        )


def describe_outputs(outputs: dict[str, str]) -> dict[str, dict]:
    return {
        kind: {"path": path, "bytes": Path(path).stat().st_size, "sha256": sha256_file(Path(path))}
        for kind, path in outputs.items()
    }
