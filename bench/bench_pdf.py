"""The handover pack as a PDF against a bare reportlab document of the same text (run with bench/run.py).

- handover_pack_pdf: `handover.pack_pdf` for a demo learner with a personal profile and a move (the young
  person's own copy: every section), read from the vault and printed; floor: the text of that very PDF,
  line by line as a reader extracts it, set as paragraphs of a plain reportlab document on A4 in the same
  font (registered once, as TutorDesk does).
"""

from __future__ import annotations

from datetime import date

from bench.floors import bare_pdf, pdf_lines
from bench.scales import BuiltVault
from bench.timing import Figure, Options, ms, paired
from tutordesk.vault.vault import Vault

_LEARNER_WITH_A_PROFILE = """
SELECT f.learner_id FROM form_answers AS f
WHERE f.form_id = 'personal_profile'
  AND EXISTS (SELECT 1 FROM transition AS t WHERE t.learner_id = f.learner_id)
  AND EXISTS (SELECT 1 FROM plan_version AS v WHERE v.learner_id = f.learner_id AND v.status = 'agreed')
ORDER BY f.learner_id LIMIT 1
"""


def pdf_figure(built: BuiltVault, vault: Vault, options: Options, today: date) -> Figure:
    from tutordesk.documents.pdf_fonts import register_fonts
    from tutordesk.documents.pdf_style import FONT
    from tutordesk.services.transitions import handover

    with vault.unit_of_work() as uow:
        learner_id = uow.session.connection().exec_driver_sql(_LEARNER_WITH_A_PROFILE).scalar()
        if learner_id is None:
            raise RuntimeError("The benchmark vault has no learner with a profile, a move and a plan.")
        choice = handover.default_choice(uow, learner_id=learner_id, audience="learner")
        lines = pdf_lines(handover.pack_pdf(uow, learner_id=learner_id, choice=choice, today=today))
    register_fonts()

    def service() -> None:
        with vault.unit_of_work() as uow:
            handover.pack_pdf(uow, learner_id=learner_id, choice=choice, today=today)

    measured, floor = paired(
        service, lambda: bare_pdf(lines, FONT), options.repeat, min_seconds=options.min_seconds
    )
    options.profile_action("handover_pack_pdf", service)
    pages = len(pdf_lines(bare_pdf(lines, FONT)))
    return Figure(
        "handover_pack_pdf",
        built.scale.name,
        ms(measured),
        ms(floor),
        note=f"{len(lines)} lines of text, {len(choice.sections)} sections; {pages} lines in the floor",
    )
