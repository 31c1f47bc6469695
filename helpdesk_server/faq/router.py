"""HTTP routes of the FAQ: categories, article listing, search, article, votes."""

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from helpdesk_server.db import write_transaction
from helpdesk_server.deps import CurrentUser, DbConn
from helpdesk_server.errors import ProblemError, not_found
from helpdesk_server.faq import learning, repo
from helpdesk_server.faq.search import MAX_RESULTS, search_or_respell
from helpdesk_server.pagination import (
    CursorQuery,
    LimitQuery,
    Page,
    decode_cursor,
    encode_cursor,
)
from helpdesk_server.routes._openapi import problems
from helpdesk_server.schemas.faq import (
    Article,
    ArticleSummary,
    Category,
    SearchGap,
    SearchResults,
    VoteIn,
    VoteResult,
)
from helpdesk_server.timeutil import now_iso

router = APIRouter(prefix="/v1", tags=["faq"])

CategoryQuery = Annotated[
    str | None,
    Query(max_length=100, description="Only articles of this category (its slug)."),
]
ArticleRef = Annotated[
    str,
    Path(max_length=200, description='Article id ("KB101") or slug.'),
]


def _bad_cursor() -> ProblemError:
    return ProblemError(
        400,
        "bad-request",
        "The cursor is malformed or belongs to another query.",
        hint="Pass the next_cursor of a previous page unchanged, or omit it to start over.",
    )


def _category_filter(conn: sqlite3.Connection, slug: str | None) -> int | None:
    if slug is None:
        return None
    category_id = repo.category_id_by_slug(conn, slug)
    if category_id is None:
        raise ProblemError(
            404,
            "not-found",
            f"No category {slug!r}.",
            hint="GET /v1/categories lists the category slugs.",
        )
    return category_id


def _article_id(conn: sqlite3.Connection, ref: str) -> int:
    article_id = repo.resolve_article(conn, ref)
    if article_id is None:
        raise not_found(f"article {ref!r}")
    return article_id


@router.get("/categories", response_model=Page[Category])
def list_categories(conn: DbConn) -> dict[str, Any]:
    """All help-centre categories in display order, with article counts (one page)."""
    return {"data": repo.list_categories(conn), "next_cursor": None}


@router.get(
    "/articles", response_model=Page[ArticleSummary], responses=problems(400, 404, 422)
)
def list_articles(
    conn: DbConn,
    category: CategoryQuery = None,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
) -> dict[str, Any]:
    """Articles ordered by title, optionally of one category; keyset-paginated."""
    category_id = _category_filter(conn, category)
    after: tuple[str, int] | None = None
    if cursor is not None:
        state = decode_cursor(cursor)
        title, row_id = state.get("t"), state.get("k")
        if not isinstance(title, str) or not isinstance(row_id, int) or isinstance(row_id, bool):
            raise _bad_cursor()
        after = (title, row_id)
    rows = repo.list_articles(conn, category_id=category_id, after=after, limit=limit + 1)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor({"t": rows[-1]["title"], "k": rows[-1]["row_id"]})
    return {"data": rows, "next_cursor": next_cursor}


def _query_fingerprint(q: str, category: str | None) -> str:
    return hashlib.sha256(f"{category or ''}\x00{q}".encode()).hexdigest()[:12]


@router.get(
    "/articles/search",
    response_model=SearchResults,
    responses=problems(400, 404, 422),
)
def search_articles(
    conn: DbConn,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=10_000,
            description="A question or words to find. Stop words need not match; phrases "
            "of the synonym table and prefixes of the word being typed are understood; one "
            "typo is tolerated in words of 5+ letters, two in words of 9+. Operators and "
            "punctuation are ignored.",
        ),
    ],
    category: CategoryQuery = None,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
    refines: Annotated[
        str | None,
        Query(
            description="The `search_id` of the previous search when this one refines it "
            "(search as you type: send the id the last response returned with each new "
            "keystroke's search). The log then keeps one search with the latest query "
            "instead of one per prefix, and the response returns the same `search_id`. "
            "An unknown id, or one whose search already got a vote or an escalation, is not "
            "an error: the search is logged as a new one with a new id. Ignored with "
            "`cursor` (later pages are not logged).",
        ),
    ] = None,
) -> dict[str, Any]:
    """Ranked search, best first: articles matching more of the question rank higher, and
    a match in the title counts more than one in the tags, which counts more than the body.

    At most the best 200 hits are reachable by paging. The first page is recorded in an
    anonymous search log (no user, no IP) and carries its `search_id`; with `refines`, it
    replaces the previous search of the same typing instead of adding one.
    """
    category_id = _category_filter(conn, category)
    fingerprint = _query_fingerprint(q, category)
    offset: int = 0
    search_id: str | None = None
    if cursor is not None:
        state = decode_cursor(cursor)
        raw_offset, raw_search = state.get("o"), state.get("s")
        if (
            not isinstance(raw_offset, int)
            or isinstance(raw_offset, bool)
            or not 0 <= raw_offset < MAX_RESULTS
            or not isinstance(raw_search, str | None)
            or state.get("h") != fingerprint
        ):
            raise _bad_cursor()
        offset, search_id = raw_offset, raw_search
    page = search_or_respell(conn, q, category_id=category_id, limit=limit, offset=offset)
    if cursor is None:
        search_id = learning.log_search(
            conn, q, page.key, page.total, [hit.id for hit in page.hits], now_iso()[:10],
            refines=refines,
        )
    next_cursor = None
    if page.next_offset is not None and page.next_offset < MAX_RESULTS:
        next_cursor = encode_cursor({"o": page.next_offset, "s": search_id, "h": fingerprint})
    data = [
        {
            "id": repo.article_public_id(hit.id),
            "slug": hit.slug,
            "title": hit.title,
            "category": {"slug": hit.category_slug, "name": hit.category_name},
            "snippet": hit.snippet,
            "score": hit.score,
            "updated_at": hit.updated_at,
        }
        for hit in page.hits
    ]
    return {
        "data": data,
        "next_cursor": next_cursor,
        "search_id": search_id,
        "did_you_mean": page.did_you_mean,
    }


SearchId = Annotated[
    str, Path(max_length=64, description="The `search_id` of a search response.")
]


@router.post(
    "/searches/{search_id}/escalation",
    status_code=204,
    response_class=Response,
    responses=problems(401, 404),
)
def escalation(search_id: SearchId, user: CurrentUser, conn: DbConn) -> Response:
    """Report that the customer opened a ticket after this search: its first results did
    not answer the question. Who reported it is not stored; reporting twice counts once."""
    del user  # a customer must be signed in to report, but the log stays anonymous
    with write_transaction(conn):  # read and update at once: reporting twice counts once
        if not learning.record_ticket(conn, search_id):
            raise not_found(f"search {search_id!r}")
    return Response(status_code=204)


@router.get(
    "/agent/search-gaps",
    response_model=Page[SearchGap],
    responses=problems(401, 403, 422),
    tags=["agent"],
)
def search_gaps(
    user: CurrentUser,
    conn: DbConn,
    days: Annotated[int, Query(ge=1, le=90, description="Look back this many days.")] = 30,
    limit: LimitQuery = 20,
) -> dict[str, Any]:
    """Agents only: the searches that most often found nothing, or nothing helpful (no
    helpful vote, and a not-helpful vote or a ticket afterwards), worst first (one page)."""
    if user.role != "agent":
        raise ProblemError(
            403, "forbidden", "Only agents can see the search gaps report.",
            hint="Sign in with an agent account.",
        )
    since = (datetime.now(UTC) - timedelta(days=days - 1)).strftime("%Y-%m-%d")
    return {"data": learning.search_gaps(conn, since, limit), "next_cursor": None}


@router.get("/articles/{ref}", response_model=Article, responses=problems(404, 422))
def get_article(conn: DbConn, ref: ArticleRef) -> dict[str, Any]:
    """One article with its Markdown body, tags, vote counts and related articles."""
    article = repo.get_article(conn, _article_id(conn, ref))
    if article is None:  # deleted since it was resolved
        raise not_found(f"article {ref!r}")
    return article


@router.post(
    "/articles/{ref}/votes",
    response_model=VoteResult,
    responses=problems(400, 401, 404, 422),
)
def vote(ref: ArticleRef, body: VoteIn, user: CurrentUser, conn: DbConn) -> dict[str, Any]:
    """Say whether the article helped; one vote per user, a new vote replaces the old one.

    With the `search_id` of the search that led here, the vote also teaches that search.
    """
    with write_transaction(conn):
        if body.search_id is not None:  # an unknown or expired search id only loses the link
            learning.record_vote(conn, body.search_id, _article_id(conn, ref), body.helpful)
        return repo.record_vote(conn, _article_id(conn, ref), user.id, body.helpful, now_iso())
