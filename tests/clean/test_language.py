"""The language check: its cheap English test never overrules langid."""
import pytest

from storyweave.clean import normalise
from storyweave.clean.language import (ENGLISH_SHARE, MARKERS, MIN_WORDS, _surely_english,
                                       foreign_language, identified)
from storyweave.ingest import read_paths
from storyweave.nlp.tokens import words
from tests.paths import EVAL

# Written for this test: one news sentence in each of 12 Latin-script languages.
OTHER_LANGUAGES = [
    "De gemeenteraad heeft maandag besloten de brug tot het voorjaar te sluiten voor "
    "herstelwerkzaamheden aan de pijlers.",
    "Der Stadtrat hat am Montag beschlossen, die Brücke bis zum Frühjahr für Reparaturen zu "
    "schließen.",
    "Le conseil municipal a décidé lundi de fermer le pont jusqu'au printemps pour des travaux "
    "de réparation.",
    "La policía informó de que tres personas resultaron heridas en el accidente de la autopista "
    "por la noche.",
    "Secondo il ministro, la nuova legge sugli affitti entrerà in vigore alla fine dell'anno, ha "
    "detto in una nota.",
    "A câmara municipal decidiu na segunda-feira fechar a ponte até a primavera para reparos.",
    "Menurut menteri, undang-undang baru tentang sewa akan berlaku pada akhir tahun ini, katanya "
    "dalam sebuah pernyataan.",
    "Kommunfullmäktige beslutade på måndagen att stänga bron till våren för reparationer av "
    "pelarna.",
    "Rada miasta postanowiła w poniedziałek zamknąć most do wiosny z powodu napraw filarów.",
    "Byrådet besluttede mandag at lukke broen indtil foråret på grund af reparationer af "
    "pillerne.",
    "Kaupunginvaltuusto päätti maanantaina sulkea sillan kevääseen asti korjausten vuoksi.",
    "Belediye meclisi pazartesi günü köprüyü onarım için bahara kadar kapatma kararı aldı.",
]
# English with another language in it, and the other way round.
MIXED = [
    "Asked about the bridge, the mayor said \"de brug blijft dicht tot het voorjaar, en daarna "
    "zien we verder\" and left.",
    "Der Bürgermeister sagte am Montag, the bridge will stay closed, "
    "und die Fähre fährt weiter.",
    "Le maire a dit que the council would vote on Monday, mais le pont reste fermé.",
    "The Brisk Line ferry from Port Alder to Skerrow runs twice a day until the spring.",
]


@pytest.mark.parametrize("paragraph", OTHER_LANGUAGES + MIXED)
def test_the_cheap_check_gives_langids_decision(paragraph):
    assert foreign_language(paragraph) == identified(paragraph)


@pytest.mark.parametrize("paragraph", OTHER_LANGUAGES)
def test_other_languages_stay_below_the_english_share(paragraph):
    tokens = words(paragraph)
    assert sum(t in MARKERS for t in tokens) < ENGLISH_SHARE * len(tokens) / 2


def test_half_english_with_a_short_quotation_is_kept():
    """Where langid alone called it Dutch (0.87): its English words decide."""
    paragraph = "The mayor told reporters that \"de brug blijft dicht tot het voorjaar\" before " \
                "the vote."
    assert identified(paragraph) == "nl"
    assert foreign_language(paragraph) is None


def test_the_cheap_check_decides_real_english_as_langid_does():
    """On every paragraph of the DUC 2004 and Multi-News dev articles, as cleaning sees them."""
    articles, _ = read_paths([EVAL / "duc2004" / "docs", EVAL / "multinews_dev" / "clusters"])
    paragraphs = [line.strip() for a in articles for line in normalise(a.text).split("\n")
                  if len(words(line)) >= MIN_WORDS]
    assert len(paragraphs) > 1500
    assert sum(map(_surely_english, map(words, paragraphs))) > 0.5 * len(paragraphs)
    assert [p for p in paragraphs if foreign_language(p) != identified(p)] == []
