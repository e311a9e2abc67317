"""Hostile input: every file is stored or refused with a one-line reason, in
bounded time, and the good files beside the bad ones are stored.

The time bound is a generous subprocess timeout (a hang or a catastrophic
regular expression fails the test), not an assertion of speed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliability_util import connect, one_line_messages, require_command, run_cli, write_corpus
from visitctl.extract import extract
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article, Evidence, Extraction

BOUND = 240  # seconds: generous, for a shared 2-core machine


def _sample_article(seed: int = 31) -> str:
    """One generated article (a seed with other names, communes and dates)."""
    from reliability_util import make_corpus_module

    return next(iter(make_corpus_module().generate(1, seed=seed)))["text"]


def _hostile(folder: Path) -> dict[str, Path]:
    """Bad and awkward inputs, by a short name."""
    folder.mkdir()
    text = _sample_article()
    files = {}

    def put(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        files[name] = path

    put("empty.txt", b"")
    put("blank.txt", b"  \n\t\n \n")
    put("binary.txt", bytes(range(256)) * 64)
    put("random.bin", os.urandom(8192))
    put("truncated-utf16.txt", text.encode("utf-16")[:-1])
    put("latin1.txt", "Xã Hà Trung, tỉnh Thanh Hóa: café".encode("utf-8")[:-3] + b"\xe9\xe8")
    # ~20 MB: the article repeated, then numbered so it is one distinct text.
    para = (text + "\n\n").encode("utf-8")
    put("big.txt", para * (20_000_000 // len(para)))
    # One line of millions of characters, no full stop anywhere.
    words = "xã Hà Trung đồng chí Nguyễn Văn An kiểm tra dự án 25/11 chỉ đạo "
    put("one-line.txt", (words * (3_000_000 // len(words))).encode("utf-8"))
    put("commas.txt", ("Sáng 25/11, " + "a, " * 1_000_000).encode("utf-8"))
    put("broken.html", (
        "<html><head><title>Thăm xã Hà Trung</title><body><div><p>" + text.replace("\n\n", "<p><b>")
        + "<div><table><tr><td>ô</span></i></html><script>if (a < b && c > d) {</div>"
    ).encode("utf-8"))
    put("nested.html", (
        "<html><body>" + "<div>" * 100_000 + "<p>" + text.replace("\n", " ") + "</p>" + "</div>" * 100_000
        + "</body></html>"
    ).encode("utf-8"))
    put("unclosed.html", ("<html><body>" + "<div><span><b>" * 30_000 + text).encode("utf-8"))
    lines = [
        json.dumps({"text": _sample_article(32), "url": "https://example.org/a"}, ensure_ascii=False),
        "{not json",
        json.dumps({"text": 5}),
        "[]",
        "",
        '{"text": "cut off in the midd',
        json.dumps({"title": "no text"}),
        json.dumps({"text": _sample_article(33), "title": "Tin tốt"}, ensure_ascii=False),
    ]
    put("mixed.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))
    # A folder that contains itself, a dangling link and a named pipe (reading
    # it would wait for ever): none may hang the walk.
    (folder / "loop").mkdir()
    (folder / "loop" / "self").symlink_to(folder / "loop", target_is_directory=True)
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    os.mkfifo(folder / "pipe.txt")
    return files


def _stored_sources(db: Path) -> list[str]:
    conn = connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT source FROM articles")]
    finally:
        conn.close()


def test_hostile_files_are_stored_or_refused_and_good_files_are_stored(tmp_path):
    require_command("ingest")
    bad = _hostile(tmp_path / "bad")
    good = write_corpus(tmp_path / "good", 3, seed=34)
    db = tmp_path / "hostile.db"
    try:
        result = run_cli("ingest", "--db", db, tmp_path / "bad", tmp_path / "good", timeout=BOUND)
    except subprocess.TimeoutExpired:
        pytest.fail(f"ingest of hostile files did not finish in {BOUND} s")
    messages = one_line_messages(result.stderr)
    assert result.returncode == 1, result.stderr[-3000:]

    sources = _stored_sources(db)
    for path in good:
        assert any(Path(s).name == path.name for s in sources), f"good file {path.name} not stored"
    stored_jsonl = [s for s in sources if "mixed.jsonl" in s]
    assert len(stored_jsonl) == 2, sources  # the two good lines of the JSON Lines file

    for name, path in bad.items():
        if name == "mixed.jsonl":
            continue
        stored = any(Path(s.split(":")[0]).name == name or s.endswith(name) for s in sources)
        told = [m for m in messages if name in m]
        assert stored or told, f"{name}: neither stored nor refused with a reason"
        assert len(told) <= 1, f"{name}: more than one line: {told}"
    # Each bad line of the JSON Lines file is named (file:LINE) on its own line.
    jsonl_lines = [m for m in messages if "mixed.jsonl" in m]
    for line_no in (2, 3, 4, 6, 7):
        assert any(re.search(rf"mixed\.jsonl:{line_no}\b", m) for m in jsonl_lines), (line_no, jsonl_lines)
    for empty in ("empty.txt", "blank.txt", "binary.txt", "random.bin"):
        assert not any(Path(s).name == empty for s in sources), f"{empty} stored as an article"


def test_an_article_over_the_size_limit_is_refused_clearly(tmp_path):
    require_command("ingest")
    from visitctl import sources

    limit = getattr(sources, "MAX_BYTES", 21 * 1024 * 1024)
    text = _sample_article(35).encode("utf-8")
    big = tmp_path / "in" / "too-big.txt"
    big.parent.mkdir()
    big.write_bytes((text * (limit // len(text) + 1))[: limit + 1])
    write_corpus(tmp_path / "in", 1, seed=36)
    db = tmp_path / "limit.db"
    result = run_cli("ingest", "--db", db, tmp_path / "in", timeout=BOUND)
    messages = one_line_messages(result.stderr)
    assert result.returncode == 1
    told = [m for m in messages if "too-big.txt" in m]
    assert len(told) == 1, messages
    assert re.search(r"limit|too (big|large)|larger", told[0]), told[0]
    assert re.search(r"\d+ ?MB", told[0]), told[0]
    assert len(_stored_sources(db)) == 1


# ---------------------------------------------------------------- extractor fuzz

_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2}|--\d{2}-\d{2})$")

# Pieces of Vietnamese news prose, so that the fuzzer reaches the rules.
_FRAGMENTS = [
    "Sáng 25/11", "Chiều ngày 3/2/2025", "ngày 14 -15/5", "tháng 12", "đồng chí", "Đồng chí ",
    "Nguyễn Hồng Phong", "Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch UBND tỉnh", "xã", "phường",
    "Hà Trung", "Tống Sơn", "Bỉm Sơn", "tỉnh Thanh Hóa", "huyện", "thị trấn", "đã đi thăm, làm việc tại",
    "kiểm tra", "Dự án", "công trình", "đề nghị", "yêu cầu", "chỉ đạo", "tập trung", "243 tỷ 609 triệu đồng",
    "15,5%", "1.200 ha", "tặng quà", "Mẹ Việt Nam Anh hùng", "Cùng đi có", "Sở Tài chính", "Ban Tổ chức",
    ", ", ". ", "; ", ": ", "\n", "\n\n", " - ", "(", ")", '"', "“", "”", "…", "/", "2025", "11",
]
_texts = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)), max_size=80
).map("".join)

# Whole articles: a title, a lead naming an official, communes and a date,
# and paragraphs of requests, with noise spliced in anywhere.
_names = st.sampled_from(["Nguyễn Hồng Phong", "Trần Thị Lan", "Lê Văn Hải", "Đỗ Minh Tuấn", "A Sáng"])
_titles = st.sampled_from(["Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh", "Phó Bí thư Thường trực Tỉnh ủy", ""])
_communes = st.lists(st.sampled_from(["Hà Trung", "Tống Sơn", "Bỉm Sơn", "Quang Trung", "Nga Sơn", "16"]),
                     min_size=1, max_size=4)
_dates = st.sampled_from(["Sáng 25/11", "Chiều 3/2/2025", "Ngày 14-15/5", "Trong 2 ngày 8 và 9/12", "Hôm nay"])
_asks = st.lists(st.sampled_from([
    "Đồng chí đề nghị xã tập trung hoàn thành dự án đường giao thông trước ngày 31/12.",
    "Yêu cầu các phường đẩy nhanh giải phóng mặt bằng, đạt 243 tỷ 609 triệu đồng.",
    "Đồng chí chỉ đạo: “Phải chăm lo cho Mẹ Việt Nam Anh hùng”.",
    "Tổng thu ngân sách đạt 15,5% kế hoạch; diện tích 1.200 ha.",
    "Cùng đi có lãnh đạo Sở Tài chính, Ban Tổ chức Tỉnh ủy.",
]), max_size=6)


@st.composite
def _articles(draw) -> str:
    communes = draw(_communes)
    unit = draw(st.sampled_from(["xã", "phường", "các xã", "2 phường"]))
    lead = (f"{draw(_dates)}, đồng chí {draw(_names)}, {draw(_titles)} đã đến thăm, làm việc tại "
            f"{unit} {', '.join(communes)}.")
    parts = [f"{draw(_titles)} thăm, làm việc tại {unit} {' và '.join(communes)}", lead, *draw(_asks)]
    text = "\n\n".join(parts)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.one_of(st.text(max_size=6), st.sampled_from(_FRAGMENTS))) + text[at:]
    return text


def _evidence(value: object) -> list[Evidence]:
    """Every Evidence inside an extraction's records."""
    found: list[Evidence] = []
    if isinstance(value, Evidence):
        return [value]
    if isinstance(value, (list, tuple)):
        for item in value:
            found += _evidence(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            found += _evidence(getattr(value, name))
    return found


def check_extraction(text: str, result: Extraction) -> None:
    assert isinstance(result, Extraction)
    assert result.published is None or _ISO.match(result.published), result.published
    for visit in result.visits:
        assert visit.date is None or _ISO.match(visit.date), visit.date
        for official in visit.officials:
            assert official.name and official.name.strip()
        for directive in visit.directives:
            assert isinstance(directive.topics, list)
    for ev in _evidence(result):
        assert 0 <= ev.start <= ev.end <= len(text), (ev.start, ev.end, len(text))
        assert text[ev.start:ev.end] == ev.sentence
    result.to_dict(evidence=True)
    json.dumps(result.to_dict(), ensure_ascii=False)


@settings(max_examples=300, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_texts, _articles()), st.sampled_from([None, "2025-11-25", "2019-02-08"]))
def test_extract_never_raises_and_keeps_its_invariants(raw, published):
    text = normalize_text(raw)
    result = extract(Article(text=text, source="fuzz", published=published))
    check_extraction(text, result)


# Inputs that make a careless regular expression backtrack for hours.
PATHOLOGICAL = {
    "letters": "a" * 200_000,
    "spaces": " " * 200_000 + "x",
    "capitals": "Nguyễn " * 40_000,
    "unit words": "xã " * 60_000,
    "commas": "Hà Trung, " * 40_000,
    "slashes": "1/" * 80_000,
    "digits": "1" * 200_000 + " tỷ",
    "numbers": "1.000 " * 40_000 + "đồng",
    "dots": "." * 200_000,
    "quotes": '"' * 100_000 + "“" * 100_000,
    "parens": "(" * 100_000,
    "dashes": "- " * 100_000,
    "titles": "Phó Bí thư Thường trực " * 20_000,
    "no newline article": ("Sáng 25/11, đồng chí Nguyễn Văn An, Chủ tịch UBND tỉnh đã đi thăm xã Hà Trung "
                           "và đề nghị xã tập trung hoàn thành dự án ") * 5_000,
}


def test_extract_finishes_on_pathological_text():
    """Each input in a subprocess under a generous time bound (no hang)."""
    script = (
        "import sys, json\n"
        "from visitctl.extract import extract\n"
        "from visitctl.extract.normalize import normalize_text\n"
        "from visitctl.model import Article\n"
        "cases = json.loads(sys.stdin.read())\n"
        "for name, raw in cases.items():\n"
        "    print(name, flush=True)\n"
        "    extract(Article(text=normalize_text(raw), source=name))\n"
        "print('done', flush=True)\n"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", script], input=json.dumps(PATHOLOGICAL), capture_output=True, text=True,
            timeout=BOUND,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        stuck = out.strip().splitlines()[-1] if out.strip() else "?"
        pytest.fail(f"extract did not finish within {BOUND} s on the '{stuck}' input")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("done")


def test_a_json_lines_archive_larger_than_the_article_limit_is_read(tmp_path):
    """The size limit is per article: an export of many articles may be big."""
    require_command("ingest")
    from visitctl import sources

    limit = getattr(sources, "MAX_BYTES", 21 * 1024 * 1024)
    path = tmp_path / "archive.jsonl"
    count = 3
    pad = "x" * (limit // count + 1024)  # crawlers keep the raw page beside the text
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            record = {"text": _sample_article(50 + n), "url": f"https://example.org/{n}", "raw": pad}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    assert path.stat().st_size > limit
    db = tmp_path / "archive.db"
    result = run_cli("ingest", "--db", db, path, timeout=BOUND)
    one_line_messages(result.stderr)
    assert result.returncode == 0, result.stderr
    assert len(_stored_sources(db)) == count
