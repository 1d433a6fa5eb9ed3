"""The practice tab of the running app, driven through gradio_client: generate, answer, submit,
review, export; the notes' sample questions; weak topics."""

from __future__ import annotations

import re
from pathlib import Path

from gradio_client import Client


def _client(served_app) -> Client:
    return Client(served_app[0], verbose=False)


def _find(outputs, needle):
    return next(o for o in outputs if isinstance(o, str) and needle in o)


def test_generate_answer_submit_and_export(served_app):
    c = _client(served_app)
    out = c.predict(3, "Any", "", "easy", api_name="/generate")
    assert "3 questions, each checked against your notes" in out[0] and "Rejected" not in out[0] and "Question 1 of 3" in out[1], out[:2]
    single = out[2]
    first_letter = single["choices"][0][1]
    # answer the first option of each question and move on; a question back for review from the shared
    # history may be a multi-select, so the pick goes in both boxes (the app reads the one it shows)
    for _ in range(2):
        c.predict(first_letter, [first_letter], api_name="/pick")
        c.predict(first_letter, [first_letter], api_name="/next")
    res = c.predict(first_letter, [first_letter], api_name="/submit")
    score = _find(res, "Score:")
    review = _find(res, 'class="review')
    assert review.count('class="review') == 3 and "Sources:" in review, (score, review)
    # the answers we gave are recorded and shown (class "yours"; "key yours" when right), and the score
    # is exactly the number of questions where the option we picked is the key
    assert len(re.findall(r'class="[^"]*\byours\b', review)) == 3, review
    right = review.count('class="review ok"')  # the questions marked right: the picks were exactly the keys
    assert re.search(rf"Score: {right}/3\b", score), (right, score)
    path, msg = c.predict("Anki deck (.apkg)", api_name="/export")
    assert Path(path).suffix == ".apkg" and "Exported 3" in msg, msg
    # open the deck the UI made: one note and one card per question, in one deck named for the set
    import json
    import sqlite3
    import zipfile

    with zipfile.ZipFile(path) as zf:
        zf.extract("collection.anki2", Path(path).parent / "unz")
    conn = sqlite3.connect(Path(path).parent / "unz" / "collection.anki2")
    try:
        notes = conn.execute("SELECT id, flds FROM notes").fetchall()
        cards = conn.execute("SELECT nid, did FROM cards").fetchall()
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
    finally:
        conn.close()
    assert len(notes) == 3 and len(cards) == 3 and {n for n, _ in cards} == {i for i, _ in notes}
    (deck_id,) = {d for _, d in cards}
    assert decks[str(deck_id)]["name"].startswith("Practice")
    for _, flds in notes:
        front, back = flds.split("\x1f")
        assert "<b>A.</b>" in front and "Answer: " in back and "file:///" in back  # a link to the cited lines


def test_notes_sample_questions_and_weak_topics(served_app):
    c = _client(served_app)
    out = c.predict("Modeling", api_name="/samples")
    assert "Sample questions from your notes" in out[0] and "from your notes" in out[1]
    c.predict(None, [], api_name="/submit")  # nothing answered: all wrong, their topics become weak
    table = c.predict(api_name="/weak_topics")
    rows = table["data"] if isinstance(table, dict) else table
    # all missed: FSRS brings each back after its one-minute relearning step, and the table says when
    missed = [r for r in rows if r[4] == 0]  # (other tests in this module answered some topics right)
    assert missed and all(r[5] in ("now", "in 1 min", "in under a minute") for r in missed), rows[:3]
