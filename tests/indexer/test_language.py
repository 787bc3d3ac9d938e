"""Telling a document's language, for the language facet."""

from __future__ import annotations

import time

import pytest

from indexer.language import detect_language


@pytest.mark.parametrize("text", [
    "Ladies and Gentlemen,",
    "The suspects will appear in court next week.",
    "To show that we really care, we have to act.",
    "Hospitals should verify consent.",
])
def test_short_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", [
    "Участники обсудили защиту детей.",
    "Спасибо за внимание.",  # the bare model says Macedonian
    "Москва, 15 октября.",  # the bare model says Bulgarian
    "Итоги года",
    "Новости и статьи",
])
def test_short_russian(text):
    assert detect_language(text) == "ru"


def test_other_languages_are_not_forced_into_english_or_russian():
    assert detect_language("Беларусь будзе працягваць працу на міжнароднай арэне.") == "be"
    assert detect_language("Дзякуй за ўвагу.") == "be"
    assert detect_language("Die Behörde prüft die Fälle sorgfältig.") == "de"
    assert detect_language("Le café est très bon, nous étions déjà là-bas.") == "fr"


@pytest.mark.parametrize("text", ["", "   ", "2019", "OK", "— 12:30 —"])
def test_too_little_text_has_no_language(text):
    assert detect_language(text) == ""


def test_long_text_is_fast_and_judged_by_its_beginning():
    english = "Police in Nigeria arrested eleven suspects accused of trafficking. " * 20_000
    started = time.perf_counter()
    assert detect_language(english + "Торговля людьми — преступление. " * 1000) == "en"
    assert time.perf_counter() - started < 5  # 1.4 MB; a bounded sample is classified


def test_same_text_same_answer():
    text = "Минск, Вена и Нью-Йорк"
    assert len({detect_language(text) for _ in range(5)}) == 1
