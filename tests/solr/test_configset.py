"""The Solr configset's facet fields are the ones indexer.schema.FACETS declares, with docValues,
so a facet stays declared once (a new facet without its Solr field fails here)."""

import xml.etree.ElementTree as ET
from pathlib import Path

from indexer.schema import FACETS, YEAR

SCHEMA = Path(__file__).resolve().parents[2] / "solr-harness" / "configset" / "conf" / "schema.xml"


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
