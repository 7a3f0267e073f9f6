"""The catalogue knows nothing of trajecten: trajecten build on it, never the other way round."""

import ast
from pathlib import Path

import werkopdrachten

APP = Path(werkopdrachten.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_werkopdrachten_never_imports_trajecten():
    bestanden = sorted(APP.glob("*.py"))
    assert bestanden, "the scan found no files, so it would pass for nothing"
    overtreders = {
        pad.name: sorted(m for m in _imported_modules(pad) if m == "trajecten" or m.startswith("trajecten."))
        for pad in bestanden
    }
    assert not {naam: mods for naam, mods in overtreders.items() if mods}


def test_scan_detects_an_import_of_trajecten(tmp_path):
    # The scan itself must be able to fail.
    pad = tmp_path / "voorbeeld.py"
    pad.write_text("from trajecten.models import Traject\nimport trajecten.services\n", encoding="utf-8")
    assert _imported_modules(pad) >= {"trajecten.models", "trajecten.services"}
