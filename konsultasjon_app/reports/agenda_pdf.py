"""The printed agenda (dagsorden) of one consultation meeting: the meeting's facts, the list of items, then each item."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from ..domain.agenda import SIGNING_ACTIONS, AgendaLine, signed_before, year_agenda
from ..domain.model import OWN_ACTION, Register
from ..domain.planner import Plan
from .meeting_docs import (
    ItemBlock,
    item_head,
    item_styles,
    join_nb,
    labelled,
    meeting_header,
    meeting_name,
    meeting_slot,
    paragraphs,
    signatory_rows,
)
from .pdf import Paragraph, build_pdf, markup, para, text

LIST_LINES_WITH_HEADING = 2  # items of the list at the top kept on the page with its heading


def agenda_pdf(register: Register, plan: Plan, year: int, meeting_number: int) -> bytes:
    """The agenda of meeting `meeting_number` of `year` as an A4 PDF.

    `plan` must cover `year` (its items give the agenda, its slots the date, provisional or not).
    """
    slot = meeting_slot(plan, year, meeting_number)
    lines = year_agenda(register, plan, year)[meeting_number]
    agreements = {a.key: a for a in register.agreements}
    name = meeting_name(year, meeting_number)

    def story() -> list:
        out = meeting_header(register, slot, "Dagsorden", participants_label="Deltakere")
        if not lines:
            out.append(para("Det er ikke satt opp noen saker til dette møtet.", "body"))
            return out
        if len(lines) > 1:  # a list of one item only repeats it
            listed = _item_list(lines)
            # The heading stays on the page with the list's first lines: after a long list of participants it
            # could else end page 1 alone.
            out.append(KeepTogether([markup("Saksliste", "h2"), *listed[:LIST_LINES_WITH_HEADING]]))
            out.extend(listed[LIST_LINES_WITH_HEADING:])
            out.append(Spacer(0, 18))
        for index, line in enumerate(lines):
            out.extend(_item(line, agreements, first=index == 0))
        return out

    return build_pdf(story, title=f"Dagsorden – {name}", footer_left=f"Dagsorden {name}")


def _item_list(lines: list[AgendaLine]) -> list[Paragraph]:
    """The compact list at the top: what the meeting will take, in order, so it can be read at a glance."""
    return [Paragraph(text(line.title), item_styles()["list"], bulletText=line.case) for line in lines]


def _kind_line(line: AgendaLine, agreements: dict) -> str | None:
    """What kind of item it is and which agreement, between which parties: the line under the title."""
    if line.action == OWN_ACTION:
        return None
    parts = [line.action_label]
    agreement = agreements.get(line.agreement) if line.agreement else None
    if agreement is not None:
        # The default titles already name the agreement (a generic first word in lower case: "Gjennomgang av
        # avtale om …"); a title the secretariat wrote may not.
        if agreement.title.casefold() not in line.title.casefold():
            parts.append(agreement.title)
        parties = join_nb([*agreement.state_parties, *agreement.other_parties])
        if parties:
            parts.append(f"Parter: {parties}")
    if line.plan_item is not None and line.plan_item.agreements is not None:
        count = len(line.plan_item.agreements)
        parts.append(f"{count} avtale{'' if count == 1 else 'r'} i kraft")
    return " · ".join(parts)


def _item(line: AgendaLine, agreements: dict, *, first: bool) -> list:
    s = item_styles()
    head = item_head(line.case, line.title, _kind_line(line, agreements), first=first)
    body = [[p] for p in paragraphs(line.background, "body")]
    if line.action in SIGNING_ACTIONS and line.agreement:  # who signs for the parties (rule 55)
        signed = line.plan_item is not None and signed_before(line.plan_item, line.meeting)
        body.extend(signatory_rows("Undertegnet av:" if signed else "Undertegnes av:", agreements.get(line.agreement)))
    if line.proposed_decision and line.proposed_decision.strip():
        body.extend(labelled("Forslag til vedtak:", paragraphs(line.proposed_decision, "proposal")))
    if line.attachments:
        listed = [Paragraph(f"{n}.&nbsp;&nbsp;{text(name)}", s["numbered"]) for n, name in enumerate(line.attachments, 1)]
        body.extend(labelled("Vedlegg:", listed))
    return [ItemBlock(head, body)]
