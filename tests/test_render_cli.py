"""`riskkit render` and `riskkit extract` through the real entry point, with a fake terminal."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
import yaml

from riskkit import i18n, report
from riskkit.cli.commands.render import plan_outputs
from riskkit.core import answers as answers_mod
from riskkit.errors import UsageError
from riskkit.load import questionnaire
from riskkit.resources import data_dir
from tests.helpers import (
    call,
    english_leftovers,
    html_text,
    mini_answers,
    renders,
    write_questionnaire,
)


@pytest.fixture(scope="module")
@renders
def batch(tmp_path_factory):
    """Two answers files rendered with --jobs 1 into one folder and --jobs 2 into another."""
    root = tmp_path_factory.mktemp("batch")
    qpath = write_questionnaire(root)
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
    code1, out1, err1 = call("render", *map(str, files), "--questionnaire", str(qpath),
                            "--output", str(one), "--jobs", "1", "--register-csv",
                            str(register))
    code2, out2, err2 = call("render", *map(str, files), "--questionnaire", str(qpath),
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
    code, _out, err = call("render", str(batch["files"][0]), "--questionnaire",
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
    code, _out, err = call("render", str(batch["files"][0]), "--questionnaire",
                          str(batch["qpath"]), "--output", str(tmp_path / "y.pdf"),
                          "--register-csv", str(register))
    assert code != 0 and "other.csv" in err
    assert register.read_text(encoding="utf-8") == "name,amount\nx,1\n"


def test_render_refuses_to_overwrite_without_force(batch):
    target = batch["one"] / "first.pdf"
    before = target.read_bytes()
    target.write_bytes(b"not a pdf, but someone's file")
    code, _out, err = call("render", str(batch["files"][0]), "--questionnaire",
                          str(batch["qpath"]), "--output", str(target))
    assert code == 1
    assert "first.pdf" in err and "--force" in err
    assert target.read_bytes() == b"not a pdf, but someone's file"
    code, _out, err = call("render", str(batch["files"][0]), "--questionnaire",
                          str(batch["qpath"]), "--output", str(target), "--force")
    assert code == 0, err
    assert target.read_bytes() == before


def test_default_output_is_beside_the_answers_file(batch, tmp_path):
    source = tmp_path / "system.yaml"
    source.write_bytes(batch["files"][1].read_bytes())
    code, out, err = call("render", str(source), "--questionnaire", str(batch["qpath"]))
    assert code == 0, err
    assert (tmp_path / "system.pdf").read_bytes() == (batch["one"] / "second.pdf").read_bytes()
    assert "system.pdf" in out


def test_extract_gives_back_the_answers_that_went_in(batch, tmp_path):
    out = tmp_path / "back.yaml"
    code, _out, err = call("extract", str(batch["one"] / "second.pdf"), "--output", str(out))
    assert code == 0, err
    q = batch["q"]
    loaded = answers_mod.loads(out.read_text(encoding="utf-8"), "back.yaml", q).answers
    original = batch["answers"][1]
    assert answers_mod.to_data(q, loaded) == answers_mod.to_data(q, original)
    assert loaded.meta == original.meta and dict(loaded.comments) == dict(original.comments)
    # and it renders to the very same PDF
    again = tmp_path / "again.pdf"
    code, _out, err = call("render", str(out), "--questionnaire", str(batch["qpath"]),
                          "--output", str(again))
    assert code == 0, err
    assert again.read_bytes() == (batch["one"] / "second.pdf").read_bytes()


def test_extract_refuses_to_overwrite_and_can_print(batch, tmp_path, capsys):
    existing = tmp_path / "kept.yaml"
    existing.write_text("mine\n", encoding="utf-8")
    code, _out, err = call("extract", str(batch["one"] / "first.pdf"), "--output", str(existing))
    assert code == 1 and "kept.yaml" in err
    assert existing.read_text(encoding="utf-8") == "mine\n"
    code, out, _err = call("extract", str(batch["one"] / "first.pdf"), "--output", "-")
    assert code == 0 and "RA-2026-0042" in out and "answers:" in out


def test_extract_says_what_is_wrong_with_a_foreign_file(tmp_path):
    bogus = tmp_path / "scan.pdf"
    bogus.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    code, _out, err = call("extract", str(bogus))
    assert code == 1 and "scan.pdf" in err


def test_an_unknown_language_is_refused_before_any_work(batch, tmp_path):
    code, _out, err = call("render", str(batch["files"][0]), "--questionnaire",
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
#
# Tiers (issue 15): every example x language pair through the HTML (no WeasyPrint, fast
# tier); real PDFs for a representative subset, each example in its own language and each
# language for an example written in another (`render`); the rest of the PDF matrix under
# `slow`, which `make test` runs and `make test-fast` leaves out.


def _examples() -> list[Path]:
    return sorted(data_dir("examples").glob("*.yaml"))


def _language_of(example: Path) -> str:
    """The language the example's answers are written in (its ``language:``)."""
    return str(yaml.safe_load(example.read_text(encoding="utf-8"))["language"])


def _example_languages() -> list[tuple[str, str]]:
    return [(e.stem, lang) for e in _examples() for lang in i18n.offered_languages()]


def _pdf_subset() -> list[tuple[str, str]]:
    """Each example in its own language, then each language once for an example written in
    another (taken in turn, so the cross-language renders are different examples)."""
    examples = _examples()
    pairs = [(e.stem, _language_of(e)) for e in examples]
    turn = 0
    for lang in i18n.offered_languages():
        while _language_of(examples[turn % len(examples)]) == lang:
            turn += 1
        pairs.append((examples[turn % len(examples)].stem, lang))
        turn += 1
    return pairs


def test_the_pdf_subset_has_every_example_and_every_language_and_more_than_one_per_language():
    subset = _pdf_subset()
    assert len(set(subset)) == len(subset)
    assert {e for e, _ in subset} == {e.stem for e in _examples()}
    assert set(i18n.offered_languages()) == {"en", "nb", "nn", "sv", "da"}
    for lang in i18n.offered_languages():
        examples = {e for e, lg in subset if lg == lang}
        assert any(_language_of(data_dir("examples") / f"{e}.yaml") != lang for e in examples)
    assert set(subset) < set(_example_languages())


@pytest.mark.parametrize("example, lang", _example_languages())
def test_every_example_in_every_language_as_html(example, lang):
    """The pages of every pair, as HTML: in the language (html lang, every heading of the
    contents), with the assessment's ID, system and questionnaire hash; no message of the
    catalog left in English."""
    source = data_dir("examples") / f"{example}.yaml"
    q, answers, notices = report.load_answers(source)
    assert notices == []
    result = report.score_in(q, answers, lang)
    with i18n.using(lang):
        page = report.render_html(q, answers, result, lang=lang)
        headings = report.headings(policy=result.policy is not None).values()
    assert f'<html lang="{report.pdf_language_tag(lang)}">' in page
    text = html_text(page)
    flat = _flat(text)
    for heading in headings:
        assert _flat(heading) in flat, heading
    assert answers.meta.assessment_id() in text
    assert _flat(answers.meta.system) in flat
    assert q.content_hash in text
    if lang != i18n.SOURCE_LANGUAGE:
        catalog = polib.pofile(str(i18n.catalog_path(lang)))
        assert english_leftovers(catalog, text) == []


def _riskkit(*argv: str, cwd: Path) -> subprocess.Popen:
    """``riskkit ARGV`` in a fresh Python process (nothing shared with this one)."""
    return subprocess.Popen([sys.executable, "-m", "riskkit", *argv], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "LANG": "C"})


def _render_pairs(root: Path, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Path]:
    """Render ``pairs`` with one ``riskkit render EXAMPLES... --lang L --jobs 2`` process per
    language, into ``root/L/``."""
    pdfs: dict[tuple[str, str], Path] = {}
    for lang in i18n.offered_languages():
        examples = [e for e, lg in pairs if lg == lang]
        if not examples:
            continue
        render = _riskkit("render", *(str(data_dir("examples") / f"{e}.yaml") for e in examples),
                          "--lang", lang, "--output", f"{root / lang}/", "--jobs", "2", cwd=root)
        _out, err = render.communicate()
        assert render.returncode == 0, err
        pdfs.update({(e, lang): root / lang / f"{e}.pdf" for e in examples})
    return pdfs


@pytest.fixture(scope="module")
@renders
def subset_pdfs(tmp_path_factory):
    """The PDFs of `_pdf_subset`, then ``riskkit verify`` (all five checks) of the
    cross-language ones, one per language, in two processes at once: the fifth check
    renders the embedded assessment again and must give the same bytes. The other PDFs get
    verify's first four checks in the tests (the fifth would render them all again)."""
    root = tmp_path_factory.mktemp("subset")
    started = time.perf_counter()
    pdfs = _render_pairs(root, _pdf_subset())
    rendered = time.perf_counter()
    fully = [pdfs[pair] for pair in _pdf_subset()[len(_examples()):]]
    files = [str(p) for p in fully]
    halves = [_riskkit("verify", *files[i::2], cwd=root) for i in (0, 1)]
    verified: dict[str, str] = {}
    codes = []
    for half, proc in zip((files[0::2], files[1::2]), halves, strict=True):
        out, err = proc.communicate()
        verified.update(_verify_blocks(out + err, half))
        codes.append(proc.returncode)
    print(f"\nexample PDFs: {len(pdfs)} rendered in {rendered - started:.0f} s, "
          f"{len(fully)} verified in {time.perf_counter() - rendered:.0f} s")
    return {"root": root, "pdfs": pdfs, "fully": fully, "verified": verified,
            "verify_codes": codes}


def _verify_blocks(output: str, files: list[str]) -> dict[str, str]:
    """verify's report cut into one block per PDF (each starts with the PDF's path)."""
    starts = sorted((output.index(f + ":"), f) for f in files if f + ":" in output)
    return {f: output[at:(starts[i + 1][0] if i + 1 < len(starts) else len(output))]
            for i, (at, f) in enumerate(starts)}


def _flat(text: str) -> str:
    """Text as one line, words hyphenated at a line end joined again."""
    return re.sub(r"[\u2010\u00ad-] ", "", " ".join(text.split()))


def test_one_example_per_language_verifies_intact_and_byte_identical(subset_pdfs):
    verified = subset_pdfs["verified"]
    assert subset_pdfs["verify_codes"] == [0, 0], "\n".join(verified.values())
    languages = {p.parent.name for p in subset_pdfs["fully"]}
    assert languages == set(i18n.offered_languages())
    for path in subset_pdfs["fully"]:
        block = verified[str(path)]
        assert block.count("[ok]") == 5, block  # the fifth: rendered again, same bytes


def _reads_back(pdf: Path, example: str, lang: str, tmp_path: Path) -> None:
    """verify's first four checks pass; text, attachment and metadata read back with pypdf;
    extract gives the answers back."""
    from riskkit import verify
    from riskkit.pdf.read import read_attachment, read_metadata, read_text

    source = data_dir("examples") / f"{example}.yaml"
    checked = verify.verify_file(pdf, rerender=False)
    assert [(c.name, c.status) for c in checked.checks] == [
        ("file", verify.OK), ("assessment", verify.OK), ("structure", verify.OK),
        ("result", verify.OK), ("identical", verify.SKIPPED)], list(verify.report_lines(checked))
    data = pdf.read_bytes()
    q = questionnaire.load()
    original = answers_mod.loads(source.read_text(encoding="utf-8"), str(source), q).answers

    meta = read_metadata(data)
    assert meta.lang == report.pdf_language_tag(lang)
    assert (meta.pdfa_part, meta.pdfa_conformance) == (3, "B")
    assert original.meta.system in meta.title
    assert original.meta.assessment_id() in meta.keywords

    document = json.loads(read_attachment(data))
    assert document["answers"]["meta"]["id"] == original.meta.assessment_id()
    # the cover (with its contents) and the last page; every page's text is read back in
    # tests/test_report.py, and the HTML of every pair is checked above
    cover, last = (_flat(t) for t in read_text(data, pages=(0, -1)).split("\f"))
    with i18n.using(lang):  # the contents, in the PDF's language
        for heading in report.headings(policy=bool(document["result"].get("policy"))).values():
            assert _flat(heading) in cover, heading
    assert original.meta.assessment_id() in cover and original.meta.assessment_id() in last
    assert document["questionnaire"]["hash"] in last.replace(" ", "")  # the method, last

    back = tmp_path / "back.yaml"
    code, _out, err = call("extract", str(pdf), "--output", str(back))
    assert code == 0, err
    loaded = answers_mod.loads(back.read_text(encoding="utf-8"), str(back), q).answers
    assert dict(loaded.values) == dict(original.values)
    assert dict(loaded.comments) == dict(original.comments)
    assert loaded.meta == original.meta


@pytest.mark.parametrize("example, lang", _pdf_subset())
def test_the_example_pdfs_read_back_and_round_trip(subset_pdfs, example, lang, tmp_path):
    _reads_back(subset_pdfs["pdfs"][example, lang], example, lang, tmp_path)


@pytest.fixture(scope="module")
@renders
def every_pdf(subset_pdfs):
    """The rest of the example x language matrix as PDFs (the subset is reused)."""
    rest = [pair for pair in _example_languages() if pair not in subset_pdfs["pdfs"]]
    started = time.perf_counter()
    pdfs = {**subset_pdfs["pdfs"], **_render_pairs(subset_pdfs["root"], rest)}
    print(f"\nthe rest of the example x language matrix: {len(rest)} PDFs rendered in "
          f"{time.perf_counter() - started:.0f} s")
    return pdfs


@pytest.mark.slow
@pytest.mark.parametrize("example, lang", [pair for pair in _example_languages()
                                           if pair not in _pdf_subset()])
def test_every_example_in_every_language_reads_back_as_a_pdf(every_pdf, example, lang,
                                                             tmp_path):
    _reads_back(every_pdf[example, lang], example, lang, tmp_path)


# --- a policy pack ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
@renders
def with_policy(tmp_path_factory):
    """A shipped example rendered once with --policy kalix (in English)."""
    from riskkit.pdf.read import read_attachment, read_text
    from riskkit.resources import data_dir

    root = tmp_path_factory.mktemp("policy")
    source = data_dir("examples") / "sv-social-assistance-risk-score.yaml"
    pdf = root / "kalix.pdf"
    code, out, err = call("render", str(source), "--policy", "kalix", "--lang", "en",
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
    code, out, err = call("verify", str(with_policy["pdf"]))
    assert code == 0, out + err
    assert out.count("[ok]") == 5


def test_date_answers_are_formatted(with_policy):
    import datetime as dt

    from riskkit import i18n

    with i18n.using("en"):
        shown = i18n.format_date(dt.date(2026, 9, 1))  # system.go_live in the example
    assert shown in " ".join(with_policy["text"].split())
