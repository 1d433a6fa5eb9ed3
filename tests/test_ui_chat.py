"""The Gradio app served for real and driven through gradio_client, as a browser session would."""

from __future__ import annotations

import pytest
from gradio_client import Client

from tutor.config import load_settings
from tutor.session import Session
from ui.app import UnsafeBind, launch


@pytest.fixture
def served(served_app):
    return served_app


def test_chat_answers_with_citations_and_opens_the_passage(served):
    url, _ = served
    client = Client(url, verbose=False)
    chat, box, sources, passage, notice = client.predict("What does Pipe mode do and when should I use it?",
                                                         [], api_name="/ask")
    answer = chat[-1]["content"][0]["text"] if isinstance(chat[-1]["content"], list) else chat[-1]["content"]
    assert 'class="cite"' in answer and "Pipe mode" in answer
    labels = [c[0] for c in sources["choices"]]
    assert labels and labels[0].startswith("[1] ")
    html = client.predict(labels[-1], api_name="/open_citation")
    location = labels[-1].split(" ")[1]
    assert location in html and 'class="ln hit"' in html


def test_sessions_do_not_share_history(served):
    url, _ = served
    a, b = Client(url, verbose=False), Client(url, verbose=False)
    a.predict("What is Object2Vec?", [], api_name="/ask")
    notice_a = a.predict("and what about its input format?", [], api_name="/ask")[4]
    notice_b = b.predict("and what about its input format?", [], api_name="/ask")[4]
    assert "Object2Vec" in notice_a  # a's follow-up is read with a's history ("Read as: ...")
    assert "Object2Vec" not in notice_b  # b has no such history: nothing leaks across sessions


def test_which_one_after_a_comparison_chooses_between_its_two_sides(served):
    # the app kept only question/answer/query of each turn, so a follow-up had no subject to lean on
    url, _ = served
    client = Client(url, verbose=False)
    client.predict("What's the difference between normalization and standardization?", [], api_name="/ask")
    chat, _, _, _, notice = client.predict("Which one should I use if my data has a lot of outliers?", [],
                                           api_name="/ask")
    answer = chat[-1]["content"][0]["text"] if isinstance(chat[-1]["content"], list) else chat[-1]["content"]
    assert "normalization or standardization" in notice, notice
    assert "outliers" in answer and "Standardization" in answer, answer


def test_binding_beyond_loopback_needs_authentication(corpus_settings):
    wide = load_settings(notes_dir=corpus_settings.index.notes_dir, home=corpus_settings.data_dir, host="0.0.0.0")
    with pytest.raises(UnsafeBind, match="TUTOR_AUTH"):
        launch(Session(wide))


def test_note_text_is_escaped_not_rendered():
    from tutor.passages import Passage
    from ui.render import answer_markdown, passage_html

    evil = Passage("x", "evil.md", "<b>Head</b>", 1, 1, "prose", '<script>alert(1)</script> <img src=x onerror=alert(2)>')
    html = passage_html(evil, 1)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<img" not in html
    md = answer_markdown("Says <script>x</script> [1] and [7].", 1)
    assert "<script>" not in md and 'data-n="1"' in md and "[7]" not in md


def test_a_nearest_passage_opens_itself_not_one_whose_location_it_contains(tmp_path):
    """'(nearest 2) ml-notes.md:1-12' must not open 'notes.md:1-12', although one location contains the other."""
    from types import SimpleNamespace

    from ui.chat_tab import show_citation
    from tutor.passages import Passage

    notes = tmp_path / "notes"
    notes.mkdir()
    for name, word in (("notes.md", "apples"), ("ml-notes.md", "gradients")):
        (notes / name).write_text("\n".join(f"{word} line {i}" for i in range(1, 13)) + "\n")
    ps = [Passage(f"c{i}", name, "H", 1, 12, "prose", (notes / name).read_text()) for i, name in
          enumerate(("notes.md", "ml-notes.md"), 1)]
    cites = {f"n{i}": p.to_dict() for i, p in enumerate(ps, 1)}
    services = SimpleNamespace(settings=load_settings(notes_dir=notes, home=tmp_path / "home"))
    html = show_citation(services, "(nearest 2) ml-notes.md:1-12 · H", cites)
    assert "gradients" in html and "apples" not in html
    assert "apples" in show_citation(services, "(nearest 1) notes.md:1-12 · H", cites)


def test_an_answer_in_the_notes_code_is_shown_escaped_and_its_brackets_are_no_citations():
    from ui.render import answer_markdown

    md = answer_markdown("Your notes show this in code [1]:\n\n```cs\nx = args[1] < y; // <script>\n```\nSee [1].", 1)
    assert '<pre class="code"><code>x = args[1] &lt; y; // &lt;script&gt;</code></pre>' in md
    assert md.count('class="cite"') == 2 and "<script>" not in md
