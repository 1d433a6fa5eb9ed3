"""Collections in the served app, driven over HTTP as browsers would: each browser session switches on
its own, the tabs' handlers follow the switch, a second indexing of the same notes is refused with a
message, and with TUTOR_AUTH set an upload needs the login and is size-limited."""

from __future__ import annotations

import threading

import httpx
import pytest
from gradio_client import Client

from conftest import on_free_port, serving
from tutor.collections import Collections
from tutor.config import load_settings
from tutor.session import Session


def _notes(tmp_path, name: str, text: str):
    folder = tmp_path / name
    folder.mkdir()
    (folder / f"{name}.md").write_text(text)
    return folder


@pytest.fixture
def app_with_two(tmp_path):
    first = _notes(tmp_path, "biology", "# Enzymes\n\nAn enzyme is a protein that speeds up a chemical reaction.\n")
    other = _notes(tmp_path, "history", "# Westphalia\n\nThe Peace of Westphalia (1648) ended the Thirty Years' "
                                        "War.\n")
    settings = on_free_port(load_settings(notes_dir=first, home=tmp_path / "home"))
    session = Session(settings, use_model=False)
    session.ingest()
    Collections(settings).create("History", folder=other)
    with serving(session) as (url, app):
        yield url, app
    session.close()


def _answer(client: Client, question: str) -> tuple[str, list[str]]:
    chat, _box, sources, _passage, _notice = client.predict(question, [], api_name="/ask")
    content = chat[-1]["content"]
    text = content[0]["text"] if isinstance(content, list) else content
    return text, [c[0] for c in sources["choices"]]


def test_each_browser_session_switches_on_its_own(app_with_two):
    url, app = app_with_two
    a, b = Client(url, verbose=False), Client(url, verbose=False)
    a.predict("History", api_name="/switch_collection")
    said = a.predict(api_name="/index_notes")[0]
    assert "Indexed" in said, said
    text, sources = _answer(a, "What did the Peace of Westphalia end?")
    assert "Thirty Years" in text and any("history.md" in s for s in sources)
    text, sources = _answer(b, "What did the Peace of Westphalia end?")  # b never switched: the biology notes
    assert not any("history.md" in s for s in sources)
    _, sources = _answer(b, "What is an enzyme?")
    assert any("biology.md" in s for s in sources)


def test_an_uploaded_file_removed_in_the_page_loses_its_passages(app_with_two, tmp_path):
    from tutor.uploads import save_uploads

    url, app = app_with_two
    col = app.workspace.collections.create("Uploads")
    for name, text in (("mitosis.md", "# Mitosis\n\nMitosis makes two identical daughter cells.\n"),
                       ("meiosis.md", "# Meiosis\n\nMeiosis makes four gametes with half the chromosomes.\n")):
        (tmp_path / name).write_text(text)
        save_uploads([(name, tmp_path / name)], col.notes_dir, max_mb=10)
    client = Client(url, verbose=False)
    client.predict("Uploads", api_name="/switch_collection")
    assert "Indexed" in client.predict(api_name="/index_notes")[0]
    assert any("mitosis.md" in s for s in _answer(client, "What does mitosis make?")[1])
    said, _summary, table, _pick = client.predict("mitosis.md", api_name="/remove_note")
    assert "Removed" in said and "Indexed" in said
    assert [row[0] for row in table["data"]] == ["meiosis.md"]
    assert not (col.notes_dir / "mitosis.md").exists()
    assert not any("mitosis.md" in s for s in _answer(client, "What does mitosis make?")[1])


def test_a_second_indexing_of_the_same_notes_gets_a_message(app_with_two):
    url, app = app_with_two
    session = app.workspace.root
    inside, release = threading.Event(), threading.Event()

    def slow(stage, done, total):
        inside.set()
        release.wait(60)

    worker = threading.Thread(target=session.ingest, kwargs={"progress": slow})
    worker.start()
    try:
        assert inside.wait(60)
        said = Client(url, verbose=False).predict(api_name="/index_notes")[0]
        assert "Not indexed" in said and "being indexed already" in said
        _, sources = _answer(Client(url, verbose=False), "What is an enzyme?")  # chat is not blocked meanwhile
        assert any("biology.md" in s for s in sources)
    finally:
        release.set()
        worker.join(120)


def test_with_a_login_uploads_need_it_and_are_size_limited(tmp_path):
    notes = _notes(tmp_path, "biology", "# Enzymes\n\nAn enzyme is a protein.\n")
    settings = on_free_port(load_settings(env={"TUTOR_MAX_UPLOAD_MB": "0.01"}, notes_dir=notes,
                                          home=tmp_path / "home", auth="student:secret"))
    session = Session(settings, use_model=False)
    small, big = {"files": ("a.md", b"# A\n\nsmall\n")}, {"files": ("b.md", b"x" * 40_000)}
    with serving(session) as (url, app):
        with httpx.Client(base_url=url, timeout=30) as http:
            assert http.post("gradio_api/upload", files=small).status_code in (401, 403)
            assert http.post("login", data={"username": "student", "password": "secret"}).status_code == 200
            assert http.post("gradio_api/upload", files=small).status_code == 200
            too_big = http.post("gradio_api/upload", files=big)
            assert too_big.status_code == 413, too_big.text
    session.close()
