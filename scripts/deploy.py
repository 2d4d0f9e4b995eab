"""`make deploy` and `make rollback`: the publish build in output/ to
S3-compatible object storage (S3, R2, MinIO, GCS in S3 mode).

    make publish && make deploy                   # upload what changed
    make deploy ARGS="--dry-run"                  # print the plan, change nothing
    make rollback                                 # put the previous deploy back

Settings come from DEPLOY_BUCKET, DEPLOY_PREFIX, DEPLOY_ENDPOINT_URL,
DEPLOY_REGION and the other DEPLOY_* variables (or flags, or a TOML file
given with --config); credentials only from boto3's chain (the environment
or an AWS profile). docs/OPERATORS.md is the operator's guide; the modules
are in scripts/deployment/.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from deployment.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
