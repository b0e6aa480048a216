"""What a table import would do to an agreement, said before it is written: the fields it changes or empties, and
party and signatory cells that look like a list typed with the wrong separator."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from konsultasjon_app.domain.import_review import field_changes, row_remarks
from konsultasjon_app.domain.model import Agreement, Obligations, Signatory


def test_field_changes_names_each_differing_field_and_which_of_them_are_emptied():
    stored = Agreement("nav", "Rammeavtale", state_parties=("AID",), signed_date=dt.date(2006, 3, 1), obligations=Obligations(ks="Noe"), notes="n")
    incoming = Agreement("nav", "Rammeavtale med NAV", obligations=Obligations(), notes="n")
    changes = {c.field: c for c in field_changes(stored, incoming)}
    assert set(changes) == {"title", "state_parties", "signed_date", "obligations"}
    assert [c.field for c in changes.values() if c.empties] == ["state_parties", "signed_date", "obligations"]
    assert changes["signed_date"].old == dt.date(2006, 3, 1) and changes["signed_date"].new is None
    assert field_changes(stored, stored) == ()


def test_field_changes_follows_the_records_fields():
    """A field added to Agreement is compared without being listed anywhere else."""
    a = Agreement("k", "t")
    for f in fields(Agreement):
        if f.name in ("key", "title"):
            continue
        value = {"state_parties": ("X",), "other_parties": ("Y",), "signatories": (Signatory("N"),), "obligations": Obligations(joint="j")}.get(f.name)
        if value is None:
            value = dt.date(2020, 1, 1) if f.name.endswith("_date") else 1 if f.name.endswith("_months") else True if f.name in ("storting_reservation", "evaluation_annual") else "x"
        assert [c.field for c in field_changes(a, Agreement("k", "t", **{f.name: value}))] == [f.name]


def test_a_new_party_with_a_comma_or_og_is_remarked_on_but_a_known_one_or_a_hyphenated_name_is_not():
    a = Agreement("k", "t", state_parties=("KRD, BLD", "KD og BLD", "Kommunal- og distriktsdepartementet", "HOD"), other_parties=("KS", "A, B"))
    remarks = row_remarks(a, {"HOD", "KS", "A, B"})
    assert [(r.field, r.code, r.value) for r in remarks] == [("state_parties", "party-list", "KRD, BLD"), ("state_parties", "party-list", "KD og BLD")]


def test_signatories_separated_by_commas_are_remarked_on():
    """"Kristin Clemet, Halvdan Skard" is one signatory with the role "Halvdan Skard"; with three names the third is
    the party."""
    to = Agreement("to", "t", state_parties=("KD",), signatories=(Signatory("Kristin Clemet", "Halvdan Skard"),))
    assert [(r.code, r.value, r.name) for r in row_remarks(to, {"KD", "KS"})] == [("role-is-name", "Halvdan Skard", "Kristin Clemet")]
    three = Agreement("tre", "t", signatories=(Signatory("Erna Solberg", "Karita Bekkemellem", "Halvdan Skard"),))
    assert [r.code for r in row_remarks(three, {"KS"})] == ["role-is-name", "unknown-party"]


def test_signatories_written_as_the_table_wants_are_quiet():
    a = Agreement(
        "k",
        "t",
        state_parties=("SMK",),
        signatories=(Signatory("Jens Stoltenberg", "statsminister", "SMK"), Signatory("Halvdan Skard", "leder", "KS"), Signatory("Kari Nordmann", "kommunal- og regionalminister")),
    )
    assert row_remarks(a, {"KS"}) == ()
