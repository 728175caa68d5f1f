"""The archival PDF: what it carries, what it shows, in which order, and that answers are text.

PDFs are rendered once per module (rendering takes seconds) from the small questionnaire in
conftest.py, whose scoring the other tests reason about by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import threading

import pytest

from riskkit import document as document_mod
from riskkit import i18n, report
from riskkit.core import answers as answers_mod
from riskkit.core.scoring import score
from riskkit.errors import RiskkitError
from riskkit.i18n import content, labels
from riskkit.load import questionnaire
from riskkit.pdf.read import read_attachment, read_metadata, read_text
from tests.helpers import EXAMPLES, mini_answers, renders, write_questionnaire


@pytest.fixture(scope="module")
def mini_q(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mini")
    return questionnaire.load(write_questionnaire(folder))


@pytest.fixture(scope="module")
@renders
def rendered(mini_q, tmp_path_factory):
    """An answers file and its PDF, rendered in this process."""
    folder = tmp_path_factory.mktemp("rendered")
    a = mini_answers(mini_q)
    path = folder / "chatbot.yaml"
    path.write_text(answers_mod.dumps(mini_q, a), encoding="utf-8")
    out = report.render_answers_file(path, folder / "chatbot.pdf",
                                     questionnaire_path=mini_q.path)
    return {"answers_path": path, "pdf_path": out, "pdf": out.read_bytes(), "answers": a,
            "q": mini_q}


@pytest.fixture(scope="module")
def text(rendered) -> str:
    return read_text(rendered["pdf"])


def squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


# --- what the PDF carries ----------------------------------------------------------------------


def test_metadata_title_author_keywords_language_and_date(rendered):
    meta = read_metadata(rendered["pdf"])
    q, a = rendered["q"], rendered["answers"]
    result = score(q, a)
    assert meta.title == "Risk assessment: Chatbot for byggesak"
    assert meta.author == "Ola Nordmann"
    assert meta.lang == "en"
    assert "Eksempel kommune" in meta.subject
    overall = content.level_label(q.matrix, result.overall_level)
    assert any(overall in k for k in meta.keywords)
    assert result.assessment_id in meta.keywords
    dpia_status = labels.verdict_status("dpia", result.verdicts.dpia.status)
    assert any(k.endswith(dpia_status) and "Art. 35" in k for k in meta.keywords)
    art22 = labels.verdict_status("art22", result.verdicts.art22.status).replace(",", ";")
    assert any(art22 in k for k in meta.keywords)
    # dated by the assessment, never by the clock
    assert meta.created == dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)
    assert meta.modified == meta.created
    assert meta.creator.startswith(f"riskkit {report.__version__}; layout ")
    assert report.layout_from_creator(meta.creator) == report.layout_fingerprint("en")


def test_it_claims_pdf_a_3b_in_the_xmp(rendered):
    meta = read_metadata(rendered["pdf"])
    assert (meta.pdfa_part, meta.pdfa_conformance) == (3, "B")


def test_the_attachment_is_the_assessment(rendered):
    q, a = rendered["q"], rendered["answers"]
    raw = read_attachment(rendered["pdf"])
    document = json.loads(raw)
    assert document["format"] == "riskkit-assessment"
    assert document["format_version"] == 1
    assert document["riskkit"] == report.__version__
    assert document["questionnaire"] == {"id": q.id, "version": q.version,
                                         "hash": q.content_hash}
    assert document["answers"] == answers_mod.to_data(q, a)
    with i18n.using("en"):
        assert document["result"] == score(q, a).to_dict()
    # serialised the one deterministic way
    assert raw == document_mod.serialise(document)
    assert raw.decode("utf-8") == json.dumps(document, sort_keys=True, ensure_ascii=False,
                                             indent=2) + "\n"


def test_assessment_document_is_exactly_the_answers_file_content(mini_q):
    a = mini_answers(mini_q)
    doc = document_mod.build(mini_q, a, score(mini_q, a))
    assert set(doc) == {"format", "format_version", "riskkit", "questionnaire", "ai_act_dates",
                        "answers", "result"}
    assert set(doc["answers"]) == {"schema", "questionnaire", "language", "meta", "answers",
                                   "comments"}
    # answers to questions that are not asked are not part of the record
    hidden = a.with_answer("data.personal", "no")
    doc = document_mod.build(mini_q, hidden, score(mini_q, hidden))
    assert "data.special" not in doc["answers"]["answers"]


def test_an_undated_assessment_gets_the_fixed_date_not_the_clock(mini_q):
    a = mini_answers(mini_q, date=None)
    assert report.document_date(a) == report.UNDATED
    assert report.document_date(mini_answers(mini_q)) == dt.datetime(
        2026, 3, 5, 12, tzinfo=dt.UTC)


# --- what it shows -----------------------------------------------------------------------------


def test_every_section_heading_appears_in_order(text):
    with i18n.using("en"):
        headings = list(report.headings().values())
    flat = squash(text)
    # the cover's table of contents lists them first; the sections follow it
    start = flat.index(squash(headings[-1])) + 1
    positions = []
    for heading in headings:
        found = flat.find(squash(heading), start)
        assert found >= 0, heading
        positions.append(found)
        start = found + 1
    assert positions == sorted(positions)
    assert flat.index("Chatbotforbyggesak") < positions[0]  # the cover comes first


def _lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines()]


def test_the_decision_comes_first_and_the_sign_off_right_after_it(rendered, text):
    """Pages 1-2 hold the decision (issue 17): the level, every legal verdict with its next
    step, the top risks and the first measures; the sign-off follows the summary."""
    pages = text.split("\f")
    q, a = rendered["q"], rendered["answers"]
    result = score(q, a)
    with i18n.using("en"):
        h = report.headings()
    summary = next(i for i, p in enumerate(pages) if h["summary"] in _lines(p))
    signoff = next(i for i, p in enumerate(pages) if h["signoff"] in _lines(p))
    register = next(i for i, p in enumerate(pages) if h["register"] in _lines(p))
    assert summary == 0
    assert signoff <= 2 and signoff <= register
    decision = squash("\n".join(pages[: signoff + 1]))
    with i18n.using("en"):
        for name in ("dpia", "art22", "ai_act", "prior_consultation"):
            verdict = getattr(result.verdicts, name)
            assert squash(labels.verdict_name(name)) in decision
            if verdict.next_steps:
                assert squash(verdict.next_steps[0]) in decision
            # reasons in full, never cut with an ellipsis
            for reason in verdict.reasons[: report.SUMMARY_REASONS - 1]:
                assert squash(reason.text) in decision
    assert "…" not in "".join(pages[: signoff + 1]).replace("…\n", "")
    shown = min(len(result.measures), report.FIRST_MEASURES)
    assert shown >= 1
    assert f"M{shown}" in decision.split(squash("Measures due first"), 1)[1]
    for box in ("Thesystemmaybeused;", "Thesystemmustnotbeused."):
        assert box in squash(pages[signoff])


def test_the_summary_names_the_answers_behind_the_level_and_each_dont_know(rendered, text):
    q = rendered["q"]
    numbering = report.Numbering.of(q)
    first = squash(text.split("\f")[0])
    drivers = first.split(squash("What drives the level"), 1)[1]
    # data.special is "don't know" and raises a risk: named as counted as the worst answer
    special = q.by_id["data.special"]
    assert squash(f"{numbering('data.special')} {content.question_text(special)}") \
        in drivers
    assert squash("Don't know (counted as the worst answer)") in drivers
    assert squash(f"counts as the worst answer: question {numbering('data.special')}.") \
        in first


def test_every_page_is_portrait(rendered):
    """No landscape pages: the register and the plan are boxes on portrait pages."""
    import io

    from pypdf import PdfReader

    for page in PdfReader(io.BytesIO(rendered["pdf"])).pages:
        assert page.mediabox.width < page.mediabox.height


def test_the_cover_and_summary_show_the_facts(rendered, text):
    first = text.split("\f")[0]
    for value in ("Chatbot for byggesak", "Eksempel kommune", "Plan og bygg", "RA-2026-0042",
                  "March 5, 2026", "Ola Nordmann"):
        assert value in first
    q, a = rendered["q"], rendered["answers"]
    overall = content.level_label(q.matrix, score(q, a).overall_level)
    assert overall in first


def test_page_header_and_footer_on_every_page(text):
    pages = text.split("\f")
    assert len(pages) > 5
    for number, page in enumerate(pages, 1):
        assert "RA-2026-0042" in page
        assert f"Page {number} of {len(pages)}" in page
        assert "Internal" in page or "INTERNAL" in page


def test_the_register_shows_the_trace_of_each_risk(rendered, text):
    q, a = rendered["q"], rendered["answers"]
    result = score(q, a)
    flat = squash(text)
    numbering = report.Numbering.of(q)
    # data.personal (1.1) raised unlawful processing: its trace names the question
    risk = next(r for r in result.risks if r.id == "unlawful_processing")
    moved_by = {s.source for s in risk.inherent.likelihood.steps[1:]}
    assert "data.personal" in moved_by
    assert squash(f"from {numbering('data.personal')} (Yes)") in flat
    # a don't know is shown as counted as the worst answer
    assert squash(f"from {numbering('data.special')} (Don't know: counted as the worst "
                  "answer)") in flat


def test_each_answer_is_printed_once_beside_what_it_did(rendered, text):
    """Findings and appendix are one section: every question asked is there once, with its
    answer and comment, and beside it its effect on the risks and the measure it became."""
    q, a = rendered["q"], rendered["answers"]
    with i18n.using("en"):
        h = report.headings()
    flat = squash(text)
    start = flat.rindex(squash(h["answers"]))
    after_decision = flat[flat.rindex(squash(h["register"])):]
    # The plan may quote a question on purpose: a "find out" measure names the unknown answer
    # it asks to settle (issue 13). From the law's section on, each question is printed once.
    after_plan = flat[flat.rindex(squash(h["legal"])):]
    answers = flat[start:flat.index(squash(h["nist"]), start)]
    for question in answers_mod.relevant_questions(q, a):
        wording = squash(content.question_text(question))
        assert wording in answers
        assert after_plan.count(wording) == 1, question.id
    assert squash("Planned for the autumn; æøå ÆØÅ äö.") in answers
    assert squash("Supplier audited in 2025.") in answers
    result = score(q, a)
    mfa = next(m for m in result.measures if m.source == "security.mfa")
    number = f"M{result.measures.index(mfa) + 1}"
    # beside the answer (a float: pypdf may read it before the section's heading)
    assert squash(f"missing → measure {number}") in after_decision


def test_method_names_the_questionnaire_version_and_hash(rendered, text):
    q = rendered["q"]
    flat = squash(text)
    assert squash(q.content_hash) in flat
    assert squash(f"{q.id} {q.version}") in flat
    assert squash("counted as the worst") in flat or squash("count as the worst answer") in flat


def test_register_rows_follow_the_result(rendered):
    q, a = rendered["q"], rendered["answers"]
    result = score(q, a)
    with i18n.using("en"):
        rows = report.risk_rows(q, a, result, "f" * 64)
    assert [r["risk_id"] for r in rows] != [] and len(rows) == len(result.risks)
    assert set(rows[0]) == set(report.RISK_ROW_COLUMNS)
    by_id = {r.id: r for r in result.risks}
    for row in rows:
        risk = by_id[row["risk_id"]]
        assert int(row["inherent_likelihood"]) == risk.inherent.likelihood.value
        assert int(row["residual_consequence"]) == risk.residual.consequence.value
        assert row["assessment_id"] == "RA-2026-0042"
        assert row["next_review"] == "2027-03-01"


# --- untrusted input ---------------------------------------------------------------------------


class Listener:
    """A loopback server that records whether anyone connected to it."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
@renders
def hostile(mini_q, tmp_path_factory):
    listener = Listener()
    url = f"http://127.0.0.1:{listener.port}"
    payloads = {
        "img": '<img src="file:///etc/passwd">',
        "link": f'<link href="{url}/x.css" rel=stylesheet>',
        "jinja": "{{ 7*7 }} {{ 6*7*1000003 }}",
        "raw": "{% raw %}{% endraw %}{# c #}",
        "script": "<script>alert(1)</script>",
        "file": "file:///etc/shadow",
        "style": '</style><style>@page { size: 10mm } body { display: none }</style>',
        "css": '"; } @page { size: 20mm; } x { content: "',
        "svg": f'<svg><image href="{url}/i.png"/></svg>',
        "entity": "&amp; &lt;b&gt; &#60;",
        "loopback": "http://127.0.0.1:1/x",
        "css_url": f"x {{ background: url({url}/u.png) }} url(file:///etc/passwd) url(data:,y)",
        "markdown": f"![x]({url}/m.png) [y](file:///etc/passwd)",
    }
    joined = " ".join(payloads.values())
    a = mini_answers(mini_q, system=f"Sys {payloads['img']} {payloads['jinja']}",
                     organisation=payloads["link"], department=payloads["script"],
                     assessor=payloads["raw"], description=joined,
                     classification=payloads["css"] + payloads["css_url"],
                     id="RA-1 " + payloads["style"])
    a = a.with_answer("security.note", joined)
    for qid in ("data.personal", "security.mfa", "security.review"):
        a = a.with_comment(qid, joined)
    from riskkit.pdf.write import Renderer

    renderer = Renderer()  # a fresh one, so its fetcher sees every URL this render asks for
    with i18n.using("en"):
        result = score(mini_q, a)
        pdf = report.render_pdf(mini_q, a, result, lang="en", renderer=renderer)
    refused = renderer.last_refused
    listener.close()
    return {"pdf": pdf, "payloads": payloads, "refused": refused,
            "fetched": list(renderer.fetcher.fetched),
            "connections": listener.connections, "answers": a}


def test_hostile_answers_fetch_nothing(hostile):
    from riskkit.pdf.write import templates_dir

    assert hostile["refused"] == ()  # escaped markup asks for nothing at all
    assert hostile["connections"] == 0
    # the fetcher's own record: only riskkit's stylesheets and fonts were read
    own = templates_dir().resolve().as_uri() + "/"
    assert hostile["fetched"], "the spy saw no fetch at all, so it proves nothing"
    assert all(url.startswith(own) for url in hostile["fetched"]), hostile["fetched"]


def test_hostile_answers_appear_literally(hostile):
    flat = squash(read_text(hostile["pdf"]))
    for name, payload in hostile["payloads"].items():
        assert squash(payload) in flat, name
    assert squash("{{ 7*7 }}") in flat
    assert "42000126" not in flat  # the expression was never evaluated
    assert "<img" in flat and "&amp;" in flat


def test_hostile_meta_cannot_restyle_the_page(hostile):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(hostile["pdf"]))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(width), round(height))) == [595, 842]  # A4, either way up
    text = read_text(hostile["pdf"])
    assert "RA-1" in text.split("\f")[3]  # the header still shows the ID, as text


def test_hostile_meta_is_kept_verbatim_in_the_attachment(hostile):
    document = json.loads(read_attachment(hostile["pdf"]))
    assert document["answers"]["meta"]["organisation"] == hostile["payloads"]["link"]


def test_the_environment_escapes_everything_and_refuses_undefined_names():
    from jinja2 import UndefinedError

    env = report.environment()
    assert env.autoescape is True
    template = env.from_string("{{ value }}")  # a fixed test template, not answer text
    assert template.render(value="<b>&") == "&lt;b&gt;&amp;"
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()


def test_css_strings_cannot_escape_their_quotes():
    import tinycss2

    for text in ['a"b', "x\\y", "</style>", "line\nbreak", "ÆØÅ · é", "\";}@page{size:1mm}"]:
        css = str(report.css_string(text))
        tokens = [t for t in tinycss2.parse_component_value_list(css)
                  if t.type != "whitespace"]
        assert len(tokens) == 1 and tokens[0].type == "string"
        assert tokens[0].value == text
        assert "<" not in css and "\n" not in css


# --- public entry points -----------------------------------------------------------------------


def test_render_answers_file_refuses_to_overwrite(rendered):
    with pytest.raises(RiskkitError):
        report.render_answers_file(rendered["answers_path"], rendered["pdf_path"],
                                   questionnaire_path=rendered["q"].path)


def test_answers_file_text_round_trips(rendered):
    document = json.loads(read_attachment(rendered["pdf"]))
    text = document_mod.answers_file_text(document)
    q = rendered["q"]
    loaded = answers_mod.loads(text, "extracted.yaml", q).answers
    assert answers_mod.to_data(q, loaded) == answers_mod.to_data(q, rendered["answers"])


@pytest.mark.render
def test_render_example_gives_a_riskkit_pdf(tmp_path):
    out = report.render_example("en", tmp_path / "example.pdf")
    data = out.read_bytes()
    document = json.loads(read_attachment(data))
    assert document["format"] == "riskkit-assessment"
    assert read_metadata(data).lang == "en"


# --- pieces of the layout ----------------------------------------------------------------------


def test_references_are_grouped_by_instrument_each_once():
    with i18n.using("en"):
        refs = report.grouped_references(
            ["GDPR Art. 35(1)", "NIST AI RMF MAP 2.2", "GDPR Art. 5(1)(b)", "GDPR Art. 35(1)",
             "AI Act Annex III 5(a)", "NIST AI RMF GOVERN 1.6", "GDPR Art. 10",
             "GDPR Art. 35(4): IMY (SE) 2019", "WP248 rev.01 (9)", "WP248 rev.01 (1)"])
    # numbered in order (5 before 10 before 35), the instrument named once, NIST last;
    # a reference that is more than a number stays whole
    assert refs == ["GDPR Art. 5(1)(b), 10, 35(1)", "AI Act Annex III 5(a)",
                    "WP248 rev.01 (1), (9)", "GDPR Art. 35(4): IMY (SE) 2019",
                    "NIST AI RMF GOVERN 1.6, MAP 2.2"]
    with i18n.using("sv"):
        assert report.grouped_references(["AI Act Art. 27(1)", "AI Act Art. 3(1)"]) == [
            "AI-förordningen art. 3(1), 27(1)"]
    assert report.grouped_references([]) == []


def test_legal_references_are_printed_once_per_section_not_under_each_answer():
    """The answers section names each section's references once, before its answers: the
    same reference under a dozen answers was most of the section's length."""
    q, answers, _ = report.load_answers(EXAMPLES / "nb-citizen-chatbot.yaml")
    with i18n.using("en"):
        result = score(q, answers)
        html = report.render_html(q, answers, result, lang="en")
    answers_part = html[html.index('id="sec-answers"'):html.index('id="sec-nist"')]
    parts = answers_part.split("<h2>")[1:]
    asked = set(result.asked)
    sections = [s for s in q.sections if any(x.id in asked for x in s.questions)]
    assert len(parts) == len(sections)
    for part, section in zip(parts, sections, strict=True):
        refs_line = re.search(r'<p class="section-refs">(.*?)</p>', part, re.DOTALL)
        assert refs_line, section.id
        # GDPR Art. 35(1) is cited by several questions of the DPIA section: named once
        if section.id == "dpia":
            assert refs_line.group(1).count("35(1)") == 1
        # no answer carries references of its own any more
        for block in re.findall(r'<p class="qa">.*?</p>', part, re.DOTALL):
            assert "GDPR Art." not in block, block


def test_the_ai_act_steps_say_their_common_timing_once():
    """Every AI Act step of the richest example ends with the same "When: ..."; the legal
    section says it once after the steps instead of under each."""
    q, answers, _ = report.load_answers(EXAMPLES / "sv-social-assistance-risk-score.yaml")
    with i18n.using("en"):
        result = score(q, answers)
        context = report.build_context(q, answers, result, lang="en")
    ai_act = next(v for v in context["verdicts"] if v["key"] == "ai_act")
    when = {d["text"] for d in result.verdicts.ai_act.details["duties"].values()}
    assert len(when) == 1 and len(ai_act["next_steps"]) >= 2
    assert ai_act["when"] == when.pop()
    assert all("When:" in s for s in ai_act["next_steps"])
    assert ai_act["steps"] and not any("When:" in s for s in ai_act["steps"])
    assert [s + f" When: {ai_act['when']}." for s in ai_act["steps"]] == ai_act["next_steps"]


@pytest.mark.render
@pytest.mark.parametrize("lang", ["en", "nb", "nn", "sv", "da"])
def test_the_low_risk_chatbot_report_fits_in_18_pages(lang, tmp_path):
    """Issue 17: a low-risk example is at most 18 pages in every language, with the decision
    (the summary and the sign-off) on pages 1-2."""
    from pypdf import PdfReader

    out = report.render_file(EXAMPLES / "nb-citizen-chatbot.yaml", tmp_path / "c.pdf",
                             lang=lang).output
    reader = PdfReader(out)
    assert len(reader.pages) <= 18
    with i18n.using(lang):
        h = report.headings()
    first_two = squash(reader.pages[0].extract_text() + reader.pages[1].extract_text())
    assert squash(h["summary"]) in first_two and squash(h["signoff"]) in first_two


@pytest.mark.parametrize("count", range(1, 13))
def test_heat_map_markers_stay_inside_their_cell_and_apart(count):
    size = 15.0
    labels_ = [f"R{i}" for i in range(1, count + 1)]
    markers = report.markers({(4, 0): labels_}, size)
    assert [m["label"] for m in markers] == labels_
    x0, y0 = 0.0, 4 * size  # row 4, column 0
    for m in markers:
        assert x0 <= m["x"] and m["x"] + m["w"] <= x0 + size
        assert y0 <= m["y"] and m["y"] + m["h"] <= y0 + size
        # the label fits its pill: about 0.72 em a character, as _markers reckons
        assert 0.72 * m["font"] * len(m["label"]) <= m["w"]
    for a, b in ((a, b) for i, a in enumerate(markers) for b in markers[i + 1:]):
        apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                 or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])
        assert apart, (a, b)
    if count <= 6:  # a typical crowded cell stays readable (about 6 pt and more)
        assert min(m["font"] for m in markers) >= 2.0
