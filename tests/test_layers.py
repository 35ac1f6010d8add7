"""The layout holds: apps depend one way (import-linter contracts in pyproject.toml),
and modules stay short enough to read in one sitting."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPS = ("wenming", "core", "units", "campaigns", "articles", "curation", "reports", "synthetic")
# ~400 lines is the aim; past this a module says in its first lines why it is longer.
LONGEST = 450
SAYS_WHY = "longer than"


def test_apps_import_only_downwards():
    lint = pathlib.Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_no_import_of_a_project_app_hides_inside_a_function():
    hidden = []
    for path in _modules():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if line.startswith((" ", "\t")) and stripped.startswith(("from ", "import ")):
                target = stripped.split()[1].split(".")[0]
                own = path.relative_to(ROOT).parts[0]
                if target in APPS and target != own:
                    hidden.append(f"{path.relative_to(ROOT)}:{number}: {stripped}")
    assert hidden == []


def test_modules_are_short_or_say_why():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST
        and SAYS_WHY not in "\n".join(path.read_text(encoding="utf-8").splitlines()[:12]).lower()
    ]
    assert long == []


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path
