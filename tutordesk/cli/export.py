"""The `tutordesk export` commands: documents as PDF (the contract, the handover pack, the caseload overview,
the follow-up procedure) and the calendar as .ics. Each writes one file the person named, refuses to replace it without `--force`, and is recorded in
the audit log by the service it calls.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tutordesk.cli.context import CommandParser, Context, say
from tutordesk.errors import BadInput, ExitCode, WouldOverwrite

if TYPE_CHECKING:
    from tutordesk.vault.unit_of_work import UnitOfWork


def add_export_commands(commands: argparse._SubParsersAction[CommandParser]) -> None:
    """Register `export contract`, `export handover` and `export calendar` on the top-level commands."""
    exporting = commands.add_parser("export", help="write a document as PDF, or the calendar as .ics")
    export_commands = exporting.add_subparsers(
        dest="export_command", metavar="WHAT", parser_class=CommandParser
    )
    contract = export_commands.add_parser(
        "contract", help="the contract of participation of the learner's agreed plan, as PDF"
    )
    contract.add_argument("learner", metavar="LEARNER", help="the learner's ID, as `learners list` shows it")
    contract.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    contract.add_argument("--force", action="store_true", help="replace FILE.pdf if it exists")
    contract.add_argument(
        "--include-support",
        action="store_true",
        help="print the support in place (special-category data: only with the learner's agreement)",
    )
    contract.set_defaults(run=cmd_export_contract)
    pack = export_commands.add_parser(
        "handover", help="the warm-handover pack, for the young person or the receiving setting, as PDF"
    )
    pack.add_argument("learner", metavar="LEARNER", help="the learner's ID, as `learners list` shows it")
    pack.add_argument(
        "--audience",
        required=True,
        choices=("learner", "receiving"),
        help="the young person's own copy, or the receiving setting's (only what the young person agreed to)",
    )
    pack.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    pack.add_argument("--force", action="store_true", help="replace FILE.pdf if it exists")
    pack.add_argument(
        "--sections",
        metavar="A,B,...",
        help="the sections to include (default: all for the learner, the agreed ones for the receiving setting)",
    )
    pack.add_argument(
        "--include-sensitive",
        metavar="SECTION.FIELD,...",
        help="sensitive fields to include, one by one (default: none for the learner, the agreed ones for the "
        "receiving setting; an empty list leaves all out)",
    )
    sealing = pack.add_mutually_exclusive_group()
    sealing.add_argument(
        "--encrypt", dest="encrypt", action="store_const", const=True, default=None,
        help="encrypt the young person's own copy too (the receiving setting's always is, unless --no-encrypt)",
    )  # fmt: skip
    sealing.add_argument(
        "--no-encrypt", dest="encrypt", action="store_const", const=False, help="write the PDF unencrypted"
    )
    pack.set_defaults(run=cmd_export_handover)
    calendar = export_commands.add_parser(
        "calendar", help="coming reviews, meetings and transition dates as an iCalendar (.ics) file"
    )
    calendar.add_argument("--out", required=True, metavar="FILE.ics", help="where to write the calendar")
    calendar.add_argument("--force", action="store_true", help="replace FILE.ics if it exists")
    calendar.add_argument(
        "--days", type=int, default=365, metavar="N", help="how many days ahead to include (default 365)"
    )
    calendar.set_defaults(run=cmd_export_calendar)
    overview = export_commands.add_parser(
        "overview", help="the caseload in counts for a team meeting, as PDF (names nobody)"
    )
    overview.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    overview.add_argument("--force", action="store_true", help="replace FILE.pdf if it exists")
    overview.set_defaults(run=cmd_export_overview)
    procedure = export_commands.add_parser(
        "procedure", help="the setting's follow-up procedure, step by step, as PDF"
    )
    procedure.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    procedure.add_argument("--force", action="store_true", help="replace FILE.pdf if it exists")
    procedure.set_defaults(run=cmd_export_procedure)


_SUFFIX = {
    "contract": ".pdf",
    "pack": ".pdf",
    "calendar": ".ics",
    "overview": ".pdf",
    "procedure sheet": ".pdf",
}


def _export_target(ctx: Context, args: argparse.Namespace, what: str) -> Path:
    """`--out` checked before the vault is opened: never the vault's own files, folder or backups (exit 2,
    `--force` or not; the services check again), its folder exists, and it is not replaced unless `--force`."""
    from tutordesk.vault.export_guard import VaultFiles, refuse_protected_target

    target = Path(args.out).expanduser()
    refuse_protected_target(target, VaultFiles(ctx.vault_path, (ctx.backup_folder(),)))
    if target.is_dir():
        raise BadInput(f"{target} is a folder; name a file to write inside it instead. Nothing was written.")
    if not target.parent.is_dir():
        raise BadInput(f"There is no folder {target.parent} to write the {what} in.")
    if target.exists() and not args.force:
        raise WouldOverwrite(f"{target} already exists; choose another name, or add --force to replace it.")
    return target


def cmd_export_contract(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.services.plans import contracts

    target = _export_target(ctx, args, "contract")
    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        learner_id = _learner_id(uow, args.learner)
        document_id = contracts.prepare_contract(
            uow, learner_id=learner_id, include_support=True if args.include_support else None
        )
        result = contracts.export_document(uow, document_id=document_id, target=target)
        uow.commit()
    say(ctx, f"Wrote the contract of participation to {result.path} (fingerprint {result.fingerprint}).")
    if result.missing_glyphs:
        say(ctx, _cannot_draw(result.missing_glyphs))
    return ExitCode.OK


def cmd_export_handover(ctx: Context, args: argparse.Namespace) -> int:
    import dataclasses
    from datetime import date

    from tutordesk.domain.transition_enums import Audience
    from tutordesk.services.transitions import handover

    target = _export_target(ctx, args, "pack")
    receiving = args.audience == Audience.RECEIVING
    # The receiving setting's copy travels encrypted; the young person opens their own copy themselves.
    encrypt = args.encrypt if args.encrypt is not None else receiving
    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        learner_id = _learner_id(uow, args.learner)
        choice = handover.default_choice(uow, learner_id=learner_id, audience=args.audience)
        if args.sections is not None:
            sections = frozenset(_listed(args.sections))
            kept = frozenset(key for key in choice.sensitive if key.partition(".")[0] in sections)
            choice = dataclasses.replace(choice, sections=sections, sensitive=kept)
        if args.include_sensitive is not None:
            choice = dataclasses.replace(choice, sensitive=frozenset(_listed(args.include_sensitive)))
        result = handover.export_pack(
            uow,
            learner_id=learner_id,
            choice=choice,
            target=target,
            today=date.today(),
            encrypt=encrypt,
            overwrite=args.force,
        )
        uow.commit()
    copy = "the receiving setting's copy" if receiving else "the young person's own copy"
    say(ctx, f"Wrote the handover pack ({copy}) to {result.path} (fingerprint {result.fingerprint}).")
    if result.missing_glyphs:
        say(ctx, _cannot_draw(result.missing_glyphs))
    if result.password:
        say(ctx, "")
        say(ctx, "Password to open it (shown only this once; give it apart from the file, e.g. by phone):")
        say(ctx, f"    {result.password}")
    return ExitCode.OK


def cmd_export_overview(ctx: Context, args: argparse.Namespace) -> int:
    from datetime import date

    from tutordesk.services.followup.printing import export_overview

    target = _export_target(ctx, args, "overview")
    settings = ctx.settings
    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        digest = export_overview(
            uow,
            target=target,
            today=date.today(),
            weights=settings.risk_weights(),
            rules=settings.warning_rules(),
            no_contact_days=settings.no_contact_days,
            overwrite=True,  # `_export_target` refused an existing file unless --force
        )
        uow.commit()
    say(ctx, f"Wrote the caseload overview (counts only) to {target} (SHA-256 {digest[:12]}…).")
    return ExitCode.OK


def cmd_export_procedure(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.services.followup.printing import export_procedure_sheet

    target = _export_target(ctx, args, "procedure sheet")
    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        export_procedure_sheet(uow, target=target, overwrite=True)
        uow.commit()
    say(ctx, f"Wrote the follow-up procedure to {target}.")
    return ExitCode.OK


def _cannot_draw(characters: tuple[str, ...]) -> str:
    """The warning for characters no font on this computer can draw."""
    return (
        f"No font on this computer can draw {' '.join(characters)}: the document shows a plain mark "
        "in their place. Installing a font for that script (for example Noto) and saving again fixes it."
    )


def _listed(text: str) -> list[str]:
    """A comma-separated command-line list ("a,b, c"); an empty text is an empty list."""
    return [part.strip() for part in text.split(",") if part.strip()]


def cmd_export_calendar(ctx: Context, args: argparse.Namespace) -> int:
    from datetime import date

    from tutordesk.services.caseload.calendar_export import export_calendar

    if not 0 <= args.days <= 3660:
        raise BadInput("--days must be between 0 and 3660 (ten years).")
    target = _export_target(ctx, args, "calendar")
    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        result = export_calendar(
            uow, target=target, today=date.today(), overwrite=args.force, horizon_days=args.days
        )
        uow.commit()
    count = len(result.events)
    say(
        ctx,
        f"Wrote {count} calendar event{'' if count == 1 else 's'} to {result.path} "
        "(learners appear by first name and the initial of their family name only).",
    )
    return ExitCode.OK


def _learner_id(uow: UnitOfWork, reference: str) -> int:
    """A learner named on the command line by the ID that `learners list` shows."""
    from tutordesk.domain.models import Learner

    text = reference.strip()
    # ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() then refuses.
    if not (text.isascii() and text.isdigit()):
        raise BadInput("Name the learner by the ID that `tutordesk learners list` shows, e.g. 12.")
    # An ID past SQLite's largest integer cannot be in the vault (and the driver would overflow on it).
    learner = uow.session.get(Learner, int(text)) if len(text) <= 18 else None
    if learner is None:
        raise BadInput(
            f"There is no learner with ID {text if len(text) <= 30 else text[:29] + '…'} in this vault."
        )
    return int(text)
