"""The follow-up procedure and the measures catalogue in forms/: the bundled ones load and hang together,
and a setting's mistakes in either file are named plainly (file, step or measure, and what to change)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tutordesk.documents.procedures import (
    bundled_procedure_ids,
    load_catalogue,
    load_procedure,
    parse_catalogue,
    parse_procedure,
)
from tutordesk.domain.measure_profile import INTERVENTION_TYPE_LABELS, InterventionType
from tutordesk.errors import FormError

CATALOGUE = """
version = "1.0"
title = "Our measures"
[[measures]]
id = "talk"
name = "A talk with the tutor"
applies_when = "Always."
intervention_type = "counselling"
strategy = ["prevention"]
level = "individual"
in_charge = ["tutor"]
"""

PROCEDURE = """
id = "ours"
version = "2.1"
title = "Our way"
[[steps]]
id = "notice"
action = "Tell the tutor"
responsible = "teacher_trainer"
inform = ["tutor"]
limit_days = 2
[[steps]]
id = "meet"
action = "Meet the learner"
responsible = "tutor"
limit_days = 5
measures = ["talk"]
"""


def test_the_bundled_procedure_names_known_roles_and_measures_in_order() -> None:
    assert "default" in bundled_procedure_ids()
    procedure = load_procedure("default")
    catalogue = load_catalogue()
    assert [step.number for step in procedure.steps] == list(range(1, len(procedure.steps) + 1))
    assert procedure.steps[0].responsible == "teacher_trainer" and "tutor" in procedure.steps[0].inform
    assert all(catalogue.measure(m) for step in procedure.steps for m in step.measures)
    first = procedure.step_after(None)
    assert first is procedure.steps[0]
    assert procedure.step_after(procedure.steps[-1].id) is None
    assert procedure.step_after("no_such_step") is None


def test_the_catalogue_covers_the_workflows_tutordesk_keeps_and_groups_by_all_fifteen_types() -> None:
    catalogue = load_catalogue()
    assert {m.shown_from for m in catalogue.measures} >= {"plan", "mentoring", "transition"}
    grouped = catalogue.by_intervention_type()
    assert list(grouped) == list(InterventionType) and len(grouped) == 15
    assert set(INTERVENTION_TYPE_LABELS) == set(InterventionType)
    assert sum(len(measures) for measures in grouped.values()) == len(catalogue.measures)


def test_a_procedure_of_a_settings_own_loads_with_defaults() -> None:
    procedure = parse_procedure(
        PROCEDURE, origin="ours.toml", catalogue=parse_catalogue(CATALOGUE, origin="m")
    )
    assert [s.id for s in procedure.steps] == ["notice", "meet"]
    assert procedure.steps[1].inform == () and procedure.steps[1].measures == ("talk",)
    assert procedure.step_after("notice") is procedure.steps[1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t.replace('responsible = "tutor"', 'responsible = "head_wizard"'),
            "step 2: responsible 'head_wizard'",
        ),
        (
            lambda t: t.replace('inform = ["tutor"]', 'inform = ["tutor", "tutor"]'),
            "step 1: inform names the same",
        ),
        (lambda t: t.replace('measures = ["talk"]', 'measures = ["yoga"]'), "step 2: measures names 'yoga'"),
        (
            lambda t: t.replace("limit_days = 5", "limit_days = 0"),
            "step 2: limit_days must be a whole number",
        ),
        (
            lambda t: t.replace("limit_days = 5", 'limit_days = "5"'),
            "step 2: limit_days must be a whole number",
        ),
        (lambda t: t.replace('id = "meet"', 'id = "notice"'), "step 2: the id 'notice' is used twice"),
        (lambda t: t.replace('action = "Meet the learner"\n', ""), "step 2 needs the key 'action'"),
        (
            lambda t: t.replace("limit_days = 2", "limit_days = 2\nowner = 'x'"),
            "step 1 has the unknown key 'owner'",
        ),
        (lambda t: t.replace("[[steps]]", "[steps]", 1), "not valid TOML|at least one"),
    ],
)
def test_mistakes_in_a_procedure_are_named(change: Callable[[str], str], message: str) -> None:
    with pytest.raises(FormError, match=message) as raised:
        parse_procedure(
            change(PROCEDURE), origin="ours.toml", catalogue=parse_catalogue(CATALOGUE, origin="m")
        )
    assert "ours.toml" in str(raised.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('"counselling"', '"astrology"'), "intervention_type 'astrology' is not one of"),
        (lambda t: t.replace('strategy = ["prevention"]', "strategy = []"), "strategy needs at least one"),
        (lambda t: t.replace('level = "individual"', 'level = "galaxy"'), "level 'galaxy'"),
        (lambda t: t + 'cost = "free"\n', "cost 'free'"),
        (lambda t: t + 'shown_from = "diary"\n', "shown_from must be one of"),
        (lambda t: t + 'beneficiaries = ["wizards"]\n', "beneficiaries names 'wizards'"),
    ],
)
def test_mistakes_in_the_catalogue_are_named(change: Callable[[str], str], message: str) -> None:
    with pytest.raises(FormError, match=message):
        parse_catalogue(change(CATALOGUE), origin="measures/catalogue.toml")


def test_an_unknown_procedure_is_a_plain_error() -> None:
    with pytest.raises(FormError, match="no such file"):
        load_procedure("no_such_procedure")
    with pytest.raises(FormError, match="lower-case"):
        load_procedure("../measures")


def test_the_procedure_sheet_prints_every_step_with_roles_and_measures_in_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    from tutordesk.documents.forms import load_form
    from tutordesk.documents.pdf import render_pdf
    from tutordesk.documents.procedure_sheet import procedure_sheet_content

    procedure = load_procedure("default")
    content = procedure_sheet_content(procedure, load_catalogue(), role_labels={"tutor": "Personal tutor"})
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(render_pdf(load_form("procedure_sheet"), content))
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert procedure.title in text
    assert "Personal tutor" in text and "Counsellor" in text  # a renamed role, and a default label
    assert "Short-term counselling" in text and "2 days" in text
    assert "tell_the_tutor" not in text and "teacher_trainer" not in text  # codes never print
    for step in procedure.steps:
        assert step.action.split()[0] in text
    # A table taller than what is left of a page starts under its heading there and goes on overleaf,
    # rather than leaving half a page blank (the heading alone never ends a page either).
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "The steps" in first_page and "Whoever notices" in first_page
