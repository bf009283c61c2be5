"""Dependency hygiene: the pin audit (scripts/audit_deps.py) and bandit over the project's code.

The audit's network part (`make audit` asks PyPI) is not run here: the same ``audit`` function is fed a
fake index lookup and, through ``main(--index-file)``, a local index file, so these tests run offline
and are never skipped. ``manage.py check --deploy`` on the production settings is tested in
tests/core/test_deploy.py (test_check_deploy_passes_with_env_example).
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_audit_module():
    spec = importlib.util.spec_from_file_location("audit_deps", ROOT / "scripts" / "audit_deps.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


audit_deps = load_audit_module()


def files(*yanked: bool) -> list[dict]:
    """The files of one release as PyPI's JSON lists them (only "yanked" matters here)."""
    return [{"filename": f"pkg-{i}.whl", "yanked": flag} for i, flag in enumerate(yanked or (False,))]


FAKE_INDEX = {
    # 1.2.5 is the newest of the 1.2 line; 1.3.0 is a newer line, reported but not required.
    "alpha": {"1.2.3": files(), "1.2.4": files(), "1.2.5": files(), "1.3.0": files()},
    # Already the newest of its line (2.1.0 is another line).
    "beta": {"2.0.0": files(), "2.0.1": files(), "2.1.0": files()},
    # Only pre-/dev releases above the pin: current.
    "gamma": {"3.1.0": files(), "3.1.1rc1": files(), "3.1.1.dev2": files(), "3.2.0b1": files(), "4.0a1": files()},
    # 4.0.1 fully yanked, 4.0.2 has no file at all, 4.0.3 yanked for one wheel only (still installable).
    "delta": {"4.0.0": files(), "4.0.1": files(True, True), "4.0.2": [], "4.0.3": files(True, False)},
    # Only a yanked and a pre-release above the pin: current.
    "epsilon": {"1.0.0": files(), "1.0.1": files(True), "1.0.2rc1": files()},
    # Calendar versioned: the newest release is the line's newest.
    "certifi": {"2024.2.2": files(), "2024.12.14": files(), "2025.1.31": files()},
    # Name spelt differently in the requirements file (case, "_" vs "-"); junk version strings skipped.
    "zeta-pkg": {"0.9": files(), "1.0": files(), "1.0.1": files(), "not-a-version": files()},
}


def fake_lookup(name):
    return FAKE_INDEX.get(audit_deps.normalize(name))


def pin(name, version):
    return audit_deps.Pin(name, version, "requirements-test.txt:1")


def by_name(results):
    return {r.name: r for r in results}


def test_lagging_pin_is_listed_with_line_and_overall_newest():
    result = by_name(audit_deps.audit([pin("alpha", "1.2.3")], fake_lookup))["alpha"]
    assert (result.status, result.line_newest, result.newest) == ("lagging", "1.2.5", "1.3.0")
    table = audit_deps.format_table([result])
    assert "alpha" in table and "1.2.3" in table and "1.2.5" in table and "1.3.0" in table


def test_current_pin_is_not_listed_even_when_a_newer_line_exists():
    results = audit_deps.audit([pin("alpha", "1.2.3"), pin("beta", "2.0.1")], fake_lookup)
    beta = by_name(results)["beta"]
    assert (beta.status, beta.line_newest, beta.newest) == ("current", "2.0.1", "2.1.0")
    table_rows = audit_deps.format_table(results).splitlines()
    assert any(row.startswith("alpha ") for row in table_rows)
    assert not any(row.startswith("beta") for row in table_rows)
    assert audit_deps.exit_status([beta]) == 0
    assert audit_deps.exit_status(results) == 1


def test_pre_releases_and_dev_releases_are_ignored():
    gamma = by_name(audit_deps.audit([pin("gamma", "3.1.0")], fake_lookup))["gamma"]
    assert (gamma.status, gamma.line_newest, gamma.newest) == ("current", "3.1.0", "3.1.0")


def test_yanked_releases_and_releases_without_files_are_ignored():
    results = by_name(audit_deps.audit([pin("delta", "4.0.0"), pin("epsilon", "1.0.0")], fake_lookup))
    # 4.0.1 (yanked) and 4.0.2 (no file) are skipped; 4.0.3 still has an installable wheel.
    assert (results["delta"].status, results["delta"].line_newest) == ("lagging", "4.0.3")
    assert (results["epsilon"].status, results["epsilon"].line_newest) == ("current", "1.0.0")
    assert audit_deps.installable_versions(FAKE_INDEX["delta"]) == [
        audit_deps.Version("4.0.0"),
        audit_deps.Version("4.0.3"),
    ]


def test_pinning_a_yanked_release_is_an_error_not_current():
    result = audit_deps.check_pin(pin("epsilon", "1.0.1"), FAKE_INDEX["epsilon"])
    assert result.status == "error" and "yanked" in result.error


def test_package_missing_from_the_index_is_reported_clearly():
    results = audit_deps.audit([pin("ghost-package", "1.0.0"), pin("beta", "2.0.1")], fake_lookup)
    ghost = by_name(results)["ghost-package"]
    assert ghost.status == "error" and ghost.error == "not found on the package index"
    assert "ERROR ghost-package==1.0.0 (requirements-test.txt:1): not found on the package index" in (
        audit_deps.format_table(results)
    )
    assert audit_deps.exit_status(results) == 2


def test_failing_lookup_is_reported_per_pin_and_the_others_still_checked():
    def flaky(name):
        if name == "alpha":
            raise OSError("connection refused")
        return fake_lookup(name)

    results = by_name(audit_deps.audit([pin("alpha", "1.2.3"), pin("beta", "2.0.1")], flaky))
    assert results["alpha"].status == "error" and "connection refused" in results["alpha"].error
    assert results["beta"].status == "current"


def test_calendar_versioned_package_compares_with_the_newest_release():
    result = audit_deps.check_pin(pin("certifi", "2024.2.2"), FAKE_INDEX["certifi"])
    assert (result.status, result.line_newest, result.calendar) == ("lagging", "2025.1.31", True)
    # A year-like major is calendar versioning even when the name is not in the explicit list.
    other = audit_deps.check_pin(pin("sidecar", "2025.1.1"), {"2025.1.1": files(), "2026.3.1": files()})
    assert (other.status, other.line_newest) == ("lagging", "2026.3.1")


def test_two_part_pin_and_name_normalisation():
    result = audit_deps.check_pin(pin("Zeta_Pkg", "1.0"), fake_lookup("Zeta_Pkg"))
    assert (result.status, result.line_newest, result.newest) == ("lagging", "1.0.1", "1.0.1")


def test_parse_requirements_follows_includes_and_skips_comments(tmp_path):
    (tmp_path / "base.txt").write_text(
        "# runtime\nDjango==5.2.19\npsycopg[binary,pool]==3.3.9  # with extras\n\nfoo==1.0 ; python_version >= '3.11'\n"
    )
    (tmp_path / "dev.txt").write_text("-r base.txt\n# tools\npytest==9.2.0\nDjango==5.2.19\n")
    pins = audit_deps.parse_requirements([tmp_path / "base.txt", tmp_path / "dev.txt"])
    assert [(p.name, p.version) for p in pins] == [
        ("Django", "5.2.19"),
        ("psycopg", "3.3.9"),
        ("foo", "1.0"),
        ("pytest", "9.2.0"),
    ]
    assert pins[-1].source == "dev.txt:3"


@pytest.mark.parametrize(
    "text, message",
    [("requests>=2\n", "not a name==version pin"), ("a==1.0\nA==1.1\n", "pinned again")],
)
def test_parse_requirements_rejects_unpinned_and_conflicting_lines(tmp_path, text, message):
    (tmp_path / "r.txt").write_text(text)
    with pytest.raises(audit_deps.RequirementsError, match=message):
        audit_deps.parse_requirements([tmp_path / "r.txt"])


def test_the_projects_requirements_are_all_pins_and_include_bandit_and_locust():
    pins = {audit_deps.normalize(p.name): p for p in audit_deps.parse_requirements(audit_deps.DEFAULT_FILES)}
    assert {"django", "psycopg", "pytest", "bandit", "locust"} <= pins.keys()
    assert pins["locust"].source.startswith("requirements-bench.txt:")
    assert pins["django"].source.startswith("requirements.txt:")
    assert pins["bandit"].source.startswith("requirements-dev.txt:")


def test_main_reads_a_local_index_file(tmp_path, capsys):
    (tmp_path / "requirements.txt").write_text("alpha==1.2.3\nbeta==2.0.1\n")
    index = tmp_path / "index.json"
    index.write_text(json.dumps({"Alpha": FAKE_INDEX["alpha"], "beta": FAKE_INDEX["beta"]}))

    assert audit_deps.main([str(tmp_path / "requirements.txt"), "--index-file", str(index)]) == 1
    out = capsys.readouterr().out
    assert "alpha" in out and "1.2.5" in out and "2 pins checked: 1 lagging, 0 could not be checked." in out

    (tmp_path / "requirements.txt").write_text("alpha==1.2.5\nbeta==2.0.1\n")
    assert audit_deps.main([str(tmp_path / "requirements.txt"), "--index-file", str(index), "--json"]) == 0
    assert {r["name"]: r["status"] for r in json.loads(capsys.readouterr().out)} == {
        "alpha": "current",
        "beta": "current",
    }


def test_bandit_reports_no_high_severity_issue_in_the_project_code():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-lll", "-r", "apps", "asn_kinerja", "-q", "-f", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    issues = [f"{i['filename']}:{i['line_number']} {i['test_id']} {i['issue_text']}" for i in report["results"]]
    assert not issues, "bandit high-severity issues:\n" + "\n".join(issues)
    assert not report["errors"], f"bandit could not scan: {report['errors']}"
    assert report["metrics"]["_totals"]["loc"] > 10_000  # it really scanned the project
    assert result.returncode == 0, result.stderr
