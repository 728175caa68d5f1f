"""When each AI Act duty applies to an assessment (questionnaires/ai-act-dates.yaml, read by
riskkit.core.aiact_dates). Pure."""

from __future__ import annotations

from typing import Any

from riskkit.core import aiact_dates as dates_mod
from riskkit.i18n import pgettext


class Timing:
    """When each AI Act duty applies to this assessment; remembers every duty it was asked
    about, so the verdict's details list exactly the duties its steps name."""

    def __init__(self, context: dates_mod.Context):
        self.context = context
        self.duties: dict[str, dates_mod.Applicability] = {}

    def when(self, duty: str) -> dates_mod.Applicability:
        if duty not in self.duties:
            self.duties[duty] = dates_mod.when(duty, self.context)
        return self.duties[duty]

    def timed(self, step: str, duty: str) -> str:
        """The step with when it applies: "... (Art. 27). When: applies from ..."."""
        return pgettext("AI Act verdict", "{step} When: {when}.").format(
            step=step, when=self.when(duty).text()
        )


def applicability(a: dates_mod.Applicability) -> dict[str, Any]:
    """A duty's timing as `score --json` shows it: the dataclass's fields and its text."""
    return {
        "status": a.status,
        "date": a.date,
        "start": a.start,
        "binding_now": a.binding_now,
        "before_use": a.before_use,
        "verified": a.verified,
        "refs": list(a.refs),
        "text": a.text(),
    }
