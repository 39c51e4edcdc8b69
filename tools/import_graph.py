"""The import graph of the sensupport package, and its cycles.

Reads every module under ``src/sensupport`` with `ast` (nothing is imported or run),
resolves the imports that stay inside the package, relative or absolute, and prints
the graph and each cycle: each strongly connected component of more than one module.
An import inside a function counts as much as one at the top of a module, since it
only defers the cycle to the first call; it is marked, because it is where a cycle is
usually cut. An import under ``if TYPE_CHECKING:`` is marked too: it never runs, but
it is still a dependency a reader has to follow.

An import of a package's submodule is an edge to that submodule, not to the package:
``from .process import events`` depends on ``process/events.py``. That Python runs
``process/__init__.py`` first is left out, or every package that re-exports its own
modules would be a cycle.

Usage::

    python tools/import_graph.py [--format text|mermaid] [--root src/sensupport]

Exits 1 if there is a cycle, 0 if not.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "src" / "sensupport"

MODULE = "module"
FUNCTION = "function"
TYPE_CHECKING = "type-checking"


@dataclass
class Graph:
    """Modules, and for each edge the number of imports of each kind behind it."""

    modules: set[str] = field(default_factory=set)
    edges: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)

    def add(self, source: str, target: str, kind: str) -> None:
        counts = self.edges.setdefault((source, target), {})
        counts[kind] = counts.get(kind, 0) + 1

    def successors(self, module: str) -> list[str]:
        return sorted(t for s, t in self.edges if s == module)


def module_names(root: Path) -> dict[str, Path]:
    """Each module's dotted name (a package by its own name), with its file."""
    package = root.name
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def build(root: Path = DEFAULT_ROOT) -> Graph:
    """The graph of imports between the modules under ``root``."""
    names = module_names(root)
    graph = Graph(modules=set(names))
    for module, path in names.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, kind in _imports(tree.body, MODULE):
            for target in _targets(node, module, is_package, names):
                if target != module:
                    graph.add(module, target, kind)
    return graph


def _imports(
    nodes: Iterable[ast.AST], kind: str
) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    """Every import statement, with when it runs: at import, in a call, or never."""
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, kind
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inner = FUNCTION if kind == MODULE else kind
            yield from _imports(ast.iter_child_nodes(node), inner)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _imports(node.body, TYPE_CHECKING)
            yield from _imports(node.orelse, kind)
        else:
            yield from _imports(ast.iter_child_nodes(node), kind)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(
    node: ast.Import | ast.ImportFrom,
    module: str,
    is_package: bool,
    names: dict[str, Path],
) -> list[str]:
    """The package's modules an import statement depends on."""
    if isinstance(node, ast.Import):
        found = (_existing(alias.name, names) for alias in node.names)
        return [name for name in found if name is not None]
    if node.level:
        # Relative to the module's package: a package is its own, a module its parent's.
        parts = module.split(".")
        base = parts if is_package else parts[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    found_source = _existing(source, names)
    if found_source is None:
        return []
    targets = []
    for alias in node.names:
        # `from package import submodule` depends on the submodule itself.
        submodule = f"{source}.{alias.name}"
        targets.append(submodule if submodule in names else found_source)
    return sorted(set(targets))


def _existing(dotted: str, names: dict[str, Path]) -> str | None:
    """The package module ``dotted`` names, or the nearest package above it."""
    parts = dotted.split(".")
    while parts:
        name = ".".join(parts)
        if name in names:
            return name
        parts.pop()
    return None


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    # Tarjan's algorithm, iterative so that a deep package cannot hit the recursion limit.
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(graph.successors(start)))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(graph.successors(successor))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def _label(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = [f"{total} import{'' if total == 1 else 's'}"]
    if FUNCTION in counts:
        parts.append(f"{counts[FUNCTION]} function-level")
    if TYPE_CHECKING in counts:
        parts.append(f"{counts[TYPE_CHECKING]} for type checking only")
    return ", ".join(parts)


def render_text(graph: Graph, found: list[list[str]]) -> str:
    lines = []
    for module in sorted(graph.modules):
        lines.append(module)
        for target in graph.successors(module):
            lines.append(f"  -> {target} ({_label(graph.edges[module, target])})")
    lines.append("")
    lines.append(render_cycles(graph, found))
    return "\n".join(lines)


def render_cycles(graph: Graph, found: list[list[str]]) -> str:
    """Each cycle with the imports inside it: the ones to cut to break it."""
    lines = [f"cycles: {len(found) or 'none'}"]
    for number, component in enumerate(found, start=1):
        members = set(component)
        lines.append(f"cycle {number}: {', '.join(component)}")
        for (source, target), counts in sorted(graph.edges.items()):
            if source in members and target in members:
                lines.append(f"  {source} -> {target} ({_label(counts)})")
    return "\n".join(lines)


def render_mermaid(graph: Graph, found: list[list[str]]) -> str:
    """A Mermaid flowchart: deferred imports dotted, modules in a cycle highlighted."""

    def node(module: str) -> str:
        return module.replace(".", "_")

    lines = ["flowchart LR"]
    for module in sorted(graph.modules):
        lines.append(f'    {node(module)}["{module}"]')
    for (source, target), counts in sorted(graph.edges.items()):
        # Dotted where no import runs when the module is loaded.
        arrow = "-->" if MODULE in counts else "-.->"
        lines.append(f"    {node(source)} {arrow} {node(target)}")
    in_cycle = sorted({module for component in found for module in component})
    if in_cycle:
        lines.append("    classDef cycle stroke:#c00,stroke-width:2px")
        lines.append(f"    class {','.join(node(m) for m in in_cycle)} cycle")
    return "\n".join(lines)


RENDERERS = {"text": render_text, "mermaid": render_mermaid}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Print the import graph of a package and its cycles; exit 1 if any."
    )
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    args = parser.parse_args(argv)
    graph = build(args.root)
    found = cycles(graph)
    print(RENDERERS[args.format](graph, found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
