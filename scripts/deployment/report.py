"""What the deploy prints: counts first, then paths (capped unless
--verbose, since a first deploy lists every file of the site)."""

from __future__ import annotations

from .plan import Plan
from .remote import RemoteState
from .rollback import RollbackPlan

SHOWN = 50


def remote_line(remote: RemoteState, left: str, pending: dict | None) -> str:
    if remote.source == "manifest":
        line = (
            f"Remote: deploy {remote.deploy_id} of {remote.deployed_at}, "
            f"{len(remote.files)} files, {len(remote.superseded)} superseded assets kept"
        )
    elif remote.source == "rescan":
        line = (
            f"Remote: {len(remote.files)} objects found by listing, hashes from their "
            f"metadata (record of deploy {remote.deploy_id} not relied on)"
        )
    elif remote.source == "scan":
        line = f"Remote: no deploy record; {len(remote.files)} objects found by listing"
    else:
        line = "Remote: empty (first deploy)"
    if left == "deploy":
        line += (
            f"; deploy {pending.get('deploy_id')} did not finish: compared with the "
            "bucket itself, and resumed"
        )
    elif left == "deletions":
        line += "; the last run did not finish its deletions: done now"
    elif left == "rollback":
        line += "; a rollback did not finish: compared with the bucket itself"
    return line


def plan_lines(plan: Plan, verbose: bool) -> list[str]:
    added = set(plan.added)
    new = sum(1 for path in plan.uploads if path in added)
    lines = [
        f"Plan: {len(plan.uploads)} uploads ({len(plan.assets)} assets, {len(plan.pages)} pages;"
        f" {new} new, {len(plan.uploads) - new} changed), {len(plan.deletions)} deletions"
        f" ({len(plan.expired)} superseded assets past 7 days), "
        f"{len(plan.newly_superseded)} assets newly superseded (kept 7 days), "
        f"{plan.unchanged} unchanged"
    ]
    lines += listing("upload", plan.assets + plan.pages, verbose)
    lines += listing("delete", plan.deletions, verbose)
    lines += listing("keep  ", plan.newly_superseded, verbose)
    if plan.retries:
        lines.append(f"  and {len(plan.retries)} deletions the last deploy left undone")
    return lines


def rollback_lines(plan: RollbackPlan, verbose: bool) -> list[str]:
    lines = [
        f"Rollback of deploy {plan.deploy_id}: {len(plan.restored)} objects restored "
        f"({len(plan.assets)} assets, {len(plan.pages)} pages), {len(plan.removals)} added "
        f"objects removed, {len(plan.kept)} added assets kept 7 days"
    ]
    lines += listing("restore", plan.restored, verbose)
    lines += listing("remove ", plan.removals, verbose)
    return lines


def url_lines(urls: list[str], verbose: bool) -> list[str]:
    lines = [f"Changed URLs for CDN invalidation ({len(urls)}):"]
    shown = urls if verbose else urls[:SHOWN]
    lines += [f"  {url}" for url in shown]
    if len(shown) < len(urls):
        lines.append(f"  ... and {len(urls) - len(shown)} more (--verbose or --urls-file)")
    return lines


def listing(verb: str, paths: list[str], verbose: bool) -> list[str]:
    shown = paths if verbose else paths[:SHOWN]
    lines = [f"  {verb}  {path}" for path in shown]
    if len(shown) < len(paths):
        lines.append(f"  {verb}  ... and {len(paths) - len(shown)} more (--verbose lists all)")
    return lines
