"""The AI Act's application dates as data (questionnaires/ai-act-dates.yaml) and when each duty
applies to one assessment. Law: ../shared/DOMAIN.md, "Dates (Art. 113, Art. 111)"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from riskkit.core import aiact_dates
from riskkit.core.aiact_dates import Context, when
from riskkit.errors import ProblemsError
from riskkit.i18n import using

D = dt.date


ASSESSED = D(2026, 2, 2)


def ctx(assessed=ASSESSED, go_live=None, public=True, country="DK", route="annex3"):
    return Context(assessed, go_live, public, country, route)


def test_the_shipped_dates_are_the_ai_act_as_amended_by_the_digital_omnibus():
    # Art. 113 as amended by the Digital Omnibus (adopted by the Council 29 Jun 2026), as
    # DOMAIN.md records it: Annex III high-risk duties from 2 Dec 2027, Annex I from 2 Aug
    # 2028, Art. 50 from 2 Aug 2026, the new Art. 5 ban from 2 Dec 2026; Art. 5 and Art. 4
    # since 2 Feb 2025; Art. 111(2): public-authority systems comply by 2 Aug 2030.
    dates = aiact_dates.load()
    assert dates.dates["high_risk_annex3"].date == D(2027, 12, 2)
    assert dates.dates["high_risk_annex1"].date == D(2028, 8, 2)
    assert dates.dates["transparency"].date == D(2026, 8, 2)
    assert dates.dates["prohibition_intimate_imagery"].date == D(2026, 12, 2)
    assert dates.dates["prohibitions"].date == D(2025, 2, 2)
    assert dates.dates["ai_literacy"].date == D(2025, 2, 2)
    assert dates.public_authorities.date == D(2030, 8, 2)
    # Norway, Iceland, Liechtenstein: the AI Act is not yet part of the EEA Agreement.
    assert {c for c, s in dates.eea.items() if not s.bound} == {"NO", "IS", "LI"}


def test_every_date_has_a_source_and_the_omnibus_dates_are_marked_unverified():
    # DOMAIN.md: the Omnibus dates come from secondary sources; "where a date cannot be
    # verified, say so in the output". Until its Official Journal reference is recorded,
    # every date resting on it must say so.
    dates = aiact_dates.load()
    for entry in [*dates.dates.values(), dates.public_authorities]:
        assert entry.source.text and entry.refs
    assert not dates.high_risk_date("annex3").source.verified
    assert dates.dates["prohibitions"].source.verified
    fria = when("fria", ctx(go_live=D(2028, 1, 10)))
    assert not fria.verified
    with using("en"):
        assert "not yet checked against the Official Journal" in fria.text()
        assert "not yet checked" not in when("prohibitions", ctx()).text()


def test_fria_before_the_high_risk_date_is_good_practice_and_binds_before_a_later_go_live():
    # Art. 27(1): a FRIA "prior to deploying"; under the amended Art. 113 the Annex III duties
    # apply from 2 Dec 2027. Assessed in 2026 for use from 2028: not binding on the
    # assessment day, but binding before use starts.
    fria = when("fria", ctx(assessed=D(2026, 11, 1), go_live=D(2028, 1, 10)))
    assert fria.status == aiact_dates.FROM_DATE
    assert fria.date == D(2027, 12, 2)
    assert not fria.binding_now and fria.before_use
    with using("en"):
        assert fria.text().startswith(
            "applies from December 2, 2027, before use starts; good practice now"
        )


def test_a_public_authority_system_in_use_before_the_high_risk_date_complies_by_2030():
    # Art. 111(2): high-risk systems put into service before the date fall under the Act only
    # on a significant change of design, but those intended for public authorities comply by
    # 2 Aug 2030. The review's example: da-cv-screening goes live 16 Mar 2026.
    fria = when("fria", ctx(go_live=D(2026, 3, 16), public=True))
    assert fria.status == aiact_dates.TRANSITION
    assert fria.date == D(2030, 8, 2)
    assert not fria.before_use and not fria.binding_now
    assert "AI Act Art. 111(2)" in fria.refs
    private = when("deployer_duties", ctx(go_live=D(2026, 3, 16), public=False))
    assert private.status == aiact_dates.SIGNIFICANT_CHANGE and private.date is None


def test_an_unknown_go_live_date_is_never_taken_to_be_early():
    # riskkit never takes the benign branch on an unknown: without a go-live date the
    # Art. 111(2) transition is not assumed, and the duty binds before use.
    fria = when("fria", ctx(go_live=None))
    assert fria.status == aiact_dates.FROM_DATE and fria.before_use
    with using("en"):
        assert "go-live date not known" in fria.text()


def test_an_annex_i_product_takes_the_later_high_risk_date():
    # Art. 6(1) systems (AI in an Annex I product): from 2 Aug 2028 after the Omnibus.
    duty = when("deployer_duties", ctx(go_live=D(2028, 9, 1), route="annex1"))
    assert duty.date == D(2028, 8, 2) and duty.before_use
    # In service 1 Mar 2028: after the Annex III date but before the Annex I date, so
    # Art. 111(2)'s transition for a public authority.
    early = when("deployer_duties", ctx(go_live=D(2028, 3, 1), route="annex1"))
    assert early.start == D(2028, 8, 2)
    assert early.status == aiact_dates.TRANSITION and early.date == D(2030, 8, 2)


def test_norway_is_not_bound_yet_but_sees_the_eu_date():
    duty = when("fria", ctx(country="NO", go_live=D(2028, 1, 1)))
    assert duty.status == aiact_dates.NOT_BOUND and not duty.binding_now
    assert duty.start == D(2027, 12, 2)
    with using("en"):
        assert "not yet part of the EEA Agreement" in duty.text()


def test_prohibitions_and_art_50_apply_from_their_own_dates():
    # Art. 5 since 2 Feb 2025: binding on any assessment after it, whatever the go-live.
    assert when("prohibitions", ctx(assessed=D(2026, 2, 2))).binding_now
    # Art. 50 from 2 Aug 2026: not yet on 2 Feb 2026, but before a go-live in September.
    art50 = when("deployer_transparency", ctx(assessed=D(2026, 2, 2), go_live=D(2026, 9, 1)))
    assert not art50.binding_now and art50.before_use
    # Art. 111(2) covers high-risk systems only: Art. 50 has no transition for early use.
    early = when("deployer_transparency", ctx(assessed=D(2026, 2, 2), go_live=D(2026, 3, 1)))
    assert early.status == aiact_dates.FROM_DATE and early.date == D(2026, 8, 2)
    assert not early.before_use


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = aiact_dates.default_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "ai-act-dates.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_legislative_change_is_a_data_edit(tmp_path):
    # Say the Commission brings the Annex III date forward once standards exist (as the
    # Omnibus allows): editing one date changes every duty that rests on it.
    path = _edited(
        tmp_path,
        "high_risk_annex3: {date: 2027-12-02",
        "high_risk_annex3: {date: 2027-06-01",
    )
    dates = aiact_dates.load(path)
    fria = when("fria", ctx(assessed=D(2027, 7, 1), go_live=D(2027, 9, 1)), dates)
    assert fria.date == D(2027, 6, 1) and fria.binding_now
    # Norway incorporates the AI Act: one line, and Norwegian duties bind.
    path = _edited(tmp_path, "NO: {bound: false", "NO: {bound: true")
    no = when("prohibitions", ctx(country="NO"), aiact_dates.load(path))
    assert no.status == aiact_dates.APPLIES


def test_a_broken_dates_file_names_file_line_and_field(tmp_path):
    path = _edited(
        tmp_path, "high_risk_annex1: {date: 2028-08-02", "high_risk_annex1: {date: soon"
    )
    with pytest.raises(ProblemsError) as exc:
        aiact_dates.load(path)
    (problem,) = exc.value.problems
    assert problem.file == str(path)
    assert problem.where == "dates.high_risk_annex1.date"
    line = path.read_text().splitlines().index(
        next(x for x in path.read_text().splitlines() if "high_risk_annex1: {date: soon" in x)
    )
    assert problem.line == line + 1
    path = _edited(tmp_path, "fria: {from: high_risk", "fria: {from: someday")
    with pytest.raises(ProblemsError) as exc:
        aiact_dates.load(path)
    assert [p.where for p in exc.value.problems] == ["duties.fria.from"]


def test_a_source_that_is_not_a_word_is_a_problem_not_a_crash(tmp_path):
    # A list where the key of `sources` belongs was a TypeError (unhashable) before; the
    # organisation that edits the file must be told which field is wrong.
    path = _edited(tmp_path, "prohibitions: {date: 2025-02-02, refs: [\"AI Act Art. 113(a)\"], "
                   "source: ai_act}", "prohibitions: {date: 2025-02-02, refs: [\"AI Act Art. "
                   "113(a)\"], source: [ai_act]}")
    with pytest.raises(ProblemsError) as exc:
        aiact_dates.load(path)
    assert [p.where for p in exc.value.problems] == ["dates.prohibitions.source"]
