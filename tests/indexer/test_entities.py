"""Organisations, people and topics as the facets show them: the shipped documents read with the
shipped entities file, aliases, the curator editing the file, and a file with a mistake in it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.entities import KINDS, load_gazetteer

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
ENTITIES = CORPUS / "entities.toml"

UNGA, UN = "UN General Assembly", "United Nations"
FRIENDS = "Group of Friends United against Human Trafficking"
MFA, MIA = "Ministry of Foreign Affairs of Belarus", "Ministry of Internal Affairs of Belarus"
VIENNA = "Permanent Mission of Belarus to International Organizations in Vienna"
CCPCJ = "UN Commission on Crime Prevention and Criminal Justice"

# Each document's organisations and people, read sentence by sentence (the whole file).
# A title ("Deputy Minister of Foreign Affairs", "Deputy Foreign Minister", "the President of
# Belarus") names a person's post, not the ministry, nor the person.
EXPECTED = {
    "I have the honour of delivering this statement": {
        # "United Nations General Assembly", "General Assembly event", "UN document",
        # "United Nations Office on Drugs and Crime", "C-Fam"
        "organization": {"C-Fam", FRIENDS, UNGA, "UNODC", UN},
        "person": {"Andrei Dapkiunas"},
    },
    "hosted briefing commemorating the World Day": {
        # "Mission of the International Organisation for Migration in Belarus", "UN
        # headquarters", "United Nations Commission on Crime Prevention and Criminal Justice"
        "organization": {"IOM", MFA, MIA, CCPCJ, UNGA, UN},
        "person": {"Andrei Dapkiunas"},  # "Andrei Dapkiunas", then "A.Dapkiunas"
    },
    "Third Committee of the UN General Assembly adopted": {
        # "the EU Anti-Trafficking Coordinator"; the ministry is named by the page's footer
        # link "Belarus' Foreign Ministry" (the indexer's text extraction drops that footer)
        "organization": {"European Union", "ICAT", MFA, "OSCE", UNGA, UN},
        "person": {"Alexander Lukashenko"},
    },
    "It's Time to End Exploitation": {
        # "(BelTA)", "UN Office on Drugs and Crime (UNODC)", "UN Convention against ..."
        "organization": {"BelTA", FRIENDS, "ICAT", VIENNA, "UNODC", UN},
        "person": set(),  # only "diplomats"
    },
    "By Vladimir Khromov": {
        "organization": {FRIENDS, UNGA, UN},  # "the 64th session of the UN General Assembly"
        "person": {"Valentin Rybakov", "Vladimir Khromov"},  # "Mr. Rybakov"
    },
}

# Topics a domain expert would and would not tag; a spot check, not the full sets.
TOPICS = {
    "I have the honour of delivering this statement": (
        {"child trafficking", "sexual exploitation", "online exploitation"},
        # forced begging and "without fear of being arrested" are mentioned in passing
        {"organ removal", "migration", "forced labour", "law enforcement"},
    ),
    "hosted briefing commemorating the World Day": (
        {"victim protection", "online exploitation", "international cooperation"},
        # "Migration" and "Criminal Justice" here are only in organisations' names
        {"migration", "law enforcement", "organ removal"},
    ),
    "Third Committee of the UN General Assembly adopted": (
        {"organ removal", "migration", "online exploitation", "law enforcement",
         "international cooperation"},
        {"child trafficking", "forced labour"},  # "women and children among victims"
    ),
    "It's Time to End Exploitation": (
        {"forced labour", "law enforcement", "online exploitation", "organised crime"},
        {"organ removal", "migration", "child trafficking"},
    ),
    "By Vladimir Khromov": (
        {"international cooperation"},
        {"online exploitation", "sexual exploitation", "child trafficking"},
    ),
}


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(ENTITIES)


@pytest.mark.parametrize("phrase", sorted(EXPECTED))
def test_organisations_and_people_of_each_shipped_document(gazetteer, phrase, shipped_text):
    found = gazetteer.find(shipped_text(phrase))
    assert set(found) == set(KINDS)
    assert set(found["organization"]) == EXPECTED[phrase]["organization"]
    assert set(found["person"]) == EXPECTED[phrase]["person"]


@pytest.mark.parametrize("phrase", sorted(TOPICS))
def test_topics_of_each_shipped_document(gazetteer, phrase, shipped_text):
    topics = set(gazetteer.find(shipped_text(phrase))["topic"])
    tagged, not_tagged = TOPICS[phrase]
    assert tagged <= topics
    assert not (not_tagged & topics)


def test_values_are_sorted_and_unique(gazetteer):
    found = gazetteer.find("UN, UN, EU, Belarus, Andrei Dapkiunas and Mr. Dapkiunas, UN.")
    assert found == {"country": ["Belarus"], "organization": ["European Union", UN],
                     "person": ["Andrei Dapkiunas"], "topic": []}


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("A.Dapkiunas said", "person", ["Andrei Dapkiunas"]),
    ("A. Dapkiunas said", "person", ["Andrei Dapkiunas"]),
    ("Andrei\nDapkiunas said", "person", ["Andrei Dapkiunas"]),
    ("Mr. Rybakov stressed", "person", ["Valentin Rybakov"]),
    ("Valentin Rybakov said", "person", ["Valentin Rybakov"]),
    ("the UN Office on Drugs and Crime", "organization", ["UNODC"]),  # not also the UN
    ("the United Nations Office on Drugs and Crime", "organization", ["UNODC"]),
    ("the Inter-Agency Coordination Group against Trafficking in Persons", "organization",
     ["ICAT"]),
    ("the Inter‑Agency Coordination Group against Trafficking in Persons", "organization",
     ["ICAT"]),  # a non-breaking hyphen
    ("Third Committee of the UN General Assembly", "organization", [UNGA]),
    ("the Ministry of Foreign Affairs of the Republic of Belarus", "organization", [MFA]),
    ("Belarus’ Foreign Ministry", "organization", [MFA]),
    ("the Deputy Minister of Foreign Affairs of Belarus", "organization", []),
    ("the Belarus Deputy Foreign Minister", "organization", []),
    ("the International Organization for Migration", "organization", ["IOM"]),
    ("the EU Anti-Trafficking Coordinator", "organization", ["European Union"]),
    ("Un día. The un-thinkable. Eu sou.", "organization", []),  # acronyms are capitals
])
def test_aliases(gazetteer, text, kind, expected):
    assert gazetteer.find(text)[kind] == expected


def test_each_kind_is_scanned_on_its_own(gazetteer):
    found = gazetteer.find("the Permanent Mission of Belarus to International Organizations "
                           "in Vienna")
    assert found["organization"] == [VIENNA]
    assert found["country"] == ["Belarus"]


def test_topic_words_in_any_case_and_by_prefix(gazetteer):
    assert gazetteer.find("MIGRANTS crossing")["topic"] == ["migration"]
    assert gazetteer.find("Child Pornography on the INTERNET")["topic"] == [
        "child trafficking", "online exploitation", "sexual exploitation"]
    assert gazetteer.find("an emigrant's story")["topic"] == []  # whole words only


def test_a_curators_new_entities_are_found_without_code_changes(tmp_path):
    path = tmp_path / "entities.toml"
    path.write_text(
        '[[person]]\nname = "Jane Doe"\naliases = ["J. Doe", "Ms Doe"]\n\n'
        '[[organization]]\nname = "La Strada"\naliases = ["La Strada International"]\n\n'
        '[[country]]\nname = "Kosovo"\n\n'
        '[[topic]]\nname = "forced begging"\nwords = ["forced begging", "beggar*"]\n',
        encoding="utf-8",
    )
    found = load_gazetteer(path).find(
        "Ms Doe of La Strada International met beggars in Kosovo and Moldova.")
    assert found == {"country": ["Kosovo", "Moldova"], "organization": ["La Strada"],
                     "person": ["Jane Doe"], "topic": ["forced begging"]}


def test_a_missing_file_means_countries_only(tmp_path):
    for path in (None, tmp_path / "absent.toml"):
        found = load_gazetteer(path).find("The UN met Andrei Dapkiunas in Belarus online.")
        assert found == {"country": ["Belarus"], "organization": [], "person": [], "topic": []}


@pytest.mark.parametrize(("content", "problem"), [
    ('[[person]\nname = "X"\n', "line 1"),  # a TOML syntax error: where it is
    ('[[person]]\nname = "Jane Doe"\naliases = "J. Doe"\n', "list of strings"),
    ('[[person]]\nname = "Jane Doe"\nalias = ["J. Doe"]\n', "unknown field 'alias'"),
    ('[[people]]\nname = "Jane Doe"\n', "unknown section 'people'"),
    ('[person]\nname = "Jane Doe"\n', "[[person]]"),
    ('[[person]]\naliases = ["J. Doe"]\n', "no name"),
    ('[[person]]\nname = "Jane Doe"\naliases = ["Doe"]\n[[person]]\nname = "John Doe"\n'
     'aliases = ["Doe"]\n', "'Doe' is a name of both 'Jane Doe' and 'John Doe'"),
    ('[[organization]]\nname = "Interpol*"\n', "only topic words"),
])
def test_a_malformed_file_is_a_clear_error(tmp_path, content, problem):
    path = tmp_path / "entities.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_gazetteer(path)
    assert str(path) in str(error.value)
    assert problem in str(error.value)


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "entities.toml"
    path.write_bytes('[[person]]\nname = "Dapkiūnas"\n'.encode("utf-16"))
    with pytest.raises(ValueError, match="not UTF-8"):
        load_gazetteer(path)


def test_the_fingerprint_follows_the_files_contents(tmp_path):
    path = tmp_path / "entities.toml"
    path.write_text('[[person]]\nname = "Jane Doe"\n', encoding="utf-8")
    before = load_gazetteer(path).fingerprint
    assert load_gazetteer(path).fingerprint == before
    path.write_text('[[person]]\nname = "Jane Doe"\naliases = ["J. Doe"]\n', encoding="utf-8")
    assert load_gazetteer(path).fingerprint != before
    assert load_gazetteer(None).fingerprint not in (before, load_gazetteer(path).fingerprint)


def test_a_100_kb_speech_is_quick(gazetteer, shipped_text):
    text = "\n\n".join(shipped_text(phrase) for phrase in EXPECTED)
    speech = (text * (100_000 // len(text) + 1))[:100_000]
    started = time.perf_counter()
    found = gazetteer.find(speech)
    elapsed = time.perf_counter() - started
    assert {"Belarus", "Ecuador", "Georgia"} <= set(found["country"])
    assert elapsed < 2  # typically ~15 ms; only a pathological slowdown fails this


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("UNOman women Belarus-ian’´`—\n*.()[]\\"), max_size=80))
def test_any_text_gives_sorted_unique_values(text):
    found = GAZETTEER.find(text)
    assert tuple(found) == KINDS
    for values in found.values():
        assert values == sorted(set(values))


GAZETTEER = load_gazetteer(ENTITIES)
