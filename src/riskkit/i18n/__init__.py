"""The one place user-visible text is translated.

Every string a person reads goes through `_`, `pgettext` or `npgettext` here; questionnaire
content is looked up with the message contexts built by `ctx`, the same ones the YAML
extractor writes into the catalog, so a translator always sees where a string shows.

Catalogs are the translators' ``.po`` files in ``locales/<code>/LC_MESSAGES/riskkit.po``;
there is no manual compile step. `activate` reads the ``.po`` with Babel (fuzzy entries left
out), compiles it to ``.mo`` bytes in memory and keeps those bytes in the user's cache
directory, keyed by the file's path, size and modification time, so the next start reads the
small ``.mo`` instead of parsing the ``.po`` again. A translator who saves the ``.po`` sees the
change in the next run.

Set ``RISKKIT_LOCALES`` to use another locales folder (tests, a translator trying a catalog
outside the checkout) and ``RISKKIT_NO_CATALOG_CACHE=1`` to bypass the cache.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from riskkit.errors import UnknownLanguage

if TYPE_CHECKING:  # pragma: no cover
    import babel
    import babel.messages

DOMAIN = "riskkit"
SOURCE_LANGUAGE = "en"
#: Context of Python's own argparse messages in our catalog (see `_route_argparse`).
ARGPARSE_CONTEXT = "argparse"
#: Bump when the compiled form changes, so old cache entries are not read.
_CACHE_FORMAT = "1"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE_LANGUAGE


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


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate it when shown)."""
    return message


def NP_(context: str, message: str) -> str:
    """Like `N_`, with a message context; translate later with ``pgettext(context, message)``."""
    return message


def current_language() -> str:
    return _language


def _unknown_language(code: str, available: list[str]) -> UnknownLanguage:
    names = format_list(f"{c} ({name})" for c, name in language_choices())
    return UnknownLanguage(
        pgettext("language error",
                 "Unknown language “{code}”. Available languages: {languages}.")
        .format(code=code, languages=names),
        code, available)


# --- where catalogs are -----------------------------------------------------------------------

def locales_dir() -> Path:
    """The folder holding ``<code>/LC_MESSAGES/riskkit.po``; ``RISKKIT_LOCALES`` overrides it."""
    override = os.environ.get("RISKKIT_LOCALES")
    if override:
        return Path(override)
    from riskkit import resources

    return resources.data_dir("locales")


def catalog_path(code: str, base: Path | None = None) -> Path:
    return (base or locales_dir()) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


#: The catalog header that marks a translation as work in progress: ``"X-Riskkit-Status:
#: incomplete\n"``. Such a catalog can be committed and used with ``--lang``, but it is
#: neither offered in the language menu nor picked from the environment, so nobody gets a
#: mostly English interview they did not ask for. `riskkit i18n init` writes it.
STATUS_HEADER = "X-Riskkit-Status"
STATUS_INCOMPLETE = "incomplete"
_STATUS_LINE = re.compile(rb'^"' + STATUS_HEADER.encode() + rb':[ \t]*([^"\\]*)',
                          re.MULTILINE | re.IGNORECASE)
#: The header is the first entry of a catalog; it is never this long.
_HEADER_BYTES = 16384


def catalog_status(path: Path) -> str | None:
    """The value of the catalog's X-Riskkit-Status header (lower case), or None.

    Only the header (the text before the first blank line) is read, since the language menu
    asks this of every catalog and a whole catalog takes some 50 ms to parse.
    """
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(_HEADER_BYTES)
    except OSError:
        return None
    head = re.split(rb"\r?\n[ \t]*\r?\n", head, maxsplit=1)[0]
    match = _STATUS_LINE.search(head)
    return match.group(1).strip().lower().decode("utf-8", "replace") if match else None


def is_incomplete(code: str, base: Path | None = None) -> bool:
    """Whether the language's catalog is marked as work in progress (see STATUS_HEADER)."""
    return catalog_status(catalog_path(code, base)) == STATUS_INCOMPLETE


def available_languages() -> list[str]:
    """English (the source) and every language with a catalog, sorted, English first.

    Catalogs marked incomplete count: ``--lang`` accepts them (`offered_languages` does not).
    """
    base = locales_dir()
    codes = set()
    if base.is_dir():
        for child in base.iterdir():
            if child.is_dir() and catalog_path(child.name, base).is_file():
                codes.add(child.name)
    codes.discard(SOURCE_LANGUAGE)
    return [SOURCE_LANGUAGE, *sorted(codes)]


def native_name(code: str) -> str:
    """The language's name in itself, capitalised as in a menu: "Norsk bokmål", "Svenska"."""
    try:
        from babel import Locale

        name = Locale.parse(code).get_display_name(code) or code
    except Exception:  # an unusual code Babel does not know still gets listed
        return code
    return name[:1].upper() + name[1:]


def language_choices() -> list[tuple[str, str]]:
    """(code, native name) for every language the menu offers."""
    return language_menu()[0]


def offered_languages() -> list[str]:
    """The languages riskkit offers by itself (menu, environment): the available ones whose
    catalog is not marked incomplete."""
    base = locales_dir()
    return [code for code in available_languages() if not is_incomplete(code, base)]


def language_menu() -> tuple[list[tuple[str, str]], str]:
    """The first question when the person's language is not known: every offered language
    in its own name, and "Choose your language" in each of them. A catalog marked incomplete
    is left out (it is used only when named with ``--lang``).

    Naming a language makes Babel read its whole locale data (some 15 ms a language), and
    greeting in it means reading its whole catalog, while this menu is often the first thing
    `riskkit assess` shows (budget: 0.3 s). So both are kept in the cache beside the
    compiled catalogs, per version of each catalog, and made again when a catalog changes or
    a language is added.
    """
    cached = _cached_menu()
    entries: dict[str, dict[str, str]] = {}
    for code in available_languages():
        version = _catalog_version(code)
        entry = cached.get(code)
        if entry is None or entry["catalog"] != version:
            status = catalog_status(catalog_path(code)) or ""
            greeting = ""  # not shown for a catalog not offered: not read at all
            if status != STATUS_INCOMPLETE:
                with using(code):
                    # Translators: the first question when riskkit cannot tell the person's
                    # language.
                    greeting = pgettext("language menu", "Choose your language")
            entry = {"catalog": version, "name": native_name(code), "greeting": greeting,
                     "status": status}
        entries[code] = entry
    if entries != cached and _cache_enabled():
        _write_cache_file(_menu_file(), json.dumps(entries).encode("utf-8"))
    offered = {code: entry for code, entry in entries.items()
               if entry["status"] != STATUS_INCOMPLETE}
    greetings = dict.fromkeys(entry["greeting"] for entry in offered.values())
    return [(code, entry["name"]) for code, entry in offered.items()], " / ".join(greetings)


def _catalog_version(code: str) -> str:
    try:
        stat = catalog_path(code).stat()
    except OSError:  # English, the source, has no catalog
        return ""
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def _menu_file() -> Path:
    """One menu per folder of catalogs: two installations (or RISKKIT_LOCALES) sharing a
    cache would otherwise overwrite each other's entries, as the .mo cache's path key avoids."""
    return cache_dir() / f"language-menu-{_path_key(locales_dir())}.json"


def _cached_menu() -> dict[str, dict[str, str]]:
    """The cached menu entries that are whole; a damaged cache counts as none."""
    if not _cache_enabled():
        return {}
    try:
        entries = json.loads(_menu_file().read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(entries, dict):
        return {}
    keys = {"catalog", "name", "greeting", "status"}
    return {
        code: entry for code, entry in entries.items()
        if isinstance(entry, dict) and set(entry) == keys
        and all(isinstance(v, str) for v in entry.values()) and entry["name"]
    }


# --- which language ----------------------------------------------------------------------------

_ALIASES = {"no": "nb", "nob": "nb", "nno": "nn"}
_POSIX_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _split(value: str) -> tuple[str, str]:
    """``nb_NO.UTF-8@euro`` -> ("nb", "NO"); ``pt-br`` -> ("pt", "BR")."""
    value = value.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    language, _sep, territory = value.partition("_")
    language = language.lower()
    return _ALIASES.get(language, language), territory.upper()


def normalize_language(value: str, available: Iterable[str] | None = None) -> str | None:
    """The available catalog a locale name means, or None: ``no_NO`` -> ``nb``, ``C`` -> None.

    A territory-specific catalog (``pt_BR``) wins over the plain language (``pt``).
    """
    if not value or value.strip() in ("C", "POSIX") or value.strip().startswith("C."):
        return None
    available = list(available_languages() if available is None else available)
    language, territory = _split(value)
    if territory and f"{language}_{territory}" in available:
        return f"{language}_{territory}"
    if language in available:
        return language
    return None


def _environment_candidates(environ: Mapping[str, str]) -> list[str]:
    """Locale names from the environment, most important first.

    POSIX order: the first of LC_ALL, LC_MESSAGES, LANG that is set is the locale; when it is
    ``C``/``POSIX`` nothing is translated (GNU gettext ignores LANGUAGE then too). LANGUAGE,
    a colon-separated preference list, is consulted after it.
    """
    candidates: list[str] = []
    for name in _POSIX_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            if value in ("C", "POSIX") or value.startswith("C."):
                return []
            candidates.append(value)
            break
    candidates.extend(part for part in environ.get("LANGUAGE", "").split(":") if part.strip())
    return candidates


def language_from_environment(environ: Mapping[str, str]) -> str | None:
    """The first offered language the environment names (an incomplete catalog is not
    offered: a computer set to Finnish must not get a mostly English interview unasked)."""
    available = offered_languages()
    for candidate in _environment_candidates(environ):
        code = normalize_language(candidate, available)
        if code:
            return code
    return None


def resolve_language(cli_value: str | None, environ: Mapping[str, str]) -> str | None:
    """The language to use: ``--lang``, else the environment, else None (ask the person).

    An explicit ``--lang`` with no catalog raises `UnknownLanguage`; a locale from the
    environment with no catalog gives None, so the person is asked.
    """
    from_env = language_from_environment(environ)
    if cli_value is None or not cli_value.strip():
        return from_env
    available = available_languages()
    code = normalize_language(cli_value, available)
    if code is None:
        # Say it in the language the environment asks for, since --lang could not be used.
        with using(from_env or _language):
            raise _unknown_language(cli_value, available)
    return code


# --- loading catalogs --------------------------------------------------------------------------

def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    # os.path.expanduser leaves "~" alone where no home folder is known; Path.expanduser
    # would raise, and riskkit must run (without a catalog cache) for a user without a home.
    home = os.path.expanduser("~")  # noqa: PTH111
    base = environ.get("XDG_CACHE_HOME") or Path(home) / ".cache"
    return Path(base) / "riskkit" / "catalogs"


def read_po_file(path: Path, locale: str | None = None) -> babel.messages.Catalog:
    """Babel's catalog of a ``.po`` file, read strictly: a file that is not UTF-8, holds
    merge-conflict markers or lines Babel cannot place raises `ProblemsError` naming the file
    and line (Babel would otherwise skip such lines with a warning, or crash on the bytes)."""
    from babel.messages.pofile import PoFileError, read_po

    from riskkit.errors import Problem, ProblemsError

    try:
        with Path(path).open("rb") as fh:
            return read_po(fh, locale=locale, domain=DOMAIN, abort_invalid=True)
    except UnicodeDecodeError:
        data = path.read_bytes()
        try:
            data.decode("utf-8")
            line = None
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
        raise ProblemsError([Problem(str(path), line, "", pgettext(
            "catalog error", "this is not UTF-8 text: save the catalog as UTF-8 (Poedit and "
                             "most editors offer it when saving)."))]) from None
    except PoFileError as exc:
        raise ProblemsError([Problem(str(path), exc.lineno + 1, "", pgettext(
            "catalog error", "this line does not fit the gettext catalog format ({detail}).")
            .format(detail=str(exc).rsplit(" on ", 1)[0]))]) from None


def compile_po(po_path: Path, locale: str | None = None) -> bytes:
    """The ``.mo`` bytes of a ``.po``, fuzzy entries left out (they fall back to English)."""
    from babel.messages.mofile import write_mo

    catalog = read_po_file(po_path)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def _cache_file(po_path: Path, code: str) -> tuple[Path, str]:
    """The cache entry for this exact version of the .po, and the prefix all its versions share."""
    resolved = str(po_path.resolve())
    stat = po_path.stat()
    path_key = _path_key(po_path)
    version_key = hashlib.sha256(
        f"{_CACHE_FORMAT}\0{resolved}\0{stat.st_mtime_ns}\0{stat.st_size}".encode()
    ).hexdigest()[:16]
    prefix = f"{code}-{path_key}-"
    return cache_dir() / f"{prefix}{version_key}.mo", prefix


def _path_key(path: Path) -> str:
    """A short name for a file or folder, the same for every way of writing its path."""
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]


def _cache_enabled() -> bool:
    return os.environ.get("RISKKIT_NO_CATALOG_CACHE", "") in ("", "0")


def load_catalog_bytes(po_path: Path, code: str, use_cache: bool | None = None) -> bytes:
    """Compiled catalog, from the cache when this version of the .po was compiled before."""
    if use_cache is None:
        use_cache = _cache_enabled()
    if not use_cache:
        return compile_po(po_path)
    cached, prefix = _cache_file(po_path, code)
    with contextlib.suppress(OSError):
        return cached.read_bytes()
    data = compile_po(po_path)
    _store(cached, prefix, data)
    return data


def _store(cached: Path, prefix: str, data: bytes) -> None:
    """Write a cache entry and drop older versions of it."""
    if not _write_cache_file(cached, data):
        return
    for stale in cached.parent.glob(f"{prefix}*.mo"):
        if stale != cached:
            with contextlib.suppress(OSError):
                stale.unlink()


def _write_cache_file(path: Path, data: bytes) -> bool:
    """Write a cache file atomically; never fail the run over it (a read-only home, a full
    disk: riskkit works without the cache). True when it was written."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).replace(path)
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
        return False


_loaded: dict[tuple, _gettext.NullTranslations] = {}


def translations_for(code: str) -> _gettext.NullTranslations:
    """Translations of one language; English without a catalog translates nothing.

    Kept in memory per version of the .po, so switching with `using` costs nothing the
    second time and an edited .po is read again.
    """
    po_path = catalog_path(code)
    try:
        stat = po_path.stat()
    except OSError:
        if code == SOURCE_LANGUAGE:
            return _gettext.NullTranslations()
        raise _unknown_language(code, available_languages()) from None
    key = (code, str(po_path), stat.st_mtime_ns, stat.st_size)
    translations = _loaded.get(key)
    if translations is None:
        translations = _gettext.GNUTranslations(io.BytesIO(load_catalog_bytes(po_path, code)))
        for old in [k for k in _loaded if k[:2] == key[:2]]:
            del _loaded[old]
        _loaded[key] = translations
    return translations


def activate(code: str) -> None:
    """Make `code` the language of everything shown from now on (argparse's messages too)."""
    global _translations, _language
    _translations = translations_for(code)
    _language = code
    _route_argparse()


@contextlib.contextmanager
def using(code: str) -> Iterator[None]:
    """Translate into `code` inside the block, then restore the language before it."""
    global _translations, _language
    saved = _translations, _language
    try:
        if code != _language:
            _translations, _language = translations_for(code), code
        yield
    finally:
        _translations, _language = saved


# --- argparse ----------------------------------------------------------------------------------

def _argparse_gettext(message: Any) -> Any:
    if not isinstance(message, str):  # argparse passes a subparser group's description=None
        return message
    return _translations.pgettext(ARGPARSE_CONTEXT, message)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.npgettext(ARGPARSE_CONTEXT, singular, plural, n)


def _route_argparse() -> None:
    """Send argparse's own messages ("usage: ", "options", its errors) through our catalog.

    argparse looks its strings up with ``gettext.gettext`` in the default domain, which reads
    only compiled ``.mo`` files from disk. It binds that function as the module globals
    ``argparse._`` and ``argparse.ngettext`` and calls them when a parser is built or prints
    help or errors, so this is the one documented place where they are replaced. The msgids,
    with context ``argparse``, are listed in `riskkit.i18n.argparse_messages` for extraction.
    """
    import argparse

    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]


# --- formatting with Babel ---------------------------------------------------------------------

def babel_locale(code: str | None = None) -> babel.Locale:
    """Babel's locale for the active language (or `code`); English if Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code or _language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def country_name(code: str) -> str:
    """A country's name in the active language from its ISO code ("NO" -> "Norge")."""
    return babel_locale().territories.get(code.upper(), code)


def format_date(value, format: str = "long") -> str:
    """``5. mars 2026`` (nb), ``5 mars 2026`` (sv), ``5. marts 2026`` (da)."""
    from babel import dates

    return dates.format_date(value, format=format, locale=babel_locale())


def format_datetime(value, format: str = "medium", tzinfo=None) -> str:
    from babel import dates

    return dates.format_datetime(value, format=format, tzinfo=tzinfo, locale=babel_locale())


def format_number(value, format: str | None = None) -> str:
    """Digits grouped and decimals marked the local way (nb ``12 345,6`` with U+00A0)."""
    from babel import numbers

    return numbers.format_decimal(value, format=format, locale=babel_locale())


def format_percent(value, format: str | None = None) -> str:
    """``0.73`` -> ``73 %`` in nb/sv/da (with a non-breaking space), ``73%`` in English."""
    from babel import numbers

    return numbers.format_percent(value, format=format, locale=babel_locale())


#: Babel's list styles ("or" joins with "eller", "eller", "or").
ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit", "unit-short",
                    "unit-narrow"]


def format_list(items: Iterable[str], style: ListStyle = "standard") -> str:
    """``a, b og c`` (nb, da), ``a, b och c`` (sv), ``a, b, and c`` (en)."""
    from babel import lists

    return lists.format_list(list(items), style=style, locale=babel_locale())


# --- Jinja2 -----------------------------------------------------------------------------------

def jinja_install(env) -> None:
    """Give a Jinja2 Environment our gettext functions (``jinja2.ext.i18n``, newstyle).

    Newstyle means ``{{ _("Hello %(name)s", name=n) }}`` formats and autoescapes for you, and
    every translated string is %-formatted: write a literal percent sign as ``%%``. Blocks are
    trimmed (``{% trans %}`` whitespace collapsed), as the extractor in babel.cfg expects. The
    functions read the active language when called, so `using` works for templates too.
    """
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(
        gettext=_, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext, newstyle=True
    )
