"""GitHub Actions workflow, Inno Setup script, macOS and Linux build scripts: static checks
(they cannot run here, so at least every name they use must exist and fit together)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from homebody_packaging import bundle_data
from homebody_packaging.constants import PACKAGING, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "installers.yml"
ISS = PACKAGING / "windows" / "homebody.iss"


@pytest.fixture(scope="module")
def workflow() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflows_parse_as_yaml() -> None:
    yaml = pytest.importorskip("yaml")
    for path in (ROOT / ".github" / "workflows").glob("*.y*ml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and data.get("jobs"), path


def test_each_os_builds_on_its_own_runner(workflow: dict) -> None:
    runners = {name: job["runs-on"] for name, job in workflow["jobs"].items()}
    assert runners["linux"].startswith("ubuntu-")
    assert runners["macos"].startswith("macos-")
    assert runners["windows"].startswith("windows-")
    for name, job in workflow["jobs"].items():
        uses = [step.get("uses", "") for step in job["steps"]]
        assert any(u.startswith("actions/checkout@") for u in uses), name
        (setup,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python")]
        assert str(setup["with"]["python-version"]) == "3.11"
        assert any(u.startswith("actions/upload-artifact@") for u in uses), name
        assert any("smoke" in str(step.get("run", "")) for step in job["steps"]), name


def test_workflow_runs_only_scripts_that_exist(workflow: dict) -> None:
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for token in re.findall(r"[\w./\\-]+", str(step.get("run", ""))):
                token = token.replace("\\", "/")
                if token.startswith(("scripts/", "./scripts/", "packaging/", "./packaging/")):
                    assert (ROOT / token.removeprefix("./")).is_file(), token


def test_workflow_uploads_what_the_scripts_make(workflow: dict) -> None:
    paths = {
        name: str(next(s for s in job["steps"] if "upload-artifact" in s.get("uses", ""))["with"])
        for name, job in workflow["jobs"].items()
    }
    assert ".tar.gz" in paths["linux"] and ".deb" in paths["linux"]
    assert ".dmg" in paths["macos"]
    assert "-setup.exe" in paths["windows"]


def _iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def test_inno_setup_has_start_menu_entry_and_uninstaller() -> None:
    sections = _iss_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["AppName"] == bundle_data.DISPLAY_NAME
    assert setup["AppVersion"] == "{#AppVersion}"
    # "{{" is Inno Setup's escaped "{": AppId is a GUID in braces, fixed across versions.
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["DefaultGroupName"] == "Homebody"
    icons = sections["Icons"]
    assert any(i.startswith('Name: "{group}\\Homebody"') and "homebody-gui.exe" in i for i in icons)
    assert any("{uninstallexe}" in i for i in icons)
    assert "Uninstallable" not in setup or setup["Uninstallable"].lower() == "yes"


def test_inno_setup_paths_match_the_build() -> None:
    text = ISS.read_text(encoding="utf-8")
    bundle = re.search(r'#define BundleDir "([^"]+)"', text)
    assert bundle is not None
    rel = bundle.group(1).replace("\\", "/")
    assert (ISS.parent / rel).resolve() == ROOT / "dist" / bundle_data.APP_NAME
    setup = dict(line.split("=", 1) for line in _iss_sections()["Setup"])
    assert (ISS.parent / setup["SetupIconFile"].replace("\\", "/")).resolve() == (
        ROOT / "build" / "icons" / "homebody.ico"
    )
    assert "recursesubdirs" in text


@pytest.mark.parametrize(
    "script",
    ["scripts/build-linux", "packaging/smoke-test", "packaging/macos/build-macos"],
)
def test_shell_scripts_are_executable_and_parse(script: str) -> None:
    path = ROOT / script
    assert path.stat().st_mode & 0o111, f"{script} is not executable"
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    subprocess.run([bash, "-n", str(path)], check=True)


def test_ci_builds_and_smoke_tests_the_frozen_app_when_asked() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./scripts/build-linux && ./packaging/smoke-test dist/homebody" in ci
    assert "HOMEBODY_CI_FROZEN" in ci


def test_build_outputs_are_git_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored
