"""`make deploy` and `make rollback`: the publish build to S3-compatible
object storage, uploading only what changed, in an order that never leaves a
page pointing at a missing asset. docs/OPERATORS.md is the operator's guide.

One concern per module: settings (where to), credentials (boto3's own chain,
never shown), storage (the bucket's operations), build (the local build and
its manifest), remote (what the bucket holds), plan (what to change),
execute (changing it), rollback, cdn (URLs and CloudFront), smoke (the check
after a deploy), report (what is printed) and cli (the two commands).
"""
