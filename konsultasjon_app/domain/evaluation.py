"""The evaluation summary (seed 001, Tabell 4.1): per criterion, how many agreements got each rating."""

from __future__ import annotations

from dataclasses import dataclass

from .model import RATINGS, CriteriaSet, Register

RATING_NB = {
    "i_traad": "I tråd",
    "delvis": "Delvis i tråd",
    "ikke_i_traad": "Ikke i tråd",
    "ikke_relevant": "Ikke relevant",
    "ikke_vurdert": "Ikke vurdert",
}


@dataclass(frozen=True, slots=True)
class SummaryRow:
    criterion: str
    title: str
    counts: dict[str, int]

    @property
    def share_in_line(self) -> float | None:
        """The share rated in line among those rated relevant and assessed."""
        assessed = sum(self.counts[r] for r in ("i_traad", "delvis", "ikke_i_traad"))
        return self.counts["i_traad"] / assessed if assessed else None


@dataclass(frozen=True, slots=True)
class Summary:
    criteria_set: CriteriaSet
    agreements: tuple[str, ...]  # the agreements with at least one rating in the set
    rows: tuple[SummaryRow, ...]


def summarize(register: Register, set_key: str, only: set[str] | None = None) -> Summary:
    """Counts per criterion and rating. An agreement rated on some criterion of the set but not on this one
    counts as `ikke_vurdert` here. `only` limits the summary to some agreements (a filter)."""
    criteria_set = register.criteria_set(set_key)
    if criteria_set is None:
        raise KeyError(set_key)
    ratings: dict[tuple[str, str], str] = {}
    rated: list[str] = []
    seen: set[str] = set()
    for a in register.assessments:
        if a.criteria_set != set_key or (only is not None and a.agreement not in only):
            continue
        ratings[(a.agreement, a.criterion)] = a.rating
        if a.agreement not in seen:
            seen.add(a.agreement)
            rated.append(a.agreement)
    order = {a.key: i for i, a in enumerate(register.agreements)}
    rated.sort(key=lambda k: order.get(k, len(order)))
    rows = []
    for criterion in criteria_set.criteria:
        counts = dict.fromkeys(RATINGS, 0)
        for agreement in rated:
            counts[ratings.get((agreement, criterion.key), "ikke_vurdert")] += 1
        rows.append(SummaryRow(criterion.key, criterion.title, counts))
    return Summary(criteria_set, tuple(rated), tuple(rows))


def summary_to_json(summary: Summary) -> dict:
    return {
        "criteria_set": summary.criteria_set.key,
        "agreements": len(summary.agreements),
        "rows": [{"criterion": r.criterion, "title": r.title, "counts": dict(r.counts)} for r in summary.rows],
    }


def summary_to_text(summary: Summary) -> str:
    heads = [RATING_NB[r] for r in RATINGS]
    width = max([len("Kriterium"), *(len(r.title) for r in summary.rows)])
    lines = [f"{summary.criteria_set.title} ({summary.criteria_set.key}): {len(summary.agreements)} avtaler vurdert", ""]
    lines.append("Kriterium".ljust(width) + "".join(f"  {h:>13}" for h in heads))
    for r in summary.rows:
        lines.append(r.title.ljust(width) + "".join(f"  {r.counts[k]:>13}" for k in RATINGS))
    return "\n".join(lines) + "\n"
