"""The assistant: answers from the FAQ, asks whether that solved it, knows when to hand off.

`decide` is pure (text and the chat's flags in, a Turn out) so its rules are easy to test;
`answer` looks articles up with the server's own FAQ search. Both run outside any write
transaction: searching can take milliseconds, and the write lock is never held for that.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Literal

from helpdesk_server.faq import repo as faq_repo
from helpdesk_server.faq.search import search
from helpdesk_server.faq.text import excerpt, fold

NAME = "Assistant"
MAX_ARTICLES = 3
MAX_UNHELPFUL = 2
# A best hit that matched only some of the question's words and scored this low is a guess.
WEAK_SCORE = 0.5

_HANDOFF = re.compile(
    r"\b(agent|human|person|people|someone|somebody|representative|rep|operator|staff|"
    r"real person|talk to|speak to|speak with|talk with|call me|live chat|support team)\b")
_YES = re.compile(r"^\s*(yes|yep|yeah|yup|sure|solved|thanks|thank you|thx|ty|perfect|great|"
                  r"that helped|it helped|it worked|that worked|ok thanks|got it)\b")
_NO = re.compile(r"^\s*(no|nope|nah|not really|didn'?t help|did not help|doesn'?t help|"
                 r"that'?s not it|not helpful|not what i|wrong)\b")

Kind = Literal["handoff_request", "solved", "unhelpful", "question"]


@dataclass(frozen=True)
class Turn:
    """What the assistant does with one customer message."""

    kind: Kind
    text: str = ""
    articles: list[dict[str, Any]] = field(default_factory=list)
    handoff: str | None = None  # why the chat goes to the queue, if it does
    unhelpful: int = 0  # unhelpful answers so far, this one included

    @property
    def awaiting_feedback(self) -> bool:
        """Whether the next message answers "did that solve it?" (after articles, or after
        "tell me more" following a "no")."""
        return bool(self.articles) or (self.kind == "unhelpful" and self.handoff is None)


def classify(body: str, awaiting_feedback: bool) -> Kind:
    text = fold(body).lower()
    if _HANDOFF.search(text):
        return "handoff_request"
    if awaiting_feedback and _YES.search(text):
        return "solved"
    if awaiting_feedback and _NO.search(text):
        return "unhelpful"
    return "question"


def find_articles(conn: sqlite3.Connection, question: str) -> list[dict[str, Any]]:
    """The best FAQ matches as cited articles, or [] when nothing good was found."""
    page = search(conn, question, limit=MAX_ARTICLES)
    if not page.hits:
        return []
    if page.mode != "all" and page.hits[0].score < WEAK_SCORE:
        return []
    cited: list[dict[str, Any]] = []
    for hit in page.hits:
        article = faq_repo.get_article(conn, hit.id)
        if article is None:
            continue
        cited.append({"id": article["id"], "slug": article["slug"], "title": article["title"],
                      "answer": excerpt(article["body"], 200)})
    return cited


def decide(conn: sqlite3.Connection, body: str, awaiting_feedback: bool, unhelpful: int
           ) -> Turn:
    kind = classify(body, awaiting_feedback)
    if kind == "handoff_request":
        return Turn(kind, "Of course. I'm connecting you with a person now; everything we "
                          "said is passed on, so you won't have to repeat it.",
                    handoff="request", unhelpful=unhelpful)
    if kind == "solved":
        return Turn(kind, "Glad that helped! Ask me anything else, or close the chat when "
                          "you're done.", unhelpful=unhelpful)
    if awaiting_feedback:  # "no", or a new question instead of "yes": it did not solve it
        unhelpful += 1
    if unhelpful >= MAX_UNHELPFUL:
        return Turn(kind, "I haven't managed to solve this, so I'm connecting you with a "
                          "person. Everything we said is passed on.", handoff="unhelpful",
                    unhelpful=unhelpful)
    if kind == "unhelpful":
        return Turn(kind, "Sorry that didn't help. Could you tell me more, in other "
                          "words? Or say \"agent\" to talk to a person.", unhelpful=unhelpful)
    articles = find_articles(conn, body)
    if not articles:
        return Turn(kind, "I couldn't find an article that answers this, so I'm connecting "
                          "you with a person. Everything we said is passed on.",
                    handoff="no_match", unhelpful=unhelpful)
    lines = ["Here is what I found:"]
    for article in articles:
        lines.append(f"• {article['title']} ({article['id']}): {article['answer']}")
    lines.append("Did that solve it?")
    return Turn(kind, "\n".join(lines), articles, unhelpful=unhelpful)


def greeting(first_name: str, about: str | None) -> str:
    context = f" I can see this is about {about}." if about else ""
    return (f"Hi {first_name}, I'm the help assistant.{context} Ask me anything, and I'll "
            "look it up in our help articles. Say \"agent\" at any time to talk to a person.")
