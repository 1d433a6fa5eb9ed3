"""The Gradio app served for real and driven through gradio_client, as a browser session would."""

from __future__ import annotations

import pytest
from gradio_client import Client

from tutor.config import load_settings
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
    chat_b = b.predict("and what about its input format?", [], api_name="/ask")[0]
    assert len(chat_b) == 2  # b's conversation has only its own turn


def test_binding_beyond_loopback_needs_authentication(corpus_settings):
    wide = load_settings(notes_dir=corpus_settings.index.notes_dir, home=corpus_settings.data_dir, host="0.0.0.0")
    with pytest.raises(UnsafeBind, match="TUTOR_AUTH"):
        launch(wide)


def test_note_text_is_escaped_not_rendered():
    from tutor.passages import Passage
    from ui.render import answer_markdown, passage_html

    evil = Passage("x", "evil.md", "<b>Head</b>", 1, 1, "prose", '<script>alert(1)</script> <img src=x onerror=alert(2)>')
    html = passage_html(evil, 1)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<img" not in html
    md = answer_markdown("Says <script>x</script> [1] and [7].", 1)
    assert "<script>" not in md and 'data-n="1"' in md and "[7]" not in md
