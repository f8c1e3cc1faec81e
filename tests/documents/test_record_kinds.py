"""Record kinds: the bundled kinds load, a kind's rules (checks, order, cells, lateness) do what its file says,
and each kind of mistake in a file gives a FormError naming the file and saying what to fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tutordesk.documents import record_kinds
from tutordesk.documents.record_kind_definitions import RecordRow
from tutordesk.documents.record_kinds import bundled_record_kinds, load_record_kind, parse_record_kind
from tutordesk.domain.plan_enums import BarrierDomain, BarrierSource, BarrierStatus
from tutordesk.errors import BadInput, FormError

TODAY = date(2026, 11, 20)

VISIT = """
id = "visit"
version = "1.2"
title = "Visit"
plural = "Visits"
date = "visited_on"

[due]
field = "report_by"
late = "late"
done_field = "reported"

[[fields]]
id = "visited_on"
label = "Visited on"
type = "date"
required = "Say when the visit was."
not_future = true

[[fields]]
id = "place"
label = "Where"
required = true

[[fields]]
id = "kind"
label = "Kind of visit"
type = "choice"
choices = ["Employer", "College", { value = "university", label = "University" }]

[[fields]]
id = "people"
label = "How many went"
type = "number"

[[fields]]
id = "report_by"
label = "Report by"
type = "date"

[[fields]]
id = "reported"
label = "Reported"
type = "bool"

[[columns]]
field = "visited_on"
label = "When"

[[columns]]
field = "place"
wide = true

[[columns]]
field = "report_by"
empty = "No date"
"""


def row(record_id: int, **values: str) -> RecordRow:
    return RecordRow(id=record_id, values=values)


@pytest.mark.parametrize("kind_id", bundled_record_kinds())
def test_every_bundled_kind_loads_and_keeps_its_text(kind_id: str) -> None:
    kind = load_record_kind(kind_id)
    assert kind.id == kind_id and kind.text and kind.columns
    assert kind.origin == f"records/{kind_id}.toml"


def test_the_barrier_and_support_need_kinds_show_the_baseline_words() -> None:
    """The kinds the baseline's lists are drawn from use the words the domain gives its closed lists."""
    barrier = load_record_kind("barrier")
    for field_id, enum in (("domain", BarrierDomain), ("source", BarrierSource), ("status", BarrierStatus)):
        assert [(c.value, c.label) for c in barrier.field(field_id).choices] == [
            (m.value, m.label) for m in enum
        ]
    assert [c.label for c in barrier.columns] == [
        "Kind", "Barrier", "Raised by", "What is being done", "Status", "Resolve by",
    ]  # fmt: skip
    need = load_record_kind("support_need")
    assert [c.label for c in need.columns] == ["Support needed", "Provided by", "In place", "Needed by"]
    assert need.defaults(TODAY)["in_place"] == "no" and barrier.defaults(TODAY)["status"] == "open"
    assert barrier.defaults(TODAY)["resolve_by"] == ""
    assert load_record_kind("family_interaction").defaults(TODAY)["held_on"] == "2026-11-20"


def test_a_kind_reads_its_fields_columns_and_rules_with_defaults() -> None:
    kind = parse_record_kind(VISIT, origin="records/visit.toml")
    assert (kind.id, kind.version, kind.title, kind.plural) == ("visit", "1.2", "Visit", "Visits")
    assert kind.sort == (("visited_on", True),)  # newest first by the record's date, unless told otherwise
    assert kind.wording.add == "Add visit…" and kind.wording.new_title == "New visit"
    assert kind.wording.empty == "No visits recorded yet."
    assert kind.wording.delete_question == "Delete the selected visit?"
    assert [c.label for c in kind.columns] == ["When", "Where", "Report by"]
    assert [(c.value, c.label) for c in kind.field("kind").choices][-1] == ("university", "University")
    assert kind.due is not None and kind.due.done_value == "yes"
    values = {"visited_on": "2026-11-02", "report_by": "2026-11-10"}
    assert kind.record_date(values) == date(2026, 11, 2) and kind.due_on(values) == date(2026, 11, 10)


def test_values_are_checked_with_plain_sentences_naming_the_field() -> None:
    kind = parse_record_kind(VISIT, origin="records/visit.toml")
    assert kind.problems({"visited_on": "2026-11-02", "place": "Bakery"}, TODAY) == []
    assert kind.problems({}, TODAY) == [
        ("visited_on", "Say when the visit was."),
        ("place", "Fill in “Where” before saving."),
    ]
    found = kind.problems(
        {"visited_on": "2026-02-30", "place": " ", "kind": "Zoo", "people": "two", "report_by": "2027-01-01"},
        TODAY,
    )
    assert found == [
        ("visited_on", "“Visited on” is not a real date: write it as 2026-03-12."),
        ("place", "Fill in “Where” before saving."),
        ("kind", "“Zoo” is not one of the choices for “Kind of visit”."),
        ("people", "“How many went” must be a number."),
    ]  # a due date may be in the future; a visit may not
    assert kind.problems({"visited_on": "2026-11-21", "place": "x"}, TODAY) == [
        ("visited_on", "“Visited on” cannot be after today.")
    ]
    assert kind.cleaned({"place": "  Bakery ", "reported": "TRUE", "people": "1,5", "extra": "x"}) == {
        "visited_on": "", "place": "Bakery", "kind": "", "people": "1.5", "report_by": "", "reported": "yes",
    }  # fmt: skip


def test_cells_show_dates_choices_and_the_late_word_until_done() -> None:
    kind = parse_record_kind(VISIT, origin="records/visit.toml")
    when, place, report = kind.columns
    late = row(1, visited_on="2026-11-02", place="Bakery", report_by="2026-11-10", reported="no")
    assert kind.cell(late, when, TODAY) == "2 Nov 2026"
    assert kind.cell(late, report, TODAY) == "10 Nov 2026 (late)" and kind.is_late(late.values, TODAY)
    done = row(2, visited_on="2026-11-02", report_by="2026-11-10", reported="yes")
    assert kind.cell(done, report, TODAY) == "10 Nov 2026" and not kind.is_late(done.values, TODAY)
    assert kind.cell(row(3), report, TODAY) == "No date" and kind.cell(row(3), place, TODAY) == ""
    barrier = load_record_kind("barrier")
    assert barrier.cell(row(4, domain="structural"), barrier.columns[0], TODAY) == "Structural"
    assert barrier.field("domain").shown("no_longer_listed") == "no_longer_listed"  # kept, not lost


def test_rows_sort_as_the_kind_says_with_empty_values_last() -> None:
    visits = parse_record_kind(VISIT, origin="records/visit.toml")
    rows = [
        row(1, visited_on="2026-10-01"),
        row(2),
        row(3, visited_on="2026-11-01"),
        row(4, visited_on="2026-11-01"),
    ]
    assert [r.id for r in visits.sorted_rows(rows)] == [4, 3, 1, 2]  # newest first, then newest made first
    barrier = load_record_kind("barrier")
    barriers = [
        row(1, status="resolved", resolve_by="2026-01-01"),
        row(2, status="open"),
        row(3, status="in_hand", resolve_by="2026-12-01"),
        row(4, status="open", resolve_by="2026-12-24"),
        row(5, status="open", resolve_by="2026-12-02"),
    ]
    assert [r.id for r in barrier.sorted_rows(barriers)] == [5, 4, 2, 3, 1]  # open first, soonest first
    need = load_record_kind("support_need")
    needs = [row(1, in_place="yes"), row(2, in_place="no"), row(3, in_place="no", needed_by="2026-12-01")]
    assert [r.id for r in need.sorted_rows(needs)] == [3, 2, 1]


MISTAKES = {
    "not toml": ("id = ", "it is not valid TOML"),
    "unknown key": (VISIT.replace('plural = "Visits"', 'plural = "Visits"\ncolour = "red"'), "unknown key 'colour'"),
    "no plural": (VISIT.replace('plural = "Visits"\n', ""), "needs the key 'plural'"),
    "bad version": (VISIT.replace('"1.2"', "1.2"), "'version' must be text"),
    "no fields": (
        'id = "x"\nversion = "1"\ntitle = "X"\nplural = "Xs"\nfields = []\n',
        "it needs at least one [[fields]]",
    ),
    "bad type": (VISIT.replace('type = "number"', 'type = "money"'), "the type 'money' is not one of"),
    "same field twice": (VISIT.replace('id = "place"', 'id = "kind"'), "the field id 'kind' is used twice"),
    "date not a date": (VISIT.replace('date = "visited_on"', 'date = "place"'), 'must be a field of type "date"'),
    "date names nothing": (VISIT.replace('date = "visited_on"', 'date = "when"'), "'when' is not one of the fields"),
    "column names nothing": (VISIT.replace('field = "place"', 'field = "where"'), "the field 'where' is not one"),
    "no columns": (VISIT.split("[[columns]]")[0], "it needs at least one [[columns]]"),
    "choices on text": (VISIT.replace('label = "Where"', 'label = "Where"\nchoices = ["A"]'), 'only a field of type "choice"'),
    "choice twice": (VISIT.replace('"College"', '"Employer"'), "a choice is listed twice"),
    "bad choice table": (VISIT.replace('{ value = "university", label = "University" }', '{ value = "u" }'), "'choices' must be a list"),
    "unknown taxonomy": (
        VISIT.replace('choices = ["Employer", "College", { value = "university", label = "University" }]', 'taxonomy = "pets"'),
        "there is no taxonomy 'pets'",
    ),
    "empty required text": (VISIT.replace('required = "Say when the visit was."', 'required = " "'), "'required' must be true"),
    "sort names nothing": (VISIT.replace('date = "visited_on"', 'date = "visited_on"\nsort = ["-when"]'), "'sort' names 'when'"),
    "due not a date": (VISIT.replace('field = "report_by"\nlate', 'field = "place"\nlate'), 'must be a field of type "date"'),
    "done value not a choice": (
        VISIT.replace('done_field = "reported"', 'done_field = "kind"\ndone_value = "Zoo"'),
        "done_value 'Zoo' is not one of the choices",
    ),
    "bad date default": (VISIT.replace('label = "Report by"', 'label = "Report by"\ndefault = "soon"'), '"today" or a date'),
    "lines on a date": (VISIT.replace('label = "Report by"', 'label = "Report by"\nlines = 2'), 'only a "multiline" or "list" field has lines'),
    "unknown wording": (VISIT + '\n[wording]\nremove = "Take away"\n', "unknown key 'remove'"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_each_mistake_is_a_form_error_naming_the_file(case: str) -> None:
    text, expected = MISTAKES[case]
    with pytest.raises(FormError) as caught:
        parse_record_kind(text, origin="records/visit.toml")
    assert isinstance(caught.value, BadInput)
    assert caught.value.message.startswith("The form records/visit.toml cannot be used: ")
    assert expected in caught.value.message, caught.value.message


def test_a_choice_can_come_from_a_seeded_taxonomy() -> None:
    text = VISIT.replace(
        'choices = ["Employer", "College", { value = "university", label = "University" }]',
        'taxonomy = "meeting_kind"',
    )
    kind = parse_record_kind(text, origin="records/visit.toml")
    assert ("family_meeting", "Meeting with family") in [
        (c.value, c.label) for c in kind.field("kind").choices
    ]


def test_load_names_a_missing_file_and_checks_the_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(FormError, match="no such file in the records folder"):
        load_record_kind("no_such_kind")
    with pytest.raises(FormError, match="lower-case letters"):
        load_record_kind("../barrier")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "outing.toml").write_text(VISIT, encoding="utf-8")
    monkeypatch.setattr(record_kinds, "forms_folder", lambda: tmp_path)
    with pytest.raises(FormError, match='its id is "visit" but the file name says "outing"'):
        load_record_kind("outing")
