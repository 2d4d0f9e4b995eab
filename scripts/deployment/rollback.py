"""`make rollback`: put the previous deploy back, without bucket versioning.

The last deploy recorded what it did (current.json's `last_deploy`): which
objects it overwrote or deleted, each copied beforehand to
`_deploy/previous/<deploy id>/`, and which it added. A rollback copies the
backups back (assets, then pages), swaps current.json and previous.json, and
then removes the pages the deploy added. Fingerprinted assets it added stay
seven days as superseded, like any other, for pages cached meanwhile. One
step back only: the rolled-back state records no deploy to undo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from host_config.policy import is_fingerprinted

from .errors import DeployError
from .parallel import in_parallel
from .plan import MASS_DELETE_SHARE, is_page
from .remote import Layout, RemoteState, unfinished
from .storage import Bucket


@dataclass
class RollbackPlan:
    deploy_id: str
    assets: list[str] = field(default_factory=list)  # restored first
    pages: list[str] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)  # added by the deploy undone
    kept: list[str] = field(default_factory=list)  # added fingerprinted assets
    state: RemoteState | None = None  # what the bucket serves afterwards
    remote_objects: int = 0

    @property
    def restored(self) -> list[str]:
        return self.assets + self.pages

    def check_delete_guard(self, allowed: bool) -> None:
        if len(self.removals) > MASS_DELETE_SHARE * self.remote_objects and not allowed:
            raise DeployError(
                f"refusing to remove {len(self.removals)} of {self.remote_objects} objects "
                f"(more than {MASS_DELETE_SHARE:.0%}); nothing was changed. Run again with "
                '--allow-mass-delete (make rollback ARGS="--allow-mass-delete") if that is meant'
            )


def plan_rollback(
    current: RemoteState, previous: RemoteState, pending: dict | None, now: dt.datetime
) -> RollbackPlan:
    if unfinished(pending, current) == "deploy":
        raise DeployError(
            f"deploy {pending.get('deploy_id')} did not finish: run `make deploy` to finish it "
            "(or deploy an older build); a rollback now would mix two deploys"
        )
    last = current.last_deploy or {}
    if not last.get("id"):
        raise DeployError(
            "nothing to roll back: the bucket records no deploy to undo "
            "(already rolled back, or not deployed by this tool)"
        )
    plan = RollbackPlan(last["id"], remote_objects=current.object_count)
    for path in last.get("backed_up", []):
        (plan.pages if is_page(path) else plan.assets).append(path)
    for path in last.get("added", []):
        (plan.kept if is_fingerprinted(path) else plan.removals).append(path)
    plan.state = restored_state(current, previous, plan, now)
    return plan


def restored_state(
    current: RemoteState, previous: RemoteState, plan: RollbackPlan, now: dt.datetime
) -> RemoteState:
    deleted = set((current.last_deploy or {}).get("deleted", []))
    superseded = {p: e for p, e in previous.superseded.items() if p not in deleted}
    for path in plan.kept:
        superseded[path] = {"sha256": current.files[path]["sha256"], "since": now.isoformat()}
    # No id: nothing further to undo. The removals are listed so that the
    # next deploy repeats them if this rollback dies before making them.
    last = {"id": None, "backed_up": [], "added": [], "deleted": plan.removals}
    return RemoteState(
        previous.files,
        superseded=superseded,
        deploy_id=previous.deploy_id,
        deployed_at=previous.deployed_at,
        site_url=previous.site_url,
        built_at=previous.built_at,
        last_deploy=last,
    )


def run_rollback(
    plan: RollbackPlan,
    current: RemoteState,
    bucket: Bucket,
    layout: Layout,
    workers: int,
    now: dt.datetime,
    say,
) -> None:
    # Marks the run; a deploy that finds it knows a rollback died midway.
    bucket.put_json(
        layout.pending,
        {"deploy_id": plan.state.deploy_id, "kind": "rollback", "started_at": now.isoformat()},
    )

    def restore(path: str) -> None:
        bucket.copy(layout.backup(plan.deploy_id, path), layout.key(path))

    in_parallel(restore, plan.assets, workers)
    say(f"  assets: {len(plan.assets)} restored")
    in_parallel(restore, plan.pages, workers)
    say(f"  pages: {len(plan.pages)} restored")
    bucket.put_json(layout.previous, current.to_document())
    bucket.put_json(layout.current, plan.state.to_document())
    say(f"  manifest: {layout.current} and {layout.previous} swapped")
    bucket.delete([layout.key(path) for path in plan.removals] + [layout.pending])
    say(f"  delete: {len(plan.removals)} added objects removed")
