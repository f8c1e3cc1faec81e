"""Typed preferences, declared once, stored as JSON in the user's config folder. No Qt, no learner data.

A missing or damaged settings file falls back to the defaults: preferences are never worth a failed start.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path

from tutordesk.domain.early_warning import WarningRules
from tutordesk.domain.risk import RiskWeights
from tutordesk.paths import ensure_private_dir
from tutordesk.vault.atomic import write_bytes_atomically


@dataclass
class Settings:
    """Every preference with its default. Add a field here and it is loaded, saved and documented."""

    #: Minutes of inactivity after which the window locks the vault.
    idle_lock_minutes: int = 5
    #: How many automatic backups of each vault to keep.
    backups_to_keep: int = 10
    #: Take an automatic backup on the first open of each day.
    daily_backup: bool = True
    #: Where backups go; empty means the `backups` folder beside the default vault.
    backup_folder: str = ""
    #: Weight of each open risk factor by domain in the caseload's risk level.
    risk_domain_weights: dict[str, float] = field(
        default_factory=lambda: {
            "personal": 1.0,
            "social": 1.0,
            "family": 1.0,
            "institutional": 1.0,
            "structural": 0.5,
        }
    )
    #: How much each protective factor takes off the risk score.
    risk_protective_weight: float = 0.5
    #: Risk scores from which a learner shows as medium and as high risk.
    risk_medium_at: float = 3.0
    risk_high_at: float = 6.0
    #: Days without a recorded meeting after which the caseload asks for contact.
    no_contact_days: int = 28
    #: How far ahead the Due panel looks, in days.
    due_horizon_days: int = 7
    #: The language printed documents are written in (only English, "en", exists so far).
    document_language: str = "en"
    #: Early warning: attendance at or below this percentage of possible sessions raises a flag...
    attendance_warning_percent: float = 90.0
    #: ...judged over this many weeks, and only over at least this many possible sessions.
    attendance_weeks: int = 4
    attendance_minimum_sessions: int = 10
    #: Whether excused (authorised) absences count as missed sessions.
    count_excused_absence: bool = False
    #: A fall of this many grades between a subject's two latest marks raises a flag.
    grade_fall_for_warning: float = 1.0
    #: This many behaviour incidents (or times noticed as disengaged) within this many weeks raise a flag.
    incidents_for_warning: int = 3
    disengagement_for_warning: int = 2
    incident_weeks: int = 4
    #: The first day of the school year, as "MM-DD": no rule looks back past it.
    school_year_starts: str = "09-01"

    def risk_weights(self) -> RiskWeights:
        return RiskWeights(
            domain_weights=dict(self.risk_domain_weights),
            protective_weight=self.risk_protective_weight,
            medium_at=self.risk_medium_at,
            high_at=self.risk_high_at,
        )

    def warning_rules(self) -> WarningRules:
        """The early-warning rules these preferences describe; a school year start that is not a date
        falls back to 1 September (the preferences dialog refuses one before it is saved)."""
        try:
            month, day = (int(part) for part in self.school_year_starts.split("-"))
            date(2001, month, day)
        except ValueError:
            month, day = 9, 1
        return WarningRules(
            attendance_at_or_below=self.attendance_warning_percent,
            attendance_weeks=self.attendance_weeks,
            attendance_minimum_sessions=self.attendance_minimum_sessions,
            count_excused_absence=self.count_excused_absence,
            grade_fall=self.grade_fall_for_warning,
            incidents=self.incidents_for_warning,
            incident_weeks=self.incident_weeks,
            disengagement=self.disengagement_for_warning,
            school_year_starts=(month, day),
        )

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        defaults = cls()
        values = {}
        for setting in fields(cls):
            default = getattr(defaults, setting.name)
            value = raw.get(setting.name, default)
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)  # JSON has one number type; 3 is a fine float
            same_type = isinstance(value, type(default)) and isinstance(value, bool) == isinstance(
                default, bool
            )
            values[setting.name] = value if same_type else default
        return cls(**values)

    def save(self, path: Path) -> None:
        """Write every preference atomically; keys of the file this version does not know are kept."""
        ensure_private_dir(path.parent)
        kept: dict[str, object] = {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = None
        if isinstance(raw, dict):
            kept = raw
        kept.update(asdict(self))
        write_bytes_atomically(path, json.dumps(kept, indent=2).encode("utf-8"))
