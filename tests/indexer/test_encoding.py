"""Reading files in whatever encoding they were saved in, and refusing binary ones."""

from __future__ import annotations

import random

import pytest

from indexer.encoding import NotText, decode

RUSSIAN = "Торговля людьми остаётся одним из самых прибыльных видов организованной преступности."
FRENCH = "Le café est très bon, à la française : les élèves préfèrent l'été."
GERMAN = "Die Behörde prüft die Fälle sorgfältig, während die Bürger draußen warten."


@pytest.mark.parametrize("text", [RUSSIAN, FRENCH, "Plain ASCII text.", "Беларусь — «ліпень»"])
def test_utf8_with_and_without_bom(text):
    assert decode(text.encode("utf-8")) == text
    assert decode(text.encode("utf-8-sig")) == text  # the BOM is not part of the text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom(codec):
    data = RUSSIAN.encode(codec)
    if codec != "utf-16":  # the explicit-endian codecs write no BOM; files carry one
        data = ("\ufeff" + RUSSIAN).encode(codec)
    assert decode(data) == RUSSIAN


@pytest.mark.parametrize("text", [
    RUSSIAN,
    "Заметили ошибку? Пожалуйста, выделите её и нажмите Ctrl+Enter",
    "Новости и статьи",
    "Привет",  # a single short word, which charset-normalizer alone reads as Chinese
    "МИД Беларуси: США и ООН.",
])
def test_russian_in_cp1251(text):
    assert decode(text.encode("cp1251")) == text


@pytest.mark.parametrize(
    "text", [FRENCH, GERMAN, "Grüße aus Köln", "Ça coûte cher", "Il va à Paris"]
)
def test_western_european_in_latin1(text):
    assert decode(text.encode("latin-1")) == text


def test_windows_quotes_in_a_latin1_file():
    text = "“Le café”, dit-il – c'est très bon…"
    assert decode(text.encode("cp1252")) == text


def test_newlines_are_normalised():
    assert decode(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"
    assert decode("un\r\ndeux".encode("utf-16")) == "un\ndeux"
    assert decode("раз\r\nдва".encode("cp1251")) == "раз\nдва"


def test_empty_file_is_empty_text():
    assert decode(b"") == ""


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    b"%PDF-1.7\n\x00\x01\x02\x03",
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
    bytes(range(1, 9)) * 40,  # control characters without NUL bytes
])
def test_binary_data_is_not_text(data):
    with pytest.raises(NotText) as error:
        decode(data)
    assert str(error.value)  # a reason a person can read in a warning
    assert isinstance(error.value, ValueError)


def test_random_bytes_are_not_text():
    rng = random.Random(7)
    noise = bytes(rng.randrange(1, 256) for _ in range(2000))  # no NUL byte to give it away
    with pytest.raises(NotText):
        decode(noise)
