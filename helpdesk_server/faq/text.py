"""Text helpers shared by seeding and search: Markdown to plain text, word tokens.

Search indexes and snippets plain text so that a snippet never carries Markdown syntax or
markup; the only markup a client ever sees is the ``<mark>`` the search engine adds itself.
"""

import re
import unicodedata

_FENCE = re.compile(r"^\s*(```|~~~).*$", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$", re.MULTILINE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_QUOTE = re.compile(r"^\s*>\s?", re.MULTILINE)
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_PIPE = re.compile(r"\s*\|\s*")
_SPACES = re.compile(r"[ \t]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+")


def strip_control(text: str) -> str:
    """Drop control characters (keeping newlines and tabs) so marker characters stay unique."""
    return _CONTROL.sub("", text)


def _blocks(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) blocks: "heading", "item" (list item or table row) or "para"."""
    text = strip_control(markdown)
    text = _FENCE.sub("", text)
    text = _TABLE_RULE.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _QUOTE.sub("", text)
    blocks: list[tuple[str, str]] = []
    joinable = False  # may the next line continue the last block?
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            joinable = False
            continue
        if _HEADING.match(line):
            blocks.append(("heading", _HEADING.sub("", line)))
            joinable = False
        elif line.startswith("|") or line.endswith("|"):
            blocks.append(("item", _PIPE.sub(" · ", line.strip("| ")).strip()))
            joinable = False
        elif _LIST_MARK.match(line):
            blocks.append(("item", _LIST_MARK.sub("", line)))
            joinable = True
        elif joinable and blocks:
            kind, previous = blocks[-1]
            blocks[-1] = (kind, previous + " " + line)
        else:
            blocks.append(("para", line))
            joinable = True
    return [(kind, _SPACES.sub(" ", _EMPHASIS.sub("", body)).strip()) for kind, body in blocks]


def markdown_to_text(markdown: str) -> str:
    """Render Markdown as plain prose: one line per block, no syntax, no HTML tags."""
    return "\n".join(body for _, body in _blocks(markdown) if body)


def excerpt(markdown: str, limit: int = 200) -> str:
    """The opening paragraph as plain text, cut at a word boundary."""
    blocks = _blocks(markdown)
    first = next((body for kind, body in blocks if kind == "para" and body), "")
    if not first:
        first = " ".join(body for _, body in blocks)
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:·-") + "…"


def fold(text: str) -> str:
    """Lower-case and strip diacritics the way the FTS5 unicode61 tokenizer does."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded word tokens (letters and digits); everything else separates words."""
    return _WORD.findall(fold(unicodedata.normalize("NFKC", text)))
