"""HTTP routes of the FAQ: categories, article listing, search, article, votes."""

import hashlib
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from helpdesk_server.deps import CurrentUser, DbConn
from helpdesk_server.errors import ProblemError, not_found
from helpdesk_server.faq import repo
from helpdesk_server.faq.search import MAX_RESULTS, Mode, search
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
    SearchHit,
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
    response_model=Page[SearchHit],
    responses=problems(400, 404, 422),
)
def search_articles(
    conn: DbConn,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=10_000,
            description="Words to find. Prefixes of the word being typed and single typos "
            "in longer words are tolerated; operators and punctuation are ignored.",
        ),
    ],
    category: CategoryQuery = None,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
) -> dict[str, Any]:
    """Ranked search, best first (title matches above body matches), with snippets.

    At most the best 200 hits are reachable by paging.
    """
    category_id = _category_filter(conn, category)
    fingerprint = _query_fingerprint(q, category)
    offset: int = 0
    mode: Mode | None = None
    if cursor is not None:
        state = decode_cursor(cursor)
        raw_offset, raw_mode = state.get("o"), state.get("m")
        if (
            not isinstance(raw_offset, int)
            or isinstance(raw_offset, bool)
            or not 0 <= raw_offset < MAX_RESULTS
            or raw_mode not in ("all", "any")
            or state.get("h") != fingerprint
        ):
            raise _bad_cursor()
        offset, mode = raw_offset, "any" if raw_mode == "any" else "all"
    page = search(conn, q, category_id=category_id, limit=limit, offset=offset, mode=mode)
    next_cursor = None
    if page.next_offset is not None and page.next_offset < MAX_RESULTS:
        next_cursor = encode_cursor({"o": page.next_offset, "m": page.mode, "h": fingerprint})
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
    return {"data": data, "next_cursor": next_cursor}


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
    """Say whether the article helped; one vote per user, a new vote replaces the old one."""
    return repo.record_vote(conn, _article_id(conn, ref), user.id, body.helpful, now_iso())
