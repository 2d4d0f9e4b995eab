"""The build manifest is written one file at a time, in the format that
`json.dumps(..., indent=1, sort_keys=True, ensure_ascii=False)` gives the
whole manifest: the deploy reads it, and two builds of the same site write
the same bytes."""

from __future__ import annotations

import json

from host_config.policy import MANIFEST, cache_control, content_type
from publish_pipeline.manifest import write_manifest_of

FILES = [  # sorted by path, as the publish steps give them
    ("_redirects", "0" * 64, 10),  # the host's own file: not uploaded
    ("index.html", "a" * 64, 5120),
    ("pagefind/id-1/pagefind.ab12cd34.pf_meta", "b" * 64, 700),
    ('peserta/kopi-"asli"/index.html', "c" * 64, 2048),
    ("peserta/warung-ibu-é/index.html", "d" * 64, 0),
    ("theme/css/main.0123456789.css", "e" * 64, 9000),
]


def expected(site_url: str, built_at: str, files: list) -> str:
    manifest = {
        "format": 1,
        "site_url": site_url,
        "built_at": built_at,
        "files": {
            path: {
                "sha256": sha,
                "size": size,
                "content_type": content_type(path),
                "cache_control": cache_control(path),
            }  # fmt: skip
            for path, sha, size in files
            if path != "_redirects"
        },
    }
    return json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_manifest_is_written_as_json_dumps_writes_it(tmp_path):
    listed = write_manifest_of(tmp_path, "https://fest.example/é", "2026-01-01T00:00:00+07:00",
                               iter(FILES))  # fmt: skip
    text = (tmp_path / MANIFEST).read_text(encoding="utf-8")
    assert text == expected("https://fest.example/é", "2026-01-01T00:00:00+07:00", FILES)
    assert listed == len(FILES) - 1
    assert json.loads(text)["files"]['peserta/kopi-"asli"/index.html']["size"] == 2048


def test_a_manifest_of_no_files(tmp_path):
    assert write_manifest_of(tmp_path, "https://x.example", "now", iter([])) == 0
    assert (tmp_path / MANIFEST).read_text(encoding="utf-8") == expected(
        "https://x.example", "now", []
    )
