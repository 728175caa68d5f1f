"""Dates as people type them: day.month.year in the Nordic languages, ISO everywhere, nothing
guessed, an impossible date named as such, every accepted date read back in words."""

from __future__ import annotations

import datetime as dt

import pytest

from riskkit import i18n
from riskkit.tui import dates

MARCH_1 = dt.date(2027, 3, 1)


@pytest.mark.parametrize("lang", ["nb", "nn", "sv", "da"])
@pytest.mark.parametrize("typed", ["1.3.2027", "01.03.2027", "2027-03-01", " 1.3.2027 "])
def test_the_nordic_ways_and_iso_are_read(lang, typed):
    with i18n.using(lang):
        assert dates.parse(typed) == MARCH_1


def test_english_takes_iso_only_and_refuses_what_it_would_have_to_guess():
    with i18n.using("en"):
        assert dates.parse("2027-03-01") == MARCH_1
        for ambiguous in ("1/3/2027", "1.3.2027", "03-01-2027", "1 3 2027"):
            with pytest.raises(dates.NotADate) as refused:
                dates.parse(ambiguous)
            message = str(refused.value)
            assert f"“{ambiguous}”" in message and "mixed up" in message
            assert "2027-03-01" in message  # the accepted form, shown


def test_a_slash_is_refused_in_the_nordic_languages_too_with_the_accepted_forms():
    with i18n.using("nb"), pytest.raises(dates.NotADate) as refused:
        dates.parse("1/3/2027")
    message = str(refused.value)
    assert "1.3.2027" in message and "01.03.2027" in message and "2027-03-01" in message


@pytest.mark.parametrize(("lang", "typed", "words"), [
    ("nb", "31.2.2027", "februar 2027 har 28"),
    ("da", "30.2.2028", "februar 2028 har 29"),  # a leap year: 29 days, and still not 30
    ("en", "2027-02-30", "February 2027 has 28"),
    ("sv", "31.4.2027", "april 2027 har 30"),
])
def test_an_impossible_date_gets_its_own_message(lang, typed, words):
    with i18n.using(lang):
        with pytest.raises(dates.NotADate) as refused:
            dates.parse(typed)
        general = dates.check("no date")
    assert words in str(refused.value)
    assert str(refused.value) != general


def test_a_thirteenth_month_is_named():
    with i18n.using("en"), pytest.raises(dates.NotADate, match="no month 13"):
        dates.parse("2027-13-01")


@pytest.mark.parametrize(("lang", "words"), [
    ("nb", "1. mars 2027"), ("sv", "1 mars 2027"), ("da", "1. marts 2027"),
    ("en", "March 1, 2027"),
])
def test_an_accepted_date_is_read_back_in_words(lang, words):
    with i18n.using(lang):
        assert dates.in_words("2027-03-01") == words
        assert dates.in_words("2027-03-") == ""  # not a date yet: nothing


def test_the_hint_names_the_forms_of_the_language():
    with i18n.using("en"):
        assert dates.hint() == "Write the date as year-month-day, for example 2027-03-01."
    with i18n.using("nb"):
        assert "1.3.2027" in dates.hint() and "2027-03-01" in dates.hint()
