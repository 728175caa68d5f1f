"""The report's HTML: the context laid out by Jinja2 (templates/report.html), autoescaped,
with undefined names refused."""

from __future__ import annotations

from functools import cache
from typing import Any

from riskkit import i18n
from riskkit.core.answers import Answers
from riskkit.core.model import Questionnaire
from riskkit.core.result import Result
from riskkit.report.context import build_context

TEMPLATE = "report.html"

# --- Jinja2 ----------------------------------------------------------------------------------


@cache
def environment() -> Any:
    """The report's Jinja2 environment: one per process, templates compiled once.

    Autoescape for every template whatever its name, StrictUndefined so a typo fails the
    render instead of printing nothing, and the i18n extension wired to riskkit's gettext.
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from riskkit.pdf.write import templates_dir

    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    i18n.jinja_install(env)
    return env


def render_html(questionnaire: Questionnaire, answers: Answers, result: Result, *,
                lang: str) -> str:
    context = build_context(questionnaire, _for_layout(questionnaire, answers), result,
                            lang=lang)
    return environment().get_template(TEMPLATE).render(**context)


def _for_layout(questionnaire: Questionnaire, answers: Answers) -> Answers:
    """The answers as the pages show them: long runs without a space in the free texts
    (meta, text answers, comments) get break opportunities (riskkit.text.breakable), so
    their layout time is linear. The PDF's metadata and attachment keep the texts as
    written."""
    from dataclasses import fields, replace

    from riskkit.text import breakable

    meta = replace(answers.meta, **{
        f.name: breakable(getattr(answers.meta, f.name)) for f in fields(answers.meta)
        if isinstance(getattr(answers.meta, f.name), str)
        and f.name not in ("id", "country", "policy")})
    values = {k: breakable(v) if isinstance(v, str) and k in questionnaire.by_id
              and questionnaire.by_id[k].type == "text" else v
              for k, v in answers.values.items()}
    comments = {k: breakable(v) for k, v in answers.comments.items()}
    return replace(answers, meta=meta, values=values, comments=comments)
