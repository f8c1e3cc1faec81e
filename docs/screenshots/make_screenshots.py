"""Regenerate the screenshots in docs/screenshots from the real windows with a fictional demo vault.

Run under a real X server:
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/make_screenshots.py
Each picture is grabbed from the screen, as a user would see it, not rendered from the widget alone.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from tutordesk.demo.caseload import fill_demo  # noqa: E402
from tutordesk.settings import Settings  # noqa: E402
from tutordesk.ui.shell.main_window import MainWindow  # noqa: E402
from tutordesk.vault.key_file import KdfCost  # noqa: E402
from tutordesk.vault.vault import BackupPolicy, Unlock, Vault  # noqa: E402

TODAY = date(2026, 11, 20)
PASSPHRASE = "screenshot passphrase"  # a throwaway vault of fictional people


def grab(app: QApplication, widget: QWidget, name: str) -> None:
    app.processEvents()
    frame = widget.frameGeometry()
    app.primaryScreen().grabWindow(0).copy(frame).save(str(HERE / name))
    print(f"wrote {name}")


def main() -> None:
    app = QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp())
    printed = Path(tempfile.mkdtemp())  # PDFs go elsewhere: TutorDesk refuses to write beside the vault
    path = folder / "demo.vault"
    with Vault.create(path, PASSPHRASE, cost=KdfCost.fast_for_tests()) as vault:
        with vault.unit_of_work() as uow:
            fill_demo(uow, learners=200, seed=4, today=TODAY)
            uow.commit()
    backups = BackupPolicy(folder=folder / "backups", daily=False)
    shots: list[Callable[[], None]] = []

    from tutordesk.ui.shell.first_run_dialog import FirstRunDialog
    from tutordesk.ui.shell.unlock_dialog import UnlockDialog

    first_run = FirstRunDialog(folder / "new.vault", cost=KdfCost.fast_for_tests())
    first_run.move(300, 120)
    first_run.show()
    shots.append(lambda: grab(app, first_run, "first-run.png"))
    shots.append(first_run.close)

    unlock = UnlockDialog(path, backups)
    unlock.move(300, 200)
    unlock.show()
    shots.append(lambda: grab(app, unlock, "unlock.png"))

    def open_main() -> None:
        unlock.close()
        vault = Vault.open(path, Unlock(passphrase=PASSPHRASE))
        window = MainWindow(vault, Settings(), backups=backups, today=lambda: TODAY)
        window.resize(1366, 768)  # the smallest common laptop screen
        window.move(0, 0)
        window.show()
        window.caseload.select_learner(window.caseload.model.row_at(2).id)
        main.window = window  # type: ignore[attr-defined]

    shots.append(open_main)
    shots.append(lambda: grab(app, main.window, "caseload.png"))  # type: ignore[attr-defined]

    def open_profile() -> None:
        from tutordesk.ui.learners.profile import LearnerProfileDialog

        window = main.window  # type: ignore[attr-defined]
        dialog = LearnerProfileDialog(window.vault, window.selected_learner, window)
        dialog.move(200, 60)
        dialog.show()
        main.dialog = dialog  # type: ignore[attr-defined]

    shots.append(open_profile)
    shots.append(lambda: grab(app, main.dialog, "learner-profile.png"))  # type: ignore[attr-defined]

    def open_plans() -> None:
        from tutordesk.services.plans import roadmap as plans

        main.dialog.close()  # type: ignore[attr-defined]
        window = main.window  # type: ignore[attr-defined]
        with window.vault.unit_of_work() as uow:  # a learner whose plan changed once, with a vague goal
            history = {
                v.learner_id
                for v in uow.session.exec(plans.select(plans.PlanVersion)).all()
                if v.version == 2
            }
            chosen = next(
                learner_id
                for learner_id in sorted(history)
                if any(
                    g.learner_words == "Get better at maths"
                    for g in plans.load_plan(uow, learner_id=learner_id).goals()
                )
            )
        window.caseload.search.clear()
        window.caseload.select_learner(chosen)
        window.tabs.setCurrentWidget(window.plans)

    shots.append(open_plans)
    shots.append(lambda: grab(app, main.window, "plans-roadmap.png"))  # type: ignore[attr-defined]

    def open_goal() -> None:
        roadmap = main.window.plans.panels[0]  # type: ignore[attr-defined]
        goal = next(g for g in roadmap.plan.goals() if g.learner_words == "Get better at maths")
        roadmap.stages.select("goal", goal.id)
        roadmap.stages.edit_selected(allow_view=True)
        main.dialog = roadmap.pending_dialog  # type: ignore[attr-defined]
        main.dialog.move(260, 120)  # type: ignore[attr-defined]

    shots.append(open_goal)
    shots.append(lambda: grab(app, main.dialog, "plans-goal-smart.png"))  # type: ignore[attr-defined]

    for index, name in ((2, "plans-reviews.png"), (1, "plans-baseline.png"), (3, "plans-contract.png")):

        def show_panel(index: int = index) -> None:
            with contextlib.suppress(RuntimeError):  # the goal dialog deletes itself when it closes
                main.dialog.close()  # type: ignore[attr-defined]
            main.window.plans.inner.setCurrentIndex(index)  # type: ignore[attr-defined]

        shots.append(show_panel)
        shots.append(lambda name=name: grab(app, main.window, name))  # type: ignore[attr-defined, misc]

    def contract_page() -> None:
        import subprocess

        from tutordesk.services.plans import contracts

        window = main.window  # type: ignore[attr-defined]
        pdf = printed / "contract.pdf"
        with window.vault.unit_of_work() as uow:
            contracts.export_contract(uow, learner_id=window.selected_learner, target=pdf)
            uow.commit()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(pdf), str(HERE / "contract-page")],
            check=True,
        )
        print("wrote contract-page-1.png, contract-page-2.png")

    shots.append(contract_page)

    def open_diaries() -> None:
        window = main.window  # type: ignore[attr-defined]
        window.tabs.setCurrentWidget(window.diaries)

    shots.append(open_diaries)
    shots.append(lambda: grab(app, main.window, "diaries.png"))  # type: ignore[attr-defined]

    def search_diaries() -> None:
        search = main.window.diaries.search  # type: ignore[attr-defined]
        search.box.setText("maths")
        search.search_now()

    shots.append(search_diaries)
    # Rendered from the window itself: without a window manager, Xvfb keeps stale pixels where the goal
    # dialog was, and a screen grab here would show them through the search results.
    shots.append(lambda: main.window.grab().save(str(HERE / "diary-search.png")))  # type: ignore[attr-defined]

    def open_journal() -> None:
        main.journal = main.window.diaries.open_practice_journal()  # type: ignore[attr-defined]
        main.journal.move(120, 80)  # type: ignore[attr-defined]

    shots.append(open_journal)
    shots.append(lambda: grab(app, main.journal, "practice-journal.png"))  # type: ignore[attr-defined]
    shots.append(lambda: main.journal.close())  # type: ignore[attr-defined]

    def open_mentoring() -> None:
        from sqlmodel import col, func, select

        from tutordesk.domain.mentoring_models import MentoringContact, MentoringRelationship

        window = main.window  # type: ignore[attr-defined]
        with window.vault.unit_of_work() as uow:
            # An active relationship with plenty of contacts, so the log and its flags show.
            relationship = uow.session.exec(
                select(MentoringRelationship)
                .join(
                    MentoringContact, col(MentoringContact.relationship_id) == col(MentoringRelationship.id)
                )
                .where(MentoringRelationship.status == "active")
                .group_by(col(MentoringRelationship.id))
                .order_by(func.count().desc(), col(MentoringRelationship.id))
            ).first()
            main.relationship = relationship.id  # type: ignore[attr-defined, union-attr]
            learner_id = relationship.learner_id  # type: ignore[union-attr]
        window.caseload.select_learner(learner_id)
        window.tabs.setCurrentWidget(window.mentoring)

    shots.append(open_mentoring)
    for index, name in (
        (2, "mentoring-contacts.png"),
        (1, "mentoring-phases.png"),
        (0, "mentoring-agreement.png"),
    ):

        def show_mentoring_page(index: int = index) -> None:
            main.window.mentoring.inner.setCurrentIndex(index)  # type: ignore[attr-defined]

        shots.append(show_mentoring_page)
        shots.append(lambda name=name: main.window.grab().save(str(HERE / name)))  # type: ignore[attr-defined, misc]

    def agreement_page() -> None:
        import subprocess

        from tutordesk.services.mentoring import documents as mentoring_documents

        window = main.window  # type: ignore[attr-defined]
        pdf = printed / "agreement.pdf"
        with window.vault.unit_of_work() as uow:
            document_id = mentoring_documents.prepare_document(
                uow, relationship_id=main.relationship, form_id="mentoring_agreement"
            )  # type: ignore[attr-defined]
            mentoring_documents.export_mentoring_document(uow, document_id=document_id, target=pdf)
            uow.commit()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(HERE / "mentoring-agreement-page-1")],
            check=True,
        )  # fmt: skip
        print("wrote mentoring-agreement-page-1.png")

    shots.append(agreement_page)

    def open_transitions() -> None:
        from sqlmodel import col, select

        from tutordesk.domain.transition_models import HandoverConsent, Transition

        window = main.window  # type: ignore[attr-defined]
        with window.vault.unit_of_work() as uow:
            # A mid-term move whose young person agreed to share part of their pack.
            learner_id = uow.session.exec(
                select(Transition.learner_id)
                .join(HandoverConsent, col(HandoverConsent.learner_id) == col(Transition.learner_id))
                .where(Transition.kind == "mid_term", Transition.status == "active")
                .order_by(col(Transition.learner_id))
            ).first()
        main.mover = learner_id  # type: ignore[attr-defined]
        window.caseload.select_learner(learner_id)
        window.tabs.setCurrentWidget(window.transitions)
        window.transitions.inner.setCurrentIndex(0)

    shots.append(open_transitions)
    shots.append(lambda: main.window.grab().save(str(HERE / "transitions.png")))  # type: ignore[attr-defined]

    def preview_pack() -> None:
        tab = main.window.transitions  # type: ignore[attr-defined]
        tab.inner.setCurrentIndex(4)
        tab.panels[4].show_preview()

    shots.append(preview_pack)
    shots.append(lambda: main.window.grab().save(str(HERE / "handover-preview.png")))  # type: ignore[attr-defined]

    def pack_pages() -> None:
        import subprocess

        from tutordesk.services.transitions import handover

        window = main.window  # type: ignore[attr-defined]
        for audience in ("learner", "receiving"):
            pdf = printed / f"pack-{audience}.pdf"
            with window.vault.unit_of_work() as uow:
                choice = handover.default_choice(uow, learner_id=main.mover, audience=audience)  # type: ignore[attr-defined]
                pdf.write_bytes(handover.pack_pdf(uow, learner_id=main.mover, choice=choice, today=TODAY))  # type: ignore[attr-defined]
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                 str(HERE / f"handover-pack-{audience}-page-1")],
                check=True,
            )  # fmt: skip
            pdf.unlink()
        print("wrote handover-pack-learner-page-1.png, handover-pack-receiving-page-1.png")

    shots.append(pack_pages)

    def open_followup(page: int) -> None:
        from sqlmodel import col, select

        from tutordesk.domain.followup_models import FollowUpCase, WarningSignal

        window = main.window  # type: ignore[attr-defined]
        with window.vault.unit_of_work() as uow:
            # A learner with an open case and attendance recorded: every page has something to show.
            learner_id = uow.session.exec(
                select(FollowUpCase.learner_id)
                .join(WarningSignal, col(WarningSignal.learner_id) == col(FollowUpCase.learner_id))
                .where(col(FollowUpCase.closed_on).is_(None))
                .order_by(col(FollowUpCase.learner_id))
            ).first()
        window.caseload.select_learner(learner_id)
        window.tabs.setCurrentWidget(window.followup)
        window.followup.sections.setCurrentIndex(page)

    for page, name in ((0, "followup-contacts.png"), (1, "followup-signals.png"), (2, "followup-case.png")):
        shots.append(lambda page=page: open_followup(page))
        shots.append(lambda name=name: main.window.grab().save(str(HERE / name)))  # type: ignore[attr-defined]

    def open_overview() -> None:
        window = main.window  # type: ignore[attr-defined]
        window.tabs.setCurrentWidget(window.caseload)
        window.caseload.overview_button.setChecked(True)

    shots.append(open_overview)
    shots.append(lambda: main.window.grab().save(str(HERE / "caseload-overview.png")))  # type: ignore[attr-defined]
    shots.append(lambda: main.window.caseload.overview_button.setChecked(False))  # type: ignore[attr-defined]

    def open_help() -> None:
        from tutordesk.ui.shell.help_window import TAB_SECTIONS, open_guide

        main.help = open_guide(main.window, section=TAB_SECTIONS["Plans"])  # type: ignore[attr-defined]
        main.help.resize(1000, 700)  # type: ignore[attr-defined]
        main.help.move(100, 30)  # type: ignore[attr-defined]

    shots.append(open_help)
    shots.append(lambda: grab(app, main.help, "help.png"))  # type: ignore[attr-defined]
    shots.append(lambda: main.help.close())  # type: ignore[attr-defined]

    def open_preferences() -> None:
        from tutordesk.ui.shell.preferences_dialog import PreferencesDialog

        main.preferences = PreferencesDialog(Settings(), None, main.window)  # type: ignore[attr-defined]
        main.preferences.move(300, 60)  # type: ignore[attr-defined]
        main.preferences.show()  # type: ignore[attr-defined]

    shots.append(open_preferences)
    shots.append(lambda: grab(app, main.preferences, "preferences.png"))  # type: ignore[attr-defined]
    shots.append(lambda: main.preferences.close())  # type: ignore[attr-defined]

    def lock() -> None:
        main.window.lock()  # type: ignore[attr-defined]

    shots.append(lock)
    shots.append(lambda: grab(app, main.window, "locked.png"))  # type: ignore[attr-defined]
    shots.append(app.quit)

    for number, shot in enumerate(shots):
        QTimer.singleShot(800 * (number + 1), shot)
    app.exec()


if __name__ == "__main__":
    main()
