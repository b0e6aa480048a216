"""register package: the Avtaleregister tab, its form and dialogs.

What a button of the tab and an entry of the window's Rediger menu both do is said here once, for both."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

NEW_AGREEMENT_TIP = QT_TRANSLATE_NOOP("Konsultasjon", "Registrer en ny samarbeidsavtale")
PARTIES_TIP = QT_TRANSLATE_NOOP("Konsultasjon", "Listen over departementer, direktorater og andre parter, med tidligere navn")
GOVERNMENTS_TIP = QT_TRANSLATE_NOOP("Konsultasjon", "Listen over regjeringsskifter: det første 2. møtet etter hvert gjennomgår alle avtalene")
