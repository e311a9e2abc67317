"""Time `visitctl diff` grouping on 100 communes (not a test).

    python benchmarks/bench_diff.py [--communes 100] [--per 10] [--repeat 5] [--db]

Builds a synthetic set: each commune receives ``--per`` directives drawn from
30 distinct asks, each written with the commune's name and varying
boilerplate around it, then times ``visitctl.diff.group_directives`` and
checks the groups match the asks.  With ``--db`` it also stores the set in a
temporary database (one visit per commune) and times the whole of
``visitctl diff`` with every commune named: the library path (resolving the
names, selecting the directives, grouping) and the command in a fresh process.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ASKS = [
    "giải phóng mặt bằng dự án đường ven biển đúng tiến độ",
    "phòng cháy chữa cháy rừng trong mùa khô",
    "chăm lo đời sống người có công với cách mạng",
    "chuyển đổi số trong giải quyết thủ tục hành chính",
    "phát triển nông nghiệp ứng dụng công nghệ cao",
    "giữ vững an ninh chính trị, trật tự an toàn xã hội",
    "xử lý dứt điểm tình trạng lấn chiếm đất công",
    "nâng cấp hệ thống kênh mương nội đồng phục vụ tưới tiêu",
    "xây dựng trường học đạt chuẩn quốc gia",
    "thu gom, xử lý rác thải sinh hoạt tại các khu dân cư",
    "đào tạo nghề cho lao động nông thôn, tạo việc làm cho thanh niên",
    "thu hút doanh nghiệp đầu tư vào cụm công nghiệp",
    "bảo tồn, phát huy giá trị di tích lịch sử văn hóa",
    "phòng, chống thiên tai, ứng phó với mưa lũ",
    "đẩy nhanh giải ngân vốn đầu tư công",
    "xóa nhà tạm, nhà dột nát cho hộ nghèo",
    "quản lý chặt chẽ hoạt động khai thác khoáng sản",
    "phát triển du lịch cộng đồng gắn với sản phẩm OCOP",
    "bảo đảm nước sạch cho người dân vùng cao",
    "kiện toàn đội ngũ cán bộ cấp xã sau sắp xếp",
    "tiêm chủng đầy đủ cho trẻ em, phòng chống dịch bệnh",
    "cải tạo, mở rộng chợ trung tâm",
    "trồng rừng gỗ lớn, bảo vệ rừng phòng hộ đầu nguồn",
    "thu ngân sách, chống thất thu thuế",
    "phát triển chăn nuôi an toàn sinh học, phòng dịch tả lợn châu Phi",
    "đấu tranh phòng chống ma túy trong học đường",
    "hoàn thiện hồ sơ cấp giấy chứng nhận quyền sử dụng đất",
    "xây dựng nông thôn mới kiểu mẫu",
    "nâng cao chất lượng khám chữa bệnh ban đầu tại trạm y tế",
    "phát triển kinh tế biển, nuôi trồng thủy sản",
]
PREFIXES = ["", "Đề nghị xã {name} ", "Đồng thời, cần ", "Tập trung ", "Chính quyền xã {name} tiếp tục ",
            "Yêu cầu các cấp, các ngành ", "Cùng với đó, phải "]
SUFFIXES = ["", " trong thời gian tới", " trên địa bàn", " có hiệu quả", " của địa phương"]
FIRST = ["Tân", "Phú", "Hòa", "Vĩnh", "Đông", "Tây", "Bắc", "Thạch", "Quảng", "Triệu"]
SECOND = ["Lập", "Lộc", "Thịnh", "Hưng", "Thọ", "Phong", "Sơn", "Xuân", "Hà", "Tiến"]


def synthetic(communes: int = 100, per: int = 10, seed: int = 7) -> tuple[list, dict[str, int]]:
    """Columns (name, texts) and, for each text, the ask it was written from."""
    rng = random.Random(seed)
    names = [f"{a} {b}" for a in FIRST for b in SECOND][:communes]
    columns = []
    truth: dict[str, int] = {}
    for name in names:
        texts = []
        for ask in rng.sample(range(len(ASKS)), per):
            text = (rng.choice(PREFIXES) + ASKS[ask] + rng.choice(SUFFIXES)).format(name=name)
            text = text[0].upper() + text[1:]
            truth[f"{name}\t{text}"] = ask
            texts.append(text)
        columns.append((name, texts))
    return columns, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--per", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", action="store_true", help="also time the command on a database")
    args = parser.parse_args()

    from visitctl.diff import group_directives

    columns, truth = synthetic(args.communes, args.per)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = group_directives(columns)
        times.append(time.perf_counter() - start)
    asks_per_group = [{truth[f"{c}\t{t}"] for c, texts in g.members.items() for t in texts} for g in result.groups]
    correct = all(len(a) == 1 for a in asks_per_group) and len(result.groups) == len({truth[k] for k in truth})
    n = sum(len(t) for _, t in columns)
    print(f"{args.communes} communes, {n} directives -> {len(result.groups)} groups "
          f"({'as written' if correct else 'NOT as written'})")
    print(f"best {min(times) * 1000:.0f} ms, median {sorted(times)[len(times) // 2] * 1000:.0f} ms "
          f"over {args.repeat} runs")
    if args.db:
        with tempfile.TemporaryDirectory() as tmp:
            time_database(columns, Path(tmp) / "bench.db", args.repeat)


def time_database(columns: list, path: Path, repeat: int) -> None:
    """Store ``columns`` as visits, then time diff with every commune named."""
    from visitctl.diff import group_directives
    from visitctl.model import Directive, Extraction, Official, Place, Visit
    from visitctl.sources import make_article
    from visitctl.store import open_db
    from visitctl.store.directives import diff_columns
    from visitctl.store.write import save_article

    db = open_db(path, write=True)
    for i, (name, texts) in enumerate(columns):
        article = make_article("\n\n".join(texts), f"bench-{i}.txt", title=f"Làm việc tại xã {name}")
        visit = Visit("2025-11-25", [Official("Nguyễn Văn An")], Place(name, "xã", None, "Thanh Hóa"),
                      directives=[Directive(t) for t in texts])
        save_article(db, article, Extraction(title=article.title, visits=[visit]))
    db.conn.close()
    names = [name for name, _ in columns]
    times = []
    for _ in range(repeat):
        db = open_db(path)
        start = time.perf_counter()
        selected = diff_columns(db, names)
        group_directives([(c.label, c.items()) for c in selected])
        times.append(time.perf_counter() - start)
        db.conn.close()
    print(f"select + group from the database: best {min(times) * 1000:.0f} ms")
    command = [sys.executable, "-m", "visitctl", "diff", *names, "--format", "json", "--db", str(path)]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    print(f"visitctl diff with {len(names)} communes, whole command: {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
