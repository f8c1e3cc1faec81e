"""Checklist definitions in forms/checklists/: every bundled one loads, and mistakes are named plainly."""

from __future__ import annotations

import pytest

from tutordesk.documents.checklists import bundled_checklist_ids, load_checklist, parse_checklist
from tutordesk.documents.forms import FormError
from tutordesk.domain.mentoring_enums import Phase

GOOD = """
id = "taster_day"
version = "1.0"
title = "Taster day"
[[items]]
id = "booked"
text = "Day booked"
[[items]]
id = "travel"
text = "Travel planned"
help = "Route, times and a practice run."
group = "Before"
"""


def test_every_bundled_checklist_loads_and_each_phase_has_one() -> None:
    ids = bundled_checklist_ids()
    for checklist_id in ids:
        assert load_checklist(checklist_id).items
    assert {phase.checklist_id for phase in Phase} <= set(ids)
    assert load_checklist("mentoring_phase_3").kind == "qualities"
    assert load_checklist("mentoring_phase_1").kind == "tasks"


def test_a_checklist_keeps_its_items_in_order_with_help_and_group() -> None:
    checklist = parse_checklist(GOOD, origin="taster_day.toml")
    assert checklist.item_ids == ("booked", "travel")
    travel = checklist.item("travel")
    assert travel is not None and travel.group == "Before" and travel.help.startswith("Route")
    assert checklist.item("missing") is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t.replace('title = "Taster day"', 'title = "Taster day"\ncolour = "red"'),
            "unknown key 'colour'",
        ),
        (lambda t: t.replace('id = "travel"', 'id = "booked"'), "used twice"),
        (lambda t: t.replace('version = "1.0"', "version = 1"), "'version' must be text"),
        (
            lambda t: t.replace('title = "Taster day"', 'title = "Taster day"\nkind = "steps"'),
            "kind must be one of",
        ),
        (lambda t: t.replace('text = "Day booked"', ""), "needs the key 'text'"),
        (lambda t: t.replace("[[items]]", "[items]", 1), "not valid TOML|at least one"),
        (lambda t: t + "\n[[", "not valid TOML"),
    ],
)
def test_mistakes_name_the_file_and_what_to_fix(change, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FormError, match=message) as raised:
        parse_checklist(change(GOOD), origin="taster_day.toml")
    assert "taster_day.toml" in str(raised.value)


def test_an_unknown_checklist_is_a_plain_error() -> None:
    with pytest.raises(FormError, match="no such file"):
        load_checklist("no_such_checklist")
    with pytest.raises(FormError, match="lower-case"):
        load_checklist("../forms")
