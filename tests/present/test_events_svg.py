"""The report's event timeline is drawn over the articles' own span: a visit years ago
or a summit planned for next year is counted, not allowed to stretch the axis."""

from __future__ import annotations

import re
from datetime import date

from storyline.present.report.events_svg import event_timeline_svg


def _event(id_: str, day: str, type_: str = "CONSULT") -> dict:
    return {"id": id_, "date": day, "type": type_, "status": "happened", "sources": 2,
            "label": f"Tarrow meets Penn ({id_})", "actors": [], "targets": []}


EVENTS = [_event("old", "2007-07-01"), _event("a", "2031-06-12"),
          _event("b", "2031-06-16", "PROTEST"), _event("planned", "2032-01-01")]


def test_the_axis_spans_the_articles_and_the_rest_is_counted():
    svg = event_timeline_svg(EVENTS, span=(date(2031, 6, 5), date(2031, 6, 26)))
    axis = re.findall(r">(\d{4}-\d{2}-\d{2})</text>", svg)
    assert axis == ["2031-06-05", "2031-06-26"]
    assert svg.count("<circle") == 2
    assert "1 events placed before these dates and 1 after" in svg


def test_without_a_span_every_dated_event_is_drawn():
    svg = event_timeline_svg(EVENTS)
    assert svg.count("<circle") == 4
    assert re.findall(r">(\d{4}-\d{2}-\d{2})</text>", svg) == ["2007-07-01", "2032-01-01"]
