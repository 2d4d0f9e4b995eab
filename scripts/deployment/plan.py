"""What a deploy changes, decided before anything is changed.

Order is what keeps visitors safe while objects arrive one by one: assets
first (a new page never points at an asset not yet there), then pages, then
the record of the new state, then deletions of stale pages. Fingerprinted
assets a build no longer lists stay for seven days, because pages cached in
browsers and CDNs still name them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from host_config.policy import is_fingerprinted

from .build import LocalBuild
from .errors import DeployError
from .remote import RemoteState

KEEP_SUPERSEDED = dt.timedelta(days=7)
MASS_DELETE_SHARE = 0.10
PAGE_SUFFIXES = (".html", ".xml")


def is_page(path: str) -> bool:
    """Files that name other files and so must arrive after them: HTML, feeds,
    sitemaps, and the search index's fixed-name entry files."""
    if path.endswith(PAGE_SUFFIXES):
        return True
    return path.startswith("pagefind/") and not is_fingerprinted(path)


@dataclass
class Plan:
    assets: list[str] = field(default_factory=list)  # uploads, phase 1
    pages: list[str] = field(default_factory=list)  # uploads, phase 2
    added: list[str] = field(default_factory=list)  # uploads of paths the bucket lacked
    backed_up: list[str] = field(default_factory=list)  # existing objects to overwrite or delete
    deletions: list[str] = field(default_factory=list)  # stale pages, expired assets
    retries: list[str] = field(default_factory=list)  # the last deploy's deletions, again
    newly_superseded: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)  # superseded over 7 days: deleted
    superseded: dict[str, dict] = field(default_factory=dict)  # the new state's table
    unchanged: int = 0
    remote_objects: int = 0

    @property
    def uploads(self) -> list[str]:
        return self.assets + self.pages

    @property
    def changes_nothing(self) -> bool:
        return not (self.uploads or self.deletions or self.retries or self.newly_superseded)

    def check_delete_guard(self, allowed: bool) -> None:
        limit = MASS_DELETE_SHARE * self.remote_objects
        if len(self.deletions) > limit and not allowed:
            raise DeployError(
                f"refusing to delete {len(self.deletions)} of {self.remote_objects} objects "
                f"(more than {MASS_DELETE_SHARE:.0%}); nothing was changed. If the build is "
                "right (a section removed on purpose), run again with --allow-mass-delete "
                '(make deploy ARGS="--allow-mass-delete")'
            )


def make_plan(
    local: LocalBuild,
    remote: RemoteState,
    now: dt.datetime,
    *,
    record: RemoteState | None = None,
    redo_deletions: bool = False,
) -> Plan:
    """`remote` is what the bucket holds; `record`, when it differs (a run
    died midway), the last deploy that finished: what a rollback returns to,
    so what counts as added, and what must be backed up."""
    record = record or remote
    plan = Plan(remote_objects=remote.object_count)
    plan_uploads(plan, local, remote, record)
    plan_stale(plan, local, remote, record, now)
    if redo_deletions:
        plan_retries(plan, local, remote)
    return plan


def plan_uploads(plan: Plan, local: LocalBuild, remote: RemoteState, record: RemoteState) -> None:
    for path, file in local.files.items():
        headers = (file.content_type, file.cache_control)
        if remote.serves(path, file.sha256, headers):
            plan.unchanged += 1
        else:
            (plan.pages if is_page(path) else plan.assets).append(path)
        # Against the record, which differs from the bucket only after a run
        # died: what it added, or overwrote (its backup is then already taken).
        if not record.holds(path):
            plan.added.append(path)
        elif not record.serves(path, file.sha256, headers):
            plan.backed_up.append(path)


def plan_stale(
    plan: Plan, local: LocalBuild, remote: RemoteState, record: RemoteState, now: dt.datetime
) -> None:
    for path, entry in sorted(remote.superseded.items()):
        if path in local.files:
            continue  # listed again: a file of the build once more
        if now - dt.datetime.fromisoformat(entry["since"]) >= KEEP_SUPERSEDED:
            plan.expired.append(path)
        else:
            plan.superseded[path] = entry
    for path, entry in sorted(remote.files.items()):
        if path in local.files:
            continue
        if is_fingerprinted(path):
            plan.newly_superseded.append(path)
            plan.superseded[path] = {"sha256": entry["sha256"], "since": now.isoformat()}
        else:
            plan.deletions.append(path)
            if record.holds(path):
                plan.backed_up.append(path)
    plan.deletions += plan.expired


def plan_retries(plan: Plan, local: LocalBuild, remote: RemoteState) -> None:
    """Deletions come after the record is written; when the last run died
    between the two, its deletions are done now (deleting a missing object
    is not an error)."""
    last = remote.last_deploy or {}
    planned = set(plan.deletions)
    plan.retries = [
        p
        for p in last.get("deleted", [])
        if p not in local.files and p not in planned and not remote.holds(p)
    ]
