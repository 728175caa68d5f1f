"""Facts that follow from other facts: what the answers establish together. Pure.

A verdict must rest on what the answers establish, not on the one question that names a fact:
an Art. 22 decision with legal effect *is* WP248 criterion 2 whatever the DPIA screening
question got as answer, and GDPR profiling *is* AI Act profiling (Art. 3(52) refers to GDPR
Art. 4(4)). Each rule here states its law; tests/test_derive.py checks each against it.

A derived fact is as certain as what it rests on: an "all of" rule takes the weakest state,
an "any of" rule the strongest, so an unknown answer keeps the derived fact unknown (and the
verdict says "not known: assumed"), never false.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from riskkit.core.facts import AIACT_PROVIDER, FactState

FALSE = FactState.FALSE


@dataclass(frozen=True)
class AllOf:
    facts: tuple[Term, ...]


@dataclass(frozen=True)
class AnyOf:
    facts: tuple[Term, ...]


Term = str | AllOf | AnyOf

# GDPR Art. 22(1): a decision based solely on automated processing, or (CJEU C-634/21 SCHUFA)
# a score the decision-maker draws strongly on.
_DECISION = AnyOf(("art22.solely_automated", "art22.score_relied_on"))
_ART22 = AllOf((_DECISION, "art22.significant_effect"))

# fact -> the terms that establish it too (besides the answers that assert it directly)
RULES: dict[str, Term] = {
    # WP248 rev.01 criterion 2: "automated decision-making with legal or similar significant
    # effect" is exactly what the Art. 22 questions establish.
    "wp248.automated_decision": _ART22,
    # Art. 35(3)(a): a systematic and extensive evaluation of personal aspects on which
    # decisions with legal or similarly significant effects are based; both conditions must
    # hold. The decisions need not be solely automated ("based on" it), but an Art. 22
    # decision drawn from the evaluation is one. A scoring system applied to every case on a
    # large scale is a systematic and extensive evaluation.
    "art35_3.a": AnyOf(
        (
            AllOf(
                (
                    "art35_3.a.systematic_evaluation",
                    AnyOf(("art35_3.a.significant_decisions", _ART22)),
                )
            ),
            AllOf(("wp248.evaluation_scoring", "wp248.large_scale", _ART22)),
        )
    ),
    # AI Act Art. 5(1)(f): emotion recognition at work or in education is prohibited, and an
    # emotion recognition system infers emotions "on the basis of their biometric data" (Art.
    # 3(39)); Art. 5(1)(g) bans categorisation "based on their biometric data". Analysing the
    # words of a text is neither (the legal review, December 2026). Unknown biometric data keeps
    # the prohibition assumed.
    "aiact.prohibited.emotion_recognition": AllOf(
        ("aiact.emotion_recognition_use", "aiact.art50.emotion_biometric")
    ),
    "aiact.prohibited.biometric_categorisation": AllOf(
        ("aiact.biometric_categorisation_use", "aiact.art50.emotion_biometric")
    ),
    # WP248 rev.01 criterion 4: location data (freedom of movement) and biometric and
    # genetic data (GDPR Art. 9(1)) are sensitive or highly personal data. Derived rather
    # than asserted with them, so that a national list's "location data plus one criterion"
    # does not count the location data itself as the other criterion (see `without`).
    "wp248.sensitive_data": AnyOf(("location", "biometric", "genetic")),
    # Datatilsynet (DK) 2019: an automated decision, including profiling, on a person's access
    # to a service, benefit or opportunity (Annex III 3, 4 and 5(a) areas, or a flag that
    # stops people using a service, WP248 criterion 9).
    "access_decision": AllOf(
        (
            _ART22,
            AnyOf(
                (
                    "aiact.annex3.public_benefits",
                    "aiact.annex3.employment",
                    "aiact.annex3.education",
                    "wp248.prevents_rights",
                )
            ),
        )
    ),
    # AI Act Art. 3(52): "profiling" means GDPR Art. 4(4) profiling, which the GDPR answers
    # already establish: evaluating or scoring people, on any scale.
    "aiact.profiling": AnyOf(("wp248.evaluation_scoring", "large_scale_profiling")),
    # AI Act Art. 6(3): an output that materially influences the outcome of decisions
    # defeats the narrow-task exemption. A decision drawn strongly from the output, or taken
    # by the system, is materially influenced by it.
    "aiact.material_influence": _DECISION,
    # AI Act Art. 3(3), 25(1): any of the ways an organisation is, or becomes, the provider.
    "aiact.provider": AnyOf(AIACT_PROVIDER),
}
# Facts the default questionnaire establishes only through these rules: AI Act profiling is
# the GDPR evaluation answer (asked once since questionnaire 1.2.0), and Art. 35(3)(a) is
# asked as its two conditions. A questionnaire may still assert the last two directly.
DERIVED_ONLY = frozenset(
    {
        "aiact.material_influence",
        "aiact.provider",
        "aiact.profiling",
        "art35_3.a",
        "aiact.prohibited.emotion_recognition",
        "aiact.prohibited.biometric_categorisation",
    }
)


def _state(term: Term, states: Mapping[str, FactState]) -> FactState:
    if isinstance(term, str):
        return states.get(term, FALSE)
    values = [_state(t, states) for t in term.facts]
    return min(values) if isinstance(term, AllOf) else max(values)


def _leaves(term: Term) -> list[str]:
    if isinstance(term, str):
        return [term]
    return [leaf for t in term.facts for leaf in _leaves(t)]


def derive(
    states: Mapping[str, FactState], sources: Mapping[str, Sequence[str]]
) -> tuple[dict[str, FactState], dict[str, list[str]]]:
    """`states` and `sources` with every derived fact added: its state is the stronger of
    what the answers assert directly and what the rule establishes; its sources, the answers
    behind whichever made it hold (all of them when both do)."""
    out = dict(states)
    out_sources = {k: list(v) for k, v in sources.items()}
    for fact, rule in RULES.items():
        derived = _state(rule, out)
        if derived == FALSE or derived < out.get(fact, FALSE):
            continue
        answers = sorted(
            {q for leaf in _leaves(rule) if out.get(leaf, FALSE) > FALSE
             for q in out_sources.get(leaf, ())}
        )
        if derived > out.get(fact, FALSE):
            out_sources[fact] = answers
        else:
            out_sources[fact] = sorted(set(out_sources.get(fact, ())) | set(answers))
        out[fact] = derived
    return out, out_sources


def without(
    states: Mapping[str, FactState], facts: Sequence[str]
) -> dict[str, FactState]:
    """What the asserted `states` establish when `facts` are taken away: the national DPIA
    lists' "X plus one other criterion" must find that criterion in something other than X
    itself (the legal review, December 2026: location data set WP248 criterion 4 and then
    counted as the other criterion)."""
    rest, _sources = derive({**states, **{f: FALSE for f in facts}}, {})
    return rest

