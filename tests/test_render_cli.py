"""`riskkit render` and `riskkit extract` through the real entry point, with a fake terminal."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from riskkit import answers as answers_mod
from riskkit import questionnaire, report
from riskkit.cli import main
from riskkit.commands.render import plan_outputs
from riskkit.env import Environment
from riskkit.errors import UsageError
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
    assert tuple(rows[0]) == report.REGISTER_COLUMNS
    assert sum(1 for r in rows if tuple(r) == report.REGISTER_COLUMNS) == 1
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


@pytest.mark.skipif(not os.environ.get("RISKKIT_ALL_EXAMPLES"),
                    reason="minutes of rendering: set RISKKIT_ALL_EXAMPLES=1")
def test_every_example_in_every_language(tmp_path):
    """Issue 4's "done when": every example renders in every language with a catalog, reads
    back, verifies, and round-trips through extract."""
    from riskkit import i18n, inputs
    from riskkit.pdf import extract_text, read_attachment, read_metadata
    from riskkit.resources import data_dir

    examples = sorted(data_dir("examples").glob("*.yaml"))
    if not examples:
        pytest.skip("no examples ship yet")
    q = inputs.questionnaire(None)
    for lang in i18n.available_languages():
        out = tmp_path / lang
        code, _out, err = run("render", *map(str, examples), "--lang", lang, "--output",
                              f"{out}/", "--jobs", "2")
        assert code == 0, err
        pdfs = sorted(out.glob("*.pdf"))
        code, _out, err = run("verify", *map(str, pdfs))
        assert code == 0, err
        for source, pdf in zip(examples, pdfs):
            data = pdf.read_bytes()
            assert read_metadata(data)["lang"] == report.pdf_language_tag(lang)
            assert extract_text(data).strip()
            document = json.loads(read_attachment(data))
            original = answers_mod.loads(source.read_text(encoding="utf-8"), str(source), q)
            back = answers_mod.loads(report.answers_file_text(document), "back.yaml", q)
            assert answers_mod.to_data(q, back.answers) == answers_mod.to_data(
                q, original.answers)


# --- a policy pack ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_policy(tmp_path_factory):
    """A shipped example rendered once with --policy kalix (in English)."""
    from riskkit.pdf import extract_text, read_attachment
    from riskkit.resources import data_dir

    root = tmp_path_factory.mktemp("policy")
    source = data_dir("examples") / "sv-social-assistance-risk-score.yaml"
    pdf = root / "kalix.pdf"
    code, out, err = run("render", str(source), "--policy", "kalix", "--lang", "en",
                         "--output", str(pdf))
    assert code == 0, err
    data = pdf.read_bytes()
    return {"pdf": pdf, "text": extract_text(data),
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
