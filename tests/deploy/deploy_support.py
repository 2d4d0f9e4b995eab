"""Helpers of the deploy tests: moto's S3 server as its own process, a real
publish build of a fixture site, and a bucket with the deploy run against it
as a subprocess, exactly as an operator runs it."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

import boto3
from botocore.config import Config
from conftest import FIXED_EPOCH, ROOT, FixtureSite
from publish_pipeline.manifest import build_manifest, write_manifest

PYTHON = Path(sys.executable)
DEPLOY = ROOT / "scripts" / "deploy.py"
SITE_URL = "https://fest.example"
PREFIX = "fest/"
ACCESS_KEY = "AKIAFAKE" + secrets.token_hex(6).upper()
SECRET = f"fake-secret-{secrets.token_hex(12)}"
MANIFEST = "build-manifest.json"
REQUEST_LINE = re.compile(r'"(GET|PUT|POST|DELETE|HEAD) (\S+) HTTP/')

# Every stdout and stderr of every deploy run, for the secret check.
CAPTURED: list[str] = []


class MotoServer:
    """`moto_server` on 127.0.0.1 at a free port; its request log in a file."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = folder / "moto.log"
        command = [str(PYTHON.with_name("moto_server")), "-H", "127.0.0.1", "-p", str(self.port)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def mark(self) -> int:
        return self.log.stat().st_size

    def requests_since(self, mark: int) -> list[tuple[str, str]]:
        """(method, path) of each request the server logged after `mark`."""
        with self.log.open("rb") as log:
            log.seek(mark)
            text = log.read().decode("utf-8", "replace")
        return REQUEST_LINE.findall(text)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("moto_server did not start")


def publish_fixture_site(folder: Path) -> Path:
    """A publish build (publishconf, pipeline on, warnings fatal) of a small
    site, in one language: half the files, and the deploy sees no difference."""
    site = FixtureSite(folder)
    for slug in ("kopi-senja", "batik-tebet", "jamu-gendong"):
        site.exhibitor(slug)
    site.write_settings(PUBLISH_PIPELINE=True, SITE_LANGUAGES=["id"])
    text = site.settings.read_text(encoding="utf-8")
    site.settings.write_text(text.replace("from pelicanconf import", "from publishconf import"))
    environment = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "SITEURL": SITE_URL}
    result = subprocess.run(
        [
            str(PYTHON.with_name("pelican")),
            str(site.content),
            "-s",
            str(site.settings),
            "--fatal",
            "warnings",
        ],
        cwd=site.root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site.output / MANIFEST).is_file()
    return site.output


def rewrite_manifest(output: Path) -> None:
    """After a test edits the build: the manifest a complete build would have."""
    old = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    (output / MANIFEST).unlink()
    manifest = build_manifest(output, site_url=old["site_url"], built_at=old["built_at"])
    write_manifest(output, manifest)


class Run:
    def __init__(self, result: subprocess.CompletedProcess):
        self.code = result.returncode
        self.out = result.stdout
        self.err = result.stderr

    def __repr__(self) -> str:  # what pytest shows when an assertion fails
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


class Target:
    """A fresh bucket on the server and a copy of the build to deploy."""

    def __init__(self, server: MotoServer, build: Path, folder: Path):
        self.server = server
        self.folder = folder
        self.output = folder / "output"
        shutil.copytree(build, self.output)
        self.bucket = f"site-{uuid.uuid4().hex[:12]}"
        self.state_prefix = PREFIX + "_deploy/"  # the deploy's default
        self.settings: dict[str, str] = {}  # DEPLOY_* variables of every run
        self.s3 = boto3.session.Session(
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET, region_name="us-east-1"
        ).client("s3", endpoint_url=server.endpoint, config=Config(s3={"addressing_style": "path"}))
        self.s3.create_bucket(Bucket=self.bucket)
        # Public reads, as a CDN's origin would have: the smoke check fetches anonymously.
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{self.bucket}/*",
                }
            ],
        }
        self.s3.put_bucket_policy(Bucket=self.bucket, Policy=json.dumps(policy))

    def environment(self, **extra) -> dict:
        kept = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DEPLOY_"))}
        return {
            **kept,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET,
            "AWS_DEFAULT_REGION": "us-east-1",
            # No operator's configuration, no instance metadata lookups.
            "AWS_CONFIG_FILE": str(self.folder / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.folder / "no-aws-credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "DEPLOY_ENDPOINT_URL": self.server.endpoint,
            "DEPLOY_BUCKET": self.bucket,
            "DEPLOY_PREFIX": PREFIX,
            "DEPLOY_OUTPUT": str(self.output),
            "DEPLOY_SMOKE_URL": f"{self.server.endpoint}/{self.bucket}/{PREFIX}",
            "DEPLOY_NOW": "2026-01-01T00:00:00+00:00",
            **self.settings,
            **extra,
        }

    def run(self, *args: str, **extra) -> Run:
        result = subprocess.run(
            [str(PYTHON), str(DEPLOY), *args],
            cwd=ROOT,
            env=self.environment(**extra),
            capture_output=True,
            text=True,
            timeout=120,
        )
        CAPTURED.extend([result.stdout, result.stderr])
        run = Run(result)
        assert SECRET not in run.out + run.err, "the secret was printed"
        return run

    def deploy(self, *args: str, **extra) -> Run:
        return self.run("deploy", *args, **extra)

    def rollback(self, *args: str, **extra) -> Run:
        return self.run("rollback", *args, **extra)

    # -- the bucket ------------------------------------------------------------

    def listing(self) -> dict[str, str]:
        """key -> ETag of every object in the bucket."""
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {o["Key"]: o["ETag"] for page in pages for o in page.get("Contents", [])}

    def site_paths(self) -> set[str]:
        """Paths of the site's objects (not the deploy's own records)."""
        return {
            key[len(PREFIX) :]
            for key in self.listing()
            if key.startswith(PREFIX) and not key.startswith(self.state_prefix)
        }

    def head(self, path: str) -> dict:
        return self.s3.head_object(Bucket=self.bucket, Key=PREFIX + path)

    def get(self, path: str) -> bytes:
        return self.s3.get_object(Bucket=self.bucket, Key=PREFIX + path)["Body"].read()

    def state(self, name: str = "current") -> dict:
        key = f"{self.state_prefix}{name}.json"
        return json.loads(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read())

    def site_puts_since(self, mark: int) -> list[str]:
        """Paths of the site's objects written (uploads and copies) after `mark`."""
        start, state = f"/{self.bucket}/{PREFIX}", f"/{self.bucket}/{self.state_prefix}"
        return sorted(
            path[len(start) :]
            for method, path in self.server.requests_since(mark)
            if method == "PUT" and path.startswith(start) and not path.startswith(state)
        )

    # -- the local build -------------------------------------------------------

    def edit(self, path: str, old: bytes, new: bytes) -> None:
        file = self.output / path
        data = file.read_bytes()
        assert old in data, f"{old!r} not in {path}"
        file.write_bytes(data.replace(old, new, 1))


def theme_references(html: bytes) -> set[str]:
    """Site paths of the theme files a page names in href or src (the
    publish build minifies, so attributes may be unquoted: parse, not grep)."""
    parser = References()
    parser.feed(html.decode("utf-8"))
    return {
        url[url.index("/theme/") + 1 :].split("?")[0].split("#")[0]
        for url in parser.urls
        if "/theme/" in url
    }


class References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]
