"""Copy detection: storyline vs plain datasketch MinHash-LSH, quality, speed and scale.

Run: .venv/bin/python bench/bench_copies.py            (quality + a 20,000-doc scale run)
     .venv/bin/python bench/bench_copies.py --n 100000  (the issue's scale figure, ~15 min
                                                          on one busy core)
Needs ../shared/data (or $STORYLINE_SHARED/data) and datasketch==2.0.0.

Quality, on bench/copygen.py's labelled set (real articles transformed the way
syndication transforms them, plus hard negatives): a pair of documents is
predicted a copy when both land in one group; pair precision and recall are
over all document pairs, recall also per true relation (near incl. exact,
contained); ARI compares the partitions (singletons included). The baseline
gets the same prose shingles, 128 permutations, MinHashLSH(threshold=0.5),
and takes every LSH hit as a copy (no verification), unioned into groups.

Speed: MinHash signatures for the same shingle sets, storyline's numpy
minhash vs datasketch MinHash.bulk (default SHA1 hashing of the shingle
bytes) and vs datasketch given pre-hashed ints (its best case). Scale: a
stream of mutated real text (copygen.scale_text): fingerprint + index +
verify per second (text generation not timed), peak RSS, and the time to
add one more document to the full index.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import sys
import time
from collections import OrderedDict
from math import comb
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import copygen  # noqa: E402

from storyline.copies import (  # noqa: E402
    ArticleInfo,
    CopyIndex,
    build_groups,
    check_group,
    check_text,
    fingerprint_and_shingles,
    minhash,
    relate,
    wire_credit,
)
from storyline.copies.fingerprint import NUM_PERM, K  # noqa: E402


def ari(truth: list[str], pred: list[str]) -> float:
    """Adjusted Rand index of two labelings of the same items."""
    pairs: dict[tuple[str, str], int] = {}
    for t, p in zip(truth, pred, strict=True):
        pairs[(t, p)] = pairs.get((t, p), 0) + 1
    a: dict[str, int] = {}
    b: dict[str, int] = {}
    for (t, p), n in pairs.items():
        a[t] = a.get(t, 0) + n
        b[p] = b.get(p, 0) + n
    index = sum(comb(n, 2) for n in pairs.values())
    sa, sb = sum(comb(n, 2) for n in a.values()), sum(comb(n, 2) for n in b.values())
    expected = sa * sb / comb(len(truth), 2)
    top = (sa + sb) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def clusters_to_pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    by: dict[str, list[str]] = {}
    for d, c in labels.items():
        by.setdefault(c, []).append(d)
    out = set()
    for m in by.values():
        m.sort()
        out.update((x, y) for i, x in enumerate(m) for y in m[i + 1 :])
    return out


def union(ids: list[str], pairs: list[tuple[str, str]]) -> dict[str, str]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in ids}


def storyline_run(docs: list[copygen.Doc]) -> tuple[dict[str, str], dict, dict]:
    """Predicted cluster per doc, the groups, and the misdating verdicts."""
    index, sh, pairs, infos = CopyIndex(), {}, [], []
    for d in docs:
        fp, s = fingerprint_and_shingles(d.id, d.text)
        sh[d.id] = (s, fp.text_hash)
        for c in index.add(fp):
            rel = relate(s, sh[c][0], same_text=fp.text_hash == sh[c][1])
            if rel.kind:
                pairs.append((d.id, c, rel))
        verdict = check_text(d.text, d.published)
        infos.append(ArticleInfo(d.id, d.published, d.site, fp.n_tokens, wire_credit(d.text),
                                 not verdict.misdated))
    byid = {i.id: i for i in infos}
    groups = build_groups(infos, pairs, lambda a, b: relate(sh[a][0], sh[b][0],
                                                            same_text=sh[a][1] == sh[b][1]))
    labels = {d.id: d.id for d in docs}
    flagged = {d.id: check_text(d.text, d.published) for d in docs}
    flagged = {k: v for k, v in flagged.items() if v.misdated}
    for g in groups:
        for m in g.members:
            labels[m.article] = g.id
        flagged.update(check_group(g, byid))
    return labels, {g.id: g for g in groups}, flagged


def datasketch_run(docs: list[copygen.Doc]) -> dict[str, str]:
    from datasketch import MinHash, MinHashLSH

    from storyline.copies import shingles

    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    pairs = []
    for d in docs:
        s = shingles(d.text)
        if not len(s):
            continue
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([x.tobytes() for x in s])
        pairs += [(d.id, c) for c in lsh.query(m)]
        lsh.insert(d.id, m)
    return union([d.id for d in docs], pairs)


def quality(seed: int) -> None:
    docs = copygen.make_benchmark(seed)
    truth = {d.id: d.cluster for d in docs}
    true_pairs = copygen.pair_labels(docs)
    n_doc = len(docs)
    print(f"labelled set: {n_doc} documents, {len(set(truth.values()))} clusters, "
          f"{len(true_pairs)} copy pairs "
          f"({sum(v == 'contained' for v in true_pairs.values())} with a contained copy); "
          f"shingles: word {K}-grams of prose paragraphs")
    t0 = time.perf_counter()
    ours, groups, flagged = storyline_run(docs)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    base = datasketch_run(docs)
    t_base = time.perf_counter() - t0
    print(f"\n{'system':<22}{'P':>7}{'R':>7}{'R near':>8}{'R cont':>8}{'ARI':>7}{'docs/s':>9}")
    for name, pred, t in (("storyline", ours, t_ours), ("datasketch LSH 0.5", base, t_base)):
        pp = clusters_to_pairs(pred)
        tp = pp & true_pairs.keys()
        p = len(tp) / len(pp) if pp else 1.0
        r = len(tp) / len(true_pairs)
        rk = {}
        for kind in ("near", "contained"):
            want = {k for k, v in true_pairs.items() if v == kind}
            rk[kind] = len(want & pp) / len(want)
        a = ari([truth[d.id] for d in docs], [pred[d.id] for d in docs])
        print(f"{name:<22}{p:>7.3f}{r:>7.3f}{rk['near']:>8.3f}{rk['contained']:>8.3f}"
              f"{a:>7.3f}{n_doc / t:>9.0f}")
    # Origins and dates (storyline only).
    origin_of = {d.cluster: d.id for d in docs if d.relation == "origin"}
    sizes: dict[str, int] = {}
    for d in docs:
        sizes[d.cluster] = sizes.get(d.cluster, 0) + 1
    ok = n = 0
    for c, o in origin_of.items():
        if sizes[c] > 1 and ours[o] in groups:
            n += 1
            ok += groups[ours[o]].origin == o
    late = {d.id for d in docs if d.misdated}
    hit = late & flagged.keys()
    print(f"\norigin chosen right: {ok}/{n} groups; misdated copies flagged: {len(hit)}/{len(late)}"
          f", false flags: {len(flagged.keys() - late)} of {n_doc - len(late)}")
    fn = [k for k in true_pairs if k not in clusters_to_pairs(ours)]
    byid = {d.id: d for d in docs}
    kinds: dict[str, int] = {}
    for a, b in fn:
        t = byid[a].transforms or byid[b].transforms or "origin"
        kinds[t] = kinds.get(t, 0) + 1
    if fn:
        print("missed pairs by transform:", dict(sorted(kinds.items(), key=lambda x: -x[1])[:8]))
    fp = clusters_to_pairs(ours) - true_pairs.keys()
    if fp:
        print(f"false pairs: {len(fp)}, e.g.", sorted(fp)[:3],
              [(byid[a].transforms, byid[b].transforms) for a, b in sorted(fp)[:3]])


def signature_speed(texts: list[str]) -> None:
    from datasketch import MinHash

    from storyline.copies import shingles

    sets = [shingles(t) for t in texts]
    sets = [s for s in sets if len(s)]
    as_bytes = [[x.tobytes() for x in s] for s in sets]
    as_int32 = [(s >> np.uint64(32)).tolist() for s in sets]
    n_sh = sum(len(s) for s in sets)

    def best(fn, reps: int = 3) -> float:
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    ours = best(lambda: [minhash(s) for s in sets])
    ds_sha = best(lambda: MinHash.bulk(as_bytes, num_perm=NUM_PERM))
    ds_int = best(lambda: MinHash.bulk(as_int32, num_perm=NUM_PERM, hashfunc=lambda x: x))
    print(f"\nMinHash signatures, {len(sets)} docs, {n_sh / len(sets):.0f} shingles/doc, "
          f"{NUM_PERM} perms (best of 3, same process):")
    print(f"  storyline numpy         {len(sets) / ours:>9.0f} docs/s")
    print(f"  datasketch bulk (SHA1)  {len(sets) / ds_sha:>9.0f} docs/s   "
          f"ratio {ds_sha / ours:.1f}x")
    print(f"  datasketch bulk (ints)  {len(sets) / ds_int:>9.0f} docs/s   "
          f"ratio {ds_int / ours:.1f}x")


def index_merge_docs(index: CopyIndex) -> int:
    from storyline.copies.index import MERGE_AT

    return int(MERGE_AT / max(1.0, index.n_postings() / max(1, len(index))))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale(n: int, seed: int, extra: int = 200) -> None:
    index = CopyIndex()
    recent: OrderedDict[str, tuple[np.ndarray, str]] = OrderedDict()

    def shingles_of(doc_id: str) -> tuple[np.ndarray, str]:
        hit = recent.get(doc_id)
        if hit is None:  # as the store would: fetch the text, shingle it again
            fp, s = fingerprint_and_shingles(doc_id, copygen.scale_text(int(doc_id[1:]), seed))
            hit = (s, fp.text_hash)
        return hit

    def step(i: int) -> float:
        text = copygen.scale_text(i, seed)
        t0 = time.perf_counter()
        fp, s = fingerprint_and_shingles(f"s{i}", text)
        n_pairs = 0
        for c in index.add(fp):
            other, th = shingles_of(c)
            n_pairs += relate(s, other, same_text=fp.text_hash == th).kind is not None
        recent[fp.id] = (s, fp.text_hash)
        if len(recent) > 4096:
            recent.popitem(last=False)
        if (i + 1) % 512 == 0:  # as the copies step does after each batch it stores
            index.take_new_rows()
        stats[0] += n_pairs
        return time.perf_counter() - t0

    stats = [0]
    copygen.scale_text(0, seed)  # load the sources before measuring memory
    gc.collect()
    base_rss = rss_mb()
    t_work = 0.0
    t_start = time.perf_counter()
    for i in range(n):
        t_work += step(i)
        if (i + 1) % 20000 == 0:
            print(f"  ... {i + 1} docs, {(i + 1) / t_work:.0f} docs/s, rss {rss_mb():.0f} MB",
                  flush=True)
    wall = time.perf_counter() - t_start
    adds = [step(n + j) * 1000 for j in range(extra)]
    adds.sort()
    t0 = time.perf_counter()
    step(n + extra)
    index.flush()  # the worst case: this add is the one that merges the recent postings
    worst = (time.perf_counter() - t0) * 1000
    print(f"\nscale: {n} generated documents, {stats[0]} copy pairs verified")
    print(f"  fingerprint+index+verify  {n / t_work:.0f} docs/s  "
          f"(wall {wall:.0f} s incl. text generation)")
    print(f"  peak RSS {rss_mb():.0f} MB (after loading sources {base_rss:.0f} MB); "
          f"index {len(index)} docs, ~{index.nbytes() / 2**20:.0f} MB")
    print(f"  one more document into the full index: median {statistics.median(adds):.1f} ms, "
          f"p99 {adds[int(0.99 * (extra - 1))]:.1f} ms, max {adds[-1]:.1f} ms; "
          f"an add that merges recent postings into the sorted run {worst:.0f} ms "
          f"(once per ~{index_merge_docs(index)} docs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="documents in the scale run")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-scale", action="store_true")
    args = ap.parse_args()
    quality(args.seed)
    rng = random.Random(args.seed)
    texts = [copygen.scale_text(rng.randrange(10**6), args.seed + 1) for _ in range(500)]
    signature_speed(texts)
    if not args.skip_scale:
        scale(args.n, args.seed + 1)


if __name__ == "__main__":
    main()
