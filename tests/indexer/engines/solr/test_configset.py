"""The Solr configset's facet fields are the ones indexer.engines.whoosh.schema.FACETS declares,
with docValues, so a facet stays declared once (a new facet without its Solr field fails here)."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from indexer.engines.solr.schema import CONF
from indexer.engines.whoosh.schema import FACETS, YEAR

SCHEMA = CONF / "schema.xml"


def test_every_facet_has_a_docvalues_field_of_its_kind():
    root = ET.parse(SCHEMA).getroot()
    types = {t.get("name"): t for t in root.iter("fieldType")}
    fields = {f.get("name"): f for f in root.iter("field")}
    for facet in FACETS:
        field = fields.get(facet.name)
        assert field is not None, f"no Solr field for facet {facet.name}"
        assert types[field.get("type")].get("docValues") == "true"
        assert (field.get("multiValued") == "true") == facet.multi, facet.name
        expected = "pint" if facet.kind == YEAR else "string"
        assert field.get("type") == expected, facet.name


def test_the_generated_parts_of_the_configset_are_up_to_date():
    """The facet block of schema.xml, spellings.txt and acronyms_*.txt are generated from Sift's
    declarations (indexer/engines/solr/schema.py); a changed facet, spelling list or stop-word list
    without `python -m indexer.engines.solr.schema` fails here."""
    from indexer.engines.solr import schema as solr_configset

    for path, text in solr_configset.generated(SCHEMA.parent).items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run `python -m indexer.engines.solr.schema`")


def test_an_installed_sift_carries_the_configset(tmp_path):
    """``sift index --engine solr`` uploads the configset from the installed package: a Sift
    installed from PyPI or a wheel, with no checkout beside it, has every file of it."""
    repo = Path(__file__).resolve().parents[4]
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
         str(tmp_path / "site"), str(repo)],
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    installed = tmp_path / "site" / "indexer" / "engines" / "solr" / "configset" / "conf"
    assert sorted(path.name for path in installed.iterdir()) == \
        sorted(path.name for path in CONF.iterdir())
    assert (installed / "schema.xml").read_bytes() == (CONF / "schema.xml").read_bytes()
