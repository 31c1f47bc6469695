"""Request and response models of the FAQ routes (they shape the OpenAPI document)."""

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from helpdesk_server.pagination import Page
from helpdesk_server.schemas.common import Timestamp


class CategoryRef(BaseModel):
    """The category an article belongs to, as embedded in article payloads."""

    slug: str = Field(examples=["returns-refunds"])
    name: str = Field(examples=["Returns and refunds"])


class Category(BaseModel):
    """A help-centre section with the number of articles in it."""

    id: str = Field(examples=["c_3"])
    slug: str
    name: str
    description: str
    article_count: int


class ArticleSummary(BaseModel):
    """An article in a listing: no body, a plain-text excerpt instead."""

    id: str = Field(examples=["KB301"])
    slug: str
    title: str
    category: CategoryRef
    excerpt: str
    updated_at: Timestamp


class SearchHit(BaseModel):
    """A ranked search result; ``snippet`` is plain text except for <mark>…</mark>."""

    id: str = Field(examples=["KB101"])
    slug: str
    title: str
    category: CategoryRef
    snippet: str = Field(
        description="Body text around the matches; matched terms are wrapped in "
        "<mark>…</mark>, nothing else is markup.",
        examples=["Forgot your <mark>password</mark>? You can set a new one…"],
    )
    score: float = Field(
        description="Relevance, higher is better: how many of the query's words (or their "
        "synonyms) the article matches, weighted by rarity and by field (title, tags, "
        "body). Comparable within one search only."
    )
    updated_at: Timestamp


class SearchResults(Page[SearchHit]):
    """A page of search hits, with what a client needs to say "did you mean" and to report
    what happened after the search."""

    search_id: str | None = Field(
        default=None,
        description="Anonymous id of this search in the search log. Send it with a vote "
        "(`search_id`) or to `POST /v1/searches/{search_id}/escalation` after opening a "
        "ticket, so the help centre learns what answers which question. Null when the "
        "search was not logged.",
        examples=["sq_3f2a9c0d1e4b5a6f7e8d"],
    )
    did_you_mean: str | None = Field(
        default=None,
        description="Set only when the query as typed matched nothing: a respelled query. "
        "When it is set, `data` holds the hits of this respelled query (empty if it found "
        "nothing either).",
        examples=["password"],
    )


class SearchGap(BaseModel):
    """A search that customers make and the help centre does not answer well."""

    query: str = Field(
        description="The latest wording of this search, with e-mail addresses, links and "
        "numbers masked.",
        examples=["refund not received tent"],
    )
    searches: int = Field(description="Searches with this normal form in the period.")
    no_results: int = Field(description="Of those, searches that found nothing.")
    not_helped: int = Field(
        description="Searches with results, no helpful vote, and a not-helpful vote or a "
        "ticket opened afterwards."
    )
    tickets: int = Field(description="Searches followed by a ticket.")
    helped: int = Field(description="Searches followed by a helpful vote.")
    last_seen: str = Field(description="UTC date of the latest such search.",
                           examples=["2026-03-01"])


class RelatedArticle(BaseModel):
    """A pointer to another article worth reading next."""

    id: str
    slug: str
    title: str


class Article(BaseModel):
    """A full article; ``body`` is Markdown."""

    id: str = Field(examples=["KB101"])
    slug: str = Field(examples=["reset-your-password"])
    title: str
    category: CategoryRef
    body: str = Field(description="Markdown.")
    tags: list[str]
    helpful_count: int
    not_helpful_count: int
    created_at: Timestamp
    updated_at: Timestamp
    related: list[RelatedArticle]


class VoteIn(BaseModel):
    """Was the article helpful? One vote per user; voting again replaces the vote."""

    model_config = ConfigDict(extra="forbid")

    helpful: StrictBool
    search_id: str | None = Field(
        default=None,
        max_length=64,
        description="The `search_id` of the search that led to the article, if any: the "
        "vote then also teaches search which article answers that query.",
    )


class VoteResult(BaseModel):
    """The caller's vote and the article's counts after it."""

    article_id: str = Field(examples=["KB101"])
    helpful: bool
    helpful_count: int
    not_helpful_count: int
