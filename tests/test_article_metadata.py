"""An article's own metadata (URL, published date, author, source) is stored
and shown with its visits, and the published date anchors the year."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from visitctl.cli import app

ARTICLE = (
    "Chiều 18-7, đồng chí Lê Văn Hải, Chủ tịch UBND tỉnh Nghệ An đã đến thăm, làm việc tại xã Tam Quang. "
    "Đồng chí yêu cầu xã Tam Quang tập trung hoàn thành giải phóng mặt bằng."
)


def test_export_metadata_is_stored_and_shown(tmp_path):
    export = tmp_path / "export.jsonl"
    record = {"text": ARTICLE, "title": "Chủ tịch tỉnh thăm xã Tam Quang", "url": "https://example.vn/bai-1",
              "published": "19/07/2024", "author": "Thanh Tâm"}
    export.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "v.db"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "--db", str(db), "--jobs", "1", str(export)]).exit_code == 0
    result = runner.invoke(app, ["visits", "--db", str(db), "--format", "json"])
    (row,) = json.loads(result.stdout)
    assert row["url"] == "https://example.vn/bai-1"
    assert row["published"] == "2024-07-19" and row["author"] == "Thanh Tâm"
    assert row["source"].endswith("export.jsonl:1")
    assert row["date"] == "2024-07-18"  # the year comes from the published date
