"""The text rules every layer shares: what a sentence, a bullet, a table row, a heading path and a
citation marker look like, and how text is cleaned and normalised for matching.

One home for each rule, so the chunker, the question parser, the answer composer, the practice
generator and the UI all cut and compare text the same way.
"""

from __future__ import annotations

import html
import re

HEADING_SEP = " > "  # "Domain 3: Modeling > 3.4: Perform hyperparameter optimization"

# A sentence ends at . ! ? followed by space and a capital, digit, quote or bracket ("0.5" stays whole).
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(\[])")
# A bullet or numbered list item: "- x", "• x", "3. x", "2) x".
BULLET_RE = re.compile(r"^(\s*)(?:[-*+•●▪◦]|\d{1,3}[.)])\s+\S")
BULLET_MARK_RE = re.compile(r"^\s*(?:[-*+•●▪◦]|\d{1,3}[.)])\s+")
# "See here: [[Drug Metabolism]]", "See here for a primer on signaling subunits: [[Signal Transduction Primer]]": a
# pointer to another note says nothing itself
SEE_LINK_RE = re.compile(r"^\s*(?:[-*+]\s+)?(?:see|refer\s+to|cf\.?)\b[^\[\]]*?:?\s*"
                         r"(?:(?:\[\[[^\]]+\]\]|\[[^\]]+\]\([^)]*\))[\s,;.]*(?:and\s+|or\s+)?)+$", re.I)
# A Markdown table's separator row: |---|:---:|
TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?\s*$")
# A citation marker in an answer: [3]
CITE_RE = re.compile(r"\[(\d{1,2})\]")
URL_LINE_RE = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$")
IMAGE_RE = re.compile(r"\bimage-\d{8,}\b|!\[[^\]]*\]\([^)]*\)|!\[\[[^\]]*\]\]")  # also an Obsidian embed ![[x.png]]
WORD_RE = re.compile(r"[A-Za-z0-9][\w'’&/+.-]*")
# Only real HTML tags: a note's "<label> <index0>:<value0>" is content, not markup.
HTML_TAG_RE = re.compile(r"</?(?:ul|ol|li|b|i|u|em|strong|code|pre|p|br|sup|sub|span|div|table|thead|tbody|tfoot|caption|colgroup|col|tr|td|th|a|img|hr|blockquote|small|mark|del|ins|s|h[1-6])"
                         r"(?:\s[^>]*)?/?>", re.I)
ANY_TAG_RE = re.compile(r"<[^>]+>")
# a tag as shown markup is written: "<" right before a name, "/" or "!" ("<br>", "</td>", "<!-- -->"); a comparison
# in the note's own words ("Temperature < 40 AND Location <> 'South America'") is not one
MARKUP_TAG_RE = re.compile(r"<[A-Za-z/!][^<>]*>")
HTML_ELEMENTS = frozenset("""a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption
center cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure font
footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label legend li link main map mark meta meter
nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script section select
small source span strong style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track u
ul var video wbr""".split())


def markup_out(text: str) -> str:
    """A line's words without its markup tags ("<br>", "<span class=...>", "</td>", "<ReactPlayer ... />"); a
    placeholder the notes write in angle brackets ("https://<storage-account>.blob.core.windows.net/<container>",
    "--name <YourKeyVaultName>") is words, not a tag, and stays."""
    def tag(m: re.Match) -> str:
        name = re.fullmatch(r"<([A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*)>", m.group(0))
        return m.group(0) if name and name.group(1).lower() not in HTML_ELEMENTS else " "
    return MARKUP_TAG_RE.sub(tag, text)


def indent_of(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def is_blank(line: str) -> bool:
    return not line.strip()


def strip_md(text: str) -> str:
    """Drop inline Markdown emphasis and any tag, so predicates see the words."""
    text = ANY_TAG_RE.sub(" ", text)
    return re.sub(r"[*_`]+", "", text).strip()


# CommonMark's backslash escape: a backslash before ASCII punctuation shows that character as written
ESCAPED_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def clean(text: str) -> str:
    """Markdown/HTML-free single line, for display and matching: tags, emphasis, a leading bullet and
    link targets go; the words stay."""
    text = re.sub(r"<sup>\s*\d{1,3}\s*</sup>", "", text, flags=re.I)  # footnote markers
    text = re.sub(r"image-\d{8,}", " ", text)  # placeholders of images the export left out, even glued to a word
    text = HTML_TAG_RE.sub(" ", text)
    text = re.sub(r"\*\*|__|`", "", text)
    text = BULLET_MARK_RE.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\(#?[^)]*\)", r"\1", text)  # [label](link) -> label
    text = wikilinks_as_text(re.sub(r"!\[\[[^\]]*\]\]", " ", text))  # [[Note#Part|label]] -> label; an embed goes
    text = html.unescape(text)  # "&ldquo;mechanical arts&rdquo;" reads as the note shows it
    text = ESCAPED_RE.sub(r"\1", text)  # "Machiavelli \(The Prince\)": a backslash escape shows its character
    return re.sub(r"\s+", " ", text).strip()


def gist(text: str, limit: int = 160) -> str:
    """What a line says, short: its first sentence, cut at a word (the context of the lines under it)."""
    sentences = SENTENCE_RE.split(text.strip())
    # a mark of the author's own ("🧊." for "costs more") is not what the line says: its first sentence with words
    first = next((x for x in sentences if re.search(r"[A-Za-z0-9]", x)), sentences[0])
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0]


def normalize(text: str) -> str:
    """Lower case, punctuation to spaces, runs of space folded: the form texts are compared in.

    >>> normalize("  Amazon **S3** (Standard-IA)! ")
    'amazon s3 standard ia'
    """
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def contains(haystack: str, needle: str) -> bool:
    """`needle` occurs in `haystack` once both are cleaned and normalised (an empty needle never does)."""
    n = normalize(clean(needle))
    return bool(n) and f" {n} " in f" {normalize(clean(haystack))} "


def split_sentences(text: str) -> list[str]:
    """Sentences of a text; a line break always ends one."""
    parts = []
    for para in re.split(r"\n+", text.strip()):
        parts.extend(s.strip() for s in SENTENCE_RE.split(para) if s.strip())
    return parts


def is_table_row(line: str) -> bool:
    """A pipe table's row, or a tab-separated one: tabs between cells, not the tabs that indent a nested list
    item ("\t\t- worked in factories" is an item under its parent, not a row), nor the pipes of Obsidian links'
    shown names ("(e.g. dopamine, [[Synaptic Cell Biology#Key Neurotransmitter Metabolism|serotonin]], ...)")."""
    return re.sub(r"\[\[[^\]]*\]\]", "", line).count("|") >= 2 or line.strip().count("\t") >= 2


def split_cells(line: str) -> list[str]:
    """The cells of a pipe or tab-separated table row, raw (not cleaned). "\\|" is a pipe inside a cell, as GFM
    writes it ("[[Resting Potential#Ion Channels\\|Ion Channel]]"), not a cell's end."""
    if "\t" in line:
        return line.split("\t")
    return re.split(r"(?<!\\)\|", line.strip().strip("|"))


# one HTML list item's end and the next one's start inside a cell, with the bullet its text may open on ("<li>• ...")
ITEM_BREAK_RE = re.compile(r"</li>\s*<li\b[^>]*>\s*(?:[•●▪◦]\s*)?", re.I)


def joined_items(cell: str) -> str:
    """A table cell's HTML list items as '; '-separated text (raw: markup other than the items stays)."""
    return ITEM_BREAK_RE.sub("; ", cell)


def cells(line: str) -> list[str]:
    """The cells of a table row, cleaned; HTML list items inside a cell become '; '-separated."""
    return [clean(joined_items(c)).strip(" •;") for c in split_cells(line)]


HTML_TABLE_RE = re.compile(r"<table\b.*?</table>", re.I | re.S)


def html_table_rows(line: str) -> list[list[str]]:
    """The rows of an HTML table written on one line (as some exports write them), each a list of cleaned cells
    (list items inside a cell '; '-separated, like `cells`); [] when the line holds no whole table."""
    from html.parser import HTMLParser

    m = HTML_TABLE_RE.search(line)
    if not m:
        return []
    rows: list[list[str]] = []

    class _Rows(HTMLParser):
        cell: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                rows.append([])
            elif tag in ("td", "th") and rows:
                self.cell = []
            elif tag == "li" and self.cell is not None and self.cell:
                self.cell.append(" " if "".join(self.cell).rstrip()[-1:] in (".", "!", "?") else "; ")

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None and rows:
                rows[-1].append(clean("".join(self.cell)).strip(" ;"))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    _Rows(convert_charrefs=True).feed(m.group(0))
    return [r for r in rows if any(r)]


def is_title_like(line: str, max_words: int = 9) -> bool:
    """A short standalone line that reads like a section title, e.g. 'Batch processing'.

    Not: bullets, sentences ending in '.', URLs, image placeholders, formulas, arrows, lone letters.
    """
    raw = line.strip()
    if not raw or raw.startswith(("=>", "$$", "|", ">", "<http", "[", "!", "(", "```")):
        return False
    if "\t" in line or BULLET_RE.match(line) or URL_LINE_RE.match(raw) or IMAGE_RE.search(raw):
        return False
    text = strip_md(raw)
    if len(text) < 3 or len(text) > 90 or text[-1] in ".,;!" or not text[0].isalnum():
        return False
    if text[0].islower():
        return False
    if re.search(r"\S:\s*\S.*[/+*]", text) or "=" in text:  # "Precision: TP/(TP+FP)", "Residual = actual - predicted"
        return False
    # "Title (use AWS Glue)": a plain aside at the end is not counted
    words = WORD_RE.findall(text if ":" in text else re.sub(r"\s*\([^()]*\)$", "", text))
    if text.endswith(":") and len(words) > 5:  # "There are ... algorithms for X:" introduces a list
        return False
    return 1 <= len(words) <= max_words and sum(c.isalpha() for c in text) >= 3


# Obsidian links as a reader sees them: [[Note#Part|shown]] -> "shown", [[Note#Part]] -> "Part", [[Note]] -> "Note"
WIKILINK_RE = re.compile(r"!?\[\[([^\]|#]*)(?:#([^\]|]*))?(?:\\?\|([^\]]*))?\]\]")
_QUESTION_WORDS = {"what", "why", "how", "when", "where", "who", "whom", "whose", "which", "is", "are", "was", "were",
                   "do", "does", "did", "can", "could", "should", "would", "will", "in", "to", "if"}
_TASK_WORDS = {"describe", "explain", "list", "name", "compare", "contrast", "identify", "discuss", "summarize",
               "summarise", "define", "outline", "analyze", "analyse", "evaluate", "fill", "read", "briefly"}


def wikilinks_as_text(text: str) -> str:
    return WIKILINK_RE.sub(lambda m: (m.group(3) or m.group(2) or m.group(1)).strip(), text)


def shown_heading(text: str) -> str:
    """A heading's words as shown to a student: tags and wikilink brackets gone, spaces folded, no closing ':'."""
    text = wikilinks_as_text(ANY_TAG_RE.sub(" ", text))
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip()


def is_title_case(text: str) -> bool:
    """Most words of four or more letters start with a capital, as in a title ('Contention Over Germany',
    'Disagreements over Eastern Europe'), not a sentence ('What is total war?')."""
    words = [w for w in WORD_RE.findall(text) if len(w) >= 4 and w[0].isalpha()]
    if not words:
        return text[:1].isupper()
    return sum(w[0].isupper() for w in words) >= 0.6 * len(words) and text[:1].isupper()


def is_outline_title(text: str) -> bool:
    """A list item that reads as a section title: short, capitalised like a title, not a sentence, a label ending
    in ':' or a question put to the reader ('Prelude to War (1933-1939)', 'Confrontation of the Superpowers: Who
    Started the Cold War?' yes; 'What is total war?', 'Bessemer Process:', 'economic factors' no)."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text.strip())  # a closing aside, e.g. dates, does not count
    words = WORD_RE.findall(text)
    if not text or not 1 <= len(words) <= 12 or text[-1] in ".,;:!" or URL_LINE_RE.match(text):
        return False
    if (text.endswith("?") and words[0].lower() in _QUESTION_WORDS) or words[0].lower() in _TASK_WORDS:
        return False  # a question or a task put to the reader, not a title
    return is_title_case(text)
