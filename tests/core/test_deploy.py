"""The container deployment: .env.example, docker-compose.yml and Django's deploy checks agree.

No Docker engine is needed: the compose file is read as YAML, and ``manage.py check --deploy`` runs
with the production settings and exactly the variables of .env.example.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / ".env.example"
COMPOSE = ROOT / "docker-compose.yml"
SETTINGS_DIR = ROOT / "asn_kinerja" / "settings"

# env("NAME", ...), env.bool("NAME", ...), env.int / env.list / env.path / env.email_url / env.db_url ...
ENV_READ = re.compile(r"""\benv(?:\.[a-z_]+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
# check --deploy opens no database connection (checked: it passes with nothing listening here), so an
# address where nothing listens makes any future check that does connect fail fast and visibly.
DUMMY_DATABASE_URL = "postgres://sikap:sikap@127.0.0.1:1/sikap"


def parse_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as docker compose's env_file reads them (comments and blank lines skipped,
    surrounding quotes removed)."""
    values = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep and re.fullmatch(r"[A-Z][A-Z0-9_]*", name), f"{path.name}:{number}: not KEY=value: {raw!r}"
        assert name not in values, f"{path.name}:{number}: {name} set twice"
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name] = value
    return values


def variables_read_by_settings() -> set[str]:
    names = set()
    for path in SETTINGS_DIR.glob("*.py"):
        names.update(ENV_READ.findall(path.read_text(encoding="utf-8")))
    return names


def test_env_example_lists_every_variable_the_settings_read():
    read = variables_read_by_settings()
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read  # the regex still finds them
    missing = sorted(read - parse_env_file(ENV_EXAMPLE).keys())
    assert not missing, f"read by asn_kinerja/settings but missing from .env.example: {missing}"


def test_env_example_is_production_like():
    example = parse_env_file(ENV_EXAMPLE)
    assert example["DJANGO_SETTINGS_MODULE"] == "asn_kinerja.settings.prod"
    assert example["DJANGO_DEBUG"] == "false"
    assert example["SIKAP_MFA_ENFORCED"] == "true"
    assert example["DATABASE_URL"].startswith("postgres://")
    assert example["REDIS_URL"].startswith("redis://")
    # docker compose would interpolate "$" and cut an unquoted value at " #".
    for name, value in example.items():
        assert "$" not in value and " #" not in value, name


def test_check_deploy_passes_with_env_example():
    env = {**os.environ, **parse_env_file(ENV_EXAMPLE), "DATABASE_URL": DUMMY_DATABASE_URL}
    assert env["DJANGO_SETTINGS_MODULE"] == "asn_kinerja.settings.prod"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_file_defines_the_stack():
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= services.keys()

    assert services["postgres"]["image"].startswith("postgres:16")
    assert "pg_isready" in str(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["image"].startswith("redis:7")
    assert "ping" in str(services["redis"]["healthcheck"]["test"])
    assert "docker/healthcheck.py" in str(services["web"]["healthcheck"]["test"])
    assert "/healthz" in (ROOT / "docker" / "healthcheck.py").read_text(encoding="utf-8")
    assert "8000:8000" in [str(port) for port in services["web"]["ports"]]

    volumes = compose["volumes"]
    assert any(
        v.split(":")[0] in volumes and v.split(":")[1].endswith("postgresql/data")
        for v in services["postgres"]["volumes"]
    )
    assert any(v.split(":")[0] in volumes and v.split(":")[1] == "/app/media" for v in services["web"]["volumes"])

    for name in ("web", "worker", "beat"):
        service = services[name]
        assert service["build"] == "." or service["build"]["context"] == "."
        assert service["env_file"] in (".env", [".env"])
        depends = service["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
        # migrations and the cache table run before any app process starts
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
    assert services["migrate"]["command"] == ["migrate"]
    assert services["web"]["command"][:2] == ["gunicorn", "asn_kinerja.wsgi"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "asn_kinerja", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "asn_kinerja", "beat"]
    assert "healthcheck" in services["web"] and "healthcheck" in services["worker"]


def test_docker_helper_files_exist():
    entrypoint = ROOT / "docker" / "entrypoint.sh"
    assert entrypoint.read_text(encoding="utf-8").startswith("#!/bin/sh")
    assert "createcachetable" in entrypoint.read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim-bookworm" in dockerfile
    assert "collectstatic" in dockerfile and "USER sikap" in dockerfile
    dockerignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in dockerignore and ".venv" in dockerignore and ".pgdata" in dockerignore
