"""Request and response models of the FAQ routes (they shape the OpenAPI document)."""

from pydantic import BaseModel, ConfigDict, Field, StrictBool

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
    score: float = Field(description="Relevance, higher is better (BM25).")
    updated_at: Timestamp


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


class VoteResult(BaseModel):
    """The caller's vote and the article's counts after it."""

    article_id: str = Field(examples=["KB101"])
    helpful: bool
    helpful_count: int
    not_helpful_count: int
