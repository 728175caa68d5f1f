"""Hostile and careless input (review hostile-input-2026-12): every failure the review found,
each refused with a message naming file, line and field, or handled correctly."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from riskkit import limits, text
from riskkit.cli.env import Environment
from riskkit.cli.main import main
from riskkit.core import answers as A
from riskkit.errors import ProblemsError

EXAMPLE = Path(__file__).parent.parent / "examples" / "nb-citizen-chatbot.yaml"


def run(*argv: str, environ: dict | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err,
                      environ=environ or {"LANG": "C"})
    code = main(["--lang", "en", *argv], env)
    return code, out.getvalue(), err.getvalue()


def answers_text(mini, meta: str = "", body: str = "") -> str:
    return textwrap.dedent(f"""\
        schema: 1
        questionnaire: {{id: test, version: {mini.version}, hash: {mini.content_hash}}}
        language: nb
        meta:
          system: Chatbot
          country: "NO"
        """) + meta + body


def problems(mini, source: str) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        A.loads(source, "a.yaml", mini)
    return [str(p) for p in caught.value.problems]


# --- text is text ---------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\v", "\f", "\u2028", "\x85", "\r"])
def test_line_break_characters_from_word_are_normalised(mini, char):
    """Word's Shift+Enter pastes a vertical tab: a line break meant, not an error. A one-line
    field gets a space, a comment a newline."""
    source = answers_text(mini, f"  assessor: Kari{char}Nordmann\n",
                          "comments:\n  data.personal: "
                          f"\"first{char.encode('unicode_escape').decode()}second\"\n"
                          if char != "\r" else "")
    loaded = A.loads(source, "a.yaml", mini).answers
    assert loaded.meta.assessor == "Kari Nordmann"
    if char != "\r":
        assert loaded.comments["data.personal"] == "first\nsecond"


@pytest.mark.parametrize("char, shown", [("\x1b", "U+001B"), ("\x07", "U+0007"),
                                         ("\x00", "U+0000"), ("\x9b", "U+009B")])
@pytest.mark.parametrize("field", ["system", "assessor", "department", "id"])
def test_control_characters_are_refused_naming_the_field(mini, field, char, shown):
    meta = f"  {field}: a{char}b\n" if field != "system" else ""
    source = answers_text(mini, meta).replace("system: Chatbot", f"system: Chat{char}bot") \
        if field == "system" else answers_text(mini, meta)
    found = problems(mini, source)
    assert len(found) == 1
    assert "a.yaml line " in found[0] and f"meta.{field}:" in found[0] and shown in found[0]


def test_escaped_control_characters_in_quotes_are_refused_too(mini):
    """YAML's "\\e" makes an ESC as surely as a raw one."""
    found = problems(mini, answers_text(mini, "", 'comments:\n  data.personal: "x\\e[2J"\n'))
    assert "comment on `data.personal`" in found[0] and "U+001B" in found[0]


def test_terminal_output_shows_control_characters_instead_of_obeying_them():
    out = io.StringIO()
    Environment(stdout=out, stderr=out).print("title \x1b]0;pwned\x07 and \x1b[2J\rdone\n\tok")
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "\r" not in out.getvalue()
    assert out.getvalue() == "title \\x1b]0;pwned\\x07 and \\x1b[2J\\x0ddone\n\tok\n"


def test_score_never_prints_an_escape_sequence(tmp_path):
    """The review: ESC sequences in meta fields were printed raw by `score`; an unknown key
    (not a text field) reaches the terminal in the error message."""
    source = EXAMPLE.read_text(encoding="utf-8").replace(
        "meta:\n", "meta:\n  \x1b]0;pwned\x07: x\n", 1)
    path = tmp_path / "a.yaml"
    path.write_text(source, encoding="utf-8")
    code, out, err = run("score", str(path))
    assert code == 1 and "\x1b" not in out + err and "\\x1b]0;pwned\\x07" in err


def test_text_helpers():
    assert text.normalise_breaks("a\r\nb\vc", multiline=True) == "a\nb\nc"
    assert text.forbidden_character("ok\ttab\nline") is None
    assert text.forbidden_character("a\ufffe") == "U+FFFE"


# --- wrong types, duplicates, schema, dates, hash -------------------------------------------


@pytest.mark.parametrize("value, kind", [("[a, b]", "a list"), ("{a: b}", "a mapping"),
                                         ("true", "true or false")])
def test_wrong_types_where_text_belongs_are_named(mini, value, kind):
    found = problems(mini, answers_text(mini, f"  assessor: {value}\n",
                                        f"comments:\n  data.personal: {value}\n"
                                        f"answers:\n  security.note: {value}\n"))
    assert len(found) == 3
    assert all(f"expected text, found {kind}" in p for p in found)
    assert any("meta.assessor" in p for p in found)
    assert any("answer to `security.note`" in p for p in found)
    assert any("comment on `data.personal`" in p for p in found)


def test_language_must_be_text(mini):
    found = problems(mini, answers_text(mini).replace("language: nb", "language: [nb, sv]"))
    assert "language: expected text, found a list" in found[0]


def test_schema_true_is_not_schema_1(mini):
    """True == 1 in Python: `schema: true` was accepted as schema 1."""
    found = problems(mini, answers_text(mini).replace("schema: 1", "schema: true"))
    assert "schema" in found[0] and "unsupported schema" in found[0]


def test_duplicate_keys_are_reported_with_both_lines(mini):
    found = problems(mini, answers_text(mini, "  assessor: A\n  assessor: B\n"))
    assert "a.yaml line 8" in found[0] and "`assessor` is given twice (first at line 7)" in found[0]


@pytest.mark.parametrize("value", ["2026-02-30", "'2026-02-30'", "2026-13-01"])
def test_impossible_dates_quoted_or_not_are_named(mini, value):
    found = problems(mini, answers_text(mini, f"  date: {value}\n"))
    assert found == ["a.yaml line 7: meta.date: not a date; write it as 2026-03-05"]


def test_questionnaire_hash_mismatch_is_reported(mini):
    source = answers_text(mini).replace(mini.content_hash, "sha256:0000")
    loaded = A.loads(source, "a.yaml", mini)
    assert len(loaded.notices) == 1
    notice = str(loaded.notices[0])
    assert "a.yaml line 2: questionnaire.hash:" in notice and "sha256:0000" in notice


# --- bounded parsing --------------------------------------------------------------------------


def test_alias_bomb_is_refused_at_once(mini):
    """The review's 5 KB file: nine levels of anchors, each nine aliases of the one before,
    expanding to 9**9 strings (score ran 60 s and 3 GB)."""
    lines = ['  data.personal: &b0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"  x{i}: &b{i} [" + ",".join([f"*b{i - 1}"] * 9) + "]" for i in range(1, 9)]
    found = problems(mini, answers_text(mini, "", "comments:\n" + "\n".join(lines) + "\n"))
    assert found == ["a.yaml line 9: not valid YAML: aliases (*name) are not allowed in an "
                     "answers file; write the value out"]


def test_deep_nesting_is_refused_not_a_recursion_error(mini):
    found = problems(mini, answers_text(mini, "", "answers:\n  security.note: "
                                        + "[" * 400 + "]" * 400 + "\n"))
    assert "a.yaml line 8" in found[0] and f"nested deeper than {limits.ANSWERS_DEPTH}" in found[0]


def test_a_file_over_the_size_limit_is_refused(mini):
    source = answers_text(mini) + "#" * (limits.ANSWERS_FILE_BYTES + 1) + "\n"
    found = problems(mini, source)
    assert "larger than 1000 KB" in found[0]


@pytest.mark.parametrize("field", ["id", "classification", "system", "description"])
def test_field_lengths_are_limited_naming_field_and_limit(mini, field):
    limit = limits.meta_limit(field)
    ok = A.loads(answers_text(mini, f"  {field}: {'x' * limit}\n").replace(
        "  system: Chatbot\n", "") if field == "system" else
        answers_text(mini, f"  {field}: {'x' * limit}\n"), "a.yaml", mini)
    assert getattr(ok.answers.meta, field) == "x" * limit
    source = answers_text(mini, f"  {field}: {'x' * (limit + 1)}\n")
    if field == "system":
        source = source.replace("  system: Chatbot\n", "")
    found = problems(mini, source)
    assert f"meta.{field}: {limit + 1} characters; the limit is {limit}" in found[0]


def test_comment_and_text_answer_lengths_are_limited(mini):
    found = problems(mini, answers_text(
        mini, "", f"answers:\n  security.note: {'y' * (limits.ANSWER_TEXT + 1)}\n"
        f"comments:\n  data.personal: {'z' * (limits.COMMENT_TEXT + 1)}\n"))
    assert any(f"answer to `security.note`: {limits.ANSWER_TEXT + 1} characters" in p
               for p in found)
    assert any(f"comment on `data.personal`: {limits.COMMENT_TEXT + 1} characters" in p
               for p in found)


# --- no path from a received file is opened ----------------------------------------------------


def _with_policy(tmp_path: Path, value: str) -> Path:
    source = EXAMPLE.read_text(encoding="utf-8").replace("meta:\n", f"meta:\n  policy: {value}\n",
                                                         1)
    path = tmp_path / "a.yaml"
    path.write_text(source, encoding="utf-8")
    return path


def test_a_path_in_meta_policy_is_never_opened(tmp_path):
    """The review: `meta.policy: /etc/shadow` was opened and its first line printed."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("SECRET-FIRST-LINE: x\nclauses: []\n", encoding="utf-8")
    for value in (str(secret), "secret.yaml", "../secret.yaml"):
        code, out, err = run("score", str(_with_policy(tmp_path, value)))
        assert code == 1
        assert "SECRET" not in out + err
        assert "meta.policy" in err and "is not a policy pack id" in err
        assert "never opens a path written in a file" in err


def test_a_fifo_in_meta_policy_does_not_hang(tmp_path):
    import os
    import time

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    start = time.monotonic()
    code, out, err = run("score", str(_with_policy(tmp_path, str(fifo))))
    assert code == 1 and time.monotonic() - start < 10


def test_a_pack_id_is_found_in_the_organisations_folder_and_reported_when_missing(tmp_path):
    from riskkit.load import policy as policy_packs

    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "anything.yaml").write_text(
        (policy_packs.policies_dir() / "lekeberg.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    answers = _with_policy(tmp_path, "lekeberg")
    code, out, err = run("score", str(answers), "--json", "--policies", str(folder))
    assert code == 0, err
    code, out, err = run("score", str(_with_policy(tmp_path, "ours-only")))
    assert code == 1 and "pass --policies DIR" in err
    code, out, err = run("score", str(_with_policy(tmp_path, "ours-only")),
                         environ={"LANG": "C", "RISKKIT_POLICIES": str(folder)})
    assert code == 1 and str(folder) in err


def test_a_pack_in_the_environments_folder_is_found(tmp_path):
    from riskkit.load import policy as policy_packs

    folder = tmp_path / "ours"
    folder.mkdir()
    text = (policy_packs.policies_dir() / "lekeberg.yaml").read_text(encoding="utf-8")
    (folder / "ours-only.yaml").write_text(
        text.replace("id: lekeberg", "id: ours-only", 1), encoding="utf-8")
    code, out, err = run("score", str(_with_policy(tmp_path, "ours-only")), "--json",
                         environ={"LANG": "C", "RISKKIT_POLICIES": str(folder)})
    assert code == 0, err


def test_a_pack_is_found_again_by_its_hash(tmp_path):
    """verify looks the pack up by the id and the content hash the PDF records: a changed
    pack with the same id is not taken for the one used."""
    from riskkit.load import policy as policy_packs

    shipped = policy_packs.find("kalix")
    assert policy_packs.find("kalix", content_hash=shipped.content_hash) == shipped
    with pytest.raises(Exception, match="not with the content recorded"):
        policy_packs.find("kalix", content_hash="sha256:other")


# --- writing ------------------------------------------------------------------------------------


def test_output_naming_a_symlink_or_a_device_is_refused_never_replaced(tmp_path):
    import os

    from riskkit.errors import RiskkitError
    from riskkit.fileio import write_atomic

    target = tmp_path / "register.csv"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    with pytest.raises(RiskkitError, match="is a symbolic link"):
        write_atomic(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(RiskkitError, match="device or another special file"):
        write_atomic(fifo, "new")
    assert not fifo.is_file()
    code, out, err = run("render", str(EXAMPLE), "--output", str(link), "--force")
    assert code == 1 and "is a symbolic link" in err and link.is_symlink()
    code, out, err = run("render", str(EXAMPLE), "--output", "/dev/null", "--force")
    assert code == 1 and "special file" in err


def test_reading_a_fifo_as_answers_is_refused(tmp_path):
    import os

    fifo = tmp_path / "a.yaml"
    os.mkfifo(fifo)
    code, out, err = run("score", str(fifo))
    assert code == 1 and "not a regular file" in err


@pytest.mark.render
def test_a_render_batch_goes_on_past_a_bad_file(tmp_path):
    """The review: one bad file (an impossible unquoted date raised ValueError) stopped the
    batch; the others are rendered and the exit code says some failed."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "  date: 2026-", "  date: 2026-02-30 #", 1), encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run("render", str(bad), str(good), "--output", str(tmp_path / "out"))
    assert code == 1
    assert (tmp_path / "out" / "good.pdf").is_file() and not (tmp_path / "out" / "bad.pdf").exists()
    assert "bad.yaml line" in err and "meta.date: not a date" in err
    assert "1 file was not rendered." in err


# --- layout cost and the interview -------------------------------------------------------------


def test_all_texts_together_are_limited():
    """Each comment within its own limit, but 21 of them at it: the total bounds the layout
    time of the largest accepted file (bench/limits.py)."""
    from riskkit.load import questionnaire

    q = questionnaire.load()
    ids = [x.id for x in q.questions][:21]
    comments = "".join(f"  {qid}: {'w ' * (limits.COMMENT_TEXT // 2)}\n" for qid in ids)
    source = EXAMPLE.read_text(encoding="utf-8")
    source = source[:source.index("comments:")] if "comments:" in source else source
    with pytest.raises(ProblemsError) as caught:
        A.loads(source + "comments:\n" + comments, "a.yaml", q)
    found = [str(p) for p in caught.value.problems]
    assert len(found) == 1 and "characters together; the limit is 20000" in found[0]
    fewer = "".join(comments.splitlines(keepends=True)[:10])
    assert A.loads(source + "comments:\n" + fewer, "a.yaml", q).answers.comments


def test_long_unbroken_runs_get_break_opportunities_in_the_pages_only():
    assert text.breakable("short words stay as they are") == "short words stay as they are"
    long = "https://example.org/" + "a" * 100
    broken = text.breakable(long)
    assert broken.replace(text.ZERO_WIDTH_SPACE, "") == long
    assert max(len(part) for part in broken.split(text.ZERO_WIDTH_SPACE)) == 20


def test_the_interview_refuses_what_the_answers_file_would_refuse():
    """Typed text is checked against the same limits, so nothing saved is refused later."""
    from riskkit.tui.ask import check_text

    assert check_text(5)("abcde") is True
    assert check_text(5)("abcdef") == "6 characters; the limit is 5"
    assert "U+001B" in check_text(50)("a\x1b[2Jb")
    assert check_text(5, required=True)("  ") == "Please fill this in."
