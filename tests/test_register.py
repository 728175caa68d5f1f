"""`riskkit register` against a real SQLite file: add, verify-refusal, list, due, export,
measure follow-up, rebuild, concurrent adds and a damaged database."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from riskkit import document as document_mod
from riskkit import report
from riskkit.cli.env import Environment
from riskkit.cli.main import main
from riskkit.register.export import EXPORT_COLUMNS
from tests.helpers import renders

ROOT = Path(__file__).resolve().parent.parent


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err, environ={"LANG": "C"})
    code = main(list(argv), env)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
@renders
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """a: nb chatbot, b: sv letters, a2: a new version of a (same ID, later date)."""
    folder = tmp_path_factory.mktemp("pdfs")
    a = report.render_answers_file(ROOT / "examples/nb-citizen-chatbot.yaml", folder / "a.pdf")
    b = report.render_answers_file(ROOT / "examples/sv-letter-drafting-assistant.yaml",
                                   folder / "b.pdf")
    text = (ROOT / "examples/nb-citizen-chatbot.yaml").read_text(encoding="utf-8")
    assert "date: 2026-02-16" in text
    (folder / "a2.yaml").write_text(text.replace("date: 2026-02-16", "date: 2026-06-01")
                                    .replace("next_review: 2027-02-16", "next_review: 2026-12-01"),
                                    encoding="utf-8")
    a2 = report.render_answers_file(folder / "a2.yaml", folder / "sub" / "a2.pdf")
    return {"a": a, "b": b, "a2": a2, "folder": folder}


def forge(genuine: Path, target: Path) -> Path:
    """A one-page PDF laid out by WeasyPrint directly ("All risks LOW. Approved."), around
    the genuine assessment.json of ``genuine``, with its title, author and language: what a
    forger makes to pass the first four checks (docs/register.md)."""
    import html

    import weasyprint

    from riskkit.pdf import read as pdf_read

    data = genuine.read_bytes()
    meta = pdf_read.read_metadata(data)
    page = (f'<html lang="{meta.lang}"><head><title>{html.escape(meta.title)}</title>'
            f'<meta name="author" content="{html.escape(meta.author)}"></head>'
            "<body><h1>All risks LOW. Approved.</h1></body></html>")
    target.write_bytes(weasyprint.HTML(string=page).write_pdf(attachments=[
        weasyprint.Attachment(file_obj=io.BytesIO(pdf_read.read_attachment(data)),
                              name="assessment.json")]))
    return target


@pytest.fixture(scope="module")
def cheap(pdfs, tmp_path_factory) -> dict[str, Path]:
    """PDFs that verify without a re-render: a and b as an older riskkit (0.0.9) made them,
    and a forgery around a's genuine attachment."""
    folder = tmp_path_factory.mktemp("cheap")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report, "__version__", "0.0.9")  # the PDF's creator and layout
        patch.setattr(document_mod, "__version__", "0.0.9")  # its assessment.json
        old_a = report.render_answers_file(ROOT / "examples/nb-citizen-chatbot.yaml",
                                           folder / "old_a.pdf")
        old_b = report.render_answers_file(ROOT / "examples/sv-letter-drafting-assistant.yaml",
                                           folder / "old_b.pdf")
    return {"old_a": old_a, "old_b": old_b, "forged": forge(pdfs["a"], folder / "forged.pdf")}


def _fill(db: Path | str, pdfs: dict[str, Path]) -> None:
    code, out, err = run("register", "add", str(pdfs["a"]), str(pdfs["b"]), "--db", str(db))
    assert code == 0, err
    assert out.count("added") == 2
    code, out, err = run("register", "add", str(pdfs["a2"]), "--db", str(db))
    assert code == 0, err


@pytest.fixture(scope="module")
def filled_sqlite(pdfs, tmp_path_factory) -> Path:
    """An SQLite register with a, b and a2 added (kept pristine: tests copy it)."""
    db = tmp_path_factory.mktemp("db") / "register.sqlite"
    _fill(db, pdfs)
    return db


_databases = iter(range(1_000_000))


def _new_database(postgres, template: str | None = None) -> str:
    """A new database on the test server (a copy of ``template``), as a register URL."""
    import psycopg

    name = f"register_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(postgres.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template
                                                      else ""))
    return postgres.url(name)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Each register test runs on SQLite and on a real PostgreSQL server."""
    return request.param


@pytest.fixture(scope="module")
def filled(backend, pdfs, request) -> Path | str:
    """The register with a, b and a2 added, on the backend under test (kept pristine)."""
    if backend == "sqlite":
        return request.getfixturevalue("filled_sqlite")
    url = _new_database(request.getfixturevalue("postgres"))
    _fill(url, pdfs)
    return url


@pytest.fixture
def db(filled, tmp_path, request) -> Path | str:
    """A copy of the filled register, on the backend under test."""
    if isinstance(filled, str):
        return _new_database(request.getfixturevalue("postgres"), filled.rsplit("/", 1)[1])
    return _copy_sqlite(filled, tmp_path)


@pytest.fixture
def sqlite_db(filled_sqlite, tmp_path) -> Path:
    """A copy of the filled SQLite register: for what only a file can show (WAL, damaged
    pages, file modes)."""
    return _copy_sqlite(filled_sqlite, tmp_path)


@pytest.fixture
def empty(backend, tmp_path, request) -> Path | str:
    """A register that does not exist yet, on the backend under test."""
    if backend == "sqlite":
        return tmp_path / "new.sqlite"
    return _new_database(request.getfixturevalue("postgres"))


def _copy_sqlite(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "register.sqlite"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def _sql(db: Path | str, sql: str, params: tuple = ()) -> list[dict]:
    """Run ``sql`` (``?`` placeholders) on the register's database, as another tool would."""
    if isinstance(db, str):
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(db, autocommit=True, row_factory=dict_row) as conn:
            cursor = conn.execute(sql.replace("%", "%%").replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params).fetchall()]


def _count(db: Path | str, table: str) -> int:
    return _sql(db, f"SELECT count(*) AS n FROM {table}")[0]["n"]


def test_add_fills_the_tables_and_is_idempotent(pdfs, db):
    assert _count(db, "assessments") == 3
    risks = _count(db, "risks")
    code, out, err = run("register", "add", str(pdfs["a"]), str(pdfs["b"]), "--db", str(db))
    assert code == 0, err
    assert out.count("already in the register") == 2
    assert _count(db, "assessments") == 3 and _count(db, "risks") == risks
    from riskkit.register.schema import SCHEMA_VERSION

    assert _sql(db, "SELECT max(version) AS v FROM schema_version")[0]["v"] == SCHEMA_VERSION
    if isinstance(db, Path):
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    row = _sql(db, "SELECT system, organisation, owner, assessor, verified, riskkit, document "
                   "FROM assessments WHERE pdf_path LIKE '%/a.pdf'")[0]
    assert row["system"] == "Innbyggerchat «Spør Fjordvik»"
    assert row["organisation"] == "Fjordvik kommune"
    assert row["verified"] == "intact"
    assert json.loads(row["document"])["format"] == "riskkit-assessment"


def test_a_new_version_is_kept_and_the_latest_wins(db):
    _code, out, _ = run("register", "list", "--json", "--db", str(db))
    rows = json.loads(out)
    assert [r["assessment_id"] for r in rows] == ["RK-2026-0001", "RK-2026-0002"]
    assert rows[0]["date"] == "2026-06-01" and rows[0]["versions"] == 2
    _code, out, _ = run("register", "show", "RK-2026-0001", "--json", "--db", str(db))
    shown = json.loads(out)
    assert shown["date"] == "2026-06-01" and len(shown["older_versions"]) == 1
    assert shown["risks"] and shown["measures"]


def test_altered_and_truncated_pdfs_are_refused(pdfs, empty, tmp_path):
    data = pdfs["a"].read_bytes()
    altered = bytearray(data)
    altered[len(data) // 2] ^= 0x01
    (tmp_path / "altered.pdf").write_bytes(bytes(altered))
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) * 2 // 3])
    code, _out, err = run("register", "add", str(tmp_path / "altered.pdf"),
                         str(tmp_path / "cut.pdf"), "--db", str(empty))
    assert code == 1
    assert err.count("was not added") == 2
    assert "altered" in err and "[" in err  # verify's lines are given
    assert _count(empty, "assessments") == 0


def test_list_filters_and_table(db):
    def ids(*args):
        code, out, err = run("register", "list", "--json", "--db", str(db), *args)
        assert code == 0, err
        return [r["assessment_id"] for r in json.loads(out)]

    assert ids("--department", "kommunikasjon") == ["RK-2026-0001"]
    assert ids("--system", "brev") == ["RK-2026-0002"]
    assert ids("--due-before", "2027-01-01") == ["RK-2026-0001"]  # a2's review: 2026-12-01
    assert ids("--level", "nonexistent") == []
    level = json.loads(run("register", "list", "--json", "--db", str(db))[1])[1]
    assert ids("--level", level["overall_level"]) == ["RK-2026-0002"]
    assert ids("--level", level["overall_level_label"].upper()) == ["RK-2026-0002"]
    _code, out, _ = run("register", "list", "--db", str(db))
    assert "RK-2026-0001" in out.splitlines()[2] and "Spør Fjordvik" in out


def test_due_lists_reviews_and_overdue_measures(db):
    _code, out, _ = run("register", "due", "--today", "2026-11-22", "--within", "30",
                       "--db", str(db))
    reviews, _measures = out.split("Measures past")
    assert re.search(r"2026-12-01 +RK-2026-0001", reviews) and "RK-2026-0002" not in reviews
    _code, out, _ = run("register", "due", "--today", "2026-11-22", "--within", "1",
                       "--db", str(db))
    assert "RK-2026-0001" not in out.split("Measures past")[0]
    _code, out, _ = run("register", "due", "--today", "2020-01-01", "--db", str(db))
    assert out.count("none") == 2


def test_export_csv_opens_with_nordic_letters(db, tmp_path):
    target = tmp_path / "register.csv"
    code, _, err = run("register", "export", "--format", "csv", "--output", str(target),
                       "--db", str(db))
    assert code == 0, err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert {r["assessment_id"] for r in rows} == {"RK-2026-0001", "RK-2026-0002"}
    latest = [r for r in rows if r["assessment_id"] == "RK-2026-0001"]
    assert {r["next_review"] for r in latest} == {"2026-12-01"}  # only the latest version
    assert any("Spør Fjordvik" in r["system"] for r in rows)
    assert any(r["department"] == "Samhällsbyggnadsförvaltningen" for r in rows)
    assert all(len(r["pdf_sha256"]) == 64 for r in rows)
    code, out, _ = run("register", "export", "--format", "json", "--db", str(db))
    assert [tuple(r) for r in json.loads(out)] == [EXPORT_COLUMNS] * len(rows)
    code, out, _ = run("register", "export", "--format", "json", "--plan", "--db", str(db))
    plan = json.loads(out)
    assert plan and {"measure_id", "text", "due_date", "status"} <= set(plan[0])
    code, _, _ = run("register", "export", "--plan", "--output", str(tmp_path / "plan.csv"),
                     "--db", str(db))
    plan_rows = list(csv.reader(io.StringIO((tmp_path / "plan.csv").read_bytes()
                                            .decode("utf-8-sig"), newline="")))
    assert plan_rows[0][:5] == ["assessment_id", "system", "department", "number", "measure_id"]
    assert len(plan_rows) == len(plan) + 1


def test_measure_follow_up_keeps_history(db):
    shown = json.loads(run("register", "show", "RK-2026-0001", "--json", "--db", str(db))[1])
    measure = shown["measures"][0]["measure_id"]
    assert shown["measures"][0]["status"] == "proposed"
    code, out, err = run("register", "measure", "RK-2026-0001", measure, "--status",
                         "in_progress", "--by", "Kari", "--note", "bestilt", "--db", str(db))
    assert code == 0, err
    code, out, err = run("register", "measure", "RK-2026-0001", measure, "--status", "done",
                         "--by", "Åse", "--db", str(db))
    assert "in progress → done" in out
    shown = json.loads(run("register", "show", "RK-2026-0001", "--json", "--db", str(db))[1])
    assert shown["measures"][0]["status"] == "done"
    history = [(h["changed_by"], h["old_status"], h["new_status"], h["note"])
               for h in shown["history"]]
    assert history == [("Kari", "proposed", "in_progress", "bestilt"),
                       ("Åse", "in_progress", "done", "")]
    assert all(h["changed_at"] for h in shown["history"])
    code, _, err = run("register", "measure", "RK-2026-0001", "M-nope", "--status", "done",
                       "--db", str(db))
    assert code == 1 and "no measure" in err
    code, out, _ = run("register", "show", "RK-2026-0001", "--db", str(db))
    assert "Kari" in out and "Åse" in out


def test_rebuild_gives_the_same_rows_and_keeps_follow_up(pdfs, db):
    before = run("register", "export", "--format", "json", "--db", str(db))[1]
    plan = json.loads(run("register", "export", "--format", "json", "--plan", "--db",
                          str(db))[1])
    measure = plan[0]["measure_id"]
    run("register", "measure", plan[0]["assessment_id"], measure, "--status", "accepted",
        "--by", "CISO", "--db", str(db))
    code, _out, err = run("register", "rebuild", str(pdfs["folder"]), "--jobs", "2",
                          "--db", str(db))
    assert code == 0, err
    assert _count(db, "assessments") == 3
    assert run("register", "export", "--format", "json", "--db", str(db))[1] == before
    plan_after = json.loads(run("register", "export", "--format", "json", "--plan", "--db",
                                str(db))[1])
    assert plan_after[0]["status"] == "accepted"


def _subprocess_env(tmp_path: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "LANG": "C", "HOME": str(tmp_path),
            **{k: v for k, v in os.environ.items() if k in ("PYTHONPATH", "PGPASSFILE")}}


def test_ten_processes_adding_at_once_each_pdf_lands_once(cheap, empty, tmp_path):
    """Ten `register add` processes, each adding the same three PDFs in another order: each
    PDF is in the register once, with all its rows, and no process fails."""
    paths = [str(cheap["old_a"]), str(cheap["old_b"]), str(cheap["forged"])]
    procs = [subprocess.Popen([sys.executable, "-m", "riskkit", "register", "add",
                               *(paths[i % 3:] + paths[:i % 3]), "--allow-unverified",
                               "--db", str(empty)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=_subprocess_env(tmp_path))
             for i in range(10)]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()
        outputs.append(out.decode())
    said = "".join(outputs)
    assert said.count(": added ") == 3 and said.count("already in the register") == 27
    rows = _sql(empty, "SELECT pdf_sha256, pk FROM assessments")
    assert sorted(r["pdf_sha256"] for r in rows) == sorted(
        hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths)
    for row in rows:  # every add whole: its risks and measures, none twice
        assert _sql(empty, "SELECT count(*) AS n FROM risks WHERE assessment_pk = ?",
                    (row["pk"],))[0]["n"] > 0
    assert _count(empty, "risks") == _sql(
        empty, "SELECT count(*) AS n FROM (SELECT DISTINCT assessment_pk, risk_id FROM risks) "
        "x")[0]["n"]
    assert [r["action"] for r in _sql(empty, "SELECT action FROM audit")] == ["add"] * 3


# --- what the register takes: verified, visibly apart, or refused (issue #12) -------------------


def test_a_pdf_laid_out_by_another_program_is_refused_or_kept_apart(cheap, empty):
    """A genuine attachment in pages another program made passes the first four checks; it
    claims this riskkit version, so the byte comparison could have run and did not pass."""
    code, out, err = run("register", "add", str(cheap["forged"]), "--db", str(empty))
    assert code == 1 and out == ""
    assert "was not added" in err and "--allow-unverified" in err
    assert _count(empty, "assessments") == 0
    code, out, err = run("register", "add", str(cheap["forged"]), "--allow-unverified",
                         "--db", str(empty))
    assert code == 0, err
    assert json.loads(run("register", "list", "--json", "--db", str(empty))[1])[0][
        "verified"] == "unverified"
    table = run("register", "list", "--db", str(empty))[1]
    assert re.search(r"^RK-2026-0001 .*UNVERIFIED$", table, re.M)
    shown = run("register", "show", "RK-2026-0001", "--db", str(empty))[1]
    assert shown.splitlines()[1].startswith("UNVERIFIED")
    assert "not run: identical" in shown


def test_a_pdf_from_an_older_riskkit_is_taken_with_its_version_and_checks(cheap, empty):
    code, _out, err = run("register", "add", str(cheap["old_a"]), "--db", str(empty))
    assert code == 0, err
    assert "0.0.9" in err  # verify's notice: not compared byte for byte
    row = json.loads(run("register", "list", "--json", "--db", str(empty))[1])[0]
    assert (row["riskkit"], row["verified"]) == ("0.0.9", "incomplete")
    assert row["checks"] == {"file": "ok", "assessment": "ok", "structure": "ok",
                             "result": "ok", "identical": "skipped"}
    assert "partly (riskkit 0.0.9)" in run("register", "list", "--db", str(empty))[1]
    shown = run("register", "show", "RK-2026-0001", "--db", str(empty))[1]
    assert "Checks passed: file, assessment, structure, result; not run: identical" in shown


def test_one_bad_file_does_not_stop_the_others(cheap, empty, tmp_path):
    """A FIFO (which would block a read for ever), a folder and a missing file among the
    PDFs: each is reported, the good PDF after them is added, the exit status says some
    failed."""
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    (tmp_path / "folder.pdf").mkdir()
    done = subprocess.run([sys.executable, "-m", "riskkit", "register", "add", str(fifo),
                           str(tmp_path / "folder.pdf"), str(tmp_path / "missing.pdf"),
                           str(cheap["old_b"]), "--db", str(empty)], capture_output=True,
                          text=True, timeout=120, env=_subprocess_env(tmp_path))
    assert done.returncode == 1
    assert f"{fifo} was not added: it is not a regular file" in done.stderr
    assert str(tmp_path / "folder.pdf") in done.stderr
    assert str(tmp_path / "missing.pdf") in done.stderr
    assert ": added RK-2026-0002" in done.stdout
    assert _count(empty, "assessments") == 1


def test_re_adding_a_known_pdf_does_not_verify_it_again(pdfs, db, monkeypatch, tmp_path):
    from riskkit import verify

    def no(*args, **kwargs):
        raise AssertionError("verified again")

    monkeypatch.setattr(verify, "verify_bytes", no)
    code, out, err = run("register", "add", str(pdfs["a"]), "--db", str(db))
    assert code == 0, err
    assert out == f"{pdfs['a']}: already in the register (RK-2026-0001).\n"
    import time

    start = time.monotonic()  # as a person runs it: a new process, imports included
    done = subprocess.run([sys.executable, "-m", "riskkit", "register", "add", str(pdfs["b"]),
                           "--db", str(db)], capture_output=True, text=True,
                          env=_subprocess_env(tmp_path))
    elapsed = time.monotonic() - start
    assert done.returncode == 0 and "already in the register" in done.stdout, done.stderr
    assert elapsed < 1.5, elapsed


def _as_reader(argv: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Run riskkit as someone who may read but not write the files: as root (CI), without
    the capabilities that let root write anything (setpriv); else as this user, whom the
    file modes bind."""
    prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"] \
        if os.geteuid() == 0 else []
    return subprocess.run([*prefix, sys.executable, "-m", "riskkit", *argv],
                          capture_output=True, text=True, timeout=120,
                          env=_subprocess_env(tmp_path))


def test_a_read_only_register_is_read_and_never_called_damaged(backend, db, pdfs, cheap,
                                                                 request):
    """Readable but not writable (a file's modes; on PostgreSQL a role with SELECT only):
    list, show and export work; a write says read-only, never "restore it from a backup"."""
    import shutil
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="riskkit-ro-"))
    request.addfinalizer(lambda: shutil.rmtree(shared, ignore_errors=True))
    pdf = shared / "old_a.pdf"
    shutil.copyfile(cheap["old_a"], pdf)
    if backend == "sqlite":
        target = shared / "register.sqlite"
        with sqlite3.connect(db) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        target.chmod(0o444)
        shared.chmod(0o555)
        request.addfinalizer(lambda: shared.chmod(0o755))
        register = str(target)
    else:
        _sql(db, "CREATE ROLE reader LOGIN PASSWORD '" +
             request.getfixturevalue("postgres").password + "'")
        request.addfinalizer(lambda: (_sql(db, "DROP OWNED BY reader"),
                                      _sql(db, "DROP ROLE reader")))
        _sql(db, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
        _sql(db, "INSERT INTO organisation_roles VALUES ('reader', 'Fjordvik kommune')")
        register = db.replace("riskkit@", "reader@")
    pdf.chmod(0o444)
    for argv in (["list"], ["show", "RK-2026-0001"], ["export"], ["due"]):
        done = _as_reader(["register", *argv, "--db", register], pdfs["folder"])
        assert done.returncode == 0, (argv, done.stderr)
        assert "RK-2026-0001" in done.stdout, argv
    for argv in (["add", str(pdf)], ["measure", "RK-2026-0001", "x", "--status", "done"]):
        done = _as_reader(["register", *argv, "--db", register], pdfs["folder"])
        assert done.returncode == 1, argv
        assert "is read-only for you" in done.stderr and "backup" not in done.stderr, argv
    if backend == "sqlite":
        done = _as_reader(["register", "list", "--db", str(shared / "new.sqlite")],
                              pdfs["folder"])
        assert done.returncode == 1 and "folder is read-only" in done.stderr
        assert "backup" not in done.stderr


def test_show_prints_the_pdfs_own_numbers_beside_the_ids(db):
    from riskkit import i18n
    from riskkit.i18n import pgettext

    shown = json.loads(run("register", "show", "RK-2026-0001", "--json", "--db", str(db))[1])
    assert [r["risk_ref"] for r in shown["risks"]] == \
        [f"R{i}" for i in range(1, len(shown["risks"]) + 1)]
    with i18n.using("nb"):  # the PDF is in Norwegian: its measures are T1, T2, ...
        numbers = [pgettext("measure number", "M{n}").format(n=i)
                   for i in range(1, len(shown["measures"]) + 1)]
    assert numbers[0] == "T1"
    assert [m["number"] for m in shown["measures"]] == numbers
    out = run("register", "show", "RK-2026-0001", "--db", str(db))[1]
    first = shown["risks"][0]
    assert re.search(rf"^R1 +{re.escape(first['risk_id'])} ", out, re.M)
    assert re.search(rf"^T1 +{re.escape(shown['measures'][0]['measure_id'])} ", out, re.M)


# --- a shared register: audit, migrate, erasure, organisations apart ---------------------------


def test_the_audit_says_who_added_and_changed_what_and_when(db):
    rows = json.loads(run("register", "audit", "--json", "--db", str(db))[1])
    assert [(r["action"], r["assessment_id"]) for r in rows] == [
        ("add", "RK-2026-0001"), ("add", "RK-2026-0002"), ("add", "RK-2026-0001")]
    assert all(r["at"] and r["by_name"] for r in rows)
    assert all(r["db_user"] == ("riskkit" if isinstance(db, str) else "") for r in rows)
    measure = json.loads(run("register", "show", "RK-2026-0002", "--json", "--db",
                             str(db))[1])["measures"][0]["measure_id"]
    run("register", "measure", "RK-2026-0002", measure, "--status", "done", "--by", "Åsa",
        "--db", str(db))
    last = json.loads(run("register", "audit", "RK-2026-0002", "--json", "--db",
                          str(db))[1])[-1]
    assert (last["action"], last["by_name"], last["organisation"]) == \
        ("measure", "Åsa", "Älvby kommun")
    assert last["detail"] == f"{measure}: proposed -> done"


def test_migrate_copies_every_row_to_the_other_backend_and_back(backend, db, tmp_path,
                                                                 request):
    """SQLite -> PostgreSQL -> SQLite (or the other way round): the same exports, follow-up
    and audit on arrival, and the copy recorded."""
    measure = json.loads(run("register", "show", "RK-2026-0001", "--json", "--db",
                             str(db))[1])["measures"][0]["measure_id"]
    run("register", "measure", "RK-2026-0001", measure, "--status", "in_progress", "--by",
        "Kari", "--db", str(db))
    other = _new_database(request.getfixturevalue("postgres")) if backend == "sqlite" \
        else tmp_path / "copy.sqlite"
    back = tmp_path / "back.sqlite" if backend == "sqlite" else \
        _new_database(request.getfixturevalue("postgres"))
    code, out, err = run("register", "migrate", "--to", str(other), "--db", str(db))
    assert code == 0, err
    assert out.startswith("3 assessments copied")
    code, _, err = run("register", "migrate", "--to", str(back), "--db", str(other))
    assert code == 0, err
    for args in (["export", "--format", "json"], ["export", "--format", "json", "--plan"],
                 ["show", "RK-2026-0001", "--json"]):
        assert run("register", *args, "--db", str(back))[1] == \
            run("register", *args, "--db", str(db))[1], args
    audit = json.loads(run("register", "audit", "--json", "--db", str(back))[1])
    assert [r["action"] for r in audit] == ["add", "add", "add", "measure", "migrate",
                                            "migrate"]
    code, _, err = run("register", "migrate", "--to", str(back), "--db", str(db))
    assert code == 1 and "empty register" in err
    # the keys generated after the copy follow the copied ones
    code, _, err = run("register", "measure", "RK-2026-0001", measure, "--status", "done",
                       "--db", str(back))
    assert code == 0, err
    history = json.loads(run("register", "show", "RK-2026-0001", "--json", "--db",
                             str(back))[1])["history"]
    assert [h["new_status"] for h in history] == ["in_progress", "done"]


def test_erasure_removes_a_person_from_every_row_and_is_recorded(db):
    shown = json.loads(run("register", "show", "RK-2026-0001", "--json", "--db", str(db))[1])
    person = "Ingrid Berg"
    assert person in shown["owner"] + shown["assessor"]
    code, out, err = run("register", "erase", "RK-2026-0001", "--person", person, "--reason",
                         "request 2026/114", "--by", "DPO", "--db", str(db))
    assert code == 0, err
    assert "The PDF itself still holds it" in out
    rows = _sql(db, "SELECT * FROM assessments WHERE assessment_id = 'RK-2026-0001'")
    assert len(rows) == 2  # both versions
    for table in ("assessments", "risks", "measures", "measure_history", "audit"):
        for row in _sql(db, f"SELECT * FROM {table}"):
            assert not any(person in str(v) for v in row.values()), (table, row)
    for row in rows:
        json.loads(row["document"])  # still JSON
        assert "[erased]" in row["assessor"] + row["owner"]
    erased = json.loads(run("register", "audit", "RK-2026-0001", "--json", "--db",
                            str(db))[1])[-1]
    assert erased["action"] == "erase" and erased["by_name"] == "DPO"
    assert "request 2026/114" in erased["detail"]
    code, _, err = run("register", "erase", "RK-2026-0001", "--person", person, "--db", str(db))
    assert code == 1 and "nothing was erased" in err


def test_organisations_are_kept_apart_by_row_level_security(postgres, pdfs, request):
    """Two municipalities in one PostgreSQL register: each role reads and changes only its
    own organisation's rows (docs/register.md, *A shared register*)."""
    url = _new_database(postgres)
    _fill(url, pdfs)  # as the register's owner, who sees every organisation
    roles = {"fjordvik": "Fjordvik kommune", "alvby": "Älvby kommun"}
    fresh = _new_database(postgres)

    def drop_roles() -> None:
        for role in roles:
            for database in (url, fresh):
                _sql(database, f"DROP OWNED BY {role}")
            _sql(url, f"DROP ROLE {role}")

    request.addfinalizer(drop_roles)
    for role, organisation in roles.items():
        _sql(url, f"CREATE ROLE {role} LOGIN PASSWORD '{postgres.password}'")
        _sql(url, f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "
                  f"{role}")
        _sql(url, "INSERT INTO organisation_roles VALUES (?, ?)", (role, organisation))
    as_role = {role: url.replace("riskkit@", f"{role}@") for role in roles}
    for role, expected in (("fjordvik", ["RK-2026-0001"]), ("alvby", ["RK-2026-0002"])):
        rows = json.loads(run("register", "list", "--json", "--db", as_role[role])[1])
        assert [r["assessment_id"] for r in rows] == expected
        assert {r["organisation"] for r in _sql(as_role[role], "SELECT * FROM audit")} == \
            {roles[role]}
    # Fjordvik cannot read, change or follow up Älvby's rows, even in SQL of its own
    code, _, err = run("register", "show", "RK-2026-0002", "--db", as_role["fjordvik"])
    assert code == 1 and "No assessment RK-2026-0002" in err
    assert _sql(as_role["fjordvik"], "SELECT count(*) AS n FROM risks r JOIN assessments a "
                "ON a.pk = r.assessment_pk WHERE a.organisation = 'Älvby kommun'")[0]["n"] == 0
    _sql(as_role["fjordvik"], "UPDATE measures SET status = 'done'")
    _sql(as_role["fjordvik"], "DELETE FROM assessments WHERE organisation = 'Älvby kommun'")
    plan = _sql(url, "SELECT m.status, a.organisation FROM measures m JOIN assessments a ON "
                     "a.pk = m.assessment_pk")
    assert {r["status"] for r in plan if r["organisation"] == "Älvby kommun"} == {"proposed"}
    assert {r["status"] for r in plan if r["organisation"] == "Fjordvik kommune"} == {"done"}
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # no row for another one
        _sql(as_role["fjordvik"], "UPDATE assessments SET organisation = 'Älvby kommun'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor a way in for itself
        _sql(as_role["fjordvik"], "INSERT INTO organisation_roles VALUES ('fjordvik', "
                                  "'Älvby kommun')")
    assert _sql(as_role["fjordvik"], "UPDATE organisation_roles SET organisation = "
                                     "'Älvby kommun' RETURNING role_name") == []
    # nor add another organisation's PDF
    code, _, err = run("register", "list", "--db", fresh)  # the tables, made by the owner
    assert code == 0, err
    for role in roles:
        _sql(fresh, f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "
                    f"{role}")
        _sql(fresh, "INSERT INTO organisation_roles VALUES (?, ?)", (role, roles[role]))
    fresh_fjordvik = fresh.replace("riskkit@", "fjordvik@")
    code, out, err = run("register", "add", str(pdfs["b"]), str(pdfs["a"]), "--db",
                         fresh_fjordvik)
    assert code == 1 and f"{pdfs['b']} was not added" in err
    assert "added RK-2026-0001" in out
    assert [r["organisation"] for r in _sql(fresh, "SELECT organisation FROM assessments")] \
        == ["Fjordvik kommune"]


def test_a_concurrent_writer_is_waited_for(pdfs, sqlite_db):
    """A write transaction held by another connection delays, not fails, a follow-up."""
    import threading
    import time

    db = sqlite_db
    measure = json.loads(run("register", "show", "RK-2026-0002", "--json", "--db",
                             str(db))[1])["measures"][0]["measure_id"]
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, lambda: holder.execute("COMMIT")).start()
    start = time.monotonic()
    code, _, err = run("register", "measure", "RK-2026-0002", measure, "--status", "done",
                       "--db", str(db))
    assert code == 0, err
    assert time.monotonic() - start >= 0.5
    holder.close()


@pytest.mark.parametrize("content", [b"this is not a database\n" * 50,
                                     b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_database_is_reported_and_left_alone(content, tmp_path):
    dbfile = tmp_path / "register.sqlite"
    dbfile.write_bytes(content)
    code, _out, err = run("register", "list", "--db", str(dbfile))
    assert code == 1
    assert "not a usable riskkit register" in err and str(dbfile) in err
    assert dbfile.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.sqlite"]


def test_a_foreign_sqlite_database_is_not_taken_over(tmp_path):
    dbfile = tmp_path / "other.sqlite"
    with sqlite3.connect(dbfile) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    before = dbfile.read_bytes()
    code, _, err = run("register", "list", "--db", str(dbfile))
    assert code == 1 and "not a riskkit register" in err
    assert dbfile.read_bytes() == before


def test_archive_copies_by_assessment_id(pdfs, tmp_path):
    archive = tmp_path / "archive"
    code, _, err = run("register", "add", str(pdfs["b"]), "--archive", str(archive),
                       "--db", str(tmp_path / "fresh.sqlite"))
    assert code == 0, err
    copies = list((archive / "RK-2026-0002").glob("*.pdf"))
    assert len(copies) == 1 and copies[0].read_bytes() == pdfs["b"].read_bytes()


def test_default_path_follows_the_environment(tmp_path):
    from riskkit.register.store import default_path

    assert default_path({"RISKKIT_REGISTER": "/x/r.sqlite"}) == Path("/x/r.sqlite")
    assert default_path({"XDG_DATA_HOME": "/d"}) == Path("/d/riskkit/register.sqlite")
    assert default_path({}).parts[-4:] == (".local", "share", "riskkit", "register.sqlite")


# --- riskkit diff ------------------------------------------------------------------------------


def test_diff_of_two_systems_names_risks_verdicts_and_answers(pdfs):
    code, out, err = run("diff", str(pdfs["a"]), str(pdfs["b"]), "--json")
    assert code == 0, err
    changes = json.loads(out)
    assert changes["assessment_id"] == ["RK-2026-0001", "RK-2026-0002"]
    assert changes["answers"] and changes["risks"]
    assert {r["change"] for r in changes["risks"]} <= {"up", "down", "added", "removed", "same"}
    bias = next(r for r in changes["risks"] if r["risk"] == "harmful_bias")
    assert bias["change"] == "down"
    assert bias["residual"]["old_score"] > bias["residual"]["new_score"]
    code, out, _ = run("diff", str(pdfs["a"]), str(pdfs["b"]))
    assert "assessment IDs differ" in out and "harmful_bias: down" in out


def test_diff_of_a_new_version_with_the_same_answers(pdfs):
    code, out, _ = run("diff", str(pdfs["a"]), str(pdfs["a2"]), "--json")
    changes = json.loads(out)
    assert code == 0 and changes["verdicts"] == []
    # The review date changed, but it is a field of the system description, not an answer
    # (asked once since questionnaire 1.2.0).
    assert changes["answers"] == []
    assert changes["overall_level"][0] == changes["overall_level"][1]


def test_diff_refuses_what_is_not_an_assessment(pdfs, tmp_path):
    other = tmp_path / "x.pdf"
    other.write_bytes(b"%PDF-1.7\nnot really\n")
    code, _, err = run("diff", str(other), str(pdfs["a"]))
    assert code == 1 and str(other) in err


# --- xlsx export -------------------------------------------------------------------------------


def _xlsx(db: Path, target: Path, *args: str):
    import openpyxl

    code, out, err = run("register", "export", "--format", "xlsx", "--output", str(target),
                         "--db", str(db), *args)
    assert code == 0, err
    assert out == ""
    return openpyxl.load_workbook(target)


def test_export_xlsx_holds_the_register_rows_typed(db, tmp_path):
    book = _xlsx(db, tmp_path / "register.xlsx")
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == EXPORT_COLUMNS
    expected = _sql(
        db, "SELECT r.*, a.system, a.department, a.next_review, a.pdf_sha256 FROM risks r "
        "JOIN assessments a ON a.pk = r.assessment_pk WHERE a.pk IN (SELECT max(pk) FROM "
        "assessments GROUP BY assessment_id) ORDER BY a.assessment_id, r.position")
    assert len(rows) - 1 == len(expected)
    for got, want in zip(rows[1:], expected, strict=True):
        cells = dict(zip(rows[0], got, strict=True))
        for key in ("assessment_id", "system", "department", "risk_id", "title", "risk_ref",
                    "pdf_sha256"):
            assert cells[key] == want[key]
        assert (cells["inherent_level"], cells["inherent_level_label"]) == \
            (want["inherent_level_id"], want["inherent_level"])
        assert (cells["residual_level"], cells["residual_level_label"]) == \
            (want["residual_level_id"], want["residual_level"])
        assert cells["inherent_likelihood"] == want["inherent_likelihood"]  # numbers
        assert isinstance(cells["residual_consequence"], int)
        assert cells["next_review"].date().isoformat() == want["next_review"]  # dates
        assert (cells["due_date"].date().isoformat() if cells["due_date"] else "") \
            == want["due_date"]
    assert any(r[1] == "Innbyggerchat «Spør Fjordvik»" for r in rows)  # Nordic letters
    assert any(r[2] == "Samhällsbyggnadsförvaltningen" for r in rows)
    assert sheet.freeze_panes == "A2" and all(c.font.b for c in sheet[1])
    assert sheet.auto_filter.ref == sheet.dimensions
    widths = {c: sheet.column_dimensions[c].width for c in "BQW"}  # system, measures, sha
    assert widths["B"] > len("system") + 2 and widths["Q"] <= 62
    assert widths["W"] >= 64  # a checksum is not wrapped
    assert sheet["Q2"].alignment.wrap_text


def test_export_xlsx_plan_has_one_row_per_measure(db, tmp_path):
    from riskkit.register.export import PLAN_COLUMNS

    plan = json.loads(run("register", "export", "--format", "json", "--plan", "--db",
                          str(db))[1])
    rows = list(_xlsx(db, tmp_path / "plan.xlsx", "--plan").active.iter_rows(values_only=True))
    assert rows[0] == PLAN_COLUMNS and len(rows) == len(plan) + 1
    for got, want in zip(rows[1:], plan, strict=True):
        cells = dict(zip(PLAN_COLUMNS, got, strict=True))
        assert (cells["measure_id"], cells["text"], cells["status"]) == \
            (want["measure_id"], want["text"], want["status"])
        assert (cells["due_date"].date().isoformat() if cells["due_date"] else "") \
            == want["due_date"]


def test_export_xlsx_stores_formulas_as_text(db, tmp_path):
    """Answers are untrusted: text that a spreadsheet would run stays text, unchanged."""
    import zipfile

    dangerous = {"title": '=HYPERLINK("http://example.invalid","Klikk her")',
                 "owner": "+47 22 00 00 00", "treatment": "-1+1", "measures": "@SUM(A1)",
                 "inherent_level": "#N/A"}
    _sql(db, "UPDATE risks SET " + ", ".join(f"{k} = ?" for k in dangerous),
         tuple(dangerous.values()))
    _sql(db, "UPDATE assessments SET system = ?", ("Bell\x07 «Æøå»",))
    target = tmp_path / "register.xlsx"
    sheet = _xlsx(db, target).active
    header = [c.value for c in sheet[1]]
    for key, text in dangerous.items():
        key = "inherent_level_label" if key == "inherent_level" else key  # the label column
        cell = sheet.cell(row=2, column=header.index(key) + 1)
        assert cell.value == text and cell.data_type == "s"
    assert sheet.cell(row=2, column=header.index("system") + 1).value == "Bell «Æøå»"
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and 't="e"' not in xml


def test_export_xlsx_is_the_same_bytes_for_the_same_register(db, tmp_path):
    """The workbook's times come from the register (latest assessment or follow-up), not
    from the clock."""
    import datetime as dt
    import zipfile

    first = tmp_path / "1.xlsx"
    book = _xlsx(db, first)
    latest = _sql(db, "SELECT max(date) AS d FROM assessments")[0]["d"]
    assert book.properties.created == book.properties.modified \
        == dt.datetime.fromisoformat(latest)
    with zipfile.ZipFile(first) as archive:
        assert {i.date_time for i in archive.infolist()} == \
            {dt.datetime.fromisoformat(latest).timetuple()[:6]}
    import time

    time.sleep(2.1)  # a zip entry's time has a two-second resolution
    second = tmp_path / "2.xlsx"
    _xlsx(db, second)
    assert first.read_bytes() == second.read_bytes()
    measure = json.loads(run("register", "show", "RK-2026-0002", "--json", "--db",
                             str(db))[1])["measures"][0]["measure_id"]
    run("register", "measure", "RK-2026-0002", measure, "--status", "done", "--db", str(db))
    changed = _xlsx(db, tmp_path / "3.xlsx", "--plan").properties.modified
    when = _sql(db, "SELECT max(changed_at) AS t FROM measure_history")[0]["t"]
    assert changed == dt.datetime.fromisoformat(when).replace(tzinfo=None)


def _csv_rows(text: str, delimiter: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_export_csv_for_nordic_excel_codes_beside_labels(db, tmp_path):
    """Semicolons for nb/nn/sv/da (Nordic Excel splits on them), commas for English; level
    and status codes beside the labels; one status vocabulary in both exports."""
    from riskkit import i18n
    from riskkit.i18n import labels

    code, nordic, err = run("register", "export", "--lang", "nb", "--db", str(db))
    assert code == 0, err
    assert nordic.splitlines()[0] == ";".join(EXPORT_COLUMNS)
    assert run("register", "export", "--db", str(db))[1].splitlines()[0] == \
        ",".join(EXPORT_COLUMNS)
    assert run("register", "export", "--lang", "sv", "--delimiter", ",", "--db",
               str(db))[1].splitlines()[0] == ",".join(EXPORT_COLUMNS)
    rows = _csv_rows(nordic, ";")
    levels = {r["residual_level"] for r in rows} | {r["inherent_level"] for r in rows}
    assert levels <= {"low", "medium", "high", "critical"}
    nb_rows = [r for r in rows if r["assessment_id"] == "RK-2026-0001"]
    with i18n.using("nb"):
        assert {r["status_label"] for r in nb_rows if r["status"] == "proposed"} == \
            {labels.measure_status("proposed")}
    assert [r["risk_ref"] for r in nb_rows] == [f"R{i}" for i in range(1, len(nb_rows) + 1)]
    plan = _csv_rows(run("register", "export", "--plan", "--db", str(db))[1], ",")
    assert {r["status"] for r in plan} | {r["status"] for r in rows} <= \
        {"proposed", "in_progress", "done", "accepted", "monitored"}
    # a risk follows its measures: done when every one of its measures is done
    risk = next(r for r in nb_rows if r["status"] == "proposed")
    for m in plan:
        if m["assessment_id"] == "RK-2026-0001" and risk["risk_id"] in m["risks"].split(", "):
            run("register", "measure", "RK-2026-0001", m["measure_id"], "--status", "done",
                "--db", str(db))
    again = _csv_rows(run("register", "export", "--db", str(db))[1], ",")
    assert next(r for r in again if r["assessment_id"] == "RK-2026-0001" and
                r["risk_id"] == risk["risk_id"])["status"] == "done"


def test_csv_cells_are_formula_safe_after_splitting(db):
    _sql(db, "UPDATE assessments SET system = ?", ("Chatbot;=1+1",))
    _sql(db, "UPDATE risks SET title = ?", ("Lekkasje,@SUM(A1)",))
    out = run("register", "export", "--db", str(db))[1]
    rows = _csv_rows(out, ",")
    assert {r["system"] for r in rows} == {"Chatbot;'=1+1"}
    assert {r["title"] for r in rows} == {"Lekkasje,'@SUM(A1)"}
    for part in re.split(r"[;,\t\n]", out.replace('"', "")):
        assert not part.startswith(("=", "+", "@")), part


def test_export_output_needs_force_to_replace_a_file(db, tmp_path):
    target = tmp_path / "register.csv"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run("register", "export", "--output", str(target), "--db", str(db))
    assert code == 1 and "--force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, err = run("register", "export", "--output", str(target), "--force", "--db", str(db))
    assert code == 0, err
    assert target.read_bytes().startswith(b"\xef\xbb\xbfassessment_id")


def test_list_min_level_takes_that_level_and_above(db):
    rows = json.loads(run("register", "list", "--json", "--db", str(db))[1])
    order = ["low", "medium", "high", "critical"]
    for level in order:
        code, out, err = run("register", "list", "--json", "--min-level", level, "--db",
                             str(db))
        assert code == 0, err
        assert [r["assessment_id"] for r in json.loads(out)] == [
            r["assessment_id"] for r in rows
            if order.index(r["overall_level"]) >= order.index(level)]
    assert len({r["overall_level"] for r in rows}) == 2  # the filter is seen to cut
    code, _, err = run("register", "list", "--min-level", "huge", "--db", str(db))
    assert code == 2 and "critical" in err


def test_export_xlsx_needs_an_output_file(db, tmp_path):
    code, out, err = run("register", "export", "--format", "xlsx", "--db", str(db))
    assert code == 2 and out == ""
    assert "--output" in err and "xlsx" in err


def test_other_commands_do_not_import_openpyxl(db):
    script = ("import io, sys\nfrom riskkit.cli.main import main\nfrom riskkit.cli.env import "
              "Environment\nenv = Environment(stdin=io.StringIO(), stdout=io.StringIO(), "
              "stderr=io.StringIO(), environ={'LANG': 'C'})\n"
              f"assert main(['register', 'list', '--db', {str(db)!r}], env) == 0\n"
              "assert main(['register', 'export', '--db', " + repr(str(db)) + "], env) == 0\n"
              "print('openpyxl' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


# --- the terminal ------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run_width(columns: int, *argv: str, tty: bool = True) -> str:
    out, err = (_Terminal() if tty else io.StringIO()), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err,
                      environ={"LANG": "C", "COLUMNS": str(columns)})
    assert main(list(argv), env) == 0, err.getvalue()
    return out.getvalue()


def test_tables_fit_the_terminal_and_keep_ids_whole(db):
    shown = json.loads(run("register", "show", "RK-2026-0001", "--json", "--db", str(db))[1])
    for argv in (("list",), ("show", "RK-2026-0001"), ("due", "--today", "2027-01-01")):
        out = _run_width(80, "register", *argv, "--db", str(db))
        if argv[0] == "show":  # the facts above the first blank line are not a table
            out = out.split("\n\n", 1)[1]
        assert [line for line in out.splitlines() if len(line) > 80] == [], argv
    out = _run_width(80, "register", "show", "RK-2026-0001", "--db", str(db))
    for measure in shown["measures"]:  # needed whole for `register measure`
        assert re.search(rf"^{re.escape(measure['number'])} +"
                         rf"{re.escape(measure['measure_id'])}\s", out, re.M)
    # wrapped within the Text column, nothing lost: the column, read down, is every text
    table = out.split("\n\n")[2].splitlines()  # facts, risks, measures
    start, end = table[1].index("Text"), table[1].index("Risks")
    column = "".join("".join(line[start:end].split()) for line in table[3:])
    assert column == "".join("".join(m["text"].split()) for m in shown["measures"])
    wide = _run_width(80, "register", "show", "RK-2026-0001", "--wide", "--db", str(db))
    assert all(m["text"] in wide for m in shown["measures"])  # --wide: every text on its line
    # a pipe gets the full texts, even when the shell exported $COLUMNS
    wide = _run_width(80, "register", "show", "RK-2026-0001", "--db", str(db), tty=False)
    assert all(m["text"] in wide for m in shown["measures"])


def test_statuses_are_shown_in_the_message_language(db):
    from riskkit import i18n
    from riskkit.i18n import labels

    with i18n.using("nb"):
        proposed, done = labels.measure_status("proposed"), labels.measure_status("done")
    assert proposed != "proposed"
    shown = json.loads(run("register", "show", "RK-2026-0001", "--json", "--db", str(db))[1])
    measure = shown["measures"][0]["measure_id"]
    code, out, _ = run("register", "measure", "RK-2026-0001", measure, "--status", "done",
                       "--lang", "nb", "--db", str(db))
    assert code == 0 and f"{proposed} → {done}" in out
    out = run("register", "show", "RK-2026-0001", "--lang", "nb", "--db", str(db))[1]
    assert proposed in out and done in out


# --- due: measures -----------------------------------------------------------------------------


def test_due_names_each_overdue_measure_until_it_is_done(db):
    plan = json.loads(run("register", "export", "--format", "json", "--plan", "--db",
                          str(db))[1])
    dues = sorted({m["due_date"] for m in plan if m["due_date"]})
    assert len(dues) >= 2
    today = dues[-1]  # all but the last deadline have passed
    overdue = {(m["assessment_id"], m["measure_id"]) for m in plan
               if m["due_date"] and m["due_date"] < today}
    assert overdue and len(overdue) < len(plan)

    def listed() -> set[tuple[str, str]]:
        out = run("register", "due", "--today", today, "--db", str(db))[1]
        part = out.split("Measures past their deadline")[1]
        return set(re.findall(r"^\s+\d{4}-\d\d-\d\d\s+(RK-\S+)\s+(M-\S+)", part, re.M))

    assert listed() == overdue
    assessment, measure = sorted(overdue)[0]
    run("register", "measure", assessment, measure, "--status", "done", "--db", str(db))
    assert listed() == overdue - {(assessment, measure)}


# --- schema and crashes ------------------------------------------------------------------------


def test_a_newer_schema_is_refused_and_left_alone(sqlite_db):
    db = sqlite_db
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00+00:00')")
    before = db.read_bytes()
    code, _, err = run("register", "list", "--db", str(db))
    assert code == 1 and "99" in err and "newer riskkit" in err
    assert db.read_bytes() == before


def test_migrations_bring_an_older_register_up_to_date(db, monkeypatch):
    from riskkit.register import schema as reg_schema
    from riskkit.register import store as reg_store

    rows = _count(db, "assessments")
    monkeypatch.setattr(reg_store, "MIGRATIONS", reg_schema.MIGRATIONS + (
        "ALTER TABLE assessments ADD COLUMN reviewer TEXT NOT NULL DEFAULT ''",))
    monkeypatch.setattr(reg_store, "SCHEMA_VERSION", len(reg_store.MIGRATIONS))
    code, _, err = run("register", "list", "--db", str(db))
    assert code == 0, err
    versions = [r["version"] for r in _sql(db, "SELECT version FROM schema_version ORDER BY 1")]
    assert versions == list(range(1, reg_store.SCHEMA_VERSION + 1))
    assert {r["reviewer"] for r in _sql(db, "SELECT reviewer FROM assessments")} == {""}
    assert _count(db, "assessments") == rows


def test_a_damaged_page_is_reported_and_left_alone(sqlite_db):
    db = sqlite_db
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db.read_bytes())
    assert len(data) > 4 * page
    data[3 * page:4 * page] = b"\x0d" * 8 + b"\xff" * (page - 8)
    db.write_bytes(bytes(data))
    code, _, err = run("register", "list", "--db", str(db))
    assert code == 1 and "not a usable riskkit register" in err
    assert db.read_bytes() == bytes(data)


def test_a_crash_in_the_middle_of_an_add_leaves_the_register_as_it_was(sqlite_db, tmp_path):
    """A process that dies inside the add transaction (after writing the assessment and
    some of its rows, before COMMIT) leaves no part of that add behind."""
    db = sqlite_db
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        assessment = dict(conn.execute("SELECT * FROM assessments LIMIT 1").fetchone())
        risks = [dict(r) for r in conn.execute("SELECT * FROM risks WHERE assessment_pk = ?",
                                               (assessment["pk"],))]
        measures = [dict(r) for r in conn.execute(
            "SELECT * FROM measures WHERE assessment_pk = ?", (assessment["pk"],))]
    entry = {"pdf_sha256": "0" * 64, "assessment": assessment, "risks": risks,
             "measures": measures}
    (tmp_path / "entry.json").write_text(json.dumps(entry), encoding="utf-8")
    before = {t: _count(db, t) for t in ("assessments", "risks", "measures")}
    script = (
        "import json, os, sys\n"
        "from riskkit.register import entry as reg_entry, store as reg_store\n"
        "entry = reg_entry.Entry(**json.load(open(sys.argv[2], encoding='utf-8')))\n"
        "store = reg_store.Register(sys.argv[1])\n"
        "class Dying:\n"
        "    def __init__(self, db): self.db = db\n"
        "    def __getattr__(self, name): return getattr(self.db, name)\n"
        "    def execute(self, sql, *args):\n"
        "        if sql.startswith('INSERT INTO measures'):\n"
        "            os._exit(9)  # dies as a killed process does: no ROLLBACK, no close\n"
        "        return self.db.execute(sql, *args)\n"
        "    def executemany(self, sql, rows):\n"
        "        if sql.startswith('INSERT INTO measures'):\n"
        "            os._exit(9)\n"
        "        return self.db.executemany(sql, rows)\n"
        "store.db = Dying(store.db)\n"
        "store.add(entry)\n")
    result = subprocess.run([sys.executable, "-c", script, str(db), str(tmp_path / "entry.json")],
                            capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    assert {t: _count(db, t) for t in before} == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not conn.execute("SELECT 1 FROM assessments WHERE pdf_sha256 = ?",
                                ("0" * 64,)).fetchone()
    code, _, err = run("register", "list", "--db", str(db))
    assert code == 0, err


def test_diff_names_levels_and_verdicts_in_the_message_language(pdfs):
    from riskkit import i18n
    from riskkit.i18n import content, labels
    from riskkit.load import questionnaire

    changes = json.loads(run("diff", str(pdfs["a"]), str(pdfs["b"]), "--json")[1])
    code, out, _ = run("diff", str(pdfs["a"]), str(pdfs["b"]), "--lang", "nb")
    assert code == 0
    with i18n.using("nb"):
        matrix = questionnaire.load().matrix
        old, new = (content.level_label(matrix, v) for v in changes["overall_level"])
        dpia = next(v for v in changes["verdicts"] if v["verdict"] == "dpia.status")
        statuses = [labels.verdict_status("dpia", v) for v in (dpia["old"], dpia["new"])]
    assert f"{old} → {new}" in out
    assert f"dpia.status: {statuses[0]} → {statuses[1]}" in out
    assert statuses[0] != dpia["old"]  # translated, not the id


def test_a_password_on_the_command_line_is_refused(tmp_path):
    """Credentials never on the command line: ps and the shell history would keep them."""
    for url in ("postgresql://ciso:hemmelig@db.example.invalid/register",
                "postgresql:///register?password=hemmelig"):
        code, out, err = run("register", "list", "--db", url)
        assert code == 1 and out == ""
        assert "~/.pgpass" in err and "pg_service.conf" in err
        assert "hemmelig" not in err


def test_the_environment_can_name_a_postgresql_register():
    from riskkit.register.store import default_path

    url = "postgresql:///register?service=riskkit"
    assert default_path({"RISKKIT_REGISTER": url}) == url


def test_export_to_a_terminal_shows_escape_sequences_instead_of_obeying_them(sqlite_db):
    """A register row may hold an ESC sequence from a PDF made before riskkit refused control
    characters (older PDFs stay acceptable): `export` to a terminal must not retitle or clear
    it (hostile-input review), while a pipe or file gets the data unchanged."""
    import sqlite3

    with sqlite3.connect(sqlite_db) as conn:
        conn.execute("UPDATE assessments SET system = ?", ("Chat\x1b]0;pwned\x07bot",))
    on_terminal = _run_width(200, "register", "export", "--db", str(sqlite_db))
    assert "\x1b" not in on_terminal and "\x07" not in on_terminal
    assert "Chat\\x1b]0;pwned\\x07bot" in on_terminal
    piped = _run_width(200, "register", "export", "--db", str(sqlite_db), tty=False)
    assert "Chat\x1b]0;pwned\x07bot" in piped
