"""Main text of an HTML page, and the blocks dropped as boilerplate.

The body text comes from trafilatura in its precision mode (it scores better
than the default on news pages: fewer link lists and teasers), in three steps:

1. prune the tree of what trafilatura lets through: hidden elements and hover
   cards, lists made only of links, sidebar table cells and asides; unwrap
   links that go nowhere (jump anchors, which its link-density test reads as
   all-link headings) and empty inline elements; join an article body split
   into same-class chunks across layout cells (trafilatura keeps the first
   only); read source line breaks inside text as spaces and the captions
   of an illustrated post as paragraphs; take quoted social posts out of
   their "social" wrappers; note the items of lists under a "More stories"
   label;
2. extract trafilatura's block tree (paragraphs, headings, lists, quotes);
3. drop blocks and lines that are page furniture (html_rules): those lists,
   the headline and dek repeated on top, "Read more:"/"Related:" prompts and
   the link lists after them, newsletter and follow prompts, credits, comment
   threads;
   put back the copies of a paragraph the page repeats in a row (a few at most).

Measured by bench/bench_extraction.py against trafilatura on the same pages.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from storyline.extract import html_rules as rules
from storyline.extract import language
from storyline.extract.metadata import html_metadata
from storyline.records import Dropped, Extraction

_WS = re.compile(r"\s+")


def _paragraph_texts(root) -> list[str]:
    """The text nodes under any <p> of `root`'s tree, in document order, each once."""
    out: list[str] = []
    for p in root.iter("p"):
        if next(p.iterancestors("p"), None) is None:
            out.extend(p.xpath("descendant::text()"))
    return out


class _Element(lxml_html.HtmlElement):
    """An HTML element whose one quadratic XPath query is answered in linear time.

    trafilatura tests a candidate body with ``xpath("//p//text()")``; libxml2
    merges the text nodes of each <p> into the result with a duplicate check
    against all nodes found so far, which is quadratic in the number of
    paragraphs (5 s for 40,000). The same nodes, found paragraph by paragraph,
    take linear time. Every other query goes to lxml unchanged.
    """

    def xpath(self, _path, namespaces=None, extensions=None, smart_strings=True, **variables):
        if _path == "//p//text()" and not (namespaces or extensions or variables):
            return _paragraph_texts(self.getroottree().getroot())
        return super().xpath(_path, namespaces=namespaces, extensions=extensions,
                             smart_strings=smart_strings, **variables)


_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
# Every element is an `_Element`, chosen in C: lxml.html's own lookup is a Python call per
# element proxy (5% of the extraction time), for form classes nothing here uses.
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=_Element, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity))
#: Pages with more paragraphs than this skip trafilatura's second opinion
#: (readability and jusText run on the whole page when the main pass looks
#: short): that comparison is itself quadratic in the number of paragraphs
#: (an XPath over the result), and a page this long never needs it.
_LONG_PAGE_PARAGRAPHS = 2000
_TITLE_SPLIT = re.compile(r"\s+[|\-–—:·•»]\s+")

# Furniture that is in the DOM but not shown as part of the article: elements
# the page marks hidden, and the innermost box of hover cards, tooltips and
# pop-overs (a person's latest headlines inside a sentence). Links and outer
# boxes are the visible trigger, often the name itself, and stay.
_POPUP = ("@class[contains(., 'tooltip') or contains(., 'popover') or contains(., 'rollover')"
          " or contains(., 'hovercard') or contains(., 'hover-card')]")
_HIDDEN = etree.XPath(
    "//body//*[@hidden or @style[contains(., 'display:none') or contains(., 'display: none')]"
    f" or ({_POPUP} and not(self::a or .//*[{_POPUP}]))]"
)
# Sidebars in the elements trafilatura does not test by class (its own rule
# covers <div>, <section> and <span> sidebars, with a guard): a layout table's
# cell or an <aside> whose class or id has a word starting "sidebar".
_SIDEBARS = etree.XPath(
    "//body//*[self::td or self::aside]"
    "[re:test(concat(' ', @class, ' ', @id), '\\ssidebar', 'i')]"
    "[not(.//article or .//main or .//h1 or .//*[@itemprop='articleBody'])]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
# Lists whose every item is only a link: related-story and navigation lists.
_LINK_LISTS = etree.XPath(
    "//body//*[self::ul or self::ol][count(li) > 1]"
    "[not(li[not(.//a)] or li//text()[normalize-space()][not(ancestor::a)])]"
)
# Lists that follow a short box of their own (a heading or a styled <div>, not a
# paragraph of the story): the box may be a "Related stories" prompt.
_LABELLED_LISTS = etree.XPath(
    "//body//*[self::ul or self::ol][count(li) > 1]"
    "[preceding-sibling::*[1][self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
    " or self::div or self::span or self::strong or self::b]]"
)
# Containers of article paragraphs, for pages that split the body into several
# same-class chunks (between ads or pull quotes); extractors keep only the first.
_BODY_CHUNKS = etree.XPath(
    "//body//*[count(p) > 1][contains(@class, 'body') or contains(@class, 'content')"
    " or contains(@class, 'text')]"
)
# Links from a heading to itself ("#section", a permalink or table-of-contents
# anchor that site generators add to every subheading), and anchors that link
# nowhere (`<a id="part-2"></a>`, a jump target): text, not a link. An empty
# link would make its paragraph or heading all link and no text, so the
# link-density test would drop it.
_SELF_LINKS = etree.XPath(
    "//body//a[not(@href) and not(*) and not(normalize-space())]"
    " | //body//a[starts-with(normalize-space(@href), '#') or not(@href)][ancestor::h1"
    " or ancestor::h2 or ancestor::h3 or ancestor::h4 or ancestor::h5 or ancestor::h6]"
)
# Inline elements with no text and no children (`<span id="more-12"></span>`, the
# jump targets and icon hooks of CMS templates): they show nothing, and an
# extractor that deletes one by its id or class can take the text after it.
_EMPTY_INLINE = etree.XPath(
    "//body//*[not(*)][self::span or self::i or self::b or self::em or self::strong"
    " or self::font or self::small or self::a][not(normalize-space())]"
)
#: A page with this many figure captions (of 4 words or more) is an illustrated
#: post (a how-to, a tutorial, a photo essay): its captions tell the story
#: with its pictures and are kept as paragraphs where they stand. A news story
#: has one or two pictures, and a page that declares itself a news article
#: (schema.org NewsArticle and its kinds) follows the news convention whatever
#: its pictures: captions are furniture there.
ILLUSTRATED_CAPTIONS = 4
_NEWS_TYPE = re.compile(r"\b(\w*NewsArticle|LiveBlogPosting)\b")
_DECLARED_TYPES = etree.XPath(
    "//script[@type='application/ld+json']/text() | //*[@itemtype]/@itemtype"
)
_CAPTIONS = etree.XPath(
    "//body//figcaption[not(ancestor::figcaption or ancestor::aside or ancestor::nav"
    " or ancestor::footer or ancestor::header)]"
)
_MEDIA = re.compile(r"video|player|audio|podcast", re.I)
# Posts quoted from a social network (the embed code's blockquote): the words of
# a source, quoted in the story; their wrapper is often named "social" or
# "share", which extractors drop as a share bar.
_EMBEDDED_POSTS = etree.XPath(
    "//body//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')"
    " or contains(@class, 'tiktok-embed') or contains(@class, 'mastodon-embed')]"
)
_SHARE_NAMES = re.compile(r"social|share|sharing", re.I)
_PARAGRAPH_PARENTS = etree.XPath("//body//*[count(p) > 1]")
_BODY_CLASS = re.compile(r"(article|story|entry|post)[-_]*(body|content|text)", re.I)
_TITLES = etree.XPath(
    "//head/title/text() | //meta[@property='og:title' or @name='twitter:title']/@content"
)
_DESCRIPTION = etree.XPath(
    "//meta[@property='og:description' or @name='description']/@content"
)


class NoArticleError(ValueError):
    """The page has no article text (a login wall, an index page, an empty body)."""


def parse(html: str):
    """Parse HTML to an lxml tree; raises NoArticleError on an empty document."""
    try:
        return lxml_html.document_fromstring(html, parser=_PARSER)
    except Exception as err:  # lxml raises ParserError/ValueError on empty or junk input
        raise NoArticleError(f"unparseable HTML: {err}") from err


def _title_words(tree) -> list[list[str]]:
    """Word lists of the page's headline candidates, whole and split at separators."""
    out: list[list[str]] = []
    for value in [*_TITLES(tree), *(h1.text_content() for h1 in tree.iter("h1"))]:
        value = _WS.sub(" ", str(value)).strip()
        for part in [value, *_TITLE_SPLIT.split(value)]:
            found = rules.words(part)
            if len(found) >= 2 and found not in out:
                out.append(found)
    return out


# A line break between two words of one text node (not at its ends: there it
# may part blocks of broken markup, which extractors read by such breaks).
_SOURCE_BREAK = re.compile(r"(?<=\S)[ \t\r\f\v]*\n\s*(?=\S)")
# Text nodes with a line break in the source, outside preformatted blocks.
_BROKEN_TEXT = etree.XPath(
    "//body//text()[contains(normalize-space(), ' ')][contains(., '\n')]"
    "[not(ancestor::pre or ancestor::textarea"
    " or ancestor::code or ancestor::script or ancestor::style)]"
)


def _join_source_lines(tree) -> None:
    """Read a line break inside running text as the space a browser shows.

    Hand-written and templated HTML wraps long paragraphs in the source;
    trafilatura keeps those breaks, and a text whose lines are paragraphs
    would cut the paragraph in pieces. Breaks between blocks, `<br>` and
    preformatted text are untouched.
    """
    for node in _BROKEN_TEXT(tree):
        parent = node.getparent()
        joined = _SOURCE_BREAK.sub(" ", str(node))
        if node.is_tail:
            parent.tail = joined
        else:
            parent.text = joined


def _prune(tree) -> None:
    _join_source_lines(tree)
    for link in _SELF_LINKS(tree):
        link.drop_tag()  # a subheading whose only link is to itself is not a link list
    for el in _EMPTY_INLINE(tree):
        if el.getparent() is not None:
            el.drop_tag()
    for el in _HIDDEN(tree) + _LINK_LISTS(tree):
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()
    body_chars = len(tree.text_content())
    for el in _SIDEBARS(tree):  # unless it holds most of the page's text
        if el.getparent() is not None and 2 * len(el.text_content()) < body_chars:
            el.drop_tree()
    _caption_paragraphs(tree)
    _unwrap_embedded_posts(tree)


def _unwrap_embedded_posts(tree) -> None:
    """Take each quoted social post out of the "social" boxes that hold only it."""
    for post in _EMBEDDED_POSTS(tree):
        size = len(post.text_content())
        for box in list(post.iterancestors()):
            if box.tag in ("body", "article", "main") or len(box.text_content()) > size + 80:
                break
            if _SHARE_NAMES.search(f"{box.get('class', '')} {box.get('id', '')}"):
                box.drop_tag()


def _is_media(caption) -> bool:
    """A video's or a player's caption (a clip's summary), not a picture's."""
    figure = next(caption.iterancestors("figure"), caption)
    if figure.find(".//video") is not None or figure.find(".//iframe") is not None:
        return True
    for el in (figure, figure.getparent()):
        if el is not None and _MEDIA.search(
                f"{el.get('class', '')} {el.get('id', '')} {el.get('data-media-type', '')}"):
            return True
    return False


def _labelled_list_items(tree) -> set[tuple[str, ...]]:
    """The items of lists under a "More stories" label, as word tuples.

    Such a list is furniture wherever it stands; trafilatura drops the label
    (a styled <div>) and keeps the list. Its items are recorded here and its
    block dropped after extraction: taking it out of the tree beforehand
    changes which part of the page trafilatura picks as the article.
    """
    items: set[tuple[str, ...]] = set()
    for el in _LABELLED_LISTS(tree):
        label = el.getprevious()
        if rules.is_prompt(_WS.sub(" ", label.text_content()).strip()):
            items.update(tuple(rules.words(li.text_content())) for li in el.iter("li"))
    return items


def _is_labelled_list(tag: str, text: str, items: set[tuple[str, ...]]) -> bool:
    lines = [tuple(rules.words(line)) for line in text.split("\n")]
    return tag == "list" and all(line in items for line in lines if line)


def _caption_paragraphs(tree) -> None:
    """On an illustrated post, put a paragraph of its caption in place of each figure.

    The figure itself goes (extractors drop figures whole, and class names
    with "caption" with them); its caption's text stays where it stood.
    """
    captions = [c for c in _CAPTIONS(tree)
                if len(rules.words(c.text_content())) >= 4 and not _is_media(c)]
    if len(captions) < ILLUSTRATED_CAPTIONS or any(
            _NEWS_TYPE.search(str(found)) for found in _DECLARED_TYPES(tree)):
        return
    for caption in captions:
        figure = next(caption.iterancestors("figure"), caption)
        if figure.getparent() is None:
            continue
        para = figure.makeelement("p", {})
        para.text = _WS.sub(" ", caption.text_content()).strip()
        para.tail = figure.tail
        figure.getparent().replace(figure, para)


def _description_words(tree) -> list[str]:
    found = _DESCRIPTION(tree)
    return rules.words(str(found[0])) if found else []


def _join_body_chunks(tree) -> None:
    """Move the paragraphs of later article-body chunks into the first chunk.

    Only for containers whose class names an article body and that repeat with
    the same class in different parents: one article split across layout
    cells, not a list of teasers. Sibling chunks are left alone: extractors
    already read them in order.
    """
    groups: dict[tuple[str, str], list] = {}
    for el in _BODY_CHUNKS(tree):
        cls = el.get("class", "")
        if _BODY_CLASS.search(cls) and "comment" not in cls.lower():
            groups.setdefault((el.tag, cls), []).append(el)
    for chunks in groups.values():
        if len(chunks) < 2 or any(c in chunks[0].iterancestors() for c in chunks[1:]):
            continue
        first = chunks[0]
        for chunk in chunks[1:]:
            parent = chunk.getparent()
            if parent is None or parent is first.getparent() or first in chunk.iterancestors():
                continue
            first.extend(list(chunk))
            chunk.drop_tree()


def clean_blocks(blocks: list[tuple[str, str]], titles: list[list[str]],
                 dek: list[str]) -> list[str]:
    """Article lines from trafilatura's (tag, text) blocks, boilerplate removed.

    Headings above the first paragraph go when they repeat the headline or the
    page description (the dek): both are metadata, kept apart. Link prompts
    and calls to action go wherever they are, and so does a list right after a
    prompt ("Related:" then links). A comment-thread header in the second half
    cuts the text there.
    """
    while blocks and blocks[0][0] == "head" and (
            rules.words(blocks[0][1]) in titles or rules.words(blocks[0][1]) == dek):
        blocks.pop(0)
    lines: list[tuple[str, str]] = []
    for tag, text in blocks:
        lines.extend((tag, line.strip()) for line in text.split("\n") if line.strip())
    cut = rules.comments_start([line for _, line in lines])
    if cut is not None:
        lines = lines[:cut]
    out: list[str] = []
    after_prompt = False
    for tag, line in lines:
        if rules.is_prompt(line):
            after_prompt = True
            continue
        if after_prompt and tag == "list":
            continue
        after_prompt = False
        if not (rules.is_call(line) or rules.is_teaser(line)):
            out.append(line)
    return out


#: The most copies of one paragraph a run keeps. A page that repeats a
#: paragraph thousands of times is hostile or broken, not an article, and every
#: later step would carry each copy (one step was quadratic in them).
MAX_REPEATS = 3


def _repeated_paragraphs(tree) -> dict[tuple[str, ...], int]:
    """Paragraphs a page shows several times in a row: words -> how many copies.

    Sibling `<p>` elements with the same text (8 words or more) in one
    container are all on the page, one after the other, and a reader reads
    each; trafilatura keeps one copy of adjacent duplicates (a guard against
    layout doubles, which sit in different containers). At most MAX_REPEATS.
    """
    runs: dict[tuple[str, ...], int] = {}
    for parent in _PARAGRAPH_PARENTS(tree):
        prev, count = None, 0
        for child in parent:
            key = (tuple(rules.words(child.text_content()))
                   if child.tag == "p" else None)
            if key and key == prev:
                count += 1
            else:
                prev, count = key, 1
            if key and len(key) >= 8 and count > 1:
                runs[key] = max(runs.get(key, 1), min(count, MAX_REPEATS))
    return runs


def _restore_repeats(lines: list[str], runs: dict[tuple[str, ...], int]) -> list[str]:
    """Put back the copies of a repeated paragraph that the extraction merged."""
    if not runs:
        return lines
    out: list[str] = []
    for k, line in enumerate(lines):
        out.append(line)
        key = tuple(rules.words(line))
        want = runs.get(key)
        if want is None or (k + 1 < len(lines) and tuple(rules.words(lines[k + 1])) == key):
            continue
        have = 1
        while have < len(out) and tuple(rules.words(out[-1 - have])) == key:
            have += 1
        out.extend([line] * (want - have))
    return out


def main_text(tree, url: str | None = None) -> str:
    """The article body as plain text, paragraphs separated by newlines.

    Cleans `tree` in place (trafilatura prunes it too): pass a fresh parse,
    which is cheaper than a deep copy.
    """
    titles, dek = _title_words(tree), _description_words(tree)
    runs = _repeated_paragraphs(tree)
    _prune(tree)
    _join_body_chunks(tree)
    labelled = _labelled_list_items(tree)
    long_page = sum(1 for _ in tree.iter("p")) > _LONG_PAGE_PARAGRAPHS
    import trafilatura  # imported on first use: commands that extract nothing start fast
    from trafilatura.xml import xmltotxt

    doc = trafilatura.bare_extraction(tree, url=url, include_comments=False,
                                      favor_precision=True, fast=long_page)
    if doc is None or doc.body is None:
        return ""
    blocks = [(el.tag, xmltotxt(el, False)) for el in doc.body]
    if labelled:
        blocks = [(tag, text) for tag, text in blocks
                  if not _is_labelled_list(tag, text, labelled)]
    return "\n".join(_restore_repeats(clean_blocks(blocks, titles, dek), runs))


_REASON_TAGS = {"nav": "navigation", "header": "header", "footer": "footer", "aside": "aside",
                "form": "form"}
_REASON_NAMES = (
    ("comment", "comments"), ("disqus", "comments"), ("cookie", "cookie notice"),
    ("consent", "cookie notice"), ("gdpr", "cookie notice"), ("newsletter", "newsletter"),
    ("subscribe", "newsletter"), ("related", "related links"), ("recommend", "related links"),
    ("share", "share bar"), ("social", "share bar"), ("breadcrumb", "navigation"),
    ("menu", "navigation"), ("navigation", "navigation"), ("navbar", "navigation"),
    ("sidebar", "aside"), ("footer", "footer"),
    ("header", "header"), ("caption", "caption"), ("credit", "caption"), ("byline", "byline"),
    ("author", "byline"), ("tags", "tags"), ("promo", "promotion"), ("advert", "advertisement"),
)


def _reason(el) -> str:
    """Why a block is boilerplate, from the nearest telling ancestor (or itself)."""
    for node in (el, *el.iterancestors()):
        names = f"{node.get('class', '')} {node.get('id', '')}".lower()
        if names.strip():
            for needle, reason in _REASON_NAMES:
                if needle in names:
                    return reason
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _REASON_TAGS:
            return _REASON_TAGS[tag]
        if tag == "figcaption":
            return "caption"
    return "boilerplate"


class _KeptText:
    """Answers "is this block part of the kept text?" in time linear in the text.

    A plain substring test (`block in text`) for every block of a page is
    quadratic in the page's size. Instead: whole lines in a set, and every
    word's positions in the text; a block is looked up at the positions of
    its rarest word and compared word by word there.
    """

    _MAX_PLACES = 64

    def __init__(self, text: str) -> None:
        self.lines = {" ".join(line.split()) for line in text.split("\n")}
        self.tokens = text.split()
        self.places: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            self.places.setdefault(token, []).append(i)

    def __contains__(self, block: str) -> bool:
        if block in self.lines:
            return True
        words = block.split()
        n = len(words)
        if n <= 2:  # too short to place: kept when its words stand together
            return any(self.tokens[i:i + n] == words for i in self.places.get(words[0], ())[:64])
        # anchor on the rarest inner word; the edge words may be parts of words
        # ("crowns" of "crowns,"), as in a substring test
        best, offset = None, 0
        for k in range(1, n - 1):
            found = self.places.get(words[k])
            if found is None:
                return False
            if best is None or len(found) < len(best):
                best, offset = found, k
        if len(best) > self._MAX_PLACES:
            return True  # every word of it repeated that often: treat as kept
        toks, inner = self.tokens, words[1:-1]
        for i in best:
            start = i - offset
            if (start >= 0 and start + n <= len(toks) and toks[start + 1:start + n - 1] == inner
                    and toks[start].endswith(words[0])
                    and toks[start + n - 1].startswith(words[-1])):
                return True
        return False


def dropped_blocks(tree, text: str) -> list[Dropped]:
    """Visible text blocks of the page that are not part of the extracted text.

    Each carries a reason taken from its markup (navigation, comments, related
    links, cookie notice...), or "boilerplate" when the markup says nothing.
    """
    kept = _KeptText(text)
    out: list[Dropped] = []
    seen: set[str] = set()
    body = tree.find("body")
    if body is None:
        return out
    for el in body.iter("p", "h1", "h2", "h3", "h4", "li", "figcaption", "blockquote", "td"):
        block = _WS.sub(" ", el.text_content()).strip()
        if not block or block in seen or block in kept:
            continue
        seen.add(block)
        out.append(Dropped(block[:500], _reason(el)))
    return out


def extract_html(html: str, url: str | None = None) -> Extraction:
    """Extract the article and its metadata from one HTML page."""
    tree = parse(html)
    meta = html_metadata(tree, url)
    text = main_text(parse(html), url)
    if not text.strip():
        raise NoArticleError("no article text found in the page")
    return Extraction(
        text=text,
        title=meta.title,
        dek=meta.dek,
        author=meta.author,
        site=meta.site,
        language=language.choose(meta.language, text),
        section=meta.section,
        tags=meta.tags,
        date_evidence=meta.date_evidence,
        dropped=tuple(dropped_blocks(tree, text)),
    )
