"""The query path stays light: help and read commands never import the
heavy libraries or the extractor."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers_store import build_db

HEAVY = ["dateparser", "trafilatura", "httpx", "vietnam_provinces", "charset_normalizer",
         "visitctl.extract.pipeline", "visitctl.gazetteer"]
# Not needed to read the database and print json/jsonl/csv or plain help:
# sqlite-utils (reads go through plain sqlite3), Rich (tables only), the
# package metadata (--version only).
SLOW = ["sqlite_utils", "rich", "importlib.metadata", "multiprocessing", "concurrent.futures"]

# Runs visitctl in a fresh interpreter, then reports which heavy modules got imported.
WRAPPER = """
import json, sys
from visitctl.cli import app
try:
    app(args=json.loads(sys.argv[1]), prog_name="visitctl")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = json.loads(sys.argv[2])
sys.stderr.write("LOADED " + json.dumps({"code": code, "loaded": [m for m in heavy if m in sys.modules]}) + "\\n")
"""


def run(args: list[str], tmp_path, modules: list[str] = HEAVY) -> dict:
    env = dict(os.environ, COLUMNS="120", VISITCTL_DB=str(tmp_path / "absent.db"))
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, json.dumps(args), json.dumps(modules)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    line = next(l for l in proc.stderr.splitlines() if l.startswith("LOADED "))
    return json.loads(line.removeprefix("LOADED "))


@pytest.fixture(scope="module")
def dbfile(tmp_path_factory):
    return str(build_db(tmp_path_factory.mktemp("imp") / "v.db"))


@pytest.mark.parametrize("args", [
    ["--help"],
    ["visits", "--help"],
    ["visits", "--format", "json", "--since", "2025-11-01", "--commune", "tong son"],
    ["show", "--commune", "bim son", "--format", "json"],
    ["projects", "--search", "cau ha lan", "--format", "csv"],
    ["search", "tam diep", "--format", "jsonl"],
])
def test_query_commands_stay_light(args, dbfile, tmp_path):
    if args != ["--help"] and "--help" not in args:
        args = [*args, "--db", dbfile]
    report = run(args, tmp_path, HEAVY + SLOW)
    assert report["code"] in (0, None)
    assert report["loaded"] == []


@pytest.mark.parametrize("args, modules", [
    (["directives", "--commune", "tong son", "--format", "json"], HEAVY + SLOW),
    (["diff", "Bỉm Sơn", "Tống Sơn", "--format", "json"], HEAVY + SLOW),
    (["stats", "--format", "json"], SLOW),  # provinces are counted by today's names: the gazetteer
])
def test_other_read_commands_stay_light(args, modules, dbfile, tmp_path):
    report = run([*args, "--db", dbfile], tmp_path, modules)
    assert report["code"] in (0, None)
    assert report["loaded"] == []


def test_word_dates_load_dateparser_only_then(dbfile, tmp_path):
    report = run(["visits", "--since", "tháng trước", "--format", "json", "--db", dbfile], tmp_path)
    assert report["code"] in (0, None)
    assert report["loaded"] == ["dateparser"]
