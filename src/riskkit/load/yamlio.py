"""Reading YAML with line numbers, the way riskkit's files are written by people.

Two departures from PyYAML's defaults, both for people who hand-edit files:
- ``yes``, ``no``, ``on`` and ``off`` stay strings (YAML 1.1 would make ``no`` a boolean,
  and ``no`` is both an answer and the language code of Norwegian); ``true``/``false`` remain
  booleans.
- every mapping remembers the line it starts on and the line of each of its values, so
  errors can name the line a person has to open; a key given twice is an error (PyYAML would
  silently keep the last).

A date that is no date (``2026-02-30``) stays the text it is, so the caller reports it with
its line instead of PyYAML raising ValueError. Files from other people (answers files) are
read with ``untrusted=True``: no aliases (an alias bomb of a few KB expands to gigabytes),
limited nesting and size (riskkit.limits).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from riskkit import limits
from riskkit.errors import Problem, ProblemsError
from riskkit.i18n import pgettext


class LineDict(dict[Any, Any]):  # keys: words or numbers (YAML scale values)
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


class _UntrustedLoader(yaml.SafeLoader):
    """For files from other people: PyYAML's Python composer (libyaml's cannot be told to
    refuse), which refuses aliases and nesting deeper than riskkit.limits.ANSWERS_DEPTH."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None,
                pgettext("YAML error", "aliases (*name) are not allowed in an answers file; "
                         "write the value out"),
                self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        if self._depth >= limits.ANSWERS_DEPTH:
            raise yaml.composer.ComposerError(
                None, None,
                pgettext("YAML error", "nested deeper than {limit} levels").format(
                    limit=limits.ANSWERS_DEPTH),
                self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
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
        if str(key) in result.lines:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                pgettext("YAML error", "`{key}` is given twice (first at line {line})").format(
                    key=key, line=result.lines[str(key)]),
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[str(key)] = value_node.start_mark.line + 1
    return result


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date or time; one that does not exist (2026-02-30) stays text for the caller to
    report with its line."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


for _cls in (_Loader, _UntrustedLoader):
    _cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _cls.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


# Characters PyYAML's reader refuses outright, with a character position instead of a line
# and field, and those it takes for line breaks in the middle of a value (NEL, U+2028, a
# lone carriage return). In a file from someone else (Word's vertical tab, a pasted ESC) they
# stand in for themselves in plane 15's private use area while parsing and are put back
# afterwards, so the caller normalises or refuses them naming the field (riskkit.text). A genuine
# plane-15 private character at exactly those points would be taken for a control one.
_UNREADABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]|\r(?!\n)")
_SHELTER = 0xF0000
_SHELTERED = re.compile("[\U000f0000-\U000fffff]")


def _shelter(text: str) -> str:
    return _UNREADABLE.sub(lambda m: chr(_SHELTER + ord(m.group())), text)


def _restore(value: Any) -> Any:
    if isinstance(value, str):
        return _SHELTERED.sub(lambda m: chr(ord(m.group()) - _SHELTER), value)
    if isinstance(value, LineDict):
        out = LineDict()
        out.line = value.line
        out.lines = {_restore(k): n for k, n in value.lines.items()}
        for key, item in value.items():
            out[_restore(key)] = _restore(item)
        return out
    if isinstance(value, list):
        return [_restore(v) for v in value]
    return value


def load(text: str, filename: str, *, untrusted: bool = False) -> Any:
    """Parse YAML text; a syntax error becomes a Problem naming the file and line.

    ``untrusted``: a file from someone else (an answers file): limited in size, nesting and
    without aliases (riskkit.limits)."""
    if untrusted and len(text.encode("utf-8", "surrogatepass")) > limits.ANSWERS_FILE_BYTES:
        raise ProblemsError([Problem(filename, None, "", pgettext(
            "YAML error", "the file is larger than {limit} KB, the limit for an answers file")
            .format(limit=limits.ANSWERS_FILE_BYTES // 1000))])
    try:
        if untrusted:
            return _restore(yaml.load(_shelter(text), Loader=_UntrustedLoader))  # noqa: S506
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
