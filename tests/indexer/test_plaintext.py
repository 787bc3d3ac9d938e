"""Web pages saved as plain text: the headline, the article's text and its date, without the
site's menus. Checked on the shipped corpus (the seeds) and on made-up pages from other sites."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from indexer.formats import plaintext

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def seed(phrase: str) -> str:
    """The text of the shipped corpus file containing ``phrase`` (found by content, not name)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    [text] = [text for text in texts if phrase in text]
    return text


SEEDS = {
    "statement": (
        "Trade in Minors in the Digital Age” (September 28",
        "Statement by the Deputy Minister of Foreign Affairs of Belarus, Andrei Dapkiunas, at the "
        "Thematic Dialogue “Trade in Minors in the Digital Age” (September 28, 2017, New York)",
        dt.date(2017, 9, 28),
        "",
    ),
    "declaration": (
        "(BelTA)",
        "Belarus, Group of Friends adopt declaration on combating human trafficking",
        dt.date(2025, 7, 30),
        "BelTA",
    ),
    "briefing": (
        "Visiting Belarus visa-free",
        "Briefing commemorating the World Day against Trafficking in Persons",
        dt.date(2018, 7, 30),
        "",
    ),
    "khromov": (
        "By Vladimir Khromov",
        "Belarus to continue working internationally to fight human trafficking",
        None,
        "",
    ),
    "resolution": (
        "Belarus-sponsored resolution",
        "Belarus-sponsored resolution on combating trafficking in persons adopted at the UN",
        dt.date(2019, 11, 15),
        "",
    ),
}


@pytest.mark.parametrize("name", SEEDS)
def test_seed_title_date_and_source(name):
    phrase, title, date, source = SEEDS[name]
    extracted = plaintext.extract(seed(phrase))
    assert extracted.title == title
    assert extracted.date == date
    assert extracted.source == source
    assert extracted.kind == ""


@pytest.mark.parametrize("name", SEEDS)
def test_seed_body_does_not_repeat_the_headline(name):
    phrase, title, _, _ = SEEDS[name]
    body = plaintext.extract(seed(phrase)).body
    assert title not in body.split("\n")


# Lines of the sites' chrome, each of which is in some seed.
CHROME = [
    "Font size:", "Print version", "Go to", "Follow us on:", "X", "Projects", "Government Bodies",
    "All news", "Politics", "Recent news from Belarus", "Belarusian Diplomatic Missions",
    "Belarusian Diplomatic Missions abroad", "All Missions Belarus' Foreign Ministry",
    "All Missions Foreign Diplomatic Missions in Belarus", "Official Internet Resources",
    "Visiting Belarus visa-free", "Новости и статьи", "Flag Friday, 1 August 2025",
    "30 July 2025, 14:53", "Fight against trafficking on international scale",
]


@pytest.mark.parametrize("name", SEEDS)
def test_seed_body_has_no_chrome(name):
    body = plaintext.extract(seed(SEEDS[name][0])).body
    lines = {line.strip() for line in body.split("\n")}
    assert not lines & set(CHROME)
    assert "версия" not in body and "версія" not in body  # the language switcher
    assert "Заметили ошибку" not in body and "Ctrl+Enter" not in body


@pytest.mark.parametrize("name, first, last", [
    ("statement", "Ladies and Gentlemen,", "To show that we really care, we have to act."),
    ("declaration", "MINSK, 30 July (BelTA) - A group of activists",
     "We call on UNODC and ICAT participants to ensure the Plan's full realization,” the "
     "statement runs."),
    ("briefing", "On July 30, 2018 the Ministry of Foreign Affairs",
     "problems and challenges in this work."),
    ("khromov", "By Vladimir Khromov",
     "The UN General Assembly passed the resolution in December 2013."),
    ("resolution", "On November 15, 2019 Third Committee",
     "which he put forward at the UN Summit in 2005."),
])
def test_seed_body_keeps_the_first_and_last_sentences(name, first, last):
    body = plaintext.extract(seed(SEEDS[name][0])).body
    assert body.startswith(first)
    assert body.endswith(last)


def test_seed_text_is_unchanged_and_in_paragraphs():
    text = seed("Trade in Minors in the Digital Age” (September 28")
    body = plaintext.extract(text).body
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    start = lines.index("Ladies and Gentlemen,")
    end = lines.index("To show that we really care, we have to act.")
    # The speech's lines, word for word and in order, one paragraph each.
    assert body.split("\n\n") == lines[start:end + 1]
    assert "the Lao People´s Democratic Republic" in body  # odd quotes are not "fixed"


def test_a_page_from_another_site():
    page = "\n".join([
        "Skip to content", "Home", "World", "Europe", "Share", "Text size: A A A",
        "12 March 2021", "",
        "Charity warns of fake job offers targeting Ukrainian refugees", "",
        "LONDON (Wire Service) — A charity said on Friday that refugees were being offered jobs "
        "that turned out to be traps.", "",
        "The charity urged people to check any offer with the authorities.", "",
        "Tags:", "refugees, labour", "Share this article", "Facebook", "Twitter",
        "© 2021 Wire Service. All rights reserved.", "Back to top",
    ])
    extracted = plaintext.extract(page)
    assert extracted.title == "Charity warns of fake job offers targeting Ukrainian refugees"
    assert extracted.date == dt.date(2021, 3, 12)
    assert extracted.source == "Wire Service"
    assert extracted.body == (
        "LONDON (Wire Service) — A charity said on Friday that refugees were being offered jobs "
        "that turned out to be traps.\n\n"
        "The charity urged people to check any offer with the authorities."
    )


def test_date_line_below_the_headline():
    page = "Ministers meet in Vienna to discuss trafficking\n\n5 May 2022\n\nThe ministers met."
    extracted = plaintext.extract(page)
    assert extracted.date == dt.date(2022, 5, 5)
    assert extracted.body == "The ministers met."


def test_russian_page_date_and_switcher():
    page = ("English version\n\nКонференция по борьбе с торговлей людьми прошла в Москве\n\n"
            "15 октября 2020 года в Москве состоялась международная конференция.\n\n"
            "русская версия   беларуская версія\n")
    extracted = plaintext.extract(page)
    assert extracted.title == "Конференция по борьбе с торговлей людьми прошла в Москве"
    assert extracted.date == dt.date(2020, 10, 15)
    assert extracted.body == "15 октября 2020 года в Москве состоялась международная конференция."


def test_a_line_ending_with_a_colon_that_introduces_text_stays():
    page = ("Minister speaks at the conference on trafficking\n\nThe minister said:\n"
            "“We will never tolerate the trade in human beings, and we will act together.”")
    body = plaintext.extract(page).body
    assert body.startswith("The minister said:\n“We will never")


def test_lists_and_hard_wrapped_paragraphs_survive():
    page = ("Recommendations for front-line workers\n\n"
            "Workers should ask open questions and\nspeak to the child alone.\n\n"
            "- verify the documents\n- call the hotline\n")
    body = plaintext.extract(page).body
    assert body == ("Workers should ask open questions and\nspeak to the child alone.\n\n"
                    "- verify the documents\n- call the hotline")


def test_no_structure_gets_the_first_line_as_title():
    sentence = "Trafficking victims are often moved across borders by organised networks, "
    text = sentence * 10
    extracted = plaintext.extract(text)
    assert len(extracted.title) <= 205
    assert extracted.title.startswith(sentence.strip())
    assert not extracted.title[:-2].endswith(" ")  # cut between words
    assert extracted.body == text.strip()  # nothing is lost
    assert plaintext.extract("One line only.").title == "One line only."


def test_empty_text():
    extracted = plaintext.extract("")
    assert (extracted.title, extracted.body, extracted.date) == ("", "", None)


def test_a_page_that_is_only_menus_keeps_what_it_has():
    page = "Anna Smith\nBoris Ivanov\nClara Petrova"
    assert plaintext.extract(page).body != ""


def test_a_huge_page_of_menu_lines_is_linear():
    started = time.perf_counter()
    extracted = plaintext.extract("Share\nX\n30 July 2025\n" * 30_000)
    assert time.perf_counter() - started < 5  # quadratic work would take hours
    assert extracted.body == ""


def test_a_speech_mentioning_past_dates_has_no_date():
    """A speech with no headline or dateline (the UN General Debate's files): the dates it talks
    about are not its date, even in the opening line that serves as its title."""
    text = ("In the firm conviction that democracy is the memory of the future, nine days ago "
            "Chile commemorated 50 years since the coup d'etat of 11 September 1973.\n\n"
            "The images of the bombing of the palace on 11 September 1973 are still with us.")
    assert plaintext.extract(text).date is None
    dated = "On 26 September 2023, the Assembly heard Chile.\n\nThe speech began with 1973."
    assert plaintext.extract(dated).date == dt.date(2023, 9, 26)
