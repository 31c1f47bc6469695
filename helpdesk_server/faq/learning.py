"""Learning from customers: an anonymous search log, feedback per query, ranking nudges.

Privacy by construction: a search log row has no user id, no IP, no token and no time of
day (the UTC date only), and the query is stored with e-mail addresses, links and numbers
masked. A search is linked to what followed (a vote, a ticket) only through the random
``search_id`` the response carried, which the client sends back. A client that searches
as the customer types sends that id back as ``refines`` with the next keystroke's search,
which then replaces the row instead of adding one: the log holds what customers meant to
ask, not every prefix of it.

What is learned: a helpful vote made from a search's results lifts that article for that
query (its normal form, so "Refund?" and "refunds" count together); a not-helpful vote, or
a ticket opened after the search, lowers the articles the search showed first. Every
article's overall votes add a small prior. Nudges are bounded, so feedback reorders close
results but cannot bury a clearly better match.
"""

from __future__ import annotations

import math
import re
import secrets
import sqlite3
import threading
from typing import Any

from helpdesk_server.db import BUSY_TIMEOUT_MS, joined_transaction
from helpdesk_server.faq.text import fold
from helpdesk_server.faq.vocab import FaqState

SEARCH_ID_PREFIX = "sq_"
SEARCH_ID_MAX = 64  # the longest search id a route accepts
SHOWN = 3  # results of a search held responsible when a ticket follows
RETENTION_DAYS = 90
#: A search waits this long at most for the log's write lock, then skips logging.
LOG_BUSY_TIMEOUT_MS = 200
_EMAIL = re.compile(r"\S+@\S+")
_LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_NUMBERISH = re.compile(r"\b\w*\d\w*\d\w*\d\w*\b")  # three digits or more: ids, phones
_SPACES = re.compile(r"\s+")


def mask(query: str) -> str:
    """The query as the log keeps it: folded, personal-looking tokens masked, short."""
    text = _EMAIL.sub("[email]", query[:1_000])
    text = _LINK.sub("[link]", text)
    text = _NUMBERISH.sub("[number]", fold(text))
    return _SPACES.sub(" ", text).strip()[:200]


def _run_write(conn: sqlite3.Connection, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
    """Run writes atomically, inside the caller's transaction when one is open."""
    with joined_transaction(conn):
        for sql, params in statements:
            conn.execute(sql, params)


def _refine(conn: sqlite3.Connection, refines: str, values: tuple[Any, ...]) -> bool:
    """Overwrite the row of ``refines`` with this search, if it is one and nothing has
    followed it yet (a vote or a ticket makes a search finished: it keeps its query)."""
    if len(refines) > SEARCH_ID_MAX:  # no id of ours: not worth a lookup
        return False
    cursor = conn.execute(
        "UPDATE search_log SET day = ?, query = ?, query_key = ?, results = ?, shown = ?"
        " WHERE public_id = ? AND helpful = 0 AND not_helpful = 0 AND ticket = 0",
        (*values, refines),
    )
    return cursor.rowcount == 1


def log_search(
    conn: sqlite3.Connection, query: str, key: str, results: int, shown: list[int], day: str,
    refines: str | None = None,
) -> str | None:
    """Record one first-page search; returns its public id, None if the log is busy.

    ``refines`` (the id an earlier search returned) says this search replaces that one, as
    when the customer types on: the row is updated in place and keeps its id, so "p", "pa",
    ... "password" are one search in the log, not eight. An unknown id, or one whose search
    already got a vote or a ticket, is not an error: the search gets a new row.
    Analytics must never fail or stall a search: a busy database skips the row.
    """
    values = (day, mask(query), key, results, ",".join(map(str, shown[:SHOWN])))
    conn.execute(f"PRAGMA busy_timeout = {LOG_BUSY_TIMEOUT_MS}")
    try:
        with joined_transaction(conn):  # look up and update at once: a vote cannot slip in
            if refines is not None and _refine(conn, refines, values):
                public_id = refines
            else:
                public_id = SEARCH_ID_PREFIX + secrets.token_hex(10)
                conn.execute(
                    "INSERT INTO search_log (public_id, day, query, query_key, results, shown)"
                    " VALUES (?, ?, ?, ?, ?, ?)", (public_id, *values),
                )
            if secrets.randbelow(500) == 0:  # now and then, forget what is past retention
                conn.execute("DELETE FROM search_log WHERE day < date(?, ?)",
                             (day, f"-{RETENTION_DAYS} days"))
    except sqlite3.OperationalError:
        return None
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return public_id


def _logged(conn: sqlite3.Connection, search_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT id, query_key, shown, helpful, not_helpful, ticket FROM search_log"
        " WHERE public_id = ?", (search_id,),
    ).fetchone()
    return row


def _bump(key: str, article_id: int, column: str) -> tuple[str, tuple[Any, ...]]:
    return (
        f"INSERT INTO search_feedback (query_key, article_id, {column}) VALUES (?, ?, 1)"
        f" ON CONFLICT(query_key, article_id) DO UPDATE SET {column} = {column} + 1",
        (key, article_id),
    )


def record_vote(conn: sqlite3.Connection, search_id: str, article_id: int, helpful: bool) -> bool:
    """Credit a vote to the search it came from; False when the search id is unknown.

    Each search counts once per article and direction, so re-voting cannot inflate it.
    """
    row = _logged(conn, search_id)
    if row is None:
        return False
    column = "helpful" if helpful else "not_helpful"
    if int(row[column]) == article_id:
        return True
    statements = [
        (f"UPDATE search_log SET {column} = ? WHERE id = ?", (article_id, row["id"])),
        _bump(str(row["query_key"]), article_id, column),
    ]
    _run_write(conn, statements)
    return True


def record_ticket(conn: sqlite3.Connection, search_id: str) -> bool:
    """Note that the customer opened a ticket after this search (once per search)."""
    row = _logged(conn, search_id)
    if row is None:
        return False
    if row["ticket"]:
        return True
    statements = [("UPDATE search_log SET ticket = 1 WHERE id = ?", (row["id"],))]
    shown = [int(i) for i in str(row["shown"]).split(",") if i]
    statements += [_bump(str(row["query_key"]), i, "tickets") for i in shown]
    _run_write(conn, statements)
    return True


def _factor(helpful: int, not_helpful: int, tickets: int) -> float:
    lift = 0.25 * math.log2(1 + helpful) - 0.2 * math.log2(1 + not_helpful)
    lift -= 0.1 * math.log2(1 + tickets)
    return min(1.6, max(0.6, 1 + lift))


#: Bounds of the all-queries prior (``prior``): ranking relies on them to read votes only for
#: the candidates that can still reach the page.
PRIOR_MIN, PRIOR_SPAN = 0.96, 0.08
PRIOR_MAX = PRIOR_MIN + PRIOR_SPAN


def prior(helpful: int, not_helpful: int) -> float:
    """The small all-queries prior of an article's overall votes, within PRIOR_MIN..MAX."""
    share = (helpful + 1) / (helpful + not_helpful + 2)
    return PRIOR_MIN + PRIOR_SPAN * share


def priors(conn: sqlite3.Connection, ids: list[int]) -> dict[int, float]:
    """The prior of each of these articles (absent: the article no longer exists)."""
    out: dict[int, float] = {}
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: cheaper than the connection's rows
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for article_id, helpful, not_helpful in cursor.execute(
            f"SELECT id, helpful_count, not_helpful_count FROM articles WHERE id IN ({marks})",
            chunk,
        ):
            out[int(article_id)] = prior(int(helpful), int(not_helpful))
    return out


class PriorCache:
    """Priors kept in memory for one state of the database (``FaqState``): a vote changes
    ``votes`` and an article write ``generation``, and either empties the cache. Reading
    them per search costs a row lookup per candidate in a table of long rows."""

    def __init__(self, max_entries: int = 100_000) -> None:
        self._entries: dict[int, float] = {}
        self._owner: FaqState | None = None
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, conn: sqlite3.Connection, state: FaqState, ids: list[int]) -> dict[int, float]:
        """The prior of each of these articles (absent: the article no longer exists)."""
        with self._lock:
            if self._owner != state:
                self._entries = {}
                self._owner = state
            entries = self._entries
        found = {i: entries[i] for i in ids if i in entries}
        if len(found) == len(ids):
            return found
        fresh = priors(conn, [i for i in ids if i not in found])
        found.update(fresh)
        with self._lock:
            if self._owner == state and len(self._entries) + len(fresh) <= self._max:
                self._entries.update(fresh)
        return found


PRIORS = PriorCache()


def feedback(conn: sqlite3.Connection, key: str, ids: list[int]) -> dict[int, float]:
    """What this query's votes and tickets taught, as a factor per article of ``ids`` that
    has any (the others: 1.0)."""
    wanted = set(ids)
    return {
        int(article_id): _factor(int(helpful), int(not_helpful), int(tickets))
        for article_id, helpful, not_helpful, tickets in conn.execute(
            "SELECT article_id, helpful, not_helpful, tickets FROM search_feedback"
            " WHERE query_key = ?", (key,),
        )
        if int(article_id) in wanted
    }


def nudges(conn: sqlite3.Connection, key: str, ids: list[int]) -> dict[int, float]:
    """Ranking multipliers for these articles under this query (the prior times the
    query's factor; absent: the article no longer exists)."""
    out = priors(conn, ids)
    for article_id, factor in feedback(conn, key, ids).items():
        if article_id in out:
            out[article_id] *= factor
    return out


def search_gaps(conn: sqlite3.Connection, since_day: str, limit: int) -> list[dict[str, Any]]:
    """The searches that most often found nothing, or nothing that helped, since a day."""
    rows = conn.execute(
        """
        SELECT query_key,
               (SELECT l2.query FROM search_log AS l2 WHERE l2.query_key = l.query_key
                  AND l2.day >= ? ORDER BY l2.id DESC LIMIT 1) AS example,
               COUNT(*) AS searches,
               SUM(results = 0) AS no_results,
               SUM(results > 0 AND helpful = 0 AND (not_helpful > 0 OR ticket > 0))
                   AS not_helped,
               SUM(ticket) AS tickets,
               SUM(helpful > 0) AS helped,
               MAX(day) AS last_seen
        FROM search_log AS l WHERE day >= ?
        GROUP BY query_key
        HAVING no_results + not_helped > 0
        ORDER BY no_results + not_helped DESC, searches DESC, query_key
        LIMIT ?
        """,
        (since_day, since_day, limit),
    ).fetchall()
    return [
        {
            "query": str(r["example"]),
            "searches": int(r["searches"]),
            "no_results": int(r["no_results"]),
            "not_helped": int(r["not_helped"]),
            "tickets": int(r["tickets"]),
            "helped": int(r["helped"]),
            "last_seen": str(r["last_seen"]),
        }
        for r in rows
    ]
