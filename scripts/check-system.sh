#!/usr/bin/env bash
# Checks (and as root on Debian, installs) the system packages riskkit needs.
#   scripts/check-system.sh run    what `riskkit` needs: Python 3.11+, Pango and HarfBuzz for WeasyPrint
#   scripts/check-system.sh test   also gettext (msgfmt) and poppler-utils (pdftoppm) for the tests,
#                                  and the PostgreSQL server (initdb, pg_ctl): the register tests
#                                  start a throwaway server on loopback (tests/pgserver.py)
set -euo pipefail
mode=${1:-run}
PY=${PY:-python3}

if ! command -v "$PY" >/dev/null || ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "riskkit needs Python 3.11 or newer as '$PY'. On Debian: apt-get install python3 python3-venv" >&2
  exit 1
fi

missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0'          || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0'       || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0'    || missing+=(libharfbuzz-subset0)
"$PY" -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
if [[ $mode == test ]]; then
  command -v msgfmt   >/dev/null || missing+=(gettext)
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || [[ -n ${PG_BIN:-} ]] \
    || missing+=(postgresql)
fi

((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing system packages riskkit needs: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "riskkit needs these system packages: ${missing[*]}" >&2
echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
exit 1
