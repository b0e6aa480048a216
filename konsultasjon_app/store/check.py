"""`check`: the database's integrity (SQLite's own checks and the register's references), the meeting calendar's order
and the rule warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.checks import CheckWarning, check_agreement, party_index
from ..domain.integrity import reference_problems
from ..domain.lifecycle import signings_by_agreement
from ..domain.meetings import CalendarWarning, meeting_order_warnings
from ..domain.planner import PlanWarning, plan, warning_to_json
from .session import Session


@dataclass
class CheckReport:
    """What the check command finds: problems of the file, model-agreement warnings, the meeting calendar's warnings
    (dates out of the meetings' order, every year) and the plan's warnings."""

    integrity: list[str] = field(default_factory=list)
    calendar_warnings: list[CalendarWarning] = field(default_factory=list)
    agreement_warnings: list[CheckWarning] = field(default_factory=list)
    plan_year: int = 0
    plan_warnings: list[PlanWarning] = field(default_factory=list)
    # False when the register could not be read (damaged, emptied): the warnings were not looked for, and are told so,
    # not as "0 warning(s)" (in JSON, "checked": false beside the empty lists), which reads like a clean result.
    read: bool = True

    @property
    def integrity_ok(self) -> bool:
        return not self.integrity

    def to_json(self) -> dict:
        return {
            "integrity": {"ok": self.integrity_ok, "problems": self.integrity},
            # False on a database that could not be read: its lists of warnings are then empty because nothing was
            # checked (lists all the same, not null: a script counting them does not fail).
            "checked": self.read,
            "warnings": [warning_to_json(w) for w in self.agreement_warnings],
            # As every other warning ({"agreement", "code", "message"}: a calendar's is about no agreement), with its year.
            "calendar": {"warnings": [{"agreement": None, "code": w.code, "message": w.message, "year": w.year} for w in self.calendar_warnings]},
            "plan": {
                "year": self.plan_year,
                "warnings": [warning_to_json(w) for w in self.plan_warnings],
            },
        }

    def to_text(self) -> str:
        lines = ["Integrity: ok" if self.integrity_ok else "Integrity: PROBLEMS"]
        lines += [f"  {p}" for p in self.integrity]
        if not self.read:
            unread = "not checked (the database could not be read)"
            lines += [f"Model-agreement checks: {unread}", f"Meeting calendar: {unread}", f"Plan {self.plan_year}: {unread}"]
            return "\n".join(lines) + "\n"
        lines.append(f"Model-agreement checks: {len(self.agreement_warnings)} warning(s)")
        lines += [f"  {w.agreement}: {w.code} — {w.message}" for w in self.agreement_warnings]
        lines.append(f"Meeting calendar: {len(self.calendar_warnings)} warning(s)")
        lines += [f"  {w.year}: {w.code} — {w.message}" for w in self.calendar_warnings]
        lines.append(f"Plan {self.plan_year}: {len(self.plan_warnings)} warning(s)")
        lines += [f"  {w.agreement or '-'}: {w.code} — {w.message}" for w in self.plan_warnings]
        return "\n".join(lines) + "\n"


def check_database(session: Session, today: dt.date | None = None) -> CheckReport:
    today = today or dt.date.today()
    report = CheckReport(plan_year=today.year)
    report.integrity.extend(session.store.integrity_problems())
    report.integrity.extend(p.message for p in reference_problems(session.register))
    report.integrity.extend(export_problems(session.register))
    register = session.register
    parties = party_index(register.parties)
    signings = signings_by_agreement(register)
    for agreement in register.agreements:
        report.agreement_warnings.extend(check_agreement(agreement, register.settings, parties, signings.get(agreement.key, ())))
    report.calendar_warnings.extend(meeting_order_warnings(register))
    report.plan_warnings.extend(plan(register, today.year, today.year, today).warnings)
    return report


def export_problems(register) -> list[str]:
    """What an import of this database's own export would refuse: records an older version of the program let in
    (a signing at a meeting of another year, a move from a meeting the item is never on, a sub-point given twice).
    Found here, they can be put right before a bundle fails on the laptop it was meant for."""
    from ..domain.bundle import dumps, loads, read_bundle
    from ..domain.problems import InvalidInput

    try:
        read_bundle(loads(dumps(register)))
    except InvalidInput as exc:
        lines = [f"export: {p.message}" for p in exc.problems]
        if exc.total > len(lines):
            lines.append(f"export: … and {exc.total - len(lines)} more")
        return lines
    return []
