"""``sift entities``, ``sift feed`` and the near-duplicates under ``sift search``: the research
pages' data from the shell, the same as the web UI and the JSON API give."""

from __future__ import annotations

import json

import feedparser
from click.testing import CliRunner

from indexer.cli import sift
from indexer.engines.whoosh import build
from webui import create_app

BRIEFING = "2018-07-30-briefing-world-day-against-trafficking.txt"


def run(*args: str):
    return CliRunner().invoke(sift, list(args), catch_exceptions=False)


def web(settings):
    return create_app({"TESTING": True, "SIFT_INDEX": str(settings.index_dir),
                       "SIFT_CORPUS": str(settings.corpus_dir)}).test_client()


def test_entities_lists_what_the_archive_is_about_like_its_web_index(sample):
    result = run("entities", "--index", str(sample.index_dir), "--json")
    assert result.exit_code == 0
    by_shell = {row["facet"]: row["values"] for row in json.loads(result.stdout)["facets"]}
    by_web = {row["facet"]: row["values"] for row in web(sample).get("/api/entities").get_json()
              ["facets"]}
    assert by_shell.keys() == by_web.keys()
    for facet, values in by_shell.items():
        assert [(v["value"], v["count"]) for v in values] == \
               [(v["value"], v["count"]) for v in by_web[facet]]
    text = run("entities", "country", "--index", str(sample.index_dir)).stdout
    countries = by_shell["country"]
    assert text.splitlines()[0] == f"Country ({len(countries)} values)"
    assert countries[0]["label"] in text.splitlines()[1]


def test_an_entity_shows_its_aliases_years_companions_and_newest_documents(shipped):
    result = run("entities", "country", "belarus", "--index", str(shipped.index_dir),
                 "--corpus", str(shipped.corpus_dir))
    assert result.exit_code == 0
    page = web(shipped).get("/api/entities/country/Belarus").get_json()
    lines = result.stdout.splitlines()
    assert lines[0] == f"Belarus (Country): {page['count']} documents"
    assert "Byelorussia" in page["aliases"] and "Byelorussia" in lines[1]
    for row in page["years"]:
        assert f"{row['year']}: {row['count']}" in result.stdout
    assert f"{page['related'][0]['label']} ({page['related'][0]['facet']})" in result.stdout
    newest = lines.index("Newest documents:")
    assert [line.strip().startswith(doc["title"]) for line, doc in
            zip(lines[newest + 1:], page["documents"], strict=False)] == [True] * page["count"]


def test_an_unknown_entity_or_facet_is_exit_status_2(sample):
    missing = CliRunner().invoke(sift, ["entities", "country", "Narnia", "--index",
                                        str(sample.index_dir)])
    assert missing.exit_code == 2 and "Narnia" in missing.stderr and missing.stdout == ""
    facet = CliRunner().invoke(sift, ["entities", "colour", "--index", str(sample.index_dir)])
    assert facet.exit_code == 2 and "colour" in facet.stderr


def test_feed_is_the_web_feed_of_the_same_search(shipped):
    args = ["feed", "trafficking", "--filter", "country=Belarus", "--index",
            str(shipped.index_dir), "--base-url", "http://localhost"]
    shell = feedparser.parse(run(*args).stdout)
    served = feedparser.parse(web(shipped).get("/feed.atom?q=trafficking&country=Belarus").data)
    assert not shell.bozo and shell.version == "atom10"
    assert shell.feed.id == served.feed.id and shell.feed.title == served.feed.title
    assert [(e.id, e.link, e.updated, e.title) for e in shell.entries] == \
           [(e.id, e.link, e.updated, e.title) for e in served.entries]
    assert len(shell.entries) > 1


def test_a_feed_of_a_bad_query_is_a_message(sample):
    result = CliRunner().invoke(sift, ["feed", '"unclosed', "--index", str(sample.index_dir)])
    assert result.exit_code == 1 and "quotation mark" in result.stderr and result.stdout == ""


def test_search_names_the_near_duplicates_under_a_result(corpus_copy):
    corpus = corpus_copy.corpus_dir
    text = (corpus / BRIEFING).read_text()
    (corpus / "belta-briefing.txt").write_text(
        "BelTA\n\nBelarus marks World Day against Trafficking\n\n"
        + "\n".join(text.split("\n")[2:]))
    with open(corpus / "metadata.toml", "a") as metadata:
        metadata.write('\n["belta-briefing.txt"]\nsource = "BelTA"\ndate = 2018-08-01\n')
    build.reindex(corpus_copy)
    index = ["--index", str(corpus_copy.index_dir)]
    folded = run("search", "World Day against Trafficking", *index).stdout
    assert "also published: Belarus marks World Day against Trafficking (2018-08-01 · BelTA)" \
        in folded
    assert "belta-briefing.txt\n" not in folded
    every = run("search", "World Day against Trafficking", "--show-duplicates", *index).stdout
    assert "belta-briefing.txt\n" in every and BRIEFING in every
