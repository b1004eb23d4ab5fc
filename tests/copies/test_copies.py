"""Copies, origins and misdating on fictional texts (no shared data needed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from storyline.copies import (
    ArticleInfo,
    CopyIndex,
    build_groups,
    check_group,
    check_text,
    fingerprint,
    independence_keys,
    jaccard_estimate,
    minhash,
    relate,
    shingles,
    wire_credit,
)
from storyline.copies.fingerprint import mix64

# --- fictional texts --------------------------------------------------------------------------

WIRE = [
    "KANSK (MP) — The river authority of Veltria said on Monday it would open the Orsk dam "
    "sluices for the first time since the spring floods, easing pressure on farms downstream.",
    "Authority chairman Pavel Ostrin told reporters the decision followed three weeks of talks "
    "with growers who had warned that their winter wheat would rot in waterlogged fields.",
    "\"We cannot hold back the river forever, and we will not gamble with the valley,\" Ostrin "
    "said, adding that engineers would monitor the banks around the clock.",
    "Farmers in the Lesser Tarn valley welcomed the move but said compensation for lost harvests "
    "was still unresolved after months of letters to the ministry in Kansk.",
    "The Orsk dam, completed in 1987, holds back one of the largest reservoirs in the region and "
    "supplies drinking water to about 400,000 people in three provinces.",
    "Environmental groups have long argued that the reservoir's level is kept too high for the "
    "benefit of the hydroelectric plant, which sells power to neighbouring Dresa.",
    "The authority said the sluices would stay open for at least ten days, and that residents "
    "of the low-lying villages of Marn and Oszel had been told to move livestock to higher ground.",
    "A spokeswoman for the agriculture ministry said a compensation scheme would be presented to "
    "parliament before the end of the month, without giving figures.",
]
OTHER = [
    "The city council of Brennick voted on Thursday to close the old tram depot on Falk Street "
    "and turn the site into a public library with a small theatre for local groups.",
    "Councillor Ida Maruva, who proposed the plan, said the depot had stood empty for twelve years "
    "and that repairs to its roof would cost more than the new building itself.",
    "Opponents argued that the trams could return one day and that selling the land would make "
    "that impossible, but the motion passed by nineteen votes to six after a long debate.",
    "Work is expected to begin next spring, and the library would open two years later if the "
    "regional government approves a grant covering half of the cost.",
    "Residents of the Falk Street neighbourhood collected more than two thousand signatures last "
    "winter asking the council to keep the depot's brick facade and its painted clock tower.",
    "The architect chosen for the project, Lenne Sova, said the facade would be kept and the clock "
    "repaired, and that the reading rooms would overlook the old tram yard.",
]
EXTRA = [
    "At the Tarnow market on Saturday, stallholders said the price of apples had doubled since "
    "the summer because of the late frost that ruined much of the blossom in the hills.",
    "The regional orchestra announced a season of free concerts in village halls, paid for by "
    "a bequest from a retired schoolteacher who had played the cello for fifty years.",
    "Police in Dresa asked drivers to avoid the ring road on Sunday morning while a cycling race "
    "passes through the northern suburbs between eight and noon.",
    "The football club of Oszel, promoted to the second division in May, signed two young "
    "players from the academy and a goalkeeper on loan from the capital.",
    "A new bus line linking the university campus with the railway station will start running "
    "in October, with buses every fifteen minutes during term time.",
]
CHROME_A = [
    "The Brennick Courier",
    "Home | Region | Politics | Sport | Weather",
    "Home > Region",
    "Share on Facebook Share on X Email",
]
FOOTER_A = [
    "Related",
    "- Brennick marathon route changes announced for autumn",
    "- Five bakeries you have to try in the old town",
    "- Weather: storm warning for the coast on Friday",
    "© 2024 The Brennick Courier. All rights reserved.",
    "Sign up for our newsletter to get the best of the Courier in your inbox every morning.",
]
CHROME_B = ["QuickNews 24", "Trending | Money | Viral | Autos", "Home > Trending > World"]
FOOTER_B = [
    "Tags: Veltria, floods, dams",
    "You may also like",
    "- Ten gadgets that will change your kitchen forever",
    "- This one trick saves you hundreds on car insurance",
    "Comments (12)",
]


def page(headline: str, body: list[str], chrome: list[str], footer: list[str]) -> str:
    return "\n".join(chrome + [headline] + body + footer)


def rel(a: str, b: str):
    return relate(shingles(a), shingles(b), same_text=fingerprint("a", a).text_hash
                  == fingerprint("b", b).text_hash)


def candidates(*texts: str) -> list[list[str]]:
    index = CopyIndex()
    return [index.add(fingerprint(f"t{i}", t)) for i, t in enumerate(texts)]


ORIGINAL = "\n".join(["Veltria to open Orsk dam sluices"] + WIRE)

# --- fingerprints -------------------------------------------------------------------------------


def test_fingerprint_is_the_same_in_another_process_and_typed():
    """Fingerprints are stored and compared across runs: another process, with another
    seed for Python's salted hash(), makes the same one."""
    a = fingerprint("x", ORIGINAL)
    code = ("import json, sys\nfrom storyline.copies import fingerprint\n"
            "f = fingerprint('x', sys.stdin.read())\n"
            "print(json.dumps([f.text_hash, f.minhash.tolist(), f.sample.tolist()]))")
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    other = subprocess.run([sys.executable, "-c", code], input=ORIGINAL, capture_output=True,
                           encoding="utf-8", check=True, timeout=120,
                           env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"})
    text_hash, minhashes, sample = json.loads(other.stdout)
    assert a.text_hash == text_hash
    assert a.minhash.dtype == np.uint64 and len(a.minhash) == 128
    assert a.minhash.tolist() == minhashes and a.sample.tolist() == sample
    assert np.all(np.diff(a.sample.astype(np.float64)) > 0)
    assert a.n_shingles == len(shingles(ORIGINAL)) > 100


def test_sample_commutes_with_intersection():
    a, b = shingles(ORIGINAL), shingles("\n".join(WIRE[:4] + OTHER))
    sa, sb = fingerprint("a", ORIGINAL).sample, fingerprint("b", "\n".join(WIRE[:4] + OTHER)).sample
    both = np.intersect1d(a, b)
    assert np.array_equal(np.intersect1d(sa, sb), both[both % np.uint64(8) == 0])


def test_minhash_estimates_jaccard():
    rng = np.random.default_rng(3)
    errors = []
    for _ in range(100):
        u = mix64(rng.integers(0, 2**63, 600, dtype=np.uint64))
        a, b = np.unique(u[:400]), np.unique(u[200:])
        true = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
        errors.append(np.mean(minhash(a) == minhash(b)) - true)
    assert abs(np.mean(errors)) < 0.02 and np.std(errors) < 0.07


def test_chrome_does_not_count():
    """Navigation, tag and related lists, footers: not shingled."""
    assert len(shingles("\n".join(CHROME_A + FOOTER_A + CHROME_B + FOOTER_B))) == 0


# --- relations -----------------------------------------------------------------------------------


def test_exact_copy():
    r = rel(ORIGINAL, ORIGINAL.replace("Veltria", "VELTRIA"))
    assert r.kind == "exact" and r.similarity == 1.0


def test_near_copy_other_chrome_and_headline():
    copy = page("Dam gates to open after weeks of talks", WIRE[:4] + ["Advertisement"] + WIRE[4:],
                CHROME_B, FOOTER_B)
    copy = copy.replace("told reporters", "said to reporters").replace("—", "-")
    r = rel(ORIGINAL, copy)
    assert r.kind == "near" and r.similarity > 0.8
    assert candidates(ORIGINAL, copy) == [[], ["t0"]]


def test_near_copy_reordered_and_inserted_paragraphs():
    body = WIRE[:2] + [WIRE[3], WIRE[2]] + WIRE[4:] + [OTHER[0]]
    assert rel(ORIGINAL, page("Sluices open", body, CHROME_A, FOOTER_A)).kind == "near"


def test_contained_wire_story_in_longer_page():
    longer = page("Week in the region", OTHER + WIRE + EXTRA, CHROME_A, FOOTER_A)
    r = rel(ORIGINAL, longer)
    assert r.kind == "contained" and r.containment > 0.9 and r.similarity < 0.5
    assert candidates(ORIGINAL, longer) == [[], ["t0"]]


def test_contained_shortened_version():
    short = page("Dam to open", WIRE[:4], CHROME_B, FOOTER_B)
    r = rel(ORIGINAL, short)
    assert r.kind == "contained" and r.containment > 0.95
    assert candidates(ORIGINAL, short) == [[], ["t0"]]


@pytest.mark.parametrize(
    "a,b",
    [
        # very short texts, even identical ones
        ("The dam will open on Monday, officials said.",) * 2,
        ("Photo gallery: scenes from the valley.", "Photo gallery: scenes from the valley."),
        # mostly boilerplate: one sentence of body inside the same chrome
        (
            page("Update", [WIRE[0]], CHROME_A, FOOTER_A),
            page("Update", [OTHER[0]], CHROME_A, FOOTER_A),
        ),
        # the same site template around different bodies
        (page("Dam", WIRE, CHROME_A, FOOTER_A), page("Library", OTHER, CHROME_A, FOOTER_A)),
        # a follow-up that reuses one paragraph
        (ORIGINAL, page("Farmers count the cost", OTHER[:3] + [WIRE[3]] + OTHER[3:], CHROME_B,
                        FOOTER_B)),
    ],
)
def test_not_copies(a, b):
    assert rel(a, b).kind is None
    assert not any(candidates(a, b)) or rel(a, b).kind is None


def test_different_articles_on_the_same_event():
    other_report = "\n".join([
        "Orsk dam opens as Veltria bows to farmers",
        "Water began pouring through the Orsk dam on Monday evening after the river authority "
        "agreed to lower the reservoir, a move long demanded by farmers in the valley.",
        "\"We cannot hold back the river forever, and we will not gamble with the valley,\" Ostrin "
        "said, adding that engineers would monitor the banks around the clock.",
        "In Marn, villagers led cattle up the hill road as the first surge reached the fields, "
        "and the local school was turned into a shelter for families from the riverbank.",
        "The agriculture ministry has promised compensation, but growers said they had heard such "
        "promises before and would believe them when the money arrived.",
        "The reservoir supplies about 400,000 people, and the power plant below the dam said "
        "output would fall by a third while the sluices stay open.",
    ])
    assert rel(ORIGINAL, other_report).kind is None


# --- groups and origins ------------------------------------------------------------------------


def _group(infos, texts):
    fps = {i: fingerprint(i, t) for i, t in texts.items()}
    sh = {i: shingles(t) for i, t in texts.items()}
    index, pairs = CopyIndex(), []
    for i in sorted(texts):
        for c in index.add(fps[i]):
            pairs.append((i, c, relate(sh[i], sh[c], same_text=fps[i].text_hash
                                       == fps[c].text_hash)))
    return build_groups(infos, pairs, lambda a, b: relate(sh[a], sh[b]))


def test_origin_is_earliest_credible_date():
    texts = {"farm": page("X", WIRE, CHROME_B, FOOTER_B), "wire": ORIGINAL,
             "late": page("Y", WIRE[:3], CHROME_A, FOOTER_A)}
    infos = [ArticleInfo("farm", "2024-06-10", n_tokens=400),
             ArticleInfo("wire", "2024-06-11", n_tokens=380),
             ArticleInfo("late", "2024-05-01", n_tokens=250, date_credible=False)]
    (g,) = _group(infos, texts)
    assert g.origin == "farm" and "earliest credible date 2024-06-10" in g.origin_reason
    rels = {m.article: m.relation for m in g.members}
    assert rels == {"farm": "origin", "wire": "near", "late": "contained"}


def test_origin_same_day_prefers_wire_credit_then_fullest():
    texts = {"a": page("X", WIRE, CHROME_B, FOOTER_B), "b": ORIGINAL,
             "c": page("Y", WIRE[:5], CHROME_A, FOOTER_A)}
    infos = [ArticleInfo("a", "2024-06-10", n_tokens=400),
             ArticleInfo("b", "2024-06-10", n_tokens=380, wire_credit="MP"),
             ArticleInfo("c", "2024-06-10", n_tokens=250)]
    assert _group(infos, texts)[0].origin == "b"
    infos[1] = ArticleInfo("b", "2024-06-10", n_tokens=380)
    (g,) = _group(infos, texts)
    assert g.origin == "a" and "fullest text" in g.origin_reason


def test_wire_credit():
    assert wire_credit(WIRE[0]) == "MP"
    assert wire_credit("LONDON (Reuters) - Markets fell.") == "Reuters"
    assert wire_credit("Ostrin told The Associated Press on Monday.") == "AP"
    assert wire_credit("The dam will open, according to Reuters.") is None
    assert wire_credit("Reuters reported that the dam would open.") is None
    assert wire_credit(OTHER[0]) is None


def test_group_ids_deterministic_and_independence_keys():
    texts = {"a": ORIGINAL, "b": page("X", WIRE, CHROME_B, FOOTER_B),
             "c": "\n".join(OTHER)}
    infos = [ArticleInfo(i, "2024-06-10") for i in texts]
    g1 = _group(infos, texts)
    g2 = _group(list(reversed(infos)), dict(reversed(list(texts.items()))))
    assert [g.id for g in g1] == [g.id for g in g2] and len(g1) == 1
    keys = independence_keys(g1, texts)
    assert keys["a"] == keys["b"] == g1[0].id and keys["c"] == "c"


def test_a_roundup_of_two_stories_joins_one_of_them_and_keeps_them_apart():
    """A digest page carrying two unrelated stories whole does not make them one source:
    it joins the story it carries most of (the wire story, longer), the library story
    keeps its own key, and a second digest does not chain them either."""
    library = "\n".join(["Brennick to turn tram depot into library"] + OTHER)
    texts = {"wire": ORIGINAL, "short": page("Dam to open", WIRE[:4], CHROME_B, FOOTER_B),
             "library": library,
             "digest1": page("Week in the region", WIRE + OTHER + EXTRA[:2], CHROME_A, FOOTER_A),
             "digest2": page("Weekend reading", EXTRA[2:] + OTHER + WIRE, CHROME_B, FOOTER_B)}
    assert rel(library, texts["digest1"]).kind == rel(ORIGINAL, texts["digest1"]).kind \
        == "contained"
    sizes = {"wire": 380, "short": 200, "library": 300, "digest1": 900, "digest2": 880}
    infos = [ArticleInfo(i, "2024-06-10", n_tokens=sizes[i]) for i in texts]
    keys = independence_keys(_group(infos, texts), texts)
    assert keys["wire"] == keys["short"] == keys["digest1"] == keys["digest2"]
    assert keys["library"] == "library"


# --- index rows --------------------------------------------------------------------------------


def test_index_rows_round_trip():
    index = CopyIndex()
    texts = [ORIGINAL, "\n".join(OTHER), page("X", WIRE[:5], CHROME_A, FOOTER_A), "Too short."]
    for i, t in enumerate(texts):
        index.add(fingerprint(f"t{i}", t))
    rows = index.to_rows()
    assert all(isinstance(k, int) and -(2**63) <= k < 2**63 for _, k, _ in rows)
    again = CopyIndex.from_rows(list(reversed(rows)))
    assert len(again) == len(index) == 3  # the short text is not indexed
    probe = fingerprint("new", page("Z", WIRE, CHROME_B, FOOTER_B))
    assert again.query(probe) == index.query(probe) == ["t0", "t2"]
    assert sorted(again.to_rows()) == sorted(rows)
    assert index.add(fingerprint("t0", ORIGINAL)) == ["t2"] and len(index) == 3


def test_index_rejects_rows_from_other_parameters():
    rows = CopyIndex().to_rows()
    bad = [("params", rows[0][1] + 1, "")]
    with pytest.raises(ValueError, match="other parameters"):
        CopyIndex.from_rows(bad)


def test_estimate_matches_relation():
    a, b = fingerprint("a", ORIGINAL), fingerprint("b", page("X", WIRE[:7], CHROME_B, FOOTER_B))
    assert abs(jaccard_estimate(a, b) - rel(ORIGINAL, page("X", WIRE[:7], CHROME_B, FOOTER_B))
               .similarity) < 0.15


# --- misdating -------------------------------------------------------------------------------

FARM_COPY = "\n".join([
    "Chancellor Idris Vale to visit Port Amsel this week",
    "Chancellor Idris Vale of Norrland will make a two-day visit to Port Amsel this week, both "
    "governments announced on Monday after months of speculation.",
    "It will be Vale's first trip to the island republic in 24 years. He first visited Port Amsel "
    "in July 2000, months after his first election, when he met the late president Oren Kask.",
    "Officials said talks would cover fishing rights and a new ferry line across the strait.",
])


def test_misdated_by_elapsed_years():
    v = check_text(FARM_COPY, "2025-04-15")
    assert v.misdated and v.likely_period == "2024" and "24 years" in v.reason
    assert not check_text(FARM_COPY, "2024-06-17").misdated


def test_misdated_by_later_past_date_and_bound_relatives():
    t = "The council said the levy was approved on March 3, 2026, after a long debate."
    v = check_text(t, "2025-04-01")
    assert v.misdated and v.likely_period == "2026-03"
    assert not check_text(t, "2026-03-05").misdated
    v = check_text("The fair, held last year (2023), drew record crowds.", "2025-04-01")
    assert v.misdated and v.likely_period == "2024"
    v = check_text("Ministers met this week, on Tuesday, June 18, 2024, in Kask.", "2025-04-01")
    assert v.misdated and v.likely_period == "2024-06"


@pytest.mark.parametrize(
    "text",
    [
        "The tax takes effect in 2027 rather than 2026, officials said.",
        "Vale will seek a third term in 2029, aides said last year.",
        "The dam, opened in 1987, was closed last year after floods.",
        "Today, for the first time since June 25, 2007, the ferry did not sail.",
        "The plan, scheduled for March 2027, was approved by the council.",
    ],
)
def test_not_misdated(text):
    assert not check_text(text, "2025-04-01").misdated


def test_misdated_copy_of_earlier_origin():
    texts = {"wire": ORIGINAL, "farm": page("Dam news", WIRE, CHROME_B, FOOTER_B)}
    infos = [ArticleInfo("wire", "2024-06-17", n_tokens=380),
             ArticleInfo("farm", "2025-04-15", n_tokens=400)]
    (g,) = _group(infos, texts)
    assert g.origin == "wire"
    flags = check_group(g, {i.id: i for i in infos})
    assert set(flags) == {"farm"}
    assert flags["farm"].reason == "copy of wire published 2024-06-17"
    assert flags["farm"].likely_period == "2024-06"
