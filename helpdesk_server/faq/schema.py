"""FAQ tables, applied by the core's migration runner as schema version 2.

Two FTS5 indexes share the ``articles`` table as external content:

* ``articles_fts`` (porter stemming) ranks results with BM25, title weighted far above tags
  and tags above body. It indexes ``body_text``, a plain-text rendering of the Markdown body,
  so snippets never show Markdown syntax; a CHECK keeps out the control characters search
  uses as snippet markers (seeding strips them). Its ``category_key`` column ("category3",
  BM25 weight 0) lets a category filter run inside the index instead of as a lookup per
  ranked row.
* ``articles_words`` (no stemming, ``detail='none'``, so small) exists only to expose the
  corpus' real words through the ``articles_words_vocab`` fts5vocab table; search expands
  prefixes and one-typo misspellings against those words before querying ``articles_fts``.

``faq_state.generation`` changes whenever searchable text changes, so the in-process
vocabulary cache knows when to reload; ``instance`` tells databases apart.
"""

MIGRATION_SQL = """
CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    id                INTEGER PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    title             TEXT NOT NULL,
    category_id       INTEGER NOT NULL REFERENCES categories(id),
    body              TEXT NOT NULL,
    body_text         TEXT NOT NULL
                      CHECK (instr(body_text, char(2)) = 0 AND instr(body_text, char(3)) = 0),
    excerpt           TEXT NOT NULL DEFAULT '',
    tags              TEXT NOT NULL DEFAULT '',
    helpful_count     INTEGER NOT NULL DEFAULT 0 CHECK (helpful_count >= 0),
    not_helpful_count INTEGER NOT NULL DEFAULT 0 CHECK (not_helpful_count >= 0),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    category_key      TEXT GENERATED ALWAYS AS ('category' || category_id) VIRTUAL
);
CREATE INDEX articles_by_title ON articles(title, id);
CREATE INDEX articles_by_category_title ON articles(category_id, title, id);

CREATE TABLE article_related (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    related_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, related_id)
) WITHOUT ROWID;

CREATE TABLE article_votes (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    voted_at   TEXT NOT NULL,
    PRIMARY KEY (article_id, user_id)
) WITHOUT ROWID;
CREATE INDEX article_votes_by_user ON article_votes(user_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, tags, body_text, category_key,
    content='articles', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE articles_words USING fts5(
    title, tags, body_text,
    content='articles', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', detail='none'
);
CREATE VIRTUAL TABLE articles_words_vocab USING fts5vocab(articles_words, row);

CREATE TABLE faq_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    instance   TEXT NOT NULL
);
INSERT INTO faq_state (id, generation, instance) VALUES (1, 0, lower(hex(randomblob(8))));

CREATE TRIGGER articles_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, tags, body_text, category_key)
        VALUES (new.id, new.title, new.tags, new.body_text, new.category_key);
    INSERT INTO articles_words (rowid, title, tags, body_text)
        VALUES (new.id, new.title, new.tags, new.body_text);
    UPDATE faq_state SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER articles_after_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, tags, body_text, category_key)
        VALUES ('delete', old.id, old.title, old.tags, old.body_text, old.category_key);
    INSERT INTO articles_words (articles_words, rowid, title, tags, body_text)
        VALUES ('delete', old.id, old.title, old.tags, old.body_text);
    UPDATE faq_state SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER articles_after_update AFTER UPDATE OF title, tags, body_text, category_id
ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, tags, body_text, category_key)
        VALUES ('delete', old.id, old.title, old.tags, old.body_text, old.category_key);
    INSERT INTO articles_words (articles_words, rowid, title, tags, body_text)
        VALUES ('delete', old.id, old.title, old.tags, old.body_text);
    INSERT INTO articles_fts (rowid, title, tags, body_text, category_key)
        VALUES (new.id, new.title, new.tags, new.body_text, new.category_key);
    INSERT INTO articles_words (rowid, title, tags, body_text)
        VALUES (new.id, new.title, new.tags, new.body_text);
    UPDATE faq_state SET generation = generation + 1 WHERE id = 1;
END;
"""

#: Schema version 4: the anonymous search log and per-query feedback (see ``learning``).
#: ``helpful`` / ``not_helpful`` of a log row hold the article id a vote from that search
#: named (0: none); ``shown`` the first results' ids, comma-separated.
LEARNING_SQL = """
CREATE TABLE search_log (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    day         TEXT NOT NULL,
    query       TEXT NOT NULL,
    query_key   TEXT NOT NULL,
    results     INTEGER NOT NULL,
    shown       TEXT NOT NULL DEFAULT '',
    helpful     INTEGER NOT NULL DEFAULT 0,
    not_helpful INTEGER NOT NULL DEFAULT 0,
    ticket      INTEGER NOT NULL DEFAULT 0 CHECK (ticket IN (0, 1))
);
CREATE INDEX search_log_by_day ON search_log(day, query_key);

CREATE TABLE search_feedback (
    query_key   TEXT NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    helpful     INTEGER NOT NULL DEFAULT 0,
    not_helpful INTEGER NOT NULL DEFAULT 0,
    tickets     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (query_key, article_id)
) WITHOUT ROWID;
"""

#: Schema version 6, for search speed at scale; additive (new objects and a defaulted column):
#:
#: * a full-text index of titles and tags alone, for search's "this concept in a title or
#:   tags" candidate probes. Asked of ``articles_fts``, such a probe walks every posting of
#:   the word to filter by column: 3-5 ms for a word in every body ("email") at 100,000
#:   articles; here it reads only the title and tag postings. Its own triggers keep it in
#:   step; it is filled from the articles already there.
#: * ``faq_state.votes``, bumped whenever an article's vote counters change, so search can
#:   keep the vote priors of ranking in memory and know when to read them again.
SEARCH_SCALE_SQL = """
ALTER TABLE faq_state ADD COLUMN votes INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER articles_votes_after_update AFTER UPDATE OF helpful_count, not_helpful_count
ON articles BEGIN
    UPDATE faq_state SET votes = votes + 1 WHERE id = 1;
END;

CREATE VIRTUAL TABLE articles_heads_fts USING fts5(
    title, tags, category_key,
    content='articles', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_heads_fts (articles_heads_fts) VALUES ('rebuild');

CREATE TRIGGER articles_heads_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_heads_fts (rowid, title, tags, category_key)
        VALUES (new.id, new.title, new.tags, new.category_key);
END;

CREATE TRIGGER articles_heads_after_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_heads_fts (articles_heads_fts, rowid, title, tags, category_key)
        VALUES ('delete', old.id, old.title, old.tags, old.category_key);
END;

CREATE TRIGGER articles_heads_after_update AFTER UPDATE OF title, tags, category_id
ON articles BEGIN
    INSERT INTO articles_heads_fts (articles_heads_fts, rowid, title, tags, category_key)
        VALUES ('delete', old.id, old.title, old.tags, old.category_key);
    INSERT INTO articles_heads_fts (rowid, title, tags, category_key)
        VALUES (new.id, new.title, new.tags, new.category_key);
END;
"""
