"""Rewrite a follow-up ("and what about its input format?") into a standalone search query.

Rules first - they are instant and cannot invent anything: when the question leans on the
conversation (pronouns, "what about", very short), the previous question's topic words are added.
A capable backend can rewrite with the `rewrite` prompt instead (`use_model=True`); its output is
used only if it looks like a question of sane length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from tutor import prompts

FOLLOW_RE = re.compile(
    r"^\s*(and|also|but|so|then|what about|how about|and what about|what else)\b"
    r"|\b(it|its|it's|they|them|their|this|that|these|those|one|ones|he|she|there)\b",
    re.I,
)
QUESTION_WORDS = {"what", "which", "who", "whom", "how", "why", "when", "where", "does", "do", "did", "is", "are",
                  "can", "could", "should", "would", "will", "tell", "explain", "describe", "use", "used", "about",
                  "mean", "means", "the", "a", "an", "of", "for", "to", "in", "on", "and", "or", "with", "i", "me",
                  "my", "you", "it", "its", "this", "that", "be", "difference", "between", "vs"}


@dataclass(frozen=True)
class Turn:
    question: str
    answer: str
    query: str = ""  # what was actually searched for that turn
    subject: str = ""  # what the turn was about ("XGBoost"): what "it" and "its" refer to next
    quiz: dict | None = None  # a practice set running in the conversation (see tutor.chat_quiz)
    sides: tuple[str, ...] = ()  # a comparison's two sides: what "which one" chooses between next


def needs_context(question: str) -> bool:
    """Leans on the conversation: pronouns/"what about", or no topic words of its own ("why?")."""
    return bool(FOLLOW_RE.search(question)) or not topic_words(question)


def topic_words(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z0-9](?:[\w/+-]|['’](?=[A-Z]))*", text)  # "L'Ouverture" whole, "Luther's" not
    out: list[str] = []
    for w in words:
        if w.lower() in QUESTION_WORDS or len(w) < 3 or w.lower() in (o.lower() for o in out):
            continue
        out.append(w)
    return out


# "one" standing for the thing just asked about ("how do I revoke one?"), not a count ("which one", "one of")
ONE = r"(?<!\bwhich )(?<!\bno )(?<!\beach )(?<!\bany )(?<!\bthe )(?<!\bsome )(?<!\bevery )\bone\b" \
      r"(?=\s*(?:[?.!,;:]|$)|\s+(?:if|when|for|to|in|with|without|so|and|on|from|after|before|again|instead|now|too|first|" \
      r"myself|yourself|ourselves|manually)\b" \
      r"|\s+(?:can|could|will|would|should|may|might|must)\s+(?:\w+\s+)?(?:be|run|last|take|hold|store|keep|stay|" \
      r"live|use|have|get|do)\b)"  # "how long one can run", after a question on a stored procedure
# "that"/"this" standing for a thing, as a question's subject ("Why would that help if ...?", "does this apply to
# ...", "how is that done?", "how was that connected to ...?"), not as a conjunction or a determiner ("so that",
# "that process")
DEMONSTRATIVE = (r"(?:that|this)(?=\s+(?:is|was|would|will|does|did|do|can|could|should|might|must|has|have|help|helps|"
                 r"mean|means|work|works|matter|matters|apply|applies|happen|happens|affect|affects|cause|causes|lead|"
                 r"leads|change|changes|differ|differs|compare|compares|[a-z]{3,}ed)\b|"  # "how was that connected to ..."
                 r"\s*(?:[?!.,;:]|$))")  # or at its clause's end: "drugs that behave like that?", "more about this."
# the words after which "that"/"this" stands for a thing rather than joining a clause to a noun
STANDS_AFTER = {"why", "how", "what", "when", "where", "would", "will", "does", "did", "do", "can", "could", "should",
                "is", "was", "and", "but", "so", "if", "because", "then", "also", "or"}
# ... or as what a verb acts on, with its particle: "before I can turn that on", "how do I switch this off"
OBJECT = r"(?:that|this)(?=\s+(?:on|off|up|down|out)\b)"
PRONOUN_RE = re.compile(r"\b(its|it's|it|they|them|their|this one|that one|his|her|he|she|him|" + DEMONSTRATIVE + "|"
                        + OBJECT + r")\b|(" + ONE + ")", re.I)


# a demonstrative before a word that only names a kind of thought or way ("that idea", "this same concept", "that
# approach"): it stands for what was just discussed, whatever else the question names ("Did France have its own
# version of that idea?" after a question about the White Man's Burden). General English "shell nouns" - never a
# subject's own name, so reading them as pointers cannot hide what the notes call something.
SHELL_NOUNS = ("idea", "ideas", "concept", "concepts", "notion", "term", "phrase", "theory", "doctrine", "belief",
               "view", "mechanism", "approach", "method", "technique", "strategy", "principle", "phenomenon",
               "thing", "stuff")
POINTER_RE = re.compile(r"\b(?:that|this|these|those)\s+(?:same\s+|whole\s+)?(?:" + "|".join(SHELL_NOUNS) + r")\b", re.I)


def _ends_clause(question: str, at: int) -> bool:
    """The word ending at `at` ends its clause ("drugs that behave like that?", "tell me more about this."): a
    relative "that" always has its clause after it, so this one stands for something."""
    return bool(re.match(r"\s*(?:[?!.,;:]|$)", question[at:]))


def resolve(question: str, subject: str) -> str:
    """'and which of its hyperparameters are required?' about XGBoost -> 'and which of XGBoost's
    hyperparameters are required?'"""
    if not subject:
        return question
    pointer = POINTER_RE.search(question)
    if pointer:  # "its own version of that idea": the idea is the subject, "its" is what the question names
        return question[: pointer.start()] + subject + question[pointer.end():]

    def swap(m: re.Match) -> str:
        w = (m.group(1) or m.group(2)).lower()
        if w == "one":
            return f"the {subject}"
        if w in ("his", "her"):
            return f"{subject}'s"
        return f"the {subject}" if w in ("its", "their") else subject

    for m in PRONOUN_RE.finditer(question):
        before = question[: m.start()].split()
        if (m.group(1) or "").lower() in ("that", "this") and (not before or before[-1].lower().strip(",") not in STANDS_AFTER) \
                and not re.match(OBJECT, question[m.start():], re.I) and not _ends_clause(question, m.end()):
            continue  # "messages that can't be delivered": a relative "that" after its noun; "That is odd": a remark
        if (m.group(2) or "").lower() == "one":
            # "a bound one" after a question on the bound thread: the words before "one" are the subject's own, so
            # the whole phrase stands for it (not "a bound the bound thread")
            np = re.search(r"\b(?:a|an|the)\s+((?:[\w-]+\s+){1,3})$", question[: m.start()], re.I)
            if np and set(np.group(1).lower().split()) <= set(subject.lower().split()):
                return question[: np.start()] + f"the {subject}" + question[m.end():]
            if np:  # "a faster one": "a faster mutex"
                return question[: m.start()] + subject + question[m.end():]
        return question[: m.start()] + swap(m) + question[m.end():]
    return question


def rewrite_rules(question: str, history: list[Turn]) -> str:
    if not history or not needs_context(question):
        return question
    subject = history[-1].subject
    if subject and (PRONOUN_RE.search(question) or POINTER_RE.search(question)):
        return resolve(question, subject)
    return with_previous(question, history[-1])


def with_previous(question: str, turn: Turn) -> str:
    """The question searched with the words of the turn before it that it does not repeat: "how are alpha and
    lambda different from it?" after a question on XGBoost's gamma is searched with "XGBoost" too."""
    have = {w.lower() for w in re.findall(r"[\w'-]+", question)}
    extra = [w for w in topic_words(turn.query or turn.question) if w.lower() not in have]
    return f"{question} ({' '.join(extra)})" if extra else question


def rewrite(question: str, history: list[Turn], model: BaseChatModel | None = None) -> str:
    ruled = rewrite_rules(question, history)
    if model is None or not history or (ruled == question and not needs_context(question)):
        return ruled
    msgs = [SystemMessage(prompts.render("rewrite", "system")),
            HumanMessage(prompts.render("rewrite", "user", history=history[-3:], question=question))]
    try:
        text = str(model.invoke(msgs).content).strip().strip('"')
    except Exception:
        return ruled
    known = {w.lower() for w in topic_words(ruled)}
    sane = 3 <= len(text) <= 3 * len(ruled) + 40 and "\n" not in text and "NOT IN NOTES" not in text.upper()
    if sane and (not known or known & {w.lower() for w in topic_words(text)}):
        return text  # keeps at least one of the topic words the rules found: it did not wander off
    return ruled
