"""The codebase's shape: modules a newcomer can hold, and imports that run one way."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 450


def python_modules(*folders: str):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if not {"migrations", "demo"} & set(path.relative_to(ROOT).parts):
                yield path


def test_no_module_outside_migrations_and_demo_content_is_over_450_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in python_modules("clinic", "medinfo", "bench")
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_app_never_imports_the_project():
    upward = []
    for path in python_modules("medinfo"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            upward += [
                f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "clinic"
            ]
    assert upward == []


def test_no_private_workflow_attributes_are_passed_on_requests_or_instances():
    # State passes explicitly between form, admin and rules (issue 11): no `_workflow_*`.
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_modules("clinic", "medinfo")
        for name in re.findall(r"""(?:\.|["'])_workflow_\w+""", path.read_text())
    ]
    assert found == []
