"""riskkit: assess an AI system before a municipality uses it."""

# Bumped whenever the report's layout, the questionnaire, the policy packs, the dates file or
# the verdicts change, so that a PDF says truthfully what made it (CHANGELOG.md).
__version__ = "0.3.0"
