"""docs/cli.md stays in step with the code: every error `code` the CLI can emit is listed."""

from __future__ import annotations

import ast
import re

from conftest import REPO

SOURCES = ("helpdesk_cli", "commands")


def _strings(node: ast.expr) -> set[str]:
    """String constants an expression can evaluate to (`exc.code or "validation"` too)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.BoolOp):
        return set().union(*(_strings(v) for v in node.values))
    return set()


def emitted_codes() -> set[str]:
    """`code=` literals in any call, HelpdeskError's positional code and its default."""
    codes: set[str] = set()
    for package in SOURCES:
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    for kw in node.keywords:
                        if kw.arg == "code":
                            codes |= _strings(kw.value)
                    if (isinstance(node.func, ast.Name) and node.func.id == "HelpdeskError"
                            and len(node.args) >= 4):
                        codes |= _strings(node.args[3])
                elif isinstance(node, ast.ClassDef) and node.name == "HelpdeskError":
                    for item in node.body:
                        if (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                                and item.target.id == "code" and item.value is not None):
                            codes |= _strings(item.value)
    return codes


def _codes_section() -> str:
    """The paragraph that lists the codes (a mention elsewhere in the doc does not count)."""
    doc = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    start = doc.index("`code` is the API problem code")
    return doc[start:doc.index("`status`, `request_id`", start)]


def test_the_scan_finds_codes_from_every_kind_of_site() -> None:
    codes = emitted_codes()
    # keyword, positional, `exc.code or …` fallback and the dataclass default
    assert {"usage", "unreachable", "validation", "error"} <= codes
    assert len(codes) > 20


def test_docs_list_every_error_code() -> None:
    documented = set(re.findall(r"`([a-z]+(?:-[a-z]+)*)`", _codes_section()))
    missing = sorted(emitted_codes() - documented)
    assert not missing, f"error codes missing from docs/cli.md: {missing}"


def test_codes_are_kebab_case() -> None:
    bad = sorted(c for c in emitted_codes() if not re.fullmatch(r"[a-z]+(-[a-z]+)*", c))
    assert not bad, bad
