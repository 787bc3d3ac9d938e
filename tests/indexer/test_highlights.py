"""Highlights as plain data: tidied passages and a text cut into paragraphs, marks kept."""

from indexer.highlights import marks, plain_text, snippet_text, split_paragraphs, tidy


def test_a_passage_shows_the_words_not_the_line_breaks():
    segments = [("  the\nfight against ", False), ("forced", True), (" labour", True),
                (" in\n\n", False), (" … ", False), ("ports ", False)]
    assert tidy(segments) == [("the fight against ", False), ("forced labour", True),
                              (" in … ports", False)]
    assert tidy([(" ", False), ("", True)]) == []


def test_paragraphs_are_cut_at_blank_lines_with_their_marks():
    body = [("First paragraph.\n\n  The ", False), ("traffickers", True),
            (" were caught.\n\n\n\nLast.\n", False)]
    paragraphs = split_paragraphs(body)
    assert [plain_text(paragraph) for paragraph in paragraphs] == [
        "First paragraph.", "The traffickers were caught.", "Last."]
    assert [marks(paragraph) for paragraph in paragraphs] == [[], ["traffickers"], []]


def test_a_snippet_as_one_text():
    record = {"snippet": [[("a ", False), ("b", True)], [("c", False)]]}
    assert snippet_text(record) == "a b … c"
    assert snippet_text({}) == ""
