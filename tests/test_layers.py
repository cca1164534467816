"""The import graph is one-way: `make lint` runs import-linter with the layers contract in pyproject.toml."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# The app factory and the demo seed wire everything together, so they stand outside the layers.
OUTSIDE_THE_LAYERS = {"portal", "portal.demo"}


def contract() -> dict:
    """Return the layers contract from pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [item for item in config["contracts"] if item["type"] == "layers"]
    return layers


def layered_modules() -> set[str]:
    """Return every module named in a layer."""
    names: set[str] = set()
    for layer in contract()["layers"]:
        names.update(name.strip() for name in layer.replace("|", ":").split(":"))
    return names


# What a view must leave to services: building or running a query (loaders go through get_or_404_for).
QUERY_IN_VIEW = re.compile(r"\bselect\(|db\.session\.(scalars?|execute|get|query)\(|^from sqlalchemy import", re.M)


ROUTE = re.compile(r"^@\w+\.(route|get|post|app_errorhandler)\(", re.M)


def view_modules() -> list[Path]:
    """Return every module of the portal that holds views: `views.py`, `*_views.py`, a `views/` package, and any
    other module that registers a route (`together.py`, `network.py`, ...)."""
    return sorted(path for path in (ROOT / "portal").rglob("*.py")
                  if path.stem.endswith("views") or path.parent.name == "views" or ROUTE.search(path.read_text()))


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run import-linter on the portal package under `root`."""
    return subprocess.run([str(LINT_IMPORTS), "--config", "pyproject.toml", "--no-cache"], cwd=root,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
                          capture_output=True, text=True, timeout=120)


def test_every_package_has_its_layer():
    """Each package and shared module of the portal sits in a layer, so a new one is checked from its start."""
    top = {f"portal.{path.stem}" for path in (ROOT / "portal").glob("*.py") if path.stem != "__init__"} | {
        f"portal.{path.parent.name}" for path in (ROOT / "portal").glob("*/__init__.py")}
    assert top - OUTSIDE_THE_LAYERS - layered_modules() == set()


def test_features_share_one_layer_and_stay_independent():
    """The features sit on one layer between initiatives and the joining features (events, the budget: below the
    kiosk, independent of each other), and may not import each other."""
    layers = contract()["layers"]
    features = next(index for index, layer in enumerate(layers) if layer.startswith("portal.applause | "))
    assert {"portal.venues", "portal.boards", "portal.ideas"} <= {name.strip() for name in layers[features].split("|")}
    assert layers[features - 2] == "portal.kiosk"
    assert layers[features - 1].split(" | ")[:1] == ["portal.events"] and "portal.budget" in layers[features - 1]
    assert "portal.feeds" in layers[features]
    assert layers[features + 1:features + 4] == ["portal.initiatives", "portal.accounts", "portal.core"]


@pytest.mark.parametrize(("module", "bad_import", "message"), [
    ("core/time.py", "from portal.kiosk import services", "portal.core is not allowed to import portal.kiosk"),
    ("boards/forms.py", "from portal.venues import models", "portal.boards is not allowed to import portal.venues"),
    ("venues/hooks.py", "from portal.events import rsvp", "portal.venues is not allowed to import portal.events"),
    ("events/views.py", "import portal.venues.models", "portal.events is not allowed to import portal.venues.models"),
    ("budget/views.py", "from portal.events import services", "portal.budget is not allowed to import portal.events"),
    ("budget/services.py", "import portal.boards.models",
     "portal.budget is not allowed to import portal.boards.models"),
    ("htmx.py", "from portal.accounts import models", "portal.htmx is not allowed to import portal.accounts"),
])
def test_a_wrong_import_fails_lint(tmp_path, module, bad_import, message):
    """A lower layer importing a higher one, or one feature importing another, fails with a clear message."""
    shutil.copytree(ROOT / "portal", tmp_path / "portal", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert lint_imports(tmp_path).returncode == 0
    target = tmp_path / "portal" / module
    target.write_text(target.read_text() + f"\n{bad_import}  # noqa: E402\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout and message in result.stdout


def test_views_leave_queries_to_services():
    """No view module builds or runs a query itself: it calls a service, or get_or_404_for to load one object."""
    assert len(view_modules()) >= 8
    offenders = [f"{path.relative_to(ROOT)}:{text[:match.start()].count(chr(10)) + 1}"
                 for path in view_modules() for text in [path.read_text(encoding="utf-8")]
                 for match in QUERY_IN_VIEW.finditer(text)]
    assert offenders == []


def test_views_load_through_the_one_loader():
    """A view answers 404 for a missing or hidden object through get_or_404_for, not with its own abort(404);
    the few that refuse a malformed parameter, not an object, say so on the line."""
    offenders = [f"{path.relative_to(ROOT)}:{number}" for path in view_modules()
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if "abort(404)" in line and "# not a loader" not in line]
    assert offenders == []


def test_the_query_scan_sees_what_it_forbids():
    """The scan above matches a query built or run in a view, and not a call to a service."""
    for line in ("rows = db.session.scalars(select(Task)).all()", "db.session.execute(update(Task))",
                 "user = db.session.get(User, 1)", "from sqlalchemy import select"):
        assert QUERY_IN_VIEW.search(line), line
    assert not QUERY_IN_VIEW.search("tasks = services.open_tasks(user)\ndb.session.commit()")


def test_mypy_checks_every_service_module():
    """Every feature's services (`services.py` or a `services/` package) is in mypy's file list, and the list
    names only files that exist, so `make lint` checks the type hints of each service function."""
    checked = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["files"])
    services = {path.relative_to(ROOT).as_posix() for pattern in ("portal/*/services.py", "portal/*/services/*.py")
                for path in ROOT.glob(pattern)}
    assert len(services) >= 6
    assert services - checked == set()
    assert {name for name in checked if not (ROOT / name).is_file()} == set()
