"""The resolve stage: joins per-article analyses across articles (entities, quotes, claims)."""
