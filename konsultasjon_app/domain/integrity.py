"""Consistency of a whole register: every reference points at a record that exists."""

from __future__ import annotations

from .model import Register
from .problems import Problem


def reference_problems(register: Register) -> list[Problem]:
    """Problems with references between records (a decision on an unknown agreement, a rating of an unknown
    criterion). Each path names the record by its identity, e.g. `decisions[barnevern@2006/2].agreement`."""
    problems: list[Problem] = []
    keys = {a.key for a in register.agreements}
    criteria = {cs.key: {c.key for c in cs.criteria} for cs in register.criteria_sets}
    for d in register.decisions:
        if d.agreement not in keys:
            problems.append(Problem.make(f"decisions[{d.agreement}@{d.meeting.year}/{d.meeting.number}].agreement", "unknown-agreement", key=d.agreement))
    for s in register.signings:
        if s.agreement not in keys:
            problems.append(Problem.make(f"signings[{s.agreement}@{s.date.isoformat()}].agreement", "unknown-agreement", key=s.agreement))
    for dv in register.deviations:
        if dv.agreement is not None and dv.agreement not in keys:
            problems.append(Problem.make(f"deviations[{dv.action}@{dv.agreement}].agreement", "unknown-agreement", key=dv.agreement))
    for e in register.agenda:
        if e.agreement is not None and e.agreement not in keys:
            problems.append(Problem.make(f"agenda[{e.action}@{e.agreement}].agreement", "unknown-agreement", key=e.agreement))
    for x in register.attachments:
        if x.agreement not in keys:
            problems.append(Problem.make(f"attachments[{x.name}].agreement", "unknown-agreement", key=x.agreement))
    for a in register.assessments:
        path = f"assessments[{a.agreement}@{a.criteria_set}/{a.criterion}]"
        if a.agreement not in keys:
            problems.append(Problem.make(f"{path}.agreement", "unknown-agreement", key=a.agreement))
        if a.criteria_set not in criteria:
            problems.append(Problem.make(f"{path}.criteria_set", "unknown-criteria-set", key=a.criteria_set))
        elif a.criterion not in criteria[a.criteria_set]:
            problems.append(Problem.make(f"{path}.criterion", "unknown-criterion", key=a.criterion, set=a.criteria_set))
    return problems
