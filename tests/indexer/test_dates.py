"""Finding publication dates in text, however they are written."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.dates import find_dates, first_date, lead_date, parse_date


@pytest.mark.parametrize("text, expected", [
    ("September 28, 2017", dt.date(2017, 9, 28)),
    ("30 July 2025", dt.date(2025, 7, 30)),
    ("30 July 2025, 14:53", dt.date(2025, 7, 30)),
    ("Friday, 1 August 2025", dt.date(2025, 8, 1)),
    ("Nov. 15, 2019", dt.date(2019, 11, 15)),
    ("Sept. 5, 2019", dt.date(2019, 9, 5)),
    ("1st of August 2025", dt.date(2025, 8, 1)),
    ("2019-11-15", dt.date(2019, 11, 15)),
    ("15.11.2019", dt.date(2019, 11, 15)),
    ("28 сентября 2017 г.", dt.date(2017, 9, 28)),
    ("15 октября 2020 года", dt.date(2020, 10, 15)),
    ("30 ліпеня 2025 г.", dt.date(2025, 7, 30)),
    ("2019-06-04T09:30:00Z", dt.date(2019, 6, 4)),
    ("2019-06-04T09:30:00+03:00", dt.date(2019, 6, 4)),
    ("Tue, 04 Jun 2019 09:30:00 GMT", dt.date(2019, 6, 4)),
    ("Published: Nov. 15, 2019", dt.date(2019, 11, 15)),
])
def test_a_string_that_is_a_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "December 2013",  # month and year: not a publication date
    "2005",
    "in 2010",
    "February 30, 2019",  # no such day
    "2019-02-30",
    "31.04.2020",
    "",
    "MINSK, 30 July (BelTA)",  # no year
])
def test_partial_or_impossible_dates_are_not_dates(text):
    assert parse_date(text) is None
    assert find_dates(text) == []


def test_a_sentence_mentioning_a_date_is_not_a_date_line():
    sentence = "On July 30, 2018 the Ministry of Foreign Affairs hosted a briefing."
    assert parse_date(sentence) is None
    assert first_date([sentence]) == dt.date(2018, 7, 30)
    # A date line with a stray word in front is not a date line either.
    assert parse_date("Flag Friday, 1 August 2025") is None


def test_find_dates_gives_positions_in_reading_order():
    text = "Adopted on November 15, 2019 and reviewed on 15.11.2021, in Moscow 28 сентября 2017 г."
    found = find_dates(text)
    assert [date for date, _, _ in found] == [
        dt.date(2019, 11, 15), dt.date(2021, 11, 15), dt.date(2017, 9, 28),
    ]
    assert [text[start:end] for _, start, end in found][:2] == ["November 15, 2019", "15.11.2021"]


def test_years_and_month_years_in_running_text_are_ignored():
    text = ("Back in 2005, the President spoke before the UN. In 2010 the plan was adopted, "
            "and the resolution passed in December 2013.")
    assert find_dates(text) == []


def test_version_numbers_and_file_names_are_not_dates():
    assert find_dates("release 1.15.11.2019.4") == []
    assert find_dates("see 12.2019 and 3.4.5") == []


def test_first_date_takes_the_texts_in_order():
    texts = ["No date here", "Then 30 July 2025", "and 2019-11-15"]
    assert first_date(texts) == dt.date(2025, 7, 30)
    assert first_date(["nothing", "at all"]) is None


@pytest.mark.parametrize("lead, expected", [
    ("On November 15, 2019 the UN General Assembly adopted", dt.date(2019, 11, 15)),
    ("MINSK, 30 July 2025 (BelTA) - Belarus and the Group", dt.date(2025, 7, 30)),
    ("МОСКВА, 15 октября 2020 года — конференция", dt.date(2020, 10, 15)),
    ("Published: 5 May 2021", dt.date(2021, 5, 5)),
    # Dates the text talks about are not when it was published.
    ("Chile commemorated 50 years since the coup of 11 September 1973.", None),
    ("One hundred years ago. on Monday. 10 September 1923 - a year after", None),
    ("В Москве 15 октября 2020 года прошла конференция", None),
])
def test_lead_date_is_the_date_a_lead_opens_with(lead, expected):
    assert lead_date([lead]) == expected


def test_lead_date_reads_only_the_first_two_paragraphs():
    assert lead_date(["Statement", "On 1 June 2020 the ..."]) == dt.date(2020, 6, 1)
    assert lead_date(["Statement", "Text", "On 1 June 2020 the ..."]) is None
