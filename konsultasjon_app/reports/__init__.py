"""Printed and exported documents: the agenda, minutes and overview PDFs, and the meeting calendar file.

Each document is a module of its own, imported only when it is made (they pull in reportlab or icalendar).
"""


class ReportError(ValueError):
    """A document cannot be made from what the register and plan hold; the message says why, for the user: in
    English for the command line (`str()`), in Norwegian for the window (`message_nb`)."""

    def __init__(self, message: str, message_nb: str):
        super().__init__(message)
        self.message_nb = message_nb
