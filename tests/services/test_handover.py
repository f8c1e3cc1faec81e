"""The warm-handover pack from a real vault, printed to real PDFs and read back as a reader would: the
receiving setting's copy holds only what the young person agreed to share, the young person's own copy
leaves sensitive fields out unless chosen one by one, the file leaves encrypted and only once, and every
copy is one row in the disclosure register and the hash-chained audit log."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from tests.conftest import listing
from tutordesk.documents import pdf_fonts
from tutordesk.domain.models import AuditEntry, Learner, Person
from tutordesk.domain.plan_models import Document
from tutordesk.errors import BadInput, ExitCode
from tutordesk.services import disclosures
from tutordesk.services.caseload import due
from tutordesk.services.documents import find_by_fingerprint
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.roadmap import GoalInput, PlanHeader, StageInput
from tutordesk.services.transitions import handover
from tutordesk.services.transitions import handover_material as material
from tutordesk.services.transitions import moves as transitions
from tutordesk.services.transitions.handover import ConsentInput, HandoverRefused, PackChoice
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 21)
AGREED_ON = date(2026, 11, 15)
# Words that show where each piece of text went: the sensitive ones, and one in the travel plan, a section
# the young person does not agree to share in most tests below.
HOME = "Kestrelhome"
NEEDS = "Wombatneeds"
PEOPLE = "Narwhalfriends"
TRAVEL = "Bus 42 via Quillbrook"
INTERESTS = "Drawing, football and fixing bikes."
SHARED = ("move", "profile", "academic", "contacts", "settling_in")


def fill_learner(uow: UnitOfWork) -> tuple[int, int]:
    """A learner ready for a mid-term move, with every part of the pack filled; (learner id, transition id)."""
    tutor = Person(
        given_name="Morgan", family_name="Okafor", kind="staff", email="m.okafor@northgate.example"
    )
    uow.session.add(tutor)
    uow.session.flush()
    learner = Learner(
        given_name="Zoë", family_name="Дмитриева", preferred_name="Zo", setting="Northgate College",
        key_worker_id=tutor.id,
    )  # fmt: skip
    uow.session.add(learner)
    uow.session.flush()
    learner_id = int(learner.id or 0)
    draft = plans.start_plan(uow, learner_id=learner_id)
    plans.save_header(
        uow,
        version_id=draft.version_id,
        header=PlanHeader(
            starting_point="Out of learning since May.",
            end_goal="Start a motor vehicle apprenticeship.",
            focus_areas=frozenset({"education"}),
            options_offered="Full timetable; reduced timetable",
            choice_made="Reduced timetable, building up.",
        ),
    )
    for number in (1, 2):
        stage_id = plans.add_stage(
            uow, version_id=draft.version_id, stage=StageInput(title=f"Stage {number}")
        )
        plans.add_goal(
            uow, stage_id=stage_id, goal=GoalInput(learner_words=f"My goal number {number}", measure="marks")
        )
    plans.agree_plan(uow, learner_id=learner_id, agreed_on=date(2026, 11, 1))
    transition_id = transitions.create_transition(
        uow,
        learner_id=learner_id,
        data=transitions.TransitionInput(
            kind="mid_term",
            sending_setting="Northgate College",
            receiving_setting="Riverside College",
            manager="Priya Shah",
            receiving_contact_name="Amina Khan",
            receiving_contact_role="Head of Year 11",
            receiving_contact_channel="a.khan@riverside.example",
            leaving_on=date(2026, 11, 27),
            starts_on=date(2026, 11, 30),
        ),
    )
    material.save_form_answers(
        uow,
        learner_id=learner_id,
        form_id=material.PROFILE_FORM,
        values={
            "profile.preferred_name": "Zo",
            "profile.interests": INTERESTS,
            "profile.what_helps": "A quiet place\nKnowing the plan for the day",
            "profile.additional_needs": NEEDS,
            "profile.relationships": PEOPLE,
            "profile.home": HOME,
        },
    )
    material.save_form_answers(
        uow,
        learner_id=learner_id,
        form_id=material.TRAVEL_FORM,
        values={"travel.destination": "Riverside College", "travel.route": f"Walk to Oak Road\n{TRAVEL}"},
    )
    material.save_academic_entry(
        uow,
        learner_id=learner_id,
        data=material.AcademicInput(
            title="GCSE English", kind="qualification", setting="Northgate College", result="Grade 5"
        ),
    )
    material.save_practice_run(
        uow,
        learner_id=learner_id,
        data=material.PracticeRunInput(practised_on=date(2026, 11, 20), confidence=4),
    )
    material.add_attachment(
        uow,
        learner_id=learner_id,
        title="Bike repair log",
        file_name="log.pdf",
        data=b"%PDF-1.4 x",
        added_on=TODAY,
    )
    return learner_id, transition_id


@pytest.fixture
def move(vault: Vault) -> tuple[int, int]:
    with vault.unit_of_work() as uow:
        ids = fill_learner(uow)
        uow.commit()
    return ids


def _agree(
    vault: Vault,
    learner_id: int,
    sections: tuple[str, ...] = SHARED,
    sensitive: tuple[str, ...] = (),
    **extra: object,
) -> int:
    with vault.unit_of_work() as uow:
        consent_id = handover.record_consent(
            uow,
            learner_id=learner_id,
            data=ConsentInput("learner", "", sections, sensitive, AGREED_ON, **extra),  # type: ignore[arg-type]
        )
        uow.commit()
    return consent_id


def _text(data: bytes, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(data))
    if password is not None:
        assert reader.decrypt(password)
    return "\n".join(page.extract_text() for page in reader.pages)


def _preview(vault: Vault, learner_id: int, choice: PackChoice) -> str:
    with vault.unit_of_work() as uow:
        return _text(handover.pack_pdf(uow, learner_id=learner_id, choice=choice, today=TODAY))


def _default(vault: Vault, learner_id: int, audience: str) -> PackChoice:
    with vault.unit_of_work() as uow:
        return handover.default_choice(uow, learner_id=learner_id, audience=audience)


# -- what each copy holds -------------------------------------------------------------------------------


def test_the_sections_and_their_sensitive_fields_come_from_the_form() -> None:
    sections = handover.pack_sections()
    assert [s.id for s in sections] == [
        "move", "profile", "good_work", "academic", "plan", "travel", "practice_runs", "contacts", "settling_in",
    ]  # fmt: skip
    profile = next(s for s in sections if s.id == "profile")
    assert [key for key, _ in profile.sensitive_fields] == [
        "profile.additional_needs",
        "profile.relationships",
        "profile.home",
    ]
    assert dict(profile.sensitive_fields)["profile.home"] == "Home and family"


def test_a_receiving_pack_holds_the_agreed_sections_and_none_of_the_others(
    vault: Vault, move: tuple[int, int]
) -> None:
    learner_id, transition_id = move
    _agree(vault, learner_id)
    choice = _default(vault, learner_id, "receiving")
    assert choice == PackChoice("receiving", frozenset(SHARED), frozenset(), transition_id)
    text = _preview(vault, learner_id, choice)
    for expected in (
        "Shared with agreement",
        "Zo agreed on 15 November 2026",
        "Riverside College",
        "All about me",
        INTERESTS,
        "GCSE English",
        "Amina Khan",
        "After six months",
        "For Riverside College",
    ):
        assert expected in text, expected
    # Neither the sections not agreed nor any sensitive field, nor the young person's own note.
    for absent in (
        TRAVEL,
        "My travel plan",
        "My plan",
        "My goal number 1",
        "Bike repair log",
        HOME,
        NEEDS,
        PEOPLE,
    ):
        assert absent not in text, absent
    assert "yours to keep" not in text


def test_a_sensitive_field_agreed_one_by_one_is_the_only_one_shared(
    vault: Vault, move: tuple[int, int]
) -> None:
    learner_id, _ = move
    _agree(vault, learner_id, sensitive=("profile.home",))
    text = _preview(vault, learner_id, _default(vault, learner_id, "receiving"))
    assert HOME in text and "Home and family" in text
    assert NEEDS not in text and PEOPLE not in text and TRAVEL not in text


def test_the_learners_copy_has_everything_but_sensitive_fields_unless_chosen_one_by_one(
    vault: Vault, move: tuple[int, int]
) -> None:
    learner_id, _ = move
    choice = _default(vault, learner_id, "learner")
    assert choice.sections == {s.id for s in handover.pack_sections()} and not choice.sensitive
    text = _preview(vault, learner_id, choice)
    for expected in (
        "This is yours to keep",
        "My own copy",
        TRAVEL,
        "My goal number 2",
        "Bike repair log",
        INTERESTS,
    ):
        assert expected in text, expected
    assert HOME not in text and NEEDS not in text and PEOPLE not in text
    assert "Shared with agreement" not in text
    one = _preview(
        vault, learner_id, dataclasses.replace(choice, sensitive=frozenset({"profile.relationships"}))
    )
    assert PEOPLE in one and HOME not in one and NEEDS not in one
    fewer = _preview(vault, learner_id, dataclasses.replace(choice, sections=frozenset({"profile"})))
    assert INTERESTS in fewer and TRAVEL not in fewer and "About the move" not in fewer


def test_without_an_agreement_in_force_a_receiving_pack_is_refused(
    vault: Vault, move: tuple[int, int]
) -> None:
    learner_id, transition_id = move
    assert _default(vault, learner_id, "receiving").sections == frozenset()
    asked = PackChoice("receiving", frozenset({"profile"}), frozenset(), transition_id)
    with (
        vault.unit_of_work() as uow,
        pytest.raises(HandoverRefused, match="no agreement in force") as refused,
    ):
        handover.pack_pdf(uow, learner_id=learner_id, choice=asked, today=TODAY)
    assert refused.value.exit_code == ExitCode.REFUSED == 5
    consent_id = _agree(vault, learner_id)
    _preview(vault, learner_id, asked)  # allowed now
    with vault.unit_of_work() as uow:
        handover.withdraw_consent(uow, consent_id=consent_id, on=TODAY)
        uow.commit()
    with vault.unit_of_work() as uow:
        assert handover.consent_in_force(uow, learner_id=learner_id) is None
        with pytest.raises(HandoverRefused, match="no agreement in force"):
            handover.check_choice(uow, learner_id=learner_id, choice=asked)
        [withdrawn] = handover.consents(uow, learner_id=learner_id)
    assert withdrawn.withdrawn_on == TODAY and withdrawn.sections == SHARED


@pytest.mark.parametrize(
    ("sections", "sensitive", "reason"),
    [
        ({"profile", "travel"}, set(), "“My travel plan”"),
        ({"profile"}, {"profile.home"}, "“Home and family”"),
    ],
)
def test_anything_beyond_the_agreement_is_refused_by_name(
    vault: Vault, move: tuple[int, int], sections: set[str], sensitive: set[str], reason: str
) -> None:
    learner_id, transition_id = move
    _agree(vault, learner_id)
    choice = PackChoice("receiving", frozenset(sections), frozenset(sensitive), transition_id)
    with vault.unit_of_work() as uow, pytest.raises(HandoverRefused, match=reason):
        handover.check_choice(uow, learner_id=learner_id, choice=choice)


def test_an_agreement_for_one_move_does_not_cover_another(vault: Vault, move: tuple[int, int]) -> None:
    learner_id, transition_id = move
    with vault.unit_of_work() as uow:
        other = transitions.create_transition(
            uow,
            learner_id=learner_id,
            data=transitions.TransitionInput(receiving_setting="Elsewhere Academy"),
        )
        uow.commit()
    _agree(vault, learner_id, transition_id=transition_id)
    with vault.unit_of_work() as uow, pytest.raises(HandoverRefused, match="another move"):
        handover.check_choice(
            uow,
            learner_id=learner_id,
            choice=PackChoice("receiving", frozenset({"move"}), frozenset(), other),
        )


def test_a_newer_agreement_replaces_the_older_and_withdrawing_it_leaves_none(
    vault: Vault, move: tuple[int, int]
) -> None:
    learner_id, _ = move
    wide = _agree(vault, learner_id, sensitive=("profile.home",))
    narrow = _agree(vault, learner_id, sections=("move",))
    with vault.unit_of_work() as uow:
        in_force = handover.consent_in_force(uow, learner_id=learner_id)
        assert in_force is not None and in_force.id == narrow and in_force.sections == ("move",)
        handover.withdraw_consent(uow, consent_id=narrow, on=TODAY)
        assert (
            handover.consent_in_force(uow, learner_id=learner_id) is None
        )  # the wider one does not come back
        assert [c.id for c in handover.consents(uow, learner_id=learner_id)] == [narrow, wide]
        with pytest.raises(BadInput, match="already been withdrawn"):
            handover.withdraw_consent(uow, consent_id=narrow, on=TODAY)
        with pytest.raises(BadInput, match="before the day it was given"):
            handover.withdraw_consent(uow, consent_id=wide, on=AGREED_ON - timedelta(days=1))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ConsentInput("learner", "", (), (), AGREED_ON), "at least one section"),
        (ConsentInput("learner", "", ("diary",), (), AGREED_ON), "no section 'diary'"),
        (ConsentInput("learner", "", ("move",), ("profile.home",), AGREED_ON), "which is not chosen"),
        (ConsentInput("learner", "", ("profile",), ("profile.pets",), AGREED_ON), "no sensitive field"),
        (ConsentInput("parent_carer", " ", ("move",), (), AGREED_ON), "name of the parent or carer"),
        (ConsentInput("teacher", "", ("move",), (), AGREED_ON), "Say who agreed"),
    ],
)
def test_an_agreement_is_checked_before_it_is_kept(
    vault: Vault, move: tuple[int, int], data: ConsentInput, message: str
) -> None:
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match=message):
        handover.record_consent(uow, learner_id=move[0], data=data)


def test_the_agreement_is_audited_without_names(vault: Vault, move: tuple[int, int]) -> None:
    learner_id, _ = move
    with vault.unit_of_work() as uow:
        consent_id = handover.record_consent(
            uow,
            learner_id=learner_id,
            data=ConsentInput("parent_carer", "Olena Petrenko", ("move",), (), AGREED_ON),
        )
        handover.withdraw_consent(uow, consent_id=consent_id, on=TODAY)
        uow.commit()
    with vault.unit_of_work() as uow:
        rows = uow.session.exec(
            select(AuditEntry).where(AuditEntry.action.startswith("handover.consent"))
        ).all()  # type: ignore[attr-defined]
    assert [r.action for r in rows] == ["handover.consent_recorded", "handover.consent_withdrawn"]
    assert all(r.subject == f"learner:{learner_id}" and "Petrenko" not in r.detail for r in rows)
    assert json.loads(rows[0].detail)["consent_id"] == consent_id


# -- leaving the computer -------------------------------------------------------------------------------


def _export(
    vault: Vault, learner_id: int, choice: PackChoice, target: Path, **kwargs: object
) -> handover.PackExport:
    with vault.unit_of_work() as uow:
        result = handover.export_pack(
            uow, learner_id=learner_id, choice=choice, target=target, today=TODAY, **kwargs
        )  # type: ignore[arg-type]
        uow.commit()
    return result


def test_an_encrypted_export_opens_only_with_its_password_and_is_one_disclosure(
    vault: Vault, move: tuple[int, int], tmp_path: Path
) -> None:
    learner_id, transition_id = move
    consent_id = _agree(vault, learner_id)
    choice = _default(vault, learner_id, "receiving")
    target = tmp_path / "pack.pdf"
    result = _export(vault, learner_id, choice, target, encrypt=True)
    assert result.password and result.password not in repr(result)
    data = target.read_bytes()
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    locked = PdfReader(io.BytesIO(data))
    assert locked.is_encrypted and not locked.decrypt("not the password")
    text = _text(data, result.password)
    assert INTERESTS in text and TRAVEL not in text and HOME not in text
    assert f"Fingerprint {result.fingerprint}" in text
    # The preview on screen shows the same pages: the same fingerprint, the same words.
    assert _preview(vault, learner_id, choice) == text
    with vault.unit_of_work() as uow:
        [entry] = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "handover.exported")).all()
        assert audit.first_broken_entry(uow.session) is None
        everything = " ".join(
            r.detail + r.purpose + r.recipient for r in uow.session.exec(select(AuditEntry)).all()
        )
        found = find_by_fingerprint(uow, printed=result.fingerprint)
        stored = uow.session.get(Document, found[0].document_id)
    assert entry.id == result.audit_entry_id and entry.artifact_sha256 == result.sha256
    assert entry.subject == f"learner:{learner_id}" and entry.lawful_basis == "consent"
    assert entry.recipient == "Riverside College (Amina Khan)"
    assert entry.purpose == "warm handover to the new setting"
    detail = json.loads(entry.detail)
    assert detail["audience"] == "receiving" and detail["sections"] == sorted(SHARED)
    assert detail["sensitive"] == [] and detail["encrypted"] is True
    assert detail["consent_id"] == consent_id and detail["transition_id"] == transition_id
    assert detail["fingerprint"].upper().startswith(result.fingerprint.replace("-", ""))
    assert result.password not in everything and "Дмитриева" not in everything
    # What is kept is what left: the sections not shared are not in the stored document either.
    assert stored is not None and TRAVEL not in stored.content_json and INTERESTS in stored.content_json


def test_the_learners_copy_is_plain_unless_asked_and_names_the_young_person(
    vault: Vault, move: tuple[int, int], tmp_path: Path
) -> None:
    learner_id, _ = move
    result = _export(
        vault, learner_id, _default(vault, learner_id, "learner"), tmp_path / "mine.pdf", encrypt=False
    )
    assert result.password is None and not PdfReader(tmp_path / "mine.pdf").is_encrypted
    with vault.unit_of_work() as uow:
        entry = uow.session.get(AuditEntry, result.audit_entry_id)
    assert entry is not None and entry.recipient == "the young person" and entry.lawful_basis == ""


def _forbid_temp_files(monkeypatch: pytest.MonkeyPatch, allowed: Path) -> list[Path]:
    """Refuse every temporary file except the atomic writer's sibling of the target; return those made."""
    made: list[Path] = []
    real_mkstemp = tempfile.mkstemp

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the pack must never go through a temporary file")

    def sibling_only(*args: object, **kwargs: object) -> tuple[int, str]:
        if str(kwargs.get("prefix", "")).endswith(".keys."):
            # The key file's own atomic rewrite at commit, moving its audit anchor: not the pack.
            return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload,no-any-return]
        if Path(str(kwargs.get("dir"))) != allowed:
            refuse()
        fd, name = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        made.append(Path(name))
        return fd, name

    for name in (
        "mkdtemp",
        "NamedTemporaryFile",
        "TemporaryFile",
        "SpooledTemporaryFile",
        "TemporaryDirectory",
    ):
        monkeypatch.setattr(tempfile, name, refuse)
    monkeypatch.setattr(tempfile, "mkstemp", sibling_only)
    return made


def test_no_plaintext_copy_of_the_pack_ever_reaches_the_disk(
    vault: Vault, move: tuple[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    learner_id, _ = move
    _agree(vault, learner_id)
    choice = _default(vault, learner_id, "receiving")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "notes.txt").write_text("already here")
    private_temp = tmp_path / "temp"
    private_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_temp))
    made = _forbid_temp_files(monkeypatch, folder)
    renamed: list[bytes] = []
    real_replace = os.replace

    def checked_replace(source: object, target: object) -> None:
        if Path(str(target)).parent == folder:  # (the key file's anchor is rewritten beside the vault)
            renamed.append(Path(str(source)).read_bytes())  # what sat on the disk under the temporary name
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", checked_replace)
    before = listing(folder)
    with vault.unit_of_work() as uow:
        result = handover.export_pack(
            uow, learner_id=learner_id, choice=choice, target=folder / "pack.pdf", today=TODAY, encrypt=True
        )
        uow.commit()
    assert listing(folder) == sorted([*before, "pack.pdf"])
    assert listing(private_temp) == []
    assert len(made) == 1 and not made[0].exists()  # the atomic writer's sibling, renamed into place
    assert renamed == [(folder / "pack.pdf").read_bytes()]
    assert b"/Encrypt" in renamed[0] and PdfReader(io.BytesIO(renamed[0])).is_encrypted
    assert INTERESTS in _text(renamed[0], result.password)


def test_a_missing_folder_fails_plainly_and_leaves_nothing(
    vault: Vault, move: tuple[int, int], tmp_path: Path
) -> None:
    learner_id, _ = move
    choice = _default(vault, learner_id, "learner")
    before = listing(tmp_path)
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="There is no folder"):
        handover.export_pack(
            uow,
            learner_id=learner_id,
            choice=choice,
            target=tmp_path / "gone" / "pack.pdf",
            today=TODAY,
            encrypt=True,
        )
    assert listing(tmp_path) == before
    with vault.unit_of_work() as uow:
        assert not uow.session.exec(select(AuditEntry).where(AuditEntry.action == "handover.exported")).all()


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="permissions do not bind root; the CLI test covers it"
)
def test_a_read_only_folder_fails_plainly_and_leaves_nothing(
    vault: Vault, move: tuple[int, int], tmp_path: Path
) -> None:
    learner_id, _ = move
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with vault.unit_of_work() as uow, pytest.raises(BadInput, match="may not write"):
            handover.export_pack(
                uow,
                learner_id=learner_id,
                choice=_default(vault, learner_id, "learner"),
                target=folder / "p.pdf",
                today=TODAY,
                encrypt=False,
            )
        assert listing(folder) == []
    finally:
        folder.chmod(0o755)


def test_the_audit_chain_holds_after_exports_and_a_tampered_pack_row_is_found(
    vault: Vault, move: tuple[int, int], tmp_path: Path
) -> None:
    learner_id, _ = move
    _agree(vault, learner_id)
    first = _export(
        vault, learner_id, _default(vault, learner_id, "learner"), tmp_path / "a.pdf", encrypt=False
    )
    _export(vault, learner_id, _default(vault, learner_id, "receiving"), tmp_path / "b.pdf", encrypt=True)
    with vault.unit_of_work() as uow:
        assert audit.first_broken_entry(uow.session) is None
    with vault.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_entry_no_update")
        connection.exec_driver_sql(
            f"UPDATE audit_entry SET recipient = 'Someone else' WHERE id = {first.audit_entry_id}"
        )
    with vault.unit_of_work() as uow:
        assert audit.first_broken_entry(uow.session) == first.audit_entry_id


# -- any text, any length -------------------------------------------------------------------------------

ARABIC = "أحب الرسم وكرة القدم"
CYRILLIC = "Люблю рисовать и играть в футбол"
EMOJI = "Bikes 🚲 and cats 🐈"


def _text_outside(page: object) -> list[tuple[str, float, float]]:
    """The pieces of text on a pypdf page whose starting point lies outside the page."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)  # type: ignore[attr-defined]
    outside: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if not text.strip():
            return
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        if not (0 <= x <= width and 0 <= y <= height):
            outside.append((text[:20], x, y))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return outside


def _positions_inside_the_page(data: bytes) -> int:
    """Check every piece of text starts inside its page; returns the number of pages."""
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        outside = _text_outside(page)
        assert not outside, f"page {number}: text outside the page {outside[:3]}"
    return len(reader.pages)


def test_long_texts_and_any_script_stay_on_the_page(
    vault: Vault, move: tuple[int, int], tmp_path: Path
) -> None:
    learner_id, _ = move
    long_words = " ".join(f"word{n}" for n in range(2_500))[:20_000]
    unbroken = "x" * 20_000
    with vault.unit_of_work() as uow:
        material.save_form_answers(
            uow,
            learner_id=learner_id,
            form_id=material.PROFILE_FORM,
            values={
                "profile.interests": long_words,
                "profile.pets": unbroken,
                "profile.learning_preferences": ARABIC,
            },
        )
        material.save_form_answers(
            uow,
            learner_id=learner_id,
            form_id=material.TRAVEL_FORM,
            values={"travel.destination": CYRILLIC, "travel.costs": EMOJI},
        )
        material.save_academic_entry(
            uow, learner_id=learner_id, data=material.AcademicInput(title="Portfolio", note=long_words)
        )
        uow.commit()
    choice = _default(vault, learner_id, "learner")
    result = _export(vault, learner_id, choice, tmp_path / "long.pdf", encrypt=False)
    data = (tmp_path / "long.pdf").read_bytes()
    pages = _positions_inside_the_page(data)
    # About 20,000 characters three times over: a handful of pages each, not hundreds, not one.
    assert 8 <= pages <= 40, pages
    text = _text(data)
    last_word = long_words.split()[-2]  # the very last may be cut short at 20,000 characters
    assert CYRILLIC in text and f" {last_word} " in text.replace("\n", " ")
    assert f"Page {pages} of {pages}" in text
    # The bundled font draws Cyrillic and Arabic letters (Arabic unjoined) but has no emoji.
    # Unless this computer has a monochrome emoji font, the emoji are reported (and print by their name).
    assert result.missing_glyphs == tuple(c for c in ("🚲", "🐈") if pdf_fonts.font_for(c) is None)
    if shutil.which("pdftoppm"):
        rendered = subprocess.run(
            [
                "pdftoppm",
                "-r",
                "20",
                "-png",
                "-f",
                "1",
                "-l",
                "2",
                str(tmp_path / "long.pdf"),
                str(tmp_path / "p"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert rendered.returncode == 0, rendered.stderr
        assert len(list(tmp_path.glob("p-*.png"))) == 2


# -- the disclosure register ----------------------------------------------------------------------------


def test_the_register_lists_what_left_newest_first_and_receipts_are_marked_beside_it(
    vault: Vault, move: tuple[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutordesk.services.plans import contracts

    learner_id, _ = move
    with vault.unit_of_work() as uow:
        contracts.export_contract(uow, learner_id=learner_id, target=tmp_path / "contract.pdf")
        uow.commit()
    _agree(vault, learner_id)
    mine = _export(
        vault, learner_id, _default(vault, learner_id, "learner"), tmp_path / "mine.pdf", encrypt=False
    )
    theirs = _export(
        vault, learner_id, _default(vault, learner_id, "receiving"), tmp_path / "theirs.pdf", encrypt=True,
        purpose="named contact asked before the first day",
    )  # fmt: skip
    with vault.unit_of_work() as uow:
        register = disclosures.disclosures(uow, learner_id=learner_id)
        other = Learner(given_name="A", family_name="B")
        uow.session.add(other)
        uow.session.flush()
        assert disclosures.disclosures(uow, learner_id=int(other.id or 0)) == []
    assert [d.audit_entry_id for d in register][:2] == [theirs.audit_entry_id, mine.audit_entry_id]
    newest, own, contract = register
    assert newest.what == "Moving on: my handover pack" and newest.action == "Handover pack saved"
    assert newest.recipient == "Riverside College (Amina Khan)" and newest.lawful_basis == "consent"
    assert newest.purpose == "named contact asked before the first day"
    assert newest.sections == tuple(sorted(SHARED)) and newest.sha256 == theirs.sha256 and newest.encrypted
    assert newest.awaiting_acknowledgement and not own.awaiting_acknowledgement
    assert own.recipient == "the young person" and own.audience == "learner"
    assert contract.what == "Contract of participation" and contract.action == "Saved as PDF"

    assert disclosures.DUE_SOURCE in due.DUE_SOURCES  # the caseload's Due list includes it
    sent = date(2026, 12, 1)

    def due_for_receipt(today: date) -> list[due.DueItem]:
        with vault.unit_of_work() as uow:
            return [i for i in due.due_items(uow, today=today) if i.kind == "handover_receipt"]

    with vault.unit_of_work() as uow:
        row_before = uow.session.get(AuditEntry, theirs.audit_entry_id)
        disclosures.mark_sent(uow, audit_entry_id=theirs.audit_entry_id, on=sent)
        uow.commit()
    [item] = due_for_receipt(sent + timedelta(days=8))
    assert item.learner_id == learner_id and item.due_on == sent + timedelta(days=7) and item.overdue
    assert not due_for_receipt(sent + timedelta(days=3))[0].overdue
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match="before it was sent"):
            disclosures.mark_acknowledged(
                uow, audit_entry_id=theirs.audit_entry_id, on=sent - timedelta(days=1)
            )
        disclosures.mark_acknowledged(uow, audit_entry_id=theirs.audit_entry_id, on=sent + timedelta(days=2))
        uow.commit()
    assert due_for_receipt(sent + timedelta(days=30)) == []
    with vault.unit_of_work() as uow:
        [newest] = disclosures.disclosures(uow, learner_id=learner_id)[:1]
        row_after = uow.session.get(AuditEntry, theirs.audit_entry_id)
        marks = uow.session.exec(select(AuditEntry).where(AuditEntry.action.startswith("disclosure."))).all()  # type: ignore[attr-defined]
        assert audit.first_broken_entry(uow.session) is None
        with pytest.raises(BadInput, match="not a disclosure"):
            disclosures.mark_sent(uow, audit_entry_id=marks[0].id or 0, on=sent)
    assert newest.sent_on == sent and newest.acknowledged_on == sent + timedelta(days=2)
    assert not newest.awaiting_acknowledgement
    assert row_before is not None and row_after is not None and row_after.hash == row_before.hash
    assert [m.action for m in marks] == ["disclosure.marked_sent", "disclosure.marked_acknowledged"]


def test_a_chosen_table_with_nothing_in_it_is_left_out_of_the_pack(
    vault: Vault, move: tuple[int, int]
) -> None:
    learner_id, _ = move
    choice = _default(vault, learner_id, "learner")
    assert "good_work" in choice.sections
    assert "Examples of my good work" in _preview(vault, learner_id, choice)
    with vault.unit_of_work() as uow:
        for attachment in material.attachments(uow, learner_id=learner_id):
            material.remove_attachment(uow, attachment_id=attachment.id)
        uow.commit()
    assert "Examples of my good work" not in _preview(vault, learner_id, choice)
