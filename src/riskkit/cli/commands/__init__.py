"""One module per `riskkit` command; the CLI discovers them (see riskkit.cli.main)."""
