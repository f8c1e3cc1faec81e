import importlib, pkgutil
import tutordesk.ui
from PySide6.QtWidgets import QDialog
from tests.ui.test_window_walk import *  # noqa
def all_dialogs():
    for m in pkgutil.walk_packages(tutordesk.ui.__path__, "tutordesk.ui."):
        importlib.import_module(m.name)
    out=set(); stack=[QDialog]
    while stack:
        c=stack.pop()
        for sub in c.__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("tutordesk.ui"): out.add(f"{sub.__module__}.{sub.__name__}")
    return out
def test_probe(window):
    w = Walker()
    for row in range(window.caseload.model.rowCount()):
        window.caseload.select_learner(window.caseload.model.row_at(row).id); window.tabs.setCurrentIndex(0)
        w.walk(window)
    print("UNREACHED", "\n".join(sorted(all_dialogs() - w.dialogs_seen)))
