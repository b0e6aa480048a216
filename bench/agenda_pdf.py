"""Benchmark (not a test): what does printing a 40-item agenda cost, against reportlab alone?

    python bench/agenda_pdf.py [--runs N] [--strict]

Builds a database in a temporary folder from a generated bundle: 40 agreements in force at meeting 3 of 2006,
each with its status item's background text, proposed decision and attachments (so meeting 3's agenda has 40
items). Then, alternating the two so that the machine's state favours neither, it times

- cold: a new process running `python -m konsultasjon_app --db DB agenda --year 2006 --meeting 3 --pdf OUT`
  against a new process running bench/bare_agenda.py, which lays out the same 40 items with reportlab and the same
  embedded fonts and nothing else (no database, planner or program modules; one layout pass);
- warm: `agenda_pdf()` in this process (register loaded, plan made, as the agenda tab has them) against
  `bare_agenda.layout()` in this process;

and prints the medians, with the ratio to the baseline: cold, the median of the pairs' ratios (as every
whole-process benchmark, bench/harness.py); warm, the ratio of the medians. The target of the performance issue
is cold ≤ 1.3 × the bare script; the exit code is 0 unless --strict is given and that target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import bench_env, compare, import_bundle, pdf_pages  # noqa: E402

YEAR, MEETING, ITEMS = 2006, 3, 40
COLD_TARGET = 1.3
AS_OF = dt.date(2006, 6, 1)
TOPICS = (
    "kvalitetsutvikling i pleie- og omsorgstjenestene", "bosetting av flyktninger", "tiltak mot bostedsløshet",
    "kvalitetsutvikling i skolen", "landbruks- og næringsutvikling", "videreutvikling av barnevernet",
    "lokal klima- og miljøinnsats", "digitalisering i kommunesektoren", "folkehelsearbeid i kommunene",
    "rekruttering til helse- og omsorgssektoren",
)
MINISTRIES = ("HOD", "AID", "KD", "LMD", "BLD", "KLD", "KDD", "JD")


def make_bundle() -> dict:
    """40 agreements in force all of 2006, meeting 3's status items written out as the secretariat would."""
    agreements, agenda = [], []
    for n in range(1, ITEMS + 1):
        key = f"avtale-{n:02d}"
        topic = TOPICS[n % len(TOPICS)]
        agreements.append({
            "key": key,
            "title": f"Samarbeidsavtale om {topic} (nr. {n})",
            "category": "consultation",
            "state_parties": [MINISTRIES[n % len(MINISTRIES)], MINISTRIES[(n + 3) % len(MINISTRIES)]][: 1 + n % 2],
            "other_parties": ["KS"],
            "signed_date": "2005-03-01",
            "end_date": "2009-06-30",
            "notice_months": 3,
            "evaluation_clause": "Avtalen skal evalueres årlig i konsultasjonssammenheng.",
            "evaluation_annual": True,
        })
        agenda.append({
            "meeting": {"year": YEAR, "number": MEETING},
            "action": "status",
            "agreement": key,
            "background": (
                f"Avtalen om {topic} ble inngått 1. mars 2005 og løper til 30. juni 2009. Partene har i året som gikk "
                "møttes kvartalsvis i den administrative kontaktgruppen, og arbeidet følger planen som ble lagt i fjor. "
                "KS har gjennomført nettverkssamlinger i alle fylker, og departementet har lagt fram en delrapport.\n\n"
                "Evalueringen viser at målene for perioden i hovedsak er nådd. Enkelte kommuner rapporterer at "
                "ressursene ikke strekker til, og partene foreslår å drøfte dette i forbindelse med neste års budsjett."
            ),
            "proposed_decision": "Konsultasjonsmøtet tar statusrapporten til orientering og ber partene følge opp "
                                 "evalueringens anbefalinger før neste gjennomgang.",
            "attachments": [f"Statusrapport {YEAR} – avtale nr. {n}.pdf", "Referat fra kontaktgruppens møte 12.06.2006"],
        })
    meetings = [
        {"year": YEAR, "number": 1, "date": "2006-03-13", "location": "Oslo"},
        {"year": YEAR, "number": 2, "date": "2006-04-26", "location": "Oslo"},
        {"year": YEAR, "number": 3, "date": "2006-08-30", "location": "Oslo", "time": "10:00", "chair": "Statsråd Åslaug Haga",
         "participants": ["Åslaug Haga, KRD", "Halvdan Skard, KS"]},
        {"year": YEAR, "number": 4, "date": "2006-10-25", "location": "Oslo"},
    ]
    return {"format": "konsultasjon-bundle", "version": 1, "meetings": meetings, "agreements": agreements, "agenda": agenda}


def bare_items(register, year_plan) -> list[dict]:
    """The agenda's items as plain data for the bare script: the same texts the program prints."""
    from konsultasjon_app.domain.agenda import year_agenda

    titles = {a.key: a for a in register.agreements}
    out = []
    for line in year_agenda(register, year_plan, YEAR)[MEETING]:
        a = titles[line.agreement]
        parties = ", ".join([*a.state_parties, *a.other_parties])
        out.append({"case": line.case, "title": line.title, "kind": f"{line.action_label} · Parter: {parties}",
                    "background": line.background or "", "proposal": line.proposed_decision or "", "attachments": list(line.attachments)})
    return out


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # Twenty-one: with seven, the cold ratio read 1.15-1.20 in four runs and 1.35 in a fifth, the benchmark machine
    # running each process at one of two speeds (bench/RESULTS.md, twenty-fourth round; bench/startup.py the same).
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each (median reported; default 21)")
    parser.add_argument("--strict", action="store_true", help=f"exit 1 if cold is more than {COLD_TARGET} × the bare script")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="agenda-bench-") as tmp:
        tmp_path = Path(tmp)
        # A private data folder: neither run may touch the user's own.
        env = bench_env(tmp_path / "data")
        os.environ["KONSULTASJON_DATA_DIR"] = env["KONSULTASJON_DATA_DIR"]
        bundle_path = tmp_path / "bundle.json"
        bundle_path.write_text(json.dumps(make_bundle(), ensure_ascii=False), encoding="utf-8")
        db = tmp_path / "bench.sqlite3"

        from konsultasjon_app.domain.planner import plan
        from konsultasjon_app.reports.agenda_pdf import agenda_pdf
        from konsultasjon_app.store.session import Session

        import_bundle(bundle_path, db)
        session = Session.open(db)
        register = session.register
        session.close()
        year_plan = plan(register, YEAR, YEAR, AS_OF)
        items = bare_items(register, year_plan)
        assert len(items) == ITEMS, len(items)
        items_path = tmp_path / "items.json"
        items_path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")

        import bare_agenda

        app_out, bare_out = tmp_path / "app.pdf", tmp_path / "bare.pdf"
        app_cmd = [sys.executable, "-m", "konsultasjon_app", "--db", str(db), "agenda", "--year", str(YEAR), "--meeting", str(MEETING),
                   "--pdf", str(app_out), "--as-of", AS_OF.isoformat()]
        bare_cmd = [sys.executable, str(ROOT / "bench" / "bare_agenda.py"), str(items_path), str(bare_out)]

        # New processes, in turns after a warm-up (the OS file cache and .pyc files then favour neither).
        cold = compare(app_cmd, bare_cmd, runs=args.runs, env=env, cwd=ROOT)
        warm_app, warm_bare = [], []
        agenda_pdf(register, year_plan, YEAR, MEETING)
        bare_agenda.layout(items)
        for _ in range(args.runs):
            warm_bare.append(timed(lambda: bare_agenda.layout(items)))
            warm_app.append(timed(lambda: agenda_pdf(register, year_plan, YEAR, MEETING)))

        app_pages, bare_pages = pdf_pages(app_out.read_bytes()), pdf_pages(bare_out.read_bytes())

    cold_ratio = cold.ratio
    warm_ratio = statistics.median(warm_app) / statistics.median(warm_bare)
    rows = [
        ("cold", "bare reportlab script", cold.base_median, 1.0, f"{bare_pages} pages"),
        ("cold", "python -m konsultasjon_app agenda", cold.app_median, cold_ratio,
         f"{app_pages} pages; target ≤ {COLD_TARGET}: {'met' if cold_ratio <= COLD_TARGET else 'MISSED'}"),
        ("warm", "bare_agenda.layout()", statistics.median(warm_bare), 1.0, ""),
        ("warm", "agenda_pdf()", statistics.median(warm_app), warm_ratio, "one layout pass; Side x av y drawn at save"),
    ]
    print(f"Agenda PDF of a {ITEMS}-item meeting; median of {args.runs} runs each, alternating")
    print(f"{'':5} {'':34} {'median':>9} {'× bare':>7}")
    for kind, what, seconds, ratio, note in rows:
        print(f"{kind:5} {what:34} {seconds * 1000:7.0f} ms {ratio:7.2f}  {note}")
    if args.strict and cold_ratio > COLD_TARGET:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
