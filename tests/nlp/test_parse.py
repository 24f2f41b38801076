"""The parse: offsets index the whole text, long texts are parsed in pieces, the cache
round-trips without the model."""
from storyweave.nlp import annotate, text_key
from storyweave.nlp import parse as parser
from storyweave.records import Article
from storyweave.store import Store


def test_pieces_join_to_the_text_and_cut_at_paragraphs():
    text = "\n\n".join(f"Paragraph {i} says the river rose again." for i in range(200))
    cut = parser.pieces(text, size=500)
    assert "".join(cut) == text
    assert all(len(p) <= 500 for p in cut)
    assert all(p.endswith("\n\n") for p in cut[:-1])


def test_a_paragraph_longer_than_a_piece_is_cut_at_whitespace():
    text = "The river rose again near the town. " * 100
    cut = parser.pieces(text, size=300)
    assert "".join(cut) == text and len(cut) > 10
    assert all(p.endswith(" ") for p in cut[:-1])


def test_parse_of_pieces_indexes_the_whole_text(monkeypatch):
    text = ("Maj. Owen Lasker said the poacher was shot at least six times.\n\n" * 3
            + "Officials in Oslo confirmed it on Wednesday.")
    monkeypatch.setattr(parser, "PIECE_CHARS", 80)
    doc = parser.parse([text])[0]
    assert doc.text == text
    oslo = [e for e in parser.entities(doc) if e[3] == "Oslo"]
    assert oslo and text[oslo[0][0]:oslo[0][1]] == "Oslo"
    shot = [t for t in doc if t.lemma_ == "shoot"]
    assert len(shot) == 3 and all(t.pos_ == "VERB" for t in shot)


def test_annotate_caches_the_parse():
    store = Store(":memory:")
    article = Article("a", "Lena Hartwig, a surgeon, told reporters the patient would live.")
    first = annotate([article], store)[0]
    assert store.get(f"parse:{parser.model_name()}", text_key(article.text)) is not None
    again = annotate([article], store)[0]
    assert [(t.text, t.dep_, t.head.i) for t in again.parse] == \
        [(t.text, t.dep_, t.head.i) for t in first.parse]
    assert again.entities == first.entities
    assert any(label == "PERSON" for *_, label, _ in again.entities)


def test_a_cached_parse_reads_as_the_fresh_one():
    text = "One of the classmates said 12 people were in the room on Sunday."
    fresh = parser.parse([text])[0]
    cached = parser.from_bytes(parser.to_bytes(fresh))

    def attributes(doc):
        return [(t.text, t.lower_, t.like_num, t.is_stop, t.pos_, t.lemma_, t.dep_, t.head.i,
                 t.ent_type_) for t in doc]
    assert attributes(cached) == attributes(fresh)
