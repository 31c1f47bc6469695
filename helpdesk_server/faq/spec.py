"""The shape of FAQ content as written in ``helpdesk_server/faq/content/``."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleSpec:
    """One help article. ``id`` is the number in its public id (101 is "KB101") and never
    changes once published, so links and votes survive edits; ``related`` lists slugs."""

    id: int
    slug: str
    title: str
    tags: tuple[str, ...]
    body: str
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class CategorySpec:
    """A help-centre section; ``id`` 3 is public id "c_3"."""

    id: int
    slug: str
    name: str
    description: str
    articles: tuple[ArticleSpec, ...]
