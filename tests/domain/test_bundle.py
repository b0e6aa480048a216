"""The bundle reader names every problem by record and field; the writer gives the canonical bundle back."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from konsultasjon_app.domain import bundle
from konsultasjon_app.domain.model import Decision, MeetingRef
from konsultasjon_app.domain.problems import InvalidInput


def minimal(**extra) -> dict:
    data = {
        "format": "konsultasjon-bundle",
        "version": 1,
        "agreements": [{"key": "barnevern", "title": "Avtale om videreutvikling av barnevernet", "signed_date": "2005-09-15", "end_date": "2008-09-14"}],
    }
    data.update(extra)
    return data


def problems(data, existing=None) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        bundle.read_bundle(data, existing=existing)
    return [p.message for p in info.value.problems]


def test_the_domain_example_reads_and_writes_back_canonically(demo_bundle_path):
    text = demo_bundle_path.read_text(encoding="utf-8")
    register = bundle.read_bundle(bundle.loads(text)).register
    assert len(register.agreements) == 10
    again = bundle.read_bundle(bundle.write_bundle(register)).register
    assert again == register
    # The demo bundle is kept in canonical form: writing it out gives exactly the file.
    assert bundle.dumps(register) == text


def test_absent_lists_and_settings_mean_empty_and_defaults():
    result = bundle.read_bundle({"format": "konsultasjon-bundle", "version": 1})
    assert result.register.agreements == ()
    assert result.register.settings.first_election_year == 2005
    assert result.register.settings.resign_on_every_continue is False
    assert result.has_settings is False


def test_the_settings_a_file_names_are_told_apart_from_the_defaults_of_those_it_leaves_out():
    result = bundle.read_bundle(minimal(settings={"resign_on_every_continue": True, "first_election_year": 2005, "case_numbering": None}))
    assert result.settings_given == {"resign_on_every_continue", "first_election_year"}  # null is as good as absent
    assert result.register.settings.case_numbering == "year"  # a new or replaced database gets the default
    assert bundle.read_bundle(minimal(settings={})).settings_given == frozenset()


def test_an_impossible_date_names_the_record_and_field():
    data = minimal()
    data["agreements"].append({"key": "b", "title": "B", "end_date": "2006-13-01"})
    assert problems(data) == ['agreements[1].end_date: "2006-13-01" is not a date (YYYY-MM-DD)']


@pytest.mark.parametrize("value", ["2006-02-31", "2006-2-1", "20060201", "01.02.2006", "2006-02-01T00:00", ""])
def test_dates_must_be_real_iso_dates(value):
    data = minimal()
    data["agreements"][0]["signed_date"] = value
    assert problems(data)[0].startswith("agreements[0].signed_date: ")


def test_dates_outside_the_years_the_program_plans_are_refused_not_a_crash_later():
    """A date the reader accepted used to make `plan`, `check` and `overview` fail with a traceback (the term or
    the duration's end falls outside Python's years); the reader now refuses it, naming the record and field."""
    data = minimal()
    data["agreements"].append({"key": "d", "title": "D", "signed_date": "9999-12-01", "duration_months": 1})
    data["signings"] = [{"agreement": "barnevern", "date": "0001-01-01"}]
    assert problems(data) == [
        "agreements[1].signed_date: 9999-12-01 is not between 1900-01-01 and 2200-12-31",
        "signings[0].date: 0001-01-01 is not between 1900-01-01 and 2200-12-31",
    ]
    data = minimal(agenda=[{"meeting": {"year": 2006, "number": 2}, "action": "own", "key": "eventuelt", "title": "Eventuelt",
                            "taken_at": "0001-01-01T00:30:00+05:00"}])
    assert problems(data) == ["agenda[0].taken_at: 0001-01-01T00:30:00+05:00 is not between 1900-01-01 and 2200-12-31"]
    data = minimal()
    data["agreements"][0].update(signed_date="1900-01-01", end_date="2200-12-31")
    assert bundle.read_bundle(data).register.agreements[0].end_date.year == 2200


def test_a_meetings_empty_texts_come_back_from_an_export():
    """import ∘ export is the identity (DOMAIN §6), also for a meeting whose chair and notes are empty texts."""
    data = minimal(meetings=[{"year": 2006, "number": 2, "date": "2006-04-26", "location": "Oslo", "chair": "", "notes": ""}])
    register = bundle.read_bundle(data).register
    written = bundle.write_bundle(register)
    assert written["meetings"] == data["meetings"]
    assert bundle.read_bundle(written).register == register


def test_unknown_keys_are_errors_at_every_level():
    data = minimal(extra_top=1)
    data["agreements"][0]["colour"] = "red"
    data["meetings"] = [{"year": 2006, "number": 2, "date": "2006-04-26", "room": "A"}]
    found = problems(data)
    assert 'extra_top: unknown field "extra_top"' in found
    assert 'agreements[0].colour: unknown field "colour"' in found
    assert 'meetings[0].room: unknown field "room"' in found


def test_duplicate_records_are_errors_naming_both():
    data = minimal()
    data["agreements"].append(copy.deepcopy(data["agreements"][0]))
    data["meetings"] = [{"year": 2006, "number": 2, "date": "2006-04-26"}, {"year": 2006, "number": 2, "date": "2006-04-27"}]
    found = problems(data)
    assert 'agreements[1]: agreement "barnevern" appears twice (also at agreements[0])' in found
    assert "meetings[1]: meeting 2/2006 appears twice (also at meetings[0])" in found


def test_keys_that_look_the_same_are_the_same():
    """An invisible character in a key is refused; a decomposed "å" (a + ring) is the composed one, so that two
    records that read "såmisk" cannot both exist."""
    for invisible in ("barnevern\u200b", "\ufeffbarnevern", "barne\u00advern", "barne\u2060vern"):
        data = minimal()
        data["agreements"][0]["key"] = invisible
        assert problems(data) == ["agreements[0].key: contains an invisible character (such as a zero-width space or a byte order mark)"]
    data = minimal()
    data["agreements"][0]["key"] = "sa\u030amisk"
    data["signings"] = [{"agreement": "s\u00e5misk", "date": "2006-01-10"}]
    read = bundle.read_bundle(data)
    assert [a.key for a in read.register.agreements] == ["s\u00e5misk"]
    data["agreements"].append({"key": "s\u00e5misk", "title": "Same key, composed"})
    assert 'agreements[1]: agreement "s\u00e5misk" appears twice (also at agreements[0])' in problems(data)


def test_a_key_written_twice_in_one_json_object_is_an_error():
    text = '{"format": "konsultasjon-bundle", "version": 1, "agreements": [{"key": "a", "title": "A", "title": "B"}]}'
    assert problems(bundle.loads(text)) == ['agreements[0]: the field "title" appears twice']


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("notice_months", "3", 'agreements[0].notice_months: must be a whole number, not the text "3"'),
        ("notice_months", True, "agreements[0].notice_months: must be a whole number, not true"),
        ("notice_months", -1, "agreements[0].notice_months: -1 is not between 0 and 120"),
        ("evaluation_annual", "ja", 'agreements[0].evaluation_annual: must be true or false, not the text "ja"'),
        ("state_parties", "BLD", 'agreements[0].state_parties: must be a list ([...]), not the text "BLD"'),
        ("category", "bilateral", 'agreements[0].category: "bilateral" is not one of consultation, other'),
        ("title", "", "agreements[0].title: must not be empty"),
        ("title", 12, "agreements[0].title: must be text, not the number 12"),
        ("title", "Linje\nto", "agreements[0].title: contains a control character (U+000A, line break) at character 6"),
        ("ks_signatory_level", "minister", 'agreements[0].ks_signatory_level: "minister" is not one of political, administrative'),
    ],
)
def test_wrong_types_and_values(field, value, expected):
    data = minimal()
    data["agreements"][0][field] = value
    assert problems(data) == [expected]


def test_a_missing_key_or_title_is_an_error():
    data = minimal()
    del data["agreements"][0]["title"]
    assert problems(data) == ["agreements[0].title: is required"]


def test_a_control_character_is_named_with_where_it_is():
    """A Word manual line break (U+000B) or cell mark (U+0007) deep in a long pasted text is invisible: the message
    says which character and at which character of the text, in English and in bokmål, after the same record and
    field as every other message."""
    data = minimal()
    data["agreements"][0]["purpose"] = "Første avsnitt. " * 50 + "x" * 11 + "\x0bandre linje\x0b"  # at 812, and again
    data["agreements"][0]["notes"] = "Tabell\tcelle\x07slutt"  # a tab is allowed in free text; the cell mark is not
    with pytest.raises(InvalidInput) as info:
        bundle.read_bundle(data)
    assert [p.message for p in info.value.problems] == [
        "agreements[0].purpose: contains a control character (U+000B, Word's manual line break) at character 812",
        "agreements[0].notes: contains a control character (U+0007, Word's table cell mark) at character 13",
    ]
    assert [p.message_nb for p in info.value.problems] == [
        "agreements[0].purpose: inneholder et kontrolltegn (U+000B, linjeskift fra Word) ved tegn 812",
        "agreements[0].notes: inneholder et kontrolltegn (U+0007, cellemerke fra Word) ved tegn 13",
    ]
    # One without a name the user would know is told by its code point alone; a one-line field names a tab.
    data = minimal()
    data["agreements"][0]["notes"] = "a\x01"
    data["agreements"][0]["title"] = "Avtale\tom barnevern"
    assert problems(data) == [
        "agreements[0].title: contains a control character (U+0009, tab) at character 7",
        "agreements[0].notes: contains a control character (U+0001) at character 2",
    ]


def test_an_own_item_key_or_title_refused_for_a_control_character_is_not_also_called_required():
    """Was: an own agenda item whose title had a line break got 'is required' as well; the title is there."""
    item = {"meeting": {"year": 2006, "number": 2}, "action": "own", "key": "eventuelt", "title": "Eventuelt\nog mer"}
    assert problems(minimal(agenda=[item])) == ["agenda[0].title: contains a control character (U+000A, line break) at character 10"]
    item = {**item, "key": "event\x0buelt", "title": "Eventuelt"}
    assert problems(minimal(agenda=[item])) == [
        "agenda[0].key: contains a control character (U+000B, Word's manual line break) at character 6"
    ]
    # Truly left out, they are required.
    assert problems(minimal(agenda=[{**item, "key": "eventuelt", "title": ""}])) == ["agenda[0].title: is required"]
    del item["key"]
    assert problems(minimal(agenda=[item])) == ["agenda[0].key: is required"]


def test_end_before_start_is_an_error():
    data = minimal()
    data["agreements"][0]["start_date"] = "2009-01-01"
    assert problems(data) == ["agreements[0].end_date: the end date 2008-09-14 is before the start date 2009-01-01"]
    data = minimal(signings=[{"agreement": "barnevern", "date": "2008-08-30", "end_date": "2008-01-01"}])
    assert problems(data) == ["signings[0].end_date: the end date 2008-01-01 is before the signing date 2008-08-30"]


def test_a_signings_meeting_is_in_the_year_of_its_date():
    # Signed 30.08.2006 "at meeting 3/2008": the planner would take the item out of 2006 and show it signed in 2008.
    data = minimal(signings=[{"agreement": "barnevern", "date": "2006-08-30", "meeting": {"year": 2008, "number": 3}}])
    with pytest.raises(InvalidInput) as info:
        bundle.read_bundle(data)
    [problem] = info.value.problems
    assert problem.message == (
        "signings[0].meeting: the meeting 3/2008 is not in 2006, the year of the signing date 2006-08-30; "
        "a signing belongs to a meeting of its own year"
    )
    assert problem.message_nb.startswith("signings[0].meeting: møtet 3/2008 er ikke i 2006, året for undertegningsdatoen 30.08.2006")
    data["signings"][0]["meeting"] = {"year": 2006, "number": 3}
    assert len(bundle.read_bundle(data).register.signings) == 1


def test_references_to_unknown_agreements_and_criteria():
    data = minimal(
        decisions=[{"agreement": "skole", "meeting": {"year": 2006, "number": 2}, "decision": "continue"}],
        signings=[{"agreement": "nav", "date": "2006-04-21"}],
        criteria_sets=[{"key": "nav2017", "title": "NAV", "criteria": [{"key": "mål", "title": "Mål"}]}],
        assessments=[
            {"agreement": "barnevern", "criteria_set": "nav2017", "criterion": "ledelse", "rating": "delvis"},
            {"agreement": "barnevern", "criteria_set": "ukjent", "criterion": "x", "rating": "delvis"},
        ],
    )
    found = problems(data)
    assert 'decisions[0].agreement: refers to the agreement "skole", which is neither in the file nor in the database' in found
    assert 'signings[0].agreement: refers to the agreement "nav", which is neither in the file nor in the database' in found
    assert 'assessments[0].criterion: refers to the criterion "ledelse", which the criteria set "nav2017" does not have' in found
    assert 'assessments[1].criteria_set: refers to the criteria set "ukjent", which is neither in the file nor in the database' in found


def test_a_record_refused_for_a_bad_field_is_not_also_called_missing_by_those_referring_to_it():
    # One wrong date in an agreement and one empty criterion title: only those two are wrong. The decision,
    # signing and assessment refer to records that are in the file, so "neither in the file nor in the database"
    # (or "the criteria set does not have") would send the user hunting for a record that is not missing.
    data = minimal(
        meetings=[{"year": 2006, "number": 2, "date": "2006-04-26"}],
        decisions=[{"agreement": "barnevern", "meeting": {"year": 2006, "number": 2}, "decision": "continue"}],
        signings=[{"agreement": "barnevern", "date": "2006-08-30"}],
        criteria_sets=[{"key": "nav2017", "title": "NAV", "criteria": [{"key": "k1", "title": ""}, {"key": "k2", "title": "K2"}]}],
        assessments=[
            {"agreement": "barnevern", "criteria_set": "nav2017", "criterion": "k1", "rating": "delvis", "subpoints_met": []},
            {"agreement": "barnevern", "criteria_set": "nav2017", "criterion": "k3", "rating": "delvis"},
        ],
    )
    data["agreements"][0]["end_date"] = "2008-02-30"
    assert problems(data) == [
        'agreements[0].end_date: "2008-02-30" is not a date (YYYY-MM-DD)',
        "criteria_sets[0].criteria[0].title: must not be empty",
        # A criterion that is in no form in the file is still named.
        'assessments[1].criterion: refers to the criterion "k3", which the criteria set "nav2017" does not have',
    ]
    # A whole criteria set refused (its title is empty): the assessments referring to it say nothing more.
    data["agreements"][0]["end_date"] = "2008-09-14"
    data["criteria_sets"] = [{"key": "nav2017", "title": "", "criteria": [{"key": "k1", "title": "K1"}]}]
    data["assessments"] = data["assessments"][:1]
    assert problems(data) == ["criteria_sets[0].title: must not be empty"]
    # The same when merging into a register that already has the agreement and the set.
    stored = bundle.read_bundle(minimal(criteria_sets=[{"key": "nav2017", "title": "NAV", "criteria": [{"key": "k9", "title": "K9"}]}])).register
    assert problems(data, existing=stored) == ["criteria_sets[0].title: must not be empty"]
    # Criteria that cannot be read by key: any of them may be the one referred to.
    data["criteria_sets"] = [{"key": "nav2017", "title": "NAV", "criteria": "k1"}]
    assert problems(data) == ['criteria_sets[0].criteria: must be a list ([...]), not the text "k1"']
    data["criteria_sets"] = [{"key": "nav2017", "title": "NAV", "criteria": [{"title": "K1"}]}]
    assert problems(data) == ["criteria_sets[0].criteria[0].key: is required"]
    # Sub-points that cannot be read: a rating ticking one is not told the criterion "does not have" it.
    data["criteria_sets"] = [{"key": "nav2017", "title": "NAV", "criteria": [{"key": "k1", "title": "K1", "subpoints": "a"}]}]
    data["assessments"] = [{"agreement": "barnevern", "criteria_set": "nav2017", "criterion": "k1", "rating": "i_traad", "subpoints_met": ["a"]}]
    assert problems(data) == ['criteria_sets[0].criteria[0].subpoints: must be a list ([...]), not the text "a"']
    data["criteria_sets"][0]["criteria"][0]["subpoints"] = ["a", "a"]  # the sub-point twice: still the criterion's
    assert problems(data) == ['criteria_sets[0].criteria[0].subpoints[1]: sub-point "a" appears twice (also at criteria_sets[0].criteria[0].subpoints[0])']


def test_references_may_point_into_what_is_stored():
    stored = bundle.read_bundle(minimal()).register
    data = {"format": "konsultasjon-bundle", "version": 1, "decisions": [{"agreement": "barnevern", "meeting": {"year": 2006, "number": 2}, "decision": "terminate"}]}
    assert len(bundle.read_bundle(data, existing=stored).register.decisions) == 1


def test_meeting_numbers_and_dates_are_checked():
    data = minimal(meetings=[{"year": 2006, "number": 5, "date": "2006-04-26"}, {"year": 2006, "number": 3, "date": "2007-08-30"}])
    found = problems(data)
    assert "meetings[0].number: 5 is not between 1 and 4" in found
    assert "meetings[1].date: 2007-08-30 is not in 2006" in found


def test_deviation_needs_exactly_one_target_and_an_agreement_for_agreement_items():
    base = {"action": "sign", "agreement": "barnevern", "from": {"year": 2006, "number": 3}}
    assert problems(minimal(deviations=[base])) == ['deviations[0]: needs either "to" (a meeting) or "to_date"']
    both = {**base, "to": {"year": 2006, "number": 4}, "to_date": "2006-09-01"}
    assert problems(minimal(deviations=[both])) == ['deviations[0]: has both "to" and "to_date"; give one']
    scope = {"action": "scope", "agreement": "barnevern", "from": {"year": 2006, "number": 2}, "to": {"year": 2006, "number": 3}}
    assert problems(minimal(deviations=[scope])) == ['deviations[0].agreement: a "scope" item is not about one agreement; "agreement" must be null']


@pytest.mark.parametrize(
    ("action", "agreement", "allowed", "refused"),
    [
        ("review", "barnevern", [2], [1, 3, 4]),
        ("scope", None, [2], [1, 3, 4]),
        ("status", "barnevern", [3], [1, 2, 4]),
        ("overview", None, [4], [1, 2, 3]),
        ("sign", "barnevern", [2, 3, 4], [1]),
        ("re-sign", "barnevern", [2, 3, 4], [1]),
    ],
)
def test_a_deviation_moves_an_item_only_from_a_meeting_the_planner_puts_it_on(action, agreement, allowed, refused):
    def deviation(number):
        return {"action": action, "agreement": agreement, "from": {"year": 2006, "number": number}, "to_date": "2006-12-01"}

    for number in allowed:
        assert len(bundle.read_bundle(minimal(deviations=[deviation(number)])).register.deviations) == 1
    for number in refused:
        [message] = problems(minimal(deviations=[deviation(number)]))
        assert message.startswith(f'deviations[0].from: the planner puts "{action}" items only on meeting')
        assert message.endswith(f"a deviation from meeting {number}/2006 would move nothing")


def test_every_meeting_the_planner_puts_an_item_on_is_one_a_deviation_may_name(demo_bundle_path):
    # ACTION_MEETINGS (what the reader accepts) must hold every origin the planner gives; the window moves an
    # item by a deviation from its origin.
    import datetime as dt

    from konsultasjon_app.domain.model import ACTION_MEETINGS
    from konsultasjon_app.domain.planner import plan

    from dataclasses import replace

    from konsultasjon_app.domain.model import Decision, MeetingRef

    register = bundle.read_bundle(bundle.loads(demo_bundle_path.read_text(encoding="utf-8"))).register
    keys = [a.key for a in register.agreements]
    decided = (Decision(keys[0], MeetingRef(2007, 2), "renegotiate"), Decision(keys[1], MeetingRef(2007, 4), "continue"))
    register = replace(register, decisions=register.decisions + decided, settings=replace(register.settings, resign_on_every_continue=True))
    items = plan(register, 2005, 2012, dt.date(2007, 1, 1)).items
    assert {item.action for item in items} == set(ACTION_MEETINGS)
    for item in items:
        assert item.origin.number in ACTION_MEETINGS[item.action], item


def test_an_impossible_deviation_is_named_in_both_languages():
    data = minimal(deviations=[{"action": "overview", "agreement": None, "from": {"year": 2006, "number": 2}, "to": {"year": 2006, "number": 3}},
                               {"action": "sign", "agreement": "barnevern", "from": {"year": 2006, "number": 1}, "to": {"year": 2006, "number": 3}}])
    with pytest.raises(InvalidInput) as info:
        bundle.read_bundle(data)
    assert [p.message for p in info.value.problems] == [
        'deviations[0].from: the planner puts "overview" items only on meeting 4; a deviation from meeting 2/2006 would move nothing',
        'deviations[1].from: the planner puts "sign" items only on meetings 2, 3 or 4; a deviation from meeting 1/2006 would move nothing',
    ]
    assert info.value.problems[1].message_nb == (
        "deviations[1].from: planleggeren legger en «sign»-sak bare på 2., 3. eller 4. møte; et avvik fra møte 1/2006 ville ikke flytte noe"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "is empty"),
        ("[1, 2]", "must be an object ({...}), not a list"),
        ('{"format": "konsultasjon-bundle", "version": 1', "not valid JSON"),
        ("NaN", "not valid JSON"),
    ],
)
def test_files_that_are_not_bundles(text, expected):
    with pytest.raises(InvalidInput) as info:
        bundle.read_bundle(bundle.loads(text))
    assert expected in info.value.describe()


def test_format_and_version_are_required():
    assert problems({"version": 1}) == ["format: is required"]
    assert problems({"format": "other", "version": 1}) == ['format: must be "konsultasjon-bundle", not the text "other"']
    assert problems({"format": "konsultasjon-bundle", "version": 2}) == ["version: the number 2 is not a supported version (only 1 is)"]


def test_non_utf8_input_is_named():
    with pytest.raises(InvalidInput) as info:
        bundle.loads(b'{"title": "\xe6\xf8\xe5"}')
    assert "not UTF-8" in info.value.describe()


def test_text_length_limit_is_stated():
    data = minimal()
    data["agreements"][0]["title"] = "x" * 5_000_000
    assert problems(data) == ["agreements[0].title: is 5000000 characters long; at most 500 are allowed"]


def test_messages_exist_in_norwegian_too():
    data = minimal()
    data["agreements"][0]["end_date"] = "2006-13-01"
    with pytest.raises(InvalidInput) as info:
        bundle.read_bundle(data)
    assert info.value.describe(norwegian=True) == "agreements[0].end_date: «2006-13-01» er ikke en dato (ÅÅÅÅ-MM-DD)"


def test_optional_criterion_fields_are_written_only_when_used():
    data = minimal(criteria_sets=[{"key": "s", "title": "S", "criteria": [{"key": "a", "title": "A"}, {"key": "b", "title": "B", "description": "D", "subpoints": ["x", "y"]}]}])
    written = bundle.write_bundle(bundle.read_bundle(data).register)
    assert written["criteria_sets"] == data["criteria_sets"]


def test_a_lone_surrogate_is_refused_not_a_crash():
    text = '{"format": "konsultasjon-bundle", "version": 1, "agreements": [{"key": "a", "title": "x\\ud800y"}]}'
    assert problems(bundle.loads(text)) == ["agreements[0].title: contains an invalid character (a lone UTF-16 surrogate)"]


def test_an_agreement_with_problems_beyond_the_message_limit_is_still_refused():
    reader = bundle.Reader()
    for i in range(bundle.MAX_PROBLEMS):
        reader.add(f"x[{i}]", "missing")
    assert bundle.read_agreement(reader, {"key": "a", "title": "A", "end_date": "ikke-dato"}, "agreements[0]") is None


def test_a_sub_point_given_twice_is_refused_in_a_criterion_and_in_a_rating():
    # ["a", "a", "b"] with "b" ticked would derive ikke_i_traad (two missing) where the list means delvis.
    twice = {"key": "s", "title": "S", "criteria": [{"key": "k", "title": "K", "subpoints": ["a", "b", " a"]}]}
    with pytest.raises(InvalidInput) as info:
        bundle.read_bundle(minimal(criteria_sets=[twice]))
    [problem] = info.value.problems
    assert problem.message == 'criteria_sets[0].criteria[0].subpoints[2]: sub-point "a" appears twice (also at criteria_sets[0].criteria[0].subpoints[0])'
    assert problem.message_nb.startswith('criteria_sets[0].criteria[0].subpoints[2]: delpunktet "a" forekommer to ganger')
    once = {"key": "s", "title": "S", "criteria": [{"key": "k", "title": "K", "subpoints": ["a", "b"]}]}
    rating = {"agreement": "barnevern", "criteria_set": "s", "criterion": "k", "rating": "i_traad", "subpoints_met": ["a", "b", "a"]}
    assert problems(minimal(criteria_sets=[once], assessments=[rating])) == [
        'assessments[0].subpoints_met[2]: sub-point "a" appears twice (also at assessments[0].subpoints_met[0])'
    ]


@pytest.mark.parametrize("field", ["state_parties", "other_parties"])
def test_a_party_named_twice_in_an_agreement_is_refused_whatever_its_case_and_spaces(field):
    """Was: ["KRD", "krd", " KRD "] stored as three parties, "krd" added to the party list as a new one, and the
    agenda printed «Parter: KRD, krd og KRD»."""
    agreement = {"key": "a", "title": "A", field: ["KRD", "krd", " KRD ", "KS"]}
    with pytest.raises(InvalidInput) as info:
        bundle.read_bundle(minimal(agreements=[agreement]))
    assert [p.message for p in info.value.problems] == [
        f'agreements[0].{field}[1]: party "krd" appears twice (also at agreements[0].{field}[0])',
        f'agreements[0].{field}[2]: party "KRD" appears twice (also at agreements[0].{field}[0])',
    ]
    assert info.value.problems[1].message_nb.startswith(f'agreements[0].{field}[2]: parten "KRD" forekommer to ganger')
    # Different parties, and the same party in both lists (a directorate may stand on either side), are as before.
    read = bundle.read_bundle(minimal(agreements=[{"key": "a", "title": "A", "state_parties": ["KRD", " HOD"], "other_parties": ["KS", "KRD"]}]))
    [a] = read.register.agreements
    assert (a.state_parties, a.other_parties) == (("KRD", "HOD"), ("KS", "KRD"))


def test_ticked_sub_points_must_be_the_criterions_and_an_override_needs_a_reason():
    criteria_set = {"key": "s", "title": "S", "criteria": [{"key": "k", "title": "K", "subpoints": ["a", "b", "c"]}]}

    def rated(**assessment):
        return minimal(criteria_sets=[criteria_set], assessments=[{"agreement": "barnevern", "criteria_set": "s", "criterion": "k", **assessment}])

    assert problems(rated(rating="delvis", subpoints_met=["a", "x"])) == ['assessments[0].subpoints_met: names the sub-point "x", which the criterion "k" does not have']
    assert problems(rated(rating="i_traad", subpoints_met=["a"])) == [
        'assessments[0].override_reason: the ticked sub-points give "ikke_i_traad"; the rating "i_traad" needs an override_reason'
    ]
    assert problems(rated(rating="ikke_relevant", subpoints_met=["a"])) == [
        'assessments[0].rating: sub-points can be ticked only for the ratings i_traad, delvis and ikke_i_traad, not "ikke_relevant"'
    ]
    assert bundle.read_bundle(rated(rating="delvis", subpoints_met=["a", "b"])).register.assessments[0].rating == "delvis"
    assert bundle.read_bundle(rated(rating="i_traad", subpoints_met=["a"], override_reason="Skjønn")).register.assessments


# -- the window's messages are bokmål throughout (the command line's stay English) ---------------------------

_ENGLISH = ("line ", "column ", "Expecting", " on ", " at meeting", " of ", "from meeting", "NaN is", "digits", "nested")


def nb_messages(data) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        bundle.read_bundle(data) if not isinstance(data, (str, bytes)) else bundle.loads(data)
    return [p.message_nb for p in info.value.problems]


def test_a_duplicate_record_is_named_in_bokmal():
    """Was: "vedtaket on "a" at meeting 2/2006 forekommer to ganger" in the window's import message."""
    data = minimal()
    data["meetings"] = [{"year": 2006, "number": 2, "date": "2006-04-26"}]
    data["decisions"] = [{"agreement": "barnevern", "meeting": {"year": 2006, "number": 2}, "decision": "continue"}] * 2
    data["signings"] = [{"agreement": "barnevern", "date": "2006-08-30"}] * 2
    data["deviations"] = [{"action": "review", "agreement": "barnevern", "from": {"year": 2006, "number": 2}, "to": {"year": 2006, "number": 3}, "reason": "x"}] * 2
    found = nb_messages(data)
    assert "decisions[1]: vedtaket for «barnevern» på møte 2/2006 forekommer to ganger (også i decisions[0])" in found
    assert "signings[1]: undertegningen av «barnevern» 30.08.2006 forekommer to ganger (også i signings[0])" in found
    assert "deviations[1]: avviket av saken «Gjennomgang» for «barnevern» fra møte 2/2006 forekommer to ganger (også i deviations[0])" in found
    assert not [m for m in found if any(word in m for word in _ENGLISH)], found
    english = [p.message for p in bundle_problems(data)]
    assert 'decisions[1]: decision on "barnevern" at meeting 2/2006 appears twice (also at decisions[0])' in english  # unchanged


def bundle_problems(data):
    with pytest.raises(InvalidInput) as info:
        bundle.read_bundle(data)
    return info.value.problems


@pytest.mark.parametrize(("text", "nb"), [
    ('{"format": "konsultasjon-bundle", "version": 1, "agreements": [{"key": "a", ', "linje 1, kolonne 77: filen slutter før dataene er avsluttet (avkortet?)"),
    ('{"format": "konsultasjon-bundle", "version": 1, "agreements": [{"key": "a', "linje 1, kolonne 72: filen slutter før dataene er avsluttet (avkortet?)"),
    ('{"format": x}', "linje 1, kolonne 12: her mangler en verdi"),
    ('{"format": 1,, "version": 1}', "linje 1, kolonne 14: her mangler et feltnavn i doble anførselstegn"),
    ('{"a": 1} {"b": 2}', "linje 1, kolonne 10: det står mer etter slutten av dataene"),
    ('{"a": NaN}', "NaN er ikke tillatt i JSON"),
    ("[" * 100_000 + "]" * 100_000, "verdiene er nestet for dypt"),
    ('{"a": ' + "9" * 5000 + "}", "et tall har for mange sifre"),
])
def test_json_that_cannot_be_read_is_told_in_bokmal(text, nb):
    """Was: "er ikke gyldig JSON: line 1, column 48: Expecting property name enclosed in double quotes"."""
    (message,) = nb_messages(text)
    assert message == f"er ikke gyldig JSON: {nb}"


def test_a_file_cut_off_in_the_middle_of_a_letter_is_called_cut_off():
    data = '{"format": "konsultasjon-bundle", "version": 1, "agreements": [{"key": "a", "title": "Avtale om å'.encode()[:-1]
    (message,) = nb_messages(data)
    assert message == f"er ikke UTF-8-tekst: filen slutter midt i et tegn ved byte {len(data) - 1} (avkortet?)"


def stored_register():
    """A register as stored: an agreement with every field used, a meeting with its details, a criteria set with a
    description and sub-points, a rating made point by point, and an item moved to a date."""
    return bundle.read_bundle({
        "format": "konsultasjon-bundle", "version": 1,
        "meetings": [{"year": 2025, "number": 2, "date": "2025-04-23", "location": "Oslo", "time": "10:00", "chair": "Statsråd", "participants": ["KS", "KDD"], "notes": "Notat"}],
        "agreements": [{"key": "nav", "title": "NAV-avtalen", "signed_date": "2016-06-01", "end_date": "2026-05-31", "status": "I kraft",
                        "signatories": [{"name": "Kari", "role": "styreleder", "party": "KS"}], "duration_months": 120,
                        "obligations": {"joint": "Samarbeide", "ks": None, "state": None}, "followup_text": "Årlig", "notes": "Merknad"}],
        "criteria_sets": [{"key": "sett", "title": "Sett", "criteria": [{"key": "k1", "title": "K1", "description": "Beskrivelse", "subpoints": ["a", "b"]}]}],
        "assessments": [{"agreement": "nav", "criteria_set": "sett", "criterion": "k1", "rating": "i_traad", "justification": "Ja", "subpoints_met": ["a", "b"]}],
        "deviations": [{"action": "review", "agreement": "nav", "from": {"year": 2025, "number": 2}, "to_date": "2025-05-02", "reason": "Flyttet"}],
    }).register


def test_a_merge_keeps_what_a_record_leaves_out_and_empties_what_it_gives_as_null():
    """A file in DOMAIN §6's example shape, or from the previous release (meetings without time or chair, ratings
    without ticks), emptied every field it left out of each record it named (found by the exchange audit)."""
    stored = stored_register()
    data = {
        "format": "konsultasjon-bundle", "version": 1,
        "meetings": [{"year": 2025, "number": 2, "date": "2025-04-24", "location": "Bergen"}],
        "agreements": [{"key": "nav", "title": "NAV-avtalen (ny)", "signed_date": "2016-06-01", "end_date": "2026-05-31", "notes": None}],
        "criteria_sets": [{"key": "sett", "title": "Sett", "criteria": [{"key": "k1", "title": "K1 (ny)"}]}],
        "assessments": [{"agreement": "nav", "criteria_set": "sett", "criterion": "k1", "rating": "i_traad", "justification": "Fortsatt"}],
        "deviations": [{"action": "review", "agreement": "nav", "from": {"year": 2025, "number": 2}, "to": {"year": 2025, "number": 3}}],
    }
    merged = bundle.read_bundle(data, existing=stored).register
    meeting, = merged.meetings
    assert (meeting.date.isoformat(), meeting.location) == ("2025-04-24", "Bergen")
    assert (meeting.time, meeting.chair, meeting.participants, meeting.notes) == ("10:00", "Statsråd", ("KS", "KDD"), "Notat")
    agreement, = merged.agreements
    was, = stored.agreements
    assert agreement.title == "NAV-avtalen (ny)" and agreement.notes is None  # given as null: emptied
    assert (agreement.status, agreement.signatories, agreement.duration_months, agreement.obligations, agreement.followup_text) == (
        was.status, was.signatories, was.duration_months, was.obligations, was.followup_text)
    criterion, = merged.criteria_sets[0].criteria
    assert (criterion.title, criterion.description, criterion.subpoints) == ("K1 (ny)", "Beskrivelse", ("a", "b"))
    rating, = merged.assessments
    assert (rating.justification, rating.subpoints_met) == ("Fortsatt", ("a", "b"))
    deviation, = merged.deviations  # a meeting instead of the date: the stored date is not kept beside it
    assert (deviation.to_meeting, deviation.to_date, deviation.reason) == (MeetingRef(2025, 3), None, "Flyttet")
    # A new database or a replacement takes the file as it is: what it leaves out is empty.
    fresh = bundle.read_bundle(data).register
    assert (fresh.meetings[0].time, fresh.agreements[0].status, fresh.assessments[0].subpoints_met) == (None, None, None)


def test_a_stored_field_kept_by_a_merge_that_does_not_fit_the_file_is_named_with_the_fields_left_out():
    stored = stored_register()
    data = {"format": "konsultasjon-bundle", "version": 1,
            "agreements": [{**bundle.agreement_to_json(stored.agreements[0]), "signed_date": "2027-01-01"}]}
    del data["agreements"][0]["end_date"]  # the stored 2026-05-31 stays: before the new signed date
    assert problems(data, existing=stored) == [
        "agreements[0].end_date: the end date 2026-05-31 is before the signed date 2027-01-01",
        "agreements[0]: the file leaves out end_date: a merge keeps the stored values of those, and they do not fit what the file gives",
    ]
    # What the file alone gets wrong is said as ever, once.
    data["agreements"][0]["end_date"] = "2026-13-01"
    assert problems(data, existing=stored) == ['agreements[0].end_date: "2026-13-01" is not a date (YYYY-MM-DD)']


def test_a_merge_keeps_no_ticks_for_another_rating_nor_a_stored_field_this_version_would_refuse():
    """Found by the review of the keeping merge: a DOMAIN §6 rating with another rating kept the stored ticks and
    was refused for an override reason the file never named; a stored note an older version let in (Word's line
    break, U+000B) was read again as if the file had given it, and refused the whole file."""
    stored = stored_register()
    data = {"format": "konsultasjon-bundle", "version": 1,
            "assessments": [{"agreement": "nav", "criteria_set": "sett", "criterion": "k1", "rating": "delvis", "justification": "Halvveis"}]}
    rating, = bundle.read_bundle(data, existing=stored).register.assessments
    assert (rating.rating, rating.subpoints_met, rating.override_reason) == ("delvis", None, None)  # the ticks were the other rating's
    older = dataclasses.replace(stored, decisions=(Decision("nav", MeetingRef(2025, 2), "continue", "Linje\x0bto"),))
    data = {"format": "konsultasjon-bundle", "version": 1,
            "decisions": [{"agreement": "nav", "meeting": {"year": 2025, "number": 2}, "decision": "renegotiate"}]}
    decision, = bundle.read_bundle(data, existing=older).register.decisions
    assert (decision.decision, decision.note) == ("renegotiate", None)  # taken as the file gives it, as before
