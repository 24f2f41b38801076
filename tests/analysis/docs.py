"""Hand-made one-article Docs for the analysis tests."""
import re

from storyweave.nlp.sentences import split_sentences
from storyweave.records import Article, Doc


def make_doc(text: str, article_id: str = "a", published: str | None = None,
             **labelled: list) -> Doc:
    """A Doc with hand-given entities: label=[names or compiled patterns], every occurrence
    tagged (spaCy's spans do not overlap, so patterns pick out a bare surname)."""
    entities = sorted((m.start(), m.end(), label, m.group())
                      for label, names in labelled.items() for name in names
                      for m in re.finditer(name if isinstance(name, re.Pattern)
                                           else re.escape(name), text))
    return Doc(Article(id=article_id, text=text, published=published),
               split_sentences(article_id, text), entities)
