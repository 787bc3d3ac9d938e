"""Facts from paths: metadata.toml's [[patterns]] date, attribute and title a whole folder."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap

import pytest

from indexer.config import Settings
from indexer.documents import choose_date, load_context, make_document
from indexer.engines.whoosh.search import Archive
from indexer.metadata import load_patterns
from indexer.path_patterns import facts_for
from indexer.service import SearchRequest
from tests.conftest import build_index

UN_PATTERN = """
[[patterns]]
path = "Session {session} - {year}/{country:iso3}_{session}_{year}.txt"
kind = "speech"
speaker = "{country}"
title = "{country} at the General Debate, {year}"
"""
# Who has no country code (the European Union's "EU_70_2015.txt") falls through to this one.
UN_OTHERS = """
[[patterns]]
path = "Session {session} - {year}/{who}_{session}_{year}.txt"
kind = "speech"
speaker = "{who}"
title = "{who} at the General Debate, {year}"
"""
SPEECH = "It is an honour to address the Assembly. On 26 July 1946, in San Francisco, we met.\n"


def patterns(tmp_path, text: str):
    path = tmp_path / "metadata.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_patterns(path)


def test_a_pattern_gives_year_speaker_kind_and_title(tmp_path):
    found = facts_for(patterns(tmp_path, UN_PATTERN), "Session 74 - 2019/QAT_74_2019.txt")
    assert found == {
        "kind": "speech", "speaker": "Qatar", "title": "Qatar at the General Debate, 2019",
        "date": dt.date(2019, 1, 1), "date_precision": "year",
    }


def test_country_codes_become_the_country_facets_names(tmp_path):
    rules = patterns(tmp_path, UN_PATTERN)
    assert facts_for(rules, "Session 74 - 2019/GBR_74_2019.txt")["speaker"] == "United Kingdom"
    assert facts_for(rules, "Session 74 - 2019/rus_74_2019.txt")["speaker"] == "Russia"
    # Not a country code, or a session written differently twice: the pattern does not apply.
    assert facts_for(rules, "Session 74 - 2019/XYZ_74_2019.txt") == {}
    assert facts_for(rules, "Session 74 - 2019/QAT_75_2019.txt") == {}
    assert facts_for(rules, "elsewhere/QAT_74_2019.txt") == {}


def test_month_and_day_in_a_path_date_to_the_month_and_day(tmp_path):
    rules = patterns(tmp_path, """
        [[patterns]]
        path = "{year}/{month}/{name}.txt"
        [[patterns]]
        path = "{year}-{month}-{day} {name}.txt"
        """)
    assert facts_for(rules, "2019/03/note.txt") == {"date": dt.date(2019, 3, 1),
                                                   "date_precision": "month"}
    assert facts_for(rules, "2019-03-12 memo.txt")["date_precision"] == "day"
    assert facts_for(rules, "2019/13/note.txt") == {}  # no such month: no date at all


@pytest.mark.parametrize("text, message", [
    ("[[patterns]]\nkind = 'speech'\n", "'path' must be a pattern"),
    ("[[patterns]]\npath = '{year}.txt'\nspeeker = 'x'\n", "unknown key 'speeker'"),
    ("[[patterns]]\npath = '{year}.txt'\ntitle = '{country}'\n", "uses {country}"),
    ("[[patterns]]\npath = '{code:iso9}.txt'\n", "unknown conversion {code:iso9}"),
    ("[[patterns]]\npath = 'speech.txt'\n", "captures nothing"),
    ("[[patterns]]\npath = '{year.txt'\n", "pattern 1: path"),
    ("patterns = 'x'\n", "[[patterns]] tables"),
    ("[[patterns]]\npath = '{c:iso3}.txt'\ntitle = '{c:iso3}'\n", "write a plain {name}"),
])
def test_a_malformed_pattern_says_what_is_wrong(tmp_path, text, message):
    with pytest.raises(ValueError, match=message.replace("{", r"\{").replace("[", r"\[")):
        patterns(tmp_path, text)


def test_sift_index_exits_1_on_a_malformed_pattern(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import sift

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Some text here.\n")
    (corpus / "metadata.toml").write_text("[[patterns]]\npath = '{year}.txt'\ntitle = '{x}'\n")
    result = CliRunner().invoke(sift, ["index", "--corpus", str(corpus),
                                       "--index", str(tmp_path / "i")])
    assert result.exit_code == 1
    assert "metadata.toml: pattern 1: title uses {x}" in result.stderr


def test_a_date_in_the_text_far_from_the_path_year_is_not_used():
    assert choose_date(dt.date(1946, 7, 26), None, "", {2023}) == (None, "")
    assert choose_date(dt.date(2023, 9, 20), None, "", {2023}) == (dt.date(2023, 9, 20), "day")
    # A text date within the path's year makes the year precise; one outside it does not.
    year = dt.date(2023, 1, 1)
    assert choose_date(dt.date(2023, 9, 20), year, "year", {2023}) == (dt.date(2023, 9, 20), "day")
    assert choose_date(dt.date(2022, 9, 20), year, "year", {2023}) == (year, "year")


def test_a_document_takes_the_patterns_facts_and_the_curators_table_wins(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "Session 78 - 2023").mkdir(parents=True)
    (corpus / "metadata.toml").write_text(
        UN_PATTERN + '\n["Session 78 - 2023/FRA_78_2023.txt"]\ntitle = "France speaks"\n')
    context = load_context(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"))
    qatar = make_document("Session 78 - 2023/QAT_78_2023.txt", SPEECH.encode(), context)
    assert (qatar["title"], qatar["speaker"], qatar["kind"]) == (
        "Qatar at the General Debate, 2023", "Qatar", "speech")
    assert (qatar["date"], qatar["date_precision"], qatar["year"]) == (
        dt.datetime(2023, 1, 1), "year", 2023)
    france = make_document("Session 78 - 2023/FRA_78_2023.txt", SPEECH.encode(), context)
    assert france["title"] == "France speaks" and france["speaker"] == "France"


def test_without_a_pattern_a_1946_date_in_a_2023_speech_is_dropped(tmp_path):
    context = load_context(Settings(corpus_dir=tmp_path, index_dir=tmp_path / "index"))
    text = "On 26 July 1946, in San Francisco, our predecessors pledged to save us.\n"
    record = make_document("Session 78 - 2023/CYP_78_2023.txt", text.encode(), context)
    assert "date" not in record and "year" not in record


@pytest.fixture(scope="module")
def un_with_patterns(un_corpus, tmp_path_factory):
    """The UN speeches with the curator's pattern for their folder."""
    corpus = tmp_path_factory.mktemp("un-patterns") / "corpus"
    shutil.copytree(un_corpus, corpus)
    (corpus / "metadata.toml").write_text(UN_PATTERN + UN_OTHERS, encoding="utf-8")
    settings = build_index(corpus, tmp_path_factory.mktemp("un-patterns-index"))
    return settings, sorted(path.relative_to(corpus).as_posix() for path in corpus.rglob("*.txt"))


def every_result(archive, **request):
    answer = archive.search(SearchRequest(per_page=100, **request))
    hits = list(answer["results"])
    page = 2
    while len(hits) < answer["total"]:
        hits += archive.search(SearchRequest(per_page=100, page=page, **request))["results"]
        page += 1
    return answer, hits


def test_un_speeches_are_dated_attributed_and_titled_by_their_paths(un_with_patterns):
    settings, paths = un_with_patterns
    archive = Archive(settings.index_dir)
    answer, hits = every_result(archive, sort="newest", facet_size=0)
    assert answer["total"] == len(paths) and answer["undated_total"] == 0
    for hit in hits:
        folder, name = hit["path"].split("/")
        code, _, year = name.removesuffix(".txt").split("_")
        assert hit["date"] == year == folder[-4:]  # every speech dated by its path, to the year
        assert hit["kind"] == "speech"
        assert hit["title"] == f"{hit['speaker']} at the General Debate, {year}"
    speaker = {hit["path"].split("/")[1]: hit["speaker"] for hit in hits}
    assert speaker["QAT_78_2023.txt"] == "Qatar" and speaker["EU_78_2023.txt"] == "EU"
    assert speaker["GBR_70_2015.txt"] == "United Kingdom"
    # Newest first: every 2023 speech before every 2015 one.
    years = [hit["date"] for hit in hits]
    assert years == sorted(years, reverse=True) and {"2015", "2023"} == set(years)
    # The speaker facet says who speaks, as against the countries a speech names.
    speakers = {row["value"]: row["count"] for row in answer["facets"]["speaker"]}
    assert speakers["Qatar"] == 2
    named = archive.search(SearchRequest(filters={"country": ("Qatar",)}))["total"]
    spoke = archive.search(SearchRequest(filters={"speaker": ("Qatar",)}))["total"]
    assert spoke == 2 and named > spoke
    years_facet = {row["value"]: row["count"] for row in answer["facets"]["year"]}
    assert sum(years_facet.values()) == len(paths)


def test_editing_the_patterns_refacets_on_the_next_incremental_run(un_with_patterns, tmp_path):
    from indexer.engines.whoosh import build

    settings, _ = un_with_patterns
    corpus = tmp_path / "corpus"
    (corpus / "Session 78 - 2023").mkdir(parents=True)
    shutil.copy(settings.corpus_dir / "Session 78 - 2023" / "QAT_78_2023.txt",
                corpus / "Session 78 - 2023")
    small = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build.reindex(small)
    assert Archive(small.index_dir).search(SearchRequest())["results"][0]["speaker"] == ""
    (corpus / "metadata.toml").write_text(UN_PATTERN, encoding="utf-8")
    build.reindex(small)
    hit = Archive(small.index_dir).search(SearchRequest())["results"][0]
    assert (hit["speaker"], hit["date"]) == ("Qatar", "2023")


def test_the_curator_may_date_a_document_to_a_month_or_a_year(tmp_path):
    from indexer.metadata import load_metadata

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "metadata.toml").write_text(
        '["a.txt"]\ndate = "2019-03"\nspeaker = "Qatar"\n["b.txt"]\ndate = "2019"\n'
        '["c.txt"]\ndate = 2019-03-12\n', encoding="utf-8")
    context = load_context(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"))
    text = b"Some text on 5 May 2001 about things.\n"
    dated = {name: make_document(name, text, context) for name in ("a.txt", "b.txt", "c.txt")}
    assert [(r["date"], r["date_precision"]) for r in dated.values()] == [
        (dt.datetime(2019, 3, 1), "month"), (dt.datetime(2019, 1, 1), "year"),
        (dt.datetime(2019, 3, 12), "day")]
    assert dated["a.txt"]["speaker"] == "Qatar"
    (corpus / "metadata.toml").write_text('["a.txt"]\ndate = "March"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"a month \("):
        load_metadata(corpus / "metadata.toml")


def test_month_and_year_dates_are_answered_sorted_and_faceted_as_such(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("month.txt", "year.txt", "day.txt", "none.txt"):
        (corpus / name).write_text(f"A short note about peace, the {name[:-4]} one.\n")
    (corpus / "metadata.toml").write_text(
        '["month.txt"]\ndate = "2019-03"\n["year.txt"]\ndate = "2018"\n'
        '["day.txt"]\ndate = 2019-03-12\n', encoding="utf-8")
    settings = build_index(corpus, tmp_path / "index")
    answer = Archive(settings.index_dir).search(SearchRequest(sort="newest"))
    assert [(hit["path"], hit["date"]) for hit in answer["results"]] == [
        ("day.txt", "2019-03-12"), ("month.txt", "2019-03"), ("year.txt", "2018"),
        ("none.txt", None)]
    assert answer["undated_total"] == 1
    assert {row["value"]: row["count"] for row in answer["facets"]["year"]} == {"2019": 2,
                                                                             "2018": 1}
