"""What ships: the version, the public names, py.typed, and a light import."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import sensupport


def test_version_comes_from_the_metadata() -> None:
    assert sensupport.__version__ == importlib.metadata.version("sensupport")


def test_every_public_name_exists() -> None:
    import sensupport.metrics
    import sensupport.process
    import sensupport.testing

    for module in (
        sensupport,
        sensupport.process,
        sensupport.metrics,
        sensupport.testing,
    ):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_py_typed_ships() -> None:
    assert (Path(sensupport.__file__).parent / "py.typed").exists()


def test_import_pulls_in_only_the_runtime_dependencies() -> None:
    code = (
        "import sys, sensupport, sensupport.process, sensupport.metrics; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('hypothesis', 'pytest', 'matplotlib', 'pandas', 'numpy'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
