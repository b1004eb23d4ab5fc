"""query: the typed read layer over the store that every front end reads through.

`models` holds the read models (frozen dataclasses with their public JSON
shapes), `queries` the functions that read them and `Views`, which computes
each view once per report or request; `timeline` builds the timeline.
"""

from storyline.query.queries import Views

__all__ = ["Views"]
