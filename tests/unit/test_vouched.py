"""What a publish records that its build vouched the live output holds,
trusted by the next build only while that publish's token is the current
one and the output the very folder it recorded it for."""

from __future__ import annotations

import os
from array import array

from atomic_output.vouched import fingerprint, forget, record, record_path_for, vouched_in


def test_the_record_holds_what_was_vouched_and_nothing_else(tmp_path):
    live = tmp_path / "output"
    live.mkdir()
    kept = fingerprint("peserta/kopi/index.html", "k1")
    record(live, "token-1", array("Q", [kept, fingerprint("a/index.html", "k2"), kept]))
    found = vouched_in(live, "token-1")
    assert len(found) == 2
    assert kept in found
    assert fingerprint("peserta/kopi/index.html", "k3") not in found  # other bytes
    assert fingerprint("peserta/teh/index.html", "k1") not in found  # another file


def test_the_record_is_not_trusted_after_another_publish_or_for_another_folder(tmp_path):
    live = tmp_path / "output"
    live.mkdir()
    record(live, "token-1", array("Q", [fingerprint("x/index.html", "k")]))
    assert vouched_in(live, "token-2") is None  # another publish since
    assert vouched_in(live, None) is None  # no publish marker
    os.rename(live, tmp_path / "old")
    live.mkdir()  # the output replaced by another folder of the same name
    assert vouched_in(live, "token-1") is None


def test_a_forgotten_or_damaged_record_is_not_trusted(tmp_path):
    live = tmp_path / "output"
    live.mkdir()
    record(live, "token-1", array("Q", [fingerprint("x/index.html", "k")]))
    path = record_path_for(live)
    path.write_bytes(path.read_bytes()[:-3])  # cut short
    assert vouched_in(live, "token-1") is None
    record(live, "token-1", array("Q"))
    forget(live)
    assert vouched_in(live, "token-1") is None
