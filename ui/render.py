"""HTML and Markdown shown in the UI. Everything that comes from the notes is escaped: a note
containing <script> or fake markup is shown as text, never rendered."""

from __future__ import annotations

import html
import re

from tutor.passages import Passage

CITE_RE = re.compile(r"\[(\d{1,2})\]")
FENCED_RE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?\n\1[ \t]*$", re.M | re.S)  # a fenced code block


def escape_md(text: str) -> str:
    """Text from notes, safe inside Markdown rendered by the chat: no live HTML."""
    return html.escape(text, quote=False)


def answer_markdown(text: str, n_citations: int) -> str:
    """Escape the answer, then turn resolvable [n] markers into clickable citation chips. A fenced block (the
    notes' own code) is shown as preformatted text, escaped like the rest, and `args[1]` in it is no citation."""

    def chip(m: re.Match) -> str:
        n = int(m.group(1))
        if 1 <= n <= n_citations:
            return f'<span class="cite" data-n="{n}" title="Open source {n}">[{n}]</span>'
        return ""  # a marker that points nowhere is dropped, never shown dangling

    out, at = [], 0
    for m in FENCED_RE.finditer(text):
        body = m.group(0).split("\n")[1:-1]  # the lines between the fences
        out += [CITE_RE.sub(chip, escape_md(text[at : m.start()])),
                '<pre class="code"><code>' + html.escape("\n".join(body)) + "</code></pre>"]
        at = m.end()
    return "".join(out + [CITE_RE.sub(chip, escape_md(text[at:]))])


def citation_label(n: int, p: Passage) -> str:
    heading = f" · {p.heading}" if p.heading else ""
    return f"[{n}] {p.location}{heading}"


def passage_html(p: Passage | None, n: int | None = None, context: list[tuple[int, str]] | None = None) -> str:
    """The cited lines with their line numbers; `context` lines around them are shown dimmed."""
    if p is None:
        return '<div class="passage empty">Click a citation to see the passage it points to.</div>'
    title = f"[{n}] " if n else ""
    rows = []
    cited = range(p.start_line, p.end_line + 1)
    if context:
        lines = context
    else:
        lines = list(zip(cited, p.text.split("\n")))
    for num, line in lines:
        cls = "hit" if num in cited else "ctx"
        rows.append(f'<div class="ln {cls}"><span class="no">{num}</span><span class="tx">{html.escape(line) or "&nbsp;"}</span></div>')
    return (
        f'<div class="passage"><div class="where"><b>{html.escape(title + p.location)}</b></div>'
        f'<div class="heading">{html.escape(p.heading)}</div>'
        f'<div class="lines">{"".join(rows)}</div></div>'
    )


CSS = """
#chat pre.code, #chat pre.code code { white-space: pre-wrap !important; word-break: break-word; }
.cite { cursor: pointer; color: var(--color-accent); font-weight: 600; font-size: 0.85em; padding: 0 1px; }
.cite:hover { text-decoration: underline; }
.passage .where { font-family: var(--font-mono); margin-bottom: 2px; }
.passage .heading { color: var(--body-text-color-subdued); margin-bottom: 8px; }
.passage .lines { font-family: var(--font-mono); font-size: 0.85em; white-space: pre-wrap; word-break: break-word;
  border: 1px solid var(--border-color-primary); border-radius: 6px; max-height: 28rem; overflow-y: auto; }
.passage .ln { display: flex; gap: 10px; padding: 1px 6px; }
.passage .ln.hit { background: var(--color-accent-soft); }
.passage .ln.ctx { opacity: 0.55; }
.passage .no { color: var(--body-text-color-subdued); min-width: 3.5em; text-align: right; user-select: none; }
.notice { color: var(--color-orange-600, #c2410c); }
.timer { font-size: 1.3em; font-weight: 700; text-align: right; }
.timer.low { color: #dc2626; }
.review { border-left: 4px solid #16a34a; padding: 6px 10px; margin: 8px 0; }
.review.bad { border-left-color: #dc2626; }
.review li.key { font-weight: 600; }
.review li.key::after { content: " ✔ key"; color: #16a34a; }
.review li.yours:not(.key)::after { content: " ✘ your pick"; color: #dc2626; }
.review li.key.yours::after { content: " ✔ key · your pick"; color: #16a34a; }
.review .srcs { font-size: 0.85em; color: var(--body-text-color-subdued); }
"""

# Clicking a [n] chip in an answer selects source n in the Sources list (which opens the passage).
JS = """
() => {
  document.addEventListener('click', (ev) => {
    const chip = ev.target.closest && ev.target.closest('.cite');
    if (!chip) return;
    // (the chat's Markdown sanitizer drops data- attributes: the chip's own "[n]" says which source it is)
    const n = chip.dataset.n || (chip.textContent.match(/\d+/) || [])[0];
    const inputs = document.querySelectorAll('#sources input[type=radio]');
    for (const input of inputs) {
      const label = input.closest('label');
      if (label && label.textContent.trim().startsWith('[' + n + ']')) { input.click(); break; }
    }
  });
}
"""
