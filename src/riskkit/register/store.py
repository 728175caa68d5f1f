"""The CISO's register: an index of archived assessment PDFs in SQLite or PostgreSQL
(docs/register.md).

The PDFs are the source of truth: every row here is read from a PDF's embedded
``assessment.json`` (scored again with the questionnaire it names, riskkit.register.entry), so
the index can be dropped and rebuilt from the PDFs. Only the follow-up of measures
(``measure_history``) is the register's own, and it is kept across a rebuild.

Every write is one ``BEGIN IMMEDIATE`` transaction, the database is in WAL mode and waits
(busy_timeout) for another writer, so two ``riskkit register add`` at once both land, and a
crash mid-add leaves the previous state. A file that is not a riskkit register, or is
damaged, is reported and never recreated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Self

from riskkit.errors import ReadOnlyError, RiskkitError
from riskkit.i18n import pgettext
from riskkit.register import db as register_db
from riskkit.register.entry import Entry
from riskkit.register.export import EXPORT_COLUMNS, PLAN_COLUMNS, ZIP_EPOCH
from riskkit.register.schema import (
    CLOSED_STATUSES,
    COPIED_TABLES,
    ERASABLE,
    ERASED,
    MEASURE_STATUSES,
    MIGRATIONS,
    SCHEMA_VERSION,
    Migration,
)

#: The WHERE condition that keeps only the latest version of each assessment.
_LATEST = """
    a.pk = (SELECT b.pk FROM assessments b WHERE b.assessment_id = a.assessment_id
            ORDER BY b.date DESC, b.pk DESC LIMIT 1)
"""


def default_path(environ: Mapping[str, str] | None = None) -> Path | str:
    """``$RISKKIT_REGISTER`` (a file, or a ``postgresql://`` URL), else
    ``$XDG_DATA_HOME/riskkit/register.sqlite`` (default
    ``~/.local/share/riskkit/register.sqlite``)."""
    environ = os.environ if environ is None else environ
    if environ.get("RISKKIT_REGISTER"):
        if register_db.is_url(environ["RISKKIT_REGISTER"]):
            return environ["RISKKIT_REGISTER"]
        return Path(environ["RISKKIT_REGISTER"]).expanduser()
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "riskkit" / "register.sqlite"


def _damaged(path: Path | str, why: Any) -> RiskkitError:
    return RiskkitError(pgettext(
        "register", "{file} is not a usable riskkit register ({error}). It was left as it is: "
        "restore it from a backup, or name another file with --db and rebuild it from the PDFs "
        "with `riskkit register rebuild DIR`.").format(file=path, error=why))


def _check_header(path: Path) -> None:
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(len(register_db.SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise RiskkitError(pgettext("register", "{file}: cannot read: {error}").format(
            file=path, error=exc.strerror or exc)) from None
    if head and head != register_db.SQLITE_HEADER:
        raise _damaged(path, pgettext("register", "not an SQLite database"))


class Register:
    """One open register, on SQLite (a path) or PostgreSQL (a ``postgresql://`` URL). Use
    as a context manager, or call close()."""

    def __init__(self, target: Path | str):
        if register_db.is_url(target):
            self.path: Path | str = str(target)
            self.db: register_db.Database = register_db.PostgresDatabase(str(target))
            try:
                self._check_tables()
                self._migrate()
            except BaseException:
                self.db.close()
                raise
            return
        self.path = Path(target)
        _check_header(self.path)
        try:
            register_db.wait_for(self._connect_sqlite)
        except sqlite3.OperationalError as exc:
            raise _damaged(self.path, exc) from None
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, exc) from None

    def _connect_sqlite(self) -> None:
        db = register_db.SqliteDatabase(self.path)
        self.db = db
        try:
            self._check_tables()
            if not db.read_only:
                db.setup()
            self._migrate()
        except BaseException:
            db.close()
            raise

    @property
    def kind(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.db.kind

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    # --- opening -------------------------------------------------------------------------

    def _check_tables(self) -> None:
        names = self.db.tables()
        if names and "schema_version" not in names:
            raise _damaged(self.path, pgettext(
                "register", "a database, but not a riskkit register"))
        if "schema_version" in names:
            version = self._version()
            if version > SCHEMA_VERSION:
                raise RiskkitError(pgettext(
                    "register", "{file} has register schema version {found}; this riskkit "
                    "knows up to {known}. Use a newer riskkit.").format(
                    file=self.path, found=version, known=SCHEMA_VERSION))
            if self.db.kind == "sqlite" and \
                    self.db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _damaged(self.path, pgettext("register", "the integrity check failed"))

    def _version(self) -> int:
        row = self.db.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        exists = "schema_version" in self.db.tables()
        if exists and self._version() == SCHEMA_VERSION:
            return  # current: opening to read takes no write lock
        if self.db.read_only:
            raise ReadOnlyError(pgettext(
                "register", "{file} has register schema version {found} and is read-only "
                "for you: open it once with write access (any register command) to bring it "
                "to version {known}.").format(file=self.path,
                                              found=self._version() if exists else 0,
                                              known=SCHEMA_VERSION))
        with self.transaction():
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version "
                            "(version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
            current = self._version()
            for number, step in enumerate(MIGRATIONS[current:], start=current + 1):
                if isinstance(step, str):
                    step = Migration(step)
                parts = [step.sql] + ([step.postgresql] if self.db.kind == "postgresql"
                                      else [])
                for part in parts:
                    self._run_script(part)
                self.db.execute("INSERT INTO schema_version VALUES (?, ?)", (number, _now()))

    def _run_script(self, sql: str) -> None:
        """Statements separated by ";" at a line's end."""
        for statement in re.split(r";\s*\n", self.db.ddl(sql)):
            if statement.strip().rstrip(";").strip():
                self.db.execute(statement.strip().rstrip(";"))

    def transaction(self):
        """One write transaction (writers wait for each other); ROLLBACK on any error."""
        return self.db.transaction()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------

    def add(self, entry: Entry, *, by: str = "") -> bool:
        """Add one verified PDF's entry; False when that exact PDF is already there."""
        with self.transaction():
            added = self._insert(entry)
            if added:
                self._audit("add", entry.assessment.assessment_id,
                            entry.assessment.organisation, entry.pdf_sha256,
                            entry.assessment.verified, by=by)
            return added

    def add_signatures(self, entry: Entry, *, by: str = "") -> int:
        """Record the signatures a signed copy carries on its assessment (the one whose
        PDF has the SHA-256 of the copy's first revision); returns how many were new. A
        signature already recorded (same revision of the same assessment) is not added
        twice."""
        if not entry.signatures:
            return 0
        a = entry.assessment
        with self.transaction():
            new = 0
            for sig in entry.signatures:
                if self.db.execute("SELECT 1 FROM signatures WHERE pdf_sha256 = ? AND "
                                   "revision = ?", (entry.pdf_sha256,
                                                    sig["revision"])).fetchone():
                    continue
                self.db.execute(
                    "INSERT INTO signatures (assessment_id, pdf_sha256, revision, field, "
                    "signer, issuer, role, decision, signed_at, timestamped, validity, "
                    "signed_pdf_sha256, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?)", (a.assessment_id, entry.pdf_sha256, sig["revision"], sig["field"],
                           sig["signer"], sig["issuer"], sig["role"], sig["decision"],
                           sig["signed_at"], int(sig["timestamped"]), sig["validity"],
                           entry.signed_sha256, _now()))
                self._audit("sign", a.assessment_id, a.organisation, entry.pdf_sha256,
                            f'{sig["role"] or "-"} {sig["signer"]} {sig["validity"]}', by=by)
                new += 1
            return new

    def signatures(self, pdf_sha256: str) -> list[dict[str, Any]]:
        """The signatures recorded for the PDF with this SHA-256, in revision order."""
        return [dict(r) for r in self.db.execute(
            "SELECT revision, field, signer, issuer, role, decision, signed_at, timestamped, "
            "validity, signed_pdf_sha256, added_at FROM signatures WHERE pdf_sha256 = ? "
            "ORDER BY revision", (pdf_sha256,))]

    def unsigned(self, role: str) -> list[dict[str, Any]]:
        """The assessments (latest version of each) with no signature in ``role``."""
        return [r for r in self.assessments()
                if not self.db.execute("SELECT 1 FROM signatures WHERE pdf_sha256 = ? AND "
                                       "role = ?", (r["pdf_sha256"], role)).fetchone()]

    def known(self, pdf_sha256: str) -> str | None:
        """The assessment ID of the PDF with this SHA-256, when it is in the register: a
        re-add is answered from here, without verifying the PDF again."""
        row = self.db.execute("SELECT assessment_id FROM assessments WHERE pdf_sha256 = ?",
                              (pdf_sha256,)).fetchone()
        return None if row is None else str(row[0])

    def replace_all(self, entries: Iterable[Entry], *, by: str = "") -> int:
        """Drop every indexed assessment and add ``entries``, in one transaction (a failed
        rebuild leaves the previous index); the follow-up history stays. Returns how many
        were added."""
        with self.transaction():
            self.db.execute("DELETE FROM measures")
            self.db.execute("DELETE FROM risks")
            self.db.execute("DELETE FROM assessments")
            added = sum(self._insert(entry) for entry in entries)
            self._audit("rebuild", "", "", "", str(added), by=by)
            return added

    def _audit(self, action: str, assessment_id: str, organisation: str, pdf_sha256: str,
               detail: str, *, by: str = "") -> None:
        """One row of who did what when; inside the caller's transaction, so the change and
        its record land together or not at all."""
        self.db.execute(
            "INSERT INTO audit (at, by_name, db_user, action, assessment_id, organisation, "
            "pdf_sha256, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (_now(), by or login_name(), self.db.user(), action, assessment_id, organisation,
             pdf_sha256, detail))

    def _insert(self, entry: Entry) -> bool:
        if self.db.execute("SELECT 1 FROM assessments WHERE pdf_sha256 = ?",
                           (entry.pdf_sha256,)).fetchone():
            return False
        a = entry.assessment
        values = {**dataclasses.asdict(a), "pdf_sha256": entry.pdf_sha256, "added_at": _now()}
        pk = self.db.execute(
            f"INSERT INTO assessments ({', '.join(values)}) "
            f"VALUES ({', '.join('?' * len(values))}) RETURNING pk",
            tuple(values.values())).fetchone()[0]
        self.db.executemany(
            "INSERT INTO risks (assessment_pk, position, assessment_id, risk_id, title, "
            "owner, inherent_likelihood, inherent_consequence, inherent_level, "
            "residual_likelihood, residual_consequence, residual_level, "
            "residual_level_id, treatment, measures, due_date, status, risk_ref, "
            "inherent_level_id, status_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?)",
            [(pk, position, a.assessment_id, risk["risk_id"], risk["title"],
              risk["owner"], int(risk["inherent_likelihood"]),
              int(risk["inherent_consequence"]), risk["inherent_level"],
              int(risk["residual_likelihood"]), int(risk["residual_consequence"]),
              risk["residual_level"], risk["residual_level_id"], risk["treatment"],
              risk["measures"], risk["due_date"], risk["status"],
              risk.get("risk_ref", ""), risk.get("inherent_level_id", ""),
              risk.get("status_id", "")) for position, risk in enumerate(entry.risks)])
        # The follow-up belongs to the assessment ID, so it carries over to a new version
        # of the assessment and survives a rebuild: each measure starts at its last status.
        last = {r["measure_id"]: r["new_status"] for r in self.db.execute(
            "SELECT measure_id, new_status FROM measure_history WHERE assessment_id = ? "
            "ORDER BY pk", (a.assessment_id,))}
        self.db.executemany(
            "INSERT INTO measures (assessment_pk, position, assessment_id, measure_id, "
            "text, risks, owner, due, priority, source, status, number) VALUES (?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(pk, position, a.assessment_id, m["measure_id"], m["text"], m["risks"],
              m["owner"], m["due"], m["priority"], m["source"],
              last.get(m["measure_id"], m["status"]), m.get("number", ""))
             for position, m in enumerate(entry.measures)])
        return True

    def set_measure_status(self, assessment_id: str, measure_id: str, status: str, *,
                           by: str, note: str = "") -> tuple[str, str]:
        """Record a measure's new status in the latest version of the assessment; returns
        (old, new)."""
        if status not in MEASURE_STATUSES:
            raise RiskkitError(pgettext("register", "Unknown status {status}; use one of "
                                        "{choices}.").format(status=status,
                                                             choices=", ".join(MEASURE_STATUSES)))
        with self.transaction():
            latest = self._latest_pk(assessment_id)
            row = self.db.execute(
                "SELECT status FROM measures WHERE assessment_pk = ? AND measure_id = ?",
                (latest, measure_id)).fetchone()
            if row is None:
                raise RiskkitError(pgettext(
                    "register", "Assessment {id} has no measure {measure}.").format(
                    id=assessment_id, measure=measure_id))
            old = row[0]
            self.db.execute("UPDATE measures SET status = ? WHERE assessment_pk = ? AND "
                            "measure_id = ?", (status, latest, measure_id))
            self.db.execute(
                "INSERT INTO measure_history (assessment_id, measure_id, changed_by, "
                "changed_at, old_status, new_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (assessment_id, measure_id, by, _now(), old, status, note))
            organisation = self.db.execute("SELECT organisation FROM assessments WHERE pk = ?",
                                           (latest,)).fetchone()[0]
            self._audit("measure", assessment_id, organisation, "",
                        f"{measure_id}: {old} -> {status}", by=by)
            return old, status

    def copy_from(self, source: Register, *, by: str = "") -> int:
        """Copy every row of ``source`` (another register, on either backend) into this
        one, which must hold no assessment yet; in one transaction. Returns how many
        assessments were copied. Keys are kept, so the follow-up and the audit trail read
        as before; the copy itself is recorded in the audit."""
        with self.transaction():
            if self.db.execute("SELECT count(*) FROM assessments").fetchone()[0]:
                raise RiskkitError(pgettext(
                    "register", "{file} already holds assessments: migrate into an empty "
                    "register.").format(file=self.path))
            count = 0
            for table in COPIED_TABLES:
                for row in source.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                    names = list(row)
                    self.db.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES "
                                    f"({', '.join('?' * len(names))})", tuple(row.values()))
                    count += table == "assessments"
            if self.db.kind == "postgresql":  # the generated keys go on after the copied ones
                for table in ("assessments", "measure_history", "audit", "signatures"):
                    self.db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'pk'), "
                                    f"(SELECT coalesce(max(pk), 0) + 1 FROM {table}), false)")
            self._audit("migrate", "", "", "", pgettext(
                "register audit", "{count} assessments copied from {source}").format(
                count=count, source=register_db.shown(source.path)), by=by)
            return count

    def erase_person(self, assessment_id: str, person: str, *, by: str = "",
                     reason: str = "") -> int:
        """Replace ``person`` (a name, an e-mail address) with ERASED in every row of
        every version of the assessment (its facts, the embedded document, risks, measures,
        follow-up and audit), on request of the person (GDPR Art. 17); recorded in the
        audit without the erased text. Returns how many fields changed."""
        person = person.strip()
        if len(person) < 3:
            raise RiskkitError(pgettext(
                "register", "Name the person's data to erase with at least 3 characters."))
        changed = 0
        with self.transaction():
            pks = [r[0] for r in self.db.execute(
                "SELECT pk FROM assessments WHERE assessment_id = ?", (assessment_id,))]
            if not pks:
                raise RiskkitError(pgettext("register", "No assessment {id} in the register.")
                                   .format(id=assessment_id))
            organisation = self.db.execute(
                "SELECT organisation FROM assessments WHERE pk = ?", (pks[-1],)).fetchone()[0]
            for table, keys, columns in ERASABLE:
                for row in list(self.db.execute(
                        f"SELECT {', '.join(keys + columns)} FROM {table} WHERE "
                        "assessment_id = ?", (assessment_id,))):
                    updates = {c: (_erase_in_json(row[c], person) if c == "document"
                                   else row[c].replace(person, ERASED))
                               for c in columns
                               if isinstance(row[c], str) and person in row[c]}
                    if updates:
                        self.db.execute(
                            f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in updates)} "
                            f"WHERE {' AND '.join(f'{k} = ?' for k in keys)}",
                            (*updates.values(), *(row[k] for k in keys)))
                        changed += len(updates)
            self._audit("erase", assessment_id, organisation, "", pgettext(
                "register audit", "personal data erased from {count} fields; reason: "
                "{reason}").format(count=changed, reason=reason or "-"), by=by)
        return changed

    def audit(self, assessment_id: str | None = None) -> list[dict[str, Any]]:
        """The audit trail, oldest first (of one assessment when given)."""
        sql = "SELECT at, by_name, db_user, action, assessment_id, organisation, pdf_sha256, " \
              "detail FROM audit"
        params: list[Any] = []
        if assessment_id:
            sql += " WHERE assessment_id = ?"
            params.append(assessment_id)
        return [dict(r) for r in self.db.execute(sql + " ORDER BY pk", params)]

    # --- reading -------------------------------------------------------------------------

    def _latest_pk(self, assessment_id: str) -> int:
        row = self.db.execute(
            "SELECT pk FROM assessments WHERE assessment_id = ? ORDER BY date DESC, pk DESC "
            "LIMIT 1", (assessment_id,)).fetchone()
        if row is None:
            raise RiskkitError(pgettext("register", "No assessment {id} in the register.")
                               .format(id=assessment_id))
        return int(row[0])

    def assessments(self, *, level: str | None = None, department: str | None = None,
                    system: str | None = None, due_before: dt.date | None = None,
                    all_versions: bool = False) -> list[dict[str, Any]]:
        """The assessments, latest version of each (unless ``all_versions``), filtered."""
        where, params = [], []
        if not all_versions:
            where.append(_LATEST)
        if due_before:
            where.append("a.next_review != '' AND a.next_review < ?")
            params.append(due_before.isoformat())
        sql = "SELECT a.*, (SELECT count(*) FROM assessments c WHERE c.assessment_id = " \
              "a.assessment_id) AS versions FROM assessments a"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.assessment_id, a.date, a.pk"
        rows = [_public(r) for r in self.db.execute(sql, params)]
        # Text filters in Python: SQLite's lower() and LIKE fold ASCII only, not å, ø, ä.
        if level:
            wanted = level.casefold()
            rows = [r for r in rows if wanted in (r["overall_level"].casefold(),
                                                  r["overall_level_label"].casefold())]
        if department:
            rows = [r for r in rows if department.casefold() in r["department"].casefold()]
        if system:
            rows = [r for r in rows if system.casefold() in r["system"].casefold()]
        roles: dict[str, list[str]] = {}
        for r in self.db.execute("SELECT pdf_sha256, role FROM signatures ORDER BY revision"):
            roles.setdefault(r["pdf_sha256"], []).append(r["role"])
        for row in rows:
            row["signed_roles"] = roles.get(row["pdf_sha256"], [])
        return rows

    def assessment(self, assessment_id: str) -> dict[str, Any]:
        pk = self._latest_pk(assessment_id)
        row = _public(self.db.execute("SELECT a.*, (SELECT count(*) FROM assessments c WHERE "
                                      "c.assessment_id = a.assessment_id) AS versions FROM "
                                      "assessments a WHERE pk = ?", (pk,)).fetchone())
        row["risks"] = [dict(r) for r in self.db.execute(
            "SELECT * FROM risks WHERE assessment_pk = ? ORDER BY position", (pk,))]
        row["measures"] = [dict(r) for r in self.db.execute(
            "SELECT * FROM measures WHERE assessment_pk = ? ORDER BY position", (pk,))]
        for r in row["risks"] + row["measures"]:
            r.pop("assessment_pk", None)
            r.pop("position", None)
        row["history"] = self.history(assessment_id)
        row["signatures"] = self.signatures(row["pdf_sha256"])
        row["older_versions"] = [dict(r) for r in self.db.execute(
            "SELECT date, pdf_sha256, pdf_path, added_at FROM assessments WHERE "
            "assessment_id = ? AND pk != ? ORDER BY date, pk", (assessment_id, pk))]
        return row

    def history(self, assessment_id: str, measure_id: str | None = None) -> list[dict]:
        sql = "SELECT measure_id, changed_by, changed_at, old_status, new_status, note FROM " \
              "measure_history WHERE assessment_id = ?"
        params = [assessment_id]
        if measure_id:
            sql += " AND measure_id = ?"
            params.append(measure_id)
        return [dict(r) for r in self.db.execute(sql + " ORDER BY pk", params)]

    def risk_rows(self) -> list[dict[str, str]]:
        """One row per risk of the latest version of each assessment, EXPORT_COLUMNS.

        ``inherent_level``, ``residual_level`` and ``status`` are language-neutral codes,
        each beside its ``_label`` in the PDF's language. A risk's status speaks the
        measures' vocabulary: the least advanced follow-up status of its measures
        (``proposed`` < ``in_progress`` < ``done``/``accepted``), or ``monitored`` when no
        measure was proposed for it, so the risk and plan exports say the same thing.
        """
        from riskkit import i18n
        from riskkit.i18n import labels

        rows = list(self.db.execute(
            f"""SELECT r.*, a.system, a.department, a.next_review, a.pdf_sha256, a.language,
                a.verified FROM risks r JOIN assessments a ON a.pk = r.assessment_pk
                WHERE {_LATEST} ORDER BY a.assessment_id, r.position"""))
        statuses: dict[tuple[Any, str], list[str]] = {}
        for m in self.db.execute(
                f"""SELECT m.assessment_pk, m.risks, m.status FROM measures m JOIN assessments a
                    ON a.pk = m.assessment_pk WHERE {_LATEST}"""):
            for risk_id in filter(None, (x.strip() for x in m["risks"].split(","))):
                statuses.setdefault((m["assessment_pk"], risk_id), []).append(m["status"])
        out = []
        for r in rows:
            status = risk_status(statuses.get((r["assessment_pk"], r["risk_id"]), []))
            with i18n.using(i18n.normalize_language(r["language"]) or i18n.SOURCE_LANGUAGE):
                label = labels.measure_status(status) if status != "monitored" else \
                    pgettext("risk status", "monitored: no measure proposed")
            row = {k: "" if r.get(k) is None else str(r[k]) for k in EXPORT_COLUMNS if k in r}
            row.update({
                "inherent_level": r["inherent_level_id"], "inherent_level_label":
                r["inherent_level"], "residual_level": r["residual_level_id"],
                "residual_level_label": r["residual_level"], "status": status,
                "status_label": label})
            out.append({k: row.get(k, "") for k in EXPORT_COLUMNS})
        return out

    def plan_rows(self) -> list[dict[str, str]]:
        """One row per measure of the latest version of each assessment, PLAN_COLUMNS;
        ``status`` is the code, ``status_label`` it in the PDF's language."""
        from riskkit import i18n
        from riskkit.i18n import labels

        sql = f"""SELECT m.*, m.due AS due_date, a.system, a.department, a.pdf_sha256,
                  a.language, a.verified
                  FROM measures m JOIN assessments a ON a.pk = m.assessment_pk
                  WHERE {_LATEST} ORDER BY a.assessment_id, m.position"""
        out = []
        for r in self.db.execute(sql):
            row = {k: "" if r.get(k) is None else str(r[k]) for k in PLAN_COLUMNS}
            with i18n.using(i18n.normalize_language(r["language"]) or i18n.SOURCE_LANGUAGE):
                row["status_label"] = labels.measure_status(r["status"])
            out.append(row)
        return out

    def last_changed(self) -> dt.datetime:
        """The latest assessment date or follow-up time (UTC, naive): when what an export
        shows last changed. Not when a PDF was added, so a rebuild changes nothing."""
        row = self.db.execute("SELECT max(date) FROM assessments WHERE date != ''").fetchone()
        times = [dt.datetime.fromisoformat(row[0])] if row[0] else []
        row = self.db.execute("SELECT max(changed_at) FROM measure_history").fetchone()
        if row[0]:
            times.append(dt.datetime.fromisoformat(row[0]).astimezone(dt.UTC)
                         .replace(tzinfo=None))
        return max(times, default=ZIP_EPOCH)

    def due(self, today: dt.date, within: int) -> tuple[list[dict], list[dict]]:
        """(assessments whose next review is on or before today + within days, measures not
        done or accepted whose deadline has passed), latest versions only."""
        limit = (today + dt.timedelta(days=within)).isoformat()
        reviews = [_public(r) for r in self.db.execute(
            f"SELECT a.* FROM assessments a WHERE {_LATEST} AND a.next_review != '' AND "
            "a.next_review <= ? ORDER BY a.next_review, a.assessment_id", (limit,))]
        measures = [dict(r) for r in self.db.execute(
            f"""SELECT m.*, a.system FROM measures m JOIN assessments a
                ON a.pk = m.assessment_pk WHERE {_LATEST} AND m.due != '' AND m.due < ?
                AND m.status NOT IN ({', '.join('?' * len(CLOSED_STATUSES))})
                ORDER BY m.due, a.assessment_id, m.position""",
            (today.isoformat(), *CLOSED_STATUSES))]
        return reviews, measures


def _erase_in_json(text: str, person: str) -> str:
    """The JSON text with ``person`` erased in every string (keys included), still valid
    JSON whatever characters the name holds."""
    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(person, ERASED)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        return value

    return json.dumps(walk(json.loads(text)), ensure_ascii=False, sort_keys=True)


def risk_status(measure_statuses: Sequence[str]) -> str:
    """A risk's status from its measures' follow-up: ``monitored`` without measures; else
    the least advanced of theirs (all ``done`` or ``accepted``: ``done`` unless every one
    is ``accepted``)."""
    if not measure_statuses:
        return "monitored"
    if set(measure_statuses) == {"accepted"}:
        return "accepted"
    return min(measure_statuses, key=lambda s: min(MEASURE_STATUSES.index(s), 2)
               if s in MEASURE_STATUSES else 0)


def login_name() -> str:
    """The operating system's login name, for the audit when no --by was given."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 (no login name on this system)
        return "?"


def _public(row: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out.pop("pk", None)
    out.pop("document", None)
    for key in ("verdicts", "checks"):
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key])
    return out


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

