"""Benchmark (not a test): opening the agreement form (Enter / F2 in Avtaleregister) of an agreement with a long
history, against the same form with none.

    python bench/form_open.py

An agreement the secretariat has worked on for years has a long Historikk; the form is opened to read or change
any field, and Historikk is its last page. A database of 200 agreements (bench/plan_scaling.make_register) gets 300
edits of one agreement through the command path; their history rows, repeated to 1,500 (the store gives at most
2,000), are given to the form, offscreen, as Avtaleregister does. Median of seven openings each, in turns, after a
warm-up. Until the ninth round the form sized Historikk's columns to its first thousand rows: 1,500 rows cost
218 ms against 48 ms with none (4.5 ×).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROWS = 1_500
EDITS = 300
RUNS = 7


def main() -> int:
    from plan_scaling import make_register

    from konsultasjon_app.domain.changes import RECORD_KINDS, Command, Put
    from konsultasjon_app.store.session import Session

    with tempfile.TemporaryDirectory(prefix="form-bench-") as tmp:
        os.environ["KONSULTASJON_DATA_DIR"] = str(Path(tmp) / "data")
        from harness import quiet_application

        from konsultasjon_app.ui import app as ui_app
        from konsultasjon_app.ui.register.form import AgreementForm

        app = quiet_application()
        ui_app._register_fonts()
        ui_app.install_language(app)
        session = Session.open(Path(tmp) / "register.sqlite3", lock=True)
        incoming = make_register(200)
        session.execute(Command("Importer", tuple(Put(kind, r) for kind in RECORD_KINDS for r in getattr(incoming, kind)), checked=True))
        agreement = session.register.agreements[0]
        for n in range(EDITS):
            agreement = replace(agreement, notes=f"Notat nr. {n}: oppfølging avtalt med departementet og KS.")
            session.execute(Command("Endre avtale", (Put("agreements", agreement),)))
        history = session.store.agreement_history(agreement.key)
        long = (history * (ROWS // len(history) + 1))[:ROWS]

        def open_form(rows) -> float:
            start = time.perf_counter()
            form = AgreementForm(session.register, session.path, agreement, rows)
            form.show()
            app.processEvents()
            took = time.perf_counter() - start
            form.close()
            form.deleteLater()
            app.processEvents()
            return took

        open_form(history[:10])  # the form's module and Qt's types: the first opening of a session is not timed
        empty, full = [], []
        for _ in range(RUNS):
            empty.append(open_form([]))
            full.append(open_form(long))
        session.close()
    base, program = statistics.median(empty), statistics.median(full)
    print(f"Opening the agreement form, offscreen; median of {RUNS}, in turns")
    print(f"  no history            {base * 1000:6.1f} ms   1.00")
    print(f"  {ROWS:,} history rows    {program * 1000:6.1f} ms   {program / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
