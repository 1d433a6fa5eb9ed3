"""A short practice set run inside the conversation: "Quiz me on Kinesis".

The tutor asks one generated question at a time; the student replies with letters ("b", "A and C");
the tutor says whether that was right, why (the option's rationale, cited to the notes' lines) and asks
the next one. At the end it gives the score and saves the attempt to the practice history, where missed
topics come back for review. The state of a running quiz travels with the conversation (`Turn.quiz`),
so a browser session or a terminal chat carries it without any server-side session store.
"""

from __future__ import annotations

import re
import time
from typing import Callable

from ingest.records import QuestionRecord
from tutor.passages import Passage
from tutor.text import defuse

QUIZ_SIZE = 5
ANSWER_RE = re.compile(r"^\s*(?:(?:my\s+)?answers?\s*(?:is|are)?\s*:?\s*)?(?P<letters>[A-Ja-j](?:\s*(?:,|and|&|/|\s)\s*[A-Ja-j])*)"
                       r"\s*[.!]?\s*$")
SKIP_RE = re.compile(r"^\s*(?:skip|pass|next|i\s+don'?t\s+know|no\s+idea|stop|quit|end|enough)\b", re.I)


def is_answer_reply(text: str) -> bool:
    return bool(ANSWER_RE.match(text) or SKIP_RE.match(text))


def _letters(text: str) -> list[str]:
    m = ANSWER_RE.match(text)
    return sorted({c.upper() for c in re.findall(r"[A-Ja-j]", m.group("letters"))}) if m else []


def _question_md(q: QuestionRecord, i: int, n: int) -> str:
    select = f" **(Select {len(q.answer)})**" if q.multi and "Select" not in q.stem else ""
    opts = "\n".join(f"- **{k}.** {defuse(v)}" for k, v in q.options.items())
    return f"**Question {i + 1} of {n}**\n\n{defuse(q.stem)}{select}\n\n{opts}\n\nReply with the letter(s)."


class QuizFlow:
    def __init__(self, practice: Callable) -> None:
        self.practice = practice  # returns the PracticeService (made on first use)

    def start(self, question: str, topic: str, notice: str | None = None):
        from tutor.answer import Answer

        svc = self.practice()
        pset = svc.practice(QUIZ_SIZE, topic=topic or None, seed=int(time.time()), review=True)
        if not pset.questions:
            text = (f"I could not write practice questions on “{defuse(topic)}” from your notes: "
                    f"{defuse(pset.report.message() if pset.report else 'no usable facts')}")
            return Answer(question, topic, "quiz", text, notice=notice, intent="quiz")
        state = {"set_id": pset.id, "title": pset.title, "topic": topic, "i": 0, "answers": {},
                 "started": time.time(), "done": False,
                 "questions": [q.model_dump(mode="json", exclude_none=True) for q in pset.questions]}
        n = len(pset.questions)
        head = f"Here are {n} practice questions on “{defuse(topic)}”, written from your notes." if topic else \
            f"Here are {n} practice questions from your notes."
        text = head + "\n\n" + _question_md(pset.questions[0], 0, n)
        return Answer(question, topic, "quiz", text, notice=notice, quiz=state, subject=topic, intent="quiz")

    def answer(self, question: str, reply: str, state: dict):
        from tutor.answer import Answer, _Citations

        qs = [QuestionRecord.model_validate(x) for x in state["questions"]]
        i = state["i"]
        q = qs[i]
        state = {**state, "answers": dict(state["answers"])}
        stop = bool(re.match(r"^\s*(stop|quit|end|enough)\b", reply, re.I))
        picked = _letters(reply)
        cites = _Citations()
        parts = []
        if not stop:
            state["answers"][q.id] = picked
            right = set(picked) == set(q.answer)
            verdict = "✔ Right." if right else f"✘ Not quite: the answer is **{', '.join(q.answer)}**."
            why = []
            for k in q.answer + [x for x in picked if x not in q.answer]:
                rat = q.rationales.get(k)
                if rat:
                    why.append(f"- **{k}.** {defuse(q.options[k])} — {defuse(rat)}")
            src = q.citations[0] if q.citations else None
            cite = ""
            if src is not None:
                n = cites.n(Passage("", src.file, src.heading, src.lines[0], src.lines[1], "citation", src.quote or ""))
                cite = f" [{n}]"
            parts.append(verdict + cite + ("\n" + "\n".join(why) if why else ""))
            i += 1
        if stop or i >= len(qs):
            state["done"] = True
            state["i"] = i
            parts.append(self._finish(qs, state))
        else:
            state["i"] = i
            parts.append(_question_md(qs[i], i, len(qs)))
        return Answer(question, state.get("topic", ""), "quiz", "\n\n".join(parts), cites.list(), quiz=state,
                      subject=state.get("topic", ""), intent="quiz")

    def _finish(self, qs: list[QuestionRecord], state: dict) -> str:
        from tutor.practice.model import PracticeSet
        from tutor.practice.store import AttemptStoreError

        svc = self.practice()
        asked = [q for q in qs if q.id in state["answers"]]
        if not asked:
            return "Quiz stopped before any answer; nothing was saved."
        pset = PracticeSet(asked, kind="practice", title=state.get("title", "Chat quiz"), id=state["set_id"])
        grade = svc.grade(pset, state["answers"])
        try:
            svc.save(pset, grade, state["started"], time.time())
            saved = "Saved to your practice history; what you missed comes back in later sets."
        except AttemptStoreError as exc:
            saved = f"Not saved: {exc}"
        return f"**Score: {grade.correct}/{grade.total}.** {saved}"
