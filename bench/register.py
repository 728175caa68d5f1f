"""Register throughput on SQLite and PostgreSQL (docs/register.md, *Throughput*).

    .venv/bin/python bench/register.py [--adds 500] [--pdfs 4] [--jobs 2] [--db-url URL]

1. Database adds per second with verification left out: one PDF is verified and read once,
   then its entry is added again and again under new checksums (pre-verified entries), each
   add its own transaction with its audit row, as `register add` does.
2. PDFs per second with verification: `riskkit register add --jobs N` on freshly rendered
   example PDFs (each verified in full: structure, re-scoring and the byte comparison).

PostgreSQL: the server named by --db-url (an empty database), else a throwaway server
started here as the tests do (tests/pgserver.py).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLES = ("nb-citizen-chatbot.yaml", "sv-letter-drafting-assistant.yaml",
            "da-cv-screening.yaml", "nb-meeting-transcription.yaml",
            "sv-traffic-camera-analytics.yaml", "da-jobcenter-process-mining.yaml")


def adds_per_second(target: str | Path, entry, count: int) -> float:
    from riskkit.register.store import Register

    with Register(target) as store:
        start = time.perf_counter()
        for n in range(count):
            clone = copy.deepcopy(entry)
            clone.pdf_sha256 = hashlib.sha256(f"{n}".encode()).hexdigest()
            clone.assessment.assessment_id = f"RK-BENCH-{n:06d}"
            assert store.add(clone)
        return count / (time.perf_counter() - start)


def pdfs_per_second(pdfs: list[Path], db: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "riskkit", "register", "add", *map(str, pdfs),
                    "--jobs", str(jobs), "--db", str(db)], check=True, capture_output=True)
    return len(pdfs) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adds", type=int, default=500)
    parser.add_argument("--pdfs", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--db-url")
    args = parser.parse_args()

    from riskkit import report
    from riskkit.register import entry as reg_entry

    work = Path(tempfile.mkdtemp(prefix="riskkit-bench-"))
    pdfs = [report.render_answers_file(ROOT / "examples" / name, work / f"{i}.pdf")
            for i, name in enumerate(EXAMPLES[:args.pdfs])]
    _data, entry = reg_entry.read_pdf(pdfs[0])
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    sqlite = adds_per_second(work / "adds.sqlite", entry, args.adds)
    print(f"SQLite:     {sqlite:7.1f} adds/s without verification ({args.adds} adds)")
    server = None
    url = args.db_url
    if not url:
        from tests import pgserver

        server = pgserver.start()
        os.environ["PGPASSFILE"] = str(server.passfile)
        import psycopg

        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        url = server.url("bench")
    try:
        pg = adds_per_second(url, entry, args.adds)
        print(f"PostgreSQL: {pg:7.1f} adds/s without verification ({args.adds} adds, "
              "loopback)")
    finally:
        if server:
            server.stop()
    rate = pdfs_per_second(pdfs, work / "verified.sqlite", args.jobs)
    print(f"with verification: {rate:.2f} PDFs/s ({len(pdfs)} PDFs, --jobs {args.jobs})")


if __name__ == "__main__":
    main()
