"""What kind of question a student asked, and what it is about.

    >>> i = read_question("What is the difference between L1 and L2 regularization?")
    >>> i.kind, i.subjects
    ('comparison', ['L1', 'L2 regularization'])

Kinds: definition, comparison, when (when to use / what for), number (how long, how many, a limit or
default), list, how (how do I ...), example, quiz ("quiz me on X"), general. Subjects are the phrases the
question is about, as written; focus terms are its other key terms (what it asks *about* the subjects).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.terms import QUESTION_WORDS, keyterms
from tutor.vocabulary import everyday

QUIZ_RE = re.compile(r"^\s*(?:please\s+)?(?:quiz|test|drill|examine)\s+me\b(?:\s+(?:on|about|in))?\s*(?P<topic>.*?)[.?!]*\s*$"
                     r"|^\s*(?:give|ask)\s+me\s+(?:\w+\s+){0,3}(?:practice\s+)?questions?\s+(?:on|about)\s+(?P<topic2>.+?)[.?!]*\s*$",
                     re.I)
# "... as a political-economic system", "... as data sources for ML": the frame of the comparison, not a side
# (the phrase after "as" may be hyphenated or end the question: "as political-economic systems", "as ideologies?")
AS_FRAME_RE = re.compile(r"\s+as\s+(?:(?:an?|the)\s+(?![A-Z])|(?=[a-z]{3,}(?:\s|-[a-z]|\W*$)))")  # ("Software as a Service")
def _before_frame(text: str) -> str:
    """A side without the frame the comparison is made in ("... as a political-economic system"); an "as" inside
    brackets is the side's own ("Linux containers (namespaces and cgroups, as used by Docker)")."""
    m = AS_FRAME_RE.search(text)
    if m is None or text[: m.start()].count("(") > text[: m.start()].count(")"):
        return text
    return text[: m.start()]


PURPOSE_TAIL_RE = re.compile(r"\s+(?:for|in|when|with|to|on)\s+(?=(?:my|our|your|a|an|the|\w+ing)\b)", re.I)
# "What are the downsides of A compared to B?"
COMPARED_RE = re.compile(r"^(?!how\b|why\b)(?:what\s+(?:are|is|were|was)\s+(?:the\s+)?(?:(?:[\w-]+\s+){1,2}of\s+)?)?"
                         r"(?P<a>[^,;?]+?)\s+(?:compared|relative)\s+(?:to|with)\s+(?P<b>[^,;?]+?)\s*\??$", re.I)
# ... where B is a place or a pronoun ("compared with outside it", "compared to before"), not a named side
NOT_A_SIDE_RE = re.compile(r"^(?:inside|outside|before|after|during|in|at|on|within)\b|\b(?:it|them|this|that|these|"
                           r"those|one|ones)\b", re.I)
COMPARE_RES = [
    re.compile(r"differences?\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*\??$", re.I),
    re.compile(r"^(?:how\s+(?:is|are|was|were|does|do|did)\s+)?(?P<a>.+?)\s+(?:different|differs?)\s+from\s+(?P<b>.+?)\s*\??$",
               re.I),
    re.compile(r"^(?:compare\s+)?(?P<a>.+?)\s+(?:vs\.?|versus)\s+(?P<b>.+?)(?:\s*[:?,]|$)", re.I),
    re.compile(r"^compare\s+(?P<a>.+?)\s+(?:and|with|to)\s+(?P<b>.+?)\s*\??$", re.I),
    re.compile(r"^how\s+do\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+(?:compare|differ)\b", re.I),
    re.compile(r"^how\s+(?:does|do|did|would)\s+(?P<a>.+?)\s+compare\s+(?:with|to|against)\s+(?P<b>.+?)"
               r"(?:\s+(?:for|in|when|on)\s+[^?]*)?\s*\??$", re.I),
    re.compile(r"^(?:how|in\s+what\s+ways?)\s+(?:is|are|was|were)\s+(?P<a>.+?)\s+unlike\s+(?P<b>.+?)\s*\??$", re.I),
    # "Is power the same thing as authority?", "Are viruses the same as bacteria?"
    re.compile(r"^(?:is|are|was|were)\s+(?P<a>.+?)\s+(?:really\s+)?(?:the\s+same(?:\s+thing)?\s+as|"
               r"any\s+different\s+from)\s+(?P<b>.+?)\s*\??$", re.I),
    COMPARED_RE,
]
# the sides named before it: "How do A, B and C differ from each other / the others?"
RECIPROCAL_RE = re.compile(r"(?:each\s+other|one\s+another|the\s+others?|the\s+other\s+ones?|the\s+rest)(?:['’]s)?",
                           re.I)
FRAME_START_RE = r"(?:in|for|on|with|within|during|about|regarding)\b"  # a frame before a comma: "In SageMaker, ..."
# "Nicotinic or muscarinic receptors: how is one unlike the other?": the sides are listed before the colon
LISTED_FIRST_RE = re.compile(r"^(?P<sides>[^:?]{3,160}?)\s*[:?]\s*(?P<ask>(?:how|in\s+what\s+ways?|what)\b[^?]*?"
                             r"\b(?:differ\w*|different|unlike|compare\w*|contrast\w*)\b[^?]*)", re.I)
# an act done to a thing, before the thing ("turning on hierarchical namespace", "enabling soft delete"): what the act
# does is asked of the thing
ACT_ON_RE = re.compile(r"^(?:[a-z]{3,}ing\s+(?:on|off|up|down|out)|enabling|disabling|using|adding|removing|setting|"
                       r"changing|increasing|decreasing|raising|lowering)\s+(?=(?:an?\s+|the\s+)?[\w-])")
# a verb of everyday English that takes its preposition with it ("keep track of", "consist of", "depend on")
PHRASAL_VERB_RE = re.compile(r"\s+(?:keep\s+track|take\s+care|make\s+use|consist|depend|rely|refer|belong|lead|result|"
                             r"look|deal|care|account|allow|stand|correspond|respond|react|contribute|apply|amount)"
                             r"\s+(?:of|on|upon|to|in|like|with|about|for)(?=[\s?.!,]|$)", re.I)
DEFINITION_RE = re.compile(r"^\s*(?:what(?:'s|\s+is|\s+are|\s+was|\s+were)|define|what\s+does|what\s+do)\s+"
                           r"(?:an?\s+|the\s+)?(?P<x>.+?)"
                           r"(?:\s+(?:mean|stand\s+for|do|does|record|measure|offer|provide))?\s*\??\s*$", re.I)
# a question asking for the name of what it describes: "what's it called when ...", "what do you call ...", "what is the
# term for ...", "is there a word for ..."
NAMING_RE = re.compile(r"^\s*(?:what(?:['’]s|\s+is)\s+(?:it|this|that)\s+called\b|what\s+(?:are|were)\s+(?:they|these|those)\s+called\b|"
                       r"what\s+do\s+(?:you|we|they|people|i)\s+call\b|(?:what|which)(?:['’]s|\s+is)\s+the\s+(?:term|name|word)\s+for\b|"
                       r"is\s+there\s+a\s+(?:term|name|word)\s+for\b)", re.I)
# ... or after describing it: "the thing where a low-priority task never gets to run - whats that called again?"
NAMED_LAST_RE = re.compile(r"[-–—,:;.?]\s*(?:(?:so|and|but|ok)\s+)?(?:what(?:['’]?s|\s+is|\s+are|\s+were|\s+was)\s+"
                           r"(?:it|this|that|they|these|those|he|she)\s+called|what\s+do\s+(?:you|we|they|people)\s+call\s+"
                           r"(?:it|this|that|them|those))\b", re.I)
WHEN_RE = re.compile(r"\bwhen\s+(?:should|would|do|to|is|are|can|must|might)\b|\bwhat(?:\s+(?:is|are)|['’]s)\s+.+\s+(?:used|good|useful|meant|suited|designed|intended|ideal)\s+for\b|"
                     r"\buse\s+cases?\b|\bin\s+which\s+situations?\b|\bright\s+(?:way|choice|technique)\b", re.I)
NUMBER_RE = re.compile(r"^\s*(?:how\s+(?:long|many|much|big|large|fast|often|old)|for\s+how\s+(?:long|many))\b|"
                       r"\bwhat(?:\s+(?:is|are)|['’]s)\s+the\s+(?:max(?:imum)?|min(?:imum)?|default|limit|largest|smallest|biggest|"
                       r"longest|shortest|highest|lowest|most|least|size|share)\b|"
                       r"\bwhat\s+share\b|(?<!depend\son\s)(?<!depends\son\s)(?<!depending\son\s)(?<!regardless\sof\s)(?<!matter\s)\bhow\s+(?:many|much)\b|\blargest\b|"
                       r"\bdefault\s+value\b|"
                       r"\b(?:what|which)\s+(?:[\w'’-]+\s+){0,2}(?:numbers|figures|percentages|statistics|stats)\b", re.I)
# ("Does it depend on how many receivers I have?", "regardless of how much data": a clause naming a number, not a
# number asked for; "a cap on how many segments" asks one)
LIST_RE = re.compile(r"^\s*(?:which|what)\s+(?:[\w'’-]+\s+){0,3}(?:algorithms|services|techniques|options|steps|"
                     r"hyperparameters|types|rules|features|kinds|methods|formats|metrics|ways|tools|classes|families|"
                     r"family|instances)\b|"
                     r"^\s*(?:list|name)\s+(?:the|all)\b|^\s*what\s+are\s+the\b|"
                     # "(can u) give me a list of ...", and "a list of ..." once a polite "give me" is read off (REQUEST_RE)
                     r"(?:\b(?:give|show|send|make)\s+(?:me|us)\s+|^\s*)(?:a\s+)?(?:full\s+|quick\s+|complete\s+)?list\s+of\b|"
                     r"^\s*(?:what|which)\s+(?:are|were)\s+(?:[\w'’-]+\s+){0,3}(?:\d+|two|three|four|five|six|seven|"
                     r"eight|nine|ten)\s+(?:[\w-]+\s+){0,2}[a-z]+s\b|"  # "what are Diamond's 4 characteristics"
                     r"^(?!\s*why\b).*?\b(?:different|various|main)\s+(?:types|kinds|classes|forms|categories)\s+of\b|"
                     r"^\s*(?:(?:tell\s+me\s+about|explain|describe|go\s+over)\s+)?the\s+(?:types|kinds|classes|forms|"
                     r"categories)\s+of\b", re.I)  # "tell me about the different types of glial cells"
PARTS_OF_RE = re.compile(r"\b(?:(?:components|parts|elements|steps|stages|phases|types|kinds|features|characteristics|"
                         r"layers|principles|functions|causes|effects|benefits|advantages|disadvantages|limitations|"
                         r"properties|members|pillars|tenets)\s+of|"
                         # ... and the steps "for" or "in" a process ("the steps for smooth muscle contraction")
                         r"(?:steps|stages|phases)\s+(?:for|in))\s+(?:the\s+|an?\s+)?(?P<x>[^?.,;!]+)", re.I)
THERE_ARE_RE = re.compile(r"\s+(?:(?:are|is|were|was)\s+there|exist|(?:do|does|did)\s+(?:my|the|your|our)\s+notes?\s+"
                          r"(?:list|give|name|mention|have|say|cover|describe)|(?:do|does|did|can|could)\s+(?:i|we|you)\s+"
                          r"(?:know|get|have|use|see|find|name)|(?:are|were)\s+(?:listed|named|mentioned|given))\s*$", re.I)
KINDS_OF_RE = re.compile(r"\b(types|kinds|classes|forms|categories|sorts)\s+of\b", re.I)
USE_OBJECT_RE = re.compile(r"\b(?:use|choose|pick|train\s+with|deploy\s+with)\s+(?:an?\s+|the\s+)?(?P<x>[\w/ .-]+?)"
                           r"(?:\s+(?:(?:for|to|in|on|when|instead)\b(?!\s+(?-i:[A-Z]))|(?:over|rather\s+than)\s).*)?\s*\??$",
                           re.I)  # ("pick it over Bayesian optimization": the thing picked is "it", not the phrase)
OVER_IT_RE = re.compile(r"\b(?:use|choose|pick|prefer)\s+(?:it|this|that|them|these|those|one)\s+(?:over|rather\s+than|"
                        r"instead\s+of)\s+(?P<y>[^?.!]+)", re.I)
# "What's a pairs plot used for in EDA?": the thing whose use is asked
USED_FOR_RE = re.compile(r"^\s*what(?:\s+(?:is|are)|['’]s)\s+(?:an?\s+|the\s+)?(?P<x>[^?,]+?)\s+(?:used|good|useful|meant|"
                         r"suited|designed|intended|ideal)\s+for\b", re.I)
WHEN_IS_RE = re.compile(r"^\s*when\s+is\s+(?P<x>[\w/ .-]+?)\s+(?:the\s+right|a\s+good|the\s+best|useful)\b", re.I)
VALUE_OF_RE = re.compile(r"\b(?:default|max(?:imum)?|min(?:imum)?|limit|size|range|value)\s+(?:value\s+|size\s+)?"
                         r"(?:of|for)\s+(?:an?\s+|the\s+)?(?P<x>[^?.,;]+)", re.I)
HOW_WORKS_RE = re.compile(r"^\s*how\s+(?:(?:does|do|did|can|is|are)\s+)?(?P<x>[\w/ .'’()-]+?)\s+(?:works?|functions?|operates?|"
                          r"(?:(?:is|are)\s+)?(?:done|made|built|implemented|computed|calculated|measured|regulated))\b(?!-)", re.I)
# (the verb is a word of its own: "built" of "SageMaker's built-in k-NN algorithm" is part of the subject)
# "Where are beta-2 receptors found?", "where is bile made": the thing whose place is asked
WHERE_RE = re.compile(r"^\s*where\s+(?:is|are|was|were|do|does|did)\s+(?P<x>[\w/ .'’()-]+?)\s+(?:found|located|made|produced|"
                      r"stored|kept|held|built|formed|synthesi[sz]ed|secreted|released|absorbed|come\s+from|occurs?|happens?)\b(?!-)", re.I)
HOW_RE = re.compile(r"^\s*how\s+(?:do|can|should|would|could|to)\b|^\s*what\s+should\s+i\s+do\b", re.I)
EXAMPLE_RE = re.compile(r"\bexamples?\b|\be\.g\.|\bwith\s+an?\s+example\b", re.I)
LEAD_RE = re.compile(r"^(?:(?:ok|okay|oh|hmm|right)[,\s]+)?(?:and|also|but|so|then|what\s+about|how\s+about|"
                     r"and\s+what\s+about)\b[\s,]*", re.I)
# "what about a condition variable, what does that one need to store?": what the follow-up turns to
ABOUT_RE = re.compile(r"^\s*(?:(?:ok|okay|oh|hmm|right|and|so|but)[,\s]+)*(?:what|how)\s+about\s+(?:the\s+|a\s+|an\s+)?"
                      r"(?P<x>[^,?;:.!()]+?)\s*(?:[,?;:.!]|\s[-–—]\s|$)", re.I)
HEAD_NOUNS = ("mode", "modes", "distribution", "deployment", "regularization", "algorithm", "instances", "instance",
              "endpoint", "endpoints", "job", "jobs", "store", "service", "format", "imputation", "encryption")
# letters as names spell them, accented ones included ("René Descartes", "Hôtel-Dieu", "Ælfred"); a plural
# possessive inside a name keeps it whole ("Hundred Years' War", "Peasants' Revolt"), and so does an elided
# prefix ("Toussaint L'Ouverture", "O'Connell")
UP, LO = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
NAME_RE = re.compile(rf"(?<![{UP}{LO}0-9_])(?:[{LO}]{{1,2}}-[{UP}][{UP}{LO}0-9-]*|[{LO}]+[{UP}][{UP}{LO}0-9]*|[{UP}][{UP}{LO}0-9]*[{UP}0-9][{UP}{LO}0-9]*|"
                     rf"[{UP}](?:['’][{UP}])?[{LO}]+|[a-z]+_[a-z_]+|[{UP}]{{2,}}[0-9]*|"
                     rf"[{UP}{LO}]+[0-9][{UP}{LO}0-9]*)(?:(?<=s)['’](?=\s[{UP}]))?(?:[ -](?:[{UP}][{UP}{LO}0-9-]*(?<=s)['’](?=\s[{UP}])|[{UP}](?:['’][{UP}])?[{UP}{LO}0-9-]*|[{UP}]{{2,}}|\d+[{UP}{LO}]*|for|of|and))*"
                     r"(?:\s(?:" + "|".join(HEAD_NOUNS) + r")\b)?")
PRONOUNS = {"it", "its", "they", "them", "this", "that", "these", "those", "one"}
ARTICLE_WORDS = {"the", "a", "an", "some", "all", "any", "each", "my", "our", "your"}
ASKS_WORD_RE = re.compile(r"(?:how|why|what|when|where|which|who|is|are|does|do|did|can|should)\b", re.I)
# "... the Managed Service for Apache Flink listed right above it?": where the notes put a thing is no part of it, nor
# of what is asked about it
POINTER_RE = re.compile(r"\s+(?:(?:that|which)\s+(?:is|are|was|were)\s+)?(?:listed|mentioned|shown|described|covered|"
                        r"discussed)\s+(?:right\s+|just\s+)?(?:above|below|before|after|earlier|later)"
                        r"(?:\s+(?:it|this|that|them|those))?\b", re.I)
STRIP_WORDS = re.compile(r"^(?:the|a|an|my|your|its|their)\s+|\s+(?:do|does|is|are|mean|work)$", re.I)
SENTENCE_START = {"what", "which", "when", "how", "why", "who", "where", "is", "are", "does", "do", "can", "should",
                  "give", "explain", "define", "list", "name", "compare", "tell", "quiz", "test", "and", "will", "did",
                  "was", "were", "could", "would", "has", "have", "had", "so", "but", "my", "our", "with", "in", "on",
                  "at", "for", "if", "by", "from", "to", "as", "after", "before", "during", "without", "under",
                  "about", "within", "between", "through", "into", "over", "using", "unlike", "besides", "given",
                  "since", "because", "although", "while", "once", "also", "then"}


@dataclass(frozen=True)
class Intent:
    kind: str
    subjects: tuple[str, ...] = ()
    focus: frozenset[str] = field(default_factory=frozenset)
    topic: str = ""  # quiz: what to practise
    question: str = ""
    # a comparison of one thing in parallel places ("provisioning throughput at the container level and at the
    # database level"): that thing, what a follow-up's "it" means
    compared: str = ""
    naming: bool = False  # the question asks for the name of what it describes ("... - what's that called again?")

    @property
    def subject(self) -> str:
        return self.subjects[0] if self.subjects else ""


def _tidy(phrase: str) -> str:
    # what follows a comma, or "with an example", is the request's frame, not the subject
    # ("normative statement, with an example of each")
    p = re.split(r"[,;]|\s+(?:with|giving|and give)\s+(?:an?\s+|some\s+)?examples?\b", phrase)[0]
    # a subject never runs past the end of its sentence ("a barrier? they sound kinda similar") nor into a
    # question put after a dash ("secondary active transport - whats the difference")
    # ... nor into the student's aside after a dash ("batching - I keep confusing them")
    p = re.split(r"[?!]\s|(?<=[a-z]{2})\.\s+(?=[A-Z])|\s[-–—]+\s+(?=(?:what|whats|what's|how|why|when|which|who|is|"
                 r"are|does|do|i|i'm|i’m|we|my|they|these|those|it|its|it's)\b)", p, flags=re.I)[0]
    # ... nor into one typed straight after it ("standardisation whats the actual diff"; not "n whats the max on
    # standard", where nothing is left before it)
    head = re.split(r"\s+(?=(?:whats|what['’]s|what\s+(?:is|are)\s+the|how\s+(?:do|does|is|are)\s+(?:they|these|those)"
                    r")\b)", p, flags=re.I)[0]
    p = head if re.search(r"[^\W\d_]{3,}", head) else p
    # "the biggest message I can put (in a queue)": the clause after the noun is not the subject
    p = re.split(r"\s+(?:I|you|we)\s+(?:can|could|should|would|will|do|did|need|have|must|may|might)\b", p)[0]
    # "standardization when scaling features": a condition after the subject is not part of it
    p = re.split(r"\s+(?:when|whenever|if|while|because)\s+", p)[0]
    p = re.sub(r"\s+(?:and|or|but|so)$", "", p.strip(" ?.!,:;'\""), flags=re.I)  # ("boosting and when to use each")
    p = re.sub(r"\s+(?:(?:to|for)\s+(?:me|us)|please)$", "", p, flags=re.I)  # "explain X to me", "X please"
    # "just using a mutex and condition variables myself": what the student would use, not the using
    p = re.sub(r"^(?:just|simply|only)\s+(?:using|doing|having)\s+|\s+(?:myself|yourself|ourselves|by\s+hand)$", "", p,
               flags=re.I)
    # "polling for when a device has data": the preposition went with the clause cut off after it
    p = re.sub(r"\s+(?:for|in|with|to|on|of|about|at|by|from)$", "", p, flags=re.I)
    for _ in range(3):
        p = STRIP_WORDS.sub("", p).strip()
    return p


# (an apostrophe inside a word is part of the term: "'the White Man's Burden'")
QUOTED_RE = re.compile(r"(?:^|(?<=\s))['‘\"“]([A-Za-z](?:[A-Za-z -]|['’](?=[A-Za-z])){2,40})['’\"”](?=[\s?.,!;:]|$)")


LOOSE_QUOTE_RE = re.compile(r"(?<![A-Za-z])['‘’\"“”]|(?<!s)['‘’\"“”](?![A-Za-z])|(?<=s)[‘\"“”](?![A-Za-z])")


def quoted(question: str) -> list[str]:
    """Terms the student quotes ("the 'resource curse'"): named as terms, whatever their case. Words only: a
    quoted output or value ("prints 'Thread Number 2'") is not a term."""
    return [m.group(1).strip() for m in QUOTED_RE.finditer(question) if len(m.group(1).split()) <= 4]


# what the student calls the thing asked, in brackets at the end of the question ("(a TLB shootdown)"), not an
# example or a frame ("(e.g. S3)", "(in Python)")
PAREN_NAME_RE = re.compile(r"\((?:an?\s+|the\s+)(?!(?:e\.?g|i\.?e|for|in|on|at|of|with|like|such|see)\b)"
                           r"([\w-]+(?:\s+[\w-]+){0,3})\)\s*[?.!]?\s*$", re.I)


def names_in(question: str) -> list[str]:
    """Named things in a question: capitalised phrases, identifiers, acronyms ("Kinesis Data Streams",
    "num_class", "S3", "HyperPod"), and terms in quotes."""
    out = []
    # where a sentence starts, a lone capitalised word is capitalised for that ("Show me ...", "Roughly how ...")
    starts = {len(question) - len(question.lstrip(" \t\n\"'“(*"))}
    starts |= {m.end() for m in re.finditer(r"[.?!]\s+[\"'“(*]*", question)}
    spans = [m.span(1) for m in QUOTED_RE.finditer(question) if len(m.group(1).split()) <= 4]
    for m in NAME_RE.finditer(question):
        if any(a <= m.start() < b for a, b in spans):
            continue  # a name inside a quoted term is part of that term ("'the White Man's Burden'")
        phrase = m.group(0).strip()
        words = phrase.split()
        while words and words[0].lower() in SENTENCE_START:
            words = words[1:]
        if m.start() in starts and len(words) == 1 and words[0] == phrase and re.fullmatch(r"[A-Z][a-z]+", phrase):
            words = words[1:]  # "Roughly how ...", "Walk me through ...": capitalised because it starts the question
        while words and words[-1].lower() in ("for", "of", "and"):
            words = words[:-1]
        if len(words) >= 2 and re.fullmatch(r"\d{1,2}", words[-1]) and \
                re.match(r"\s+(?:[a-z][\w-]*\s+)?[a-z][\w-]*s\b", question[m.end():]):
            words = words[:-1]  # "Diamond's 4 characteristics": a count of what follows, not part of the name
        if len(words) >= 3 and words[-2].lower() == "of" and words[-1].isdigit() and \
                re.match(r"(?:[.,]\d|\s*%)", question[m.end():]):
            words = words[:-2]  # "an AUC of 0.5", "an F1 of 0.8": the value the student got, not part of the name
        if len(words) >= 2 and words[-1].isdigit() and re.match(r"[.,]\d", question[m.end():]):
            words = words[:-1]  # "learning_rate 0.1": the value set, cut at its decimal point, is no part of the name
        # "Francis Bacon and René Descartes": two names, each asked about
        for phrase in re.split(r"\s+and\s+(?=[^\W\d_])", " ".join(words)):
            if phrase and phrase.lower() not in QUESTION_WORDS and len(phrase) > 1:
                out.append(phrase)
    # (in the order asked: a quoted term first named is the first thing asked about)
    terms = [q for q in quoted(question) if q not in out]
    m = PAREN_NAME_RE.search(question)
    if m and m.group(1) not in out + terms:
        terms.append(m.group(1))  # "... stale copies in their TLBs (a TLB shootdown)?": the student's name for it
    return sorted(out + terms, key=lambda x: question.find(x) if question.find(x) >= 0 else len(question))


FRAME_RE = re.compile(r"^(?:for|in|on|with|during|regarding|about|as|on\s+the\s+topic\s+of)\s+[^,?]{1,60},\s*"
                      r"(?=(?:how|what|which|why|when|who|where|is|are|does|do|can|should|would)\b)", re.I)
# "Once a consumer reads a message, what happens to it in Service Bus versus Event Hubs?": a clause setting the scene
# is no side of a comparison (elsewhere its words may name what a pronoun after it stands for: "If the CFS keeps ...,
# how does it ...")
SCENE_RE = re.compile(r"^(?:once|after|before|when|whenever|while|if)\s+[^,?]{1,60},\s*"
                      r"(?=(?:how|what|which|why|when|who|where|is|are|does|do|can|should|would)\b)", re.I)
LONG_WORDS = 40  # a question this long tells a story around what it asks


def _asked_names(q: str) -> list[str]:
    """Names of what is asked. In a long question the story around it names things in passing ("buffers of
    several MB", "the API is simple"): the names of the sentence that asks come first, and a short acronym of
    the story is no subject of its own."""
    names = names_in(q)
    if len(q.split()) <= LONG_WORDS:
        return names
    asks, _ = asking_part(q)
    # the story's names when the asking sentence has none ("How do they do that?" after "Linux futexes")
    return (names_in(asks) if asks else []) or [n for n in names if not re.fullmatch(r"[A-Z]{2,3}s?", n)]


OWNER_RE = re.compile(r"(?:\b(?P<det>[a-z]+)\s+)?\b(?P<w>[a-z][a-z0-9-]{3,})(?:['’]s|s['’])\s+(?=[a-z0-9])", re.I)
GENERIC_OWNER_DET = {"a", "an", "my", "our", "your", "his", "her", "their", "its", "each", "every", "any", "some",
                     "this", "that", "whose", "what", "which"}
INDEFINITE_OWNERS = {"someone", "somebody", "anyone", "anybody", "everyone", "everybody", "nobody", "other",
                     "another", "each", "today", "yesterday", "tomorrow", "year", "week"}
# ("what's the ...", "there's a ...", "that's already held": a word and "is", no owner)
CONTRACTED_OWNERS = {"what", "that", "there", "here", "where", "when", "which", "whos", "this", "it", "he", "she",
                     "let", "everything", "something", "anything", "nothing", "name", "whats", "thats", "heres"}


def eponyms(question: str) -> list[str]:
    """Words that own what the question asks of, read as part of its name ("banker" of "the banker's algorithm")
    unless the owner is anybody's ("a patient's", "my teammate's", "someone's") or a time ("last year's")."""
    out = []
    for m in OWNER_RE.finditer(question):
        w, det = m.group("w").lower(), (m.group("det") or "").lower()
        if det in GENERIC_OWNER_DET or w in INDEFINITE_OWNERS or w in CONTRACTED_OWNERS or w in out:
            continue
        out.append(w)
    return out


def told(question: str) -> bool:
    """A long question whose asking sentence names nothing ("Is that a good choice?"): its subjects were read
    from the story around it, where the student also names their own things (their app, their 'country' field)."""
    if len(question.split()) <= LONG_WORDS:
        return False
    asks, _ = asking_part(question)
    return not (asks and names_in(asks))


def asking_part(q: str) -> tuple[str, str]:
    """A question's sentences that ask (end with "?") and the rest: the story told around them."""
    parts = re.split(r"(?<=[.?!])\s+", q.strip())
    asks = [x for x in parts if x.rstrip().endswith("?")]
    return " ".join(asks), " ".join(x for x in parts if x not in asks)


PRONOUN_RE = re.compile(r"\b(its|it|they|them|their)\b", re.I)
CLAUSE_RE = re.compile(r"\s*(?:[,;]|\band\b|\bbut\b|\bso\b)\s+", re.I)


def named_before(question: str) -> str:
    """The question with its asking sentence's pronoun read as the thing the student's own sentence before it says
    they do not get: "I'm revising ... and I still don't get the queueing lock. How does it actually work, and what
    are its downsides?" asks how the queueing lock works. Only when the asking sentence names nothing itself and the
    sentence before it ends on a request frame ("I don't get", "I'm confused about", "explain") with its object."""
    asks, story = asking_part(question)
    pronoun = PRONOUN_RE.search(asks)
    if not asks or not story or not pronoun or any(0 <= asks.find(n) < pronoun.start() for n in names_in(asks)):
        return question  # (a name of its own before the pronoun is what it stands for; "How is it different from
        # the Nernst equation?" after "Explain the Goldman-Hodgkin-Katz equation to me." names one after it)
    before = question[: question.find(asks.split("?")[0])] if asks.split("?")[0] in question else ""
    if not before.strip():
        return question  # (a request after the question, "... its size? Show me with an example.", names nothing)
    last = re.split(r"(?<=[.!])\s+", before.strip())[-1]
    clause = CLAUSE_RE.split(last.rstrip(" .!"))[-1]
    bare = strip_request(clause)
    name = _tidy(bare)
    if bare == clause or not name or len(name.split()) > 6 or PRONOUN_RE.fullmatch(name) or \
            re.search(r"\b(?:vs\.?|versus|and|or)\b|,", name, re.I):
        return question  # (two things, "multiunit vs unitary smooth muscle": the whole message reads them as sides)

    return PRONOUN_RE.sub(name, asks)  # ("what are its downsides": "what are queueing lock downsides")


def read_question(question: str, common: frozenset[str] = frozenset()) -> Intent:
    """What the question asks. `common` are the names that say nothing in particular in these notes
    (`NotesIndex.common_words`: "Amazon", "AWS" ...): a subject loses them in front ("Amazon SageMaker
    Neo" -> "SageMaker Neo" ...), and one made only of them ("SageMaker") names nothing."""
    intent = _read(named_before(question))
    if NAMING_RE.match(question) or NAMED_LAST_RE.search(question):
        intent = replace(intent, naming=True)
    # a quote mark the reading cut from its partner ("What's a 'quantum' of ..." read "quantum'") is no part of a
    # name; an apostrophe inside a word is ("the White Man's Burden"), and so is a plural's ("the Jacobins' goals")
    loose = tuple(LOOSE_QUOTE_RE.sub("", x).strip() or x for x in intent.subjects)
    intent = replace(intent, subjects=loose) if loose != intent.subjects else intent
    if intent.kind == "comparison" and intent.subjects and TOPIC_FRAME_RE.match(intent.subjects[0]):
        # "Service Bus topic filters: SQL filter vs correlation filter": what comes before the colon is the
        # topic the two sides belong to, said of both - not a part of the first side's name
        frame, first = TOPIC_FRAME_RE.match(intent.subjects[0]).groups()
        intent = replace(intent, subjects=(first,) + intent.subjects[1:], focus=intent.focus | focus_of(frame, ()))
    if intent.kind == "comparison":
        # "unitary (single-unit) smooth muscle": the student's gloss inside a side is no part of its name (a short
        # form after a whole name, "Kinesis Producer Library (KPL)", is read as the name's other name)
        sides = tuple(INNER_GLOSS_RE.sub("", x) or x for x in intent.subjects)
        intent = replace(intent, subjects=sides) if sides != intent.subjects else intent
    if not common:
        return intent
    subjects = []
    for x in intent.subjects:
        words = x.split()
        while len(words) > 1 and re.sub(r"'s$", "", words[0].lower()) in common:
            words = words[1:]
        if any(w.lower() not in common for w in words):
            subjects.append(" ".join(words))
    if intent.kind == "comparison" and len(subjects) < 2:
        subjects = list(intent.subjects)  # "SageMaker vs EC2": both sides stay
    focus = frozenset(t for t in intent.focus if t not in common)
    return replace(intent, subjects=tuple(subjects), focus=focus)


TOPIC_FRAME_RE = re.compile(r"^([^:]{3,60}):\s+(\S.*)$")  # "Topic: first side"
INNER_GLOSS_RE = re.compile(r"\s*\([^()]{1,40}\)(?=\s+\w)")  # "(single-unit)" with more of the name after it
# "what's the catch with JOINs in Cosmos DB?": an idiom for its downsides ("catch" is no subject, though notes with code
# may well use the word)
CATCH_RE = re.compile(r"\bwhat(?:['’]?s|\s+is)\s+the\s+(?:catch|downside|drawback)\s+(?:with|in|of|to|about)\b", re.I)
# a thing named, then a question on it by a pronoun: "GZRS: how does it differ from LRS?"
NAMED_FIRST_RE = re.compile(r"^(?P<x>[^:?]{2,80}?)\s*:\s*(?P<ask>(?:how|why|when|where|what)\s+(?:does|do|is|are|did|was|were)\s+)"
                            r"(?:it|this|that)\b", re.I)  # ("X and Y: how do they differ?" lists the sides: LISTED_FIRST_RE)
# "whats the biggest ...": "what's" typed without its apostrophe (read as "what's", which has patterns of its own)
WHATS_RE = re.compile(r"\bwhats\b", re.I)
# "How's that different from ...": read as "How is that ..." ("what's" has patterns of its own)
CONTRACTED_RE = re.compile(r"\b(how|who|where|when|why)['’]s\b", re.I)
# a word a student starts with before the question itself ("wait who were the luddites ...", "hmm, why ...")
FILLER_RE = re.compile(r"^\s*(?:(?:wait|hmm+|um+|uh+|oh|btw|yo|ok|okay|so)[,.!\s]+)+(?=(?:who|what(?:['’]?s)?|how|why|when|where|which|is|are|"
                       r"do|does|did|can)\b)", re.I)
IGNORE_RE = re.compile(r"^\s*(?:ignore|forget|disregard)\b.*?(?:\b(?:and|then)\s+(?:just\s+)?(?:answer|tell\s+me)\b|[.!:]\s)"
                       r"[\s:,]*", re.I)
REQUEST_RE = re.compile(
    r"^\s*(?:(?:please|pls|hey|ok|okay|so)[,\s]+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
    r"(?:explain|describe|tell\s+me(?:\s+about)?|give\s+me(?:\s+an?\s+(?:example|overview|summary)\s+of)?|"
    r"walk\s+me\s+through|show\s+me(?=\s+(?:how|what|the|an?|which|where)\b)|help\s+me\s+understand|summari[sz]e|i\s+(?:want|need|would\s+like)\s+to\s+know|"
    # "I'm confused about multiunit vs unitary smooth muscle": how the student feels is no part of what is asked
    r"i['’]?m\s+(?:(?:a\s+(?:bit|little)|really|so|still|kind\s+of|kinda)\s+)?(?:confused|unsure|unclear|lost|stuck)\s+(?:about|on|with|by)|"
    r"i\s+(?:don['’]?t|do\s+not|still\s+don['’]?t)\s+(?:really\s+|quite\s+)?(?:get|understand)|i\s+keep\s+mixing\s+up|i['’]?m\s+struggling\s+with|"
    # "whats the deal w/ the top half and bottom half": what the student asks about is what comes after it
    r"what(?:['’]?s|\s+is)\s+the\s+(?:deal|story|thing|situation)\s+(?:with|w)\b/?\s*)"
    r"\b[\s:,]*", re.I)
TAIL_RE = re.compile(r"[\s,]+(?:with\s+an?\s+(?:concrete\s+)?examples?|in\s+simple\s+terms|for\s+me|please|briefly)"
                     r"\s*([.?!]*)\s*$", re.I)
# a question joined to the last side of a comparison ("... different from file mode and why would I care"): no part of it
AND_ASKS_RE = re.compile(r"\s+(?:and|but|or|so)\s+(?=(?:why|how|what|whats|what['’]s|when|where|which|who|should|would|"
                         r"could|can|do|does|did|is|are)\b)", re.I)
# how the student wants it explained, right after what ("explain pipe mode to me simply, like ...", "explain
# monitors to me like im five."): no part of the thing asked about
MANNER_RE = re.compile(r"\s+(?:to\s+me\b(?:\s+(?:simply|plainly|slowly|like\s+i['’]?m\s+(?:five|5|a\s+\w+)|"
                       r"in\s+(?:simple|plain|easy)\s+(?:terms|words|english)))?|simply|plainly|"
                       r"like\s+i['’]?m\s+(?:five|5))(?=\s*(?:[,.;:?!]|$))", re.I)


WISE_RE = re.compile(r"(?<=[A-Za-z])-wise\b", re.I)  # (hyphened only: "bitwise", "pairwise" are terms)


def without_pointers(question: str) -> str:
    """The question without where the student says the notes put a thing ("... the Managed Service for Apache Flink
    listed right above it?"): searched for and read as the thing alone."""
    return POINTER_RE.sub("", question)


def as_asked(question: str) -> str:
    """The question as it is read and searched: without pointers into the notes, and "timeout-wise" as "timeout"
    (what the question is about, not a word the notes should use)."""
    return WISE_RE.sub("", without_pointers(question))


def strip_request(question: str) -> str:
    """The question inside a request: "Explain precision vs recall with an example." -> "precision vs recall";
    "Ignore the above and answer: what is X?" -> "what is X?"."""
    q = FILLER_RE.sub("", IGNORE_RE.sub("", question.strip(), count=1), count=1)
    asked = REQUEST_RE.sub("", q, count=1)
    q = MANNER_RE.sub("", asked, count=1) if asked != q else asked
    q = TAIL_RE.sub(r"\1", q)
    return q if len(q.split()) >= 1 else question


# words that stress a question without changing what it asks ("What does troponin actually do?", "What exactly
# is a semaphore?"): read as if they were not there, so they end up in no subject
STRESS_RE = re.compile(r"\s+(?:actually|really|exactly|basically|truly|precisely|essentially|honestly|literally)\b(?=\s)",
                       re.I)


def _listed_sides(raw_a: str, b: str) -> tuple[str, ...]:
    """The sides of a comparison of three or more ("pipes, message queues and sockets", "TCP, UDP and QUIC"): the
    first side of the pattern holding a list; () when it holds none, or when a part before a comma is the frame of
    the question ("For real-time tasks, ...") or too long to be a name."""
    raw = _before_frame(raw_a.strip())
    raw = re.sub(r"^(?:what\s+(?:is|are)\s+the\s+differences?\s+between|how\s+(?:is|are|do|does|did)|how|why|compare)\s+", "",
                 raw, flags=re.I)
    pair = re.fullmatch(r"(\w[\w-]*(?:\s+\w[\w-]*)?)\s+and\s+(\w[\w-]*(?:\s+\w[\w-]*)?)", raw.strip(" ?.,"))
    if "," not in raw and pair and b and not any(
            re.match(r"(?:the|a|an|it|its|they|them|this|that|these|those|how|what|why|which|who|is|are)\b", x, re.I)
            for x in pair.groups()):
        return tuple(dict.fromkeys([pair.group(1), pair.group(2), b]))  # "how are alpha and lambda different from
        # gamma?": two names, each compared with the third
    if "," not in raw or not b:
        return ()
    parts = [p.strip() for p in re.split(r"\s*,\s*(?:and\s+|or\s+)?", raw) if p.strip()]
    if len(parts) < 2 or re.match(r"(?:for|in|on|with|during|if|when|given|regarding|about)\b", parts[0], re.I) or \
            any(len(p.split()) > 6 or _tidy(p) != p.strip(" ?.") for p in parts) or \
            any(re.match(r"(?:how|what|why|when|where|which|who|is|are|was|were|do|does|did|can|could|should|i|we)\b", p, re.I)
                or re.search(r"\b(?:it|its|they|them|their)\b", p, re.I)
                for p in parts):  # a question of its own ("How do I schedule its jobs, and how is it different ..."): no
        # name; nor a part pointing back ("pipe mode, like how is it different from file mode")
        return ()
    return tuple(dict.fromkeys(parts + [b]))


def _chained_sides(a: str, b: str) -> tuple[str, ...]:
    """"A vs B vs C": every side (up to four, six words at most each); when the others are one word and the last is
    longer, its first word is the side and the rest is the head they share, read as what is asked of them
    ("monolithic vs modular vs microkernel OS designs": the notes' sides are "Monolithic", "Modular", ...)."""
    sides = [a] + [_tidy(x) for x in re.split(r"\s+(?:vs\.?|versus)\s+", b, flags=re.I)]
    if not 3 <= len(sides) <= 4 or any(not x or len(x.split()) > 6 for x in sides):
        return ()
    if all(len(x.split()) == 1 for x in sides[:-1]) and len(sides[-1].split()) > 1:
        sides[-1] = sides[-1].split()[0]
    return tuple(dict.fromkeys(sides))


# "What do sp, st and se mean?", "What do TP and FP stand for in a confusion matrix?": several names, each asked
MEANINGS_RE = re.compile(r"^\s*(?:what\s+(?:do|does)|define)\s+(?:the\s+)?(?P<x>[^?]+?)(?:\s+(?:mean|stand\s+for)\b|\s*\??\s*$)",
                         re.I)
# "What are Kendra, A2I, Contact Lens and DeepLens (for)?", "What do X, Y and Z do?": a list of names, each asked
# (a comma is needed: "What is supply and demand?" is one thing)
NAMES_ASKED_RE = re.compile(r"^\s*what\s+(?:are|is|do|does)\s+(?P<x>[^?,]+,[^?]+?)(?:\s+(?:used\s+for|for|do))?\s*(?:\?.*|$)",
                            re.I | re.S)


def _several_meant(q: str) -> tuple[str, ...]:
    """The names a question asks the meaning of, when it lists two or more short ones; () otherwise."""
    q = FRAME_RE.sub("", q.strip(), count=1)
    m = MEANINGS_RE.match(q)
    if not m or not re.search(r"\b(?:mean|stand\s+for)\b", q, re.I) and not re.match(r"\s*define\b", q, re.I):
        m = NAMES_ASKED_RE.match(q)
        if not m:
            return ()
    # (in a list of names, chat's "n" and "&" join the last one: "kendra, A2I, contact lens n deeplens")
    parts = [p.strip(" ,.?") for p in re.split(r"\s*,\s*(?:and\s+|or\s+|n\s+|&\s+)?|\s+(?:and|or|n|&)\s+", m.group("x"))]
    if not 2 <= len(parts) <= 6 or any(not p or len(p.split()) > 3 or p.split()[0].lower() in PRONOUNS | ARTICLE_WORDS
                                       or ASKS_WORD_RE.match(p) for p in parts):
        return ()  # ("What are the causes, effects and ...": what is asked of something, not names)
    return tuple(dict.fromkeys(parts))


def _read(question: str) -> Intent:
    q = WHATS_RE.sub("what's", question.strip())  # ("whats the biggest ...": typed without its apostrophe)
    q = CATCH_RE.sub("what are the downsides of", q)
    q = NAMED_FIRST_RE.sub(r"\g<ask>\g<x>", q, count=1)  # "GZRS: how does it differ from LRS?" asks of GZRS
    q = set_aside(STRESS_RE.sub("", LEAD_RE.sub("", strip_request(CONTRACTED_RE.sub(r"\1 is", q)))))
    m = QUIZ_RE.match(q)
    if m:
        topic = _tidy(m.group("topic") or m.group("topic2") or "")
        return Intent("quiz", (topic,) if topic else (), keyterms(topic, True), topic, question=question)
    # "How does X compare with Y - what are the pros and cons of each?": the comparison is the first clause
    # "For real-time tasks, how does X compare to Y?": the frame before the question is no side of it
    framed = FRAME_RE.sub("", q, count=1)
    scene = SCENE_RE.sub("", framed, count=1)
    clauses = [scene] + [c for c in re.split(r"\s+[-–—]\s+", scene)[:1] if c != scene and len(c.split()) >= 3]
    m = LISTED_FIRST_RE.match(q)
    if m and (RECIPROCAL_RE.search(m.group("ask")) or re.search(r"\b(?:each|they|them|these|those|both|the\s+two)\b",
                                                                 m.group("ask"), re.I)):
        # ("System-assigned or user-assigned managed identity: how do they differ?": "they" are the things listed)
        # ("... GZRS for a storage account: how do they differ": what they are for is no part of the last side)
        sides_text = PURPOSE_TAIL_RE.split(_before_frame(m.group("sides")), maxsplit=1)[0]
        raw = [_tidy(x) for x in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|vs\.?|versus)\s+", sides_text)]
        sides = [x for x in raw if x]
        if 2 <= len(sides) <= 4 and all(len(x.split()) <= 6 for x in sides):
            frame = ""
            if len(sides) == 2:
                sides = list(_share_head(*sides))
                sides[1], frame = _shared_frame(*sides)
            return Intent("comparison", tuple(dict.fromkeys(sides)), focus_of(q, [*sides, frame]), question=question)
    for rx, clause in ((rx, c) for c in clauses for rx in COMPARE_RES):
        m = rx.search(clause)
        if m:
            # "liberalism different from social democracy as a political-economic system": the frame of the
            # comparison is not part of a side
            # "in service bus subscriptions whats TrueRuleFilter vs FalseRuleFilter": the first side is what the
            # question word asks about, not the frame typed before it
            lead = re.match(r"^(?P<frame>.+?)\s+(?:what['’]?s|what\s+(?:is|are)|how\s+(?:is|are|does|do))\s+"
                            r"(?:the\s+difference\s+between\s+)?(?P<side>\S.*)$", m.group("a"), re.I)
            if lead and (re.match(r"(?:it|its|this|that|they|these|those|he|she)\b", lead.group("side"), re.I) or
                         re.search(r"\b(?:how|what|why|which|who|when|where)\b|[?,;]", lead.group("frame"), re.I)):
                lead = None  # ("What causes X and how is it different from Y?": "it" is X, read as before)
            a = _tidy(_before_frame(lead.group("side") if lead else m.group("a")))
            b = _tidy(_before_frame(AND_ASKS_RE.split(m.group("b"))[0]))  # ("... from file mode and why would I care")
            later = re.split(r"([?!]|(?<=[a-z]{2})\.)\s+", m.group("a").strip())
            if not lead and len(later) > 2 and later[-1].strip():
                # "how is mac os x put together? like which bits does the mach microkernel handle vs the bsd part",
                # "I am confused. mutex vs semaphore?": the comparison is the later sentence's, and its first side is
                # what that sentence asks about - when it asks, or the sentence before it asked nothing (after "Which
                # fibres conduct fastest? like alpha motor neurons vs C fibres" the two are examples of what is asked)
                tail = re.sub(r"^(?:like|so|and|but|ok|okay|i\s+mean)\s+", "", later[-1], flags=re.I)
                asked = re.match(r"^(?:which|what)\s+(?:\w+\s+)?(?:does|do|did)\s+(?P<x>.+?)\s+\w+$", tail, re.I)
                if asked or later[-2] == ".":
                    a = _tidy(_before_frame(asked.group("x") if asked else tail))
            # "smote vs gan for oversampling my minority class": what it is for is asked of both, not part of B
            # ("FSx for Lustre" keeps its name)
            b = _tidy(PURPOSE_TAIL_RE.split(b, maxsplit=1)[0]) or b
            a = re.sub(r"^(?:what\s+is\s+the\s+difference\s+between|how\s+is|how\s+does|how|why|"
                       r"who\s+(?:is|are|was|were)(?:\s+the)?)\s+", "", a, flags=re.I)

            if rx is COMPARED_RE and NOT_A_SIDE_RE.search(b):
                continue  # "the concentrations inside a cell compared with outside it": places, not named sides
            if RECIPROCAL_RE.match(m.group("b").strip()):
                # "How do A, B and C differ from each other?": the sides are all named before it
                raw = re.sub(r"^(?:what\s+is\s+the\s+difference\s+between|how\s+(?:is|are|do|does|did)|how|why)\s+", "",
                             m.group("a").strip(), flags=re.I)
                sides = [_tidy(s) for s in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", raw) if _tidy(s)]
                if len(sides) < 2 or any(len(s.split()) > 8 for s in sides):
                    continue
                return Intent("comparison", tuple(dict.fromkeys(sides)), focus_of(q, sides), question=question)
            listed = _listed_sides(m.group("a"), b)
            if listed:  # "How do pipes, message queues and sockets differ ...?": every listed side is one
                return Intent("comparison", listed, focus_of(q, listed), question=question)
            if re.match(r"(?:what|which|who|when|where|is|are|does|do|can)\b", a, re.I):
                continue  # "What's the bioavailability for oral vs subcutaneous vs IV?": not two named sides
            if re.search(r"\b(?:vs\.?|versus)\s", b, re.I):
                sides = _chained_sides(a, b)
                if sides:  # "Monolithic vs modular vs microkernel OS designs": three sides
                    return Intent("comparison", sides, focus_of(q, sides), question=question)
                continue
            first = m.group("a").split(",")[0]
            if "," in m.group("a") and (len(first.split()) >= 3 or re.match(FRAME_START_RE, first.strip(), re.I)):
                # "Explain the EC2 instance families ..., and give me an example of which one I'd use for training
                # versus inference": the comparison is inside a later clause, and what comes before the comma is
                # no side of it
                tail = m.group("a").rsplit(",", 1)[1].strip()
                if not re.search(r"\b(?:it|this|that|they|these|those)\b", tail, re.I):
                    # ("..., and how does it differ from Y": "it" is the first clause's subject, read as before)
                    a = _tidy(tail)
                    if not a or re.match(r"(?:and|or|but|so)\b", tail, re.I):
                        continue
            # "how <a> can differ from <b>": the modal belongs to the question, not to <a>; nor does "... when would I
            # use one big segment versus lots of smaller ones?" make the asking a part of a side
            a = re.sub(r"^(?:when|where|why)\s+(?:would|should|do|does|can|could|might|will)\s+(?:i|you|we|one)\s+"
                       r"(?:use|pick|choose|prefer|want|need)\s+", "", a.strip(), flags=re.I)
            a = _tidy(re.sub(r"\s+(?:can|could|may|might|would|will|does|do|is|are)$", "", a, flags=re.I))
            lead_prep = re.match(r"(?:at|in|on|for|with|within|under|during|by|from|via)\s+", b, re.I)
            place = re.search(rf"\s{lead_prep.group(0).strip()}\s", a, re.I) if lead_prep else None
            compared = ""
            if place:
                # "provisioning throughput at the container level and at the database level": the sides are where,
                # in parallel ("container level", "database level"), and what comes before the first is asked of both
                b = _tidy(b[lead_prep.end():]) or b
                compared = _tidy(a[: place.start()])
            if a and b and len(a.split()) <= 8 and len(b.split()) <= 8:
                a, b = _share_head(a, b)
                a = _tidy(_asked_of(a, b)) or a
                b, frame = _shared_frame(a, b)
                return Intent("comparison", (a, b), focus_of(q, (a, b, frame)), question=question,
                              compared=compared if compared and compared.lower() != a.lower() else "")
    if NAMING_RE.match(q):
        # "what's it called when you force a page to stay in RAM ...?": the student asks for the name of what they
        # describe, so the names inside the description ("RAM") are its context, not the thing asked about
        return Intent("definition", (), focus_of(q, ()) - keyterms("call called term name word"), question=question)
    kind = ("example" if EXAMPLE_RE.search(question) else "when" if WHEN_RE.search(q) else "number" if NUMBER_RE.search(q)
            else "how" if HOW_RE.search(q) else "list" if LIST_RE.search(q) else None)
    subjects: list[str] = []
    if kind == "when":
        m = WHEN_IS_RE.match(q) or USED_FOR_RE.match(q) or USE_OBJECT_RE.search(q)
        if m and len(m.group("x").split()) <= 6 and _tidy(m.group("x")).lower() not in PRONOUNS:
            subjects = [_tidy(m.group("x"))]
    m = HOW_WORKS_RE.match(q) or WHERE_RE.match(q)
    if not subjects and m and len(m.group("x").split()) <= 6 and _tidy(m.group("x")).lower() not in PRONOUNS:
        subjects = [_tidy(m.group("x"))]  # "how the queueing lock works", "where is bile made": the subject
        owned = re.split(r"['’]s\s+", subjects[0], maxsplit=1)
        named = names_in(owned[1]) if len(owned) == 2 else []
        subjects = named[:1] or subjects  # "SageMaker's built-in k-NN algorithm": the named thing it owns
    several = _several_meant(q)
    if several and kind is None:  # (what they are is asked in the sentence naming them: "... for?? they all kinda
        # sound the same lol" adds nothing to look for)
        asked = re.match(r"[^?]*\??", q).group(0)
        return Intent("definition", several, focus_of(asked, several) - keyterms("mean stand define"), question=question)
    # "As a data structure, what does a mutex ...?", "In C, what is ...?": the frame before the question is
    # what it is asked in, not part of it (its words stay in the focus, read from the whole question below)
    asked = framed
    m = DEFINITION_RE.match(asked)
    if re.match(r"\s*what\s+(?:do|does|did|should|can)\s+(?:i|you|we|u|they|people|someone|one)\b", asked, re.I):
        m = None  # "what do you do when a handler blocks?": what someone does, not what a thing is
    if kind is None and m:
        kind = "definition"
        # "What is X and how does it ...": the second question's clause is not part of X
        raw = m.group("x")
        if re.match(r"\s*what\s+(?:does|do)\b", asked, re.I):
            # "what does X do to Y": X ends at its verb; "what does turning on X do": doing something to X asks of X
            raw = re.split(r"\s+(?:do|does)(?=[\s?.!,]|$)", raw, maxsplit=1)[0] or raw
            # "what does a mutex need to keep track of?", "what does the kernel have to save?": X ends before
            # the verb that takes "to"
            raw = re.split(r"\s+(?:need|needs|have|has|want|wants|ought|got)\s+to\b", raw, maxsplit=1)[0] or raw
            # "what does the group descriptor keep track of?": a verb that ends in its preposition ends X too
            raw = re.split(PHRASAL_VERB_RE, raw, maxsplit=1)[0] or raw
            raw = re.sub(r"(?<=\w)(?:\s+[a-z]+ly)+$", "", raw)  # "what does X actually do": the adverb is the verb's
            raw = ACT_ON_RE.sub("", raw, count=1) if len(raw.split()) >= 3 else raw
        x = _definition_subject(_tidy(re.split(r"\s+and\s+(?:how|why|what|when|where|which|who)\b", raw, flags=re.I)[0]))
        owned = re.match(r"^([a-z][\w-]*)['’]s\s+(?=\w)", x)
        if owned and owned.group(1) not in eponyms(q):
            x = x[owned.end():]  # "a drug's therapeutic index": a generic owner ("belady's anomaly" is a name)
        owner = re.match(r"^((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)['’]s\s+[a-z][\w-]*\s+[a-z][\w\s-]*$", x)
        x = owner.group(1) if owner else x  # "Martin Luther's central teaching": what is asked of the name
        # ("Belady's anomaly", "Amdahl's law": a name's one word after it makes a term of its own)
        x = re.sub(r"\s+for$", "", x)  # "What is a blob lease for?": what it is for is asked of the blob lease
        if re.match(r"\s*what\s+(?:does|do)\b", asked, re.I) and len(x.split()) >= 2 and \
                re.fullmatch(r"do|does|mean|means", x.split()[-1], re.I):
            x = " ".join(x.split()[:-1])  # "What does troponin do in muscle contraction?": "do" is the verb
        elif re.match(r"\s*what\s+(?:does|do)\b", asked, re.I) and len(x.split()) >= 2 and x.split()[-1].islower() \
                and re.search(re.escape(x.split()[-1]) + r"\s*(?:[,;?.!]|$)", q):
            # "what does <subject> (actually) <verb>": the last word before the clause ends is the verb
            words = x.split()[:-1]
            while len(words) > 1 and re.fullmatch(r"[a-z]+ly", words[-1]):
                words = words[:-1]
            x = " ".join(words)
        # "What does it mean for a drug to ...": a pronoun opens the question's frame, not its subject
        subjects = [x] if x and len(x.split()) <= 7 and x.split()[0].lower() not in PRONOUNS else []
    if kind == "number" and not subjects:
        m = VALUE_OF_RE.search(q)
        if m:  # "the default value of XGBoost's eta": eta, of XGBoost (which stays in the focus)
            x = _tidy(m.group("x"))
            x = re.sub(r"^.+?['’]s\s+(?=[a-z])", "", x)
            subjects = [x] if x and len(x.split()) <= 5 else []
    about = ABOUT_RE.match(question)
    if not subjects and about and len(about.group("x").split()) <= 5 and \
            not re.match(r"(?:it|its|they|them|this|that|these|those|one|ones|he|she|him|her|his|other|others|another|"
                         r"rest|both|each|all|same)\b", about.group("x"), re.I):
        # ("the sympathetic side", "the other kind": what the thing is of, not a word of its name)
        subjects = [re.sub(r"(?<=\w)\s+(?:side|one|ones|kind|type|version|case|part)$", "", _tidy(about.group("x")))]
    if not subjects:
        # (not a name of the frame before the question, "In 17th century France, what were the royal officials sent
        # out to the provinces called?": where and when it is asked of, in the focus, not what it asks about)
        subjects = _asked_names(framed)
        over = OVER_IT_RE.search(q)
        if over:  # "What is DeepAR, and when would I pick it over ARIMA or ETS?": what it is picked over is the
            # yardstick, the question is asked of what "it" is
            subjects = [x for x in subjects if x.lower() not in over.group("y").lower()] or subjects
    if kind == "list" and not subjects:
        m = PARTS_OF_RE.search(q)  # "what are the main components of apache spark": the thing whose parts are asked
        # (what is asked of them is no part of their name: "what kinds of authoritarian regimes are there", "... do
        # my notes list")
        x = _tidy(THERE_ARE_RE.sub("", m.group("x"))) if m else ""
        if x and len(x.split()) <= 5 and x.split()[0].lower() not in PRONOUNS:
            subjects = [x]
    kind = kind or "general"
    focus = focus_of(q, subjects)
    if kind == "number":  # "how long", "how many": the frame of the question, not what it is about
        focus = focus - {"long", "mani", "much", "often"}
    m = KINDS_OF_RE.search(q)
    if kind == "list" and m:  # "the different types of glial cells": the list asked for, not a word to find
        focus = focus - keyterms(m.group(1))
    m = HOW_WORKS_RE.match(q)
    if m and re.fullmatch(r"(?:work|function|operate)s?", m.group(0).split()[-1], re.I):
        focus = focus - keyterms(m.group(0).split()[-1])  # "how X works": the verb is the frame
    return Intent(kind, tuple(dict.fromkeys(subjects)), focus, question=question)


RELATION_NOUNS = {"role", "purpose", "meaning", "value", "default", "range", "type", "effect", "goal", "job",
                  "point", "use", "function", "size", "unit", "format", "impact", "effects", "cause", "causes",
                  "significance", "importance", "result", "results", "consequence", "consequences", "outcome",
                  # what is said for or against a thing ("the downsides of a microkernel design": a microkernel's)
                  "advantage", "advantages", "disadvantage", "disadvantages", "downside", "downsides", "upside",
                  "upsides", "drawback", "drawbacks", "benefit", "benefits", "pros", "cons", "limitation",
                  "limitations", "strength", "strengths", "weakness", "weaknesses", "tradeoffs", "trade-offs",
                  "risk", "risks"}
AIM_RE = re.compile(r"\s+(?:trying|hoping|meant|supposed|planning|aiming|going|able)\s+to\b.*$", re.I)
QUALIFIER_RE = re.compile(r"\s+(?:for|of|in|on|with|when|from|under)\s+", re.I)


def _definition_subject(x: str) -> str:
    """What a 'what is ...' question defines: 'baseline AUC metric for a binary model' -> 'baseline AUC
    metric' (the qualifier becomes focus); 'role of the learning rate in XGBoost' -> 'learning rate'."""
    x = AIM_RE.sub("", x)  # "the Congress of Vienna trying to achieve": what it aimed at is asked of it
    parts = QUALIFIER_RE.split(x)
    if len(parts) == 1 or len(x.split()) <= 3:
        return x
    if re.match(r"[A-Z]", parts[0]) and re.match(r"(?:the\s+)?[A-Z]", parts[1]) and \
            re.search(r"\s+of\s+", x[len(parts[0]):len(parts[0]) + 5]):
        return _tidy(" of ".join(parts[:2]))  # "Congress of Vienna", "Bank of England": one name
    head = parts[0]
    hw = head.split()  # ("the main downsides of ...": a lower-case word before the noun only qualifies it)
    if hw and hw[-1].lower() in RELATION_NOUNS and all(w.islower() for w in hw[:-1]) and len(parts) > 1:
        return _tidy(parts[1])
    return head


def _share_head(a: str, b: str) -> tuple[str, str]:
    """'L1 and L2 regularization' -> ('L1 regularization', 'L2 regularization'): a shared last word is given
    to both; 'Kinesis Data Streams vs Kinesis Data Firehose' stays as written."""
    # "a baby's drug metabolism ... an adult's (and cause harm)": a bare possessive owns what the other side's owns
    m = re.fullmatch(r"(\S+['’]s)(?:\s+(?:and|or|but)\b.*)?", b)
    if m and re.match(r"\S+['’]s\s+\S", a):
        return a, f"{m.group(1)} {a.split(maxsplit=1)[1]}"
    aw, bw = a.split(), b.split()
    # "Kernel-level vs user-level memory allocators": a side of the other's first word's form (the same word
    # after its hyphen) stands for that word, and what follows it is what both are
    # (not when a phrase follows: "resource-based security on S3" - what 'user-based' stands for is unclear)
    tail = re.fullmatch(r"[\w]+-([a-z]+)", aw[0]) if len(aw) == 1 and len(bw) >= 2 and not re.search(
        r"\s(?:on|in|of|for|with|from|at|to)\s", b, re.I) else None
    if tail and re.fullmatch(rf"[\w]+-{tail.group(1)}", bw[0], re.I):
        return " ".join([a] + bw[1:]), b
    # (only a side that reads as a modifier: "L1", "TCP", "Standard" - not a name of its own, "Albumin" vs
    # "alpha-1-acid glycoprotein": albumin is no glycoprotein)
    modifier = bool(re.search(r"\d", a)) or len(a) <= 4 or a.isupper() or everyday(a.lower()) or bool(
        re.search(r"(?:al|ic|ive|ous|ary|ed|ard|ing|less|ful)$", a, re.I))  # ("Batch vs stream ingestion": batch ingestion)
    # "synchronous and asynchronous signals": two adjectives in lower case, the second with its head (not a noun
    # beside a phrase: "clustering vs collaborative filtering")
    adjectives = all(re.search(r"[a-z](?:al|ic|ive|ous|ary|ar)$", w) for w in (a, bw[0]))
    # ... or a word and its opposite by a prefix ("direct and indirect coercion", "supervised and unsupervised")
    opposite = len(aw) == 1 and len(bw) >= 2 and a.islower() and bw[0].islower() and a.lower() != bw[0].lower() and (
        bw[0].lower().endswith(a.lower()) or a.lower().endswith(bw[0].lower()))
    if len(aw) == 1 and len(bw) >= 2 and (a[0].isupper() or adjectives or opposite) and bw[-1].islower() and \
            a.lower() not in b.lower().split() and modifier:
        if not a[0].isupper() and all(w.islower() for w in bw[1:]):
            return f"{a} {' '.join(bw[1:])}", b  # "sympathetic and parasympathetic nervous system": all of its head
        return f"{a} {bw[-1]}", b  # (not "GDP" vs "GDP per capita": the first is the second's own head)
    # "the alpha and lambda hyperparameters": a head in the plural is said of both ("clustering vs collaborative
    # filtering" keeps its sides)
    if len(aw) == 1 and len(bw) == 2 and a.islower() and bw[-1].islower() and re.search(r"[^su]s$", bw[-1]) and \
            a.lower() not in b.lower().split():
        return f"{a} {bw[-1]}", b
    # "a test-and-test-and-set spinlock ... a plain test-and-set one": "one" stands for what the other side names
    # after its first word ("a multi-process web server ... a multithreaded one": a multithreaded web server)
    if len(aw) >= 2 and len(bw) >= 2 and bw[-1].lower() in ("one", "ones"):
        return a, " ".join(bw[:-1] + aw[1:])
    if len(aw) >= 2 and len(bw) >= 2 and aw[-1].lower() in ("one", "ones"):
        return " ".join(aw[:-1] + bw[1:]), b
    return a, b


def _asked_of(a: str, b: str) -> str:
    """'contraction switched on differently in smooth muscle' vs 'skeletal muscle' -> 'smooth muscle': the first
    side ends on the second's last word after a preposition; what comes before it is what the question asks of
    both (its focus), not a part of the first side."""
    bw = b.split()
    if not bw or not bw[-1][:1].isalpha():
        return a
    m = re.search(rf"\b(?:in|of|for|on|at|with|within|under|during)\s+((?:\S+\s+){{0,{len(bw)}}}{re.escape(bw[-1])})$", a, re.I)
    if m is None or len(a.split()) - len(m.group(1).split()) < 2 or len(m.group(1).split()) < len(bw):
        return a  # ("Hobbes's view of human nature" vs "Locke's view of human nature": parallel whole)
    return m.group(1)


def _shared_frame(a: str, b: str) -> tuple[str, str]:
    """'pipeline pattern' vs 'layered pattern for multithreaded apps' -> ('layered pattern', 'for multithreaded
    apps'): both sides end on the same word, and what the last one goes on with after it is the frame both are
    compared in - no part of the last side, and no more a focus of the question than the sides' own words (the
    user-level threads of "process scope vs system scope for user-level threads" are not what either scope is)."""
    aw = a.split()
    if len(aw) < 2 or not aw[-1][:1].isalpha():
        return b, ""
    m = re.match(rf"(.+?\b{re.escape(aw[-1])})\s+((?:for|in|on|with|under|within)\s+(\S).*)$", b, re.I)
    if m is None or len(m.group(1).split()) < 2:
        return b, ""
    if m.group(3).isupper() and aw[-1][:1].isupper():
        return b, ""  # a name goes on after its preposition ("Managed Service for Apache Flink", "FSx for Lustre")
    return m.group(1), m.group(2)


# what the student sets aside ("... instead of calling join?"): not what the answer is about
SET_ASIDE_RE = re.compile(r"\b(?:instead\s+of|rather\s+than|other\s+than|apart\s+from|besides)\s+[^,;?.!]{1,60}", re.I)


def set_aside(question: str) -> str:
    """The question without what it sets aside: "what should the parent do instead of calling join?" ->
    "what should the parent do?". "Why A instead of B?" asks why one is chosen over the other: B stays."""
    if re.search(r"\bwhy\b", question, re.I):
        return question
    return re.sub(r"\s+([?.!])", r"\1", SET_ASIDE_RE.sub("", question)).strip()


# what a student says of their own studying, not of the subject: "I'm revising skeletal muscle ..." (the verb goes;
# what it is about stays). ("my notes keep mentioning triads" keeps its words: "what features of Transcribe do my
# notes mention?" without them is asked of "features" alone, and SageMaker Model Monitor's features led)
OWN_DOING_RE = re.compile(r"\b(?:i|we)\s*(?:'m|’m|am|was|were|'re|’re|are|'ve\s+been|’ve\s+been|have\s+been)\s+([a-z]+ing)\b",
                          re.I)


def focus_of(question: str, subjects) -> frozenset[str]:
    """What the question asks of its subjects: its key terms that are not the subjects' own (nor those of what it
    sets aside, nor the student's words for their own studying)."""
    subject_terms = frozenset().union(*(keyterms(s) for s in subjects)) if subjects else frozenset()
    asked = OWN_DOING_RE.sub(lambda m: m.group(0)[: m.start(1) - m.start()], question)
    return frozenset(t for t in keyterms(RECIPROCAL_RE.sub(" ", set_aside(asked)), drop_question_words=True)
                     if t not in subject_terms and t not in ("differ", "compar"))
