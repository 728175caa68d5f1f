"""Questionnaire content in the active language.

The YAML holds English; each string is looked up with the message context the extractor
wrote for it (``riskkit.i18n.ctx``), so catalogs translate content without code.
"""

from __future__ import annotations

from typing import Any

from riskkit.core.model import (
    DpiaCountry,
    DpiaListItem,
    Matrix,
    NistCategory,
    Part,
    Question,
    Questionnaire,
    Risk,
    Section,
)
from riskkit.core.values import DONT_KNOW
from riskkit.i18n import ctx, pgettext


def _t(kind: str, ident: str, field: str, text: str) -> str:
    return pgettext(ctx(kind, ident, field), text) if text else ""


def questionnaire_title(q: Questionnaire) -> str:
    return _t("questionnaire", q.id, "title", q.title)


def section_title(s: Section) -> str:
    return _t("section", s.id, "title", s.title)


def section_intro(s: Section, country: str | None) -> str:
    """The section's introduction for an assessment in `country`."""
    return _parts("section", s.id, s.intro, country)


def question_text(q: Question) -> str:
    return _t("question", q.id, "text", q.text)


def _parts(kind: str, ident: str, parts: tuple[Part, ...], country: str | None) -> str:
    """The parts shown in `country`, each translated under its own context, joined."""
    return " ".join(_t(kind, ident, p.key, p.text) for p in parts if p.shown_in(country))


def question_help(q: Question, country: str | None) -> str:
    """The help text for an assessment in `country` (its own law only; issue 13, item 7)."""
    return _parts("question", q.id, q.help, country)


def measure_text(q: Question, country: str | None) -> str:
    """The measure proposed when the practice is missing, for an assessment in `country`."""
    return _parts("question", q.id, q.practice.measure, country) if q.practice else ""


def scale_labels(q: Question) -> tuple[str, str]:
    if not q.scale:
        return "", ""
    return (
        _t("question", q.id, "scale.min_label", q.scale.min_label),
        _t("question", q.id, "scale.max_label", q.scale.max_label),
    )


def yes() -> str:
    return pgettext("answer", "Yes")


def no() -> str:
    return pgettext("answer", "No")


def dont_know() -> str:
    return pgettext("answer", "Don't know")


def choice_label(q: Question, value: Any, country: str | None) -> str:
    """The label a person in `country` sees for one value of a closed question."""
    if value == DONT_KNOW:
        return dont_know()
    if q.type == "yesno":
        return yes() if value == "yes" else no()
    choice = q.choice(value)
    if choice is not None and choice.label:
        # A label written as one string keeps its context `choice.<value>`; its parts, when
        # it is a list, are `choice.<value>.<n>`.
        return " ".join(
            _t("question", q.id, p.key.replace("label", f"choice.{choice.value}", 1), p.text)
            for p in choice.label
            if p.shown_in(country)
        )
    return str(value)


def answer_text(q: Question, value: Any, country: str | None) -> str:
    """An answer as a person in `country` reads it, in the active language; empty when not
    answered."""
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        # Labels may contain commas themselves, so choices are separated by semicolons.
        return "; ".join(choice_label(q, v, country) for v in value)
    if q.closed or value == DONT_KNOW:  # "don't know" is an answer to a text question too
        return choice_label(q, value, country)
    return str(value)


def risk_title(r: Risk) -> str:
    return _t("risk", r.id, "title", r.title)


def risk_description(r: Risk) -> str:
    return _t("risk", r.id, "description", r.description)


def role_label(q: Questionnaire, role_id: str) -> str:
    for role in q.roles:
        if role.id == role_id:
            return _t("role", role.id, "label", role.label)
    return role_id


def level_label(m: Matrix, level_id: str) -> str:
    level = m.level_by_id(level_id)
    return _t("matrix", f"level.{level.id}", "label", level.label)


def likelihood_label(m: Matrix, value: int) -> str:
    point = m.likelihood[value - 1]
    return _t("matrix", f"likelihood.{value}", "label", point.label)


def consequence_label(m: Matrix, value: int) -> str:
    point = m.consequence[value - 1]
    return _t("matrix", f"consequence.{value}", "label", point.label)


def matrix_description(kind: str, value: int, description: str) -> str:
    """What a step of the likelihood or consequence scale means (``kind``: likelihood |
    consequence), from matrix.yaml, translated (context ``matrix:<kind>.<value>:description``)."""
    return _t("matrix", f"{kind}.{value}", "description", description) if description else ""


def nist_title(c: NistCategory) -> str:
    return _t("nist", c.id, "title", c.title)


def dpia_item_text(item: DpiaListItem) -> str:
    return _t("dpia", item.id, "text", item.text)


def dpia_source(country: DpiaCountry) -> str:
    return _t("dpia", country.code, "source", country.source)


def dpia_note(country: DpiaCountry) -> str:
    return _t("dpia", country.code, "note", country.note) if country.note else ""


def citation(ref: str) -> str:
    """A legal reference with its instrument named in the active language.

    References in the YAML are written as "GDPR Art. 9(1)" or "AI Act Annex III 5(a)"; the
    instrument prefix is translated ("personvernforordningen art. 9(1)"), the numbering kept.
    """
    prefixes = {
        "GDPR Art. ": pgettext("legal citation prefix", "GDPR Art. "),
        "GDPR Recital ": pgettext("legal citation prefix", "GDPR Recital "),
        "AI Act Art. ": pgettext("legal citation prefix", "AI Act Art. "),
        "AI Act Annex ": pgettext("legal citation prefix", "AI Act Annex "),
        "AI Act Recital ": pgettext("legal citation prefix", "AI Act Recital "),
        "CJEU ": pgettext("legal citation prefix", "CJEU "),
        "EEA Agreement": pgettext("legal citation prefix", "EEA Agreement"),
    }
    for prefix, translated in prefixes.items():
        if ref.startswith(prefix):
            return translated + ref[len(prefix):]
    return ref
