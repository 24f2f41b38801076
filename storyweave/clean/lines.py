"""Line rules: which lines of a crawled article are not the story, and why.

Each rule is a plain predicate over one stripped line. The word lists were written from the
noise in ../shared/seeds, the Multi-News dev sample and the demo corpus, and checked not to
fire on any body sentence of the seeds, DUC 2004 or TAC 2010 (tests/clean lists both).
"""
from __future__ import annotations

import re

from storyweave.nlp.lexicon import WEEKDAY_NAMES

# Picture agencies and credit words; a caption ends with a fragment made of these.
CREDIT_WORDS = {
    "reuters", "ap", "afp", "epa", "efe", "getty", "images", "image", "photo", "photos",
    "pictures", "picture", "xinhua", "yonhap", "bloomberg", "shutterstock", "alamy", "pa",
    "anadolu", "agency", "press", "associated", "file", "handout", "courtesy", "via",
    "stringer", "pool", "tass", "kyodo", "newscom", "corbis", "zuma", "wire", "sipa",
    "usa", "today", "nbc", "cbs", "abc", "news", "command", "un", "u.n.", "ansa", "dpa",
}
# A credit fragment: capitalised tokens and separators only, at most this many tokens
# (the longest credit in the seeds, an organisation's two words, a slash and an agency, has 4).
MAX_CREDIT_TOKENS = 7
CREDIT_TAIL = re.compile(r"(?:^|[.!?\"”’)]\s+)(?P<credit>[A-Z][^.!?\"”]{0,70}?)\s*$")
CREDIT_TOKEN = re.compile(r"^(?:[A-Z][\w'&.]*|/|-|–|—|\||and|via|for|of|the|\d{4})$")
# Lines that introduce a picture or a clip rather than report.
CAPTION_START = re.compile(
    r"^(?:(?:photo|image|picture|pictured|video|file photo|caption)\s*[:|/]|"
    r"image (?:copyright|caption)\b|"  # the BBC's "Image copyright <credit> Image caption"
    r"media playback is unsupported on your device|media caption\b|"  # the BBC's clips
    # AP's "FILE - This undated picture shows ...", "In this May 3, 2014 file photo, ..."
    # and "In this photo provided by ..., ..."
    r"(?-i:FILE)\s*[-–—]\s*|view larger image\b|"
    r"in this\b.{0,40}?\b(?:photo|picture|image|photograph)\b[^,]{0,60},)", re.I)
# Who stands where in a picture: "Jane Roe, left, and John Doe unveil ...", "Kate (right)".
# Prose never places people this way; a caption of a group photo does. Only short lines
# qualify: a paragraph this long is story text with a caption glued to it.
POSITIONED = re.compile(r"\b[A-Z][\w.'’-]*,\s(?i:(?:(?:second|third|far)\s(?:from\s)?)?"
                        r"(?:left|right|center|centre))(?=,|\s*$)|"
                        r"\((?i:(?:(?:second|third|far)\s(?:from\s)?|pictured\s)?"
                        r"(?:left|right|center|centre|top|bottom))\)")
# AP's caption dates the picture in full after the scene it describes ("... in Port Alder,
# Tuesday, March 3, 2020."); a story says "on Tuesday" and no year.
DATED_SCENE = re.compile(rf",\s(?:{WEEKDAY_NAMES}),\s"
                         r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2},"
                         r"\s\d{4}\b")
MAX_CAPTION_WORDS = 60

PROMO = re.compile(
    r"(?:in your inbox|newsletters?\b|(?:^|[.!?] )sign up\b|sign up (?:here|today|now)\b|"
    r"subscribe\b|subscription|"
    r"click here|download (?:our|the) app|follow (?:us|[\w@]+) on (?:twitter|facebook|x)\b|"
    r"push notifications|^contributing:|"
    r"^advertisement$|^read more\b|^recommended\b|^more from\b|"
    r"^related(?: stories| articles| coverage| content| links| news| videos?)?\W*$|"
    r"breaking news alerts|^(?:©|copyright\b)|all rights reserved|"
    r"^this (?:article|story) (?:was|has been) (?:updated|corrected)$|"
    r"delivered (?:weekday|every|each) (?:morning|evening|day|week)|^also:$|"
    r"^\(?also (?:on|from) [\w.' ]{2,30}:|free trial|never miss a (?:local )?story|"
    r"\btell us (?:about it|what you think)\b)", re.I)
# Promos are short; a long line that mentions "subscribe" is probably a sentence. One
# with two promo phrases ("Sign up today ... SUBSCRIBE NOW") may be twice as long.
MAX_PROMO_WORDS = 16
# A link list item ("RELATED: <a headline>") is as long as the headline it points to.
# A headline in square brackets alone on its line is a link too (The Washington Post's).
RELATED = re.compile(r"^(?:(?:related|see also|more|read more|also read)\s*:|"
                     r"more (?:on|about) [^.!?]{1,60}:$|"  # "More on the bridge closure:"
                     r"\[(?!updated? )[^\[\]]+\]$|"  # not an editor's update note
                     r"[►▶»]\s*\w|"  # "► Aug. 14: <headline>"
                     r"[•·]\s*[^\n]*[^.!?\"”’)\s]\s*$)", re.I)  # "• <headline>", no full stop
MAX_RELATED_WORDS = 30
# What a page's embedded players and widgets print in place of their content: a tweet's
# location notice, a video player's controls and embed code, a crawler's archive notice
# where the page it archived should be. Written from the Multi-News dev sample, where each
# recurs across unrelated stories.
EMBED = re.compile(
    r"(?:location information to your tweets|tweet location history|"
    r"tweet with a location|switch location on/off|copy this code to your (?:website|blog)|"
    r"\bautoplay\s+(?:autoplay|close)\b|\breplay more videos\b|^learn more\W*$|"
    r"^please try again later\W*$|"
    r"^\[\s*(?:see |view )?(?:full[- ]size )?(?:infographic|photo|video|image|gallery)\b|"
    r"\b(?:this|these) crawls?\b|\bwarc files?\b|no more 404|wayback machine after|"
    r"crawl data to the internet archive|\bwide\d{5}\b|slash pages from every domain|"
    r"ranked urls per domain|"
    r"continue reading the main story|verify you're not a robot|invalid email address)", re.I)
MAX_EMBED_WORDS = 120
# Inside a story paragraph: a picture credit in parentheses, an agency credit closing the
# paragraph, a sentence that asks the reader to click, watch or sign up. Cut out, the
# paragraph's story sentences stay.
INLINE_CREDIT = re.compile(
    r"\s*\((?:photos?|images?|pictures?|video)\s*(?::|by\b)[^()]{1,100}\)|"
    r"\s*\((?:the )?(?:associated press|reuters|afp|ap)\)\s*$", re.I)
INLINE_PROMO = re.compile(
    r"(?:^|(?<=[.!?] ))(?:click here|watch the video (?:below|above)|sign up (?:today|now)|"
    r"subscribe now|tell us about it)\b[^.!?]*(?:[.!?]+|$)\s*", re.I)
# Notes a page glues to a story paragraph; cut out, the story sentences after them stay.
# An editor's time-stamped note ("[Updated at 4:05 p.m. PDT May 21:", "UPDATE: 8:14 a.m.
# EST:", "10:45 AM PT:") dates an edit, not the story.
UPDATE_NOTE = re.compile(r"^(?:[-–—]\s*)?\[?update[ds]?(?: at)?:?\s+"
                         r"\d{1,4}(?::\d{2})?\s*[ap]\.?m\.?"
                         r"[^:\]\"“]{0,40}?(?::\s*|\s[-–—]\s*|(?=[\"“]))|"
                         r"^\d{1,2}:\d{2}\s*[ap]\.?m\.?\s*[a-z]{0,3}\s*:\s*", re.I)
# A whole line that only dates an edit ("Updated:", "Updated 6:42 a.m. ET Feb. 3 with ...")
# or notes what an edit changed ("Correction: ...", "Editor's note: ...").
UPDATE_LINE = re.compile(r"^\[?updated?:?\s*$|^\[?updated?(?: at)?\s+\d{1,2}:\d{2}\s*[ap]\.?m\.?"
                         r"[^:]*$|^(?:correction|clarification|editor['’]s note)\s*:", re.I)
MAX_UPDATE_LINE_WORDS = 40  # an editor's note says what changed in two sentences
# The Hill's headline, byline and share buttons ("<headline> By Jane Roe - Tweet <story>",
# "Tweet View Comments <story>").
GLUED_BYLINE = re.compile(r"^[^.!?]{0,150}?\bBy (?:[A-Z][\w.'-]+ ){1,3}- Tweet\b\s*")
GLUED_SHARE = re.compile(r"\s*\bTweet View Comments\b")
# The Hill's name pop-ups: after a name, the person's full name glued to headlines about
# them, up to "MORE" ("Rob Quill Robert (Rob) Anders QuillWeekend talk preview: ... MORE
# (R-Vt.)"). The name as the story wrote it stays.
NAME_POPUP = re.compile(r"\b(?P<surname>[A-Z][\w'-]+)(?P<popup>\s(?:\(?[A-Z][\w.'-]*\)?\s){1,3}"
                        r"(?P=surname)(?=[A-Z])[^\n]{0,600}?\bMORE\b)")
# A picture credit before the caption or sentence it belongs to ("Jane Roe/Getty The mayor
# ...", "| Jane Roe/AP ...", "Jane Roe THE CANADIAN PRESS Police ..."). Case-sensitive:
# agencies spelled as credits, not as words.
GLUED_CREDIT = re.compile(
    r"(?:^|(?<=[.!?] ))\|?\s*(?:[A-Z][\w.'-]+ ){1,3}[A-Z][\w.'-]+/"
    r"(?:AP|AFP|EPA|Reuters|Getty(?: Images)?|Bloomberg|Shutterstock)\s+|"
    r"^(?:[A-Z][\w.'-]+ ){1,4}THE (?:CANADIAN|ASSOCIATED) PRESS\s+")
# A site's section menu: names between pipes ("Senate | House | Administration").
NAVIGATION_PIPES = 3
SHARE_WORDS = {"share", "tweet", "email", "e-mail", "facebook", "twitter", "x", "whatsapp",
               "linkedin", "print", "copy", "link", "pinterest", "reddit", "comments",
               "comment", "this", "article", "story", "on", "save", "messenger", "telegram"}
MEDIA_HEADER = re.compile(r"^\(?(?:watch|video|listen|photos?|gallery|live|opinion)\s*:\s*", re.I)
CONTRIBUTOR = re.compile(
    r"(?:contributed (?:to )?(?:this )?(?:report|story|article)|"
    r"^(?:additional )?reporting by\b|^(?:writing|editing|compiled) by\b|"
    r"\bcan be reached at\b|"
    r"^(?:the )?(?:associated press|reuters|afp|ap)$|"
    r"^by [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:,? (?:and|&) [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3})?$)",
    re.I)
# "OSLO, Norway — ", "GREELEY, Colo. (AP) -- ", "PORT ALDER — ".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][\w.'\- ]{1,30}?)?)\s*"
    r"(?:\((?:AP|AFP|Reuters|UPI|[A-Z][\w ]{1,20})\)\s*)?(?:—|–|--|-|:)\s+")
# With a wire service's tag the place may be in any case, or missing: "London (CNN) ",
# "July 4 (UPI) -- ", "(CNN) ".
AGENCY_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][\w.']*|\d{1,2})(?:,?\s(?:[A-Z][\w.']*|\d{1,4})){0,3})?"
    r"\s*\((?P<agency>CNN|AP|AFP|Reuters|UPI)\)"
    r"\s*(?:—|–|--|-|:)?(?:\s+|$)")
# Headlines and subheadings carry no sentence-final punctuation and are short.
MAX_HEADLINE_WORDS = 25
MAX_SUBHEAD_WORDS = 8
TERMINAL = ('.', '!', '?', '"', '”', '’', "'", ')', ':', ';', '…')


def words(line: str) -> list[str]:
    """Whitespace tokens of a line."""
    return line.split()


def key(line: str) -> str:
    """A comparison key: media prefix dropped, case and punctuation folded."""
    line = MEDIA_HEADER.sub("", line)
    return " ".join(re.findall(r"\w+", line.lower()))


def is_promo(line: str) -> bool:
    """Newsletter, subscription, app and copyright boilerplate."""
    phrases = {m.group(0).lower() for m in PROMO.finditer(line)}
    limit = MAX_PROMO_WORDS * (2 if len(phrases) >= 2 else 1)
    return bool(phrases) and len(words(line)) <= limit


def strip_inline(line: str) -> tuple[str, list[str]]:
    """A story paragraph without its credits and calls to action, and "reason: text" of
    each part cut."""
    removed = [f"name pop-up: {m.group('popup').strip()}" for m in NAME_POPUP.finditer(line)]
    line = NAME_POPUP.sub(r"\g<surname>", line)
    for reason, pattern in (("caption", INLINE_CREDIT), ("promo", INLINE_PROMO),
                            ("update note", UPDATE_NOTE), ("byline", GLUED_BYLINE),
                            ("share widget", GLUED_SHARE), ("caption", GLUED_CREDIT)):
        removed += [f"{reason}: {m.group(0).strip()}" for m in pattern.finditer(line)]
        line = pattern.sub("", line)
    line = line.strip()
    if removed and line.endswith("]") and "[" not in line:
        line = line[:-1].rstrip()  # the bracket of a note cut from the front
    return line, removed


def is_update_line(line: str) -> bool:
    """A line that only says when the page was edited."""
    return len(words(line)) <= MAX_UPDATE_LINE_WORDS and bool(UPDATE_LINE.match(line))


def is_related_link(line: str) -> bool:
    """A "RELATED: headline" line: a link to another story."""
    return len(words(line)) <= MAX_RELATED_WORDS and bool(RELATED.match(line))


def is_embed(line: str) -> bool:
    """Text of an embedded player or widget, or a web archive's crawl notice."""
    return len(words(line)) <= MAX_EMBED_WORDS and bool(EMBED.search(line))


def is_share_widget(line: str) -> bool:
    """Lines made only of share-button words ("Share this article", "Tweet")."""
    tokens = re.findall(r"[\w-]+", line.lower())
    return bool(tokens) and len(tokens) <= 8 and all(t in SHARE_WORDS for t in tokens) \
        and any(t in {"share", "tweet", "email", "print", "facebook", "twitter"} for t in tokens)


def credit(line: str) -> str | None:
    """The picture credit that ends a caption ("UN Command / EPA"), if the line has one."""
    match = CREDIT_TAIL.search(line)
    if not match:
        return None
    fragment = match.group("credit").strip()
    tokens = fragment.replace("/", " / ").split()
    if not tokens or len(tokens) > MAX_CREDIT_TOKENS:
        return None
    if not all(CREDIT_TOKEN.match(t) for t in tokens):
        return None
    lowered = {t.lower().strip(".") for t in tokens}
    separated = any(t in {"/", "-", "–", "—", "|"} for t in tokens)
    if separated or lowered & CREDIT_WORDS:
        return fragment
    return None


def is_navigation(line: str) -> bool:
    """A menu of the site's sections, separated by pipes."""
    return line.count(" | ") >= NAVIGATION_PIPES


def is_caption(line: str) -> bool:
    """A photo caption: a described picture ending with its credit, or a labelled one."""
    if CAPTION_START.match(line):
        return True
    if (POSITIONED.search(line) or DATED_SCENE.search(line)) and \
            len(words(line)) <= MAX_CAPTION_WORDS:
        return True
    fragment = credit(line)
    # The credit must follow a described scene, or be the whole line ("AFP - Getty Images").
    return fragment is not None and (fragment != line.strip() or len(words(line)) <= 5)


def is_caption_title(line: str) -> bool:
    """The short title some sites print above a caption ("Harbour Pilot")."""
    return len(words(line)) <= 6 and not line.endswith(TERMINAL)


def is_contributor(line: str) -> bool:
    """Byline and contributor lines ("(Editing by X)" too): metadata, never summary material."""
    return len(words(line)) <= 20 and bool(CONTRIBUTOR.search(line.strip("()")))


def is_headline_like(line: str) -> bool:
    """Short and without sentence-final punctuation: a headline or a subheading."""
    return len(words(line)) <= MAX_HEADLINE_WORDS and not line.rstrip().endswith(TERMINAL)


def is_subheading(line: str) -> bool:
    """A short unpunctuated line inside the body ("What happened next")."""
    return len(words(line)) <= MAX_SUBHEAD_WORDS and is_headline_like(line)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split "OSLO, Norway — A ferry..." into the dateline and the sentence."""
    match = DATELINE.match(paragraph)
    if not match:
        tagged = AGENCY_DATELINE.match(paragraph)
        if tagged:
            return (tagged.group("place") or tagged.group("agency")).strip(), \
                paragraph[tagged.end():]
        return None, paragraph
    place = match.group("place").strip().rstrip(",")
    # The place part must be upper case ("OSLO"), not a sentence's first words.
    head = place.split(",")[0]
    if not head.replace(".", "").replace(" ", "").replace("'", "").replace("-", "").isupper():
        return None, paragraph
    return place, paragraph[match.end():]
