"""From an answers file to the PDF: load, score in the render language, lay out, write
atomically; one renderer per process (riskkit.pdf.write.Renderer), the layout fingerprint
verify compares, and the shipped example."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskkit import __version__, i18n
from riskkit import document as document_mod
from riskkit.core import answers as answers_mod
from riskkit.core.answers import Answers
from riskkit.core.model import Questionnaire
from riskkit.core.result import Result
from riskkit.core.values import DONT_KNOW
from riskkit.errors import RiskkitError
from riskkit.i18n import content, labels, pgettext
from riskkit.pdf import PdfMetadata
from riskkit.report.html import TEMPLATE, environment, render_html
from riskkit.report.language import (
    document_date,
    pdf_language_tag,
    resolve_render_language,
)
from riskkit.report.rows import risk_rows

STYLESHEET = "report.css"

def metadata(questionnaire: Questionnaire, answers: Answers, result: Result) -> PdfMetadata:
    """Title, author, subject and keywords of the PDF, in the active language."""
    matrix = questionnaire.matrix
    meta = answers.meta
    v = result.verdicts
    overall = content.level_label(matrix, result.overall_level)
    keywords = [
        pgettext("PDF keyword", "risk assessment"),
        result.assessment_id,
        pgettext("PDF keyword", "residual risk: {level}").format(level=overall),
        f"{labels.verdict_name('dpia')}: {labels.verdict_status('dpia', v.dpia.status)}",
        f"{labels.verdict_name('art22')}: {labels.verdict_status('art22', v.art22.status)}",
        f"{labels.verdict_name('ai_act')}: {labels.verdict_status('ai_act', v.ai_act.status)}",
        f"{labels.verdict_name('fria')}: " + labels.verdict_status(
            "fria", "required" if v.ai_act.details.get("fria_required") else "not_required"),
        f"{labels.verdict_name('prior_consultation')}: "
        + labels.verdict_status("prior_consultation", v.prior_consultation.status),
        "NIST AI RMF",
    ]
    # The PDF's keyword list is one comma-separated string: commas inside a keyword would
    # split it when read back.
    keywords = [k.replace(",", ";") for k in keywords]
    parts = [p for p in (meta.organisation, meta.department) if p]
    subject = pgettext("PDF subject", "Risk assessment of an AI system before use ({who}); "
                       "questionnaire {id} {version}").format(
        who=", ".join(parts) or "—", id=questionnaire.id, version=questionnaire.version)
    return PdfMetadata(
        title=pgettext("report title", "Risk assessment: {system}").format(
            system=meta.system or "—"),
        author=meta.assessor,
        subject=subject,
        keywords=tuple(keywords),
    )


def render_pdf(questionnaire: Questionnaire, answers: Answers, result: Result, *,
               lang: str, renderer: Any = None) -> bytes:
    """The PDF bytes. Call inside ``i18n.using(lang)``, with ``result`` scored there too."""
    renderer = renderer or default_renderer()
    with _gc_paused():
        return _render_pdf(questionnaire, answers, result, lang=lang, renderer=renderer)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Rendering allocates millions of short-lived objects; the cyclic collector walking
    them again and again costs a sixth of the time. It runs once afterwards instead."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _render_pdf(questionnaire: Questionnaire, answers: Answers, result: Result, *,
                lang: str, renderer: Any) -> bytes:
    from riskkit.pdf.write import templates_dir

    html = render_html(questionnaire, answers, result, lang=lang)
    document = document_mod.build(questionnaire, answers, result)
    info = dataclasses.replace(
        metadata(questionnaire, answers, result),
        created=document_date(answers),
        lang=pdf_language_tag(lang),
        creator=f"riskkit {__version__}; layout {layout_fingerprint(lang)}",
    )
    return renderer.render(
        html,
        info,
        base_dir=templates_dir(),
        stylesheets=[templates_dir() / STYLESHEET],
        attachment=document_mod.serialise(document),
        attachment_description=pgettext(
            "attachment description", "The machine-readable assessment: answers, result and "
            "questionnaire (riskkit {version})").format(version=__version__),
    )


_LAYOUT = re.compile(r"; layout ([0-9a-f]{12})\b")
_fingerprints: dict[tuple, str] = {}


def layout_fingerprint(lang: str) -> str:
    """What, besides the assessment and the questionnaire, decides a PDF's bytes: riskkit's
    version, the templates, stylesheets and fonts, and the catalog of ``lang``. Written into
    the PDF's creator, so verify can tell a PDF laid out differently from an altered one."""
    from riskkit.i18n import catalog_path
    from riskkit.pdf.write import templates_dir

    root = templates_dir()
    files = sorted(p for p in root.rglob("*") if p.is_file()
                   and p.suffix.lower() in (".html", ".css", ".ttf", ".otf", ".svg", ".png"))
    catalog = catalog_path(lang)
    if catalog.is_file():
        files.append(catalog)
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    key = (lang, stamp)
    found = _fingerprints.get(key)
    if found is None:
        digest = hashlib.sha256(f"riskkit {__version__}\n".encode())
        for path in files:
            name = path.relative_to(root) if path.is_relative_to(root) else path.name
            digest.update(f"{name}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        found = _fingerprints[key] = digest.hexdigest()[:12]
    return found


def layout_from_creator(creator: str) -> str | None:
    match = _LAYOUT.search(creator or "")
    return match.group(1) if match else None


_renderer: Any = None


def default_renderer() -> Any:
    """One Renderer per process (one fontconfig, the parsed stylesheets), made on first use."""
    global _renderer
    if _renderer is None:
        import atexit

        from riskkit.pdf.write import Renderer

        _renderer = Renderer()
        atexit.register(_drop_renderer)  # free fontconfig while its library is still loaded
    return _renderer


def _drop_renderer() -> None:
    global _renderer
    _renderer = None


def warm_up(renderer: Any = None) -> Any:
    """Load what every render needs (renderer, stylesheets, compiled template) ahead of time."""
    from riskkit.pdf.write import templates_dir

    renderer = renderer or default_renderer()
    renderer.stylesheet(templates_dir() / STYLESHEET)
    environment().get_template(TEMPLATE)
    return renderer


# --- from an answers file to a PDF -------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """What one render produced: the file, its bytes' digest, its register rows, notices."""

    output: Path
    sha256: str
    rows: tuple[dict[str, str], ...]
    notices: tuple[str, ...]
    lang: str


def score_in(questionnaire: Questionnaire, answers: Answers, lang: str,
             policy: Any = None) -> Result:
    """Score with the texts of the result (titles, reasons, clauses) in ``lang``."""
    from riskkit.core.scoring import score

    with i18n.using(lang):
        return score(questionnaire, answers, policy)


def refuse_overwrite(output: Path) -> None:
    raise RiskkitError(pgettext(
        "render error", "{file} exists already; riskkit does not overwrite it. Use --force to "
        "replace it, or --output to write elsewhere.").format(file=output))


def render_loaded(questionnaire: Questionnaire, answers: Answers, output_path: Path, *,
                  lang: str, force: bool = False, renderer: Any = None,
                  notices: Sequence[str] = (), policy: Any = None) -> Rendered:
    """Render loaded answers; with ``policy`` (a PolicyPack), checked against it too."""
    output_path = Path(output_path)
    if output_path.exists() and not force:
        refuse_overwrite(output_path)
    with i18n.using(lang):
        from riskkit.core.scoring import score

        result = score(questionnaire, answers, policy)
        pdf = render_pdf(questionnaire, answers, result, lang=lang, renderer=renderer)
        digest = hashlib.sha256(pdf).hexdigest()
        rows = tuple(risk_rows(questionnaire, answers, result, digest))
    if output_path.exists() and not force:  # it may have appeared while we rendered
        refuse_overwrite(output_path)
    from riskkit.fileio import write_atomic

    write_atomic(output_path, pdf)
    return Rendered(output_path, digest, rows, tuple(notices), lang)


def load_answers(answers_path: Path | str, questionnaire_path: Path | str | None = None
                 ) -> tuple[Questionnaire, Answers, list[str]]:
    from riskkit.load import inputs, questionnaire

    q = questionnaire.load(questionnaire_path)
    answers, problems = inputs.answers(answers_path, q)
    return q, answers, [str(p) for p in problems]


def render_file(answers_path: Path | str, output_path: Path | str, *, lang: str | None = None,
                questionnaire_path: Path | str | None = None, force: bool = False,
                renderer: Any = None, policy: str | None = None,
                policy_dirs: Sequence[Path | str] = ()) -> Rendered:
    """Render one answers file; everything the CLI needs to report and to write the register.

    The policy pack is ``policy`` (an id or a path, as ``--policy``), else the answers file's
    ``meta.policy``, an id looked up among the shipped packs and those in ``policy_dirs``
    (``--policies``): a path in the file is never opened.
    """
    from riskkit.fileio import refuse_special
    from riskkit.load import policy as policy_packs

    output_path = Path(output_path)
    refuse_special(output_path)  # a link or a device: said before the work, never replaced
    if output_path.exists() and not force:
        refuse_overwrite(output_path)  # before the work, not only after it
    q, answers, notices = load_answers(answers_path, questionnaire_path)
    dirs = tuple(Path(d) for d in policy_dirs)
    pack = policy_packs.for_answers(q, answers.meta.policy, answers_path, policy, dirs)
    if pack is not None:
        answers = with_policy_recorded(answers, pack)
    code, more = resolve_render_language(lang, answers)
    return render_loaded(q, answers, output_path, lang=code, force=force, renderer=renderer,
                         notices=[*notices, *more], policy=pack)


def with_policy_recorded(answers: Answers, pack: Any) -> Answers:
    """The answers with ``meta.policy`` naming ``pack`` by its id, the way ``riskkit verify``
    finds it again (by id and the content hash the result records; never by a path)."""
    from dataclasses import replace

    if pack.id == answers.meta.policy:
        return answers
    return replace(answers, meta=replace(answers.meta, policy=pack.id))


def render_answers_file(answers_path: Path | str, output_path: Path | str, *,
                        lang: str | None = None, questionnaire_path: Path | str | None = None,
                        force: bool = False, policy: str | None = None,
                        policy_dirs: Sequence[Path | str] = ()) -> Path:
    """Render the PDF of an answers file to ``output_path`` and return that path.

    The language is ``lang``, else the answers file's own; the policy pack ``policy`` (id or
    path), else the answers file's ``meta.policy``. An existing file is only replaced with
    ``force``. Raises RiskkitError (with a message for a person) on failure.
    """
    return render_file(answers_path, output_path, lang=lang,
                       questionnaire_path=questionnaire_path, force=force,
                       policy=policy, policy_dirs=policy_dirs).output


def example_answers_path() -> Path | None:
    """The richest shipped example (the one answering the most questions), if any."""
    from riskkit.resources import data_dir

    folder = data_dir("examples")
    best: tuple[int, str] | None = None
    found: Path | None = None
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        weight = (text.count("\n"), path.name)
        if best is None or weight > best:
            best, found = weight, path
    return found


def example_answers(questionnaire: Questionnaire) -> Answers:
    """Answers built in code when no example ships: every closed question answered with its
    first value, every third one "don't know", text questions given a sentence."""
    meta = answers_mod.Meta(
        id="RK-EXAMPLE-0001", system=pgettext("example", "Example AI system"),
        organisation=pgettext("example", "Example municipality"), country="NO",
        department=pgettext("example", "Example department"), owner="—", assessor="—",
        date=dt.date(2026, 3, 5), classification="")
    answers = Answers.new(questionnaire, i18n.current_language(), meta)
    effective: dict[str, Any] = {}
    for index, question in enumerate(questionnaire.questions):
        if question.closed:
            values = question.offered(meta.country)
            value: Any = DONT_KNOW if index % 3 == 2 or not values else values[0]
            if question.type == "multi" and value != DONT_KNOW:
                value = [value]
        elif question.type == "date":
            value = "2026-09-01"
        else:
            value = pgettext("example", "An example answer.")
        answers = answers.with_answer(question.id, value)
        effective[question.id] = value
    return answers_mod.prune(questionnaire, answers)


def render_example(lang: str, output: Path | str, *, policy: str | None = None) -> Path:
    """Render the richest shipped example in ``lang`` (answers built in code if none ships),
    checked against the policy pack ``policy`` (id or path) when given."""
    code = i18n.resolve_language(lang, {}) or i18n.SOURCE_LANGUAGE
    output = Path(output)
    path = example_answers_path()
    if path is not None:
        return render_file(path, output, lang=code, force=True, policy=policy).output
    from riskkit.load import policy as policy_packs
    from riskkit.load import questionnaire

    q = questionnaire.load()
    with i18n.using(code):
        answers = example_answers(q)
    pack = policy_packs.resolve(policy, q) if policy else None
    if pack is not None:
        answers = with_policy_recorded(answers, pack)
    return render_loaded(q, answers, output, lang=code, force=True, policy=pack).output
