"""The legal facts a questionnaire may assert, and the verdict rules read.

The table in docs/questionnaire-format.md explains each one with its source. The validator
rejects any other fact, so a typo in a questionnaire cannot silently switch off a verdict.
"""

from __future__ import annotations

from enum import IntEnum

WP248_CRITERIA = (
    "wp248.evaluation_scoring",
    "wp248.automated_decision",
    "wp248.systematic_monitoring",
    "wp248.sensitive_data",
    "wp248.large_scale",
    "wp248.matching_datasets",
    "wp248.vulnerable_subjects",
    "wp248.innovative_technology",
    "wp248.prevents_rights",
)
ART35_3 = ("art35_3.a", "art35_3.b", "art35_3.c")
# GDPR Art. 35(3)(a)'s two conditions, asked one at a time; the case holds when both do
# (riskkit.core.derive).
ART35_3_A_PARTS = ("art35_3.a.systematic_evaluation", "art35_3.a.significant_decisions")
NATIONAL_LIST_FACTS = (
    "biometric",
    "genetic",
    "location",
    "employee_monitoring",
    "public_area_monitoring",
    "school_cameras",
    "pupil_evaluation",
    "algorithm_training_sensitive",
    "welfare_technology",
    "large_scale_profiling",
    "access_decision",
)
ART22_SAFEGUARDS = (
    "art22.human_intervention",
    "art22.point_of_view",
    "art22.contest",
    "art22.explanation",
)
ART22 = (
    "art22.solely_automated",
    "art22.score_relied_on",
    "art22.significant_effect",
    "art22.exception_contract",
    "art22.exception_law",
    "art22.exception_consent",
    "art22.exception_justified",
    "art22.special_categories",
    "art22.special_categories_basis",
    *ART22_SAFEGUARDS,
)
AIACT_PROHIBITED = tuple(
    f"aiact.prohibited.{p}"
    for p in (
        "manipulation",
        "vulnerabilities",
        "social_scoring",
        "crime_prediction",
        "face_scraping",
        "emotion_recognition",
        "biometric_categorisation",
        "realtime_biometric_id",
    )
)
AIACT_ANNEX3 = tuple(
    f"aiact.annex3.{a}"
    for a in (
        "biometrics",
        "critical_infrastructure",
        "education",
        "employment",
        "public_benefits",
        "credit_scoring",
        "insurance",
        "emergency",
        "law_enforcement",
        "justice",
    )
)
AIACT_ART50 = (
    "aiact.art50.interaction",
    "aiact.art50.synthetic_content",
    "aiact.art50.emotion_biometric",
    "aiact.art50.public_text",
    "aiact.art50.editorial_control",
)
# Art. 3(3), 25(1): the ways an organisation is, or becomes, the provider of an AI system.
AIACT_PROVIDER = (
    "aiact.provider.in_house",
    "aiact.provider.own_name",
    "aiact.provider.substantial_modification",
    "aiact.provider.changed_purpose",
)
# Art. 5(1)(f), (g) as the default questionnaire asks them: the use, which is prohibited only
# where it works on biometric data (Art. 3(39), (40); riskkit.core.derive).
AIACT_BIOMETRIC_USES = ("aiact.emotion_recognition_use", "aiact.biometric_categorisation_use")
AIACT = (
    "aiact.not_ai_system",
    *AIACT_BIOMETRIC_USES,
    *AIACT_PROHIBITED,
    *AIACT_ANNEX3,
    "aiact.annex1",
    "aiact.narrow_task",
    "aiact.profiling",
    "aiact.provider_assessment",
    *AIACT_PROVIDER,
    *AIACT_ART50,
)

KNOWN_FACTS = frozenset(
    {
        "personal_data",
        "public_body",
        "public_service",
        "dpia.waived",
        *ART35_3,
        *ART35_3_A_PARTS,
        *WP248_CRITERIA,
        *NATIONAL_LIST_FACTS,
        *ART22,
        *AIACT,
    }
)


class FactState(IntEnum):
    """Ordered so that `state >= UNKNOWN` reads "possibly true"."""

    FALSE = 0
    UNKNOWN = 1
    TRUE = 2
