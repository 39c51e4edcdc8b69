"""The package's import graph has no cycle; the tool that draws it reads imports right."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "import_graph.py"


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_graph", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses looks the module up by name while building the class.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


import_graph = load_tool()


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph.build(ROOT / "src" / "sensupport")
    found = import_graph.cycles(graph)
    assert not found, import_graph.render_cycles(graph, found)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        {
            "pkg/__init__.py": "from .a import A\nfrom . import sub\n",
            "pkg/a.py": "import os\nfrom pkg.b import B\n\ndef f():\n    from .c import C\n",
            "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import A\n",
            "pkg/c.py": "import pkg.sub.d\n",
            "pkg/sub/__init__.py": "from .. import c\n",
            "pkg/sub/d.py": "from ..a import A\nfrom ...outside import x\n",
        },
    )


def test_imports_are_resolved_and_marked(package: Path) -> None:
    graph = import_graph.build(package)
    assert graph.modules == {"pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.sub", "pkg.sub.d"}
    assert graph.edges == {
        ("pkg", "pkg.a"): {"module": 1},
        ("pkg", "pkg.sub"): {"module": 1},  # a submodule, not a name in pkg
        ("pkg.a", "pkg.b"): {"module": 1},  # absolute; os is outside the package
        ("pkg.a", "pkg.c"): {"function": 1},
        ("pkg.b", "pkg.a"): {"type-checking": 1},
        ("pkg.c", "pkg.sub.d"): {"module": 1},
        ("pkg.sub", "pkg.c"): {"module": 1},  # relative to the package itself
        ("pkg.sub.d", "pkg.a"): {"module": 1},
    }


def test_cycles_are_the_components_of_more_than_one_module(package: Path) -> None:
    graph = import_graph.build(package)
    assert import_graph.cycles(graph) == [["pkg.a", "pkg.b", "pkg.c", "pkg.sub.d"]]


def test_the_command_exits_1_on_a_cycle_and_0_without(
    package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_graph.main(["--root", str(package)]) == 1
    out = capsys.readouterr().out
    assert "cycle 1: pkg.a, pkg.b, pkg.c, pkg.sub.d" in out
    assert "pkg.a -> pkg.c (1 import, 1 function-level)" in out
    acyclic = write(
        tmp_path / "other",
        {"pkg/__init__.py": "", "pkg/a.py": "from . import b\n", "pkg/b.py": ""},
    )
    assert import_graph.main(["--root", str(acyclic), "--format", "mermaid"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "flowchart LR",
        '    pkg["pkg"]',
        '    pkg_a["pkg.a"]',
        '    pkg_b["pkg.b"]',
        "    pkg_a --> pkg_b",
    ]
