"""The translator's workflow behind ``riskkit i18n``: extract, update, init, check.

Functions here read and write catalogs and return plain results; `riskkit.cli.commands.i18n`
turns those into localized output. Babel does the gettext work (no polib at run time: it is
a test dependency only). Paths are explicit arguments so tests run on temporary folders.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import string
import subprocess
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from riskkit import __version__, i18n
from riskkit.errors import RiskkitError
from riskkit.i18n import pgettext

TEMPLATE_NAME = f"{i18n.DOMAIN}.pot"
MAPPING_FILE = "babel.cfg"
COMMENT_TAGS = ("Translators:",)
LICENSE_LINE = "# This file is distributed under the same license as the riskkit project."
TEMPLATE_HEADER = (
    "# Translations template for riskkit.\n"
    f"{LICENSE_LINE}\n"
    "# Written by `riskkit i18n extract` from the code, the templates and the\n"
    "# questionnaire YAML: do not edit it by hand."
)

#: Messages that may stay exactly as in English in every language: names, acronyms and
#: units a translator would not change. Strings without any word (ids such as "MAP 1.1",
#: placeholders only) are accepted as well. A translator can accept any other message by
#: writing a translator comment containing "same as English" above it (see TRANSLATING.md).
IDENTICAL_OK = frozenset({
    "AI", "AI Act", "CISO", "CSV", "DPIA", "EU", "GDPR", "ID", "IT", "JSON", "NIST",
    "NIST AI RMF", "OK", "PDF", "PDF/A", "riskkit", "URL", "XLSX", "YAML",
})
SAME_AS_ENGLISH_MARK = "same as english"

#: A translation longer than this many times the English, and longer than LONG_MIN_CHARS
#: characters, may not fit the layout of the interview or the PDF: a warning.
LONG_RATIO = 1.6
LONG_MIN_CHARS = 40


class I18nToolError(RiskkitError):
    exit_code = 1


# --- extract -----------------------------------------------------------------------------------

def project_root() -> Path | None:
    """The source checkout (the folder holding babel.cfg), or None in an installed wheel."""
    from riskkit.resources import data_root

    root = data_root()
    return root if (root / MAPPING_FILE).is_file() else None


def template_path(locales: Path | None = None) -> Path:
    return (locales or i18n.locales_dir()) / TEMPLATE_NAME


def extract_catalog(root: Path):
    """Every message of the sources named in ``root/babel.cfg``, as a Babel catalog."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (root / MAPPING_FILE).open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, MAPPING_FILE)
    catalog = Catalog(project="riskkit", header_comment=TEMPLATE_HEADER, charset="utf-8",
                      fuzzy=True)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=DEFAULT_KEYWORDS,
        comment_tags=COMMENT_TAGS, strip_comment_tags=False,
    ):
        catalog.add(message, None, [(filename.replace("\\", "/"), lineno)],
                    auto_comments=comments, context=context)
    return catalog


def render_template(catalog) -> str:
    """The .pot text, the same for the same sources wherever it is made: no creation date and
    no Babel version in the header (a fresh install may bring a newer Babel than the one that
    wrote the committed template, and CI would call the template out of date)."""
    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=76, ignore_obsolete=True, include_lineno=True)
    text = buf.getvalue().decode("utf-8")
    for header in ("POT-Creation-Date", "Generated-By"):
        text = re.sub(rf'^"{header}: [^"]*"\n', "", text, count=1, flags=re.M)
    return text.replace('"Project-Id-Version: riskkit VERSION\\n"',
                        '"Project-Id-Version: riskkit\\n"', 1)


@dataclass
class ExtractResult:
    path: Path
    messages: int
    changed: bool


def _require_root(root: Path | None) -> Path:
    root = root or project_root()
    if root is None or not (root / MAPPING_FILE).is_file():
        raise I18nToolError(pgettext(
            "i18n", "Extracting messages needs a source checkout of riskkit (a folder with "
                    "babel.cfg); this installation has none."))
    return root


def extract(root: Path | None = None, pot: Path | None = None) -> ExtractResult:
    """Write the template; leave the file untouched when nothing changed."""
    root = _require_root(root)
    pot = pot or template_path()
    catalog = extract_catalog(root)
    text = render_template(catalog)
    old = pot.read_text(encoding="utf-8") if pot.is_file() else None
    if old != text:
        pot.parent.mkdir(parents=True, exist_ok=True)
        pot.write_text(text, encoding="utf-8")
    return ExtractResult(pot, sum(1 for m in catalog if m.id), old != text)


def template_is_current(root: Path | None = None, pot: Path | None = None) -> bool:
    root = _require_root(root)
    pot = pot or template_path()
    if not pot.is_file():
        return False
    return pot.read_text(encoding="utf-8") == render_template(extract_catalog(root))


# --- catalogs ----------------------------------------------------------------------------------

def catalog_languages(locales: Path | None = None) -> list[str]:
    """Languages with a catalog in ``locales`` (English only if it has one)."""
    base = locales or i18n.locales_dir()
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if i18n.catalog_path(p.name, base).is_file())


def _read(path: Path, locale: str | None = None):
    from babel.messages.pofile import read_po

    with Path(path).open("rb") as fh:
        return read_po(fh, locale=locale, domain=i18n.DOMAIN)


def _write(path: Path, catalog, include_previous: bool = False, **kwargs) -> None:
    """Write a catalog; with `include_previous`, the old msgid of fuzzy messages as ``#|``.

    Babel (2.18) wraps ``#| msgid "..."`` comments like prose, breaking the quoted string
    across lines so that msgfmt and Poedit reject the file. So each previous msgid is written
    as a short marker first, then replaced by lines in GNU msgmerge's format.
    """
    from babel.messages.pofile import normalize, write_po

    previous: dict[str, list[str]] = {}
    if include_previous:
        for i, message in enumerate(m for m in catalog if m.id and m.previous_id):
            marker = f"riskkit-previous-{i}"
            lines = []
            for keyword, text in zip(("msgid", "msgid_plural"), message.previous_id, strict=False):
                lines.append(f"#| {keyword} " + normalize(text, prefix="#| ", width=76))
            previous[marker] = lines
            message.previous_id = [marker] + ([marker + "-plural"]
                                              if len(message.previous_id) > 1 else [])
    buf = io.BytesIO()
    write_po(buf, catalog, width=76, include_previous=include_previous, **kwargs)
    text = buf.getvalue().decode(catalog.charset or "utf-8")
    if previous:
        out = []
        for line in text.split("\n"):
            match = re.fullmatch(r'#\| msgid(_plural)? "(riskkit-previous-\d+)(-plural)?"', line)
            if match is None:
                out.append(line)
            elif match.group(1) is None:
                out.extend(previous[match.group(2)])
        text = "\n".join(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(catalog.charset or "utf-8"))


def _require_template(pot: Path) -> None:
    if not pot.is_file():
        raise I18nToolError(pgettext(
            "i18n", "There is no template {path}: run “riskkit i18n extract” first.")
            .format(path=pot))


@dataclass
class UpdateResult:
    language: str
    path: Path
    new: int
    fuzzy: int
    obsolete: int


def update(pot: Path | None = None, locales: Path | None = None,
           languages: Iterable[str] | None = None) -> list[UpdateResult]:
    """Merge the template into catalogs: translations kept, changed messages marked fuzzy."""
    locales = locales or i18n.locales_dir()
    pot = pot or template_path(locales)
    _require_template(pot)
    results = []
    for code in languages or catalog_languages(locales):
        path = i18n.catalog_path(code, locales)
        if not path.is_file():
            raise I18nToolError(pgettext(
                "i18n", "There is no catalog for “{code}”: create it with “riskkit i18n init "
                        "{code}”.").format(code=code))
        template = _read(pot)
        catalog = _read(path)
        before = {_key(m) for m in catalog if m.id}
        fuzzy_before = {_key(m) for m in catalog if m.id and m.fuzzy}
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False,
                       keep_user_comments=True, update_creation_date=False)
        for message in catalog:  # a guess from an empty old translation: nothing to review
            if message.id and message.fuzzy and not any(_strings(message)):
                message.flags.discard("fuzzy")
                message.previous_id = []
        for key in [k for k, m in catalog.obsolete.items() if not any(_strings(m))]:
            del catalog.obsolete[key]  # nothing to reuse in an empty obsolete message
        _write(path, catalog, ignore_obsolete=False, include_previous=True)
        results.append(UpdateResult(
            code, path,
            new=sum(1 for m in catalog if m.id and _key(m) not in before and not m.fuzzy),
            fuzzy=sum(1 for m in catalog if m.id and m.fuzzy and _key(m) not in fuzzy_before),
            obsolete=len(catalog.obsolete),
        ))
    return results


_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2}|_[A-Z][a-z]{3})?$")


def init(code: str, pot: Path | None = None, locales: Path | None = None) -> Path:
    """Create ``locales/<code>/LC_MESSAGES/riskkit.po`` from the template, nothing translated.

    The plural forms come from Babel's (CLDR) locale data. An existing catalog is refused.
    """
    from babel import Locale, UnknownLocaleError

    locales = locales or i18n.locales_dir()
    pot = pot or template_path(locales)
    if code in ("no", "no_NO"):
        raise I18nToolError(pgettext(
            "i18n", "“{code}” is not a written standard: use “nb” for Norwegian bokmål or "
                    "“nn” for Norwegian nynorsk.").format(code=code))
    try:
        if not _CODE.match(code):
            raise ValueError(code)
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        raise I18nToolError(pgettext(
            "i18n", "“{code}” is not a language code Babel knows. Use a code such as “nn”, "
                    "“fi”, “se” or “pt_BR”.").format(code=code)) from None
    path = i18n.catalog_path(code, locales)
    if path.exists():
        raise I18nToolError(pgettext(
            "i18n", "{path} exists already: “riskkit i18n update” refreshes it, nothing was "
                    "overwritten.").format(path=path))
    _require_template(pot)
    catalog = _read(pot, locale=code)
    catalog.locale = locale
    catalog.project, catalog.version = "riskkit", __version__
    catalog.last_translator = "riskkit translators"   # Poedit replaces it with the translator
    catalog.language_team = i18n.native_name(code)
    catalog.header_comment = (
        f"# {locale.get_display_name('en')} translation of riskkit "
        f"({i18n.native_name(code)}).\n{LICENSE_LINE}")
    catalog.revision_date = datetime.now().astimezone()
    catalog.fuzzy = False
    _write(path, catalog)
    return path


# --- check -------------------------------------------------------------------------------------

_PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0+-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<conv>[diouxXeEfFgGcrsa%])")
_FORMATTER = string.Formatter()


def placeholders(text: str) -> Counter:
    """The format placeholders of a message: ``{name}``, ``%(n)d``, ``%s`` (counted)."""
    found: Counter = Counter()
    for match in _PERCENT.finditer(text):
        if match.group("conv") == "%":
            continue
        name, conv = match.group("name"), match.group("conv")
        found[f"%({name}){conv}" if name is not None else "%" + conv] += 1
    if "{" in text:
        try:
            for _literal, field_name, _spec, _conversion in _FORMATTER.parse(text):
                if field_name is not None:
                    found["{" + field_name + "}"] += 1
        except ValueError:  # unbalanced braces: not a format string
            for name in re.findall(r"(?<!\{)\{([A-Za-z_][\w.]*|\d*)\}(?!\})", text):
                found["{" + name + "}"] += 1
    return found


@dataclass
class Finding:
    kind: str          # placeholder | identical | long | glossary | plural_forms | no_context
    error: bool
    context: str | None
    msgid: str
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


@dataclass
class Msgfmt:
    ok: bool
    output: str


@dataclass
class CatalogReport:
    language: str
    path: Path
    translated: int = 0
    untranslated: int = 0
    fuzzy: int = 0
    obsolete: int = 0
    not_merged: int = 0      # in the template, not yet in the catalog: run update
    findings: list[Finding] = field(default_factory=list)
    msgfmt: Msgfmt | None = None

    @property
    def total(self) -> int:
        return self.translated + self.untranslated + self.fuzzy

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.error]

    @property
    def complete(self) -> bool:
        return not (self.untranslated or self.fuzzy or self.not_merged)

    def ok(self, strict: bool = False) -> bool:
        return (self.complete and not self.errors and (self.msgfmt is None or self.msgfmt.ok)
                and not (strict and self.warnings))


def _key(message) -> tuple:
    return (message.id, message.context)


def _strings(message) -> list[str]:
    if isinstance(message.string, (tuple, list)):
        return list(message.string)
    return [message.string or ""]


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, (tuple, list)) else [message.id]


def _is_translated(message) -> bool:
    return all(_strings(message)) and bool(_strings(message))


def _identical_is_fine(message) -> bool:
    msgid = _ids(message)[0]
    if msgid.strip() in IDENTICAL_OK:
        return True
    if any(SAME_AS_ENGLISH_MARK in c.lower() for c in message.user_comments):
        return True
    text = re.sub(r"%\([^)]*\)\w|%\w|\{[^}]*\}", " ", msgid)
    # no word of 3+ letters with a lowercase letter: ids, acronyms, numbers, placeholders
    return not any(len(w) >= 3 and any(ch.islower() for ch in w)
                   for w in re.findall(r"[^\W\d_]+", text))


def check_catalog(code: str, path: Path, template=None, run_msgfmt: bool = True,
                  glossary: list[GlossaryTerm] | None = None) -> CatalogReport:
    """Counts and problems of one catalog, compared with the template when given.

    `glossary` defaults to the ``glossary.tsv`` next to the catalogs (`read_glossary`).
    """
    catalog = _read(path)
    report = CatalogReport(code, path, obsolete=len(catalog.obsolete))
    if glossary is None:
        glossary = read_glossary(path.parent.parent.parent)
    terms = [t for t in glossary if t.translations.get(code)]
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            report.fuzzy += 1
        elif _is_translated(message):
            report.translated += 1
            report.findings.extend(_message_findings(message))
            report.findings.extend(glossary_findings(message, terms, code))
        else:
            report.untranslated += 1
    if template is not None:
        present = {_key(m) for m in catalog if m.id}
        report.not_merged = sum(1 for m in template if m.id and _key(m) not in present)
    expected = _expected_plural_forms(code)
    if expected and catalog.num_plurals != expected[0]:
        report.findings.append(Finding("plural_forms", True, None, catalog.plural_forms,
                                       missing=[expected[1]]))
    if run_msgfmt:
        report.msgfmt = msgfmt_check(path)
    return report


def _expected_plural_forms(code: str) -> tuple[int, str] | None:
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        plural = get_plural(Locale.parse(code))
    except (ValueError, UnknownLocaleError):
        return None
    return plural.num_plurals, plural.plural_forms


def _message_findings(message) -> list[Finding]:
    findings = []
    ids = _ids(message)
    strings = _strings(message)
    source_ph: Counter[str] = Counter()
    for msgid in ids:
        source_ph |= placeholders(msgid)
    if len(ids) == 1:
        target = placeholders(strings[0])
        missing = sorted((source_ph - target).elements())
        added = sorted((target - source_ph).elements())
    else:  # plural: a form may drop the count ("one file"), but none may add a placeholder
        union: Counter = Counter()
        added_set: set[str] = set()
        for form in strings:
            form_ph = placeholders(form)
            union |= form_ph
            added_set |= set(form_ph) - set(source_ph)
        missing = sorted(set(source_ph) - set(union))
        added = sorted(added_set)
    if missing or added:
        findings.append(Finding("placeholder", True, message.context, ids[0], missing, added))
    if len(ids) == 1 and strings[0] == ids[0] and not _identical_is_fine(message):
        findings.append(Finding("identical", False, message.context, ids[0]))
    for i, form in enumerate(strings):
        source = ids[min(i, len(ids) - 1)]
        if len(form) > LONG_MIN_CHARS and len(form) > LONG_RATIO * len(source):
            findings.append(Finding("long", False, message.context, ids[0]))
            break
    return findings


# --- glossary ----------------------------------------------------------------------------------

GLOSSARY_NAME = "glossary.tsv"
#: A translator comment starting with this accepts a message the glossary check flags, e.g.
#: "# glossary: “legal basis” here is the basis of a transfer, not of the processing".
GLOSSARY_MARK = "glossary:"
_GLOSSARY_SKIP = frozenset({
    "af", "av", "for", "i", "med", "og", "och", "på", "den", "det", "avseende", "vedrørende",
    "herunder", "inbegripet", "medrekna",
})
#: Phrases that contain a glossary word without being the concept: a title ("NIST AI RMF"),
#: and WP248's "highly personal data", which is not the GDPR's "personal data".
_NOT_TERMS = re.compile(r"NIST AI (?:RMF|Risk Management Framework)|highly personal data",
                        re.IGNORECASE)


@dataclass(frozen=True)
class GlossaryTerm:
    """One row of ``locales/glossary.tsv``: a term in English and its official translations."""

    term: str
    english: str
    translations: dict[str, str]

    def english_pattern(self) -> re.Pattern:
        """Where the term is in an English message: whole words, plural ``s``/``es`` allowed.

        An acronym in brackets ("artificial intelligence (AI)") counts on its own; words in
        capitals (the NIST functions GOVERN, MAP ...) only match in capitals.
        """
        main, extra = _bracketed(self.english)
        words = [main] + ([extra] if extra and extra.isupper() else [])
        alternatives = (re.escape(w).replace(r"\ ", r"[\s-]+") for w in words)
        flags = 0 if self.english.isupper() else re.IGNORECASE
        return re.compile(r"\b(?:" + "|".join(alternatives) + r")(?:e?s)?\b", flags)

    def matches(self, found: str) -> bool:
        """False for a lower-case term found in capitals, a name: "measure" is not "MEASURE"
        (the acronym of "artificial intelligence (AI)" is meant in capitals)."""
        acronym = _bracketed(self.english)[1]
        return (self.english.isupper() or not found.isupper()
                or (acronym is not None and re.sub(r"e?s$", "", found) == acronym))

    def used_in(self, translation: str, code: str) -> bool:
        """Whether the official term, in some inflection, is in `translation`.

        Each word of the term counts when its stem is in the text (inflected and compound
        forms: "risikoen", "restrisiko"); either the term or its bracketed form will do.
        """
        text = translation.replace("\u00ad", "").lower()
        main, extra = _bracketed(self.translations[code])
        return any(all(stem in text for stem in _stems(form)) for form in (main, extra) if form)


def _bracketed(text: str) -> tuple[str, str | None]:
    """"kunstig intelligens (KI)" -> ("kunstig intelligens", "KI")."""
    match = re.fullmatch(r"(.*?)\s*\(([^)]*)\)\s*", text)
    return (match.group(1), match.group(2)) if match else (text, None)


def _stems(term: str) -> list[str]:
    stems = []
    for word in re.findall(r"[^\W\d_]+", term.lower()):
        if word in _GLOSSARY_SKIP:
            continue
        cut = 0 if len(word) <= 5 else 2 if len(word) <= 8 else 3
        stems.append(word[:len(word) - cut])
    return stems


def read_glossary(locales: Path | None = None) -> list[GlossaryTerm]:
    """The glossary next to the catalogs: a tab-separated table with a header ``term en nb
    ...``; a column is a language code, other columns (``source``) are ignored. Longest
    English first, so "personal data breach" is found before "personal data"."""
    import csv

    path = (locales or i18n.locales_dir()) / GLOSSARY_NAME
    if not path.is_file():
        return []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    terms = []
    for row in rows:
        english = (row.get("en") or "").strip()
        if not english:
            continue
        translations = {code: value.strip() for code, value in row.items()
                        if code not in (None, "term", "en", "source") and (value or "").strip()}
        terms.append(GlossaryTerm((row.get("term") or english).strip(), english, translations))
    return sorted(terms, key=lambda t: -len(t.english))


def glossary_findings(message, terms: list[GlossaryTerm], code: str) -> list[Finding]:
    """Glossary terms whose English is in the message but whose official translation is not.

    A term inside a longer one found first is not looked at again ("personal data" within
    "personal data breach"). A warning, not an error: the heuristic cannot tell a noun from
    a verb, so a translator accepts a case with a comment starting with ``glossary:``.
    """
    if not terms or any(c.lower().startswith(GLOSSARY_MARK) for c in message.user_comments):
        return []
    sources = [_NOT_TERMS.sub(" ", re.sub(r"\{[^}]*\}|%\([^)]*\)\w", " ", s))
               for s in _ids(message)]
    findings = []
    for term in terms:
        pattern = term.english_pattern()
        hit = False
        for i, source in enumerate(sources):
            spans = [m.span() for m in pattern.finditer(source) if term.matches(m.group())]
            for start, end in spans:
                hit = True
                source = source[:start] + "\0" * (end - start) + source[end:]
            sources[i] = source
        if hit and not all(term.used_in(s, code) for s in _strings(message)):
            findings.append(Finding("glossary", False, message.context, _ids(message)[0],
                                    missing=[term.translations[code]], added=[term.english]))
    return findings


def template_findings(template) -> list[Finding]:
    """Messages in the template that a translator gets without context or comment."""
    return [Finding("no_context", False, None, _ids(m)[0])
            for m in template if m.id and not m.context and not m.auto_comments]


def msgfmt_check(path: Path) -> Msgfmt | None:
    """``msgfmt --check --statistics`` (GNU gettext), or None when msgfmt is not installed."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return None
    proc = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", os.devnull, str(path)],
        capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"},
    )
    return Msgfmt(proc.returncode == 0, (proc.stderr + proc.stdout).strip())


def read_template(pot: Path):
    return _read(pot) if pot.is_file() else None
