"""Legal references and question numbers as the report prints them: instruments named in
the active language, a section's references grouped by instrument, "3.2" for the second
question of the third section."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from riskkit.core.model import Questionnaire
from riskkit.i18n import content


def citations(refs: Iterable[str]) -> list[str]:
    """Legal references with the instrument's name in the active language."""
    cite = getattr(content, "citation", None)
    return [cite(r) if cite else r for r in refs]


_NIST_PREFIX = "NIST AI RMF "

#: Instruments whose references are listed under one name, in this order, in a section's
#: line of references: "GDPR Art. 5(1)(b), 6(1), 35(1)". Everything else (national law,
#: judgments, guidelines with their own names) follows each reference in full, before the
#: NIST AI RMF categories.
_GROUPED = ("GDPR Art. ", "GDPR Recital ", "AI Act Art. ", "AI Act Annex ", "AI Act Recital ",
            "WP248 rev.01 ", _NIST_PREFIX)
#: What may follow a grouped instrument's name: a number ("35(4)"), a point of a guideline
#: ("(4)"), an annex with its point ("III 3(b)") or a NIST category ("MAP 2.1");
#: "35(4): IMY (SE) 2019" stays whole.
_GROUPED_ITEM = re.compile(r"(?:[0-9]+|\([0-9]+\)|[IVX]+ [0-9]+|[A-Z]+ [0-9]+)[0-9a-z().]*")


def _natural(text: str) -> list[Any]:
    """Sort key: "5(1)" before "10", "MAP 2.1" before "MAP 10.1"."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text)]


def grouped_references(refs: Iterable[str]) -> list[str]:
    """The legal references of a group of questions, each once, one entry per instrument.

    The answers section prints these once per section instead of under every answer (the
    same "GDPR Art. 35(1)" stood under a dozen answers, and the narrow column of references
    was most of the section's lines and layout time). "GDPR Art. 5(1)(b)", "GDPR Art. 35(1)"
    and "NIST AI RMF MAP 2.1" become "GDPR Art. 5(1)(b), 35(1)" and "NIST AI RMF MAP 2.1",
    with the instrument's name in the active language (riskkit.content.citation).
    """
    groups: dict[str, set[str]] = {prefix: set() for prefix in _GROUPED}
    whole: set[str] = set()
    for ref in refs:
        prefix = next((p for p in _GROUPED if ref.startswith(p)), None)
        if prefix and _GROUPED_ITEM.fullmatch(ref[len(prefix):]):
            groups[prefix].add(ref[len(prefix):])
        else:
            whole.add(ref)
    out = [content.citation(prefix) + ", ".join(sorted(items, key=_natural))
           for prefix, items in groups.items() if items and prefix != _NIST_PREFIX]
    out += sorted((content.citation(r) for r in whole), key=_natural)
    if groups[_NIST_PREFIX]:
        out.append(_NIST_PREFIX + ", ".join(sorted(groups[_NIST_PREFIX], key=_natural)))
    return out




def question_order(number: str) -> list[int]:
    return [int(p) if p.isdigit() else 0 for p in number.split(".")]



@dataclass(frozen=True)
class Numbering:
    """Question numbers as printed: "3.2" is the second question of the third section."""

    by_id: Mapping[str, str]

    @classmethod
    def of(cls, q: Questionnaire) -> Numbering:
        numbers = {}
        for s_index, section in enumerate(q.sections, 1):
            for q_index, question in enumerate(section.questions, 1):
                numbers[question.id] = f"{s_index}.{q_index}"
        return cls(numbers)

    def __call__(self, qid: str) -> str:
        return self.by_id.get(qid, qid)

