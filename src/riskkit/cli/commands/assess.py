"""`riskkit assess`: the interview in the terminal, saved after every answer.

The wiring only: `riskkit.core.interview` decides what is asked, `riskkit.tui` asks it, and
this module chooses the language, finds the draft, saves it after each step and makes the
output at the end.

Imports are the point of care here: the first prompt must appear within 0.3 s. The CLI
imports only this command module for `riskkit assess`, and this module imports only light
modules at the top; questionary comes in when `run` starts, the questionnaire and answers
modules when they are used (a new assessment loads the questionnaire in a thread while the
person types the system's name), and WeasyPrint only with `riskkit.report`, after the last
answer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import shutil
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from riskkit import i18n
from riskkit.cli.env import Environment
from riskkit.cli.options import add_lang, add_policies, add_questionnaire
from riskkit.errors import ExitStatus, RiskkitError, UsageError
from riskkit.i18n import pgettext

if TYPE_CHECKING:  # pragma: no cover
    from riskkit.cli.workfolder import Folder
    from riskkit.core.answers import Answers, Loaded
    from riskkit.core.interview import MetaField, Session
    from riskkit.core.model import Question, Questionnaire

ORDER = 10


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "assess",
        help=pgettext(
            "assess command help", "assess an AI system by answering questions in the terminal"
        ),
        description=pgettext(
            "assess command help",
            "Assess an AI system: describe it, answer the questions section "
            "by section, review, and get the report. Your answers are saved "
            "after every question; stop with Ctrl-C at any time and continue "
            "later with --answers.",
        ),
    )
    add_lang(parser)
    # Translators: placeholders in `riskkit assess --help`, in capitals as is the custom.
    add_questionnaire(parser)
    parser.add_argument(
        "--answers",
        metavar=pgettext("cli metavar", "DRAFT"),
        help=pgettext(
            "assess command help",
            "answers file to save to; if it exists, continue it where it stopped",
        ),
    )
    parser.add_argument(
        "--from",
        dest="from_pdf",
        metavar=pgettext("cli metavar", "OLD.pdf"),
        help=pgettext(
            "assess command help", "start a reassessment from the answers in an earlier report"
        ),
    )
    parser.add_argument(
        "--policy",
        metavar=pgettext("cli metavar", "POLICY"),
        help=pgettext(
            "assess command help",
            "also check your organisation's AI policy: the id of a shipped pack (see `riskkit "
            "policies list`) or the path of your own; it is recorded in the answers file",
        ),
    )
    add_policies(parser)
    parser.add_argument(
        "--output",
        metavar=pgettext("cli metavar", "OUT"),
        help=pgettext(
            "assess command help",
            "where to write the report (default: next to the answers file, ending in .pdf)",
        ),
    )
    parser.set_defaults(run=run)


# --- where the answers are saved ---------------------------------------------------------


@dataclass
class Draft:
    """The answers file written after every step, so that no answer is ever lost."""

    path: Path
    saved: bool = False

    def save(self, questionnaire: Questionnaire, answers: Answers) -> None:
        from riskkit.core import answers as answers_mod
        from riskkit.fileio import write_atomic

        write_atomic(self.path, answers_mod.dumps(questionnaire, answers))
        self.saved = True


class QuestionnaireLoader:
    """Loads the questionnaire in a thread, started once the first prompt is on the screen.

    Parsing a questionnaire of a hundred questions takes longer than the whole budget for
    the first prompt (0.3 s), so a new assessment asks for the system's name first and
    loads meanwhile; the person reading and typing costs the loader nothing. `get` waits
    for the result (loading at once if nothing started it) and re-raises its error.
    """

    def __init__(self, path: str | None):
        self._path = path
        self._thread: threading.Thread | None = None
        self._result: Questionnaire | None = None
        self._error: Exception | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._load, name="questionnaire", daemon=True
                )
                self._thread.start()

    def _load(self) -> None:
        from riskkit.load import questionnaire

        try:
            self._result = questionnaire.load(self._path)
        except Exception as exc:  # noqa: BLE001 - any error is handed to the main thread
            self._error = exc

    def get(self) -> Questionnaire:
        self.start()
        assert self._thread is not None
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def draft_path(answers: str | None, cwd: Path, assessment_id: str, folder: Folder | None
               ) -> Path:
    """Where the draft is saved: `--answers` (relative to the folder riskkit started in),
    else ``riskkit-<ID>.yaml`` in the folder for assessments (`riskkit.workfolder`), named
    like the report made from it, ``riskkit-<ID>.pdf``. Absolute, so the resume command
    works anywhere."""
    if answers or folder is None:
        return cwd / (answers or f"riskkit-{assessment_id}.yaml")
    return folder.path / f"riskkit-{assessment_id}.yaml"


def assessments_folder(args: argparse.Namespace, env: Environment) -> Folder | None:
    """The folder for assessments, created owner-only when a new draft will go there (no
    `--answers`); None when the person named the draft, so no folder is made in vain."""
    from riskkit.cli import workfolder

    if args.answers:
        return None
    return workfolder.ensure(workfolder.location(env.environ, env.cwd))


def program() -> list[str]:
    """How to start riskkit again: ``riskkit`` when that name finds this very script, else
    the script itself (after `make run`, riskkit is in .venv/bin, not on the PATH), and
    ``python -m riskkit`` with this very Python when it was started that way."""
    script = Path(sys.argv[0])
    if script.name == "__main__.py" and script.parent.name == "riskkit":
        return [sys.executable, "-m", "riskkit"]
    if script.name != "riskkit" or not script.is_file():
        return ["riskkit"]  # a test calling run()
    found = shutil.which("riskkit")
    if found and Path(found).resolve() == script.resolve():
        return ["riskkit"]
    return [str(script.absolute())]


def command_line(
    command: str, *args: str, questionnaire: str | None = None, output: str | None = None
) -> str:
    """A riskkit command to copy, with the questionnaire and output of this session (the
    paths are absolute, see `absolute_paths`)."""
    parts = [*program(), command, *args]
    if questionnaire:
        parts += ["--questionnaire", questionnaire]
    if output:
        parts += ["--output", output]
    return shlex.join(parts)


def resume_command(draft: Path, questionnaire: str | None, output: str | None = None) -> str:
    return command_line(
        "assess", "--answers", str(draft), questionnaire=questionnaire, output=output
    )


def absolute_paths(args: argparse.Namespace, cwd: Path) -> None:
    """--questionnaire and --output relative to the folder riskkit started in, made absolute
    once: the commands shown on the screen (resume, render later) then work from anywhere,
    and the report's path is shown in full like the draft's."""
    for name in ("questionnaire", "output"):
        value = getattr(args, name, None)
        if value:
            setattr(args, name, str(cwd / Path(value).expanduser()))


# --- the command -------------------------------------------------------------------------


def run(args: argparse.Namespace, env: Environment) -> int:
    if not env.stdin_isatty:
        env.error(
            pgettext(
                "assess",
                "This command asks questions and needs a terminal. Run it "
                "in a terminal, or use `riskkit render` with an answers file.",
            )
        )
        return ExitStatus.USAGE
    if args.from_pdf and args.answers and Path(args.answers).exists():
        raise UsageError(
            pgettext(
                "assess",
                "{file} exists already. To reassess from {pdf}, "
                "name a new answers file with --answers, or leave it out.",
            ).format(file=args.answers, pdf=args.from_pdf)
        )
    from riskkit.tui import terminal as prompts

    absolute_paths(args, env.cwd)
    today = dt.date.today()
    loader = QuestionnaireLoader(args.questionnaire)
    draft: Draft | None = None
    background = None
    try:
        i18n.activate(choose_language(args, env, prompts))
        args.folder = assessments_folder(args, env)
        if args.from_pdf or (args.answers and Path(args.answers).exists()):
            session, draft = resume(args, env, loader.get(), prompts, today)
            shown = None
        else:
            session, draft = begin(args, env, loader, prompts, today)
            shown = ""  # begin() showed the system description's title
        args.policy_dirs = _policy_dirs(args, env)
        if args.policy:
            session.answers = with_policy(session, draft, args.policy, args.policy_dirs)
        background = _background_render(draft, args)
        Interviewer(session, draft, prompts, today, section_shown=shown,
                    background=background).run()
    except (KeyboardInterrupt, EOFError):
        if background is not None:
            background.stop()
        _say_stopped(prompts, draft, args)
        return ExitStatus.INTERRUPTED
    try:
        return finish(session, draft, args, prompts, background)
    finally:
        background.stop()


def _background_render(draft: Draft, args: argparse.Namespace) -> Any:
    """The render that runs while the person reads the review (riskkit.report.background)."""
    from riskkit.report.background import BackgroundRender

    output = Path(args.output) if args.output else draft.path.with_suffix(".pdf")
    return BackgroundRender(draft.path.resolve().parent, output.resolve(),
                            i18n.current_language(), args.questionnaire)


def begin(
    args: argparse.Namespace,
    env: Environment,
    loader: QuestionnaireLoader,
    prompts: Any,
    today: dt.date,
) -> tuple[Session, Draft]:
    """A new assessment: its ID and draft path are fixed and shown, and the system's name is
    asked while the questionnaire loads (see `QuestionnaireLoader`)."""
    from riskkit.core import interview

    ident = interview.new_assessment_id(today)
    draft = Draft(draft_path(args.answers, env.cwd, ident, args.folder))
    _say_start(prompts, draft, ident, args.folder)
    first = interview.META_FIELDS[0]
    progress = interview.description_progress(0)
    prompts.show_section(progress, None)
    name = prompts.ask_meta(
        first, "", False, prompts.progress_text(progress), on_shown=loader.start
    )
    q = loader.get()
    from riskkit.core.answers import Answers, Meta  # after the first prompt: see the docstring
    from riskkit.core.interview import Session

    answers = Answers.new(
        q, i18n.current_language(), interview.with_meta(Meta(id=ident), first.name, name)
    )
    draft.save(q, answers)
    return Session.start(q, answers), draft


def resume(
    args: argparse.Namespace, env: Environment, q: Questionnaire, prompts: Any, today: dt.date
) -> tuple[Session, Draft]:
    """A draft continued where it stopped, or a reassessment from an earlier report."""
    from riskkit.core.interview import Session

    answers, path, notices, describe = starting_point(args, env, q, today)
    draft = Draft(path)
    for notice in notices:
        prompts.say(notice, "notice")
    _say_start(prompts, draft, answers.meta.id, args.folder)
    return Session.start(q, answers, describe=describe), draft


def choose_language(args: argparse.Namespace, env: Environment, prompts: Any) -> str:
    """--lang, else the draft's language (continuing in the language it was begun in), else
    the environment, else a first prompt listing the languages in their own names."""
    asked = args.lang or getattr(args, "global_lang", None)  # riskkit --lang nb assess
    code = i18n.resolve_language(asked, env.environ) if asked else None
    code = code or _draft_language(args.answers)
    code = code or i18n.resolve_language(None, env.environ)
    if code:
        return code
    choices, question = i18n.language_menu()
    if len(choices) == 1:
        return choices[0][0]
    return prompts.ask_language(choices, question)


def _draft_language(path: str | None) -> str | None:
    """The language an existing draft was begun in, if it names one riskkit has."""
    if not path or not Path(path).is_file():
        return None
    from riskkit.load import yamlio

    try:
        raw = yamlio.load(Path(path).read_text(encoding="utf-8"), path)
    except (OSError, UnicodeDecodeError, RiskkitError):
        return None  # the real load reports what is wrong, in the right language
    if isinstance(raw, dict) and isinstance(raw.get("language"), str):
        return i18n.normalize_language(raw["language"])
    return None


def starting_point(
    args: argparse.Namespace, env: Environment, q: Questionnaire, today: dt.date
) -> tuple[Answers, Path, tuple[str, ...], bool | None]:
    """The answers to start from (an earlier report's, or the draft's), where to save them,
    notices to show (what no longer fits an older questionnaire; what a reassessment starts
    from), and whether the system description is walked (always for a reassessment, to
    confirm it; for a draft only when it was not completed)."""

    from riskkit.core import interview

    language = i18n.current_language()
    if args.from_pdf:
        loaded = answers_from_pdf(Path(args.from_pdf), q)
        answers = interview.renewed(q, loaded.answers, language, today)
        path = draft_path(args.answers, env.cwd, answers.meta.id, args.folder)
        start = pgettext(
            "assess",
            "A reassessment of {id} ({file}): the answers and comments given then are proposed. "
            "Confirm the description, then change in the review what is no longer true.",
        ).format(id=loaded.answers.meta.id or "—", file=args.from_pdf)
        return answers, path, (*map(str, loaded.notices), start), True
    from riskkit.load import inputs

    answers, notices = inputs.answers(args.answers, q)
    meta = (
        answers.meta
        if answers.meta.id
        else interview.with_meta(answers.meta, "id", answers.meta.assessment_id())
    )
    path = env.cwd / args.answers  # resuming: --answers names an existing draft
    return replace(answers, meta=meta, language=language), path, tuple(map(str, notices)), None


def answers_from_pdf(path: Path, q: Questionnaire) -> Loaded:
    """The answers embedded in an earlier report, checked like an answers file.

    Read as `riskkit extract` reads them (riskkit.document), so a missing, damaged or
    foreign PDF is reported the same way, naming the file.
    """
    from riskkit import document
    from riskkit.core import answers as answers_mod

    return answers_mod.loads(document.answers_file_text(document.from_pdf(path)), str(path), q)


# --- asking --------------------------------------------------------------------------------


@dataclass
class Interviewer:
    """Runs a Session through the prompts, saving the draft after every step."""

    session: Session
    draft: Draft
    prompts: Any
    today: dt.date
    last_changed: Any = None  # where the review's pointer starts
    section_shown: str | None = None  # id of the section whose title was printed last
    background: Any = None  # a report.background.BackgroundRender: the PDF made during the review
    proposed: tuple[str, Any] | None = None  # (question id, answer) to propose when re-asked

    def run(self) -> None:
        from riskkit.core.interview import MetaField

        while True:
            step = self.session.current
            if step is None:
                if self._review():
                    return
            elif isinstance(step, MetaField):
                self._meta(step)
            else:
                self._question(step)

    def _where(self) -> str:
        """Print a section's title when the person enters it (going forward or back); return
        the progress line to show with the prompt."""
        progress = self.session.progress()
        section = progress.section.id if progress.section else ""
        if section != self.section_shown:
            self.prompts.show_section(progress, self.session.answers.meta.country)
            self.section_shown = section
        return self.prompts.progress_text(progress)

    def _save(self) -> None:
        self.draft.save(self.session.questionnaire, self.session.answers)

    def _back(self) -> None:
        """Go back one step, taking the old answer's line off the screen (it is asked again
        and leaves a new one)."""
        self.session.back()
        self.prompts.forget_last_answer()
        self.section_shown = self.prompts.shown_section()

    def _meta(self, field_: MetaField) -> None:
        from riskkit.core import interview

        s = self.session
        header = self._where()
        default = interview.meta_default(
            s.questionnaire, s.answers.meta, field_.name, s.answers.language, self.today
        )
        value = self.prompts.ask_meta(field_, default, s.can_go_back, header)
        if value is self.prompts.BACK:
            self._back()
            return
        before = dict(s.answers.values)
        s.answer(value)
        dropped = [qid for qid in before if qid not in s.answers.values]
        if field_.name == "country" and dropped:
            # Another country's law: its questions are not asked here and its choices not
            # offered (questionnaire `countries`); say what went, it is asked again if open.
            self.prompts.say(
                pgettext(
                    "assess",
                    "Answers that belong to another country's law were left out for {country}: "
                    "{questions}. What is still asked comes again.",
                ).format(country=s.answers.meta.country, questions=", ".join(dropped)),
                "notice",
            )
        self._save()

    def _question(self, question: Question) -> None:
        """Ask the current question. The comment key opens its comment and then asks the
        question again, proposing what was pointed at or typed (`proposed`)."""
        s = self.session
        header = self._where()
        default = s.value(question)
        if self.proposed is not None and self.proposed[0] == question.id:
            default = self.proposed[1]
        self.proposed = None
        value = self.prompts.ask(
            question, default, s.can_go_back, header, s.comment_of(question),
            country=s.answers.meta.country,
        )
        if isinstance(value, self.prompts.CommentRequest):
            self._comment(question)
            self.proposed = (question.id, value.draft)
            return
        if value is self.prompts.BACK:
            self._back()
            return
        s.answer(value)
        self._save()

    def _comment(self, question: Question) -> None:
        """The comment field for `question`; saved at once when it changed (Esc: unchanged)."""
        s = self.session
        comment = self.prompts.ask_comment(s.comment_of(question))
        if comment is not self.prompts.BACK and comment != s.comment_of(question):
            s.comment(question, comment)
            self._save()

    def _review(self) -> bool:
        from riskkit.core.interview import META_FIELDS

        s = self.session
        meta = [(f, getattr(s.answers.meta, f.name)) for f in META_FIELDS]
        if self.background is not None:
            # the answers as saved: their PDF renders while the person reads the review
            self.background.start(_answers_text(s))
        self.prompts.say()
        choice = self.prompts.ask_review(
            s.review(), meta, self.last_changed, inconsistencies=s.inconsistencies()
        )
        if isinstance(choice, self.prompts.CommentRequest):
            self._comment(choice.target)
            self.last_changed = choice.target
            return False
        if choice is self.prompts.FINISH:
            if s.finish():
                return True
            self.prompts.say(
                pgettext(
                    "assess", "Some questions still need an answer (“Don't know” is an answer too)."
                ),
                "notice",
            )
            return False
        s.change(choice)
        self.last_changed = choice
        return False


def _say_start(prompts: Any, draft: Draft, assessment_id: str, folder: Folder | None) -> None:
    """The assessment's ID and where its draft is saved; when it is in the folder for
    assessments, that folder too, and a warning if other users can open it."""
    prompts.say(pgettext("assess", "Assessment {id}").format(id=assessment_id), "section")
    if folder is not None:
        prompts.say(
            pgettext(
                "assess",
                "Drafts and reports are kept in {folder}, which only you can open (set "
                "RISKKIT_HOME to choose another folder).",
            ).format(folder=folder.path)
            if not folder.open_to_others
            else pgettext(
                "assess",
                "Drafts and reports are kept in {folder}. Other users of this computer can "
                "open that folder, and drafts hold personal data: restrict it with "
                "chmod 700 {folder}, or set RISKKIT_HOME to another folder.",
            ).format(folder=folder.path),
            "notice" if folder.open_to_others else "",
        )
    prompts.say(
        pgettext(
            "assess",
            "Your answers are saved after every question in {file}. "
            "You can stop at any time with Ctrl-C and continue later.",
        ).format(file=draft.path)
    )


def _say_stopped(prompts: Any, draft: Draft | None, args: argparse.Namespace) -> None:
    prompts.say()
    if draft is None or (not draft.saved and not draft.path.exists()):
        prompts.say(pgettext("assess", "Stopped. Nothing was answered yet, so nothing was saved."))
        return
    prompts.say(
        pgettext("assess", "Stopped. Every answer you gave is saved in {file}.").format(
            file=draft.path
        )
    )
    prompts.say(pgettext("assess", "To continue where you left off, run:"))
    command = resume_command(draft.path, args.questionnaire, args.output)
    prompts.say("  " + command, "answer", wrap=False)


# --- the end -------------------------------------------------------------------------------


def _policy_dirs(args: argparse.Namespace, env: Environment) -> tuple[Path, ...]:
    """The folders of the organisation's own packs (--policies, else $RISKKIT_POLICIES),
    made absolute so the commands shown at the end work from anywhere."""
    given = args.policies or [
        d for d in env.environ.get("RISKKIT_POLICIES", "").split(os.pathsep) if d.strip()]
    return tuple(env.cwd / Path(d).expanduser() for d in given)


def with_policy(session: Session, draft: Draft, value: str,
                dirs: tuple[Path, ...] = ()) -> Answers:
    """The answers with `meta.policy` set to the pack's id, after checking the pack loads: a
    pack that cannot be used is reported before the first question, not after the last. The
    id, never a path, goes into the file (riskkit looks a pack named in a file up by id)."""
    from riskkit.load import policy as policy_packs

    pack = policy_packs.resolve(value, session.questionnaire, dirs)
    meta = replace(session.answers.meta, policy=pack.id)
    return replace(session.answers, meta=meta)


def _answers_text(session: Session) -> str:
    """The answers file's text, as Draft.save writes it."""
    from riskkit.core import answers as answers_mod

    return answers_mod.dumps(session.questionnaire, session.answers)


def finish(session: Session, draft: Draft, args: argparse.Namespace, prompts: Any,
           background: Any = None) -> int:
    """Save, print the summary, then make the report (or say where the answers are)."""
    from riskkit.core import policy
    from riskkit.core.scoring import score
    from riskkit.load import policy as policy_packs
    from riskkit.tui import summary

    q = session.questionnaire
    draft.save(q, session.answers)
    prompts.say()
    dirs = getattr(args, "policy_dirs", ())
    pack = policy_packs.for_answers(q, session.answers.meta.policy, draft.path,
                              getattr(args, "policy", None), dirs)
    result = score(q, session.answers, pack)
    for line in summary.lines(q, result):
        prompts.say(line)
    if result.policy is not None:
        prompts.say()
        for line in policy.summary_lines(result.policy):
            prompts.say(line)
    prompts.say()
    output = Path(args.output) if args.output else draft.path.with_suffix(".pdf")
    from riskkit import report  # WeasyPrint comes with it: only now, after the last answer

    try:
        return _report(report, draft, output, args, prompts, background, _answers_text(session))
    except (KeyboardInterrupt, EOFError):
        prompts.say()
        _say_render_later(prompts, draft, args)
        return ExitStatus.INTERRUPTED
    except RiskkitError as exc:
        prompts.say(str(exc), "notice")
        _say_render_later(prompts, draft, args)
        return exc.exit_code


def _report(report: Any, draft: Draft, output: Path, args: argparse.Namespace, prompts: Any,
            background: Any = None, answers_text: str = "") -> int:
    """The PDF, after asking before an existing file is replaced: the one rendered during the
    review when the answers are those it rendered, else rendered now."""
    force = False
    if output.exists():
        force = prompts.ask_yes_no(
            pgettext("assess", "{file} exists already. Replace it?").format(file=output),
            default=False,
        )
        if not force:
            _say_render_later(prompts, draft, args)
            return ExitStatus.OK
    prompts.say(pgettext("assess", "Making the report…"))
    written = background.take(answers_text, output) if background is not None else None
    if written is None:
        written = report.render_answers_file(
            draft.path,
            output,
            lang=i18n.current_language(),
            questionnaire_path=args.questionnaire,
            force=force,
        )
    prompts.say(
        pgettext("assess", "The report is in {file}").format(file=written or output), "section"
    )
    prompts.say(pgettext("assess", "Your answers are in {file}").format(file=draft.path))
    return ExitStatus.OK


def _say_render_later(prompts: Any, draft: Draft, args: argparse.Namespace) -> None:
    """Where the answers are, and the command that makes the report from them (with this
    session's questionnaire and output, so that it makes the same report)."""
    extra = [x for d in getattr(args, "policy_dirs", ()) for x in ("--policies", str(d))]
    if getattr(args, "policy", None):
        extra += ["--policy", args.policy]
    command = command_line(
        "render", str(draft.path), *extra, questionnaire=args.questionnaire, output=args.output
    )
    prompts.say(pgettext("assess", "Your answers are in {file}").format(file=draft.path), "section")
    prompts.say(  # not wrapped: the command is copied from the screen
        pgettext("assess", "Make the report from them with: {command}").format(command=command),
        wrap=False,
    )
