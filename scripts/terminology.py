"""List terminology problems in the shipped catalogs: avoided terms, the wrong form of address,
and glossary terms a translation does not use.

    .venv/bin/python scripts/terminology.py [LANG ...]    # default: nb nn sv da

Prints one line per problem (catalog file, line, context, what was found, what to use) and
exits 1 when there is any, 0 when there is none. Run it after merging new texts: the
translation review of December 2026 found the same faults in many messages, and new texts
bring them back unless someone looks. tests/test_terminology.py and tests/test_address.py run
the same rules on every test run.

Three kinds of problem:

- *avoid*: a word the project decided against, with the word to use (`AVOID`): "tilbyder"
  for the AI Act's provider (nb: leverandør), "høyrisiko KI-system" (KI-system med høy
  risiko), Swedish words in Danish, "NIST AI RMF requires" (the framework is voluntary) ...
- *address*: the reader addressed as "dere"/"De" (nb), "de"/"dykk" (nn), "ni"/"er" (sv),
  "I"/"jer"/"jeres"/"De" (da). Nordic plain-language guidance for public bodies (klarspråk,
  klarsprog) addresses the reader as "du" (`address_forms`).
- *glossary*: the English has a term of ``locales/glossary.tsv`` and the translation lacks
  the official term, as `riskkit i18n check` reports it.

A message that rightly contains an avoided word or form is listed in `ALLOWED` with the
reason. Needs polib (installed with riskkit's test extras: ``pip install -e '.[test]'``).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("nb", "nn", "sv", "da")


@dataclass(frozen=True)
class Avoid:
    """A word not to use: `pattern` finds it, `use` says what to write instead and why."""

    pattern: re.Pattern[str]
    use: str


def _avoid(pattern: str, use: str, flags: int = 0) -> Avoid:
    return Avoid(re.compile(pattern, flags), use)


_NIST_REQUIRES = r"NIST AI RMF\w* (?:krever|krev|kräver|kræver|requires)\b"
_NIST_USE = "the NIST AI RMF is voluntary: it recommends (anbefaler, tilrår, rekommenderar)"

#: Per language: words the translation review (December 2026) or the glossary rules out.
AVOID: dict[str, tuple[Avoid, ...]] = {
    "nb": (
        _avoid(r"\b[Tt]ilbyder\w*", "leverandør: the AI Act's provider, as in the Norwegian "
                                    "draft AI act (glossary: provider)"),
        _avoid(r"\b[Hh]øyrisiko[ -]KI-system\w*", "KI-system med høy risiko (glossary: "
                                                  "high_risk_ai)"),
        _avoid(r"\b[Gg]radering\w*", "Klassifisering: gradering is security grading under "
                                     "sikkerhetsloven"),
        _avoid(r"\b[Kk]onsekvensvurdering(?:en|er|ene)?\b(?! for grunnleggende)",
               "vurdering av personvernkonsekvenser (DPIA); a bare konsekvensvurdering "
               "clashes with the FRIA's name"),
        _avoid(r"\bLANG\b", "SPRÅK, the option's name in the help"),
        _avoid(_NIST_REQUIRES, _NIST_USE),
    ),
    "nn": (
        _avoid(r"\b[Tt]ilbydar\w*", "leverandør: the AI Act's provider (glossary: provider)"),
        _avoid(r"\b[Hh]øgrisiko[ -]KI-system\w*", "KI-system med høg risiko (glossary: "
                                                  "high_risk_ai)"),
        _avoid(r"\b[Gg]radering\w*", "Klassifisering: gradering is security grading under "
                                     "tryggingslova"),
        _avoid(r"\b[Kk]onsekvensvurdering(?:a|ar|ane)?\b(?! for grunnleggjande)",
               "vurdering av personvernkonsekvensar (DPIA); a bare konsekvensvurdering "
               "clashes with the FRIA's name"),
        _avoid(r"\bLANG\b", "SPRÅK, the option's name in the help"),
        _avoid(_NIST_REQUIRES, _NIST_USE),
    ),
    "sv": (
        _avoid(r"\b(?:[Ss]lutdatum\w*|[Kk]lart senast)", "Tidsfrist: one word for a deadline"),
        _avoid(r"e-postadress\w* i tjänsten", "jobbmejladress: \"i tjänsten\" reads as the AI "
                                              "service"),
        _avoid(r"\b[Kk]lausul\w*", "punkt: a policy's clauses are punkter (klausul is contract "
                                   "language; standardavtalsklausuler stays)"),
        _avoid(r"\b[Hh]ögrisk[ -]AI-system\w*", "AI-system med hög risk (glossary)"),
        _avoid(r"\bLANG\b|‹språkkod>|<språkkod>", "SPRÅK, the option's name in the help"),
        _avoid(_NIST_REQUIRES, _NIST_USE),
    ),
    "da": (
        _avoid(r"\w*[äöÄÖ]\w*", "a Danish word: ä and ö are Swedish letters"),
        _avoid(r"\b[Ss]ekretess\w*", "tavshedspligt or hemmeligholdelse (sekretess is Swedish)"),
        _avoid(r"\boch\b", "og (och is Swedish)"),
        _avoid(r"(?<!\()\bsocial scoring\b", "social pointgivning (the English in brackets at "
                                             "most)"),
        _avoid(r"\bLANG\b", "SPROG, the option's name in the help"),
        _avoid(_NIST_REQUIRES, _NIST_USE),
    ),
}

#: Words that are always a form of address to more than one reader (or the formal "De").
_ADDRESS_ALWAYS: dict[str, re.Pattern[str]] = {
    "nb": re.compile(r"\b[Dd]ere\b"),
    # Nynorsk: "de" and "dykk"/"dykkar" are only ever "you"; "they" is "dei".
    "nn": re.compile(r"\b(?:[Dd]e|[Dd]ykk|[Dd]ykkar)\b"),
    # Not after ":" or "(": "PDF:er", "signatur(er)" are plural endings.
    "sv": re.compile(r"(?<![\w:(\-])(?:[Nn]i|[Ee]r|[Ee]rt|[Ee]ra|[Ee]der)\b"),
    "da": re.compile(r"\b(?:[Jj]er|[Jj]eres)\b"),
}
#: Capitalised mid-sentence: the formal "you" (nb De/Dem/Deres, da De/Dem/Deres). At the
#: start of a sentence the same words are "they"/"their".
_FORMAL = re.compile(r"(?<=[\w,;] )(?:De|Dem|Deres)\b")
#: Danish "I" ("you", plural) and "i" ("in") differ only in case, and a sentence may start
#: with "I" meaning "in" ("I Sverige ..."). So "I" counts mid-sentence, except as a roman
#: numeral ("bilag I"), and at the start of a sentence only before a verb.
_DA_I_MID = re.compile(r"(?<=[\w,;] )(?<!bilag )(?<!Bilag )(?<!afsnit )(?<!del )I\b")
_DA_I_START = re.compile(
    r"(?:^|(?<=[.!?:»] ))I (?=(?:kan|skal|vil|må|bør|har|er|ved|får|bruger|tester|planlægger|"
    r"beslutter|forventer|gør|kender|skriver|overvåger|registrerer)\b)")
#: nb "deres" is both "their" and "your" (plural): it counts where the English says "your".
_NB_DERES = re.compile(r"\b[Dd]eres\b")
_YOUR = re.compile(r"\byour\b", re.IGNORECASE)


def address_forms(code: str, translation: str, english: str = "") -> list[str]:
    """The forms of address other than "du" in `translation`, in the order found.

    `english` (the msgid) decides the one ambiguous case, nb "deres" (their/your).
    """
    found = []
    always = _ADDRESS_ALWAYS.get(code)
    if always is not None:
        found += [(m.start(), m.group()) for m in always.finditer(translation)]
    if code in ("nb", "da"):
        found += [(m.start(), m.group()) for m in _FORMAL.finditer(translation)]
    if code == "nb" and _YOUR.search(english):
        found += [(m.start(), m.group()) for m in _NB_DERES.finditer(translation)]
    if code == "da":
        found += [(m.start(), "I") for m in _DA_I_MID.finditer(translation)]
        found += [(m.start(), "I") for m in _DA_I_START.finditer(translation)]
    return [word for _, word in sorted(found)]


def avoided_terms(code: str, translation: str) -> list[tuple[str, str]]:
    """(word found, what to use instead) for each avoided term in `translation`."""
    return [(m.group(), rule.use) for rule in AVOID.get(code, ())
            for m in rule.pattern.finditer(translation)]


#: (language, context, start of the English) -> why the message may keep what is flagged.
ALLOWED: dict[tuple[str, str | None, str], str] = {
    ("nb", "AI Act verdict", "Do not use the system as planned"):
        "“No impact assessment” is any impact assessment here, DPIA or FRIA",
    ("nb", "AI Act verdict", "The system must not be used for this practice"):
        "“No impact assessment” is any impact assessment here, DPIA or FRIA",
    ("nn", "AI Act verdict", "Do not use the system as planned"):
        "“No impact assessment” is any impact assessment here, DPIA or FRIA",
    ("nn", "AI Act verdict", "The system must not be used for this practice"):
        "“No impact assessment” is any impact assessment here, DPIA or FRIA",
    ("da", "question:data.secrecy_check:help", "Information under secrecy"):
        "the name of the Swedish act, offentlighets- och sekretesslagen (OSL)",
    ("da", "clause:kalix.no_secret:text", ""):
        "the name of the Swedish act, offentlighets- och sekretesslagen (OSL 2009:400)",
    ("da", "question:decisions.exception_law_text:help", ""):
        "the Swedish act's own name in brackets after the Danish one: (förvaltningslagen)",
}


def allowed(code: str, context: str | None, english: str) -> str | None:
    """Why a flagged message is right as it is, or None."""
    for (lang, ctx, start), reason in ALLOWED.items():
        if lang == code and ctx == context and english.startswith(start):
            return reason
    return None


@dataclass(frozen=True)
class Problem:
    code: str
    line: int
    context: str | None
    english: str
    kind: str  # avoid | address | glossary
    found: str
    use: str

    def __str__(self) -> str:
        english = self.english if len(self.english) <= 60 else self.english[:57] + "..."
        return (f"locales/{self.code}/LC_MESSAGES/riskkit.po:{self.line}: {self.kind}: "
                f"[{self.context or ''}] “{english}”: “{self.found}” -> {self.use}")


def catalog_path(code: str, locales: Path | None = None) -> Path:
    return (locales or ROOT / "locales") / code / "LC_MESSAGES" / "riskkit.po"


def _translations(entry) -> list[str]:
    return [entry.msgstr] + [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]


def catalog_problems(code: str, locales: Path | None = None,
                     glossary: bool = True) -> list[Problem]:
    """Every avoided term and form of address in one catalog, and (with `glossary`) the
    glossary terms its translations lack, in file order."""
    import polib

    path = catalog_path(code, locales)
    problems = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.msgid:
            continue
        if allowed(code, entry.msgctxt, entry.msgid):
            continue
        for text in dict.fromkeys(t for t in _translations(entry) if t):
            for found, use in avoided_terms(code, text):
                problems.append(Problem(code, entry.linenum, entry.msgctxt, entry.msgid,
                                        "avoid", found, use))
            for found in address_forms(code, text, entry.msgid):
                problems.append(Problem(code, entry.linenum, entry.msgctxt, entry.msgid,
                                        "address", found, "du (and its forms)"))
    if glossary:
        problems += _glossary_problems(code, path)
    return sorted(problems, key=lambda p: p.line)


def _glossary_problems(code: str, path: Path) -> list[Problem]:
    """The glossary warnings of `riskkit i18n check` for this catalog."""
    import polib

    from riskkit.i18n import catalogs

    lines = {(e.msgctxt, e.msgid): e.linenum for e in polib.pofile(str(path))}
    report = catalogs.check_catalog(code, path, run_msgfmt=False)
    return [Problem(code, lines.get((f.context, f.msgid), 0), f.context, f.msgid, "glossary",
                    ", ".join(f.added), ", ".join(f.missing))
            for f in report.findings if f.kind == "glossary"]


def main(argv: list[str]) -> int:
    codes = argv or list(SHIPPED)
    problems = [p for code in codes for p in catalog_problems(code)]
    for problem in problems:
        print(problem)
    print(f"{len(problems)} terminology problem(s) in {', '.join(codes)}.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
