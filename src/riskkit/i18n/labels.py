"""Labels for riskkit's fixed vocabulary: verdict statuses, treatments, NIST names.

Content that organisations edit (questions, risks, matrix) is translated in `content`; these
are the words of riskkit itself.
"""

from __future__ import annotations

from riskkit.i18n import pgettext


def verdict_name(name: str) -> str:
    return {
        "dpia": pgettext("verdict", "Data protection impact assessment (GDPR Art. 35)"),
        "art22": pgettext("verdict", "Automated individual decision-making (GDPR Art. 22)"),
        "ai_act": pgettext("verdict", "EU AI Act classification"),
        "prior_consultation": pgettext("verdict", "Prior consultation (GDPR Art. 36)"),
        "fria": pgettext("verdict", "Fundamental rights impact assessment (AI Act Art. 27)"),
    }[name]


def verdict_status(name: str, status: str) -> str:
    labels = {
        ("dpia", "required"): pgettext("DPIA status", "required"),
        ("dpia", "recommended"): pgettext("DPIA status", "recommended"),
        ("dpia", "not_required"): pgettext("DPIA status", "not required"),
        ("art22", "engaged_lawful"): pgettext(
            "Art. 22 status", "engaged; exception and safeguards in place"
        ),
        ("art22", "engaged_unlawful"): pgettext(
            "Art. 22 status", "engaged; not lawful as things stand"
        ),
        ("art22", "not_engaged"): pgettext("Art. 22 status", "not engaged"),
        ("ai_act", "prohibited"): pgettext("AI Act class", "prohibited practice"),
        ("ai_act", "high_risk"): pgettext("AI Act class", "high-risk"),
        ("ai_act", "transparency"): pgettext("AI Act class", "transparency obligations"),
        ("ai_act", "minimal"): pgettext("AI Act class", "minimal risk"),
        ("ai_act", "not_ai_system"): pgettext(
            "AI Act class", "may not be an AI system (Art. 3(1)): the AI Act does not apply"
        ),
        ("prior_consultation", "required"): pgettext("prior consultation status", "required"),
        ("prior_consultation", "unless_measures"): pgettext(
            "prior consultation status",
            "required unless the planned measures are in place before use"
        ),
        ("prior_consultation", "not_required"): pgettext(
            "prior consultation status", "not required"
        ),
        ("fria", "required"): pgettext("FRIA status", "required"),
        ("fria", "not_required"): pgettext("FRIA status", "not required"),
        ("fria", "good_practice"): pgettext("FRIA status", "good practice, not yet required"),
    }
    return labels[(name, status)]


def practice_status(status: str) -> str:
    return {
        "in_place": pgettext("practice status", "in place"),
        "missing": pgettext("practice status", "missing"),
        "unknown": pgettext("practice status", "not known"),
    }[status]


def treatment(name: str) -> str:
    return {
        "modify": pgettext("risk treatment (ISO 31000)", "modify"),
        "retain": pgettext("risk treatment (ISO 31000)", "retain"),
        "avoid": pgettext("risk treatment (ISO 31000)", "avoid"),
        "share": pgettext("risk treatment (ISO 31000)", "share"),
    }[name]


def measure_status(status: str) -> str:
    return {
        "proposed": pgettext("measure status", "proposed"),
        "in_progress": pgettext("measure status", "in progress"),
        "done": pgettext("measure status", "done"),
        "accepted": pgettext("measure status", "risk accepted"),
    }.get(status, status)


def characteristic(name: str) -> str:
    return {
        "valid_reliable": pgettext("NIST AI RMF characteristic", "valid and reliable"),
        "safe": pgettext("NIST AI RMF characteristic", "safe"),
        "secure_resilient": pgettext("NIST AI RMF characteristic", "secure and resilient"),
        "accountable_transparent": pgettext(
            "NIST AI RMF characteristic", "accountable and transparent"
        ),
        "explainable_interpretable": pgettext(
            "NIST AI RMF characteristic", "explainable and interpretable"
        ),
        "privacy_enhanced": pgettext("NIST AI RMF characteristic", "privacy-enhanced"),
        "fair_bias_managed": pgettext(
            "NIST AI RMF characteristic", "fair, with harmful bias managed"
        ),
    }.get(name, name)


def nist_function(name: str) -> str:
    return {
        "GOVERN": pgettext("NIST AI RMF function", "GOVERN"),
        "MAP": pgettext("NIST AI RMF function", "MAP"),
        "MEASURE": pgettext("NIST AI RMF function", "MEASURE"),
        "MANAGE": pgettext("NIST AI RMF function", "MANAGE"),
    }.get(name, name)
