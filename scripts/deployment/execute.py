"""Carrying out a plan, phase by phase (plan.py says why in this order).

Before an object is overwritten or deleted it is copied, on the server, to
`_deploy/previous/<deploy id>/`: that copy and `previous.json` are all a
rollback needs, with or without bucket versioning. `pending.json` marks a
deploy in progress; a deploy that finds one from a run that died resumes
under the same id, so the backups it took (the real previous bytes) are
kept rather than overwritten by copies of half-deployed objects.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from botocore.exceptions import ClientError

from .build import LocalBuild
from .errors import DeployStoppedError
from .parallel import in_parallel
from .plan import Plan
from .remote import Layout, RemoteState
from .settings import DeploySettings
from .storage import MISSING, Bucket


class Deployment:
    def __init__(
        self, bucket: Bucket, layout: Layout, settings: DeploySettings, say: Callable[[str], None]
    ):
        self.bucket = bucket
        self.layout = layout
        self.settings = settings
        self.say = say
        self.backed_up: list[str] = []

    def run(
        self, plan: Plan, local: LocalBuild, record: RemoteState, resume: dict | None
    ) -> RemoteState:
        """`record`: the state of the last finished deploy (previous.json
        after this one); `resume`: the pending.json of a deploy that died
        before writing its record."""
        deploy_id = self.start(resume)
        self.phase("backup", self.back_up, deploy_id, plan.backed_up)
        self.phase("assets", self.upload, local, plan.assets)
        self.phase("pages", self.upload, local, plan.pages)
        state = new_state(deploy_id, plan, local, self.backed_up, self.settings)
        self.phase("manifest", self.record, record, state)
        self.phase("delete", self.delete, plan.deletions + plan.retries)
        self.finish(deploy_id)
        return state

    def start(self, resume: dict | None) -> str:
        if resume:
            self.say(
                f"Resuming deploy {resume['deploy_id']} (started "
                f"{resume.get('started_at')}, did not finish)"
            )
            return resume["deploy_id"]
        deploy_id = f"{self.settings.now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
        started = {
            "deploy_id": deploy_id,
            "kind": "deploy",
            "started_at": self.settings.now.isoformat(),
        }
        self.bucket.put_json(self.layout.pending, started)
        self.say(f"Deploy {deploy_id}")
        return deploy_id

    def phase(self, name: str, action, *args) -> None:
        """Run one phase; `action` returns what it did, in words."""
        began = time.monotonic()
        done = action(*args)
        self.say(f"  {name}: {done} in {time.monotonic() - began:.1f} s")
        if self.settings.stop_after == name:
            raise DeployStoppedError(f"stopped after the {name} phase (DEPLOY_STOP_AFTER={name})")

    def back_up(self, deploy_id: str, paths: list[str]) -> str:
        folder = self.layout.backup(deploy_id, "")
        taken = {key[len(folder) :] for key, _size in self.bucket.list(folder)}
        copied = []

        def copy(path: str) -> None:
            try:
                self.bucket.copy(self.layout.key(path), self.layout.backup(deploy_id, path))
            except ClientError as error:
                if error.response["Error"]["Code"] not in MISSING:
                    raise
                return  # gone already: nothing to restore
            copied.append(path)

        in_parallel(copy, [p for p in paths if p not in taken], self.settings.workers)
        self.backed_up = sorted(copied + [p for p in paths if p in taken])
        return f"{len(copied)} objects copied to {folder}"

    def upload(self, local: LocalBuild, paths: list[str]) -> str:
        def put(path: str) -> None:
            file = local.files[path]
            self.bucket.put_file(
                self.layout.key(path),
                local.root / path,
                sha256=file.sha256,
                content_type=file.content_type,
                cache_control=file.cache_control,
            )

        in_parallel(put, paths, self.settings.workers)
        return f"{len(paths)} uploaded"

    def record(self, previous: RemoteState, state: RemoteState) -> str:
        # previous.json first: a rollback reads both, and refuses while
        # pending.json says this deploy has not finished.
        self.bucket.put_json(self.layout.previous, previous.to_document())
        self.bucket.put_json(self.layout.current, state.to_document())
        return f"state written to {self.layout.current}"

    def delete(self, paths: list[str]) -> str:
        self.bucket.delete([self.layout.key(path) for path in paths])
        return f"{len(paths)} deleted"

    def finish(self, deploy_id: str) -> None:
        """Only the last deploy's backups are kept: rollback goes one step back."""
        keep = self.layout.backup(deploy_id, "")
        old = [
            key for key, _size in self.bucket.list(self.layout.backups) if not key.startswith(keep)
        ]
        self.bucket.delete(old + [self.layout.pending])


def new_state(
    deploy_id: str, plan: Plan, local: LocalBuild, backed_up: list[str], settings: DeploySettings
) -> RemoteState:
    files = {
        path: {
            "sha256": f.sha256,
            "size": f.size,
            "content_type": f.content_type,
            "cache_control": f.cache_control,
        }
        for path, f in local.files.items()
    }
    last = {
        "id": deploy_id,
        "backed_up": backed_up,
        "added": sorted(plan.added),
        "deleted": plan.deletions,
    }
    return RemoteState(
        files,
        superseded=plan.superseded,
        deploy_id=deploy_id,
        deployed_at=settings.now.isoformat(),
        site_url=local.site_url,
        built_at=local.built_at,
        last_deploy=last,
    )
