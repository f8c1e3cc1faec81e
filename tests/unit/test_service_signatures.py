"""The services' calling conventions hold: a docstring on every public function, and everything after the
unit of work passed by keyword (`save_review(uow, *, learner_id, ...)`), so a call site reads on its own."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

import tutordesk.services


def service_modules() -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(tutordesk.services.__path__, "tutordesk.services."):
        yield importlib.import_module(info.name)


def public_functions() -> list[tuple[str, Callable[..., object]]]:
    found = []
    for module in service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            # Only the module's own functions: one imported from elsewhere is checked where it is defined.
            if not name.startswith("_") and function.__module__ == module.__name__:
                found.append((f"{module.__name__}.{name}", function))
    return found


def takes_a_unit_of_work(function: Callable[..., object]) -> bool:
    """Whether the first parameter is the unit of work (or the vault the function opens its units from)."""
    parameters = list(inspect.signature(function).parameters.values())
    if not parameters:
        return False
    first = parameters[0]
    return first.name in ("uow", "vault") or str(first.annotation) in ("UnitOfWork", "Vault")


def test_the_walk_finds_the_services() -> None:
    names = {name for name, _ in public_functions()}
    assert "tutordesk.services.plans.reviews.record_review" in names
    assert "tutordesk.services.transitions.moves.save_item" in names
    assert len(names) > 100


def test_every_public_service_function_says_what_it_does() -> None:
    missing = [name for name, function in public_functions() if not (function.__doc__ or "").strip()]
    assert not missing, "public service functions without a docstring:\n" + "\n".join(missing)


def positional_after_the_unit_of_work(functions: list[tuple[str, Callable[..., object]]]) -> list[str]:
    """What is wrong with each function that takes a unit of work and other arguments by position."""
    positional = []
    for name, function in functions:
        if not takes_a_unit_of_work(function):
            continue  # a pure helper (a CSV cell, a file name) keeps its ordinary parameters
        first, *rest = inspect.signature(function).parameters.values()
        if first.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD:
            positional.append(f"{name}: the unit of work should be its first, positional parameter")
        for parameter in rest:
            if parameter.kind not in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD):
                positional.append(f"{name}: {parameter.name} should come after `*`")
    return positional


def test_service_arguments_after_the_unit_of_work_are_keyword_only() -> None:
    positional = positional_after_the_unit_of_work(public_functions())
    assert not positional, "service parameters that can be passed by position:\n" + "\n".join(positional)


@pytest.mark.parametrize(
    ("source", "complaints"),
    [
        ("def save(uow, learner_id, *, note=''): pass", ["example: learner_id should come after `*`"]),
        ("def save(uow, *, learner_id): pass", []),
        ("def first_name(given, family): pass", []),
    ],
)
def test_the_keyword_check_tells_a_positional_parameter_from_a_keyword_one(
    source: str, complaints: list[str]
) -> None:
    namespace: dict[str, object] = {}
    exec(source, namespace)  # noqa: S102 - a fixed snippet, to check the check itself
    function = next(value for key, value in namespace.items() if inspect.isfunction(value))
    assert positional_after_the_unit_of_work([("example", function)]) == complaints
