"""Where the corpus and the index live, and the limits the indexer works within."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024
# Seconds one file may take to be read (OCR of a long scan is the slow honest case); past it
# the file's worker is killed and the file skipped with that reason.
DEFAULT_FILE_TIMEOUT = 300.0
# Curator files that sit in the corpus folder but are not documents.
METADATA_FILE = "metadata.toml"
ENTITIES_FILE = "entities.toml"


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    index_dir: Path
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    file_timeout: float = DEFAULT_FILE_TIMEOUT
    ocr: bool = True  # read scanned pages and images when Tesseract is installed (--no-ocr)

    @property
    def metadata_file(self) -> Path:
        return self.corpus_dir / METADATA_FILE

    @property
    def entities_file(self) -> Path:
        return self.corpus_dir / ENTITIES_FILE


def settings(
    corpus_dir: str | os.PathLike | None = None,
    index_dir: str | os.PathLike | None = None,
    max_file_size: int | None = None,
    file_timeout: float | None = None,
) -> Settings:
    """Settings from explicit values, else SIFT_CORPUS / SIFT_INDEX / SIFT_MAX_FILE_SIZE /
    SIFT_FILE_TIMEOUT, else ``./corpus``, ``./index`` and the defaults."""
    corpus = corpus_dir or os.environ.get("SIFT_CORPUS") or "corpus"
    index = index_dir or os.environ.get("SIFT_INDEX") or "index"
    if max_file_size is None:
        max_file_size = int(os.environ.get("SIFT_MAX_FILE_SIZE") or DEFAULT_MAX_FILE_SIZE)
    if file_timeout is None:
        file_timeout = float(os.environ.get("SIFT_FILE_TIMEOUT") or DEFAULT_FILE_TIMEOUT)
    return Settings(Path(corpus).absolute(), Path(index).absolute(), max_file_size,
                    file_timeout)
