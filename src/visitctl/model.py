"""The records visitctl works with, from a source file to the database.

Data walks through once: file -> ``Article`` (sources) -> ``Extraction``
(extract, pure) -> rows (store) -> rendered output (render).  These classes
carry no behaviour beyond turning themselves into the JSON shape documented
in ``shared/eval/CONTRACT.md`` (``Extraction.to_dict``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One article as read from a source, before extraction.

    ``text`` is already normalised (NFC, one tone-placement convention, clean
    spaces); ``sha256`` is the hash of that text, used to make ingest idempotent.
    """

    text: str
    source: str  # file path, URL, "<stdin>" or "file.jsonl:LINE"
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when the source gives one
    author: str | None = None
    url: str | None = None
    sha256: str = ""


@dataclass
class Evidence:
    """Where a record came from: the sentence and its character offsets in the
    normalised article text (``text[start:end] == sentence``)."""

    sentence: str
    start: int
    end: int


@dataclass
class Official:
    name: str
    title: str | None = None
    evidence: Evidence | None = None


@dataclass
class Place:
    """An administrative unit: xã, phường, thị trấn, đặc khu, huyện, quận,
    thị xã, thành phố, tỉnh.  ``name`` is the article's own spelling without
    the unit word ("Bỉm Sơn"); numbered units keep the bare number ("16")."""

    name: str
    type: str | None = None
    district: str | None = None
    province: str | None = None
    evidence: Evidence | None = None


@dataclass
class Project:
    name: str
    evidence: Evidence | None = None


@dataclass
class Gift:
    """A person or group visited or given gifts (Mẹ Việt Nam Anh hùng ...)."""

    name: str
    evidence: Evidence | None = None


@dataclass
class Figure:
    label: str | None  # what the number measures
    text: str  # as written: "243 tỷ 609 triệu đồng"
    value: float | int | None
    unit: str | None
    evidence: Evidence | None = None


@dataclass
class Directive:
    text: str
    topics: list[str] = field(default_factory=list)
    evidence: Evidence | None = None


@dataclass
class Visit:
    date: str | None  # YYYY-MM-DD, --MM-DD when the year is unknown, None when no date
    officials: list[Official] = field(default_factory=list)
    commune: Place | None = None
    projects: list[Project] = field(default_factory=list)
    gifts: list[Gift] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)


@dataclass
class Extraction:
    title: str | None = None
    published: str | None = None
    author: str | None = None
    province: str | None = None  # the province of a visit with no commune
    delegation: list[str] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)

    def to_dict(self, evidence: bool = False) -> dict[str, Any]:
        """The CONTRACT.md shape; with ``evidence`` each record keeps its
        ``evidence`` object, otherwise evidence keys are dropped."""
        data = asdict(self)
        if not evidence:
            _drop_evidence(data)
        return data


def _drop_evidence(value: Any) -> None:
    if isinstance(value, dict):
        value.pop("evidence", None)
        for item in value.values():
            _drop_evidence(item)
    elif isinstance(value, list):
        for item in value:
            _drop_evidence(item)
