"""The data files and the Data page: every file the site publishes, what each row is, and each column's meaning.

The files are made when they are written, not while the site is planned: their values (every claim with its
evidence, as JSON) and texts were held through the whole write pass before (hundreds of MB at 10,000 articles).
The Data page gives their sizes, so it is written after them, by the process that made them (`Page.after_files`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import export, tables
from ..workers import frozen


@dataclass(frozen=True)
class JsonFile:
    """One JSON file as published, as the Data page lists it."""

    path: str
    records: int
    bytes: int

    @property
    def gzipped(self) -> bool:
        """Whether it is published gzip-compressed."""
        return self.path.endswith(".gz")


@dataclass
class Export:
    """The data files, made when `files()` is called; then what the Data page says of each."""

    values: Callable[[], dict[str, Any]]  # the JSON values by path (export.data_files), made when called
    license: str | None
    title: str
    json_files: list[JsonFile] = field(default_factory=list)
    tables: list[tables.DataFile] = field(default_factory=list)

    @property
    def paths(self) -> list[str]:
        """The files' paths as made (a large one gets .gz added when published), for the output path check."""
        return [*export.JSON_PATHS, *(t.path for t in tables.TABLES), tables.PACKAGE]

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every data file as published, one at a time: the JSON files, the CSV files, the data package."""
        self.json_files, self.tables = [], []
        data = frozen(self.values)  # millions of objects, freed whole when written
        for path, value in data.items():
            path, content = export.published(path, export.json_bytes(value))
            self.json_files.append(JsonFile(path, len(value), len(content)))
            yield path, content
        for file, content in tables.csv_files(data, export.published):
            self.tables.append(file)
            yield file.path, content
        yield tables.PACKAGE, tables.datapackage(self.tables, self.license, self.title)

    def view(self) -> dict:
        """The Data page: the CSV tables with their rows, sizes and columns, then the JSON files and the package."""
        if not self.tables:
            raise RuntimeError("the Data page is written after the data files it describes")
        return dict(title="Data", section="data", tables=self.tables, json_files=self.json_files,
                    package=tables.PACKAGE, gzip_over=export.GZIP_OVER, size=size_label,
                    gzipped=any(f.gzipped for f in [*self.tables, *self.json_files]))


def size_label(n: int) -> str:
    """A file size for readers: '812.4 KB', '24.7 MB' (1 KB = 1,000 bytes, as the limits are given)."""
    return f"{n / 1000:.1f} KB" if n < 1_000_000 else f"{n / 1_000_000:.1f} MB"
