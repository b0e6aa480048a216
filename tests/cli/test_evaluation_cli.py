"""`evaluation --criteria-set KEY --format json|text [--pdf OUT] [--xlsx OUT]`: the JSON of DOMAIN §6, exit codes,
built-in sets that are not stored, and the documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from konsultasjon_app.cli import EXIT_INPUT, EXIT_OK, main

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "nav2017-assessments.json"
COUNT_KEYS = ["i_traad", "delvis", "ikke_i_traad", "ikke_relevant", "ikke_vurdert"]


def run(*argv: str) -> int:
    try:
        return main(list(argv))
    except SystemExit as exc:  # argparse's own exits
        return int(exc.code or 0)


@pytest.fixture
def db(tmp_path, demo_bundle_path, capsys) -> Path:
    path = tmp_path / "db.sqlite3"
    assert run("--db", str(path), "import", str(demo_bundle_path)) == EXIT_OK
    assert run("--db", str(path), "import", str(FIXTURE)) == EXIT_OK
    capsys.readouterr()
    return path


def test_json_is_the_contract_and_gives_tabell_4_1(db, capsys):
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017", "--format", "json") == EXIT_OK
    captured = capsys.readouterr()
    data = json.loads(captured.out)  # standard output is the JSON alone
    assert captured.err == ""
    assert list(data) == ["criteria_set", "agreements", "rows"]
    assert data["criteria_set"] == "nav2017" and data["agreements"] == 21
    for row in data["rows"]:
        assert list(row) == ["criterion", "title", "counts"] and list(row["counts"]) == COUNT_KEYS
    table = {r["title"]: [r["counts"][k] for k in COUNT_KEYS] for r in data["rows"]}
    assert table == {
        "Felles styringsgrunnlag": [16, 1, 4, 0, 0],
        "Felles ansvar for utvikling/måloppnåelse": [21, 0, 0, 0, 0],
        "Styringsindikatorer/mål- og resultatkrav": [13, 7, 1, 0, 0],
        "Administrasjon og prioriterte oppgaver": [10, 3, 8, 0, 0],
        "Leder skal sitte på sentralt nivå": [8, 0, 13, 0, 0],
        "Vurdering av ledermodell": [0, 0, 2, 18, 1],
    }


def test_text_is_the_default_format(db, capsys):
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017") == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("NAV-kontorene: arbeidsgruppens anbefalinger (2017) (nav2017): 21 avtaler vurdert")
    assert any(line.startswith("Leder skal sitte på sentralt nivå") and line.split()[-7:] == ["8", "0", "13", "0", "0", "38", "%"]
               for line in out.splitlines())


def test_an_unknown_set_is_bad_input_named_in_the_message(db, capsys):
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2018", "--format", "json") == EXIT_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""
    assert 'unknown criteria set "nav2018"' in captured.err and '"nav2017"' in captured.err and '"monsteravtale"' in captured.err


def test_a_set_key_typed_decomposed_finds_the_stored_set(tmp_path, capsys):
    import unicodedata

    path = tmp_path / "db.sqlite3"
    bundle = {"format": "konsultasjon-bundle", "version": 1,
              "criteria_sets": [{"key": "vår", "title": "Vår", "criteria": [{"key": "k", "title": "K"}]}]}
    (tmp_path / "b.json").write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    assert run("--db", str(path), "import", str(tmp_path / "b.json")) == EXIT_OK
    capsys.readouterr()
    assert run("--db", str(path), "evaluation", "--criteria-set", unicodedata.normalize("NFD", "vår"), "--format", "json") == EXIT_OK
    assert json.loads(capsys.readouterr().out)["criteria_set"] == "vår"


def test_a_builtin_set_not_stored_is_empty_and_the_database_is_not_written(db, capsys, tmp_path):
    before = db.read_bytes()
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    assert run("--db", str(db), "evaluation", "--criteria-set", "monsteravtale", "--format", "json", "--pdf", str(pdf), "--xlsx", str(xlsx)) == EXIT_OK
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["agreements"] == 0 and [r["criterion"] for r in data["rows"]] == ["formal", "forpliktelser", "okonomi", "evaluering", "varighet", "underskrifter"]
    assert all(sum(r["counts"].values()) == 0 for r in data["rows"])
    assert "built-in criteria set" in captured.err and "monsteravtale" in captured.err
    assert pdf.read_bytes().startswith(b"%PDF-") and xlsx.stat().st_size > 0
    assert db.read_bytes() == before
    # Export shows it: still no criteria set stored.
    out = tmp_path / "ut.json"
    assert run("--db", str(db), "export", str(out)) == EXIT_OK
    assert [s["key"] for s in json.loads(out.read_text(encoding="utf-8"))["criteria_sets"]] == ["nav2017"]


def test_pdf_and_xlsx_are_written_and_reported_on_standard_error(db, capsys, tmp_path):
    from openpyxl import load_workbook

    pdf, xlsx = tmp_path / "rapport.pdf", tmp_path / "rapport.xlsx"
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017", "--format", "json", "--pdf", str(pdf), "--xlsx", str(xlsx)) == EXIT_OK
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert f"{pdf}: evaluation report written" in captured.err and f"{xlsx}: evaluation workbook written" in captured.err
    assert pdf.read_bytes().startswith(b"%PDF-")
    # The demo's agreements have no rating in nav2017: listed apart, as the PDF lists them.
    assert load_workbook(xlsx).sheetnames == ["Oppsummering", "Vurderinger", "Ikke vurdert"]


def test_a_missing_database_or_a_missing_argument_is_bad_input(tmp_path, capsys):
    assert run("--db", str(tmp_path / "finnes-ikke.sqlite3"), "evaluation", "--criteria-set", "nav2017") == EXIT_INPUT
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "finnes-ikke.sqlite3").exists()
    assert run("--db", str(tmp_path / "x.sqlite3"), "evaluation") == EXIT_INPUT
    assert "--criteria-set" in capsys.readouterr().err
    assert run("--db", str(tmp_path / "x.sqlite3"), "evaluation", "--criteria-set", "nav2017", "--format", "csv") == EXIT_INPUT


def test_an_unwritable_output_is_reported_without_a_traceback(db, capsys, tmp_path):
    folder = tmp_path / "mappe"
    folder.mkdir()
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017", "--pdf", str(folder)) == EXIT_INPUT
    err = capsys.readouterr().err
    assert f"error: {folder}: is a folder, not a file" in err and "Traceback" not in err


def test_every_output_is_checked_before_anything_is_printed_or_written(db, capsys, tmp_path):
    pdf, xlsx = tmp_path / "ok.pdf", tmp_path / "mangler" / "x.xlsx"
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017", "--format", "json", "--pdf", str(pdf), "--xlsx", str(xlsx)) == EXIT_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""  # no summary for a command that failed
    assert captured.err == f"error: {xlsx}: the folder {tmp_path / 'mangler'} does not exist\n"
    assert not pdf.exists()
    # The same file for both is refused too: the workbook would replace the report.
    same = tmp_path / "begge"
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017", "--pdf", str(same), "--xlsx", str(same)) == EXIT_INPUT
    assert "--pdf and --xlsx name the same file" in capsys.readouterr().err and not same.exists()


def test_the_summary_alone_loads_neither_reportlab_nor_openpyxl(db):
    code = (
        "import sys\n"
        "from konsultasjon_app.cli import main\n"
        f"assert main(['--db', {str(db)!r}, 'evaluation', '--criteria-set', 'nav2017', '--format', 'json']) == 0\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'openpyxl', 'PySide6'))\n"
        "print(heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stderr.strip() == "[]"


@pytest.mark.parametrize("options, flt", [
    (["--year", "2008"], {"year": 2008}),
    (["--category", "consultation"], {"category": "consultation"}),  # the NAV-office agreements are "other"
    (["--state-party", "NAV Hedmark", "--year", "2017"], {"state_party": "NAV Hedmark", "year": 2017}),
    (["--state-party", "KRD"], {"state_party": "KDD"}),  # a former name: the ministry as it is now
    (["--state-party", "krd"], {"state_party": "KDD"}),  # … whatever the case typed
    (["--state-party", "nav hedmark"], {"state_party": "NAV Hedmark"}),  # the key whatever the case typed
])
def test_the_windows_filters_have_their_twins_on_the_command_line(db, capsys, options, flt):
    """Evaluering's year, category and ministry filters (DOMAIN §6: every GUI capability a script may need has a
    headless twin): the command's summary is the window's for the same filter."""
    from konsultasjon_app.domain.evaluation import EvaluationFilter, evaluation_report, summary_to_json
    from konsultasjon_app.store.session import Session

    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017", "--format", "json", *options) == EXIT_OK
    printed = json.loads(capsys.readouterr().out)
    session = Session.open(db, lock=False)
    try:
        window = summary_to_json(evaluation_report(session.register, "nav2017", EvaluationFilter(**flt)).summary)
        everything = summary_to_json(evaluation_report(session.register, "nav2017").summary)
    finally:
        session.close()
    assert printed == window
    assert printed["agreements"] < everything["agreements"]  # the filter took some away


def test_last_years_report_is_headed_for_last_years_meeting_3(db, capsys, tmp_path):
    """Reprinted in a later year, the report for 2008 is headed for meeting 3 of 2008 and covers that year's
    agreements. Was: headed with the year it was printed in, over every agreement ever registered."""
    from pypdf import PdfReader

    out = tmp_path / "2008.pdf"
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017", "--year", "2008", "--pdf", str(out)) == EXIT_OK
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Til 3. konsultasjonsmøte 2008" in text and "Utvalg: i kraft på 3. møte 2008 (15.08.2008, foreløpig dato)" in text


def test_the_report_for_meeting_3_has_the_agreements_of_that_meetings_status_items(tmp_path, demo_bundle_path, capsys):
    """`evaluation --year 2006 --category consultation --pdf` is the report for meeting 3 of 2006 (30.08.2006): the
    agreements `plan` gives a status item there, and no others. Was: also barnevern (terminated at meeting 2, ended
    26.07.2006), pleie-omsorg (expired 19.06.2006) and barnehage (signed 25.10.2006), 9 against 6."""
    from pypdf import PdfReader

    bundle = json.loads(demo_bundle_path.read_text(encoding="utf-8"))
    bundle["agreements"].append({"key": "barnehage", "title": "Avtale om kvalitet i barnehagene", "state_parties": ["KD"], "other_parties": ["KS"]})
    bundle["decisions"] = [{"agreement": "barnehage", "meeting": {"year": 2006, "number": 2}, "decision": "new"},
                           {"agreement": "barnevern", "meeting": {"year": 2006, "number": 2}, "decision": "terminate"}]
    bundle["signings"].append({"agreement": "barnehage", "date": "2006-10-25", "meeting": {"year": 2006, "number": 4}})
    (tmp_path / "b.json").write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(tmp_path / "b.json")) == EXIT_OK
    out = tmp_path / "2006.pdf"
    assert run("--db", str(db), "evaluation", "--criteria-set", "monsteravtale", "--year", "2006", "--category", "consultation",
               "--pdf", str(out)) == EXIT_OK
    capsys.readouterr()
    assert run("--db", str(db), "plan", "--from-year", "2006", "--as-of", "2006-12-31", "--format", "json") == EXIT_OK
    items = json.loads(capsys.readouterr().out)["items"]
    statuses = {i["agreement"] for i in items if i["action"] == "status" and i["meeting"] == 3}
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Utvalg: konsultasjonsavtaler, i kraft på 3. møte 2006 (30.08.2006)" in text
    assert f"{len(statuses)} avtaler i utvalget har ingen vurdering" in text
    assert {a["key"] for a in bundle["agreements"] if a["title"] in text} == statuses and len(statuses) == 6


@pytest.mark.parametrize("options, named", [
    (["--state-party", "XYZ"], 'state party "XYZ"'),
    (["--year", "20081"], "20081"),
    (["--year", "året"], "året"),
    (["--category", "annet"], "annet"),
])
def test_a_filter_that_cannot_be_is_bad_input_named_in_the_message(db, capsys, options, named):
    assert run("--db", str(db), "evaluation", "--criteria-set", "nav2017", *options) == EXIT_INPUT
    captured = capsys.readouterr()
    assert named in captured.err and captured.out == ""


def test_a_built_in_sets_note_is_not_printed_before_a_filter_is_refused(db, capsys):
    assert run("--db", str(db), "evaluation", "--criteria-set", "monsteravtale", "--state-party", "XYZ") == EXIT_INPUT
    assert "note:" not in capsys.readouterr().err
