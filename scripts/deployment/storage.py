"""The few bucket operations the deploy needs, over an S3 client.

Objects carry their SHA-256 in user metadata (`x-amz-meta-sha256`): ETags
are not content hashes for multipart uploads, and sizes and dates say
nothing about content. Copies stay on the server (CopyObject): backups for
rollback never download anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from botocore.exceptions import ClientError

from .errors import DeployError

SHA256_METADATA = "sha256"
DELETE_BATCH = 1000  # DeleteObjects' limit
STATE_CACHE_CONTROL = "no-store"
MISSING = ("NoSuchKey", "404", "NotFound")


class Bucket:
    def __init__(self, client, name: str):
        self.client = client
        self.name = name

    def get_json(self, key: str) -> dict | None:
        """The JSON document at `key`, or None when there is none."""
        try:
            body = self.client.get_object(Bucket=self.name, Key=key)["Body"].read()
        except ClientError as error:
            if error.response["Error"]["Code"] in MISSING:
                return None
            raise
        return json.loads(body)

    def put_json(self, key: str, document: dict) -> None:
        # Compact: the record of a full-size site lists 600,000 files.
        body = json.dumps(document, separators=(",", ":"), sort_keys=True).encode()
        self.client.put_object(
            Bucket=self.name,
            Key=key,
            Body=body,
            ContentType="application/json",
            CacheControl=STATE_CACHE_CONTROL,
        )

    def put_file(
        self, key: str, path: Path, *, sha256: str, content_type: str, cache_control: str
    ) -> None:
        with path.open("rb") as body:
            self.client.put_object(
                Bucket=self.name,
                Key=key,
                Body=body,
                ContentType=content_type,
                CacheControl=cache_control,
                Metadata={SHA256_METADATA: sha256},
            )

    def copy(self, source: str, key: str) -> None:
        """Server-side copy keeping Content-Type, Cache-Control and metadata."""
        self.client.copy_object(
            Bucket=self.name,
            Key=key,
            MetadataDirective="COPY",
            CopySource={"Bucket": self.name, "Key": source},
        )

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), DELETE_BATCH):
            batch = [{"Key": key} for key in keys[start : start + DELETE_BATCH]]
            answer = self.client.delete_objects(
                Bucket=self.name, Delete={"Objects": batch, "Quiet": True}
            )
            if answer.get("Errors"):
                first = answer["Errors"][0]
                raise DeployError(
                    f"{len(answer['Errors'])} deletions failed, first {first['Key']}: "
                    f"{first.get('Code')} {first.get('Message', '')}"
                )

    def list(self, prefix: str) -> Iterator[tuple[str, int]]:
        """(key, size) of every object under `prefix`, 1,000 per request."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.name, Prefix=prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"], item["Size"]

    def described(self, key: str) -> dict:
        """The hash recorded at upload, and the headers (a HEAD request)."""
        head = self.client.head_object(Bucket=self.name, Key=key)
        return {
            "sha256": head.get("Metadata", {}).get(SHA256_METADATA),
            "content_type": head.get("ContentType"),
            "cache_control": head.get("CacheControl"),
        }

    def check_access(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.name)
        except ClientError as error:
            code = error.response["Error"]["Code"]
            raise DeployError(f"bucket {self.name!r}: not reachable ({code})") from None
