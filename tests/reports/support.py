"""What the report tests share: reading a PDF back (text per page, fonts) and small register builders."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from io import BytesIO

from pypdf import PdfReader

from konsultasjon_app.domain import bundle
from konsultasjon_app.domain.model import Agreement, Meeting, Register, Signatory
from konsultasjon_app.store.demo import demo_bundle_path

DEMO_BUNDLE = demo_bundle_path()
# A title a naive report would take for markup: bold tags, an ampersand, a closing para tag, and letters
# (æøå, the Sámi ŋ) that the PDF's standard fonts cannot show.
MARKUP_TITLE = "Avtale <b>fet</b> & </para> «æøå» ŋ"


@lru_cache(maxsize=1)
def demo_register() -> Register:
    return bundle.read_bundle(json.loads(DEMO_BUNDLE.read_text(encoding="utf-8"))).register


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def pages(data: bytes) -> list[str]:
    """Each page's text with all runs of white space made one space (so that wrapped lines read as one)."""
    assert data.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages]


def whole(data: bytes) -> str:
    return " ".join(pages(data))


def lines_at(data: bytes, prefix: str) -> list[list[float]]:
    """Per page, the height (from the foot of the page, top first) of each line of text that starts with `prefix`:
    how far apart the lines of a text are printed."""
    out = []
    for page in PdfReader(BytesIO(data)).pages:
        found: list[float] = []

        def visit(text, cm, tm, font, size, found=found):
            if text.startswith(prefix):
                found.append(round(cm[5] + tm[5] * cm[3], 2))

        page.extract_text(visitor_text=visit)
        out.append(found)
    return out




def page_footers(data: bytes, footer_left: str) -> list[tuple[int, int]]:
    """(page, total) of each page's footer "FOOTER_LEFT Side x av y", which must appear exactly once per page."""
    out = []
    for text in pages(data):
        found = re.findall(rf"{re.escape(footer_left)} Side (\d+) av (\d+)", text)
        assert len(found) == 1, text
        out.append((int(found[0][0]), int(found[0][1])))
    return out


def body(data: bytes, footer_left: str) -> str:
    """The document's text with the page footers taken out (they would break a sentence split between pages)."""
    joined = " ".join(pages(data))
    return " ".join(re.sub(rf"{re.escape(footer_left)} Side \d+ av \d+", " ", joined).split())


def case_numbers(text: str, year: int) -> list[int]:
    """Every "Sak n/YYYY" in the text, in reading order."""
    return [int(n) for n in re.findall(rf"Sak (\d+)/{year}", text)]


def fonts(data: bytes) -> dict[str, bool]:
    """Every font the PDF's pages use, by name, and whether its program is embedded in the file."""
    out: dict[str, bool] = {}
    for page in PdfReader(BytesIO(data)).pages:
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).get_object().values():
            font = ref.get_object()
            descendants = [f.get_object() for f in font.get("/DescendantFonts", [])] or [font]
            for f in descendants:
                descriptor = f.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                out[str(font["/BaseFont"])] = embedded
    return out


def in_force_agreement(key: str, title: str, **fields) -> Agreement:
    """A consultation agreement in force throughout 2006 unless the fields say otherwise."""
    values = {"state_parties": ("KDD",), "other_parties": ("KS",), "signed_date": d("2005-01-10"), "end_date": d("2008-12-31")}
    values.update(fields)
    return Agreement(key, title, **values)


def meetings_2006(**extra) -> tuple[Meeting, ...]:
    """The four meetings of 2006 as the demo has them; `extra` replaces fields of meeting 2."""
    dates = {1: "2006-03-13", 2: "2006-04-26", 3: "2006-08-30", 4: "2006-10-25"}
    out = []
    for number, iso in dates.items():
        fields = {"location": "Oslo"}
        if number == 2:
            fields.update(extra)
        out.append(Meeting(2006, number, d(iso), **fields))
    return tuple(out)


# The KS leader and a minister, as seed 003's signature page names them («navn, rolle, part»; rule 55).
SIGNATORIES = (Signatory("Halvdan Skard", "leder", "KS"), Signatory("Bjarne Håkon Hansen", "statsråd", "AID"))
