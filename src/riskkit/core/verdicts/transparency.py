"""AI Act Art. 50: transparency duties, by role (50(1), (2) the provider's; 50(3), (4) the
deployer's). Pure."""

from __future__ import annotations

from riskkit.core.result import Reason
from riskkit.core.verdicts.base import Facts
from riskkit.core.verdicts.timing import Timing
from riskkit.i18n import NP_, pgettext

# The Art. 50 facts, with the paragraph and the words the reasons give them.
DUTIES: dict[str, tuple[str, str]] = {
    "aiact.art50.interaction": (
        "AI Act Art. 50(1)",
        NP_("AI Act verdict", "people interact with the system directly"),
    ),
    "aiact.art50.synthetic_content": (
        "AI Act Art. 50(2)",
        NP_("AI Act verdict", "it generates synthetic text, images, audio or video"),
    ),
    "aiact.art50.emotion_biometric": (
        "AI Act Art. 50(3)",
        NP_(
            "AI Act verdict",
            "it recognises emotions or categorises people from biometric data",
        ),
    ),
    "aiact.art50.public_text": (
        "AI Act Art. 50(4)",
        NP_(
            "AI Act verdict",
            "it produces text published on matters of public "
            "interest without human editorial responsibility",
        ),
    ),
}


def transparency(
    facts: Facts,
    provider: bool,
    status: str,
    reasons: list[Reason],
    steps: list[str],
    clock: Timing,
) -> list[str]:
    """Art. 50's duties, by role: 50(1) and (2) are the provider's, 50(3) and (4) the
    deployer's. A deployer checks that the provider met 50(1)-(2). The editorial exemption in
    50(4) covers text only, never deepfakes. Nothing is added for a prohibited practice."""
    if status == "prohibited":
        return []
    found = [
        f
        for f in DUTIES
        if facts.possible(f)
        and not (f == "aiact.art50.public_text" and facts.known("aiact.art50.editorial_control"))
    ]
    for f in found:
        ref, label = DUTIES[f][0], pgettext("AI Act verdict", DUTIES[f][1])
        reasons.append(
            facts.reason(
                pgettext("AI Act verdict", "Transparency obligation: {what}.").format(what=label),
                (ref,),
                f,
            )
        )
    provider_side = [f for f in found
                     if f in ("aiact.art50.interaction", "aiact.art50.synthetic_content")]
    if provider_side:
        duty = "provider_transparency"
        timed = clock.timed
        if provider:
            steps.append(
                timed(
                    pgettext(
                        "AI Act verdict",
                        "As the provider, design the system so that people are told they are "
                        "interacting with AI, and mark generated content as AI-generated in a "
                        "machine-readable way (Art. 50(1), (2)).",
                    ),
                    duty,
                )
            )
        else:
            steps.append(
                timed(
                    pgettext(
                        "AI Act verdict",
                        "Check that the provider tells people they are interacting with AI "
                        "and marks generated content machine-readably (its duties under "
                        "Art. 50(1), (2)), and use those functions.",
                    ),
                    duty,
                )
            )
    if "aiact.art50.emotion_biometric" in found:
        steps.append(
            clock.timed(
                pgettext(
                    "AI Act verdict",
                    "Inform the people exposed to the emotion recognition or biometric "
                    "categorisation that it is used (Art. 50(3)).",
                ),
                "deployer_transparency",
            )
        )
    if facts.possible("aiact.art50.public_text"):
        steps.append(
            clock.timed(
                pgettext(
                    "AI Act verdict",
                    "Disclose published deepfake images, audio or video as AI-generated, and "
                    "AI-generated text on matters of public interest unless a person has "
                    "reviewed it and your organisation takes editorial responsibility; the "
                    "editorial exemption covers text only (Art. 50(4)).",
                ),
                "deployer_transparency",
            )
        )
    return found
