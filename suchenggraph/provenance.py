"""The build's provenance: a ``prov:Activity`` over checksummed inputs, and when it ran.

A plain build records no time, so the same inputs give a byte-identical graph (the committed
``data/plan.ttl`` must not change on a rebuild). A time is recorded only when one is given
that can be given again: ``--build-time`` (an ISO 8601 time with its zone, or ``now``), or
else the ``SOURCE_DATE_EPOCH`` environment variable of the reproducible-builds convention
(whole seconds since 1970-01-01T00:00:00Z), the way packagers pin the time of a build.

>>> build_time("2024-05-01T20:30:00+08:00")
'2024-05-01T12:30:00Z'
>>> build_time(None, {"SOURCE_DATE_EPOCH": "0"})
'1970-01-01T00:00:00Z'
>>> build_time(None, {}) is None
True
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone

from rdflib import PROV, RDF, RDFS, XSD, Literal, URIRef

from .errors import UsageError
from .vocab import BASE

__all__ = ["build_time", "add_build_activity", "ENV"]

#: The reproducible-builds variable: the build's time, in seconds since the Unix epoch.
ENV = "SOURCE_DATE_EPOCH"


def _quoted(value: str) -> str:
    """``value`` quoted for an error message, cut after 40 characters (a value given by
    mistake can be a whole file).

    >>> _quoted("soon"), _quoted("9" * 100)
    ("'soon'", "'9999999999999999999999999999999999999999…' (100 characters)")
    """
    if len(value) <= 40:
        return repr(value)
    return f"{value[:40] + '…'!r} ({len(value):,} characters)"


def _lexical(moment: datetime) -> str:
    """``moment`` as an xsd:dateTime in UTC, written with ``Z``."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def build_time(value: str | None = None, environ=None) -> str | None:
    """The time to record for a build, as an xsd:dateTime in UTC, or None for none.

    ``value`` (``--build-time``) wins: ``now``, or an ISO 8601 time with a zone
    (``2024-05-01T12:00:00Z``, ``2024-05-01T20:00:00+08:00``). Without it,
    ``SOURCE_DATE_EPOCH`` from ``environ`` (default: the process's environment; an empty
    value counts as unset). A value that is neither raises :class:`UsageError` (exit 2).

    >>> build_time("yesterday")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.UsageError: --build-time 'yesterday' is not an ISO 8601 time with a zone (2024-05-01T12:00:00Z) or now
    >>> build_time(None, {"SOURCE_DATE_EPOCH": "1.5"})
    Traceback (most recent call last):
    ...
    suchenggraph.errors.UsageError: SOURCE_DATE_EPOCH='1.5' is not a whole number of seconds since 1970-01-01T00:00:00Z (before the year 10000)
    """
    if value is not None:
        if value == "now":
            return _lexical(datetime.now(timezone.utc).replace(microsecond=0))
        try:  # OverflowError: a time whose zone moves it out of the years 1-9999 in UTC
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None and "T" in value:
                return _lexical(moment)
        except (ValueError, OverflowError):
            pass
        raise UsageError(f"--build-time {_quoted(value)} is not an ISO 8601 time with a zone "
                         "(2024-05-01T12:00:00Z) or now")
    epoch = (os.environ if environ is None else environ).get(ENV, "")
    if not epoch:
        return None
    try:
        if not re.fullmatch(r"[0-9]+", epoch):
            raise ValueError(epoch)
        return _lexical(datetime.fromtimestamp(int(epoch), timezone.utc))
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"{ENV}={_quoted(epoch)} is not a whole number of seconds since "
                         "1970-01-01T00:00:00Z (before the year 10000)") from None


def add_build_activity(g, plan: URIRef, inputs: dict[str, str], time: str | None) -> None:
    """``plan prov:wasGeneratedBy <plan/build>``: the activity used each input (named by
    the SHA-256 of its bytes, RFC 6920 ``ni:``), was run by this version of the tool, and
    ended at ``time`` (an xsd:dateTime from :func:`build_time`) when one is given."""
    from . import __version__

    act = URIRef(f"{plan}/build")
    g.add((act, RDF.type, PROV.Activity))
    g.add((plan, PROV.wasGeneratedBy, act))
    for role, digest in sorted(inputs.items()):
        entity = URIRef(f"ni:///sha-256;{digest}")  # RFC 6920 named information
        g.add((entity, RDF.type, PROV.Entity))
        g.add((entity, RDFS.label, Literal(role)))
        g.add((act, PROV.used, entity))
        if role == "source":
            g.add((plan, PROV.wasDerivedFrom, entity))
    tool = URIRef(f"{BASE}tool/{__version__}")
    g.add((tool, RDF.type, PROV.SoftwareAgent))
    g.add((tool, RDFS.label, Literal(f"suchenggraph {__version__}")))
    g.add((act, PROV.wasAssociatedWith, tool))
    if time is not None:  # as written: "…Z", not rdflib's normalised "+00:00"
        g.add((act, PROV.endedAtTime, Literal(time, datatype=XSD.dateTime, normalize=False)))
