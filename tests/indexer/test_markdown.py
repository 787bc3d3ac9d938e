"""Markdown notes, with or without front matter."""

from __future__ import annotations

import datetime as dt

from indexer.formats import markdown

REPORT = """---
title: "Trafficking for organ removal: a regional report"
date: 2016-02-10
source: Regional Observatory
source_url: https://example.org/reports/organ-removal
kind: report
tags: [ignored, too]
---

# Trafficking for organ removal: a regional report

Trafficking for the purpose of **organ removal** is rarely detected.

## Recommendations

- Hospitals should verify consent.
- Police should *follow the money*.
"""


def test_front_matter_gives_the_metadata():
    extracted = markdown.extract(REPORT)
    assert extracted.title == "Trafficking for organ removal: a regional report"
    assert extracted.date == dt.date(2016, 2, 10)
    assert extracted.source == "Regional Observatory"
    assert extracted.source_url == "https://example.org/reports/organ-removal"
    assert extracted.kind == "report"


def test_rendered_text_is_clean_paragraphs_without_markup_or_front_matter():
    assert markdown.extract(REPORT).body == (
        "Trafficking for the purpose of organ removal is rarely detected.\n\n"
        "Recommendations\n\n"
        "Hospitals should verify consent.\nPolice should follow the money."
    )


def test_heading_is_the_title_without_front_matter():
    extracted = markdown.extract("# Guidance on victims\n\nText written on 3 March 2020.\n")
    assert extracted.title == "Guidance on victims"
    assert extracted.body == "Text written on 3 March 2020."
    assert extracted.date == dt.date(2020, 3, 3)
    assert (extracted.source, extracted.source_url, extracted.kind) == ("", "", "")


def test_without_heading_the_title_is_found_as_in_plain_text():
    extracted = markdown.extract("Notes from the Vienna meeting\n\nWe met and *talked*.\n")
    assert extracted.title == "Notes from the Vienna meeting"
    assert extracted.body == "We met and talked."


def test_raw_html_is_text_not_markup():
    extracted = markdown.extract("# Note\n\nA page hid <script>alert(1)</script> in its ad.\n")
    assert extracted.body == "A page hid <script>alert(1)</script> in its ad."


def test_front_matter_url_alias_and_relative_urls():
    assert markdown.extract("---\nurl: https://a.org/x\n---\nText.").source_url == "https://a.org/x"
    assert markdown.extract("---\nurl: /x\n---\nText.").source_url == ""


def test_dashes_that_are_not_front_matter():
    text = "Intro line of the note\n\n---\n\ntitle: not metadata\n"
    extracted = markdown.extract(text)
    assert extracted.title == "Intro line of the note"
    assert "title: not metadata" in extracted.body
