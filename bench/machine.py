"""The machine and code a benchmark ran on, for the head of its report."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path

import psutil


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_commit(root: Path) -> str:
    """The commit, and whether tracked files differ from it."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", "-C", str(root), *args],
                                capture_output=True, text=True, check=False)  # fmt: skip
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit} + uncommitted changes" if dirty else commit


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def describe(root: Path) -> list[str]:
    memory = psutil.virtual_memory().total / 2**30
    return [
        f"machine: {os.cpu_count()} cores ({cpu_model()}), {memory:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}",
        f"Python {platform.python_version()}, Pelican {version('pelican')}, "
        f"Jinja2 {version('Jinja2')}, PyYAML {version('PyYAML')}, pydantic {version('pydantic')}",
        f"commit: {git_commit(root)}",
    ]
