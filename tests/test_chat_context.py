"""An answer's lines keep what they are about: a step its number, a section of another file its file's title, a bare
or numbered label whose it is, an answer cut from its question that question, a list cut in two its lead-in, and an
example line leads only when it is about what was asked."""
from tests.test_chat_any_notes import _own_notes
from tutor.compose import Composition, Picked
from tutor.intent import read_question
from tutor.passages import Passage
from tutor.statements import Statement, statements


ACTION = """# Anatomy of a nerve impulse
I. Rest. Leak channels hold the membrane near minus seventy millivolts
II. Stimulus → Voltage-gated sodium channels begin to open
III. Threshold at minus fifty-five millivolts → The remaining sodium channels open rapidly
IV. Peak → Sodium channels close, and delayed rectifier potassium channels open
V. Potassium channels still open → The membrane hyperpolarizes below rest
VI. Potassium channels close → The membrane returns to rest
"""


def test_a_step_of_an_outline_keeps_its_number():
    lines = ACTION.splitlines()
    p = Passage("c1", "impulse.md", "Anatomy of a nerve impulse", 1, len(lines), "prose", ACTION)
    texts = [s.text for s in statements(p)]
    step = next(t for t in texts if "remaining sodium channels" in t)
    # the third step reads as the third: a student shown it alone sees which step of the sequence it is
    assert step.startswith("III. Threshold"), texts
    assert any(t.startswith("VI. Potassium channels close") for t in texts), texts
    # a line that only opens on a capital and a full stop is no outline ("A. Smith wrote ..." keeps its name too)
    q = Passage("c2", "x.md", "X", 1, 1, "prose", "J. Smith wrote the first account of the siege in 1649.")
    assert [s.text for s in statements(q)] == ["J. Smith wrote the first account of the siege in 1649."]


BLOOD = """# Indicator dilution

## Measuring other compartments
**Problem:** Tracers are not restricted to a particular compartment
**Example:** If the interstitial compartment cannot be measured directly, measure the intracellular one and subtract

## Measuring blood volume
Measure the plasma volume, find the hematocrit, and divide the plasma volume by one minus the hematocrit.

$\\text{Blood volume} = \\frac{\\text{plasma volume}}{1 - \\text{hematocrit}}$

A plasma volume of 3 L with a hematocrit of 40% gives a blood volume of 3 / 0.6 = 5 L.
"""


def test_an_example_line_about_something_else_does_not_lead(tmp_path):
    with _own_notes(tmp_path, "fluids.md", BLOOD) as tutor:
        a = tutor.ask("How do you get someone's total blood volume from their plasma volume and hematocrit? "
                      "Can you work through an example?")
    first = a.text.strip().splitlines()[0]
    # "Example: If the interstitial compartment ..." gives an example, but of another measurement: the answer
    # opens on blood volume
    assert "interstitial" not in first, a.text
    assert "blood volume" in a.text.lower() and "hematocrit" in first.lower(), a.text


def test_a_section_of_another_file_is_titled_with_the_file_s_top_heading():
    from tutor.answer import _Citations, render
    dlq = Statement("Dead-letter queue: holds messages that cannot be delivered, for inspection.", "Service Bus.md",
                    12, 12, "Azure Service Bus > Advanced features", "prose")
    grid = Statement("Undelivered events go to a storage account after the retry policy runs out.", "Event Grid.md",
                     158, 158, "Azure Event Grid > Event Delivery Durability > Delivery and Retry > Dead-Letter Events",
                     "prose")
    titles = {"Service Bus.md": "Azure Service Bus", "Event Grid.md": "Azure Event Grid"}
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0]) for s in (dlq, grid)],
                       picked=[Picked(dlq.text, dlq, "lead"), Picked(grid.text, grid, "more")], titles=titles)
    text = "\n".join(render(read_question("What ends up in the dead-letter queue?"), comp, _Citations()))
    # under a Service Bus answer, Event Grid's dead-letter line says whose it is
    assert "*Azure Event Grid › Delivery and Retry › Dead-Letter Events*:" in text, text
    # one file's sections need no file title: the answer is all about it
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0]) for s in (dlq, grid)],
                       picked=[Picked(dlq.text, dlq, "lead"),
                               Picked(grid.text, Statement(grid.text, "Service Bus.md", 158, 158, grid.heading,
                                                           "prose"), "more")], titles=titles)
    text = "\n".join(render(read_question("What ends up in the dead-letter queue?"), comp, _Citations()))
    assert "*Delivery and Retry › Dead-Letter Events*:" in text and "Azure Event Grid ›" not in text, text


def test_a_file_s_title_is_its_one_top_heading():
    from tutor.answer import file_title
    assert file_title(["# [Azure Event Grid](https://x)", "", "## Concepts", "text", "### Schemas"]) == "Azure Event Grid"
    assert file_title(["intro", "## Phase 1", "```", "# a comment in code", "```", "### Oxidation"]) == "Phase 1"
    # several headings at the top level: none of them is the file's title
    assert file_title(["# Visualization", "## Plots", "# Modeling", "## Linear"]) == ""
    assert file_title(["## Locations", "# Drug Metabolism"]) == ""
    assert file_title(["no headings at all"]) == ""


ROMANTICISM = """- What steps did Great Britain take that prevented the revolutions of 1848?
  - The success of reformist political measures
- What were the characteristics of Romanticism and how were they reflected in the arts?
  - Characteristics:
    - awe of nature
    - celebration of the individual
  - Literature:
    - Shelley
"""


def test_a_bare_label_over_items_is_named_with_the_item_above_it():
    from tutor.answer import _parent_line
    p = Passage("c1", "ch21.md", "Romanticism > Questions", 1, 8, "list", ROMANTICISM.rstrip("\n"))
    awe = next(s for s in statements(p) if s.text == "awe of nature")
    assert awe.context.rstrip(":") == "Characteristics"
    # "Characteristics:" alone, under lines on 1848 Britain, would read as Britain's
    assert _parent_line(awe.context, awe) == \
        "*Under “What were the characteristics of Romanticism and how …” › “Characteristics:”*:"
    reform = next(s for s in statements(p) if s.text.startswith("The success of reformist"))
    assert _parent_line(reform.context, reform).startswith("*Under “What steps did Great Britain take")


def test_a_numbered_label_says_whose_it_is():
    from tutor.answer import _label
    step = Statement("Find volume of distribution (intravascular component)", "fluids.md", 119, 119,
                     "Indicator dilution technique > Measuring blood volume", "list", context="**Approach 2:**")
    # "Approach 2" alone, under a question on a drug's volume of distribution, reads as a second approach to it
    assert _label(step, step.text) == "**Measuring blood volume › Approach 2**: "
    named = Statement("Default value: 0.3", "xgb.md", 40, 40, "XGBoost > Hyperparameters", "list", context="**eta:**")
    assert _label(named, named.text) == "**eta**: "  # a term names itself


STREAMING = """Streaming Services

- **Kinesis Data Streams:** gets streaming data from producers and leverages shards.
 - Data in shards is held for 24 hours by default
 - **KCL:** Kinesis Client Library, to consume and process the data
- **Kinesis Firehose:** fully managed: no shards to deal with, and it can load data into S3.

- Careful: no data retention in Firehose, so data cannot be replayed
- **Kinesis Video Streams:** streams video feeds from security cameras to S3 or Rekognition
"""


def test_a_list_cut_into_two_passages_keeps_its_lead_in_in_both():
    lines = STREAMING.rstrip("\n").split("\n")
    second = Passage("c2", "notes.md", "Streaming Services", 5, 9, "list", "\n".join(lines[4:9]))
    third = Passage("c3", "notes.md", "Streaming Services", 8, 9, "list", "\n".join(lines[7:9]))
    got = {s.text.split(":")[0]: s.context for s in statements(second, lines)}
    # a passage that starts inside an item's sub-items: its later top-level items hang under the list's lead-in,
    # as they do in a passage that starts on a top-level item
    assert got["Kinesis Firehose"] == "Streaming Services", got
    assert {s.context for s in statements(third, lines)} == {"Streaming Services"}


def test_a_section_s_list_after_a_nested_lead_item_says_where_it_is_from():
    from tutor.answer import _Citations, render
    h = "Authoritarian Regimes > Means of Control"
    lead = Statement("regimes restrict the independence of the media", "ch6.md", 26, 26, h, "list",
                     context="state control of the media")
    coercion = Statement("coercion: compelling people to submit to the regime by force", "ch6.md", 23, 23, h, "list")
    civil = Statement("restrictions on civil society", "ch6.md", 31, 31, h, "list")
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0]) for s in (coercion, lead, civil)],
                       picked=[Picked(lead.text, lead, "lead"), Picked(coercion.text, coercion, "more"),
                               Picked(civil.text, civil, "more")])
    text = "\n".join(render(read_question("How do authoritarian governments control the media?"), comp, _Citations()))
    # without the section's title, "coercion" and "restrictions on civil society" read as ways to control the media
    assert "*Authoritarian Regimes › Means of Control*:" in text, text
    assert text.index("Means of Control*:") < text.index("coercion")


WARDS = """# Event Hubs questions

Question: A hospital monitors patients in 5 wards, and each ward's sensors send their own readings. How many partitions should the event hub have?

- [ ] 3 Partitions
- [x] 5 Partitions

Bonus question: What would you use as the partition key?

Answer: For the highest throughput, allocate an individual partition for each ward.
Bonus answer: Ward. Because we use it for partitioning."""


def test_an_answer_cut_from_its_question_is_that_question_s_explanation():
    lines = WARDS.split("\n")
    p = Passage("c2", "questions.md", "Event Hubs questions", 8, 11, "prose", "\n".join(lines[7:11]))
    got = {s.text: s for s in statements(p, lines)}
    ward = next(s for t, s in got.items() if "individual partition for each ward" in t)
    # shown alone under the file's title, "each ward" means nothing: it is the hospital question's answer
    assert ward.kind == "explanation" and ward.context.startswith("Question: A hospital monitors"), ward
    bonus = next(s for t, s in got.items() if t.startswith("Bonus question"))
    assert bonus.kind == "prose"  # the question itself is no answer


def test_a_section_s_list_whose_label_names_the_section_needs_no_title_above_it():
    from tutor.answer import _Citations, render
    h = "Data Engineering > Streaming Services"
    lead = Statement("is held for 24 hours by default, up to 7 days", "notes.md", 51, 51, h, "list",
                     context="Kinesis Data Streams: gets streaming data from producers")
    streams = Statement("Kinesis Data Streams: gets streaming data from producers", "notes.md", 48, 48, h, "list",
                        context="Streaming Services")
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0]) for s in (streams, lead)],
                       picked=[Picked(lead.text, lead, "lead"), Picked(streams.text, streams, "more")])
    text = "\n".join(render(read_question("How long does a Kinesis data stream keep data?"), comp, _Citations()))
    # "**Streaming Services**: Kinesis Data Streams ..." says where it is from: "*… › Streaming Services*:" right
    # above it would say it twice
    assert "**Streaming Services**:" in text and "› Streaming Services*:" not in text, text


RECEPTORS = """# Receptor ligands

## Antagonists
A neutral antagonist binds the receptor and blocks agonists without changing its constitutive activity.

## Inverse agonists
An inverse agonist binds the same receptor as an agonist and elicits the opposite response.
"""


def test_the_ordinary_kind_of_a_thing_is_no_word_the_notes_must_use(tmp_path):
    with _own_notes(tmp_path, "receptors.md", RECEPTORS) as tutor:
        a = tutor.ask("Explain how an inverse agonist is different from a regular antagonist.")
    # "regular" says the thing itself, however rarely the notes say it: no "Your notes never use “regular”" first
    assert "never use" not in a.text and "opposite response" in a.text, a.text


def test_a_topic_a_study_prompt_lists_does_not_lead():
    from tutor.answer import _no_bare_lead
    prompt = "Explain the significance of each of the following:"
    topic = Statement("Nationalist Responses to Napoleon", "ch19.md", 94, 94, "Napoleon > Questions", "list",
                      context=prompt)
    kept = Statement("He kept equality before the law and abolished serfdom.", "ch19.md", 74, 74,
                     "Napoleon > Questions", "list", context="What did Napoleon preserve and destroy?")
    comp = Composition(True, picked=[Picked(topic.text, topic, "lead"), Picked(kept.text, kept, "support")])
    _no_bare_lead(comp)
    # the prompt's topic says nothing of itself: the line that answers leads
    assert [p.statement for p in comp.picked] == [kept]
    # an item under a list of things (not a prompt) is one of them, and may be the answer: it stays
    code = Statement("Civil Code", "ch19.md", 90, 90, "Napoleon > Questions", "list", context="Reforms under Napoleon")
    comp = Composition(True, picked=[Picked(code.text, code, "lead"), Picked(kept.text, kept, "support")])
    _no_bare_lead(comp)
    assert comp.picked[0].statement is code
    # nor does an item under a prompt asking one thing: it is that prompt's answer
    real = Statement('"politics of reality"', "ch22.md", 12, 12, "Chapter 22", "list",
                     context="Explain what Realpolitik is and how Bismarck used it")
    comp = Composition(True, picked=[Picked(real.text, real, "lead"), Picked(kept.text, kept, "support")])
    _no_bare_lead(comp)
    assert comp.picked[0].statement is real


def test_the_bundled_notes_firehose_caveat_hangs_under_its_list_in_every_passage(corpus_index):
    # the real index cuts the bundled cheat sheet's "Streaming Services" list inside Data Streams' sub-items: the
    # passage that starts there holds Firehose's item and its "Careful: no data retention" caveat, which had no
    # parent, while the next passage's items hung under "Streaming Services" - two lists where the notes have one
    src = "cheat-sheet.md"
    lines = corpus_index.lines(src)
    n = next(i for i, t in enumerate(lines, 1) if "no data retention in Firehose" in t)
    cut = [p for p in corpus_index.passages_at(src, n, n) if p.start_line < n]
    assert cut, "the caveat's passage"
    got = {s.text: s for p in cut for s in statements(p, lines)}
    caveat = next(s for t, s in got.items() if "no data retention in Firehose" in t)
    firehose = next(s for t, s in got.items() if t.startswith("Kinesis Firehose"))
    assert caveat.context == firehose.context == "Streaming Services", (caveat.context, firehose.context)
