"""What the bucket holds, as the deploy's own record of it.

Every deploy leaves its state under `<prefix>_deploy/` (or DEPLOY_STATE_PREFIX):

    current.json             the files now served (path -> sha256, size, headers),
                             superseded fingerprinted assets and when they were
                             superseded, and what the last deploy changed
    previous.json            the state before the last deploy (for rollback)
    previous/<deploy id>/    server-side copies of the objects the last deploy
                             overwrote or deleted (for rollback)
    pending.json             present only while a deploy or rollback runs, or
                             after one died

Reading one JSON document is what lets a plan for 600,000 objects be made
without one request per object. Without it (a first deploy to a bucket
filled by other means, or `--rescan`), the bucket is listed and each object
whose size matches is asked for its recorded hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from host_config.policy import DEPLOY_RECORDS

from .parallel import in_parallel
from .storage import Bucket

STATE_FORMAT = 1
STATE_FOLDER = DEPLOY_RECORDS  # hosts answer 404 there (plugins/host_config)


@dataclass(frozen=True)
class Layout:
    """Where the site's objects and the deploy's records sit in the bucket.

    The records default to `<prefix>_deploy/`; DEPLOY_STATE_PREFIX can move
    them out of the folder the CDN serves (they hold old copies of pages)."""

    prefix: str
    state_prefix: str | None = None

    def key(self, path: str) -> str:
        return self.prefix + path

    def path(self, key: str) -> str:
        return key[len(self.prefix) :]

    @property
    def state(self) -> str:
        return self.state_prefix or self.prefix + STATE_FOLDER

    @property
    def current(self) -> str:
        return self.state + "current.json"

    @property
    def previous(self) -> str:
        return self.state + "previous.json"

    @property
    def pending(self) -> str:
        return self.state + "pending.json"

    @property
    def backups(self) -> str:
        return self.state + "previous/"

    def backup(self, deploy_id: str, path: str) -> str:
        return f"{self.backups}{deploy_id}/{path}"


@dataclass
class RemoteState:
    # path -> {"sha256", "size", "content_type", "cache_control"}; sha256 may be
    # None for an object uploaded without the deploy's metadata.
    files: dict[str, dict]
    # path -> {"sha256", "since"}: fingerprinted assets no build lists any
    # more, kept so that cached pages still find them.
    superseded: dict[str, dict] = field(default_factory=dict)
    deploy_id: str | None = None
    deployed_at: str | None = None
    site_url: str | None = None
    built_at: str | None = None
    # {"id", "backed_up", "added", "deleted"}: what the deploy that wrote this
    # state changed, which is what a rollback undoes.
    last_deploy: dict | None = None
    source: str = "manifest"  # or "rescan" (listed, record kept), "scan", "empty"

    def serves(self, path: str, sha256: str, headers: tuple[str, str]) -> bool:
        """True when the object at `path` has these bytes and headers: a
        change to the table of headers re-uploads the files it concerns."""
        entry = self.files.get(path)
        if entry is not None:
            served = (entry.get("content_type"), entry.get("cache_control"))
            return entry.get("sha256") == sha256 and served == headers
        entry = self.superseded.get(path)  # fingerprinted: the name fixes the headers
        return entry is not None and entry["sha256"] == sha256

    def holds(self, path: str) -> bool:
        return path in self.files or path in self.superseded

    @property
    def object_count(self) -> int:
        return len(self.files) + len(self.superseded)

    def to_document(self) -> dict:
        return {
            "format": STATE_FORMAT,
            "deploy_id": self.deploy_id,
            "deployed_at": self.deployed_at,
            "site_url": self.site_url,
            "built_at": self.built_at,
            "files": self.files,
            "superseded": self.superseded,
            "last_deploy": self.last_deploy,
        }

    @classmethod
    def from_document(cls, document: dict, source: str = "manifest") -> RemoteState:
        return cls(
            files=document.get("files", {}),
            superseded=document.get("superseded", {}),
            deploy_id=document.get("deploy_id"),
            deployed_at=document.get("deployed_at"),
            site_url=document.get("site_url"),
            built_at=document.get("built_at"),
            last_deploy=document.get("last_deploy"),
            source=source,
        )


def read_current(
    bucket: Bucket, layout: Layout, *, rescan: bool, wanted: dict[str, int], workers: int
) -> RemoteState:
    """The bucket's state; `wanted` (path -> size) limits the HEAD requests
    of a scan to the objects whose hash can matter."""
    document = bucket.get_json(layout.current)
    if document is not None and not rescan:
        return RemoteState.from_document(document)
    scanned = scan(bucket, layout, wanted, workers)
    if document is None:
        return scanned
    # A rescan trusts the listing for what exists, the record for its history.
    recorded = RemoteState.from_document(document, source="rescan")
    recorded.superseded = {p: e for p, e in recorded.superseded.items() if p in scanned.files}
    recorded.files = {p: e for p, e in scanned.files.items() if p not in recorded.superseded}
    return recorded


def unfinished(pending: dict | None, remote: RemoteState) -> str:
    """What a run that died left behind (pending.json still there):
    "" nothing; "deploy" a deploy that died before writing its record, to be
    resumed; "deletions" a run that died after writing its record, whose
    deletions are to be done again; "rollback" a rollback that died before
    writing its record, after which only the bucket itself can be trusted."""
    if not pending:
        return ""
    if pending.get("deploy_id") == remote.deploy_id:
        return "deletions"
    return pending.get("kind", "deploy")


def read_previous(bucket: Bucket, layout: Layout) -> RemoteState:
    document = bucket.get_json(layout.previous)
    return RemoteState.from_document(document) if document else RemoteState({}, source="empty")


def scan(bucket: Bucket, layout: Layout, wanted: dict[str, int], workers: int) -> RemoteState:
    files = {}
    for key, size in bucket.list(layout.prefix):
        path = layout.path(key)
        if not key.startswith(layout.state):
            files[path] = {"sha256": None, "size": size}

    def ask(path: str) -> None:
        files[path].update(bucket.described(layout.key(path)))

    # An object of another size has changed whatever its hash.
    in_parallel(ask, [p for p, e in files.items() if wanted.get(p) == e["size"]], workers)
    return RemoteState(files, source="scan" if files else "empty")
