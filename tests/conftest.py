"""Shared fixtures: indexes built once per session from the shipped corpus and from a small
sample corpus written for the tests, and Flask apps and clients over them."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive

REPO = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = REPO / "corpus"
SAMPLE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "sample"
SHARED = REPO.parent / "shared"
UNGDC = SHARED / "corpora" / "ungdc.tar.xz"
# Two sessions eight years apart: 385 real speeches, two years, 190+ speaking countries.
UN_SESSIONS = ("Session 70 - 2015", "Session 78 - 2023")


def build_index(corpus: Path, index_dir: Path) -> Settings:
    settings = Settings(corpus_dir=corpus, index_dir=index_dir)
    build.reindex(settings, full=True)
    return settings


@pytest.fixture(scope="session")
def shipped(tmp_path_factory) -> Settings:
    """The shipped corpus, indexed into a temporary folder (the repo's index/ is left alone)."""
    return build_index(SHIPPED_CORPUS, tmp_path_factory.mktemp("shipped-index"))


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Settings:
    """The shipped corpus plus the sample documents (HTML, Markdown, Russian, hostile text)."""
    corpus = tmp_path_factory.mktemp("sample-corpus")
    for source in (SHIPPED_CORPUS, SAMPLE_CORPUS):
        shutil.copytree(source, corpus, dirs_exist_ok=True)
    return build_index(corpus, tmp_path_factory.mktemp("sample-index"))


@pytest.fixture(scope="session")
def archive(sample) -> Archive:
    return Archive(sample.index_dir)


@pytest.fixture
def app(sample):
    from webui import create_app

    return create_app({
        "TESTING": True,
        "SIFT_INDEX": str(sample.index_dir),
        "SIFT_CORPUS": str(sample.corpus_dir),
    })


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def corpus_copy(tmp_path) -> Settings:
    """A writable copy of the shipped corpus with its own index folder, for reindex tests."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SHIPPED_CORPUS, corpus)
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index")


@pytest.fixture(scope="session")
def un_corpus(tmp_path_factory) -> Path:
    """A few hundred real UN General Debate speeches from ``../shared``, laid out as in the
    archive (``Session 78 - 2023/QAT_78_2023.txt``), with no curator files. Read-only: copy it
    before changing anything. Skipped when ``../shared`` is absent."""
    if not UNGDC.exists():
        pytest.skip(f"{UNGDC} is not here")
    corpus = tmp_path_factory.mktemp("un-corpus")
    with tarfile.open(UNGDC, "r:xz") as archive:
        for member in archive:
            parts = Path(member.name).parts
            if member.isfile() and len(parts) == 3 and parts[1] in UN_SESSIONS:
                target = corpus / parts[1] / parts[2]
                target.parent.mkdir(exist_ok=True)
                target.write_bytes(archive.extractfile(member).read())
    return corpus


@pytest.fixture(scope="session")
def un_speeches(un_corpus, tmp_path_factory) -> Settings:
    """The UN speeches of :func:`un_corpus`, indexed as a new user would (no curator files)."""
    return build_index(un_corpus, tmp_path_factory.mktemp("un-index"))


def _load(name: str):
    """A helper module of tests/ (``pdfs.py``, ``republish.py``), loaded by path: tests import
    no sibling modules."""
    import importlib.util

    path = Path(__file__).with_name(name)
    spec = importlib.util.spec_from_file_location(f"sift_test_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def pdfs():
    """Makers of small PDFs: ``pdfs.make_pdf(pages, info)``, ``pdfs.encrypt(pdf)``."""
    return _load("pdfs.py")


@pytest.fixture(scope="session")
def republish():
    """Makers of near-duplicates: ``republish.plant(corpus, copies)`` (real texts republished
    with a site's menu, a headline and sentences changed), ``republish.belta_copy(corpus)``."""
    return _load("republish.py")


# A three-page report whose only "ombudsman" is on page 2.
PAGED_REPORT = [
    ["Annual report on labour inspection", "12 March 2021", "Inspectors visited farms."],
    ["The ombudsman received complaints from workers.", "Most concerned unpaid wages."],
    ["Annexes", "A list of the farms visited in the year."],
]


@pytest.fixture(scope="session")
def paged(tmp_path_factory, pdfs) -> Settings:
    """The shipped corpus with a three-page PDF (``inspection.pdf``, see PAGED_REPORT)."""
    root = tmp_path_factory.mktemp("paged")
    corpus = root / "corpus"
    shutil.copytree(SHIPPED_CORPUS, corpus)
    (corpus / "inspection.pdf").write_bytes(pdfs.make_pdf(PAGED_REPORT))
    return build_index(corpus, root / "index")
