"""The layout of the package (issue "One complete answer from the core"): rules → model → core →
result → outputs → interfaces, no import cycle (function-local imports included), and nothing
above the core bands, rounds or applies the predicate table itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = "kesehatan_koperasi"

#: Layer of each part of the package; a module may import only from its own layer or below. The
#: worksheet model shares the core's layer: its cross-field checks ARE the core's vectorised
#: validators (one implementation), and the core never imports the model.
LAPISAN = {
    "errors": 0, "fields": 0, "inputs": 0, "formatting": 0, "rules": 1, "rulesets": 1, "model": 3, "core": 3,
    "result": 4,
    "api": 5, "contoh": 5, "grafik": 5, "worksheet": 6, "outputs": 6, "pertimbangan": 7, "batch": 7, "layanan": 8, "cli": 9,
}


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for p in (SRC / PKG).rglob("*.py"):
        parts = list(p.relative_to(SRC).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (p, is_pkg)
    return out


MODS = _modules()


def _imports(mod: str) -> list[tuple[str, int, ast.AST]]:
    """(imported package module, line, node) for every import in ``mod``, top-level or local."""
    p, is_pkg = MODS[mod]
    pkg = mod.split(".") if is_pkg else mod.split(".")[:-1]
    out = []
    for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(pkg[: len(pkg) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else (node.module or "")
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODS else base for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        out += [(n, node.lineno, node) for n in names if n in MODS and n != mod]
    return out


GRAPH = {m: {n for n, _, _ in _imports(m)} for m in MODS}


def _cycles() -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in GRAPH:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_even_through_local_imports():
    assert _cycles() == []


def _part(mod: str) -> str | None:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 else None


@pytest.mark.parametrize("mod", sorted(m for m in MODS if _part(m) in LAPISAN))
def test_imports_only_downwards(mod):
    mine = LAPISAN[_part(mod)]   # type: ignore[index]
    naik = [(n, line) for n, line, _ in _imports(mod)
            if _part(n) in LAPISAN and LAPISAN[_part(n)] > mine]   # type: ignore[index]
    assert naik == [], f"{mod} imports from a higher layer: {naik}"


#: The core's own band lookup, rounding and roll-up: only the core calls them.
PRIVATE_TO_CORE = {f"{PKG}.core.bands", f"{PKG}.core.ratios", f"{PKG}.core.rollup"}
FUNCTIONS = {"indeks_pita", "pita", "bulatkan", "predikat_indeks", "predikat", "skor_aspek", "nilai_akhir"}


@pytest.mark.parametrize("mod", sorted(m for m in MODS if _part(m) != "core"))
def test_nothing_above_the_core_bands_rounds_or_rolls_up(mod):
    bad = []
    for n, line, node in _imports(mod):
        if n in PRIVATE_TO_CORE:
            bad.append((n, line))
        if isinstance(node, ast.ImportFrom) and n == f"{PKG}.core":
            bad += [(a.name, line) for a in node.names if a.name in FUNCTIONS]
    assert bad == [], f"{mod} reaches into the core's band/rounding/roll-up functions: {bad}"
