"""The register's vocabulary and database schema: the follow-up statuses of a measure, how a
PDF and a signature were verified, and the ordered migrations applied on open (SQLite and
PostgreSQL alike, through riskkit.register.db)."""

from __future__ import annotations

from dataclasses import dataclass

#: A measure's follow-up statuses, from least to most advanced (a risk takes its least
#: advanced measure's); the closed ones are no longer due.
MEASURE_STATUSES = ("proposed", "in_progress", "done", "accepted")
CLOSED_STATUSES = ("done", "accepted")
#: How a PDF in the register was verified (the ``verified`` column): every check passed;
#: made by another riskkit version, so the byte comparison could not run (accepted, the
#: version and the checks that ran recorded); taken with --allow-unverified although it
#: claims this riskkit version and could not be verified (kept visibly apart).
INTACT, INCOMPLETE, UNVERIFIED = "intact", "incomplete", "unverified"


@dataclass(frozen=True)
class Migration:
    """One schema step: ``sql`` on every backend, ``postgresql`` after it on PostgreSQL
    only (row-level security). ``{serial}`` in either is the backend's generated key."""

    sql: str
    postgresql: str = ""


#: The schema, as an ordered list of migrations: migration i brings version i to i + 1.
MIGRATIONS: tuple[Migration | str, ...] = (
    Migration("""
    CREATE TABLE assessments (
        pk {serial},
        assessment_id TEXT NOT NULL,
        system TEXT NOT NULL,
        organisation TEXT NOT NULL,
        department TEXT NOT NULL,
        owner TEXT NOT NULL,
        assessor TEXT NOT NULL,
        date TEXT NOT NULL,
        next_review TEXT NOT NULL,
        overall_level TEXT NOT NULL,
        overall_level_label TEXT NOT NULL,
        verdicts TEXT NOT NULL,
        language TEXT NOT NULL,
        pdf_sha256 TEXT NOT NULL UNIQUE,
        pdf_path TEXT NOT NULL,
        archived_path TEXT NOT NULL,
        added_at TEXT NOT NULL,
        riskkit TEXT NOT NULL,
        verified TEXT NOT NULL,
        document TEXT NOT NULL
    );
    CREATE INDEX assessments_id ON assessments (assessment_id);
    CREATE TABLE risks (
        assessment_pk INTEGER NOT NULL REFERENCES assessments (pk) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        assessment_id TEXT NOT NULL,
        risk_id TEXT NOT NULL,
        title TEXT NOT NULL,
        owner TEXT NOT NULL,
        inherent_likelihood INTEGER NOT NULL,
        inherent_consequence INTEGER NOT NULL,
        inherent_level TEXT NOT NULL,
        residual_likelihood INTEGER NOT NULL,
        residual_consequence INTEGER NOT NULL,
        residual_level TEXT NOT NULL,
        residual_level_id TEXT NOT NULL,
        treatment TEXT NOT NULL,
        measures TEXT NOT NULL,
        due_date TEXT NOT NULL,
        status TEXT NOT NULL,
        PRIMARY KEY (assessment_pk, risk_id)
    );
    CREATE TABLE measures (
        assessment_pk INTEGER NOT NULL REFERENCES assessments (pk) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        assessment_id TEXT NOT NULL,
        measure_id TEXT NOT NULL,
        text TEXT NOT NULL,
        risks TEXT NOT NULL,
        owner TEXT NOT NULL,
        due TEXT NOT NULL,
        priority TEXT NOT NULL,
        source TEXT NOT NULL,
        status TEXT NOT NULL,
        PRIMARY KEY (assessment_pk, measure_id)
    );
    CREATE TABLE measure_history (
        pk {serial},
        assessment_id TEXT NOT NULL,
        measure_id TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        old_status TEXT NOT NULL,
        new_status TEXT NOT NULL,
        note TEXT NOT NULL
    );
    CREATE INDEX measure_history_key ON measure_history (assessment_id, measure_id);
    """),
    # 2: which checks could run on each PDF; the numbers printed in the PDF (R1, M1 in its
    # language) and language-neutral codes beside the labels; the audit trail.
    Migration("""
    ALTER TABLE assessments ADD COLUMN checks TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE risks ADD COLUMN risk_ref TEXT NOT NULL DEFAULT '';
    ALTER TABLE risks ADD COLUMN inherent_level_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE risks ADD COLUMN status_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE measures ADD COLUMN number TEXT NOT NULL DEFAULT '';
    CREATE TABLE audit (
        pk {serial},
        at TEXT NOT NULL,
        by_name TEXT NOT NULL,
        db_user TEXT NOT NULL,
        action TEXT NOT NULL,
        assessment_id TEXT NOT NULL,
        organisation TEXT NOT NULL,
        pdf_sha256 TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX audit_assessment ON audit (assessment_id);
    """, postgresql="""
    CREATE TABLE organisation_roles (
        role_name TEXT NOT NULL,
        organisation TEXT NOT NULL,
        PRIMARY KEY (role_name, organisation)
    );
    ALTER TABLE organisation_roles ENABLE ROW LEVEL SECURITY;
    CREATE POLICY own_rows ON organisation_roles FOR SELECT USING (role_name = current_user);
    ALTER TABLE assessments ENABLE ROW LEVEL SECURITY;
    CREATE POLICY by_organisation ON assessments USING (organisation IN (
        SELECT r.organisation FROM organisation_roles r WHERE r.role_name = current_user));
    ALTER TABLE risks ENABLE ROW LEVEL SECURITY;
    CREATE POLICY by_organisation ON risks USING (EXISTS (
        SELECT 1 FROM assessments a WHERE a.pk = assessment_pk));
    ALTER TABLE measures ENABLE ROW LEVEL SECURITY;
    CREATE POLICY by_organisation ON measures USING (EXISTS (
        SELECT 1 FROM assessments a WHERE a.pk = assessment_pk));
    ALTER TABLE measure_history ENABLE ROW LEVEL SECURITY;
    CREATE POLICY by_organisation ON measure_history USING (EXISTS (
        SELECT 1 FROM assessments a WHERE a.assessment_id = measure_history.assessment_id));
    ALTER TABLE audit ENABLE ROW LEVEL SECURITY;
    CREATE POLICY by_organisation ON audit USING (organisation IN (
        SELECT r.organisation FROM organisation_roles r WHERE r.role_name = current_user));
    """),
    # 3: the PAdES signatures of each assessment (issue 20), added from signed copies of its
    # PDF: ``pdf_sha256`` is the first revision's, riskkit's render, which identifies it.
    Migration("""
    CREATE TABLE signatures (
        pk {serial},
        assessment_id TEXT NOT NULL,
        pdf_sha256 TEXT NOT NULL,
        revision INTEGER NOT NULL,
        field TEXT NOT NULL,
        signer TEXT NOT NULL,
        issuer TEXT NOT NULL,
        role TEXT NOT NULL,
        decision TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        timestamped INTEGER NOT NULL,
        validity TEXT NOT NULL,
        signed_pdf_sha256 TEXT NOT NULL,
        added_at TEXT NOT NULL,
        UNIQUE (pdf_sha256, revision)
    );
    CREATE INDEX signatures_assessment ON signatures (assessment_id);
    """, postgresql="""
    ALTER TABLE signatures ENABLE ROW LEVEL SECURITY;
    CREATE POLICY by_organisation ON signatures USING (EXISTS (
        SELECT 1 FROM assessments a WHERE a.pdf_sha256 = signatures.pdf_sha256));
    """),
)
SCHEMA_VERSION = len(MIGRATIONS)
#: How a signature in the register was found when it was added (``validity``): intact and
#: its certificate chains to a --trust certificate; intact, self-signed; intact, its
#: certificate not checked (no --trust, or not chaining to it). Broken ones are refused.
TRUSTED, SELF_SIGNED, NOT_CHECKED = "trusted", "self_signed", "not_checked"

#: Tables `migrate` copies, parents first.
COPIED_TABLES = ("assessments", "risks", "measures", "measure_history", "audit", "signatures")
#: Where a person's data can sit, in the rows of one assessment.
ERASABLE = (  # (table, the columns that identify a row, the text columns)
    ("assessments", ("pk",), ("system", "department", "owner", "assessor", "pdf_path",
                              "archived_path", "document")),
    ("risks", ("assessment_pk", "position"), ("title", "owner", "treatment", "measures")),
    ("measures", ("assessment_pk", "position"), ("text", "owner")),
    ("measure_history", ("pk",), ("changed_by", "note")),
    ("audit", ("pk",), ("by_name", "detail")),
    ("signatures", ("pk",), ("signer", "issuer")),
)
#: What an erased text becomes (language-neutral: the rows are read in every language).
ERASED = "[erased]"

