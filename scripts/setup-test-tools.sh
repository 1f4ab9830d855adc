#!/usr/bin/env bash
# Installs what the tests need beyond Python: node's ical.js, Lighthouse and the Nu Html
# Checker's vnu.jar (from the committed lock), Java to run it, Debian's chromium for the page tests and Lighthouse, zbar-tools to
# read the QR codes back, LibreOffice Calc (headless) to open the workbook, and in venvs
# of their own pyfahrplan (PyPI) to read the conference schedules and the Table Schema v1
# readers (tableschema, datapackage, goodtables). Idempotent: does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)  # reads the printed QR code
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)  # opens the workbook
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)  # runs vnu.jar (npm's vnu-jar)
has_french_locale() { locale -a 2>/dev/null | grep -qiE '^fr_FR\.utf-?8$'; }
has_french_locale || [ -e /usr/share/i18n/locales/fr_FR ] || need_apt+=(locales)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need_apt[@]}" fonts-dejavu-core >/dev/null
  else
    echo "setup-test-tools: not root, cannot install ${need_apt[*]}; those tests skip locally" >&2
  fi
fi

# fr_FR.UTF-8, for the test that builds under several locales and time zones.
if ! has_french_locale; then
  if [ "$(id -u)" = 0 ] && command -v localedef >/dev/null 2>&1; then
    localedef -i fr_FR -f UTF-8 fr_FR.UTF-8
  else
    echo "setup-test-tools: cannot generate fr_FR.UTF-8; that build variant skips locally" >&2
  fi
fi

# After apt, which may just have installed npm. npm ci again when the lock is newer than
# the last install (npm writes node_modules/.package-lock.json).
if [ -f package-lock.json ] && { [ ! -f node_modules/.package-lock.json ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    echo "setup-test-tools: npm is missing; tests that need ical.js will fail under CI" >&2
  fi
fi

# Readers whose pins clash with the project's, or that bring what it must not import, each
# in its own venv under .venv/tools/, made again when its requirements file changes:
# pyfahrplan, a conference-schedule reader (tests/consumers/pyfahrplan-requirements.txt),
# and the Table Schema v1 readers (tests/consumers/tableschema-v1-requirements.txt).
tool_venv() {
  local tools=.venv/tools/$1 requirements=tests/consumers/$1-requirements.txt python=.venv/bin/python
  if [ ! -f "$tools/.installed" ] || [ "$requirements" -nt "$tools/.installed" ]; then
    rm -rf "$tools"
    [ -x "$python" ] || python=python3
    "$python" -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements"
    touch "$tools/.installed"
  fi
}
tool_venv pyfahrplan
tool_venv tableschema-v1
