"""Conditions on earlier answers: a small, safe expression language.

A condition is written as a Jinja2 expression and parsed by Jinja2's (sandboxed) parser; the
tree is checked node by node against a whitelist (only the functions below, literal string
arguments, ``and``, ``or``, ``not``, comparisons of ``country`` with literals) and then
evaluated by the few lines of `_evaluate`, never compiled to Python. Nothing from an answers
file is ever evaluated; conditions come from the questionnaire and only *read* answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from riskkit.core.facts import FactState
from riskkit.core.values import NOT_APPLICABLE, NOT_YET_ASKED, is_unknown, matches
from riskkit.i18n import npgettext, pgettext

FUNCTIONS = ("may", "chose", "unknown", "answered", "fact")
VARIABLES = ("country",)

_ENV = SandboxedEnvironment()


class ConditionError(ValueError):
    """The condition is not in the allowed language; the message says why."""


@dataclass(frozen=True)
class Condition:
    source: str
    refs: frozenset[str]  # the questions it reads
    _tree: nodes.Expr = field(repr=False, compare=False)
    facts: frozenset[str] = frozenset()  # the facts it reads with fact(...)

    def evaluate(
        self,
        answers: Mapping[str, Any],
        country: str | None,
        facts: Mapping[str, FactState] | None = None,
    ) -> bool:
        """True when the question should be asked (the clause applies), given the effective
        answers so far and, for a condition that reads facts, the facts they establish.
        Facts exist only once every answer is in: a question's `when` may not read them
        (the questionnaire loader refuses it), a policy pack's `applies` may."""
        if self.facts and facts is None:
            raise ConditionError(
                pgettext("condition check", "fact(...) needs the facts of all the answers")
            )
        return bool(_evaluate(self._tree, _namespace(answers, country, facts or {})))


def compile_condition(source: str) -> Condition:
    try:
        tree = _ENV.parse("{{ (" + source + ") }}")
    except TemplateSyntaxError as exc:
        raise ConditionError(
            pgettext("condition check", "not a valid expression: {detail}").format(
                detail=exc.message
            )
        ) from None
    (output,) = tree.body
    (expr,) = cast(nodes.Output, output).nodes
    refs: set[str] = set()
    _check(expr, refs)
    facts = {r[len(_FACT):] for r in refs if r.startswith(_FACT)}
    return Condition(
        source, frozenset(r for r in refs if not r.startswith(_FACT)), expr, frozenset(facts)
    )


_FACT = "\0fact:"  # marks a fact name among the names `_check` collects


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b,
}


def _evaluate(node: nodes.Node, ns: Mapping[str, Any]) -> Any:
    """Evaluate a tree that `_check` accepted; other node types cannot reach here."""
    if isinstance(node, nodes.And):
        return _evaluate(node.left, ns) and _evaluate(node.right, ns)
    if isinstance(node, nodes.Or):
        return _evaluate(node.left, ns) or _evaluate(node.right, ns)
    if isinstance(node, nodes.Not):
        return not _evaluate(node.node, ns)
    if isinstance(node, nodes.Call):
        # `_check_call` let through a function name and literal arguments only
        function = ns[cast(nodes.Name, node.node).name]
        return function(*(cast(nodes.Const, a).value for a in node.args))
    if isinstance(node, nodes.Compare):
        left = _evaluate(node.expr, ns)
        for operand in node.ops:
            right = _evaluate(operand.expr, ns)
            if not _COMPARE[operand.op](left, right):
                return False
            left = right
        return True
    if isinstance(node, nodes.Name):
        return ns[node.name]
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return [cast(nodes.Const, item).value for item in node.items]
    return cast(nodes.Const, node).value


def _check(node: nodes.Node, refs: set[str]) -> None:
    if isinstance(node, (nodes.And, nodes.Or)):
        _check(node.left, refs)
        _check(node.right, refs)
    elif isinstance(node, nodes.Not):
        _check(node.node, refs)
    elif isinstance(node, nodes.Call):
        _check_call(node, refs)
    elif isinstance(node, nodes.Compare):
        _check_value(node.expr)
        for operand in node.ops:
            if operand.op not in ("eq", "ne", "in", "notin"):
                raise ConditionError(
                    pgettext("condition check", "only ==, !=, in and not in compare values")
                )
            _check_value(operand.expr)
    else:
        raise ConditionError(
            pgettext("condition check", "`{node}` is not allowed in a condition").format(
                node=type(node).__name__
            )
        )


def _check_call(node: nodes.Call, refs: set[str]) -> None:
    if not isinstance(node.node, nodes.Name) or node.node.name not in FUNCTIONS:
        raise ConditionError(
            pgettext("condition check", "only the functions {names} may be called").format(
                names=", ".join(FUNCTIONS)
            )
        )
    if node.kwargs or node.dyn_args or node.dyn_kwargs:
        raise ConditionError(
            pgettext("condition check", "`{name}` takes plain arguments only").format(
                name=node.node.name
            )
        )
    expected = 1 if node.node.name in ("unknown", "answered", "fact") else 2
    if len(node.args) != expected or not all(
        isinstance(a, nodes.Const) and isinstance(a.value, (str, int)) for a in node.args
    ):
        raise ConditionError(
            npgettext(
                "condition check",
                "`{name}` takes {n} literal argument",
                "`{name}` takes {n} literal arguments",
                expected,
            ).format(name=node.node.name, n=expected)
        )
    name = str(cast(nodes.Const, node.args[0]).value)
    refs.add(_FACT + name if node.node.name == "fact" else name)


def _check_value(node: nodes.Node) -> None:
    if isinstance(node, nodes.Name) and node.name in VARIABLES:
        return
    if isinstance(node, nodes.Const) and isinstance(node.value, (str, int)):
        return
    if isinstance(node, (nodes.List, nodes.Tuple)) and all(
        isinstance(item, nodes.Const) for item in node.items
    ):
        return
    raise ConditionError(pgettext("condition check", "compare only `country` with literal values"))


def _namespace(
    answers: Mapping[str, Any], country: str | None, facts: Mapping[str, FactState]
) -> dict[str, Any]:
    def value(qid: str) -> Any:
        return answers.get(qid)

    def may(qid: str, expected: object) -> bool:
        v = value(qid)
        return v is not NOT_APPLICABLE and (is_unknown(v) or matches(v, expected))

    def chose(qid: str, expected: object) -> bool:
        v = value(qid)
        return v is not NOT_APPLICABLE and not is_unknown(v) and matches(v, expected)

    def unknown(qid: str) -> bool:
        v = value(qid)
        return v is not NOT_APPLICABLE and is_unknown(v)

    def answered(qid: str) -> bool:
        v = value(qid)
        return v is not NOT_APPLICABLE and v is not NOT_YET_ASKED and not is_unknown(v)

    def fact(name: str) -> bool:
        # As may(): a fact that may hold (true, or unknown because an answer is "don't
        # know") keeps the clause applicable; riskkit never takes the benign branch.
        return facts.get(name, FactState.FALSE) >= FactState.UNKNOWN

    return {
        "fact": fact,
        "may": may,
        "chose": chose,
        "unknown": unknown,
        "answered": answered,
        "country": (country or "").upper(),
    }
