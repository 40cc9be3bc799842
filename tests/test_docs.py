"""Documentation kept true by tests."""

from __future__ import annotations

from pathlib import Path

from ouvert.config import VARIABLES

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_is_documented() -> None:
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [name for name in VARIABLES if f"`{name}`" not in documented]
    assert not missing, f"undocumented in docs/configuration.md: {missing}"


def test_the_readme_gives_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_architecture_page_names_every_app() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    apps = [p.name for p in (ROOT / "src" / "ouvert").iterdir() if (p / "__init__.py").exists()]
    missing = [app for app in apps if f"{app}/" not in page]
    assert not missing, f"docs/architecture.md does not describe: {missing}"
