"""`make deploy` and `make rollback` against a real S3 protocol server: moto's
server in its own process, spoken to over HTTP, with the deploy run as a
subprocess on a real publish build of a fixture site."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from botocore.exceptions import ClientError
from deploy_support import (
    ACCESS_KEY,
    CAPTURED,
    MANIFEST,
    PREFIX,
    SECRET,
    MotoServer,
    Target,
    publish_fixture_site,
    rewrite_manifest,
    theme_references,
)

SHORT = "public, max-age=300"
IMMUTABLE = "public, max-age=31536000, immutable"
HTML = "text/html; charset=utf-8"
PAGE = "peserta/kopi-senja/index.html"
CARD = "peserta/jamu-gendong/index.html"
DAY_0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = MotoServer(tmp_path_factory.mktemp("moto"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    return publish_fixture_site(tmp_path_factory.mktemp("published") / "site")


@pytest.fixture
def target(server, build, tmp_path) -> Target:
    return Target(server, build, tmp_path)


@pytest.fixture
def deployed(target) -> Target:
    run = target.deploy()
    assert run.code == 0, run
    return target


def manifest_files(target: Target) -> dict:
    return json.loads((target.output / MANIFEST).read_text(encoding="utf-8"))["files"]


def at(days: float) -> str:
    return (DAY_0 + dt.timedelta(days=days)).isoformat()


# -- what a deploy uploads ---------------------------------------------------------


def test_first_deploy_uploads_every_file_with_its_headers_and_a_second_nothing(target):
    files = manifest_files(target)
    mark = target.server.mark()
    run = target.deploy()
    assert run.code == 0, run
    assert f"Plan: {len(files)} uploads" in run.out
    assert target.site_puts_since(mark) == sorted(files)  # each file once
    assert target.site_paths() == set(files)
    assert not {"_headers", "_redirects", MANIFEST} & target.site_paths()
    assert not [p for p in target.site_paths() if p.startswith("_host/") or p.endswith(".gz")]

    fragment = next(p for p in sorted(files) if p.startswith("pagefind/id-1/fragment/"))
    css = next(p for p in sorted(files) if p.startswith("theme/css/") and "site" in p)
    css_cache = IMMUTABLE if re.search(r"\.[0-9a-f]{10}\.css$", css) else SHORT
    expected = {
        "index.html": (HTML, SHORT),
        PAGE: (HTML, SHORT),
        "sitemap.xml": ("application/xml; charset=utf-8", SHORT),
        "berita/atom.xml": ("application/atom+xml; charset=utf-8", SHORT),
        "agenda.ics": ("text/calendar; charset=utf-8", SHORT),
        "data/peserta.json": ("application/json", SHORT),
        "robots.txt": ("text/plain; charset=utf-8", SHORT),
        "pagefind/id-1/pagefind-entry.json": ("application/json", SHORT),
        fragment: ("application/octet-stream", IMMUTABLE),
        css: ("text/css; charset=utf-8", css_cache),
    }
    for path, (content_type, cache_control) in expected.items():
        head = target.head(path)
        assert (head["ContentType"], head["CacheControl"]) == (content_type, cache_control), path
        assert head["Metadata"]["sha256"] == files[path]["sha256"], path
    assert target.get(PAGE) == (target.output / PAGE).read_bytes()

    # The same build again: nothing to upload, nothing written.
    before = target.listing()
    mark = target.server.mark()
    run = target.deploy()
    assert run.code == 0, run
    assert "Plan: 0 uploads" in run.out
    assert "Nothing to deploy" in run.out
    assert target.site_puts_since(mark) == []
    assert target.listing() == before


def test_one_byte_same_size_change_uploads_exactly_that_page(deployed):
    size = (deployed.output / PAGE).stat().st_size
    deployed.edit(PAGE, b"Kopi Senja", b"Kopi Senjq")
    rewrite_manifest(deployed.output)
    assert (deployed.output / PAGE).stat().st_size == size
    mark = deployed.server.mark()
    run = deployed.deploy()
    assert run.code == 0, run
    assert "Plan: 1 uploads" in run.out
    assert deployed.site_puts_since(mark) == [PAGE]
    assert deployed.get(PAGE) == (deployed.output / PAGE).read_bytes()
    assert "https://fest.example/peserta/kopi-senja/\n" in run.out  # for CDN invalidation


def test_headers_changed_in_the_table_are_uploaded_again(deployed):
    # As if the bucket had been deployed under an older table of headers.
    record = deployed.state()
    record["files"]["data/peserta.json"]["cache_control"] = "public, max-age=60"
    deployed.s3.put_object(
        Bucket=deployed.bucket,
        Key=f"{PREFIX}_deploy/current.json",
        Body=json.dumps(record).encode(),
    )
    mark = deployed.server.mark()
    run = deployed.deploy()
    assert run.code == 0, run
    assert deployed.site_puts_since(mark) == ["data/peserta.json"]
    assert deployed.head("data/peserta.json")["CacheControl"] == SHORT


def test_without_the_deploy_record_hashes_come_from_object_metadata(deployed):
    deployed.s3.delete_objects(
        Bucket=deployed.bucket,
        Delete={
            "Objects": [
                {"Key": f"{PREFIX}_deploy/current.json"},
                {"Key": f"{PREFIX}_deploy/previous.json"},
            ]
        },
    )
    deployed.edit(PAGE, b"Kopi Senja", b"Kopi Senjq")
    rewrite_manifest(deployed.output)
    mark = deployed.server.mark()
    run = deployed.deploy()
    assert run.code == 0, run
    assert "no deploy record" in run.out
    assert deployed.site_puts_since(mark) == [PAGE]
    assert deployed.state()["files"][PAGE]["sha256"] == manifest_files(deployed)[PAGE]["sha256"]


def test_removed_page_is_deleted(deployed):
    (deployed.output / CARD).unlink()
    rewrite_manifest(deployed.output)
    run = deployed.deploy()
    assert run.code == 0, run
    assert f"delete  {CARD}" in run.out
    assert deployed.site_paths() == set(manifest_files(deployed))
    with pytest.raises(ClientError):
        deployed.head(CARD)


def test_deleting_over_a_tenth_of_the_objects_needs_allow_mass_delete(deployed):
    total = len(manifest_files(deployed))
    shutil.rmtree(deployed.output / "peserta" / "kecamatan")
    rewrite_manifest(deployed.output)
    assert total - len(manifest_files(deployed)) > total / 10
    before = deployed.listing()
    run = deployed.deploy()
    assert run.code == 1, run
    assert "refusing to delete" in run.err and "--allow-mass-delete" in run.err
    assert deployed.listing() == before
    run = deployed.deploy("--allow-mass-delete")
    assert run.code == 0, run
    assert not [path for path in deployed.site_paths() if path.startswith("peserta/kecamatan/")]


def test_dry_run_changes_nothing_and_prints_the_plan(target):
    run = target.deploy("--dry-run")
    assert run.code == 0, run
    assert f"Plan: {len(manifest_files(target))} uploads" in run.out
    assert "  upload  agenda.ics" in run.out
    assert "Dry run: nothing was changed" in run.out
    assert target.listing() == {}
    assert target.deploy().code == 0
    target.edit(PAGE, b"Kopi Senja", b"Kopi Senja Baru")
    (target.output / CARD).unlink()
    rewrite_manifest(target.output)
    before = target.listing()
    run = target.deploy("--dry-run")
    assert run.code == 0, run
    assert "Plan: 1 uploads" in run.out and "1 deletions" in run.out
    assert f"  upload  {PAGE}" in run.out and f"  delete  {CARD}" in run.out
    assert target.listing() == before


# -- order, interruption, refusals -------------------------------------------------


def assert_pages_find_their_theme_files(target: Target) -> None:
    paths = target.site_paths()
    pages = sorted(path for path in paths if path.endswith(".html"))
    with ThreadPoolExecutor(max_workers=8) as pool:
        named = dict(
            zip(pages, pool.map(lambda p: theme_references(target.get(p)), pages), strict=True)
        )
    missing = {page: refs - paths for page, refs in named.items() if refs - paths}
    assert missing == {}, "pages in the bucket name theme files that are not there"
    assert sum(len(refs) for refs in named.values()) >= len(pages)


def test_deploy_stopped_after_the_asset_phase_leaves_no_page_without_its_assets(deployed):
    out = deployed.output
    old = sorted(
        p for p in theme_references((out / "index.html").read_bytes()) if p.endswith(".css")
    )[0]
    new = re.sub(r"(\.[0-9a-f]{10})?\.css$", ".0a1b2c3d4e.css", old)
    (out / new).write_bytes((out / old).read_bytes() + b"\n/* v2 */\n")
    (out / old).unlink()
    for page in out.rglob("*.html"):
        page.write_bytes(page.read_bytes().replace(f"/{old}".encode(), f"/{new}".encode()))
    rewrite_manifest(out)

    run = deployed.deploy(DEPLOY_STOP_AFTER="assets")
    assert run.code == 3, run
    assert new in deployed.site_paths()
    assert old in theme_references(deployed.get("index.html"))  # pages not yet sent
    assert_pages_find_their_theme_files(deployed)

    run = deployed.deploy()
    assert run.code == 0, run
    assert "Resuming deploy" in run.out
    assert new in theme_references(deployed.get("index.html"))
    assert_pages_find_their_theme_files(deployed)
    # What the stopped run did counts as this deploy's, for `make rollback`.
    last = deployed.state()["last_deploy"]
    assert new in last["added"] and "index.html" in last["backed_up"]


@pytest.mark.parametrize(
    "damage, message",
    [
        ("manifest missing", "no build manifest"),
        ("file changed", f"index.html: changed after the build (differs from {MANIFEST})"),
        ("file missing", f"robots.txt: listed in {MANIFEST} but missing"),
        ("file added", f"extra.html: on disk but not in {MANIFEST}"),
    ],
)
def test_incomplete_or_changed_build_is_refused(target, damage, message):
    if damage == "manifest missing":
        (target.output / MANIFEST).unlink()
    elif damage == "file changed":
        target.edit("index.html", b"<", b"{")
    elif damage == "file missing":
        (target.output / "robots.txt").unlink()
    else:
        (target.output / "extra.html").write_text("<!doctype html>", encoding="utf-8")
    run = target.deploy()
    assert run.code == 1, run
    assert message in run.err
    assert "run `make publish`" in run.err
    assert target.listing() == {}


def test_unknown_file_type_stops_the_deploy_before_any_upload(target):
    data = b"PK\x03\x04 not a table the site knows"
    (target.output / "data" / "peserta.xlsx").write_bytes(data)
    manifest = json.loads((target.output / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["data/peserta.xlsx"] = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "content_type": "application/octet-stream",
        "cache_control": SHORT,
    }
    (target.output / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    run = target.deploy()
    assert run.code == 1, run
    assert "data/peserta.xlsx: no Content-Type for this kind of file" in run.err
    assert "CONTENT_TYPES in plugins/host_config/policy.py" in run.err
    assert target.listing() == {}


# -- time, rollback, checks after the deploy ---------------------------------------


def test_superseded_fingerprinted_asset_is_kept_seven_days(target):
    # The records outside the served folder, as docs/OPERATORS.md advises for CloudFront.
    target.state_prefix = "deploy-state/fest/"
    target.settings["DEPLOY_STATE_PREFIX"] = target.state_prefix
    old, new = "theme/css/extra.0123456789.css", "theme/css/extra.9876543210.css"
    (target.output / old).write_text("p{color:#000}", encoding="utf-8")
    rewrite_manifest(target.output)
    assert target.deploy(DEPLOY_NOW=at(0)).code == 0
    assert not [key for key in target.listing() if key.startswith(PREFIX + "_deploy/")]
    (target.output / old).unlink()
    (target.output / new).write_text("p{color:#111}", encoding="utf-8")
    rewrite_manifest(target.output)

    run = target.deploy(DEPLOY_NOW=at(1))
    assert run.code == 0, run
    assert f"  keep    {old}" in run.out
    assert {old, new} <= target.site_paths()
    assert target.state()["superseded"][old]["since"] == at(1)
    assert target.deploy(DEPLOY_NOW=at(7.9)).code == 0
    assert old in target.site_paths()
    run = target.deploy(DEPLOY_NOW=at(8))
    assert run.code == 0, run
    assert f"  delete  {old}" in run.out
    assert old not in target.site_paths() and new in target.site_paths()


def test_rollback_puts_the_previous_deploy_back(deployed):
    added = "peserta/kopi-senja-baru/index.html"
    first = {path: deployed.get(path) for path in (PAGE, CARD)}
    first_id = deployed.state()["deploy_id"]
    deployed.edit(PAGE, b"Kopi Senja", b"Kopi Senja Baru")
    (deployed.output / added).parent.mkdir()
    (deployed.output / added).write_bytes((deployed.output / PAGE).read_bytes())
    (deployed.output / CARD).unlink()
    rewrite_manifest(deployed.output)
    assert deployed.deploy().code == 0
    assert deployed.get(PAGE) != first[PAGE]

    run = deployed.rollback()
    assert run.code == 0, run
    assert deployed.get(PAGE) == first[PAGE]
    assert deployed.get(CARD) == first[CARD]
    assert added not in deployed.site_paths()
    head = deployed.head(PAGE)
    assert (head["ContentType"], head["CacheControl"]) == (HTML, SHORT)
    assert deployed.state()["deploy_id"] == first_id

    run = deployed.rollback()
    assert run.code == 1 and "nothing to roll back" in run.err, run
    run = deployed.deploy()  # forward again
    assert run.code == 0, run
    assert "Plan: 2 uploads" in run.out and "1 deletions" in run.out
    assert added in deployed.site_paths() and CARD not in deployed.site_paths()


def test_smoke_check_fails_when_the_endpoint_serves_other_bytes(deployed):
    stale = deployed.get("index.html")
    deployed.s3.put_object(Bucket=deployed.bucket, Key="stale/index.html", Body=stale)
    deployed.edit("index.html", b"Jakpreneur", b"JAKPRENEUR")
    rewrite_manifest(deployed.output)
    endpoint = f"{deployed.server.endpoint}/{deployed.bucket}"
    run = deployed.deploy(DEPLOY_SMOKE_URL=f"{endpoint}/stale/")
    assert run.code == 4, run
    assert f"SMOKE CHECK FAILED: {endpoint}/stale/index.html answered 200" in run.err
    assert "make rollback" in run.err
    run = deployed.deploy(DEPLOY_SMOKE_URL=f"{endpoint}/nowhere/")
    assert run.code == 4 and "answered 404" in run.err, run
    assert deployed.deploy().code == 0


def test_cloudfront_invalidation_of_the_changed_urls(deployed):
    cloudfront = boto3.session.Session(
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET, region_name="us-east-1"
    ).client("cloudfront", endpoint_url=deployed.server.endpoint)
    origin = {
        "Id": "site",
        "DomainName": f"{deployed.bucket}.s3.amazonaws.com",
        "S3OriginConfig": {"OriginAccessIdentity": ""},
    }
    behaviour = {
        "TargetOriginId": "site",
        "ViewerProtocolPolicy": "redirect-to-https",
        "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
        "MinTTL": 0,
    }
    distribution = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": deployed.bucket,
            "Origins": {"Quantity": 1, "Items": [origin]},
            "DefaultCacheBehavior": behaviour,
            "Comment": "",
            "Enabled": True,
        }
    )["Distribution"]["Id"]
    deployed.edit(PAGE, b"Kopi Senja", b"Kopi Senjq")
    rewrite_manifest(deployed.output)
    run = deployed.deploy(
        DEPLOY_CLOUDFRONT_DISTRIBUTION_ID=distribution,
        DEPLOY_CLOUDFRONT_ENDPOINT_URL=deployed.server.endpoint,
    )
    assert run.code == 0, run
    assert "CloudFront: 2 paths invalidated" in run.out
    listed = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]
    assert listed["Quantity"] == 1
    batch = cloudfront.get_invalidation(DistributionId=distribution, Id=listed["Items"][0]["Id"])
    paths = batch["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]
    assert sorted(paths) == ["/peserta/kopi-senja/", "/peserta/kopi-senja/index.html"]


# -- last: every output of this module -------------------------------------------


def test_credentials_never_appear_in_any_output(target, tmp_path):
    assert target.deploy(DEPLOY_BUCKET="no-such-bucket-here").code == 1
    assert target.deploy(AWS_PROFILE="no-such-profile").code == 1
    config = tmp_path / "deploy.toml"
    config.write_text(f'aws_secret_access_key = "{SECRET}"\n', encoding="utf-8")
    run = target.deploy("--config", str(config))
    assert run.code == 1 and "never read from a settings file" in run.err, run
    assert target.rollback().code == 1  # nothing deployed yet
    assert len(CAPTURED) >= 8
    leaks = [text for text in CAPTURED if SECRET in text or SECRET[12:] in text]
    assert leaks == []
