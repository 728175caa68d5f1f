"""The one place user-visible text is translated.

Every string a person reads goes through `_`, `pgettext` or `npgettext` here; questionnaire
content is looked up with the message contexts built by `ctx`, the same ones the YAML
extractor writes into the catalog, so a translator always sees where a string shows.
"""

from __future__ import annotations

import gettext as _gettext

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def ctx(kind: str, ident: str, field: str) -> str:
    """Message context of a content string, e.g. ``question:data.personal:text``."""
    return f"{kind}:{ident}:{field}"


def _(message: str) -> str:
    return _translations.gettext(message)


def pgettext(context: str, message: str) -> str:
    return _translations.pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _translations.npgettext(context, singular, plural, n)


def current_language() -> str:
    return _language
