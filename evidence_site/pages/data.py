"""The Data page: every data file the site publishes, what each row is, and each column's meaning."""
from __future__ import annotations

from typing import Any

from .. import tables


def view(data: dict[str, Any], csv: dict[str, str]) -> dict:
    """The CSV tables with their row counts, sizes and columns, then the JSON files and the data package."""
    return dict(title="Data", section="data", tables=tables.data_page(data, csv),
                json_files=[(path, len(records)) for path, records in data.items()],
                package="data/datapackage.json")
