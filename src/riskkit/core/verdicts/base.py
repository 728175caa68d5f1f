"""What every verdict module shares: the fact view and where the GDPR applies. Pure.

An unknown fact counts as true (riskkit never gives the benign verdict on a "don't know"), and
the reason says it was assumed. What a verdict needs to be *lawful* (an Art. 22 exception, a
safeguard) must be known to count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from riskkit.core.facts import FactState
from riskkit.core.result import Reason
from riskkit.i18n import country_name, pgettext

TRUE, UNKNOWN, FALSE = FactState.TRUE, FactState.UNKNOWN, FactState.FALSE
# GDPR applies in the EU and EEA; elsewhere riskkit's GDPR verdicts are guidance only.
EU = frozenset(
    ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
     "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
)
EEA = EU | {"IS", "LI", "NO"}


class Facts:
    """The facts (asserted and derived) as the verdicts read them, with the answers behind
    each."""

    def __init__(self, states: Mapping[str, FactState], sources: Mapping[str, Sequence[str]]):
        self.states, self.sources = states, sources

    def state(self, fact: str) -> FactState:
        return self.states.get(fact, FALSE)

    def possible(self, fact: str) -> bool:
        return self.state(fact) >= UNKNOWN

    def known(self, fact: str) -> bool:
        return self.state(fact) == TRUE

    def answers(self, *facts: str) -> tuple[str, ...]:
        return tuple(sorted({q for f in facts for q in self.sources.get(f, ())}))

    def reason(self, text: str, refs: Iterable[str], *facts: str) -> Reason:
        """A reason for facts that hold; marked as assumed when any of them is only unknown."""
        if any(self.state(f) == UNKNOWN for f in facts):
            text = pgettext(
                "verdict reason", "{reason} (not known: assumed until clarified)"
            ).format(reason=text)
        return Reason(text, tuple(refs), self.answers(*facts))


def gdpr_scope(country: str) -> list[Reason]:
    """Outside the EU and EEA the GDPR verdicts (DPIA, Art. 22) are guidance only."""
    if not country or country in EEA:
        return []
    return [
        Reason(
            pgettext(
                "DPIA verdict",
                "GDPR applies to organisations in the EU and EEA; for {country} "
                "this verdict is guidance only.",
            ).format(country=country_name(country))
        )
    ]
