"""The pure parts of near-duplicates on Solr (indexer.engines.solr.groups): group keys, entries, and
what a record sends (no cluster needed)."""

from __future__ import annotations

import base64

from indexer.engines.solr import groups
from indexer.engines.solr.documents import to_solr


def test_a_group_is_named_by_its_first_member_and_a_document_alone_by_itself():
    keys = groups.keys([["a-1", "c-3"], ["b-2", "d-4", "e-5"]])
    assert keys == {"a-1": "dup:a-1", "c-3": "dup:a-1", "b-2": "dup:b-2", "d-4": "dup:b-2",
                    "e-5": "dup:b-2"}
    assert groups.entries(10, {"dup:a-1": 2, "dup:b-2": 3}) == 7
    assert groups.entries(10, {}) == 10


def test_a_record_is_sent_with_its_signature_and_as_its_own_group():
    signature = bytes(range(256))
    sent = to_solr({"id": "a-1", "title": "T", "minhash": signature, "body": ""})
    assert sent == {"id": "a-1", "title": "T", groups.FIELD: "a-1",
                    "minhash": base64.b64encode(signature).decode()}
    assert to_solr({"id": "a-1", "minhash": b""}) == {"id": "a-1", groups.FIELD: "a-1"}  # short
    # an atomic update (a file touched) is sent as it is: its group key is left as it was
    touched = {"id": "a-1", "file_size": {"set": 1}}
    assert to_solr(touched) == touched
