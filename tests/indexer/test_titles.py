"""Titles of texts without a headline: a clean first sentence, never a salutation or a fragment."""

from __future__ import annotations

import pytest

from indexer.formats import extract
from indexer.titles import DANGLING, is_salutation, sentence_title


@pytest.mark.parametrize("text, title", [
    # A salutation on a line of its own is skipped.
    ("Dear Mr. President,\n\nIt is an honour to address the Assembly today.\n",
     "It is an honour to address the Assembly today."),
    ("Excellencies, ladies and gentlemen,\nWe meet at a hard time for the world.\n",
     "We meet at a hard time for the world."),
    # A salutation opening the first sentence is left out of the title.
    ("Mr. President, I would like to express my warmest congratulations to you.\n",
     "I would like to express my warmest congratulations to you."),
    # A sentence wrapped over lines is read whole; a long one is cut at a word, with a mark.
    ("On behalf of Ukraine, I sincerely congratulate Mr. Mogens Lykketoft on his\n"
     "election as President of the General Assembly at its seventieth session.\n",
     "On behalf of Ukraine, I sincerely congratulate Mr. Mogens Lykketoft …"),
    # A very short first sentence runs on to the next (a full stop for a comma in the source).
    ("At the outset. I would like to congratulate you.\n",
     "At the outset. I would like to congratulate you."),
    # Hard-wrapped lines are no headlines, whatever the line's length or its last word.
    ("Let me congratulate Mr. Sam\nKutesa of Uganda on his assumption of the presidency\n"
     "of the General Assembly. I also thank Mr. Ashe.\n",
     "Let me congratulate Mr. Sam Kutesa of Uganda on his assumption …"),
    ("It is with great respect that\nI stand at this rostrum for the first time as Austrian\n"
     "Foreign Minister. Many eminent world leaders have\nstood here before me.\n",
     "It is with great respect that I stand at this rostrum …"),
    # A wrapped line ending with a comma is no salutation; a blank line inside a sentence
    # (pages of a PDF) does not end it.
    ("Despite our\naspirations to create a more just and peaceful world,\natrocities go on.\n",
     "Despite our aspirations to create a more just and peaceful world, atrocities …"),
    ("I would like to begin my remarks by conveying our\n\ngreetings to the President.\n",
     "I would like to begin my remarks by conveying our greetings …"),
])
def test_a_text_without_a_headline_is_titled_by_its_first_sentence(text, title):
    assert extract(".txt", text).title == title


def test_a_cut_title_never_ends_on_a_word_that_leaves_it_hanging():
    title = sentence_title(["It gives me great pleasure, on behalf of the Islamic Republic of "
                            "Afghanistan, to express my sincere congratulations to you."])
    assert title == "It gives me great pleasure, on behalf of the Islamic Republic …"
    # Nor inside an unclosed quotation.
    title = sentence_title(["There is a famous etching by Goya called “The Dream of Reason "
                            "Produces Monsters” which taught us much."])
    assert "“" not in title and title.endswith(" …")


def test_salutations():
    for line in ("Dear Mr. President,", "Excellencies,", "Ladies and gentlemen,",
                 "Mr. President", "Good morning!"):
        assert is_salutation(line), line
    assert not is_salutation("It is an honour to be here.")


def test_un_titles_are_sentences_not_salutations_or_fragments(un_corpus):
    titles = {}
    for path in sorted(un_corpus.rglob("*.txt")):
        titles[path.name] = extract(".txt", path.read_text(encoding="utf-8")).title
    assert len(titles) > 300
    for name, title in titles.items():
        assert title and not is_salutation(title), (name, title)
        assert not title.startswith(("Mr.", "Madam", "Dear", "Excellenc")), (name, title)
        assert title.endswith(("…", ".", "!", "?")), (name, title)  # never mid-phrase
        last = title.removesuffix(" …").split()[-1].lower().strip(",;:")
        assert last not in DANGLING, (name, title)
        assert len(title) <= 120, (name, title)
