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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from riskkit import __version__, i18n
from riskkit.errors import I18nToolError
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



# --- extract -----------------------------------------------------------------------------------

def project_root() -> Path | None:
    """The source checkout (the folder holding babel.cfg), or None in an installed wheel."""
    from riskkit.resources import data_root

    root = data_root()
    return root if (root / MAPPING_FILE).is_file() else None


def template_path(locales: Path | None = None) -> Path:
    return (locales or i18n.locales_dir()) / TEMPLATE_NAME


def collect_messages(root: Path):
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
        text = re.sub(rf'^"{header}: [^"]*"\n', "", text, count=1, flags=re.MULTILINE)
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


def write_template(root: Path | None = None, pot: Path | None = None) -> ExtractResult:
    """The step behind ``riskkit i18n extract``: write the template (riskkit.pot) from the
    sources; leave the file untouched when nothing changed. (The Babel extractor of the
    questionnaire YAML it runs is riskkit.i18n.babel_yaml; `riskkit extract` is another
    thing: the answers file out of a PDF.)"""
    root = _require_root(root)
    pot = pot or template_path()
    catalog = collect_messages(root)
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
    return pot.read_text(encoding="utf-8") == render_template(collect_messages(root))


# --- catalogs ----------------------------------------------------------------------------------

def catalog_languages(locales: Path | None = None) -> list[str]:
    """Languages with a catalog in ``locales`` (English only if it has one)."""
    base = locales or i18n.locales_dir()
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if i18n.catalog_path(p.name, base).is_file())


def _read(path: Path, locale: str | None = None):
    return i18n.read_po_file(path, locale)


def _write(path: Path, catalog, include_previous: bool = False, status: str | None = None,
           **kwargs) -> None:
    """Write a catalog; with `include_previous`, the old msgid of fuzzy messages as ``#|``;
    with `status`, the ``X-Riskkit-Status`` header (Babel drops headers it does not know, so
    it is written into the text afterwards).

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
    if status:
        text = _with_header(text, i18n.STATUS_HEADER, status)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(catalog.charset or "utf-8"))


def _with_header(text: str, name: str, value: str) -> str:
    """The catalog text with the header line ``name: value`` added at the end of the header
    entry (the first entry, ending at the first blank line)."""
    head, sep, rest = text.partition("\n\n")
    return f'{head}\n"{name}: {value}\\n"{sep}{rest}'


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
        status = i18n.catalog_status(path)
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
        _write(path, catalog, ignore_obsolete=False, include_previous=True, status=status)
        results.append(UpdateResult(
            code, path,
            new=sum(1 for m in catalog if m.id and _key(m) not in before and not m.fuzzy),
            fuzzy=sum(1 for m in catalog if m.id and m.fuzzy and _key(m) not in fuzzy_before),
            obsolete=len(catalog.obsolete),
        ))
    return results


_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2}|_[A-Z][a-z]{3})?$")


def _language_code(code: str):
    """Babel's locale for a language code a catalog or glossary column may be named after."""
    from babel import Locale, UnknownLocaleError

    if code in ("no", "no_NO"):
        raise I18nToolError(pgettext(
            "i18n", "“{code}” is not a written standard: use “nb” for Norwegian bokmål or "
                    "“nn” for Norwegian nynorsk.").format(code=code))
    try:
        if not _CODE.match(code):
            raise ValueError(code)
        return Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        raise I18nToolError(pgettext(
            "i18n", "“{code}” is not a language code Babel knows. Use a code such as “nn”, "
                    "“fi”, “se” or “pt_BR”.").format(code=code)) from None


def init(code: str, pot: Path | None = None, locales: Path | None = None,
         translator: str | None = None) -> Path:
    """Create ``locales/<code>/LC_MESSAGES/riskkit.po`` from the template, nothing translated.

    The plural forms come from Babel's (CLDR) locale data. An existing catalog is refused.
    The catalog is marked incomplete (``X-Riskkit-Status``), so it can be committed before it
    is finished without being offered to anyone. `translator` ("Name <e-mail>", see
    `translator_from_environment`) goes into Last-Translator and the header comment; without
    one those stay empty rather than holding gettext's placeholders.
    """
    locales = locales or i18n.locales_dir()
    pot = pot or template_path(locales)
    locale = _language_code(code)
    path = i18n.catalog_path(code, locales)
    if path.exists():
        raise I18nToolError(pgettext(
            "i18n", "{path} exists already: “riskkit i18n update” refreshes it, nothing was "
                    "overwritten.").format(path=path))
    _require_template(pot)
    catalog = _read(pot, locale=code)
    catalog.locale = locale
    catalog.project, catalog.version = "riskkit", __version__
    catalog.msgid_bugs_address = ""
    catalog.last_translator = translator or ""   # Poedit fills it in when it saves
    catalog.language_team = i18n.native_name(code)
    now = datetime.now().astimezone()
    catalog.header_comment = (
        f"# {locale.get_display_name('en')} translation of riskkit "
        f"({i18n.native_name(code)}).\n{LICENSE_LINE}"
        + (f"\n# {translator}, {now.year}." if translator else ""))
    catalog.revision_date = now
    catalog.fuzzy = False
    _write(path, catalog, status=i18n.STATUS_INCOMPLETE)
    return path


_UNSAFE_IN_HEADER = re.compile(r'[\x00-\x1f\x7f"\\]+')


def translator_from_environment(environ: Mapping[str, str], folder: Path | None = None
                                ) -> str | None:
    """Who is starting a catalog, as "Name <e-mail>" for its header, or None.

    ``$RISKKIT_TRANSLATOR`` as written ("Kari Nordmann <kari@example.no>") wins; otherwise
    the name and e-mail address git commits with in `folder` (the translator hands the
    catalog in through git, under that name anyway), the address falling back to ``$EMAIL``.
    Control characters, quotes and backslashes are dropped: the value becomes a header line.
    """
    def clean(value: str | None) -> str:
        return " ".join(_UNSAFE_IN_HEADER.sub(" ", value or "").split())[:200]

    explicit = clean(environ.get("RISKKIT_TRANSLATOR"))
    if explicit:
        return explicit
    name, email = clean(_git_config("user.name", folder)), clean(_git_config("user.email", folder))
    email = email or clean(environ.get("EMAIL"))
    if name and email:
        return f"{name} <{email}>"
    return name or (f"<{email}>" if email else None)


def _git_config(key: str, folder: Path | None) -> str | None:
    """A value of ``git config`` as seen from `folder`, or None (no git, not set, too slow)."""
    git = shutil.which("git")
    if git is None:
        return None
    command = [git] + (["-C", str(folder)] if folder is not None and folder.is_dir() else [])
    try:
        proc = subprocess.run(command + ["config", "--get", key], capture_output=True,
                              text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None if proc.returncode == 0 else None


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
    """One problem `check` reports. `file` and `line` say where to fix it: the catalog entry
    (the line of its msgid), the header, or the glossary's header row."""

    kind: str          # placeholder | identical | long | glossary | plural_forms | no_context
    #                    | glossary_column | glossary_gaps
    error: bool
    context: str | None
    msgid: str
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    file: Path | None = None
    line: int | None = None


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
    status: str | None = None   # the X-Riskkit-Status header

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

    @property
    def marked_incomplete(self) -> bool:
        """Work in progress by the translator's own mark: missing translations are fine."""
        return self.status == i18n.STATUS_INCOMPLETE

    def ok(self, strict: bool = False) -> bool:
        """No errors, and complete unless marked incomplete (partial work can be committed;
        what is there must still be right)."""
        return ((self.complete or self.marked_incomplete) and not self.errors
                and (self.msgfmt is None or self.msgfmt.ok)
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
    report = CatalogReport(code, path, obsolete=len(catalog.obsolete),
                           status=i18n.catalog_status(path))
    locales = path.parent.parent.parent
    report.findings.extend(glossary_column_findings(code, locales))
    if glossary is None:
        glossary = read_glossary(locales)
    terms = [t for t in glossary if t.translations.get(code)]
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            report.fuzzy += 1
        elif _is_translated(message):
            report.translated += 1
            found = _message_findings(message) + glossary_findings(message, terms, code)
            for finding in found:
                finding.file, finding.line = path, message.lineno
            report.findings.extend(found)
        else:
            report.untranslated += 1
    if template is not None:
        present = {_key(m) for m in catalog if m.id}
        report.not_merged = sum(1 for m in template if m.id and _key(m) not in present)
    expected = _expected_plural_forms(code)
    if expected and catalog.num_plurals != expected[0]:
        report.findings.append(Finding("plural_forms", True, None, catalog.plural_forms,
                                       missing=[expected[1]], file=path,
                                       line=_header_line(path, "Plural-Forms")))
    if run_msgfmt:
        report.msgfmt = msgfmt_check(path)
    return report


def _header_line(path: Path, name: str) -> int | None:
    """The line of the catalog header field `name`, for a finding about it."""
    with Path(path).open(encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, 1):
            if line.startswith(f'"{name}:'):
                return number
            if number > 200:
                break
    return None


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
    rows = list(csv.DictReader(io.StringIO(_glossary_text(path), newline=""), delimiter="\t"))
    terms = []
    for row in rows:
        english = (row.get("en") or "").strip()
        if not english:
            continue
        translations = {code: value.strip() for code, value in row.items()
                        if code not in (None, "term", "en", "source") and (value or "").strip()}
        terms.append(GlossaryTerm((row.get("term") or english).strip(), english, translations))
    return sorted(terms, key=lambda t: -len(t.english))


def glossary_path(locales: Path | None = None) -> Path:
    return (locales or i18n.locales_dir()) / GLOSSARY_NAME


def _glossary_text(path: Path) -> str:
    """The glossary's text; a file that is not UTF-8 (a spreadsheet's own encoding) is one
    error naming the file and line, as for a catalog."""
    from riskkit.errors import Problem, ProblemsError

    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ProblemsError([Problem(str(path), line, "", pgettext(
            "glossary error", "this is not UTF-8 text: save the glossary as UTF-8, "
                              "tab-separated (in LibreOffice Calc: Save As, Text CSV, "
                              "character set Unicode (UTF-8), field delimiter Tab)."))]) from None


def glossary_columns(locales: Path | None = None) -> list[str] | None:
    """The column names of the glossary's header row, or None when there is no glossary."""
    path = glossary_path(locales)
    if not path.is_file():
        return None
    header = _glossary_text(path).split("\n", 1)[0]
    return [name.strip() for name in header.rstrip("\r").split("\t")]


def glossary_column_findings(code: str, locales: Path | None = None) -> list[Finding]:
    """A warning when the glossary has no column for the language (its terms cannot be
    checked), or a column with terms still to fill in. Nothing when there is no glossary."""
    columns = glossary_columns(locales)
    path = glossary_path(locales)
    if columns is None or code == i18n.SOURCE_LANGUAGE:
        return []
    if code not in columns:
        return [Finding("glossary_column", False, None, code, file=path, line=1)]
    gaps = [t.english for t in read_glossary(locales) if not t.translations.get(code)]
    if gaps:
        return [Finding("glossary_gaps", False, None, code, missing=gaps, file=path, line=1)]
    return []


def glossary_add(code: str, locales: Path | None = None) -> Path:
    """Add an empty column for `code` to the glossary, before its ``source`` column.

    Every other byte of the file stays as it was (a translator's spreadsheet may have
    written it, and a review diff should show only the new column). The code is checked as
    `init` checks it; an existing column is refused.
    """
    _language_code(code)
    path = glossary_path(locales)
    columns = glossary_columns(locales)
    if columns is None:
        raise I18nToolError(pgettext(
            "i18n", "There is no glossary {path}.").format(path=path))
    if code in columns:
        raise I18nToolError(pgettext(
            "i18n", "{path} has a column “{code}” already: nothing was changed.")
            .format(path=path, code=code))
    at = columns.index("source") if "source" in columns else len(columns)
    text = _glossary_text(path)
    lines = text.splitlines(keepends=True)
    out = []
    for number, line in enumerate(lines):
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        if not body.strip():
            out.append(line)
            continue
        cells = body.split("\t")
        cells += [""] * (len(columns) - len(cells))
        cells.insert(at, code if number == 0 else "")
        out.append("\t".join(cells) + ending)
    path.write_text("".join(out), encoding="utf-8")
    return path


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
        capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}, check=False,
    )
    return Msgfmt(proc.returncode == 0, (proc.stderr + proc.stdout).strip())


def read_template(pot: Path):
    return _read(pot) if pot.is_file() else None


# --- list --------------------------------------------------------------------------------------

@dataclass
class Listed:
    """One message of a catalog as `riskkit i18n list` shows it."""

    line: int | None          # of the msgid in the catalog
    context: str | None
    msgid: str
    msgid_plural: str | None
    translations: list[str]
    status: str               # translated | untranslated | fuzzy
    sources: list[tuple[str, int | None]]
    glossary: list[Finding] = field(default_factory=list)


def list_messages(code: str, path: Path, *, untranslated: bool = False, fuzzy: bool = False,
                  glossary: bool = False) -> list[Listed]:
    """The catalog's messages in file order; with filters, only the untranslated, the fuzzy
    and/or the translated ones that avoid a glossary term (any that matches one filter)."""
    catalog = _read(path)
    terms = [t for t in read_glossary(path.parent.parent.parent) if t.translations.get(code)]
    listed = []
    for message in catalog:
        if not message.id:
            continue
        ids = _ids(message)
        status = ("fuzzy" if message.fuzzy else
                  "translated" if _is_translated(message) else "untranslated")
        found = glossary_findings(message, terms, code) if status == "translated" else []
        wanted = ((untranslated and status == "untranslated") or (fuzzy and status == "fuzzy")
                  or (glossary and bool(found)))
        if (untranslated or fuzzy or glossary) and not wanted:
            continue
        listed.append(Listed(message.lineno, message.context, ids[0],
                             ids[1] if len(ids) > 1 else None, _strings(message), status,
                             list(message.locations), found))
    return listed


def untranslated_count(code: str, locales: Path | None = None) -> int:
    """Messages of the language shown in English: untranslated or fuzzy (0 for English)."""
    path = i18n.catalog_path(code, locales)
    if code == i18n.SOURCE_LANGUAGE and not path.is_file():
        return 0
    catalog = _read(path)
    return sum(1 for m in catalog if m.id and (m.fuzzy or not _is_translated(m)))


# --- preview -----------------------------------------------------------------------------------

_LANGUAGE_LINE = re.compile(r"^language:\s*['\"]?([A-Za-z_-]+)", re.MULTILINE)


def preview_example(code: str, examples: Path | None = None) -> Path | None:
    """The shipped example to preview a language with: the richest one (most lines) written
    in that language, else the richest English one, so the free-text answers read in the
    language or in English, never in a third language the translator may not know."""
    from riskkit.resources import data_dir

    folder = examples or data_dir("examples")
    if not folder.is_dir():
        return None
    by_language: dict[str, tuple[int, str, Path]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        match = _LANGUAGE_LINE.search(text)
        if match is None:
            continue
        language = match.group(1)
        weight = (text.count("\n"), path.name, path)
        if language not in by_language or weight[:2] > by_language[language][:2]:
            by_language[language] = weight
    best = by_language.get(code) or by_language.get(i18n.SOURCE_LANGUAGE)
    return best[2] if best else None


def preview_output(code: str, cwd: Path, home: Path) -> Path:
    """Where `riskkit i18n preview` writes by default: the current folder, unless that is
    (inside) the source checkout, which must not collect generated PDFs; then the home
    folder (not ``~/riskkit``: that is where many clone the checkout), or the temporary
    folder when even the home folder is inside the checkout."""
    import tempfile

    name = f"riskkit-preview-{code}.pdf"
    root = project_root()
    if root is None:
        return cwd / name
    root = root.resolve()
    for folder in (cwd, home, Path(tempfile.gettempdir())):
        if not folder.resolve().is_relative_to(root):
            return folder / name
    return Path(tempfile.gettempdir()) / name
