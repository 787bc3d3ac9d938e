"""The completion rule both engines share: words seen after the earlier ones, most often first;
words merely present only when none follows."""

from indexer.completions import following

TEXTS = [
    "Forced labour is a crime. Forced Labor too. The laboratories of forced labour camps.",
    "We condemn forced labour and child labour; a label is not enough.",
]


def test_words_after_the_earlier_ones_come_first_most_often_first():
    assert following("the fight against forced", "lab", TEXTS) == ["labour", "labor"]


def test_words_merely_present_are_not_offered_when_some_follow():
    assert "laboratories" not in following("forced", "lab", TEXTS)
    assert "label" not in following("forced", "lab", TEXTS)


def test_without_a_following_word_those_in_most_texts_are_offered():
    assert following("peace", "lab", TEXTS) == ["labour", "label", "labor", "laboratories"]


def test_nothing_starts_with_the_prefix():
    assert following("forced", "zz", TEXTS) == []


def test_a_prefix_inside_a_word_and_case_do_not_matter_as_they_should():
    texts = ["Collaboration is no labour. FORCED\n\n   LABOUR, said the Forced-labour report."]
    # "collaboration" holds "labo" inside a word: not a completion; the line break and the
    # capitals still make "forced LABOUR"; "forced-labour" is joined by a hyphen, not a space.
    assert following("forced", "labo", texts) == ["labour"]
    assert following("the", "labo", ["Collaboration only."]) == []
