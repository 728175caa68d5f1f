"""What the law asks next, decided from facts. Pure; every verdict carries its reasons.

Sources are in ../shared/DOMAIN.md. An unknown fact counts as true (riskkit never gives the
benign verdict on a "don't know"), and the reason says it was assumed. What a verdict needs
to be *lawful* (an Art. 22 exception, a safeguard) must be known to count.

One module per verdict: `dpia` (GDPR Art. 35), `art22` (GDPR Art. 22), `ai_act` (the AI Act
class and duties, with `high_risk` for Art. 6, `fria` for Art. 27, `transparency` for Art. 50
and `timing` for the dates), `prior` (GDPR Art. 36); `base` holds what they share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from riskkit.core import aiact_dates as dates_mod
from riskkit.core.derive import derive
from riskkit.core.facts import FactState
from riskkit.core.model import Questionnaire
from riskkit.core.result import RiskResult, Verdicts
from riskkit.core.verdicts.ai_act import ai_act
from riskkit.core.verdicts.art22 import art22
from riskkit.core.verdicts.base import Facts
from riskkit.core.verdicts.dpia import dpia
from riskkit.core.verdicts.prior import prior_consultation

__all__ = ["decide"]


def decide(
    questionnaire: Questionnaire,
    country: str,
    states: Mapping[str, FactState],
    sources: Mapping[str, Sequence[str]],
    risks: Sequence[RiskResult],
    *,
    assessed: dt.date | None = None,
    go_live: dt.date | None = None,
) -> Verdicts:
    """The verdicts on `states` (facts as the answers assert them; the facts that follow from
    them are added here, see `riskkit.core.derive`), judged on the `assessed` date for use from
    `go_live` (None: not known)."""
    asserted = states
    states, sources = derive(states, sources)
    facts = Facts(states, sources)
    country = country.upper()
    timing = dates_mod.Context(
        assessed=assessed,
        go_live=go_live,
        public_authority=facts.possible("public_body"),
        country=country,
    )
    gdpr = dpia(questionnaire, country, facts, risks, asserted)
    act = ai_act(facts, country, timing)
    return Verdicts(
        dpia=gdpr,
        art22=art22(facts, country),
        ai_act=act,
        prior_consultation=prior_consultation(questionnaire, gdpr, risks, act),
    )
