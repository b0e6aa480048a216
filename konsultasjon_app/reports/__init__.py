"""Printed and exported documents: the agenda, minutes and overview PDFs, and the meeting calendar file.

Each document is a module of its own, imported only when it is made (they pull in reportlab or icalendar).
"""


class ReportError(ValueError):
    """A document cannot be made from what the register and plan hold; the message says why, for the user."""
