"""visitctl benchmarks, side by side with plain SQLite tools, in one run.

    python benchmarks/run.py --articles 20000            # everything
    python benchmarks/run.py --articles 2000 --only ingest startup

Reports (Markdown on stdout, and in --out when given):

* ingest: articles/second of ``visitctl ingest --jobs N`` on a generated
  corpus, against ``sqlite-utils insert`` of the same texts (the floor of
  what storing them costs), the ratio, and the peak memory of the ingest;
* startup: ``visitctl --help`` and a query command on a small database,
  against ``sqlite-utils --help`` (hyperfine when installed);
* queries: ``visits --commune``, ``show --commune``, ``projects --search``,
  ``search`` and ``diff`` of 100 communes on a database of 100,000 visits,
  wall time including startup;
* imports: the costliest imports of a query command (``python -X importtime``).

Benchmarks are measurements, not tests: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A console script of this environment (visitctl, sqlite-utils), else from PATH."""
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install it in this environment")
    return found


VISITCTL = tool("visitctl")
SQLITE_UTILS = tool("sqlite-utils")


# ---------------------------------------------------------------- measuring


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def run_measured(cmd: list[str], **kwargs) -> dict:
    """Run ``cmd``; wall seconds, peak RSS of the largest process (wait4) and
    peak RSS of the whole process tree (sampled every 50 ms), output."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, **kwargs)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    return {
        "wall": wall, "maxrss": usage.ru_maxrss * 1024, "tree_rss": peak[0], "returncode": proc.returncode,
        "stdout": out.read().decode("utf-8", "replace"), "stderr": err.read().decode("utf-8", "replace"),
        "cpu": usage.ru_utime + usage.ru_stime,
    }


def timings(commands: dict[str, list[str]], runs: int = 10, warmup: int = 2) -> dict[str, dict]:
    """name -> {median, mean, min, max} seconds, with hyperfine when installed."""
    hyperfine = shutil.which("hyperfine")
    results: dict[str, dict] = {}
    if hyperfine:
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            cmd = [hyperfine, "--style", "none", "-i", "--warmup", str(warmup), "--runs", str(runs), "-N",
                   "--export-json", export.name]
            for name, argv in commands.items():
                cmd += ["--command-name", name, " ".join(_quote(a) for a in argv)]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for item in json.load(open(export.name))["results"]:
                times = item["times"]
                results[item["command"]] = {
                    "median": item["median"], "mean": item["mean"], "min": min(times), "max": max(times),
                    "tool": "hyperfine",
                }
        return results
    for name, argv in commands.items():
        times = []
        for i in range(warmup + runs):
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            if i >= warmup:
                times.append(time.perf_counter() - start)
        results[name] = {"median": statistics.median(times), "mean": statistics.mean(times),
                         "min": min(times), "max": max(times), "tool": "python loop"}
    return results


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w@%+=:,./-]+", arg) else "'" + arg.replace("'", "'\"'\"'") + "'"


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


# ---------------------------------------------------------------- ingest


def make_corpus_files(work: Path, count: int, seed: int = 1) -> tuple[Path, Path]:
    """A folder of .txt files and a JSON Lines file with the same texts
    (reused when already there)."""
    folder = work / f"corpus-{count}"
    jsonl = work / f"corpus-{count}.jsonl"
    marker = work / f"corpus-{count}.done"
    if marker.exists():
        return folder, jsonl
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with jsonl.open("w", encoding="utf-8") as out:
        for article in make_corpus.generate(count, seed=seed):
            (folder / f"{article['id']:06d}.txt").write_text(article["text"], encoding="utf-8")
            out.write(json.dumps({"id": article["id"], "path": f"{article['id']:06d}.txt",
                                  "text": article["text"]}, ensure_ascii=False) + "\n")
    marker.touch()
    return folder, jsonl


def ingest_supports_jobs() -> bool:
    help_text = subprocess.run([VISITCTL, "ingest", "--help"], capture_output=True, text=True).stdout
    return "--jobs" in help_text


def bench_ingest(work: Path, count: int, jobs: int | None) -> dict:
    folder, jsonl = make_corpus_files(work, count)
    db = work / "ingest.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cmd = [VISITCTL, "ingest", "--db", str(db), str(folder), "--format", "json"]
    has_jobs = ingest_supports_jobs()
    if has_jobs and jobs:
        cmd[2:2] = ["--jobs", str(jobs)]
    print(f"ingest: {' '.join(cmd)}", file=sys.stderr)
    result = run_measured(cmd)
    if result["returncode"] != 0:
        print(result["stderr"][-2000:], file=sys.stderr)
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    visits = sqlite3.connect(db).execute("SELECT count(*) FROM visits").fetchone()[0]

    parallel = None
    if not (has_jobs and jobs and jobs > 1) and (jobs or 1) > 1:
        parallel = bench_parallel_processes(work, folder, jobs)

    floor_db = work / "floor.db"
    floor_db.unlink(missing_ok=True)
    floor_cmd = [SQLITE_UTILS, "insert", str(floor_db), "articles", str(jsonl), "--nl", "--pk", "id"]
    print(f"floor: {' '.join(floor_cmd)}", file=sys.stderr)
    floor = run_measured(floor_cmd)
    fts_cmd = [SQLITE_UTILS, "enable-fts", str(floor_db), "articles", "text", "--create-triggers"]
    fts = run_measured(fts_cmd)
    size = sum(p.stat().st_size for p in folder.iterdir())
    print("parts: read, extract, fold, store, one process", file=sys.stderr)
    parts = subprocess.run([sys.executable, str(HERE / "parts.py"), str(folder), "--articles", str(min(count, 2000))],
                           capture_output=True, text=True)
    return {"parts": json.loads(parts.stdout) if parts.returncode == 0 else None,
            
        "articles": count, "stored": stored, "visits": visits, "bytes": size, "jobs": jobs if has_jobs else None,
        "has_jobs": has_jobs, "cores": os.cpu_count(), "ingest": result, "parallel": parallel, "floor": floor, "floor_fts": fts,
        "command": " ".join(cmd[1:]).replace(str(work), "$WORK"),
    }


def bench_parallel_processes(work: Path, folder: Path, n: int) -> dict:
    """Without --jobs: ``n`` ingest processes on disjoint slices of the corpus,
    one database, at once (what parallel extraction could reach)."""
    slices = work / f"{folder.name}-slices"
    if not slices.exists():
        files = sorted(folder.iterdir())
        for i, path in enumerate(files):
            part = slices / f"part{i % n}"
            part.mkdir(parents=True, exist_ok=True)
            os.link(path, part / path.name)
    db = work / "parallel.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cmd = ["sh", "-c", " & ".join(
        f"{_quote(VISITCTL)} ingest --db {_quote(str(db))} {_quote(str(part))} --format json >/dev/null"
        for part in sorted(slices.iterdir())) + " & wait"]
    print(f"parallel: {n} ingest processes", file=sys.stderr)
    result = run_measured(cmd)
    result["processes"] = n
    result["stored"] = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    return result


def report_ingest(r: dict) -> list[str]:
    ing, floor, fts = r["ingest"], r["floor"], r["floor_fts"]
    rate = r["articles"] / ing["wall"]
    floor_rate = r["articles"] / floor["wall"]
    floor_fts_wall = floor["wall"] + fts["wall"]
    jobs = f"--jobs {r['jobs']}" if r["jobs"] else "single process (no --jobs option yet)"
    lines = [
        f"## Ingest: {r['articles']:,} articles ({r['bytes'] / 1e6:.0f} MB of text), {jobs}",
        "",
        "| | wall | articles/s | ratio to floor | peak RSS (largest process) | peak RSS (all processes) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| `visitctl ingest` | {ing['wall']:.1f} s | {rate:,.0f} | {ing['wall'] / floor['wall']:.1f}x "
        f"| {_mb(ing['maxrss'])} | {_mb(ing['tree_rss'])} |",
        f"| `sqlite-utils insert` (floor) | {floor['wall']:.1f} s | {floor_rate:,.0f} | 1.0x "
        f"| {_mb(floor['maxrss'])} | {_mb(floor['tree_rss'])} |",
        f"| `sqlite-utils insert` + `enable-fts` | {floor_fts_wall:.1f} s | {r['articles'] / floor_fts_wall:,.0f} "
        f"| {ing['wall'] / floor_fts_wall:.1f}x (to this) | {_mb(max(floor['maxrss'], fts['maxrss']))} | |",
    ]
    par = r.get("parallel")
    if par:
        lines.append(
            f"| {par['processes']} `visitctl ingest` processes on slices of the corpus, one database "
            f"(what `--jobs {par['processes']}` could reach) | {par['wall']:.1f} s | {r['articles'] / par['wall']:,.0f} "
            f"| {par['wall'] / floor['wall']:.1f}x | {_mb(par['maxrss'])} | {_mb(par['tree_rss'])} |")
    lines += [
        "",
        f"Stored {r['stored']:,} articles, {r['visits']:,} visits; exit code {ing['returncode']}; "
        f"CPU time of the ingest {ing['cpu']:.0f} s on {r['cores']} cores "
        f"({ing['cpu'] / ing['wall']:.2f} cores busy on average).",
        "",
    ]
    parts = r.get("parts")
    if parts:
        floor_ms = floor["wall"] / r["articles"] * 1000
        own = parts["read"] + parts["store"]
        lines += [
            f"Where the CPU goes, per article (`benchmarks/parts.py`, one process, {parts['articles']:,} articles): "
            f"read {parts['read']:.2f} ms, extract {parts['extract']:.2f} ms, fold {parts['fold']:.2f} ms, "
            f"store {parts['store']:.2f} ms; the ingest spent {ing['cpu'] / r['articles'] * 1000:.2f} ms in all. "
            f"Reading and storing alone, which run in the one process that writes the database, take "
            f"{own:.2f} ms an article: {own / floor_ms:.1f}x the floor ({floor_ms:.2f} ms an article) before "
            "any extraction.",
            "",
        ]
    return lines


# ---------------------------------------------------------------- the 100,000-visit database

DIRECTIVE_TEMPLATES = [
    "Tập trung hoàn thành {what} trước {when}",
    "Đẩy nhanh tiến độ giải phóng mặt bằng {what}",
    "Rà soát, hoàn thiện quy hoạch {what} bảo đảm đồng bộ",
    "Quan tâm chăm lo đời sống người dân, nhất là {who}",
    "Chủ động phòng, chống thiên tai, bảo đảm an toàn cho {who}",
    "Tăng cường thu ngân sách, phấn đấu hoàn thành {what} vượt dự toán",
    "Nâng cao chất lượng phục vụ của Trung tâm hành chính công, giải quyết thủ tục cho {who}",
    "Phát triển sản xuất nông nghiệp theo hướng hàng hóa, gắn với {what}",
    "Xây dựng đội ngũ cán bộ đủ năng lực vận hành chính quyền địa phương 2 cấp",
    "Giữ vững an ninh trật tự, xử lý dứt điểm {what}",
    "Huy động các nguồn lực đầu tư {what}",
    "Làm tốt công tác vệ sinh môi trường, thu gom xử lý rác thải tại {what}",
]
WHAT = ["dự án đường giao thông liên xã", "khu tái định cư", "trường mầm non", "trạm y tế", "kè chống sạt lở",
        "chợ trung tâm", "cụm công nghiệp", "nhà văn hóa thôn", "hệ thống thủy lợi", "các tuyến đê"]
WHO = ["hộ nghèo", "gia đình chính sách", "người cao tuổi", "học sinh", "doanh nghiệp", "người dân vùng lũ"]
WHEN = ["cuối năm", "ngày 31/12", "quý IV", "Tết Nguyên đán", "tháng 6"]
PROJECTS = ["Dự án nâng cấp đê {c}", "Trung tâm Phục vụ hành chính công {c}", "Trường tiểu học {c}",
            "Dự án đường giao thông {c}", "Khu dân cư mới {c}", "Nhà máy nước sạch {c}", "Cầu {c}"]


def build_query_db(path: Path, visits: int = 100_000, per_article: int = 4, seed: int = 7) -> dict:
    """A database of ``visits`` visits (``per_article`` communes per article,
    one project and two directives per visit), written in one transaction."""
    from visitctl import gazetteer
    from visitctl.extract.normalize import fold
    from visitctl.model import Article, Directive, Extraction, Official, Place, Project, Visit
    from visitctl.store import open_db
    from visitctl.store.write import save_article

    rng = random.Random(seed)
    counts: dict[str, int] = {}
    units = []
    for province in gazetteer.provinces():
        for unit in gazetteer.communes_of(province):
            units.append(unit)
            counts[fold(unit["name"])] = counts.get(fold(unit["name"]), 0) + 1
    unique = [u for u in units if counts[fold(u["name"])] == 1]
    rng.shuffle(unique)
    communes = unique[:1000]
    officials = sorted({make_corpus._person(rng) for _ in range(600)})[:300]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_db(path, write=True)
    start = time.perf_counter()
    db.conn.execute("BEGIN")
    n_articles = visits // per_article
    for n in range(n_articles):
        official = rng.choice(officials)
        date = (dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))).isoformat()
        places = rng.sample(communes, per_article)
        lines = [f"Đồng chí {official} thăm, làm việc tại {', '.join(p['name'] for p in places)} (bài {n})"]
        vs = []
        for place in places:
            directives = []
            for _ in range(2):
                text = rng.choice(DIRECTIVE_TEMPLATES).format(
                    what=rng.choice(WHAT), who=rng.choice(WHO), when=rng.choice(WHEN))
                directives.append(Directive(text, []))
                lines.append(f"Đồng chí đề nghị {place['type']} {place['name']}: {text}.")
            project = rng.choice(PROJECTS).format(c=place["name"])
            lines.append(f"Đoàn kiểm tra {project}.")
            vs.append(Visit(date=date, officials=[Official(official, "Phó Bí thư Tỉnh ủy")],
                            commune=Place(place["name"], place["type"], None, place["province"]),
                            projects=[Project(project)], directives=directives))
        text = "\n\n".join(lines)
        article = Article(text=text, source=f"/bench/{n}.txt", title=lines[0],
                          sha256=hashlib.sha256(text.encode()).hexdigest())
        save_article(db, article, Extraction(title=lines[0], visits=vs))
    db.conn.execute("COMMIT")
    db.conn.close()
    return {"seconds": time.perf_counter() - start, "articles": n_articles, "visits": n_articles * per_article,
            "communes": [c["name"] for c in communes], "officials": officials}


def bench_queries(work: Path, visits: int, runs: int) -> dict:
    path = work / f"query-{visits}.db"
    meta_path = work / f"query-{visits}.json"
    if meta_path.exists() and path.exists():
        meta = json.loads(meta_path.read_text())
    else:
        print(f"building a database of {visits:,} visits ...", file=sys.stderr)
        # In a child process: memory this process holds would otherwise show
        # in the peak RSS of every command it starts later (fork before exec).
        subprocess.run([sys.executable, "-c", "import json, sys; sys.path.insert(0, sys.argv[1]); import run; "
                        "meta = run.build_query_db(run.Path(sys.argv[2]), int(sys.argv[3])); "
                        "open(sys.argv[4], 'w').write(json.dumps(meta, ensure_ascii=False))",
                        str(HERE), str(path), str(visits), str(meta_path)], check=True)
        meta = json.loads(meta_path.read_text())
    conn = sqlite3.connect(path)
    # A commune with a typical number of visits.
    per_commune = conn.execute(
        "SELECT c.name, count(*) n FROM visits v JOIN communes c ON c.id = v.commune_id GROUP BY c.id ORDER BY n"
    ).fetchall()
    commune, commune_visits = per_commune[len(per_commune) // 2]
    # 100 communes with visits, each name unique in the database (diff takes names).
    diff_communes = [r[0] for r in conn.execute(
        "SELECT min(name) FROM communes WHERE id IN (SELECT commune_id FROM visits)"
        " GROUP BY name_key HAVING count(*) = 1 ORDER BY min(id) LIMIT 100")]
    stats = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("articles", "visits", "communes", "officials", "projects", "directives")}
    conn.close()
    db = ["--db", str(path)]
    commands = {
        "visits --commune": [VISITCTL, "visits", "--commune", commune, "--format", "json", *db],
        "visits --commune (table)": [VISITCTL, "visits", "--commune", commune, "--format", "table", *db],
        "show --commune": [VISITCTL, "show", "--commune", commune, "--format", "json", *db],
        "projects --search": [VISITCTL, "projects", "--search", "trung tâm phục vụ", "--format", "json", "--limit",
                              "50", *db],
        "search": [VISITCTL, "search", "giải phóng mặt bằng", "--format", "json", "--limit", "50", *db],
        "diff (100 communes)": [VISITCTL, "diff", *diff_communes, "--format", "json", *db],
        "visits (every row, jsonl)": [VISITCTL, "visits", "--format", "jsonl", *db],
        "visits (table, default limit)": [VISITCTL, "visits", "--format", "table", *db],
        "search (table, default limit)": [VISITCTL, "search", "giải phóng mặt bằng", "--format", "table", *db],
        "directives (table, default limit)": [VISITCTL, "directives", "--format", "table", *db],
        "sqlite3 count(*) (floor)": [sys.executable, "-c",
                                     f"import sqlite3; sqlite3.connect({str(path)!r}).execute("
                                     "'select count(*) from visits').fetchone()"],
    }
    rows = {}
    for name, argv in commands.items():
        check = subprocess.run(argv, capture_output=True, text=True)
        out = check.stdout
        try:
            data = json.loads(out)
            size = len(data) if isinstance(data, list) else len(data.get("groups", data.get("visits", [])))
        except ValueError:
            size = None
        rows[name] = {"returncode": check.returncode, "rows": size, "stderr": check.stderr.strip()[-300:]}
    times = timings(commands, runs=runs)
    for name in commands:
        rows[name].update(times[name])
    for name in ("visits (every row, jsonl)", "diff (100 communes)", "visits (table, default limit)",
                 "directives (table, default limit)"):
        rows[name]["maxrss"] = run_measured(commands[name])["tree_rss"]  # sampled after exec
    full = subprocess.run(commands["visits (every row, jsonl)"], capture_output=True, text=True)
    rows["visits (every row, jsonl)"]["rows"] = full.stdout.count("\n")
    return {"db": stats, "commune": commune, "commune_visits": commune_visits, "results": rows,
            "build_seconds": meta.get("seconds")}


def report_queries(r: dict) -> list[str]:
    s = r["db"]
    lines = [
        f"## Queries on {s['visits']:,} visits ({s['articles']:,} articles, {s['communes']:,} communes, "
        f"{s['officials']:,} officials, {s['projects']:,} projects, {s['directives']:,} directives)",
        "",
        f"Wall time of the whole command, startup included; `--commune` is '{r['commune']}' "
        f"({r['commune_visits']} visits).",
        "",
        "| command | median | min | max | rows (diff: groups) | exit |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in r["results"].items():
        lines.append(f"| `{name}` | {row['median'] * 1000:.0f} ms | {row['min'] * 1000:.0f} ms "
                     f"| {row['max'] * 1000:.0f} ms | {row['rows'] if row['rows'] is not None else ''} "
                     f"| {row['returncode']} |")
    for name, row in r["results"].items():
        if "maxrss" in row:
            lines.append(f"\nPeak RSS of `{name}`: {_mb(row['maxrss'])}.")
    failed = [f"`{n}`: {row['stderr']}" for n, row in r["results"].items() if row["returncode"] != 0]
    if failed:
        lines += ["", "Failed: " + "; ".join(failed)]
    lines.append("")
    return lines


# ---------------------------------------------------------------- startup and imports


def small_db(work: Path) -> Path:
    path = work / "small.db"
    if not path.exists():
        subprocess.run([VISITCTL, "ingest", "--db", str(path), str(ROOT / "fixtures" / "seeds"), "--format", "json"],
                       check=False, capture_output=True)
    return path


def bench_startup(work: Path, runs: int) -> dict:
    db = small_db(work)
    commands = {
        "visitctl --help": [VISITCTL, "--help"],
        "visitctl visits (small db)": [VISITCTL, "visits", "--db", str(db), "--format", "json"],
        "visitctl search (small db)": [VISITCTL, "search", "đê", "--db", str(db), "--format", "json"],
        "visitctl --version": [VISITCTL, "--version"],
        "sqlite-utils --help": [SQLITE_UTILS, "--help"],
        "sqlite-utils rows (small db)": [SQLITE_UTILS, "rows", str(db), "visits"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    return timings(commands, runs=runs)


def report_startup(r: dict) -> list[str]:
    tool_used = next(iter(r.values()))["tool"]
    lines = [f"## Startup ({tool_used})", "", "| command | median | min | max |", "|---|---:|---:|---:|"]
    for name, row in r.items():
        lines.append(f"| `{name}` | {row['median'] * 1000:.0f} ms | {row['min'] * 1000:.0f} ms "
                     f"| {row['max'] * 1000:.0f} ms |")
    return lines + [""]


def bench_imports(work: Path) -> dict:
    db = small_db(work)
    result = subprocess.run([sys.executable, "-X", "importtime", VISITCTL, "visits", "--db", str(db), "--format",
                             "json"], capture_output=True, text=True)
    entries = []
    for line in result.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            entries.append((int(m.group(2)), int(m.group(1)), len(m.group(3)), m.group(4)))
    top_level = sorted((e for e in entries if e[2] <= 1), reverse=True)[:15]
    loaded = {e[3] for e in entries}
    heavy = {name: name in loaded for name in (
        "sqlite_utils", "dateparser", "trafilatura", "httpx", "pydantic", "rich", "lxml", "charset_normalizer",
        "visitctl.extract.pipeline", "visitctl.gazetteer", "vietnam_provinces")}
    total = sum(e[1] for e in entries)
    return {"top": top_level, "heavy": heavy, "total_us": total}


def report_imports(r: dict) -> list[str]:
    lines = [
        "## Imports of `visitctl visits` (python -X importtime)",
        "",
        f"Total import time {r['total_us'] / 1000:.0f} ms. Costliest top-level imports (cumulative):",
        "",
        "| module | cumulative | self |",
        "|---|---:|---:|",
    ]
    for cumulative, own, _, name in r["top"]:
        lines.append(f"| `{name}` | {cumulative / 1000:.1f} ms | {own / 1000:.1f} ms |")
    lines += ["", "Loaded by a query command: " + ", ".join(
        f"`{name}` {'yes' if loaded else 'no'}" for name, loaded in r["heavy"].items()), ""]
    return lines


# ---------------------------------------------------------------- goals


def report_goals(found: dict[str, dict]) -> list[str]:
    """The figures against the goals of the performance issue."""
    rows = []
    if "ingest" in found:
        r = found["ingest"]
        ratio = r["ingest"]["wall"] / r["floor"]["wall"]
        rows.append(("ingest within 5x of `sqlite-utils insert`", f"{ratio:.0f}x", ratio <= 5))
        rss = r["ingest"]["tree_rss"]
        rows.append(("ingest peak memory under 200 MB (all processes)", _mb(rss), rss < 200 * 1024 * 1024))
    if "startup" in found:
        st = found["startup"]
        floor = st["sqlite-utils --help"]["median"]
        for name in ("visitctl --help", "visitctl visits (small db)"):
            t = st[name]["median"]
            rows.append((f"`{name}` no slower than `sqlite-utils --help` ({floor * 1000:.0f} ms)",
                         f"{t * 1000:.0f} ms", t <= floor * 1.05))
    if "queries" in found:
        for name, row in found["queries"]["results"].items():
            if name.startswith("sqlite3") or "every row" in name:
                continue
            rows.append((f"`{name}` under 0.3 s", f"{row['median'] * 1000:.0f} ms", row["median"] < 0.3))
    if not rows:
        return []
    lines = ["## Against the goals", "", "| goal | measured | met |", "|---|---:|:---:|"]
    lines += [f"| {goal} | {value} | {'yes' if ok else 'no'} |" for goal, value, ok in rows]
    return lines + [""]


# ---------------------------------------------------------------- main


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(open("/proc/meminfo").readline().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = "?"
    load = os.getloadavg()[0]
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{mem}; "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; visitctl at {commit}; "
            f"load average {load:.1f} at start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000, help="articles to ingest (default 20000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="ingest --jobs (default: all cores)")
    parser.add_argument("--visits", type=int, default=100_000, help="visits in the query database")
    parser.add_argument("--runs", type=int, default=10, help="runs per timed command (default 10)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "visitctl-bench",
                        help="working folder (corpus and databases are kept there for reuse)")
    parser.add_argument("--only", nargs="*", choices=["ingest", "startup", "queries", "imports"],
                        help="run only these parts")
    parser.add_argument("--out", type=Path, help="also write the report to this Markdown file")
    args = parser.parse_args(argv)
    parts = args.only or ["ingest", "startup", "queries", "imports"]
    args.work.mkdir(parents=True, exist_ok=True)

    lines = [f"# visitctl benchmarks, {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}", "",
             f"Machine: {machine()}.", "",
             f"Command: `python benchmarks/run.py {' '.join(argv if argv is not None else sys.argv[1:])}`", ""]
    found: dict[str, dict] = {}
    if "ingest" in parts:
        found["ingest"] = bench_ingest(args.work, args.articles, args.jobs)
        lines += report_ingest(found["ingest"])
    if "startup" in parts:
        found["startup"] = bench_startup(args.work, args.runs)
        lines += report_startup(found["startup"])
    if "queries" in parts:
        found["queries"] = bench_queries(args.work, args.visits, args.runs)
        lines += report_queries(found["queries"])
    if "imports" in parts:
        lines += report_imports(bench_imports(args.work))
    lines += report_goals(found)
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
