"""Form definitions: the bundled forms load, and each kind of mistake in a form gives a FormError naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutordesk.documents import forms as forms_module
from tutordesk.documents.forms import (
    FormError,
    Words,
    bundled_form_ids,
    fill_placeholders,
    load_form,
    parse_form,
    placeholders,
)
from tutordesk.errors import BadInput, ExitCode

MINIMAL = """
id = "tiny"
version = "1.0"
title = "Tiny form"
language = "en"

[[sections]]
id = "about"
title = "About"

  [[sections.fields]]
  id = "name"
  label = "Name"
  source = "learner.name"
"""


def test_the_contract_and_the_review_record_are_bundled() -> None:
    assert {"contract_of_participation", "review_record"} <= set(bundled_form_ids())


@pytest.mark.parametrize("form_id", bundled_form_ids())
def test_every_bundled_form_loads_and_keeps_its_text(form_id: str) -> None:
    form = load_form(form_id)
    assert form.id == form_id
    assert form.origin == f"{form_id}.toml"
    assert form.title and form.version and form.language == "en"
    again = parse_form(form.text, origin="stored copy")
    assert again.sections == form.sections
    assert again.signatures == form.signatures


def test_the_contract_reads_the_values_the_services_supply() -> None:
    form = load_form("contract_of_participation")
    assert form.value_keys() >= {
        "learner.name",
        "learner.setting",
        "learner.programme",
        "tutor.name",
        "plan.version",
        "plan.agreed_on",
        "plan.starting_point",
        "plan.end_goal",
        "plan.focus_areas",
        "plan.options_offered",
        "plan.choice_made",
        "plan.review_cadence",
        "plan.next_review",
    }
    assert form.table_keys() == {"plan.stages"}
    road_map = next(s for s in form.sections if s.source == "plan.stages")
    assert [c.id for c in road_map.columns] == ["number", "stage", "goals", "measure", "by_when"]
    assert [s.role for s in form.signatures] == ["learner", "tutor", "parent_carer"]
    assert [s.optional for s in form.signatures] == [False, False, True]
    assert set(form.sensitive_fields()) == {"support.support_needs"}


def test_the_review_record_has_progress_and_the_check_in() -> None:
    form = load_form("review_record")
    assert form.table_keys() == {"review.progress"}
    assert {
        "review.autonomy",
        "review.competence",
        "review.relatedness",
        "review.motivation",
    } <= form.value_keys()
    assert {"review.ambition", "review.next_review", "review.held_on"} <= form.value_keys()
    assert [s.role for s in form.signatures] == ["learner", "tutor"]


def test_missing_required_names_the_fields_left_empty() -> None:
    form = load_form("contract_of_participation")
    missing = form.missing_required({"learner.name": "Zoë", "plan.end_goal": "  "})
    assert "My goal" in missing
    assert "My name" not in missing


def test_a_form_error_is_bad_input_naming_the_file() -> None:
    with pytest.raises(FormError) as caught:
        parse_form('id = "x"\nversion == "1.0"\n', origin="my_form.toml")
    assert isinstance(caught.value, BadInput)
    assert caught.value.exit_code == ExitCode.BAD_INPUT
    assert "my_form.toml" in caught.value.message
    assert "not valid TOML" in caught.value.message
    assert "line 2" in caught.value.message


def _with(extra: str, *, replace: tuple[str, str] | None = None) -> str:
    text = MINIMAL if replace is None else MINIMAL.replace(*replace)
    return text + extra


BAD_FORMS = {
    "unknown top-level key": (
        MINIMAL.replace('id = "tiny"', 'id = "tiny"\ncolour = "blue"'),
        "the form has the unknown key 'colour'",
    ),
    "missing title": (MINIMAL.replace('title = "Tiny form"\n', ""), "needs the key 'title'"),
    "version as a number": (MINIMAL.replace('version = "1.0"', "version = 1.0"), "must be text"),
    "bad version": (MINIMAL.replace('version = "1.0"', 'version = "first"'), "numbers with dots"),
    "bad language": (MINIMAL.replace('language = "en"', 'language = "English"'), "language code"),
    "no sections": (MINIMAL.split("[[sections]]")[0], "needs the key 'sections'"),
    "bad id": (MINIMAL.replace('id = "tiny"', 'id = "Tiny Form"'), "lower-case letters"),
    "unknown field key": (
        MINIMAL.replace('label = "Name"', 'label = "Name"\n  colour = "red"'),
        "section 1 ('about'), field 1 ('name') has the unknown key 'colour'",
    ),
    "bad field type": (
        MINIMAL.replace('label = "Name"', 'label = "Name"\n  type = "paragraph"'),
        "'paragraph'",
    ),
    "required not a bool": (
        MINIMAL.replace('label = "Name"', 'label = "Name"\n  required = "yes"'),
        "true or false",
    ),
    "field without label": (MINIMAL.replace('  label = "Name"\n', ""), "needs the key 'label'"),
    "empty label": (MINIMAL.replace('label = "Name"', 'label = "  "'), "must not be empty"),
    "bad source": (MINIMAL.replace('source = "learner.name"', 'source = "Learner Name"'), "plan.end_goal"),
    "duplicate field": (
        _with(
            "",
            replace=(
                'source = "learner.name"',
                'source = "learner.name"\n\n  [[sections.fields]]\n  id = "name"\n  label = "Again"',
            ),
        ),
        "section 1 ('about'): the field id 'name' is used twice",
    ),
    "duplicate section": (
        _with('\n[[sections]]\nid = "about"\ntitle = "More"\nkind = "text"\ntext = "Hello"\n'),
        "the form: the section id 'about' is used twice",
    ),
    "bad kind": (_with('\n[[sections]]\nid = "more"\ntitle = "More"\nkind = "grid"\n'), "'grid'"),
    "text section without text": (
        _with('\n[[sections]]\nid = "more"\ntitle = "More"\nkind = "text"\n'),
        "needs the key 'text'",
    ),
    "fields section without fields": (
        _with('\n[[sections]]\nid = "more"\ntitle = "More"\n'),
        'kind = "text"',
    ),
    "table without columns": (
        _with(
            '\n[[sections]]\nid = "steps"\ntitle = "Steps"\nkind = "table"\nsource = "plan.stages"\ncolumns = []\n'
        ),
        "no [[sections.columns]]",
    ),
    "table without source": (
        _with(
            '\n[[sections]]\nid = "steps"\ntitle = "Steps"\nkind = "table"\n[[sections.columns]]\nid = "a"\nlabel = "A"\n'
        ),
        "needs the key 'source'",
    ),
    "fields in a table": (
        _with(
            '\n[[sections]]\nid = "steps"\ntitle = "Steps"\nkind = "table"\nsource = "plan.stages"\n'
            '[[sections.columns]]\nid = "a"\nlabel = "A"\n[[sections.fields]]\nid = "b"\nlabel = "B"\n'
        ),
        "unknown key 'fields'",
    ),
    "bad column width": (
        _with(
            '\n[[sections]]\nid = "steps"\ntitle = "Steps"\nkind = "table"\nsource = "plan.stages"\n'
            '[[sections.columns]]\nid = "a"\nlabel = "A"\nwidth = -1\n'
        ),
        "above 0",
    ),
    "choices on a text field": (
        MINIMAL.replace('label = "Name"', 'label = "Name"\n  choices = ["a", "b"]'),
        'type "choice"',
    ),
    "repeated choice": (
        MINIMAL.replace('label = "Name"', 'label = "Name"\n  type = "choice"\n  choices = ["a", "a"]'),
        "listed twice",
    ),
    "bad placeholder": (
        MINIMAL.replace('title = "About"', 'title = "About"\ntext = "Hello {learner name}"'),
        "{learner name}",
    ),
    "lone brace": (MINIMAL.replace('title = "About"', 'title = "About"\ntext = "a { b"'), "{{"),
    "bad role": (_with('\n[[signatures]]\nrole = "teacher"\nlabel = "Teacher"\n'), "'teacher'"),
    "duplicate role": (
        _with(
            '\n[[signatures]]\nrole = "tutor"\nlabel = "Tutor"\n\n[[signatures]]\nrole = "tutor"\nlabel = "Tutor again"\n'
        ),
        "the signature role 'tutor' is used twice",
    ),
    "signature without label": (_with('\n[[signatures]]\nrole = "tutor"\n'), "needs the key 'label'"),
    "optional not a bool": (
        _with('\n[[signatures]]\nrole = "tutor"\nlabel = "T"\noptional = 1\n'),
        "true or false",
    ),
    "unknown word": (_with('\n[words]\nhello = "Hi"\n'), "unknown key 'hello'"),
    "wrong placeholder in a word": (
        _with('\n[words]\npage = "Seite {seite} von {pages}"\n'),
        "{page}, {pages}",
    ),
    "eleven months": (
        _with('\n[words]\nmonths = ["a","b","c","d","e","f","g","h","i","j","k"]\n'),
        "twelve month names",
    ),
    "sections not tables": (MINIMAL.split("[[sections]]")[0] + 'sections = ["about"]\n', "[[sections]]"),
}


@pytest.mark.parametrize("case", sorted(BAD_FORMS))
def test_each_mistake_is_a_form_error_naming_the_file(case: str) -> None:
    text, expected = BAD_FORMS[case]
    with pytest.raises(FormError) as caught:
        parse_form(text, origin="tiny.toml")
    message = caught.value.message
    assert message.startswith("The form tiny.toml cannot be used: "), message
    assert expected in message, message
    assert "\n" not in message


def test_a_minimal_form_parses_with_defaults() -> None:
    form = parse_form(MINIMAL, origin="tiny.toml")
    field = form.sections[0].fields[0]
    assert (field.type, field.required, field.sensitive, field.help) == ("text", False, False, "")
    assert form.signatures == ()
    assert form.words == Words()
    assert form.text == MINIMAL


def test_wording_may_be_a_list_of_paragraphs_and_words_may_be_translated() -> None:
    text = MINIMAL.replace('title = "About"', 'title = "About"\ntext = ["One {learner.name}.", "Two."]') + (
        '\n[words]\npage = "Tudalen {page} o {pages}"\n'
        'months = ["Ionawr","Chwefror","Mawrth","Ebrill","Mai","Mehefin","Gorffennaf","Awst","Medi","Hydref",'
        '"Tachwedd","Rhagfyr"]\n'
    )
    form = parse_form(text, origin="tiny.toml")
    assert form.sections[0].text == "One {learner.name}.\n\nTwo."
    assert form.words.page == "Tudalen {page} o {pages}"
    assert form.words.signature == "Signature"
    from datetime import date

    assert form.words.format_date(date(2026, 3, 12)) == "12 Mawrth 2026"


def test_placeholders_and_literal_braces() -> None:
    assert placeholders("{learner.name} agrees with {tutor.name} {{not this}}") == [
        "learner.name",
        "tutor.name",
    ]
    values = {"learner.name": "Zoë", "tutor.name": "{Sam}"}
    filled = fill_placeholders("{learner.name} and {tutor.name} {{x}} {plan.version}", values, missing="__")
    assert filled == "Zoë and {Sam} {x} __"


def test_load_form_refuses_a_path_as_an_id() -> None:
    with pytest.raises(FormError, match="lower-case letters"):
        load_form("../secrets")


def test_load_form_names_a_missing_file() -> None:
    with pytest.raises(FormError, match="no_such_form.toml"):
        load_form("no_such_form")


def test_load_form_checks_the_id_matches_the_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "other.toml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "latin1.toml").write_bytes(MINIMAL.replace("Name", "Nämé").encode("latin-1"))
    monkeypatch.setattr(forms_module, "forms_folder", lambda: tmp_path)
    with pytest.raises(FormError, match='its id is "tiny" but the file name says "other"'):
        load_form("other")
    with pytest.raises(FormError, match="latin1.toml cannot be used: the file is not saved as UTF-8"):
        load_form("latin1")
