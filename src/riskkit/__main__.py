"""`python -m riskkit` is the same as the `riskkit` command."""

from riskkit.cli.main import main

raise SystemExit(main())
