"""The CISO's register of assessment PDFs (docs/register.md).

`schema`: statuses and migrations; `db`: the thin layer over SQLite and PostgreSQL; `store`:
the `Register` itself (add, follow up, query); `entry`: a verified PDF read into an `Entry`;
`export`: the risk register and treatment plan as CSV and XLSX. The command is
riskkit.cli.commands.register.
"""
