"""Sphinx configuration: MyST Markdown, autodoc from the docstrings, the furo theme."""

from __future__ import annotations

from importlib.metadata import version as _version

project = "sensupport"
author = "The sensupport developers"
copyright = "2026, The sensupport developers"
release = _version("sensupport")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinxcontrib.mermaid",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_fence_as_directive = ["mermaid"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
nitpicky = False

html_theme = "furo"
html_title = "sensupport"
html_static_path = ["_static"]
