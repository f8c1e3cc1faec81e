"""The main window's view of the caseload, read in one unit of work or ahead on a worker thread."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta

import pytest

from tutordesk.demo.caseload import fill_demo
from tutordesk.domain.risk import RiskWeights
from tutordesk.errors import TutorDeskError
from tutordesk.services.caseload.due import due_items, earliest_by_learner, earliest_due_by_learner
from tutordesk.services.caseload.rows import list_caseload
from tutordesk.services.caseload.view import ReadAhead, ViewRequest, read_caseload_view
from tutordesk.settings import Settings
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
REQUEST = ViewRequest(TODAY, RiskWeights(), no_contact_days=28, horizon_days=7)


@pytest.fixture
def demo_vault(vault: Vault) -> Vault:
    with vault.unit_of_work() as uow:
        fill_demo(uow, learners=40, seed=11, today=TODAY)
        uow.commit()
    return vault


def test_the_view_holds_the_horizon_and_every_learners_earliest_item(demo_vault: Vault) -> None:
    view = read_caseload_view(demo_vault, request=REQUEST)
    with demo_vault.unit_of_work() as uow:
        everything = due_items(uow, today=TODAY)
        rows = list_caseload(uow, today=TODAY)
        earliest = earliest_due_by_learner(uow, today=TODAY)
    horizon = TODAY + timedelta(days=7)
    assert view.due == [item for item in everything if item.due_on <= horizon]
    assert [(row.id, row.next_due) for row in view.rows] == [(row.id, row.next_due) for row in rows]
    # Some learner's earliest item lies beyond the horizon, or the horizon would not have been tested.
    assert any(item.due_on > horizon for item in earliest.values())
    assert earliest == earliest_by_learner(everything)
    assert [group for _, group in view.groups][:1] and all(isinstance(term, int) for term, _ in view.groups)


def test_the_list_cut_at_the_horizon_keeps_each_learners_earliest_item(demo_vault: Vault) -> None:
    with demo_vault.unit_of_work() as uow:
        everything = due_items(uow, today=TODAY)
        cut = due_items(uow, today=TODAY, horizon_days=7, each_earliest=True)
    horizon = TODAY + timedelta(days=7)
    wanted = [
        item
        for item in everything
        if item.due_on <= horizon or earliest_by_learner(everything)[item.learner_id] is item
    ]
    assert cut == wanted  # the same items, in the same order, ties broken the same way
    assert len(cut) < len(everything)


def test_the_view_is_three_statements_whatever_the_size(demo_vault: Vault) -> None:
    with recorded_statements(demo_vault.engine) as statements:
        read_caseload_view(demo_vault, request=REQUEST)
    assert len(statements) == 4  # rows, due items, early-warning signals, groups


def test_reading_ahead_gives_what_reading_now_gives(demo_vault: Vault) -> None:
    ahead = ReadAhead(demo_vault, REQUEST)
    assert ahead.result() == read_caseload_view(demo_vault, request=REQUEST)


def test_reading_ahead_runs_on_another_thread(demo_vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = read_caseload_view

    def recording(vault: Vault, *, request: ViewRequest) -> object:
        threads.append(threading.current_thread())
        return real(vault, request=request)

    monkeypatch.setattr("tutordesk.services.caseload.view.read_caseload_view", recording)
    ReadAhead(demo_vault, REQUEST).result()
    assert threads and threads[0] is not threading.main_thread()


def test_a_failure_while_reading_ahead_reaches_the_caller(demo_vault: Vault) -> None:
    demo_vault.close()  # the worker finds the vault locked
    ahead = ReadAhead(demo_vault, REQUEST)
    with pytest.raises(TutorDeskError, match="locked"):
        ahead.result()


def test_a_request_follows_the_settings() -> None:
    settings = replace(Settings(), no_contact_days=14, due_horizon_days=3)
    request = ViewRequest.from_settings(settings, TODAY)
    assert (request.today, request.no_contact_days, request.horizon_days) == (TODAY, 14, 3)
    assert request == ViewRequest.from_settings(
        settings, TODAY
    )  # compared to decide whether a reading is used
    assert request != ViewRequest.from_settings(settings, TODAY + timedelta(days=1))
