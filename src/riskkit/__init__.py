"""riskkit: assess an AI system before a municipality uses it."""

__version__ = "0.1.0"
