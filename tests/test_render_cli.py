"""`riskkit render` and `riskkit extract` through the real entry point, with a fake terminal."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from riskkit import report
from riskkit.cli.commands.render import plan_outputs
from riskkit.cli.env import Environment
from riskkit.cli.main import main
from riskkit.core import answers as answers_mod
from riskkit.errors import UsageError
from riskkit.load import questionnaire
from tests.test_report import mini_answers, write_mini


def run(*argv: str, cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err, environ={"LANG": "C"},
                      cwd=cwd or Path.cwd())
    code = main(list(argv), env)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Two answers files rendered with --jobs 1 into one folder and --jobs 2 into another."""
    root = tmp_path_factory.mktemp("batch")
    qpath = write_mini(root)
    q = questionnaire.load(qpath)
    first = mini_answers(q)
    second = mini_answers(q, id="RA-2026-0043", system="Transcription of meetings",
                          assessor="Siv Jensen").with_answer("security.mfa", "yes")
    files = []
    for name, a in (("first.yaml", first), ("second.yaml", second)):
        path = root / name
        path.write_text(answers_mod.dumps(q, a), encoding="utf-8")
        files.append(path)
    one, two = root / "one", root / "two"
    register = root / "register.csv"
    code1, out1, err1 = run("render", *map(str, files), "--questionnaire", str(qpath),
                            "--output", str(one), "--jobs", "1", "--register-csv",
                            str(register))
    code2, out2, err2 = run("render", *map(str, files), "--questionnaire", str(qpath),
                            "--output", str(two) + "/", "--jobs", "2")
    return {"root": root, "q": q, "qpath": qpath, "files": files, "one": one, "two": two,
            "register": register, "answers": [first, second],
            "runs": [(code1, out1, err1), (code2, out2, err2)]}


def test_output_dir_gets_one_pdf_per_answers_file(batch):
    for code, _out, err in batch["runs"]:
        assert code == 0, err
    for folder in (batch["one"], batch["two"]):
        assert sorted(p.name for p in folder.iterdir()) == ["first.pdf", "second.pdf"]


def test_jobs_2_gives_the_same_bytes_as_jobs_1(batch):
    for name in ("first.pdf", "second.pdf"):
        assert (batch["one"] / name).read_bytes() == (batch["two"] / name).read_bytes()
    assert (batch["one"] / "first.pdf").read_bytes() != (batch["one"] / "second.pdf").read_bytes()


def test_register_csv_has_one_header_and_a_row_per_risk(batch, tmp_path):
    register = tmp_path / "register.csv"
    register.write_bytes(batch["register"].read_bytes())
    # append again: the header is not repeated
    code, _out, err = run("render", str(batch["files"][0]), "--questionnaire",
                          str(batch["qpath"]), "--output", str(tmp_path / "x.pdf"),
                          "--register-csv", str(register))
    assert code == 0, err
    lines = register.read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(lines))
    assert tuple(rows[0]) == report.RISK_ROW_COLUMNS
    assert sum(1 for r in rows if tuple(r) == report.RISK_ROW_COLUMNS) == 1
    risks = len(batch["q"].risks)
    assert len(rows) == 1 + 3 * risks
    records = list(csv.DictReader(lines))
    digests = {r["pdf_sha256"] for r in records}
    for pdf in (batch["one"] / "first.pdf", batch["one"] / "second.pdf", tmp_path / "x.pdf"):
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() in digests
    ids = [r["assessment_id"] for r in records]
    assert ids.count("RA-2026-0042") == 2 * risks and ids.count("RA-2026-0043") == risks
    assert {r["risk_id"] for r in records} == {r.id for r in batch["q"].risks}


def test_a_register_csv_that_is_not_ours_is_left_alone(batch, tmp_path):
    register = tmp_path / "other.csv"
    register.write_text("name,amount\nx,1\n", encoding="utf-8")
    code, _out, err = run("render", str(batch["files"][0]), "--questionnaire",
                          str(batch["qpath"]), "--output", str(tmp_path / "y.pdf"),
                          "--register-csv", str(register))
    assert code != 0 and "other.csv" in err
    assert register.read_text(encoding="utf-8") == "name,amount\nx,1\n"


def test_render_refuses_to_overwrite_without_force(batch):
    target = batch["one"] / "first.pdf"
    before = target.read_bytes()
    target.write_bytes(b"not a pdf, but someone's file")
    code, _out, err = run("render", str(batch["files"][0]), "--questionnaire",
                          str(batch["qpath"]), "--output", str(target))
    assert code == 1
    assert "first.pdf" in err and "--force" in err
    assert target.read_bytes() == b"not a pdf, but someone's file"
    code, _out, err = run("render", str(batch["files"][0]), "--questionnaire",
                          str(batch["qpath"]), "--output", str(target), "--force")
    assert code == 0, err
    assert target.read_bytes() == before


def test_default_output_is_beside_the_answers_file(batch, tmp_path):
    source = tmp_path / "system.yaml"
    source.write_bytes(batch["files"][1].read_bytes())
    code, out, err = run("render", str(source), "--questionnaire", str(batch["qpath"]))
    assert code == 0, err
    assert (tmp_path / "system.pdf").read_bytes() == (batch["one"] / "second.pdf").read_bytes()
    assert "system.pdf" in out


def test_extract_gives_back_the_answers_that_went_in(batch, tmp_path):
    out = tmp_path / "back.yaml"
    code, _out, err = run("extract", str(batch["one"] / "second.pdf"), "--output", str(out))
    assert code == 0, err
    q = batch["q"]
    loaded = answers_mod.loads(out.read_text(encoding="utf-8"), "back.yaml", q).answers
    original = batch["answers"][1]
    assert answers_mod.to_data(q, loaded) == answers_mod.to_data(q, original)
    assert loaded.meta == original.meta and dict(loaded.comments) == dict(original.comments)
    # and it renders to the very same PDF
    again = tmp_path / "again.pdf"
    code, _out, err = run("render", str(out), "--questionnaire", str(batch["qpath"]),
                          "--output", str(again))
    assert code == 0, err
    assert again.read_bytes() == (batch["one"] / "second.pdf").read_bytes()


def test_extract_refuses_to_overwrite_and_can_print(batch, tmp_path, capsys):
    existing = tmp_path / "kept.yaml"
    existing.write_text("mine\n", encoding="utf-8")
    code, _out, err = run("extract", str(batch["one"] / "first.pdf"), "--output", str(existing))
    assert code == 1 and "kept.yaml" in err
    assert existing.read_text(encoding="utf-8") == "mine\n"
    code, out, _err = run("extract", str(batch["one"] / "first.pdf"), "--output", "-")
    assert code == 0 and "RA-2026-0042" in out and "answers:" in out


def test_extract_says_what_is_wrong_with_a_foreign_file(tmp_path):
    bogus = tmp_path / "scan.pdf"
    bogus.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    code, _out, err = run("extract", str(bogus))
    assert code == 1 and "scan.pdf" in err


def test_an_unknown_language_is_refused_before_any_work(batch, tmp_path):
    code, _out, err = run("render", str(batch["files"][0]), "--questionnaire",
                          str(batch["qpath"]), "--lang", "xx", "--output",
                          str(tmp_path / "z.pdf"))
    assert code == 2 and "xx" in err
    assert not (tmp_path / "z.pdf").exists()


def test_plan_outputs(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "sub" / "b.yaml"
    assert plan_outputs([a], None) == [tmp_path / "a.pdf"]
    assert plan_outputs([a], str(tmp_path / "x.pdf")) == [tmp_path / "x.pdf"]
    assert plan_outputs([a, b], str(tmp_path / "out")) == [tmp_path / "out" / "a.pdf",
                                                           tmp_path / "out" / "b.pdf"]
    assert plan_outputs([a], str(tmp_path)) == [tmp_path / "a.pdf"]  # an existing folder
    with pytest.raises(UsageError):  # two files called a.yaml into one folder
        plan_outputs([a, tmp_path / "sub" / "a.yaml"], str(tmp_path / "out"))
    with pytest.raises(UsageError):  # the PDF would replace its own input
        plan_outputs([tmp_path / "a.pdf"], None)
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError):
        plan_outputs([a, b], str(tmp_path / "file"))


# --- every example in every language (issue 4's "done when") ----------------------------------


def _riskkit(*argv: str, cwd: Path) -> subprocess.Popen:
    """``riskkit ARGV`` in a fresh Python process (nothing shared with this one)."""
    return subprocess.Popen([sys.executable, "-m", "riskkit", *argv], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "LANG": "C"})


@pytest.fixture(scope="module")
def every_example(tmp_path_factory):
    """Every shipped example rendered in every language that has a catalog.

    Rendering: one ``riskkit render EXAMPLES... --lang L --jobs 2`` process per language.
    Then ``riskkit verify``, all five checks, of one example per language (a different one
    each), in two other processes at once: its last check renders the embedded assessment
    again and compares the bytes, so those PDFs are byte-identical across two separate
    processes. Every other PDF gets verify's first four checks in this process (the fifth
    would render all 50 again: minutes). See docs/report.md for what this costs.
    """
    from riskkit import i18n
    from riskkit.resources import data_dir

    root = tmp_path_factory.mktemp("every")
    examples = sorted(data_dir("examples").glob("*.yaml"))
    languages = i18n.offered_languages()  # not a catalog marked incomplete: work in progress
    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    pdfs: dict[tuple[str, str], Path] = {}
    for lang in languages:
        render = _riskkit("render", *map(str, examples), "--lang", lang,
                          "--output", f"{root / lang}/", "--jobs", "2", cwd=root)
        out, err = render.communicate()
        assert render.returncode == 0, err
        for source in examples:
            pdfs[source.stem, lang] = root / lang / f"{source.stem}.pdf"
    rendered = time.perf_counter()
    fully = [pdfs[examples[(2 * i) % len(examples)].stem, lang]
             for i, lang in enumerate(languages)]
    files = [str(p) for p in fully]
    halves = [_riskkit("verify", *files[i::2], cwd=root) for i in (0, 1)]
    verified: dict[str, str] = {}
    codes = []
    for half, proc in zip((files[0::2], files[1::2]), halves):
        out, err = proc.communicate()
        verified.update(_verify_blocks(out + err, half))
        codes.append(proc.returncode)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"\nevery example x language: {len(pdfs)} PDFs rendered in "
          f"{rendered - started:.0f} s, {len(fully)} verified in "
          f"{time.perf_counter() - rendered:.0f} s; "
          f"{used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime:.0f} s of CPU")
    return {"examples": {p.stem: p for p in examples}, "languages": languages, "pdfs": pdfs,
            "fully": fully, "verified": verified, "verify_codes": codes}


def _verify_blocks(output: str, files: list[str]) -> dict[str, str]:
    """verify's report cut into one block per PDF (each starts with the PDF's path)."""
    starts = sorted((output.index(f + ":"), f) for f in files if f + ":" in output)
    return {f: output[at:(starts[i + 1][0] if i + 1 < len(starts) else len(output))]
            for i, (at, f) in enumerate(starts)}


def _flat(text: str) -> str:
    """Text as one line, words hyphenated at a line end joined again."""
    return re.sub(r"[\u2010\u00ad-] ", "", " ".join(text.split()))


def test_every_example_ships_and_every_language_has_a_catalog(every_example):
    assert len(every_example["examples"]) >= 10
    assert set(every_example["languages"]) == {"en", "nb", "nn", "sv", "da"}


def test_one_example_per_language_verifies_intact_and_byte_identical(every_example):
    verified = every_example["verified"]
    assert every_example["verify_codes"] == [0, 0], "\n".join(verified.values())
    assert len({p.name for p in every_example["fully"]}) == len(every_example["languages"])
    for path in every_example["fully"]:
        block = verified[str(path)]
        assert block.count("[ok]") == 5, block  # the fifth: rendered again, same bytes


def _example_languages() -> list[tuple[str, str]]:
    from riskkit import i18n
    from riskkit.resources import data_dir

    return [(e.stem, lang) for e in sorted(data_dir("examples").glob("*.yaml"))
            for lang in i18n.offered_languages()]


@pytest.mark.parametrize("example, lang", _example_languages())
def test_every_example_reads_back_and_round_trips(every_example, example, lang, tmp_path):
    """verify's first four checks pass; text, attachment and metadata read back with pypdf;
    extract gives the answers back."""
    from riskkit import i18n, verify
    from riskkit.load import questionnaire as questionnaire_loader
    from riskkit.pdf.read import read_attachment, read_metadata, read_text

    source = every_example["examples"][example]
    pdf = every_example["pdfs"][example, lang]
    checked = verify.verify_file(pdf, rerender=False)
    assert [(c.name, c.status) for c in checked.checks] == [
        ("file", verify.OK), ("assessment", verify.OK), ("structure", verify.OK),
        ("result", verify.OK), ("identical", verify.SKIPPED)], list(verify.report_lines(checked))
    data = pdf.read_bytes()
    q = questionnaire_loader.load()
    original = answers_mod.loads(source.read_text(encoding="utf-8"), str(source), q).answers

    meta = read_metadata(data)
    assert meta.lang == report.pdf_language_tag(lang)
    assert (meta.pdfa_part, meta.pdfa_conformance) == (3, "B")
    assert original.meta.system in meta.title
    assert original.meta.assessment_id() in meta.keywords

    document = json.loads(read_attachment(data))
    assert document["answers"]["meta"]["id"] == original.meta.assessment_id()
    # the cover (with its contents) and the last page; every page's text is read back in
    # tests/test_report.py, and reading all 30-47 pages of 50 PDFs would take minutes
    cover, last = (_flat(t) for t in read_text(data, pages=(0, -1)).split("\f"))
    with i18n.using(lang):  # the contents, in the PDF's language
        for heading in report.headings(policy=bool(document["result"].get("policy"))).values():
            assert _flat(heading) in cover, heading
    assert original.meta.assessment_id() in cover and original.meta.assessment_id() in last
    assert document["questionnaire"]["hash"] in last.replace(" ", "")  # the method, last

    back = tmp_path / "back.yaml"
    code, _out, err = run("extract", str(every_example["pdfs"][example, lang]), "--output",
                          str(back))
    assert code == 0, err
    loaded = answers_mod.loads(back.read_text(encoding="utf-8"), str(back), q).answers
    assert dict(loaded.values) == dict(original.values)
    assert dict(loaded.comments) == dict(original.comments)
    assert loaded.meta == original.meta


# --- a policy pack ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_policy(tmp_path_factory):
    """A shipped example rendered once with --policy kalix (in English)."""
    from riskkit.pdf.read import read_attachment, read_text
    from riskkit.resources import data_dir

    root = tmp_path_factory.mktemp("policy")
    source = data_dir("examples") / "sv-social-assistance-risk-score.yaml"
    pdf = root / "kalix.pdf"
    code, out, err = run("render", str(source), "--policy", "kalix", "--lang", "en",
                         "--output", str(pdf))
    assert code == 0, err
    data = pdf.read_bytes()
    return {"pdf": pdf, "text": read_text(data),
            "document": json.loads(read_attachment(data))}


def test_render_with_a_policy_shows_the_conformance_section(with_policy):
    text = " ".join(with_policy["text"].split())
    policy = with_policy["document"]["result"]["policy"]
    assert policy["id"] == "kalix"
    assert with_policy["document"]["answers"]["meta"]["policy"] == "kalix"
    assert text.count("Policy conformance") >= 2  # contents and the section
    assert "Kalix kommun" in text  # on the cover
    first = " ".join(policy["clauses"][0]["text"].split())
    assert first[:40] in text
    assert text.index("What the law requires", 3000) < text.index("Policy conformance", 3000)


def test_a_pdf_rendered_with_a_policy_verifies(with_policy):
    code, out, err = run("verify", str(with_policy["pdf"]))
    assert code == 0, out + err
    assert out.count("[ok]") == 5


def test_date_answers_are_formatted(with_policy):
    import datetime as dt

    from riskkit import i18n

    with i18n.using("en"):
        shown = i18n.format_date(dt.date(2026, 9, 1))  # system.go_live in the example
    assert shown in " ".join(with_policy["text"].split())
