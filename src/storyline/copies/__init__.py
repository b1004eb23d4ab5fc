"""copies: exact, near and contained copies, their origins, and misdated copies.

One wire story republished by fifty sites is one report, not fifty; a content
farm's late date stamp is not the date of the events. The flow, each step a
pure function or a keyed structure so it runs in one process or sharded:

    fp = fingerprint(id, text)            # per article (fingerprint.py)
    candidates = index.add(fp)            # LSH bands + sampled shingles (index.py)
    rel = relate(shingles(a), shingles(b), same_text=...)   # exact check (relate.py)
    groups = build_groups(infos, pairs)   # union + origin on evidence (groups.py)
    check_text(text, published), check_group(group, infos)  # wrong dates (misdating.py)
"""

from .fingerprint import (
    NUM_PERM,
    Fingerprint,
    fingerprint,
    fingerprint_and_shingles,
    jaccard_estimate,
    minhash,
    shingles,
)
from .groups import (
    ArticleInfo,
    CopyGroup,
    Member,
    build_groups,
    group_id,
    independence_keys,
    wire_credit,
)
from .index import CopyIndex
from .misdating import DateCheck, check_group, check_text
from .relate import CONTAINED, EXACT, NEAR, Relation, relate

__all__ = [
    "CONTAINED",
    "EXACT",
    "NEAR",
    "NUM_PERM",
    "ArticleInfo",
    "CopyGroup",
    "CopyIndex",
    "DateCheck",
    "Fingerprint",
    "Member",
    "Relation",
    "build_groups",
    "check_group",
    "check_text",
    "fingerprint",
    "fingerprint_and_shingles",
    "group_id",
    "independence_keys",
    "jaccard_estimate",
    "minhash",
    "relate",
    "shingles",
    "wire_credit",
]
