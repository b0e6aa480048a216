"""Problems found in user input: where (record and field), what, in English for the command line and in bokmål for the UI."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .calendar import format_date, parse_date


# Characters that must not reach a message as themselves (control characters, line and paragraph separators,
# bidirectional overrides that make text read differently from what it is); the bundle reader refuses them in
# one-line fields.
UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str, limit: int = 80) -> str:
    """Text from a file, made safe to show: control characters written as \\xNN (an ESC sequence in a file must not
    reach the terminal), and at most `limit` characters (a field name can be as long as the file)."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return UNPRINTABLE_RE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


# What a control character is called where the user may know it by name: in a text pasted from Word, U+000B is a
# manual line break and U+0007 a table's cell mark, and nothing shows where they are. (English, bokmål.)
_CONTROL_NAMES: dict[str, tuple[str, str]] = {
    "\x00": ("NUL", "NUL-tegn"),
    "\x07": ("Word's table cell mark", "cellemerke fra Word"),
    "\t": ("tab", "tabulator"),
    "\n": ("line break", "linjeskift"),
    "\x0b": ("Word's manual line break", "linjeskift fra Word"),
    "\x0c": ("page break", "sideskift"),
    "\r": ("carriage return", "linjeskift (CR)"),
    "\x1b": ("escape", "escape-tegn"),
    "\x1e": ("Word's non-breaking hyphen", "hard bindestrek fra Word"),
    "\x1f": ("Word's optional hyphen", "myk bindestrek fra Word"),
    "\x7f": ("delete", "DEL-tegn"),
    "\x85": ("next line", "linjeskift (NEL)"),
    "\u2028": ("line separator", "linjeskilletegn"),
    "\u2029": ("paragraph separator", "avsnittsskilletegn"),
    **{c: ("text direction control", "tegn for skriveretning") for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"},
}


def describe_control(char: str) -> ValueDescription:
    """A control character named for a message: its code point, and what it is where it has a name the user may
    know ("U+000B, Word's manual line break"); the character itself would be invisible, or do harm on a terminal."""
    code = f"U+{ord(char):04X}"
    names = _CONTROL_NAMES.get(char)
    return ValueDescription((f"{code}, {names[0]}", f"{code}, {names[1]}") if names else (code, code))


# code -> (English template, Norwegian bokmål template)
_TEMPLATES: dict[str, tuple[str, str]] = {
    "not-json": ("is not valid JSON: {detail}", "er ikke gyldig JSON: {detail}"),
    "not-utf8": ("is not UTF-8 text: {detail}", "er ikke UTF-8-tekst: {detail}"),
    "empty-file": ("is empty", "er tom"),
    "not-object": ("must be an object ({{...}}), not {got}", "må være et objekt ({{...}}), ikke {got}"),
    "not-list": ("must be a list ([...]), not {got}", "må være en liste ([...]), ikke {got}"),
    "unknown-key": ('unknown field "{key}"', "ukjent felt «{key}»"),
    "duplicate-json-key": ('the field "{key}" appears twice', "feltet «{key}» forekommer to ganger"),
    "missing": ("is required", "må fylles ut"),
    "not-string": ("must be text, not {got}", "må være tekst, ikke {got}"),
    "not-int": ("must be a whole number, not {got}", "må være et heltall, ikke {got}"),
    "not-bool": ("must be true or false, not {got}", "må være true eller false, ikke {got}"),
    "not-date": ('"{value}" is not a date (YYYY-MM-DD)', "«{value}» er ikke en dato (ÅÅÅÅ-MM-DD)"),
    "not-date-type": ("must be a date as text (YYYY-MM-DD), not {got}", "må være en dato som tekst (ÅÅÅÅ-MM-DD), ikke {got}"),
    "not-table-date": ('"{value}" is not a date (dd.mm.yyyy, or YYYY-MM-DD)', "«{value}» er ikke en dato (dd.mm.åååå, eller ÅÅÅÅ-MM-DD)"),
    "date-number": (
        "{got} is not a date; format the cell as a date (dd.mm.yyyy)",
        "{got} er ikke en dato; formater cellen som dato (dd.mm.åååå)",
    ),
    "not-time": ('"{value}" is not a time of day (HH:MM)', "«{value}» er ikke et klokkeslett (TT:MM)"),
    "not-datetime": ('"{value}" is not a date and time (YYYY-MM-DDTHH:MM)', "«{value}» er ikke dato og klokkeslett (ÅÅÅÅ-MM-DDTTT:MM)"),
    "blank": ("must not be empty", "må fylles ut"),
    "too-long": (
        "is {length} characters long; at most {limit} are allowed",
        "er {length} tegn lang; høyst {limit} tegn er tillatt",
    ),
    "control-chars": (
        "contains a control character ({char}) at character {at}",
        "inneholder et kontrolltegn ({char}) ved tegn {at}",
    ),
    "invisible-chars": (
        "contains an invisible character (such as a zero-width space or a byte order mark)",
        "inneholder et usynlig tegn (for eksempel et mellomrom uten bredde eller et BOM-tegn)",
    ),
    "bad-chars": ("contains an invalid character (a lone UTF-16 surrogate)", "inneholder et ugyldig tegn (et enslig UTF-16-surrogat)"),
    "unknown-subpoint": (
        'names the sub-point "{subpoint}", which the criterion "{criterion}" does not have',
        "nevner delpunktet «{subpoint}», som kriteriet «{criterion}» ikke har",
    ),
    "subpoints-not-judged": (
        'sub-points can be ticked only for the ratings i_traad, delvis and ikke_i_traad, not "{rating}"',
        "delpunkter kan bare krysses av for vurderingene i tråd, delvis i tråd og ikke i tråd, ikke «{rating}»",
    ),
    "override-reason-needed": (
        'the ticked sub-points give "{derived}"; the rating "{rating}" needs an override_reason',
        "delpunktene gir «{derived}»; vurderingen «{rating}» må begrunnes (override_reason)",
    ),
    "formula-cell": (
        'is a formula ("{text}"), not a value; copy the cells and paste them as values',
        "er en formel («{text}»), ikke en verdi; kopier cellene og lim dem inn som verdier",
    ),
    "cell-error": ('is the spreadsheet error "{value}", not a value', "er regnearkfeilen «{value}», ikke en verdi"),
    "out-of-range": ("{value} is not between {low} and {high}", "{value} er ikke mellom {low} og {high}"),
    "bad-choice": ('"{value}" is not one of {choices}', "«{value}» er ikke en av {choices}"),
    "bad-format": ('must be "konsultasjon-bundle", not {got}', "må være «konsultasjon-bundle», ikke {got}"),
    "bad-version": ("{got} is not a supported version (only 1 is)", "{got} er ikke en støttet versjon (bare 1 er det)"),
    "duplicate": ("{what} {ident} appears twice (also at {other})", "{what} {ident} forekommer to ganger (også i {other})"),
    "duplicate-case": (
        'the key "{key}" is the same as "{other_key}" at {other} apart from upper and lower case',
        "nøkkelen «{key}» er den samme som «{other_key}» i {other} bortsett fra store og små bokstaver",
    ),
    "stored-key-case": (
        'the key "{key}" is the same as the stored agreement "{stored}" apart from upper and lower case; write "{stored}" to change that one',
        "nøkkelen «{key}» er den samme som den lagrede avtalen «{stored}» bortsett fra store og små bokstaver; skriv «{stored}» for å endre den",
    ),
    "kept-fields": (
        "the file leaves out {fields}: a merge keeps the stored values of those, and they do not fit what the file gives",
        "filen utelater {fields}: en sammenslåing beholder det som er lagret der, og det passer ikke med det filen gir",
    ),
    "end-before": ("the end date {end} is before the {which} {other}", "sluttdatoen {end} er før {which_nb} {other}"),
    "date-not-in-year": ("{value} is not in {year}", "{value} er ikke i {year}"),
    "meeting-not-in-signing-year": (
        "the meeting {meeting} is not in {year}, the year of the signing date {date}; a signing belongs to a meeting of its own year",
        "møtet {meeting} er ikke i {year}, året for undertegningsdatoen {date}; en undertegning hører til et møte samme år",
    ),
    "unknown-agreement": (
        'refers to the agreement "{key}", which is neither in the file nor in the database',
        "viser til avtalen «{key}», som verken finnes i filen eller i databasen",
    ),
    "unknown-criteria-set": (
        'refers to the criteria set "{key}", which is neither in the file nor in the database',
        "viser til kriteriesettet «{key}», som verken finnes i filen eller i databasen",
    ),
    "unknown-criterion": (
        'refers to the criterion "{key}", which the criteria set "{set}" does not have',
        "viser til kriteriet «{key}», som kriteriesettet «{set}» ikke har",
    ),
    "deviation-from-elsewhere": (
        'the planner puts "{action}" items only on {allowed}; a deviation from meeting {meeting} would move nothing',
        "planleggeren legger en «{action}»-sak bare på {allowed}; et avvik fra møte {meeting} ville ikke flytte noe",
    ),
    "to-missing": ('needs either "to" (a meeting) or "to_date"', "må ha enten «to» (et møte) eller «to_date»"),
    "to-both": ('has both "to" and "to_date"; give one', "har både «to» og «to_date»; oppgi ett av dem"),
    "agreement-needed": (
        'a "{action}" item belongs to an agreement; "agreement" is required',
        "en «{action}»-sak hører til en avtale; «agreement» må fylles ut",
    ),
    "agreement-not-allowed": (
        'a "{action}" item is not about one agreement; "agreement" must be null',
        "en «{action}»-sak gjelder ikke én avtale; «agreement» må være null",
    ),
    "unknown-column": ('unknown column "{key}"', "ukjent kolonne «{key}»"),
    "column-names": (
        "the columns are named as in an exported agreement table (export FILE.csv): {names}",
        "kolonnene skal hete som i en eksportert avtaletabell (Fil → Eksporter): {names}",
    ),
    "no-rows": ("holds no agreements", "inneholder ingen avtaler"),
    "too-many": ("holds {count} records; at most {limit} are allowed", "har {count} poster; høyst {limit} er tillatt"),
    "not-found": ("does not exist", "finnes ikke"),
    # The agreement table (.csv, .xlsx) and the choice of format by extension.
    "missing-column": ('the column "{key}" is required', "kolonnen «{key}» må være med"),
    "duplicate-column": ('the column "{key}" appears twice (also column {other})', "kolonnen «{key}» forekommer to ganger (også kolonne {other})"),
    "unnamed-column": (
        "has values (the first in row {row}) but no name in the header row",
        "har verdier (den første i rad {row}), men ikke noe navn i overskriftsraden",
    ),
    "not-yes-no": (
        '"{value}" is not "ja" or "nei" (yes/no, true/false, SANN/USANN and 1/0 are read too, and x for yes)',
        "«{value}» er ikke «ja» eller «nei» (yes/no, true/false, SANN/USANN og 1/0 leses også, og x for ja)",
    ),
    "bad-quoting": (
        'the double quote at character {at} is not closed, or text follows it; write an item as "…", with any " inside doubled',
        "anførselstegnet ved tegn {at} er ikke lukket, eller det står tekst etter det; skriv et element som «\"…\"», med doble \" inni",
    ),
    "too-many-parts": (
        'has {count} parts; a signatory is "name, role, party", and signatories are separated by "|" or a line break '
        "(put a part that holds a comma in double quotes)",
        "har {count} deler; en undertegner er «navn, rolle, part», og flere undertegnere skilles med «|» eller linjeskift "
        "(sett en del som inneholder komma, i anførselstegn)",
    ),
    "csv-not-utf8": (
        'is not UTF-8 text (byte {at} is 0x{byte}); in Excel, save it as "CSV UTF-8"',
        "er ikke UTF-8-tekst (byte {at} er 0x{byte}); lagre den som «CSV UTF-8» i Excel",
    ),
    "bad-csv": ("cannot be read as CSV: {detail}", "kan ikke leses som CSV: {detail}"),
    "not-xlsx": ("is not an Excel workbook (.xlsx): {detail}", "er ikke en Excel-arbeidsbok (.xlsx): {detail}"),
    "cell-too-long": (
        "is {length} characters long; an Excel cell holds at most {limit} (export to .csv or .json instead)",
        "er {length} tegn lang; en Excel-celle rommer høyst {limit} (eksporter til .csv eller .json i stedet)",
    ),
    "unsupported-import": (
        "cannot be imported: import reads a .json bundle, or a .csv or .xlsx agreement table",
        "kan ikke importeres: import leser en .json-pakke, eller en avtaletabell i .csv eller .xlsx",
    ),
    "unsupported-export": (
        "cannot be written: the format follows the extension, one of .json, .csv and .xlsx",
        "kan ikke skrives: formatet følger filendelsen, en av .json, .csv og .xlsx",
    ),
    "table-replace": (
        "a table holds only agreements and cannot replace the whole database; import it without --replace (it merges by key)",
        "en tabell inneholder bare avtaler og kan ikke erstatte hele databasen; importer den uten --replace (den flettes inn etter nøkkel)",
    ),
}


# The kinds of record a message names ("agreement "x" appears twice"), in bokmål.
_RECORDS_NB = {
    "agreement": "avtalen",
    "meeting": "møtet",
    "signing": "undertegningen",
    "criteria set": "kriteriesettet",
    "criterion": "kriteriet",
    "sub-point": "delpunktet",
    "a government that took office": "en regjering som tiltrådte",
    "decision": "vedtaket",
    "assessment": "vurderingen",
    "deviation": "avviket",
    "agenda item": "saken",
}
_ROW_RE = re.compile(r'\brow (\d+)(?: \(key "(.*?)"\))?(?=$|[.:)\s])')
_COLUMN_RE = re.compile(r"\bcolumn ([A-Z]{1,3})(?=$|[.:)\s])")


def place_nb(path: str) -> str:
    """A place in the input in bokmål: a table's `row 13 (key "skole")` is `rad 13 (nøkkel «skole»)`, its
    `column C` is `kolonne C`."""
    if "row " in path:
        path = _ROW_RE.sub(lambda m: f"rad {m.group(1)}" + (f" (nøkkel «{m.group(2)}»)" if m.group(2) is not None else ""), path)
    if "column " in path:
        path = _COLUMN_RE.sub(lambda m: f"kolonne {m.group(1)}", path)
    return path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input. `path` names the record and field, e.g. `agreements[3].end_date`."""

    path: str
    code: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def make(cls, path: str, code: str, **params: object) -> Problem:
        return cls(path, code, tuple(sorted(params.items())))

    def _render(self, which: int) -> str:
        body = self.body(norwegian=which == 1)
        path = place_nb(self.path) if which == 1 else self.path
        return f"{safe_text(path, 200)}: {body}" if self.path else body

    def _params(self, which: int) -> dict[str, object]:
        out = {}
        for k, v in self.params:
            if isinstance(v, ValueDescription):
                v = v.texts[which]
            elif which == 1 and k == "what" and v in _RECORDS_NB:
                v = _RECORDS_NB[v]
            elif which == 1 and k == "other" and isinstance(v, str) and v.startswith("row "):
                v = place_nb(v)  # the other row of a table
            elif which == 1 and isinstance(v, str) and (day := parse_date(v)) is not None:
                v = format_date(day)  # the window shows dates as dd.mm.yyyy
            out[k] = safe_text(v) if isinstance(v, str) else v
        return out

    def body(self, norwegian: bool = True) -> str:
        """What is wrong, without the path (shown beside the field it concerns)."""
        which = 1 if norwegian else 0
        return _TEMPLATES[self.code][which].format(**self._params(which))

    @property
    def field(self) -> str:
        """The last part of the path: the field's name (`end_date` of `agreements[3].end_date`)."""
        return self.path.rsplit(".", 1)[-1] if "." in self.path else self.path

    @property
    def message(self) -> str:
        """English: the command line's language."""
        return self._render(0)

    @property
    def message_nb(self) -> str:
        """Norwegian bokmål: the window's language."""
        return self._render(1)

    def __str__(self) -> str:
        return self.message


class InvalidInput(Exception):
    """Input that cannot be accepted; nothing has been written. Carries every problem found (up to a limit)."""

    def __init__(self, problems: list[Problem], source: str | None = None, total: int = 0):
        self.problems = list(problems)
        self.source = source
        self.total = max(total, len(self.problems))  # every problem found, also those beyond the ones kept
        super().__init__(self.describe())

    def describe(self, norwegian: bool = False, limit: int = 20) -> str:
        lines = [p.message_nb if norwegian else p.message for p in self.problems[:limit]]
        rest = self.total - len(lines)
        if rest > 0:
            lines.append(f"… og {rest} til" if norwegian else f"… and {rest} more")
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(prefix + line for line in lines)


@dataclass(frozen=True, slots=True)
class ValueDescription:
    """A JSON value described for a message, in English and in bokmål."""

    texts: tuple[str, str]

    def __str__(self) -> str:
        return self.texts[0]


def describe_value(value: object) -> ValueDescription:
    """A short description of a value and its type, for messages: a JSON value, or a spreadsheet cell. The bokmål
    one is read in the window's import preview by people who know the cell from Excel, not Python: a date cell is
    «en dato», not «datetime»; TRUE is SANN in a Norwegian Excel, so neither word but «en ja/nei-verdi»; 1.5 is 1,5."""
    if value is None:
        return ValueDescription(("null", "null"))
    if isinstance(value, bool):
        word = "true" if value else "false"
        return ValueDescription((word, "en ja/nei-verdi"))
    if isinstance(value, (int, float)):
        return ValueDescription((f"the number {value!r}", f"tallet {value!r}".replace(".", ",")))
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return ValueDescription((f'the text "{shown}"', f"teksten «{shown}»"))
    if isinstance(value, list):
        return ValueDescription(("a list", "en liste"))
    if isinstance(value, dict):
        return ValueDescription(("an object", "et objekt"))
    name = type(value).__name__
    if isinstance(value, dt.datetime):  # what a date cell of a workbook holds (midnight: a date only)
        if value.time() == dt.time():
            return ValueDescription((name, f"en dato ({format_date(value.date())})"))
        return ValueDescription((name, f"et tidspunkt ({format_date(value.date())} {value:%H:%M})"))
    if isinstance(value, dt.date):
        return ValueDescription((name, f"en dato ({format_date(value)})"))
    if isinstance(value, dt.time):
        return ValueDescription((name, f"et klokkeslett ({value:%H:%M})"))
    if isinstance(value, dt.timedelta):  # a cell formatted as a duration ([t]:mm)
        return ValueDescription((name, "en varighet"))
    return ValueDescription((name, f"en verdi av typen {name}"))
