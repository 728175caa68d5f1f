"""Reading YAML with line numbers, the way riskkit's files are written by people.

Two departures from PyYAML's defaults, both for people who hand-edit files:
- ``yes``, ``no``, ``on`` and ``off`` stay strings (YAML 1.1 would make ``no`` a boolean,
  and ``no`` is both an answer and the language code of Norwegian); ``true``/``false`` remain
  booleans.
- every mapping remembers the line it starts on and the line of each of its values, so
  errors can name the line a person has to open.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from riskkit.errors import Problem, ProblemsError
from riskkit.i18n import pgettext


class LineDict(dict):
    """A mapping from YAML that knows where it and each of its values stand (1-based)."""

    line: int = 0
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


# libyaml's parser when PyYAML was built with it (about three times faster on the default
# questionnaire); the resolver and constructors below are the same either way.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int)):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                pgettext("YAML error", "a key must be a word or a number"),
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[str(key)] = value_node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(text: str, filename: str) -> Any:
    """Parse YAML text; a syntax error becomes a Problem naming the file and line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        detail = exc.problem or str(exc)
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            detail = pgettext(
                "YAML error", "{problem} ({context} that starts at line {line})"
            ).format(problem=detail, context=exc.context, line=exc.context_mark.line + 1)
        raise ProblemsError(
            [
                Problem(
                    filename,
                    line,
                    "",
                    pgettext("YAML error", "not valid YAML: {detail}").format(detail=detail),
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ProblemsError(
            [
                Problem(
                    filename,
                    None,
                    "",
                    pgettext("YAML error", "not valid YAML: {detail}").format(detail=exc),
                )
            ]
        ) from None


def dump(data: Any) -> str:
    """YAML as a person would write it: keys in the given order, Nordic letters as they are."""
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
