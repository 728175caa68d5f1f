"""Conditions are a whitelisted expression language: they read answers, nothing else."""

from __future__ import annotations

import pytest

from riskkit.core.conditions import ConditionError, compile_condition
from riskkit.core.values import NOT_APPLICABLE


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('true')",
        "may('a', 'b').__class__",
        "''.__class__.__mro__",
        "lipsum.__globals__",
        "cycler.__init__.__globals__.os",
        "range(10)",
        "may('a', 'b') | safe",
        "may(x, 'b')",
        "may('a')",
        "may('a', 'b', key='c')",
        "country.upper()",
        "[1, 2][0]",
        "may('a', 'b') if True else False",
        "1 + 1",
        "may('a',",
    ],
)
def test_anything_but_the_whitelist_is_refused(source):
    with pytest.raises(ConditionError):
        compile_condition(source)


def test_may_treats_unknown_as_possibly_true_but_not_applicable_as_false():
    c = compile_condition("may('a', 'yes')")
    assert c.evaluate({"a": "yes"}, None)
    assert c.evaluate({"a": "dont_know"}, None)
    assert c.evaluate({"a": None}, None)
    assert not c.evaluate({"a": "no"}, None)
    assert not c.evaluate({"a": NOT_APPLICABLE}, None)


def test_chose_is_strict_and_works_on_multi_answers():
    c = compile_condition("chose('a', 'x')")
    assert c.evaluate({"a": ["y", "x"]}, None)
    assert not c.evaluate({"a": "dont_know"}, None)


def test_unknown_answered_and_country():
    c = compile_condition("(unknown('a') or answered('b')) and country in ['NO', 'DK']")
    assert c.refs == {"a", "b"}
    assert c.evaluate({"a": "dont_know", "b": None}, "no")
    assert not c.evaluate({"a": "dont_know", "b": None}, "SE")
    assert c.evaluate({"a": "yes", "b": 3}, "DK")
    assert not c.evaluate({"a": "yes", "b": "dont_know"}, "DK")


def test_scale_values_compare_as_text():
    assert compile_condition("chose('s', 3)").evaluate({"s": 3}, None)
    assert compile_condition("chose('s', '3')").evaluate({"s": 3}, None)
