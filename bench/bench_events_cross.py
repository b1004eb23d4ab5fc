"""Events: cross-article fusion precision and missed joins on held-out PolNeAR articles.

Run: .venv/bin/python bench/bench_events_cross.py [--store PATH]
(data from ../shared/data/polnear or $STORYLINE_SHARED/data/polnear; --store keeps the
built store at PATH and reuses it when its article set is the same).

Why: `bench_events.py`'s fusion set holds 55 articles, and the fusion rules were written
reading joins on them and on make_big_store's seed store; this set measures joins across
articles on neither. `labels/events_cross.jsonl` names PolNeAR files (under ../shared)
and pairs of event mentions (trigger offsets into storyline's clean text of each file's
record, built below as make_big_store builds its seed records: headline as title, the
file's date and outlet), each labelled by reading both sentences and the articles'
dates: `kind` "join" (storyline fused the two; independence keys differ; for every event
fused across articles, its earliest mention paired with the first mention of each other
independent article: 41 joins, all there were) or "miss" (same type, articles of different
independence keys dated within 6 days, not fused; `sample` "random" among such pairs with
no participant phrase in common, "shared phrase" with one, "shared name" with a named
participant in common, pronouns resolved: 20 each, seeded), `verdict` "right" (the same
real happening), "wrong" or "unsure", and for wrong joins `note`, the kind of mistake.
Articles: every PolNeAR train/dev file of 2016-05-02..2016-05-29 and 2016-08-10..
2016-10-07 (the densest stretches left: up to 7 articles and 5 outlets a day) that is
neither among make_big_store's seed_records(400) nor in events_fusion.jsonl: 172.
Pairs are split in halves by `halves.py` over their keys; the whole set is held out.
Labelled 2026-12-02 against event_groups v6.

The files go through `storyline run` into a temporary store; each labelled pair is
looked up by its trigger spans: cross-article join precision is right / (right + wrong)
over the labelled joins still fused (unsure apart), the missed-join share is the share
of "miss" pairs labelled right (the same happening) that stay apart. A labelled join
no longer fused, or a miss now fused, is counted and shown: the rules changed since the
labels.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("STORYLINE_SHARED", HERE.parent.parent / "shared"))
LABELS = HERE / "labels" / "events_cross.jsonl"
STORYLINE = HERE.parent / ".venv" / "bin" / "storyline"
WEEKS = (("2016-05-02", "2016-05-29"), ("2016-08-10", "2016-10-07"))


def choose() -> list[str]:
    """The held-out articles (paths under ../shared), as the docstring says."""
    sys.path.insert(0, str(HERE))
    from make_big_store import seed_records

    seed = {r["url"] for r in seed_records(400)}
    fusion = {json.loads(line)["file"] for line in
              (HERE / "labels" / "events_fusion.jsonl").read_text().splitlines() if line}
    base = SHARED / "data" / "polnear"
    out = []
    for split in ("train", "dev"):
        for path in sorted((base / split / "text").glob("*.txt")):
            rel = str(path.relative_to(SHARED))
            if rel in fusion or _record(path)["url"] in seed:
                continue
            day = path.stem.split("_", 2)[1]
            if any(lo <= day <= hi for lo, hi in WEEKS):
                out.append(rel)
    return out


def _meta() -> dict[str, dict[str, str]]:
    with open(SHARED / "data" / "polnear" / "metadata.tsv", encoding="utf-8") as handle:
        return {r["filename"]: r for r in csv.DictReader(handle, delimiter="\t")}


def _record(path: Path, meta: dict | None = None) -> dict:
    """One file as make_big_store.seed_records makes it (same url, title, date, outlet)."""
    publisher, day, slug = path.stem.split("_", 2)
    paras = [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    row = (meta or {}).get(path.stem, {})
    author = row.get("author")
    return {"url": f"https://{publisher}.example/{day.replace('-', '/')}/{slug}",
            "title": row.get("title") or paras[0], "published": day, "site": publisher,
            "author": author if author and author != "None" else None,
            "text": "\n\n".join(paras[1:])}


def build(files: list[str], db: Path) -> None:
    """`storyline run` on the files' records into `db` (reused when built from the same)."""
    stamp = db.with_suffix(".files")
    if db.exists() and stamp.exists() and stamp.read_text() == "\n".join(files):
        return
    db.unlink(missing_ok=True)
    meta = _meta()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "held_out.jsonl"
        with inputs.open("w", encoding="utf-8") as out:
            for f in files:
                path = SHARED / f
                if not path.is_file():
                    raise SystemExit(f"{LABELS}: article {f} not found under {SHARED}")
                out.write(json.dumps(_record(path, meta)) + "\n")
        done = subprocess.run([str(STORYLINE), "run", str(inputs), "--db", str(db),
                               "--no-report"], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"storyline run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    stamp.write_text("\n".join(files))


def load(db: Path, files: list[str]):
    """Article id by file; event id by (article, trigger span); independence keys; texts."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    by_url = {u: a for a, u in con.execute("SELECT id, url FROM articles").fetchall()}
    ids = {f: by_url[_record(SHARED / f)["url"]] for f in files}
    event_of = {}
    for eid, mentions in con.execute("SELECT id, mentions FROM events").fetchall():
        for m in json.loads(mentions):
            event_of[(m[0], m[4], m[5])] = eid
    keys = dict(con.execute("SELECT article, independence_key FROM article_copies").fetchall())
    con.close()
    return ids, event_of, keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="keep the built store here")
    args = parser.parse_args()
    labels = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    files = sorted({lab[side]["file"] for lab in labels for side in ("a", "b")} |
                   set(choose()))
    with tempfile.TemporaryDirectory() as tmp:
        db = args.store or Path(tmp) / "cross.duckdb"
        build(files, db)
        ids, event_of, _ = load(db, files)

    def event(side: dict) -> str | None:
        return event_of.get((ids[side["file"]], side["start"], side["end"]))

    print(f"Cross-article event fusion, held-out PolNeAR ({len(files)} articles, "
          f"{len(labels)} labelled pairs)")
    print(f"{'':28}{'half A':>20}{'half B':>20}{'all':>20}")
    stats = {h: Counter() for h in ("A", "B", "all")}
    kinds: Counter = Counter()
    for lab in labels:
        ea, eb = event(lab["a"]), event(lab["b"])
        fused = ea is not None and ea == eb
        for h in (lab["half"], "all"):
            s = stats[h]
            if lab["kind"] == "join":
                s["join " + (lab["verdict"] if fused else "apart now")] += 1
            else:
                s["miss n"] += 1
                s[f"miss {lab['sample']} n"] += 1
                same = lab["verdict"] == "right"
                s["miss same"] += same and not fused
                s[f"miss {lab['sample']} same"] += same and not fused
                s["miss unsure"] += lab["verdict"] == "unsure"
                s["miss fused now"] += fused
        if lab["kind"] == "join" and fused and lab["verdict"] == "wrong":
            kinds[lab["note"]] += 1

    def rate(num: int, den: int) -> str:
        return f"{num / den:.3f} ({num}/{den})" if den else "n/a"

    rows = [("join precision", lambda s: rate(s["join right"],
                                              s["join right"] + s["join wrong"])),
            ("joins unsure", lambda s: str(s["join unsure"])),
            ("labelled joins apart now", lambda s: str(s["join apart now"])),
            ("missed-join share", lambda s: rate(s["miss same"], s["miss n"]))]
    for sample in ("random", "shared phrase", "shared name"):
        rows.append((f"  of which {sample}", lambda s, k=sample: rate(
            s[f"miss {k} same"], s[f"miss {k} n"])))
    rows += [("misses unsure", lambda s: str(s["miss unsure"])),
             ("misses fused now", lambda s: str(s["miss fused now"]))]
    for label, fn in rows:
        print(f"{label:28}" + "".join(f"{fn(stats[h]):>20}" for h in ("A", "B", "all")))
    print("wrong joins by kind: " + "; ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("missed-join share: unjoined same-type pairs of different articles within 6 days "
          "(random; sharing a participant phrase; sharing a named participant) that are "
          "the same happening")
    print("no anchor: no published fusion figure exists for these articles")


if __name__ == "__main__":
    main()
