"""Every Save as PDF and Print path names the characters no font can draw BEFORE anything is written or sent:
the contract, a review record, a mentoring document, the handover pack and the diary extract, saved and
printed. The warning is answered with keys as a person would: Escape (don't) leaves no file, no print and
no audit row; Enter (anyway) goes ahead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.support import keys
from tests.ui.test_printing import audit_rows, pdf_printer
from tutordesk.domain.models import Learner
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.vault import Vault

UNDRAWABLE = "\u0378"  # a code point no font has: it stands for any character no font can draw


def give_an_undrawable_name(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        learner = uow.session.get(Learner, learner_id)
        assert learner is not None
        learner.given_name = f"Zoë{UNDRAWABLE}"
        learner.preferred_name = ""
        uow.commit()


def answer_warning(qtbot: QtBot, key: Qt.Key, seen: list[str]) -> None:
    """Answer the next "cannot be printed" warning with a key, keeping its words."""

    def answer() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "unprintable_warning" and w.isVisible()
        ]
        if not shown:
            QTimer.singleShot(20, answer)
            return
        seen.append(shown[0].findChild(QLabel, "qt_msgbox_label").text())
        qtbot.keyClick(shown[0], key)

    QTimer.singleShot(0, answer)


_shown: list[QWidget] = []  # a shown tab is kept while its panel's save and print are driven


def show(qtbot: QtBot, widget: QWidget) -> None:
    _shown[:] = [widget]
    qtbot.addWidget(widget)
    widget.resize(1280, 860)
    with qtbot.waitExposed(widget):
        widget.show()


class Case:
    """One document: how to set it up, save it to a path, and print it to a printer (None: no Print)."""

    def __init__(
        self,
        name: str,
        words: str,
        setup: Callable[
            [QtBot, Vault, pytest.MonkeyPatch],
            tuple[Callable[[Path], object], Callable[[QPrinter], object] | None, str],
        ],
    ) -> None:
        self.name, self.words, self.setup = name, words, setup


def _contract(qtbot: QtBot, vault: Vault, _mp: pytest.MonkeyPatch) -> tuple:  # type: ignore[type-arg]
    from tests.services.test_contracts import learner_id as contract_learner
    from tutordesk.ui.plans.contract import ContractPanel

    learner = contract_learner.__wrapped__(vault)  # type: ignore[attr-defined]
    give_an_undrawable_name(vault, learner)
    panel = ContractPanel(PanelContext(vault=lambda: vault, today=lambda: date(2026, 11, 20)))
    show(qtbot, panel)
    panel.load(learner)
    return (
        (lambda path: panel.save_pdf(path)),
        (lambda printer: panel.print_contract(printer)),
        "document.printed",
    )


def _review(qtbot: QtBot, vault: Vault, _mp: pytest.MonkeyPatch) -> tuple:  # type: ignore[type-arg]
    from tests.support import builders
    from tests.ui import test_plan_reviews as reviews
    from tutordesk.ui.plans.reviews_panel import ReviewsPanel

    learner = reviews.add_learner(vault)
    reviews.agree_plan(vault, learner, agreed_on=reviews.TODAY - timedelta(days=30))
    builders.add_review(vault, learner, held_on=reviews.TODAY - timedelta(days=2))
    give_an_undrawable_name(vault, learner)
    panel = ReviewsPanel(PanelContext(vault=lambda: vault, today=lambda: reviews.TODAY))
    show(qtbot, panel)
    panel.load(learner)
    panel.table.selectRow(0)
    return (lambda path: panel.save_record(path)), None, ""


def _mentoring(qtbot: QtBot, vault: Vault, _mp: pytest.MonkeyPatch) -> tuple:  # type: ignore[type-arg]
    from tests.ui import test_mentoring_tab as mentoring
    from tutordesk.services.mentoring.documents import AGREEMENT_FORM
    from tutordesk.ui.mentoring.documents import DocumentsPanel
    from tutordesk.ui.mentoring.tab import MentoringTab

    learner = mentoring.add_learner(vault)
    mentoring.add_relationship(vault, learner)
    give_an_undrawable_name(vault, learner)
    tab = MentoringTab(PanelContext(vault=lambda: vault, today=lambda: mentoring.TODAY))
    show(qtbot, tab)
    tab.show_learner(mentoring.caseload_row(vault, learner))
    panel = mentoring.page(tab, "Documents")
    assert isinstance(panel, DocumentsPanel)
    panel.select_form(AGREEMENT_FORM)
    return (
        (lambda path: panel.save_pdf(AGREEMENT_FORM, path)),
        (lambda printer: panel.print_document(AGREEMENT_FORM, printer)),
        "document.printed",
    )


def _pack(qtbot: QtBot, vault: Vault, _mp: pytest.MonkeyPatch) -> tuple:  # type: ignore[type-arg]
    from tests.ui import test_handover_pack_panel as packs
    from tutordesk.ui.transitions.handover_pack_panel import HandoverPackPanel

    learner = packs.learner_id.__wrapped__(vault)  # type: ignore[attr-defined]
    give_an_undrawable_name(vault, learner)
    panel = HandoverPackPanel(PanelContext(vault=lambda: vault, today=lambda: packs.TODAY))
    show(qtbot, panel)
    panel.load(learner)
    return (
        (lambda path: panel.save_pack(path, encrypt=False)),
        (lambda printer: panel.print_pack(printer)),
        "handover.printed",
    )


def _extract(qtbot: QtBot, vault: Vault, _mp: pytest.MonkeyPatch) -> tuple:  # type: ignore[type-arg]
    from tests.ui import test_diaries_tab as diaries
    from tutordesk.ui.diaries.extract_dialog import DiaryExtractDialog
    from tutordesk.ui.diaries.tab import DiariesTab

    today = date.today()  # an agreement cannot be dated in the future
    learner = diaries.learner_id.__wrapped__(vault)  # type: ignore[attr-defined]
    diaries.write(vault, learner, body="Mine to keep.", written_on=today - timedelta(days=10))
    give_an_undrawable_name(vault, learner)
    tab = DiariesTab(diaries.context_for(vault, today))
    show(qtbot, tab)
    tab.show_learner(diaries.caseload_row(vault, learner))
    panel = diaries.panel_of(tab)
    panel.print_extract()
    dialog = panel.extract_dialog
    assert isinstance(dialog, DiaryExtractDialog)
    keys.tick(dialog.agreed)
    return (
        (lambda path: dialog.save_pdf(path)),
        (lambda printer: dialog.print_extract(printer)),
        "document.printed",
    )


CASES = {
    "contract": _contract,
    "review record": _review,
    "mentoring agreement": _mentoring,
    "handover pack": _pack,
    "diary extract": _extract,
}


@pytest.mark.parametrize("document", list(CASES))
def test_undrawable_characters_are_named_before_saving_or_printing(
    document: str, qtbot: QtBot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save, print_to, printed_action = CASES[document](qtbot, vault, monkeypatch)
    seen: list[str] = []
    answer_warning(qtbot, Qt.Key.Key_Escape, seen)  # Escape: don't save
    assert not save(tmp_path / "not-saved.pdf")
    assert seen and UNDRAWABLE in seen[0] and f"The {document}" in seen[0] and "Zoë" not in seen[0]
    assert not (tmp_path / "not-saved.pdf").exists()

    if print_to is not None:
        answer_warning(qtbot, Qt.Key.Key_Escape, seen)  # Escape: don't print
        assert not print_to(pdf_printer(tmp_path / "not-printed.pdf"))
        assert len(seen) == 2 and "Print it anyway?" in seen[1]
        assert not (tmp_path / "not-printed.pdf").exists() and audit_rows(vault, printed_action) == []

    answer_warning(qtbot, Qt.Key.Key_Return, seen)  # Enter: save anyway
    assert save(tmp_path / "saved.pdf")
    assert (tmp_path / "saved.pdf").exists() and "Save it anyway?" in seen[-1]
