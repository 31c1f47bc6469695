# Sourced by scripts/test and scripts/demo. ensure_venv [EXTRAS]: make .venv and install the
# project into it, reinstalling only when pyproject.toml changes, so later runs start at once.
ensure_venv() {
    local extras=${1:-}
    local python=${PYTHON:-python3}
    if [ ! -x .venv/bin/python ]; then
        "$python" -m venv .venv
    fi
    local stamp=".venv/.installed${extras:+-$extras}"
    local want
    want=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "Installing helpdesk-cli${extras:+ [$extras]} into .venv ..." >&2
        .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}"
        echo "$want" > "$stamp"
    fi
}
