"""Mutated answers files and PDFs, as a careless or hostile sender makes them (issue 12).

Hypothesis changes a real answers file (wrong types, long and control-character texts,
aliases, deep nesting, impossible dates, duplicated lines, truncation, bit flips) and a real
PDF (truncation, bit flips, overwritten and appended bytes) and runs `score`, `verify`,
`extract` and `register add` on the result, and `render` on a handful of cases. Each must
give a correct result or a clean error that names the file: never a traceback (the command
line catches only RiskkitError, so anything else fails the test). A timeout (SIGALRM) and a
memory limit (RLIMIT_AS) catch hangs and blow-ups; they are detectors, not speed targets.

The normal suite runs a few dozen cases in under a minute; the long profile many more:
    .venv/bin/python -m pytest -p no:randomly tests/test_fuzz.py -m fuzz_long
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskkit.cli.env import Environment
from riskkit.cli.main import main
from tests.helpers import examples, renders

EXAMPLE = Path(__file__).parent.parent / "examples" / "nb-citizen-chatbot.yaml"
SOURCE = EXAMPLE.read_text(encoding="utf-8")
LINES = SOURCE.splitlines()
TIMEOUT_S = 60  # a case taking this long is a hang, not slowness
MEMORY_HEADROOM = 1_500_000_000  # bytes of address space a case may add: a blow-up past it

FAST = settings(max_examples=examples(20), deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
LONG = settings(FAST, max_examples=600, derandomize=False)


class Hang(Exception):
    """A case ran past TIMEOUT_S."""


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """Run the body under a timeout and an address-space limit, both restored after."""
    def expire(signum: int, frame: object) -> None:
        raise Hang(f"no result after {TIMEOUT_S} s")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with Path("/proc/self/statm").open(encoding="ascii") as statm:
        used = int(statm.read().split()[0]) * resource.getpagesize()
    limit = used + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    previous = signal.signal(signal.SIGALRM, expire)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.alarm(TIMEOUT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def run(*argv: str, environ: dict | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err,
                      environ=environ or {"LANG": "C"})
    with bounded():
        code = main(["--lang", "en", *argv], env)
    return code, out.getvalue(), err.getvalue()


def clean_outcome(code: int, out: str, err: str, allowed: set[int], name: str) -> None:
    """A correct result, or a clean error: a known exit code, the file named, no
    traceback, no control character reaching the terminal."""
    assert code in allowed, (code, err)
    assert "Traceback" not in out + err
    assert "\x1b" not in out + err and "\x00" not in out + err
    if code not in (0,):
        assert name in err, err


# --- answers files ------------------------------------------------------------------------------

HOSTILE_VALUES = st.one_of(
    st.sampled_from([
        "[a, b]", "{a: b}", "true", "false", "null", "~", "2026-02-30", "'2026-02-30'",
        "2026-13-45T99:99:99", "12", "-1e309", ".nan", "*x", "&x a", "!!binary aGVsbG8=",
        "!!python/object/apply:os.system [ls]", "!!set {a}", "<<: {a: b}", "|", ">-", "'",
        '"', "[" * 60 + "]" * 60, "{a: " * 40 + "b" + "}" * 40, "&a [*a]",
        "/etc/passwd", "../../../etc/shadow", "/dev/zero", "lekeberg", "kalix",
        '"\\e]0;title\\a"', '"\\0\\x85\\u2028\\v"',
    ]),
    st.text(st.characters(max_codepoint=0x2FFF), max_size=40).map(json.dumps),
    st.integers(0, 5000).map(lambda n: "x" * n),
    st.integers(0, 3000).map(lambda n: "Personvernkonsekvensvurdering" * (n // 29 + 1)),
)

MUTATION = st.one_of(
    st.tuples(st.just("value"), st.integers(0, len(LINES) - 1), HOSTILE_VALUES),
    st.tuples(st.just("line"), st.integers(0, len(LINES) - 1), HOSTILE_VALUES),
    st.tuples(st.just("duplicate"), st.integers(0, len(LINES) - 1), st.just("")),
    st.tuples(st.just("truncate"), st.integers(0, len(SOURCE)), st.just("")),
    st.tuples(st.just("flip"), st.integers(0, len(SOURCE.encode()) * 8 - 1), st.just("")),
    st.tuples(st.just("anchor-bomb"), st.integers(1, 9), st.just("")),
)


def mutate(mutations: list[tuple[str, int, str]]) -> bytes:
    """The example answers file with ``mutations`` applied in order."""
    lines = list(LINES)
    data: bytes | None = None
    for kind, where, value in mutations:
        text = "\n".join(lines) + "\n"
        if not lines:
            lines = [""]
        if kind == "value" and ":" in lines[where % len(lines)]:
            line = lines[where % len(lines)]
            lines[where % len(lines)] = line[:line.index(":") + 1] + " " + value
        elif kind == "line":
            lines.insert(where % (len(lines) + 1), value)
        elif kind == "duplicate":
            lines.insert(where % len(lines), lines[where % len(lines)])
        elif kind == "truncate":
            lines = text[:where].split("\n")
        elif kind == "flip":
            raw = bytearray(text.encode())
            raw[where // 8 % len(raw)] ^= 1 << (where % 8)
            data = bytes(raw)
        elif kind == "anchor-bomb":
            bomb = ['  b0: &b0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
            bomb += [f"  b{i}: &b{i} [" + ",".join([f"*b{i - 1}"] * 9) + "]"
                     for i in range(1, where + 1)]
            at = lines.index("comments:") + 1 if "comments:" in lines else len(lines)
            lines[at:at] = bomb
    return data if data is not None else ("\n".join(lines) + "\n").encode()


def check_answers(tmp_path: Path, mutations: list[tuple[str, int, str]]) -> None:
    path = tmp_path / "mutated.yaml"
    path.write_bytes(mutate(mutations))
    code, out, err = run("score", str(path))
    clean_outcome(code, out, err, {0, 1}, "mutated.yaml")
    if code == 0:
        assert "RK-" in out or "Overall" in out
        code, out, err = run("score", str(path), "--json")
        assert code == 0 and json.loads(out)["risks"]


@FAST
@given(mutations=st.lists(MUTATION, min_size=1, max_size=3))
def test_mutated_answers_files_score_or_fail_cleanly(tmp_path, mutations):
    check_answers(tmp_path, mutations)


@pytest.mark.fuzz_long
@LONG
@given(mutations=st.lists(MUTATION, min_size=1, max_size=5))
def test_mutated_answers_files_score_or_fail_cleanly_long(tmp_path, mutations):
    check_answers(tmp_path, mutations)


RENDER_CASES = [
    [("value", LINES.index(next(x for x in LINES if x.startswith("  system:"))),
      '"Chat\\vbot\\u2028med\\fskjema"')],
    [("value", LINES.index(next(x for x in LINES if x.startswith("  assessor:"))),
      '"Kari\\e]0;x\\aNordmann"')],
    [("value", LINES.index(next(x for x in LINES if x.startswith("  id:"))), "x" * 41)],
]


def render_and_verify(folder: Path, mutations: list) -> bytes | None:
    """Render the mutated answers: a clean error, or a PDF that verifies as intact (the
    review's high-severity case: riskkit's own PDF must always verify). Its bytes, if any."""
    path = folder / "mutated.yaml"
    path.write_bytes(mutate(mutations))
    pdf = folder / "mutated.pdf"
    code, out, err = run("render", str(path), "--output", str(pdf), "--force")
    clean_outcome(code, out, err, {0, 1}, "mutated.yaml")
    if code != 0:
        return None
    code, out, err = run("verify", str(pdf))
    assert code == 0 and "intact" in out, out + err
    return pdf.read_bytes()


# --- PDFs ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
@renders
def pdf_bytes(tmp_path_factory) -> bytes:
    """The PDF of answers with line-break characters (vertical tab, U+2028, form feed) in
    `meta.system`, rendered and verified once: the PDF the mutations below start from."""
    data = render_and_verify(tmp_path_factory.mktemp("fuzz"), RENDER_CASES[0])
    assert data is not None
    return data


def test_render_of_control_characters_verifies_or_fails_cleanly(pdf_bytes, tmp_path):
    """A vertical tab renders to a PDF that verifies (the fixture); an ESC is refused."""
    assert pdf_bytes.startswith(b"%PDF-")
    assert render_and_verify(tmp_path, RENDER_CASES[1]) is None


@pytest.mark.fuzz_long
@pytest.mark.parametrize("mutations", RENDER_CASES)
def test_render_of_mutated_answers_long(tmp_path, mutations):
    render_and_verify(tmp_path, mutations)


PDF_MUTATION = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1), st.binary(max_size=0)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 7).map(lambda b: bytes([1 << b]))),
    st.tuples(st.just("overwrite"), st.floats(0, 1), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("append"), st.just(1.0), st.binary(max_size=64)
              | st.just(b"% a comment\n") | st.just(b"\n1 0 obj\n<<>>\nendobj\n%%EOF\n")),
)


def mutate_pdf(data: bytes, mutations: list[tuple[str, float, bytes]]) -> bytes:
    raw = bytearray(data)
    for kind, where, payload in mutations:
        at = min(int(where * len(raw)), max(len(raw) - 1, 0))
        if kind == "truncate":
            del raw[at:]
        elif kind == "flip" and raw:
            raw[at] ^= payload[0]
        elif kind == "overwrite":
            raw[at:at + len(payload)] = payload
        elif kind == "append":
            raw += payload
    return bytes(raw)


def check_pdf(tmp_path: Path, original: bytes, mutations: list) -> None:
    from riskkit import verify

    data = mutate_pdf(original, mutations)
    path = tmp_path / "mutated.pdf"
    path.write_bytes(data)
    with bounded():
        found = verify.verify_bytes(data, name="mutated.pdf", rerender=False)
    if data != original:
        assert found.outcome() != verify.INTACT
    lines = list(verify.report_lines(found))
    assert lines[0].startswith("mutated.pdf: ")
    code, out, err = run("extract", str(path), "--output", str(tmp_path / "out.yaml"), "--force")
    clean_outcome(code, out, err, {0, 1}, "mutated.pdf")
    if found.outcome() == verify.ALTERED and found.status_of("file") == verify.FAILED:
        assert code == 1  # what verify cannot read, extract does not hand out
    code, out, err = run("register", "add", "--db", str(tmp_path / "reg.db"), str(path))
    clean_outcome(code, out, err, {0, 1, 3}, "mutated.pdf")
    if found.outcome() == verify.ALTERED:
        assert code != 0


@settings(FAST, max_examples=examples(8))
@given(mutations=st.lists(PDF_MUTATION, min_size=1, max_size=3))
def test_mutated_pdfs_verify_extract_and_register_cleanly(tmp_path, pdf_bytes, mutations):
    check_pdf(tmp_path, pdf_bytes, mutations)


@pytest.mark.fuzz_long
@settings(LONG, max_examples=200)
@given(mutations=st.lists(PDF_MUTATION, min_size=1, max_size=4))
def test_mutated_pdfs_long(tmp_path, pdf_bytes, mutations):
    check_pdf(tmp_path, pdf_bytes, mutations)
