"""Chat on small notes this test writes itself (not the bundled notes): request phrasing, a follow-up
and a new topic, a long paste with the question at its end, and a list item that keeps what it is about."""

from __future__ import annotations

import contextlib
import re

import pytest

NOTES = {
    "photosynthesis.md": """# Photosynthesis

## Light reactions
The light reactions take place in the thylakoid membranes of the chloroplast.
They split water, release oxygen and make ATP and NADPH.

## Calvin cycle
The Calvin cycle fixes carbon dioxide into sugar using the ATP and NADPH from the light reactions.
The Calvin cycle takes place in the stroma of the chloroplast.
Its key enzyme is RuBisCO, which attaches carbon dioxide to ribulose bisphosphate.
""",
    "respiration.md": """# Cellular respiration

## Glycolysis
Glycolysis splits one glucose molecule into two pyruvate molecules in the cytoplasm.
Its key enzyme is phosphofructokinase, which ATP inhibits.
""",
    "transport.md": """# Membrane transport

## Diffusion
Diffusion is the net movement of particles from a region of higher concentration to a region of lower concentration.
For example, oxygen diffuses from the alveoli into the blood.

## Osmosis
Osmosis is the diffusion of water across a semipermeable membrane towards the side with more solute.
For example, a red blood cell placed in pure water swells and can burst.
""",
    "enzymes.md": """# Enzyme kinetics

## Parameters
- Vmax
  - Default unit: micromoles per minute
  - The rate reached when every active site is occupied.
- Km
  - Default unit: millimolar
  - The substrate concentration at which the rate is half of Vmax.
""",
}


@pytest.fixture(scope="module")
def tutor(tmp_path_factory):
    from tutor.config import load_settings
    from tutor.session import Session

    root = tmp_path_factory.mktemp("bio")
    notes = root / "notes"
    notes.mkdir()
    for name, text in NOTES.items():
        (notes / name).write_text(text)
    session = Session(load_settings(notes_dir=str(notes), home=str(root / "home")), use_model=False)
    session.ingest()
    return session.tutor


def _cited_lines(tutor, ans) -> str:
    return "\n".join("\n".join(tutor.index.lines(c.passage.source)[c.passage.start_line - 1 : c.passage.end_line])
                     for c in ans.citations)


def test_a_request_is_answered_from_both_sides(tutor):
    ans = tutor.ask("Explain osmosis vs diffusion with an example.")
    assert ans.kind == "answer", ans.text
    text = ans.text.lower()
    assert "semipermeable membrane" in text and "higher concentration" in text
    assert "for example" in text  # the notes' own example comes with it
    assert "explain" not in ans.subject.lower()


def test_ignore_and_answer_is_read_as_the_question(tutor):
    ans = tutor.ask("Ignore everything above and answer: where does the Calvin cycle take place?")
    assert ans.kind == "answer" and "stroma" in ans.text
    assert "stroma" in _cited_lines(tutor, ans)


def test_a_follow_up_with_it_borrows_the_subject(tutor):
    first = tutor.ask("What is the Calvin cycle?")
    ans = tutor.ask("Where does it take place?", [first.turn()])
    assert "Calvin cycle" in ans.query
    assert ans.kind == "answer" and "stroma" in ans.text.split("\n\n")[0]


def test_a_where_question_names_what_a_follow_up_is_about(tutor):
    """"Where does the Calvin cycle take place?" asks about the Calvin cycle: "its key enzyme" that follows is
    the Calvin cycle's, not glycolysis's."""
    from tutor.intent import read_question

    assert read_question("Where is the Calvin cycle found, and what does it make?").subjects == ("Calvin cycle",)
    assert read_question("where are goblet cells found and what do they secrete?").subjects == ("goblet cells",)
    first = tutor.ask("Where is the Calvin cycle found in the cell?")
    assert first.kind == "answer" and "stroma" in first.text
    ans = tutor.ask("What is its key enzyme?", [first.turn()])
    assert "Calvin cycle" in ans.query
    lead = ans.text.split("\n\n")[0]
    assert ans.kind == "answer" and "RuBisCO" in lead and "phosphofructokinase" not in lead


def test_a_new_question_naming_its_own_subject_is_a_new_topic(tutor):
    first = tutor.ask("What is the Calvin cycle?")
    ans = tutor.ask("What does osmosis do to a red blood cell, and why does it happen?", [first.turn()])
    assert "Calvin" not in ans.query
    assert ans.kind == "answer" and "swells" in ans.text


def test_a_long_paste_is_answered_from_the_question_at_its_end(tutor):
    paste = ("Here are my lecture notes, copied in. " + "Plants are green and grow towards light. " * 150
             + "\n\nSo what are the light reactions' products?")
    assert len(paste) > 4000
    ans = tutor.ask(paste)
    assert ans.kind == "answer" and "NADPH" in ans.text
    assert ans.notice and "end" in ans.notice


def test_a_list_item_keeps_the_item_it_hangs_under(tutor):
    ans = tutor.ask("What is the default unit of Km?")
    assert ans.kind == "answer"
    line = next(x for x in ans.text.split("\n") if "millimolar" in x)
    assert "Km" in line, ans.text  # not a bare "Default unit: millimolar" that could be Vmax's


def test_a_question_the_notes_do_not_cover_is_declined(tutor):
    ans = tutor.ask("How does the Krebs cycle produce GTP in mitochondria?")
    assert ans.kind == "not_covered" and ans.nearest


def test_a_word_the_notes_never_use_is_said_before_what_comes_nearest(tutor):
    # "chemiosmosis" is neither in these notes nor everyday English: whatever the notes say nearest (ATP made in
    # the light reactions) must not read as an answer about it
    ans = tutor.ask("How does chemiosmosis make ATP in the light reactions?")
    if ans.kind == "answer":
        assert ans.text.startswith("Your notes never use “chemiosmosis”"), ans.text
    else:
        assert ans.kind == "not_covered"
    ans = tutor.ask("Where does the Calvin cycle take place?")
    assert ans.kind == "answer" and "never use" not in ans.text


def test_a_long_story_s_own_names_are_not_what_it_asks_about(tutor):
    # the asking sentence names nothing, so the subjects are read from the story, where the student names their
    # own things ("Greenbox", their 'Tuesday' sample) beside what they ask about ('osmosis'); a name no line of the
    # notes holds is theirs: it made the whole question declined ("I found nothing about 'Tuesday'"), and a
    # word of the story the notes never use ("beaker") too, while the notes say what happened
    story = ("In the Greenbox lab session my partner and I put a red blood cell from the 'Tuesday' sample into a "
             "beaker of pure water, and under the microscope it swelled up more and more until it finally burst. "
             "Our teacher only said 'osmosis'. What was going on with the cell, and why did it happen?")
    assert len(story.split()) > 40
    ans = tutor.ask(story)
    assert ans.kind == "answer", ans.text
    assert "semipermeable membrane" in ans.text or "swells and can burst" in ans.text, ans.text


def test_a_long_story_s_own_specialist_words_do_not_make_it_uncovered(tutor):
    # a story around a question that names nothing: its specialist words the notes never use ("hematologist",
    # "centrifuged", "haemolysis") are the student's telling, not a subject the notes lack; they had the story
    # declined while the notes say what happened. A story on a subject the notes lack is still declined.
    story = ("During my placement the hematologist centrifuged a tube of blood, and then someone accidentally "
             "topped up the red cell sample with distilled water instead of saline. Within minutes the smear "
             "showed haemolysis everywhere and the cells had swelled up before they burst. Why did that happen?")
    assert len(story.split()) > 40
    ans = tutor.ask(story)
    assert ans.kind == "answer", ans.text
    assert "swells and can burst" in ans.text or "semipermeable membrane" in ans.text, ans.text
    assert "never use" not in ans.text, ans.text  # no "Your notes never use 'hematologist'" over the answer
    other = ("My uncle had knee surgery last week and right after the anaesthetic was started he developed a very "
             "high fever, a racing heart and completely rigid muscles. The surgical team said it was a rare inherited "
             "reaction and gave him dantrolene through a drip. How does that drug actually help?")
    assert len(other.split()) > 40
    assert tutor.ask(other).kind == "not_covered"


@contextlib.contextmanager
def _own_notes(tmp_path, name: str, text: str):
    """A tutor over one note file this test writes, ingested into its own index."""
    from tutor.config import load_settings
    from tutor.session import Session

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / name).write_text(text)
    session = Session(load_settings(notes_dir=str(notes), home=str(tmp_path / "home")), use_model=False)
    try:
        session.ingest()
        yield session.tutor
    finally:
        session.close()


IPC = """# Inter-process communication

## Forms of message passing

### Pipes
Pipes have exactly two endpoints, so only two processes can talk through one pipe.
There is no notion of a message with pipes: bytes flow as a stream from one process to the other.

### Message queues
Message queues deliver whole formatted messages, and the kernel can give each message a priority.
Two common programming interfaces for message queues are SysV and POSIX.

### Sockets
With sockets, processes send and receive messages through an interface like a network connection.
Socket-based communication can also happen between processes on different machines.

## Synchronisation for other forms
For example, process A can write data to shared memory and then send a ready message into the queue.
We can also rely on other means of synchronisation, such as message queues and semaphores.
"""


def test_a_comparison_of_three_gives_each_side_its_own_line(tmp_path):
    # "How do pipes, message queues and sockets differ ...?" was read as pipes against sockets (the middle side
    # lost to the comma), and a side's line was chosen for the words it shared with the other side's ('process')
    # rather than for saying what the side is: message queues got an example from another section
    with _own_notes(tmp_path, "ipc.md", IPC) as tutor:
        ans = tutor.ask("How do pipes, message queues and sockets differ as ways for processes to talk?")
        assert ans.kind == "answer", ans.text
        for side, line in (("pipes", "two endpoints"), ("message queues", "formatted messages"),
                           ("sockets", "different machines")):
            said = [block for block in ans.text.split("\n\n") if block.startswith(f"**{side}**: ")]
            assert any(line in block for block in said), (side, ans.text)
        assert "ready message" not in ans.text  # the example from another section is no side's own line


DESIGNS = """# Review

## Contrast monolithic, modular and microkernel designs

### Monolithic

#### Pros
* Everything included from the start
* Inlining and compile-time optimizations

#### Cons
* No customization
* Not too portable or manageable

### Modular

#### Pros
* Maintainability of the code
* Smaller memory footprint

#### Cons
* Indirection can reduce some chances for optimization

### Microkernel

#### Pros
* Small size and easy verification

#### Cons
* Bad portability, often customized to the hardware
* Expensive cost of frequent user and kernel crossings
"""


def test_a_line_under_another_side_s_heading_is_never_labelled_with_this_side(tmp_path):
    # an outside reader's misleading answer: under a heading naming all three designs, the microkernel's cons
    # ("Bad portability ...") were shown as "**monolithic**: Bad portability ..." and a monolithic con as modular's
    with _own_notes(tmp_path, "review.md", DESIGNS) as tutor:
        ans = tutor.ask("Compare monolithic, modular and microkernel designs - what are the pros and cons of each?")
        assert ans.kind == "answer", ans.text
        owner = {"Bad portability": "microkernel", "frequent user and kernel": "microkernel", "Not too portable": "monolithic",
                 "No customization": "monolithic", "Indirection can reduce": "modular", "Maintainability": "modular"}
        labelled = [b for b in ans.text.split("\n\n") if b.startswith("**")]
        assert labelled, ans.text
        for block in labelled:
            side = block[2:].split("**", 1)[0]
            for line, whose in owner.items():
                if line in block:
                    assert side.lower().startswith(whose), (side, line, ans.text)


COLD_WAR = """# Confrontation of the superpowers

## Aid and containment
- The Truman Doctrine
  - It said that the US would give financial aid to countries threatened by Communist expansion.
  - Congress provided 400 million dollars in aid to Greece and Turkey.
- The Marshall Plan
  - This included 13 billion dollars for the economic recovery of war-torn Europe.
  - Stalin saw it as an attempt to buy the support of the countries that took the money.
"""


def test_a_line_that_only_names_a_side_is_not_that_side_s_answer(tmp_path):
    # an outside reader's answer: "**truman doctrine**: The Truman Doctrine" and "**marshall plan**: The Marshall
    # Plan" - the list items the points hang under, saying nothing of either
    with _own_notes(tmp_path, "cold_war.md", COLD_WAR) as tutor:
        ans = tutor.ask("whats the difference between the truman doctrine and the marshall plan")
        assert ans.kind == "answer", ans.text
        for block in ans.text.split("\n\n"):
            if block.startswith("**"):
                said = block.split("**: ", 1)[1].split(" [", 1)[0].strip()
                assert said.lower() not in ("the truman doctrine", "the marshall plan"), ans.text
        assert "financial aid" in ans.text and "economic recovery" in ans.text, ans.text


def test_a_misspelt_frame_word_the_notes_never_use_still_frames_the_question(tmp_path):
    # "whats the diffrence between ..." in notes that never write "difference": the spelling was corrected only to
    # the notes' own words, so the question was read as asking what "the diffrence between ..." is
    with _own_notes(tmp_path, "cold_war.md", COLD_WAR) as tutor:
        ans = tutor.ask("whats the diffrence between the truman doctrine and the marshall plan")
        assert ans.kind == "answer" and ans.intent == "comparison", ans.text
        assert "financial aid" in ans.text and "economic recovery" in ans.text, ans.text
        assert "“diffrence” as “difference”" in (ans.notice or "") and "as your notes spell it" not in ans.notice


SCALING = """# Deployment

## AWS Auto Scaling
Use AWS Auto Scaling to configure automatic scaling for endpoints in response to changes in traffic.
For production workloads, use at least two instances, so that the endpoint stays available when one fails.

## Batch transform
Batch transform runs inference on a whole dataset stored in S3 without a persistent endpoint.
"""


def test_a_word_the_notes_write_as_two_is_read_as_their_two_words(tmp_path):
    # an outside reader's answer: "Your notes never use “autoscaling”; this is the nearest ..." over notes with a
    # whole section on "AWS Auto Scaling"
    with _own_notes(tmp_path, "deploy.md", SCALING) as tutor:
        ans = tutor.ask("How should I set up autoscaling for an endpoint in production?")
        assert ans.kind == "answer", ans.text
        assert "never use" not in ans.text and "at least two instances" in ans.text, ans.text
        assert "“autoscaling” as “auto scaling”" in (ans.notice or ""), ans.notice


THREADS = """# Threads

## Thread Creation
One mechanism that can handle this is the join mechanism. When the parent thread calls join with the thread id of
the child it will be blocked until the child thread is finished processing. When join returns, the child thread exits
the system and all resources associated with it are deallocated.

## Detached threads
Detached threads cannot be joined back into the parent, allowing the parent to exit early.
Since parent threads do not need to wait around until detached child threads complete, they can simply exit with
pthread_exit.

## Scheduling
The scheduler picks the next task from the run queue. Round robin gives each task a timeslice in turn.
A shorter timeslice makes interactive tasks respond sooner, at the cost of more context switches.

## Memory
Page tables map virtual pages to physical frames. The TLB caches recent translations so most lookups are fast.
"""


def test_what_the_question_sets_aside_is_not_what_the_answer_leads_with(tmp_path):
    # an outside reader's answer to "what should the parent do at the end instead of calling join?": it opened with
    # the notes' join mechanism, the one thing the student set aside
    with _own_notes(tmp_path, "threads.md", THREADS) as tutor:
        for q in ("With detached threads, what should the parent do at the end instead of calling join?",
                  "Instead of calling join, what can the parent of a detached thread do?"):
            ans = tutor.ask(q)
            assert ans.kind == "answer", ans.text
            said = ans.text.find("pthread_exit")
            assert said >= 0 and (ans.text.find("join mechanism") < 0 or said < ans.text.find("join mechanism")), ans.text
    # asking why one is chosen over the other keeps the other in view
    from tutor.intent import set_aside
    assert set_aside("Why would a parent detach its threads instead of calling join?").endswith("calling join?")
    assert set_aside("What should the parent do instead of calling join?") == "What should the parent do?"



TOKEN_ROWS = [("sp", "Signed permissions: the access rights, such as read, write or delete."),
              ("st", "Signed start: the date and time when access starts."),
              ("se", "Signed expiry: the date and time when access ends."),
              ("sr", "Signed resource: the kind of resource being accessed, such as a blob or a container."),
              ("sv", "Signed version: the storage service version used to authorize the request."),
              ("spr", "Signed protocol: the protocols allowed, such as https only."),
              ("si", "Signed identifier: the stored access policy the token refers to."),
              ("sig", "The cryptographic signature over the other fields.")]
TOKENS = ("# Access tokens\n\n## How tokens work\nA token has two parts: the address of the resource and the signed query "
          "string that authorizes access to it.\nToken example: sp=r&st=2024-01-20T11:42Z&se=2024-01-20T19:42Z&sr=b\n\n"
          "## Token parameters\n| Component | Description |\n| --- | --- |\n"
          + "".join(f"| {a} | {b} |\n" for a, b in TOKEN_ROWS)
          + "\n## Stored access policies\nA stored access policy groups the start, expiry and permissions of tokens on "
            "the server, so they can be revoked.\n")


def test_several_names_asked_the_meaning_of_each_lead_with_their_row(tmp_path):
    # an outside reader's "In a SAS token, what do sp, st and se mean?" explained sp and st and never se, whose row
    # was the next line of the notes' table: the question was read as about "SAS" alone. Through the real index,
    # each name asked is now a subject, and the answer opens with their rows, in the order asked
    with _own_notes(tmp_path, "tokens.md", TOKENS) as tutor:
        ans = tutor.ask("In a token, what do sp, st and se mean?")
        assert ans.kind == "answer" and ans.intent == "definition", ans.text
        lines = [x for x in ans.text.split("\n") if x.strip()]
        assert [x.split(" |")[0] for x in lines[:3]] == ["Component: sp", "Component: st", "Component: se"], ans.text


LIVING = ("# Living things\n\n## What all organisms do\n- MRS GREN\n  - Movement\n"
          "    - animals move with muscles, plants turn towards the light\n  - Respiration\n"
          "    - cells release energy from glucose\n  - Sensitivity\n"
          "    - organisms detect and respond to changes around them\n  - Growth\n"
          "    - a permanent increase in size and dry mass\n  - Reproduction\n"
          "    - making more of the same kind of organism\n\n"
          "## Cell ageing\nThe characteristics of a living cell change as it ages, and its energy use falls.\n")


def test_a_subject_the_notes_name_only_as_a_list_title_is_answered_with_its_parts(tmp_path):
    # an outside reader's "Explain the MANIA causes of World War I." led with a line on wartime labour that says
    # "cause", and gave one of the five causes: "MANIA" is only the title of the notes' list, never a line. Through
    # the real index, the answer now sets out the title's parts, each with its line and citation, in the notes' order
    with _own_notes(tmp_path, "living.md", LIVING) as tutor:
        ans = tutor.ask("Explain the MRS GREN characteristics of living things.")
        assert ans.kind == "answer", ans.text
        lines = [x for x in ans.text.split("\n") if x.strip()]
        assert len(lines) >= 6 and "MRS GREN" in lines[0], ans.text
        assert [x.split("**")[1] for x in lines[1:6]] == ["Movement", "Respiration", "Sensitivity", "Growth",
                                                          "Reproduction"], ans.text
        assert "release energy from glucose" in lines[2], ans.text
        cited = {c.n: c.passage.location for c in ans.citations}
        n = int(lines[2].rsplit("[", 1)[1].rstrip("]"))
        assert cited[n] == "living.md:8", cited
        assert "ages" not in ans.text  # the answer is the outline: no line from another section runs on as a part
        # a question on one part is still answered from that part's own line, not with the outline
        one = tutor.ask("How do plants move?")
        assert "parts:" not in one.text and "towards the light" in one.text, one.text


FILTERS = ("# Message filters\n\n## SQL filters\n"
           "- SQL filters test message properties with SQL-like conditions.\n"
           "- Example: new SqlRuleFilter(\"Temperature < 40 AND Location <> 'South America'\") keeps cold readings.\n"
           "- SQL filters have lower throughput than correlation filters.\n\n"
           "## Correlation filters\n- Correlation filters match properties exactly, such as Category and Priority.\n")


def test_a_comparison_the_notes_write_with_angle_brackets_is_shown_whole(tmp_path):
    # an outside reader found "new SqlRuleFilter("Temperature 'South America'")" in an answer: "< 40 AND
    # Location <>" had been dropped as if it were an HTML tag. Through the real index, the condition is shown whole
    with _own_notes(tmp_path, "filters.md", FILTERS) as tutor:
        ans = tutor.ask("why are SQL filters slower than correlation filters?")  # the example comes as a further line
        assert ans.kind == "answer", ans.text
        assert "Temperature < 40 AND Location <> 'South America'" in ans.text.replace("&lt;", "<").replace("&gt;", ">"), ans.text


CELLS = ("# Nervous tissue\n\n## Neurons\nNeurons carry impulses along their axons.\n\n# Support cells\n"
         "| | Location | Function |\n| --- | --- | --- |\n| Astrocytes | CNS | form the blood-brain barrier |\n"
         "| Microglia | CNS | immune defence by phagocytosis |\n| Oligodendrocytes | CNS | myelinate several axons |\n"
         "| Schwann cells | PNS | myelinate a single axon |\n\n"
         "# Other cells\n**Ependymal cells**: line the ventricles and make cerebrospinal fluid\n"
         "**Satellite cells**: surround cell bodies in ganglia\n")


def test_the_kinds_of_a_thing_the_notes_tabulate_are_every_row_of_their_table(tmp_path):
    # an outside reader's "Tell me about the different types of glial cells and what each one does." got no row of
    # the notes' glial table, only the next section's cells, which read as the glial types: the request was not
    # read as asking for a list, "one" counted as a word to find, and a table row led only three of its rows. Through
    # the real index, the answer lists every row of the table, under its heading, and no row of another table
    with _own_notes(tmp_path, "cells.md", CELLS) as tutor:
        ans = tutor.ask("Tell me about the different types of support cells and what each one does.")
        assert ans.kind == "answer" and ans.intent == "list", (ans.intent, ans.text)
        lines = [x for x in ans.text.split("\n") if x.strip()]
        assert lines[0] == "Under “Support cells”, your notes list:", ans.text
        assert [x.split(" |")[0] for x in lines[1:5]] == ["- Astrocytes", "- Microglia", "- Oligodendrocytes",
                                                          "- Schwann cells"], ans.text
        # a question that picks some rows still gets those rows, not the whole table
        some = tutor.ask("Which cells myelinate axons?")
        assert "Astrocytes" not in some.text.split("\n")[0], some.text


COMPILERS = ("# Toolchain notes\n\n* Build servers need at least 16 GB of memory and 8 cores.\n"
             "* Advantages of Zeta:\n  * programs run up to 3x better performance\n"
             "  * required binary memory is reduced 5x\n  * runs on several hardware platforms\n"
             "* Linkers combine object files into one program.\n")


def test_a_number_asked_of_a_subject_is_answered_by_its_lines_with_numbers_in_other_words(tmp_path):
    # an outside reader's "how much faster does SageMaker Neo make a model, and how much memory does it save?" got
    # lines on instance families: the notes' "Advantages of Neo: ML models will run upto 2x better performance ...
    # memory is reduced 10x" share no word with "faster" or "save", and the number question counted as not covered
    with _own_notes(tmp_path, "tools.md", COMPILERS) as tutor:
        ans = tutor.ask("how much faster does Zeta make a program, and how much memory does it save?")
        assert ans.kind == "answer", ans.text
        first = "\n".join(x for x in ans.text.split("\n") if x.strip())
        assert "3x" in first.split("\n")[0] and "5x" in first, ans.text


HOME_FRONTS = ("# WWII home fronts\n\n## The Mobilization of Peoples\n- The Mobilization of Peoples\n"
               "\t- In Britain, people contributed to the war effort in the following ways:\n"
               "\t\t- By the summer of 1944, 55% of the British people were in the armed forces or war work\n"
               "\t\t- Most women under 40 were called on to do war work of some kind\n"
               "\t- Soviet women contributed as follows:\n"
               "\t\t- worked in factories, mines, and railroads\n"
               "\t\t- dug anti-tank ditches and worked as air-raid wardens\n\n"
               "## Mobilization drugs\n\n### Hexamethonium\nA discontinued ganglionic blocking drug.\n\n"
               "### Mecamylamine\nA ganglionic blocker once used for severe hypertension.\n")


def test_tab_nested_items_keep_their_parent_and_each_named_item_gets_its_line(tmp_path):
    # outside readers: Soviet women's war work was shown under the British 55% line (two leading tabs read nested
    # items as a tab table's rows), and a question naming several things got a line for one of them. Through the
    # real index, on notes this test writes
    with _own_notes(tmp_path, "home.md", HOME_FRONTS) as tutor:
        ans = tutor.ask("How did Soviet women contribute to the war effort?")
        assert ans.kind == "answer", ans.text
        assert "anti-tank ditches" in ans.text and "55%:" not in ans.text and "war work:" not in ans.text, ans.text
        two = tutor.ask("What did Soviet women do for the war effort? Also, what were hexamethonium and mecamylamine?")
        assert "discontinued" in two.text and "severe hypertension" in two.text, two.text


PATTERNS = ("# Work queues\n\n## Kernel threads\nBy multithreading the kernel, the system can serve many devices at "
            "once. Kernel threads may run drivers and daemons.\n\n## Patterns\n\n### Relay pattern\nIn the relay "
            "pattern, each job passes through stations, and one crew works at each station. Crews hand the job on "
            "to the next station.\n\n### Tiered pattern\nA tiered model groups similar chores into a tier, and any "
            "crew of a tier can do any of its chores. Every job must pass through all the tiers. Tiers need more "
            "coordination between neighbours.\n")


def test_a_frame_after_the_last_side_is_neither_side_and_a_side_keeps_its_line_s_start(tmp_path):
    # an outside reader's "Pipeline pattern vs layered pattern for multithreaded apps - how are they different?"
    # showed a kernel-multithreading line under "layered pattern for multithreaded apps" (the frame read as a part
    # of the last side), and the layered side then began at its line's second sentence ("The end-to-end task must
    # pass through all the layers"), its first shown later under a heading
    from tutor.intent import read_question

    got = read_question("Relay pattern vs tiered pattern for multithreaded apps - how are they different?")
    assert got.subjects == ("Relay pattern", "tiered pattern"), got
    assert not {"multithread", "app"} & got.focus, got.focus
    with _own_notes(tmp_path, "queues.md", PATTERNS) as tutor:
        ans = tutor.ask("Relay pattern vs tiered pattern for multithreaded apps - how are they different?")
        assert ans.kind == "answer", ans.text
        side = next(x for x in ans.text.split("\n\n") if x.startswith("**tiered pattern**"))
        assert "kernel" not in side.lower(), ans.text
        # a side picked at its line's second sentence is shown from the line's first (what "all the tiers" are)
        from tutor.compose import Composition
        from tutor.passages import Passage
        from tutor.statements import statements

        lines = PATTERNS.split("\n")
        n = next(k for k, x in enumerate(lines, 1) if x.startswith("A tiered model"))
        passage = Passage("c", "queues.md", "Work queues > Patterns > Tiered pattern", n, n, "prose", lines[n - 1])
        second = next(x for x in statements(passage, lines) if x.text.startswith("Every job"))
        shown = tutor.composer._side_cut(second, got, Composition(True), "b")
        assert shown.startswith("A tiered model groups") and shown.endswith("Every job must pass through all the tiers."), shown


SDK = ("# Toolkit notes\n\n## Methods\n* Batch jobs can be encrypted with a key\n* The transform method scores a whole data set in one batch job. The predict method "
       "answers one request at a time. The deploy method puts a trained model behind an endpoint. The fit method "
       "trains a model on the input data.\n* Regular or randomized mode\n\n## Metrics\nPrecision is the proportion of positive predictions that "
       "are actually correct.\n\n## Translation\nA translation model reads a sentence in one language and will "
       "predict that sentence in another language.\n\n## Pipelines\nCall fit on your estimator to get a model, then "
       "call transform on the model for batch scoring.\n")


def test_a_line_naming_every_compared_side_leads_and_a_derived_word_names_no_side(tmp_path):
    # an outside reader's "wats the diffrence between fit, deploy, predict and transform in the sagemaker sdk": the
    # notes' line naming all four was shown under "transform" only, and "Precision is the proportion of positive
    # predictions ..." was shown under "predict"
    from tutor.intent import read_question

    q = "whats the difference between fit, deploy, predict and transform in the toolkit"
    assert len(read_question(q).subjects) == 4, read_question(q)
    with _own_notes(tmp_path, "toolkit.md", SDK) as tutor:
        ans = tutor.ask(q)
        assert ans.kind == "answer", ans.text
        assert ans.text.startswith("The transform method scores"), ans.text
        assert "**predict**: Precision" not in ans.text and "**predict**: A translation" not in ans.text, ans.text
        assert ans.text.count("The predict method answers") == 1, ans.text


def test_the_question_asked_of_a_first_side_is_no_part_of_it():
    # "How is contraction switched on differently in smooth muscle versus skeletal muscle?" had the sides
    # "contraction switched on differently in smooth muscle" and "skeletal muscle"
    from tutor.intent import read_question

    got = read_question("How is contraction switched on differently in smooth muscle versus skeletal muscle?")
    assert got.subjects == ("smooth muscle", "skeletal muscle") and {"contract", "switch"} <= got.focus, got
    assert read_question("How was Hobbes's view of human nature different from Locke's?").subjects == (
        "Hobbes's view of human nature", "Locke's view of human nature")
    # "GDP vs GDP per capita": the first side is the second's head, not "GDP capita" (which put the GDP line under
    # a "GDP capita" label); "L1 vs L2 regularization" still shares its last word
    assert read_question("GDP vs GDP per capita: what does each tell you?").subjects == ("GDP", "GDP per capita")
    assert read_question("L1 vs L2 regularization").subjects == ("L1 regularization", "L2 regularization")
    # fresh27 az-3: "in service bus subscriptions whats TrueRuleFilter vs FalseRuleFilter??" compared "in service bus
    # subscriptions" with FalseRuleFilter, and the TrueRuleFilter example went under "FalseRuleFilter"
    assert read_question("in service bus subscriptions whats TrueRuleFilter vs FalseRuleFilter?? why would anyone "
                         "want a filter that accepts nothing").subjects == ("TrueRuleFilter", "FalseRuleFilter")
    assert read_question("What causes Lambert-Eaton syndrome and how is it different from myasthenia gravis?"
                         ).subjects[0] != "it"


def test_a_one_word_side_is_named_by_its_own_forms_only():
    from tutor.compose import _another_form
    from tutor.statements import Statement

    def said(text: str) -> Statement:
        return Statement(text, "n.md", 1, 1, "Notes", "prose")

    assert _another_form("predict", said("Precision is the proportion of positive predictions that are correct."))
    assert not _another_form("predict", said("The predict method answers one request at a time."))
    assert not _another_form("predict", said("It predicts the next word."))
    assert not _another_form("semaphore", said("Semaphores generalise mutexes."))
    assert not _another_form("semaphores", said("A semaphore has a count."))
    assert not _another_form("fit", said("Fitting a model takes time."))
    assert not _another_form("transform method", said("A transformation of the data."))  # (one-word sides only)


QUERIES = ("# Document store\n\n## Querying data\n\n- Queries are case sensitive.\n- You can only join within a single "
           "container.\n\nQueries that have an `ORDER BY` clause with two or more properties require a composite "
           "index:\n\n```json\n{\"compositeIndexes\": [[{\"path\": \"/name\"}, {\"path\": \"/age\"}]]}\n```\n\n"
           "If the token is missing or rejected:\n\n```text\n401 Unauthorized\n```\n")


def test_a_sentence_leading_into_a_code_block_is_a_statement(tmp_path):
    # an outside reader pasted a failing "SELECT ... ORDER BY c.name ASC, c.age DESC" and asked why it fails: the
    # notes' "Queries that have an ORDER BY clause with two or more properties require a composite index:" (above
    # the index's JSON) was dropped as a cut-off lead-in, and the tutor said it found nothing about ORDER BY
    from tutor.compose import _before_code
    from tutor.statements import Statement

    lines = QUERIES.split("\n")
    n = next(k for k, x in enumerate(lines, 1) if x.startswith("Queries that have"))
    st = _before_code(Statement(lines[n - 1].replace("`", ""), "q.md", n, n, "Querying data", "prose"), lines)
    assert st.text.endswith("require a composite index."), st.text
    m = next(k for k, x in enumerate(lines, 1) if x.startswith("If the token"))
    cond = Statement(lines[m - 1], "q.md", m, m, "Querying data", "prose")
    assert _before_code(cond, lines) is cond  # a clause that needs what follows stays a lead-in
    with _own_notes(tmp_path, "store.md", QUERIES) as tutor:
        ans = tutor.ask("My query sorts on two properties and gives an error. Why does my ORDER BY fail?")
        assert ans.kind == "answer" and "composite index" in ans.text, ans.text


def test_a_sentence_leading_into_a_formula_is_a_statement(tmp_path):
    # an outside reader's "whats the formula for false postive rate, and is a bigger or smaller value better?" got
    # the definition and the formula but not "A smaller value indicates better predictive accuracy:", the line's
    # last sentence (above the formula): dropped as a cut-off lead-in, and it answers the second half
    text = ("# Metrics\n\n## False Positive Rate\n\nThe *false positive rate* (FPR) measures the false alarm rate or the "
            "fraction of actual negatives that are predicted as positive. The range is 0 to 1. A smaller value "
            "indicates better predictive accuracy:\n\n$$FPR = \\frac{FP}{FP + TN}$$\n\n## Recall\n\nRecall is the "
            "fraction of actual positives predicted as positive.\n")
    with _own_notes(tmp_path, "metrics.md", text) as tutor:
        ans = tutor.ask("whats the formula for false postive rate, and is a bigger or smaller value better?")
        assert ans.kind == "answer" and "A smaller value indicates better predictive accuracy" in ans.text, ans.text


WRITERS = ("# The fourteenth century\n\n## Literature\n\n* What is vernacular? Name some authors who wrote in it.\n"
           "  * **Vernacular** is the native language that everyone speaks.\n\n"
           "| Writer | Work | Message |\n| :--- | :--- | :--- |\n"
           "| Dante Alighieri | Divine Comedy | the soul's progression to salvation through Inferno, Purgatorio and "
           "Paradiso |\n| Giovanni Boccaccio | Decameron | ten young people flee the plague and tell stories, from a "
           "secular point of view |\n| Geoffrey Chaucer | Canterbury Tales | stories told by pilgrims journeying to "
           "Canterbury, portraying all of English society |\n\n## Trade\n\nThe Hanseatic League controlled trade in "
           "the north.\n")


def test_a_long_paste_of_the_student_s_own_chart_still_gets_the_row_it_asks_for(tmp_path):
    # an outside reader pasted their chart of Dante, Petrarch and Boccaccio and asked "What should I put for Chaucer
    # and Christine de Pizan, and what does 'vernacular' actually mean?": declined (the chart's words, which the
    # notes use in other rows, were counted as missing from the best passages), and then "Chaucer" did not name
    # the row "Geoffrey Chaucer"
    q = ("For my 14th-century chart on vernacular literature I've already got: Dante, Divine Comedy, the soul's "
         "journey to salvation through Inferno, Purgatorio and Paradiso. Boccaccio, Decameron, stories told by ten "
         "young people escaping the Black Death, written from a secular point of view. What should I put for "
         "Chaucer, and what does 'vernacular' actually mean?")
    with _own_notes(tmp_path, "c14.md", WRITERS) as tutor:
        ans = tutor.ask(q)
        assert ans.kind == "answer", ans.text
        assert "Canterbury Tales" in ans.text and "native language" in ans.text, ans.text
    # notes this small put every row in the best three passages; in a whole chapter the chart's own words
    # ("Purgatorio", "Decameron") sit in passages further down, and were counted as missing from the notes
    from types import SimpleNamespace

    import numpy as np

    from tutor.intent import read_question
    from tutor.passages import Passage
    from tutor.select import COVERAGE_FEATURES, coverage_features

    intent = read_question(q)
    rows = WRITERS.split("\n")
    passages = [Passage(f"c{k}", "c14.md", "Literature", k, k, "prose", rows[k - 1]) for k in (6, 12, 5, 10, 11)]
    comp = SimpleNamespace(scored=[], missing=[], question_idf={}, max_idf=1.0, absent=[])
    got = dict(zip(COVERAGE_FEATURES, coverage_features(intent, comp, passages, np.zeros(1), [])))
    assert got["special_missing"] == 0, got
    # ... while in the best passages alone they are missing, as a word of a short question would be
    assert dict(zip(COVERAGE_FEATURES, coverage_features(read_question("What did Purgatorio and Decameron "
                "show?"), comp, passages, np.zeros(1), [])))["special_missing"] == 2


def test_a_person_s_row_is_named_by_their_last_name():
    from tutor.answer import _named_items_left
    from tutor.compose import Composition
    from tutor.statements import Statement

    row = Statement("Writer: Geoffrey Chaucer | Work: Canterbury Tales", "c14.md", 12, 12, "Literature", "table",
                    subject="Geoffrey Chaucer")
    heading = Statement("Each CPU has its own cache.", "os.md", 3, 3, "Scheduling > Shared Memory Multiprocessors",
                        "prose")
    comp = Composition(True, scored=[(row, 0.5, 0.1, [0.0]), (heading, 0.5, 0.1, [0.0])])
    assert _named_items_left(comp, "What should I put for Chaucer?", []) == [row]
    # a product's row is no person's: "Dataprep for SageMaker" is not named by every question on SageMaker
    prep = Statement("Dataprep for SageMaker: RecordIO / Protobuf", "k.md", 5, 5, "Key notes", "list",
                     subject="Dataprep for SageMaker")
    spark = Statement("Spark & SageMaker: use the spark library", "k.md", 6, 6, "Key notes", "list",
                      subject="Spark & SageMaker")
    tools = Composition(True, scored=[(prep, 0.5, 0.1, [0.0]), (spark, 0.5, 0.1, [0.0])])
    assert _named_items_left(tools, "When should I use a canary deployment for a SageMaker model?", []) == []
    # a heading's title case is no person's name: "multiprocessor" does not name "Shared Memory Multiprocessors"
    assert _named_items_left(comp, "Why are atomics slow on a multiprocessor?", []) == []


STUDY_LIST = ("# Russia\n\n## Terms to know\n\n- Decembrist Revolt\n- Alexander II\n\n## Emancipation\n\nAlexander II "
              "freed the serfs in 1861, but they had to pay for the land they received over many years.\n")


def test_a_decline_never_says_the_notes_hold_nothing_about_a_name_they_hold_in_passing(tmp_path):
    # outside readers' "What was the Decembrist Revolt ...?" and "How does Amazon Macie find PII ...?" were rightly
    # declined, with "I found nothing about 'Decembrist Revolt'" / "... 'PII'": false, the notes name both (an item
    # of a study list, a word of a sample question), and a student who searched their notes would stop trusting it
    with _own_notes(tmp_path, "russia.md", STUDY_LIST) as tutor:
        ans = tutor.ask("What was the Decembrist Revolt in 1825, who led it, and why did it fail?")
        assert ans.kind == "not_covered", ans.text
        assert "mention “Decembrist Revolt”, but I found no line about it that I can quote" in ans.text, ans.text
        other = tutor.ask("What was the Pugachev Rebellion and why did it fail?")
        assert other.kind == "not_covered" and "nothing about “Pugachev Rebellion”" in other.text, other.text


POOLS = ("# Memory\n\n## Buddy allocator\n\nThe buddy allocator splits memory in powers of two, which leaves some "
         "internal fragmentation.\n\n## Pool allocator\n\nThe benefit of the "
         "pool allocator is that internal fragmentation is avoided. The entries are the exact size of the objects "
         "stored in them. External fragmentation isn't really an issue either. Since each entry holds one size of "
         "object, there are never any unfillable gaps in the pool.\n")


def test_what_follows_a_sentence_on_the_other_side_goes_on_under_that_side(tmp_path):
    # an outside reader's "Internal vs external fragmentation": "Since each entry can store an object of a given
    # size ... never any un-fillable gaps", which the notes give after "External fragmentation isn't really an issue
    # either", was shown under the **Internal fragmentation** label
    with _own_notes(tmp_path, "memory.md", POOLS) as tutor:
        ans = tutor.ask("Internal vs external fragmentation: what's the difference? And how does the pool "
                        "allocator deal with them?")
        assert ans.kind == "answer", ans.text
        paragraphs = ans.text.split("\n\n")
        gaps = next(p for p in paragraphs if "unfillable gaps" in p)
        assert "internal fragmentation is avoided" not in gaps, ans.text
        assert gaps.index("isn't really an issue") < gaps.index("unfillable gaps"), ans.text


ARROWS = ("# Security\n\nQ11) You train on a private network. How would you secure traffic between nodes?\n\n"
          "- ☐ Encrypt the bucket\n- ☒ Turn on inter-node encryption\n\nExplanation:- Inter-node encryption is one "
          "checkbox when creating the job.\n\nSecurity - control access to notebooks to specific groups\n\n"
          "=> Attach tags to the resources kept private to a group, and use tag conditions in the access policies.\n")


def test_a_line_opening_on_an_arrow_goes_with_the_line_above_it_and_an_answer_is_never_empty(tmp_path):
    # an outside reader's "What about locking down the SageMaker notebooks so only specific IAM groups can use them?"
    # got the notes' "=> Attach tags ... ResourceTag conditions" shown right under another practice question's
    # explanation, as if it were that question's answer: the arrow draws its conclusion from the line above it
    from tutor.answer import _Citations, render
    from tutor.compose import Composition, Picked
    from tutor.intent import read_question
    from tutor.statements import Statement

    lead = Statement("Security - control access to notebooks to specific groups", "s.md", 718, 718, "", "prose")
    expl = Statement("Inter-node encryption is one checkbox when creating the job.", "s.md", 712, 712, "",
                     "explanation", context="You train on a private network. How would you secure traffic?")
    arrow = Statement("=> Attach tags to the resources kept private to a group.", "s.md", 720, 720, "", "prose")
    comp = Composition(True, scored=[(s, 0.5, 0.5, []) for s in (expl, lead, arrow)],
                       picked=[Picked(lead.text, lead, "lead"), Picked(expl.text, expl, "more"),
                               Picked(arrow.text, arrow, "more")])
    text = "\n\n".join(render(read_question("How do I lock down notebooks to specific groups?"), comp, _Citations()))
    assert f"{lead.text} [1]\n{arrow.text}" in text, text
    # notes where the line above the arrow is not read as a statement: the arrow's line alone, never nothing
    with _own_notes(tmp_path, "security.md", ARROWS) as tutor:
        ans = tutor.ask("How do I lock down notebooks so only specific groups can use them?")
        assert ans.kind == "answer" and "Attach tags" in ans.text, ans.text


ECONOMY = ("# Comparative government\n\n## Measuring Economic Performance\n\n- **GDP**: total value of all goods and "
           "services produced within a country in a year\n- **GDP per Capita**: GDP divided by the population, which "
           "shows standard of living\n  - it does not take into account economic inequality\n\n## Elections\n\n"
           "Proportional representation gives seats to parties in proportion to their votes.\n\n"
           "## Measuring Democratization\n- Freedom House score\n  - 1-7, 1 being free and 7 being not free\n")


def test_each_question_of_a_message_gets_its_lines(tmp_path):
    # an outside reader's "GDP vs GDP per capita: what does each tell you, and what does GDP per capita miss? Also,
    # how is democratization measured?" got the GDP lines only: the second question was never looked up
    with _own_notes(tmp_path, "govt.md", ECONOMY) as tutor:
        ans = tutor.ask("GDP vs GDP per capita: what does each tell you? Also, how is democratization measured?")
        assert ans.kind == "answer", ans.text
        assert "standard of living" in ans.text and "1 being free" in ans.text, ans.text
        # a later question in everyday words, naming nothing, is still a question of its own
        noise = tutor.ask("What does GDP per capita miss? And why would a free vote make the score lower?")
        assert "economic inequality" in noise.text and "1 being free" in noise.text, noise.text
        # "Also, separate question: ..." asks what follows it, and a last question may come without its "?"
        sep = tutor.ask("What does GDP per capita miss?? also, separate question: how is democratization measured")
        assert "economic inequality" in sep.text and "1 being free" in sep.text, sep.text
        # a later question the notes do not cover adds nothing (and is not answered from other lines)
        other = tutor.ask("What does GDP per capita miss? Also, how is inflation measured?")
        assert "economic inequality" in other.text and "Freedom House" not in other.text, other.text


HYPERVISORS = (
    "# Virtualization\n\n## Models\n\nIn **bare-metal** virtualization (also known as **hypervisor-based** or **type 1** "
    "virtualization), the VMM manages all the hardware resources and supports execution of VMs.\n\nOne issue with "
    "this model concerns devices. According to the model, the hypervisor must manage all possible devices.\n\nThe "
    "other type of virtualization model is the hosted (or type 2) model. In this model, there is a full host OS that "
    "manages the hardware.\n")


def test_a_line_leaning_on_a_compared_side_s_line_still_goes_on_under_it(tmp_path):
    # the change that stops a side's line at the other side's sentence first dropped every line of its own leaning
    # on the side's ("One issue with this model concerns devices ..." after the type 1 line)
    with _own_notes(tmp_path, "virt.md", HYPERVISORS) as tutor:
        ans = tutor.ask("Type 1 vs type 2 hypervisors: how are they different?")
        side = next(p for p in ans.text.split("\n\n") if p.startswith("**Type 1**"))
        assert "One issue with this model concerns devices" in side, ans.text


SEGMENTS = ("# IPC\n\n## Shared memory\n\nThe big benefit of this approach is that the operating system is out of the way "
            "once the memory is mapped.\n\n## Design considerations\n\nWill you use one large segment? If so, you will "
            "have to write a manager that allocates and frees memory in this region.\n\nAlternatively, you can have "
            "multiple segments, one for each pairwise communication, from a pool allocated ahead of time.\n")


def test_compared_sides_in_the_student_s_own_everyday_words_get_no_side_labels(tmp_path):
    # an outside reader's "when would I use one big segment versus lots of smaller ones?" got "The big benefit of
    # this approach ..." under a "one big segment" label: the sides are the student's words, no line names either,
    # and a line sharing "big" was labelled as one of them
    with _own_notes(tmp_path, "ipc.md", SEGMENTS) as tutor:
        ans = tutor.ask("If two processes talk through shared memory, when would I use one big segment versus lots of "
                        "smaller ones?")
        assert ans.kind == "answer", ans.text
        assert "**one big segment**" not in ans.text and "segment**:" not in ans.text, ans.text
        assert "multiple segments" in ans.text, ans.text
        # sides the notes name by the words before a shared head keep their labels ("first order" elimination)
        from tutor.statements import Statement

        first = Statement("Most drugs are first order, eliminated in proportion to concentration.", "d.md", 1, 1, "",
                          "prose")
        sides = ("first-order elimination", "zero-order elimination")
        assert not tutor.composer._student_sides(sides, [(first, 0.5, 0.5, [0.0, 0.0])])
        assert tutor.composer._student_sides(("one big segment", "lots of smaller segments"), [])
        assert not tutor.composer._student_sides(("Hobbes's view", "Locke's view"), [])


BLOBS = """# Blob storage

## Snapshots
A snapshot is a read-only version of a blob that is taken at a point in time.
Snapshots are billed for the unique blocks they hold.

```cs
BlobSnapshotInfo snapshotInfo = await blobClient.CreateSnapshotAsync();
// If you attempt to delete a blob that has snapshots, the operation will fail unless you explicitly specify that you also want to delete the snapshots
await blobClient.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots);
```

## Leasing
A lease gives one client exclusive write access to a blob for a while.
"""


def test_what_only_the_notes_code_says_is_shown_as_their_code(tmp_path):
    # "When would I use EventHubBufferedProducerClient ...?" and the pop receipt were declined: only a code
    # block's comment and call answer them, and statements never come from code
    with _own_notes(tmp_path, "blobs.md", BLOBS) as tutor:
        ans = tutor.ask("How do I delete a blob that has snapshots without the call failing?")
        assert ans.kind == "answer", ans.text
        assert "```cs\n" in ans.text and "DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots)" in ans.text
        assert "the operation will fail unless" in ans.text
        cited = ans.citations[0].passage
        assert (cited.source, cited.start_line, cited.end_line) == ("blobs.md", 9, 10)
        # a question the notes do not answer is still declined, code or not
        other = tutor.ask("How do I set an immutability policy with a legal hold on a container?")
        assert other.kind == "not_covered", other.text


IO = """# I/O

## Device access

This means that a portion of the physical memory on the system is dedicated for device interactions. We call this memory-mapped I/O. The portion of the memory that is reserved for these interactions is controlled by the Base Address Registers.

In addition, the CPU can access devices via special instructions. x86 platforms specify certain in/out instructions that are used for accessing devices. This model is called the I/O Port Model.

## Interrupts

Devices can interrupt the CPU when they finish.
"""


def test_a_line_shown_as_one_compared_side_is_not_shown_under_the_other_too(tmp_path):
    # fresh30 os-2: the port-model line, leaning on the memory-mapped line above it ("In addition, ..."), went on
    # under "Memory-mapped I/O" as well as under "I/O port model": the in/out instructions read as memory-mapped
    with _own_notes(tmp_path, "io.md", IO) as tutor:
        ans = tutor.ask("Memory-mapped I/O vs the I/O port model: how does the CPU talk to a device in each one?")
        assert ans.kind == "answer", ans.text
        blocks = ans.text.split("\n\n")
        mapped = next(b for b in blocks if b.startswith("**Memory-mapped I/O**"))
        port = next(b for b in blocks if b.startswith("**I/O port model**"))
        assert "in/out instructions" in port and "in/out instructions" not in mapped, ans.text


def test_a_list_shown_keeps_its_one_word_items(tmp_path):
    """'- Security' is too short to quote alone, but a list shown without it reads as all there is."""
    from tutor.config import load_settings
    from tutor.session import Session

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "os.md").write_text("""# Operating systems

## Services
An operating system provides applications with access to the underlying hardware.

Basic services include:

* Process management
* File management
* Device management
* Security

## Kernels
A monolithic kernel runs every service in kernel mode.
""")
    session = Session(load_settings(notes_dir=str(notes), home=str(tmp_path / "home")), use_model=False)
    try:
        session.ingest()
        ans = session.tutor.ask("List the basic services an operating system provides.")
        assert ans.kind == "answer"
        assert "Process management" in ans.text and "Device management" in ans.text
        assert "Security" in ans.text  # the list's one-word item, shown with the others
    finally:
        session.close()


def test_a_comparison_of_two_kinds_of_one_thing_gives_each_side_a_line_about_that_thing(tmp_path):
    """'Kernel-level vs user-level memory allocators': a line on the kernel-level scheduler names the side's own
    word, not what both sides are, and is no line of the kernel-level allocators."""
    from tutor.config import load_settings
    from tutor.intent import read_question
    from tutor.session import Session

    assert read_question("Kernel-level vs user-level memory allocators: who does what?").subjects[:2] == (
        "Kernel-level memory allocators", "user-level memory allocators")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "threads.md").write_text("# Threads\n\n## Kernel vs. User-Level Threads\n\nKernel level threads are "
                                      "visible to the kernel and are managed by the kernel level scheduler.\n")
    (notes / "memory.md").write_text("# Memory\n\n## Memory Allocation\n\nMemory allocators can exist at the kernel "
                                     "level as well as at the user level.\n\nKernel level allocators are responsible "
                                     "for allocating pages for the kernel and for the static state of processes.\n\n"
                                     "User level allocators are used for dynamic process state, the heap, through "
                                     "malloc and free.\n")
    session = Session(load_settings(notes_dir=str(notes), home=str(tmp_path / "home")), use_model=False)
    try:
        session.ingest()
        ans = session.tutor.ask("Kernel-level vs user-level memory allocators: what is each one responsible for?")
        assert ans.kind == "answer" and "allocating pages" in ans.text and "malloc" in ans.text, ans.text
        assert "scheduler" not in ans.text.split("\n\n")[0], ans.text  # no scheduler line under a side's label
    finally:
        session.close()


def test_a_pronoun_with_nothing_named_before_it_is_no_side_and_no_label(tmp_path):
    """'How is that different from an additive effect?' after a question that named no subject: 'that' stood as a
    compared side, and a line on another topic was shown under a bold 'that:'."""
    with _own_notes(tmp_path, "pd.md", "# Pharmacodynamics\n\n## Agonism\n\nWhen two drugs both operate at the same "
                    "site, their effects will be additive. If the two drugs bind at different sites but still exhibit "
                    "a positive effect, the effect is synergistic.\n\n## Constitutive activity\n\nSome receptors "
                    "activate without a ligand binding.\n") as tutor:
        first = tutor.ask("In pharmacodynamics, what does it mean when two drugs have a synergistic effect?")
        ans = tutor.ask("How is that different from an additive effect?", [first.turn()])
        assert ans.kind == "answer" and "additive" in ans.text, ans.text
        assert "**that**" not in ans.text, ans.text


def test_steps_asked_in_order_come_as_the_whole_list_not_one_step(tmp_path):
    """'Give me the steps of the cross-bridge cycle, in order' showed step 5 alone (an outside reader: it reads as
    the whole cycle)."""
    steps = ["Resting State: myosin head is loaded with ATP", "Calcium Release: an action potential releases calcium",
             "Calcium Binding: calcium binds troponin and exposes actin", "Cross-Bridge Formation: myosin binds to actin",
             "Power Stroke: the myosin head pulls the actin filament", "Detachment: a new ATP detaches the myosin head"]
    text = ("# Muscle\n\n## Cross-bridge cycle\n" + "".join(f"{i}. **{s.split(':')[0]}**:{s.split(':')[1]}.\n"
                                                          for i, s in enumerate(steps, 1))
            + "\nThe velocity of this cycle depends on the speed of ATPase.\n\n### Rigor mortis\nWithout ATP the "
            "actin and myosin remain linked and the muscle remains contracted.\n")
    with _own_notes(tmp_path, "muscle.md", text) as tutor:
        ans = tutor.ask("Give me the steps of the cross-bridge cycle in skeletal muscle, in order.")
        assert ans.kind == "answer", ans.text
        where = [ans.text.find(s.split(":")[0]) for s in steps]
        assert all(w >= 0 for w in where) and where == sorted(where), ans.text  # every step, in the notes' order


def test_an_item_chosen_with_another_of_its_list_goes_back_into_the_whole_list(tmp_path):
    """'What's the hierarchy of permission levels for managing a resource, from least to most?' led with
    'Resource Owner' and then showed only 'No role', hiding the four other levels and their order (an outside
    reader: misleading)."""
    levels = ["No role: users get only the permissions they need, like read or write, without a predefined role",
              "Resource `Reader`", "Resource `Contributor`", "Resource `Owner`", "Resource `Administrator`",
              "Global Administrator"]
    text = ("# Access control\n\nRoles are assigned at a scope.\n\n## Scopes\n\n- **Subscription**: every resource in "
            "it.\n- **Resource**: one resource only.\n\n### Hierarchy for managing a resource (from least to highest "
            "permission levels)\n\n" + "".join(f"- {x}\n" for x in levels)
            + "\n## Access tokens\n\nA managed identity asks the token endpoint for a token.\n")
    with _own_notes(tmp_path, "access.md", text) as tutor:
        ans = tutor.ask("What's the hierarchy of permission levels for managing a resource, from least to most?")
        assert ans.kind == "answer", ans.text
        where = [ans.text.find(x.split(":")[0].replace("`", "")) for x in levels]
        assert all(w >= 0 for w in where) and where == sorted(where), ans.text  # every level, in the notes' order


def test_each_compared_side_gets_its_own_entry_from_a_long_list(tmp_path):
    """'How do CloudWatch Logs, CloudWatch Events and CloudTrail differ?' missed the notes' own entries
    ("* Cloudwatch logs: real-time monitoring of logs", "* Cloudwatch Events: cron jobs ...", two lines of a long
    list of services) and put a line on monitoring tools under a bold 'CloudWatch Logs' (an outside reader)."""
    services = [f"* Service{n}: does job number {n} for teams that need job {n} done at scale" for n in range(1, 25)]
    services[18:18] = ["* Cloudwatch logs: real-time monitoring of logs",
                       "* Cloudwatch Events: cron jobs, events rules to react to a service, trigger lambda functions",
                       "* CloudTrail: governance, compliance and audit for the account"]
    monitoring = "\n\n".join(
        f"## Monitoring {n}\n\nSet up CloudWatch Events rules based on CloudTrail logs to retrain model {n}. "
        f"CloudWatch Logs Insights and CloudTrail help teams watch model {n} and its CloudWatch Events."
        for n in range(1, 31))
    with _own_notes(tmp_path, "services.md", "# Services\n\n" + "\n".join(services) + "\n\n# Operations\n\n"
                    + monitoring + "\n") as tutor:
        ans = tutor.ask("How do CloudWatch Logs, CloudWatch Events and CloudTrail differ?")
        assert ans.kind == "answer", ans.text
        assert "real-time monitoring of logs" in ans.text and "cron jobs" in ans.text, ans.text


def test_a_three_way_comparison_from_a_table_shows_every_side_s_row(tmp_path):
    """'AWS Glue vs Glue DataBrew vs Glue Data Quality' showed a two-row table that read as complete."""
    text = ("# Data preparation\n\n| Service | Description | Primary ML Use Case |\n| --- | --- | --- |\n"
            "| AWS Glue | Serverless data integration service | ETL for ML data preparation |\n"
            "| AWS Glue DataBrew | Visual data preparation tool | Feature engineering and data cleaning |\n"
            "| AWS Glue Data Quality | Automated data quality checks | Ensuring ML data quality |\n"
            "| Amazon EMR | Managed big data platform | Large-scale processing |\n")
    with _own_notes(tmp_path, "prep.md", text) as tutor:
        ans = tutor.ask("AWS Glue vs Glue DataBrew vs Glue Data Quality: how are they different?")
        assert ans.kind == "answer", ans.text
        assert "Visual data preparation tool" in ans.text and "Automated data quality checks" in ans.text, ans.text
        assert "Serverless data integration service" in ans.text, ans.text
        rows = [line for line in ans.text.splitlines() if line.startswith("| AWS Glue")]
        assert len(rows) == 3, ans.text  # one table, a row per side asked about


def test_a_subject_that_is_an_item_over_its_own_points_is_answered_with_them(tmp_path):
    """'What were the Hungry Forties?' over notes writing '- The Hungry 40's' with its points under it was declined
    ('I found nothing about Hungry Forties'); then it opened on the bare item under the prompt's label."""
    text = ("# The Industrial Revolution\n\n- Explain the following:\n  - Corn Laws\n    - Made it illegal to bring in "
            "foreign corn.\n  - The Hungry 40’s\n    - Cost of food higher, famine across the continent, the Irish "
            "potato famine slashed the population in half.\n  - Luddites\n    - English textile workers who "
            "destroyed machinery.\n")
    with _own_notes(tmp_path, "c20.md", text) as tutor:
        ans = tutor.ask("What were the Hungry Forties?")
        assert ans.kind == "answer" and "Cost of food higher" in ans.text, ans.text
        assert "Explain the following" not in ans.text.split("\n")[0], ans.text


SAMPLES = """# Running a school online

## Feedback
Automated feedback tells a student within minutes which answers were wrong.
Teachers still read the longer essays by hand, usually within a week.

## Hosting
A hosted platform is run by its vendor, so the school needs no servers of its own.
A rack server in the school's basement needs a technician to patch it every month.

## Sample questions
1. A school wants its students to hand in homework online and get feedback on it within a day, without running any servers of its own.

    Which approach should the school take?

    • Buy a rack server and install a grading program on it. ❌
    • Use a hosted learning platform that returns automated feedback. ✅
    • Email the homework to teachers as attachments. ❌
    • Print the homework and mail it to the teachers. ❌
"""


def test_a_sample_question_asked_in_the_student_s_words_opens_on_the_answer_the_notes_mark(tmp_path):
    # an outside reader asked the bundled notes' translation-endpoint sample in their own words ("How should our
    # website call it ... with minimal maintenance and spiky traffic?"): the notes' key came third, after a line on
    # the SDK's methods, and its follow-up was declined while the passage it listed first held the answer
    with _own_notes(tmp_path, "school.md", SAMPLES) as tutor:
        # (as close to the sample's stem as the readers' paraphrases were: 0.71, where 0.75 was asked before;
        # the sample sits under a Markdown heading, which had been read as its stem)
        ans = tutor.ask("How do we get homework feedback back to kids fast without hosting anything?")
        assert ans.kind == "answer", ans.text
        body = ans.text.split("\n", 1)[1] if ans.text.startswith("*From the practice question") else ans.text
        assert body.startswith("Use a hosted learning platform that returns automated feedback."), ans.text
        assert "the answer your notes mark" in ans.text.split("\n", 1)[0], ans.text
        assert "Buy a rack server" not in ans.text, ans.text  # a wrong option is never shown as an answer


def test_the_key_of_the_sample_question_asked_leads_and_a_key_of_several_does_not():
    # (the seam: which line opens the answer once the composer admitted a sample's key as close to the question)
    from tutor.answer import _key_leads
    from tutor.compose import Composition, Picked
    from tutor.select import Selection
    from tutor.statements import Statement

    stem = ("A school wants its students to hand in homework online and to get feedback on it within a day, without "
            "running any servers of its own. Which approach should it take?")
    sdk = Statement("The deploy method puts a trained model behind an endpoint.", "n.md", 3, 3, "Tools", "prose")
    key = Statement("Use a hosted learning platform.", "n.md", 20, 20, "Samples", "explanation", stem, True)
    def picks():
        return [Picked(sdk.text, sdk, "lead"), Picked(key.text, key, "support")]

    comp = Composition(True, scored=[(sdk, 0.6, 0.5, [0.5]), (key, 0.7, 0.4, [0.5])], picked=picks())
    _key_leads(comp, Selection(True, 0.9, chosen=[sdk, key]))
    assert [p.statement for p in comp.picked] == [key, sdk]
    assert comp.picked[0].role == "lead"
    # a key the fitted model does not choose stays where it was (short generic stems come close to many questions)
    unrated = Composition(True, scored=[(sdk, 0.6, 0.5, [0.5]), (key, 0.7, 0.4, [0.5])], picked=picks())
    _key_leads(unrated, Selection(True, 0.9, chosen=[sdk]))
    assert [p.statement for p in unrated.picked] == [sdk, key]
    # a "Select TWO" sample marks two answers to two parts of it: neither is the point of the student's question
    other = Statement("Email the feedback to parents.", "n.md", 21, 21, "Samples", "explanation", stem, True)
    two = Composition(True, scored=[(sdk, 0.6, 0.5, [0.5]), (key, 0.7, 0.4, [0.5]), (other, 0.65, 0.4, [0.5])],
                      picked=[Picked(sdk.text, sdk, "lead")])
    _key_leads(two, Selection(True, 0.9, chosen=[sdk, key, other]))
    assert [p.statement for p in two.picked] == [sdk]
    # nor does the key of a short, generic stem, which comes as close to many questions
    short = Statement(key.text, "n.md", 30, 30, "Samples", "explanation", "Which approach should a school take?", True)
    generic = Composition(True, scored=[(sdk, 0.6, 0.5, [0.5]), (short, 0.8, 0.4, [0.5])],
                          picked=[Picked(sdk.text, sdk, "lead")])
    _key_leads(generic, Selection(True, 0.9, chosen=[sdk, short]))
    assert [p.statement for p in generic.picked] == [sdk]


ART = """# Art of the late nineteenth century

- Art:
  - Impressionism
    - a movement that left the studios to paint outdoors, with bright colours and quick brushstrokes
  - Post-Impressionism
    - retained impressionist emphasis on light and colour but paid more attention to structure and form
  - Cubism
    - a style that portrays its subject in geometric forms, especially cubes
  - Claude Monet
    - captured light on water and painted Impression, Sunrise
  - Pablo Picasso
    - a Spanish artist, founder of Cubism, whose paintings led to abstract painting
"""


def test_a_side_s_line_from_another_item_s_list_says_whose_item_it_is_and_is_shown_once(tmp_path):
    # an outside reader's three-way comparison showed "**Cubism**: a Spanish artist, founder of Cubism ..." (Pablo
    # Picasso's item) and the Post-Impressionism line twice, found for two sides and shown as the same one
    with _own_notes(tmp_path, "art.md", ART) as tutor:
        ans = tutor.ask("Impressionism vs Post-Impressionism vs Cubism: how were they different, and which artists "
                        "go with each one?")
        assert ans.kind == "answer", ans.text
        assert ans.text.count("paid more attention to structure and form") == 1, ans.text
        assert "**Cubism**: a Spanish artist" not in ans.text, ans.text
        if "a Spanish artist" in ans.text:
            assert "*Pablo Picasso*: a Spanish artist" in ans.text, ans.text


def test_a_sentence_picked_from_the_lead_s_own_line_goes_back_among_the_line_s_sentences():
    # fresh37 os-1 showed "It does this on both data and computation." above the lead, then again with the next
    # sentence below the whole answer: a sentence the shape picked from the lead's line, shown apart from it
    from tutor.answer import _one_line_once
    from tutor.compose import Composition, Picked
    from tutor.select import Selection
    from tutor.statements import Statement

    line = "Flash caches data and computation. It is common to cache files. Computation can also be cached."
    a, b, c = (Statement(t, "web.md", 7, 7, "Flash", "prose") for t in
               ("Flash caches data and computation.", "It is common to cache files.", "Computation can also be cached."))
    other = Statement("Flash also uses the network hardware well.", "web.md", 9, 9, "Flash", "prose")
    assert " ".join(x.text for x in (a, b, c)) == line
    comp = Composition(True, picked=[Picked(c.text, c, "lead"), Picked(a.text + " " + b.text, b, "support"),
                                     Picked(other.text, other, "support")])
    _one_line_once(comp, Selection(True, 0.9, chosen=[a, b, c, other]))
    assert [p.statement for p in comp.picked] == [c, other]  # b comes back with its line, in the notes' order
    kept = Composition(True, picked=[Picked(c.text, c, "lead"), Picked(b.text, b, "support")])
    _one_line_once(kept, Selection(True, 0.9, chosen=[c]))
    assert [p.statement for p in kept.picked] == [c, b]  # not among the model's lines: it stays where it was


SHORT_SAMPLE = """# Running a school online

## Hosting
A hosted platform is run by its vendor, so the school needs no servers of its own.
A rack server in the school's basement needs a technician to patch it every month.

## Sample questions
1. Which approach gives online homework feedback?

    • Buy a rack server and install a grading program on it. ❌
    • Use a hosted learning platform that returns automated feedback. ✅
    • Email the homework to teachers as attachments. ❌
"""


def test_a_short_generic_sample_stem_needs_a_closer_question_before_its_key_is_an_answer(tmp_path):
    # a stem of a few words comes within 0.6-0.7 of many questions (the Azure notes' ticked keys, let through in a
    # trial, made answers worse by a blind reader's count, 13 to 9): such a key answers only a question at 0.75
    with _own_notes(tmp_path, "school.md", SHORT_SAMPLE) as tutor:
        loose = tutor.ask("Which approach gives feedback when students submit work on the web?")  # 0.70 from the stem
        assert "the answer your notes mark" not in loose.text, loose.text
        close = tutor.ask("How do I give feedback on homework submitted online?")  # 0.83
        assert "the answer your notes mark" in close.text, close.text


def test_a_shape_s_lead_from_a_passage_the_model_never_read_gives_way_to_the_model_s_answer():
    # "List the layers of the Linux architecture ..." opened on "The linux kernel relies on two main allocators", a
    # line of the ninth passage (past those the model scores), while the model chose the first passage's list
    from tutor.answer import _model_leads
    from tutor.compose import Composition, Picked
    from tutor.select import Selection
    from tutor.statements import Statement

    far = Statement("The linux kernel relies on two main allocators.", "mem.md", 249, 249, "Allocators", "prose")
    item = Statement("Virtual file system", "intro.md", 248, 248, "Linux", "list", "Kernel components")
    scored = [(far, 0.5, 0.16, [1.0]), (item, 0.24, 0.4, [0.0])]
    comp = Composition(True, scored=scored, picked=[Picked(far.text, far, "lead")])
    _model_leads(comp, Selection(True, 0.9, chosen=[item], probs={id(item): 0.82}))
    assert comp.picked == []  # the model's lines are the answer (`_merge` shows them)
    # a lead the model did read, naming what the question names where its best line does not, keeps its place
    kept = Composition(True, scored=scored, picked=[Picked(far.text, far, "lead")])
    _model_leads(kept, Selection(True, 0.9, chosen=[item], probs={id(item): 0.82, id(far): 0.3}))
    assert [p.statement for p in kept.picked] == [far]
    # an unread lead holding as much of what the question asks for as the model's best keeps its place ("Algos that
    # support pipe input mode and recordIO protobuf are PCA, K-means, ..." for "Which algorithms support Pipe mode?")
    asked = Composition(True, scored=[(far, 0.58, 1.0, [1.0]), (item, 0.56, 0.65, [1.0])],
                        picked=[Picked(far.text, far, "lead")])
    _model_leads(asked, Selection(True, 0.9, chosen=[item], probs={id(item): 0.98}))
    assert [p.statement for p in asked.picked] == [far]


STREAMS = """# Data services

## Streaming services
- **Record Streams:** to capture records in real time from many producers, kept for replay for a day.
  - Shards set how much a stream can take in.
- **Record Pipes:** also moves streaming records, but fully managed: no shards to size. Records can be converted on the way.

- Careful: no data retention in Record Pipes (no replay, unlike Record Streams).
- Careful: also not as "real-time" as Record Streams - a delay of up to a minute.
- **Frame Streams:** to stream video feeds from cameras and microphones to storage or to an analysis service.
- **Query Streams:** runs SQL over streaming records as they arrive, with some anomaly detection.
"""


def test_an_unnamed_item_goes_with_the_named_item_above_it_not_below(tmp_path):
    # an outside reader's misleading answer (fresh38 ml-1): "What is Kinesis Video Streams?" showed Firehose's
    # "Careful: also not as real-time ... - delay" items right under the Video Streams line, as if about it
    with _own_notes(tmp_path, "services.md", STREAMS) as tutor:
        ans = tutor.ask("What is Frame Streams?")
        assert ans.kind == "answer", ans.text
        assert ans.text.splitlines()[0].find("stream video feeds from cameras") >= 0, ans.text
        assert "Careful" not in ans.text, ans.text


ADDRESSES = """# Blob storage

## Addresses
- Endpoint: `https://<storage-account>.blob.core.windows.net/<container>/<blob>`
- Each blob sits in a container, and each container in a storage account.<br>
- A <span class="note">lease</span> locks a blob for writing.
"""


def test_a_placeholder_in_angle_brackets_is_words_and_a_tag_is_markup(tmp_path):
    # an outside reader's answer (fresh38 az-5) showed "Endpoint: https:// .blob.core.windows.net/ /": the notes'
    # placeholders had been taken for HTML tags and cut out
    from ingest.text import markup_out

    assert markup_out("a <b>bold</b> word<br>") == "a  bold  word "
    assert markup_out("https://<storage-account>.net/<container>") == "https://<storage-account>.net/<container>"
    # (fresh50 az-2: "--name <YourKeyVaultName> --object-id <PrincipalObjectId>" lost its placeholders)
    assert markup_out("az keyvault set-policy --name <YourKeyVaultName> --object-id <ObjectId>") == \
        "az keyvault set-policy --name <YourKeyVaultName> --object-id <ObjectId>"
    assert markup_out("<Div>x</Div><BR>") == " x  "
    with _own_notes(tmp_path, "blobs.md", ADDRESSES) as tutor:
        for question in ("What is the endpoint address of a blob?", "Where does a blob sit?"):  # lead line; list item
            ans = tutor.ask(question)
            assert ans.kind == "answer" and "Endpoint" in ans.text, ans.text
            assert "https://<storage-account>.blob.core.windows.net/<container>/<blob>" in ans.text, ans.text
            assert "<br>" not in ans.text and "<span" not in ans.text, ans.text


def test_compared_kinds_of_one_thing_are_answered_from_lines_about_that_thing(tmp_path):
    """"synchronous and asynchronous signals": the sides differ by their adjectives, and a line that has the
    adjective but is about something else ("For synchronous operations, the calling thread will block", on I/O)
    is no line of either side; an outside answer had opened on it."""
    text = ("# IO Management\n\n## Sync vs. Async Access\n\nFor synchronous operations, the calling thread will block "
            "until the device answers the request.\n\nWith asynchronous operations, the thread is allowed to continue "
            "as soon as it issues the request.\n\n# Signals\n\n## Signal kinds\n\nSynchronous signals occur in direct "
            "response to an action taken by the CPU, such as SIGSEGV on a bad memory access.\n\nAsynchronous signals "
            "arrive from outside the running code, such as SIGALRM when a timer expires.\n")
    with _own_notes(tmp_path, "os.md", text) as tutor:
        ans = tutor.ask("whats the difference between synchronous and asynchronous signals?")
    assert ans.kind == "answer", ans.text
    sides = [p for p in ans.text.split("\n\n") if p.startswith(("**synchronous signals**", "**asynchronous signals**"))]
    assert len(sides) == 2 and "SIGSEGV" in sides[0] and "SIGALRM" in sides[1], ans.text
    assert not any("calling thread" in p or "continue as soon as" in p for p in sides), ans.text

MUSCLE = ("# Muscle\n\n## Tension\n\n**Active tension**: Driven by the metabolic movement of the muscle\n"
          "**Passive tension**: Driven by the inherent flexibility of the muscle fiber. Highest when stretched\n"
          "**Resting length**: The length at which the fibers overlap best. It\n")


def test_an_unstopped_phrase_ending_a_line_is_read_with_the_sentence_before_it(tmp_path):
    # an outside reader's "when is passive tension the highest": the notes' "... of the muscle fiber. Highest when
    # compressed", with no full stop, was dropped and the answer stopped before it; a word left over from a paste
    # ("... overlap best. It") stays out
    from tutor.statements import Passage, statements

    lines = MUSCLE.splitlines()
    p = Passage(chunk_id="m", text="\n".join(lines[4:7]), source="muscle.md", start_line=5, end_line=7,
                heading="Muscle > Tension", kind="prose")
    said = [s.text for s in statements(p, lines)]
    assert any(t.endswith("muscle fiber. Highest when stretched") for t in said), said
    assert not any(t.endswith(" It") or t == "It" for t in said), said
    with _own_notes(tmp_path, "muscle.md", MUSCLE) as tutor:
        ans = tutor.ask("when is passive tension the highest?")
        assert ans.kind == "answer" and "Highest when stretched" in ans.text, ans.text


EMPIRE = ("# The Empire\n\n## Electors\n\n* The lands of the empire were hundreds of small states. The crown was "
          "elective, not hereditary. The Golden Charter named seven electors: four lay princes and three "
          "archbishops would choose the king. The king was crowned in the old capital by the senior archbishop "
          "after the vote. Later, the elective crown made sure the kings of the empire were weak. Princes "
          "fought each other and the cities formed leagues.\n")


def test_a_how_many_question_that_also_asks_why_gets_the_why_from_the_same_line(tmp_path):
    # an outside reader's "how many electors chose the German king, and who were they? Why did that make the German
    # kings weak?" got only the clause with the number, cut off, from a line that goes on to say why
    with _own_notes(tmp_path, "empire.md", EMPIRE) as tutor:
        ans = tutor.ask("Under the Golden Charter, how many electors chose the king, and who were they? "
                        "Why did that make the kings weak?")
        assert ans.kind == "answer", ans.text
        assert "four lay princes and three archbishops" in ans.text and "kings of the empire were weak" in ans.text
        only = tutor.ask("How many electors did the Golden Charter name?")
        assert "seven electors" in only.text and "weak" not in only.text, only.text


KINETICS = """# Pharmacokinetics

## Zero-order elimination
When the metabolising enzymes are saturated, a constant amount of drug is eliminated per hour.
Such drugs have no fixed half-life.
Examples of zero-order drugs: ethanol, phenytoin and aspirin at high doses.

## First-order elimination
Most drugs are eliminated in proportion to their concentration in the blood.

## Reversing a neuromuscular block
Neostigmine reverses the block at the end of surgery.
An anticholinergic like atropine is given with it to block the muscarinic effects.
"""


def test_that_at_the_end_of_a_follow_up_stands_for_the_last_subject(tmp_path):
    """fresh42 med-7: "What are some drugs that behave like that?" after zero-order elimination opened on a line
    about "an anticholinergic like atropine": a "that" ending its clause is no relative "that" but the subject."""
    from tutor.rewrite import resolve

    assert resolve("What are some drugs that behave like that?", "zero-order elimination") == \
        "What are some drugs that behave like zero-order elimination?"
    assert resolve("Can you tell me more about this.", "Pipe mode") == "Can you tell me more about Pipe mode."
    assert resolve("Which drugs that are cleared by the kidney?", "Pipe mode") == \
        "Which drugs that are cleared by the kidney?"  # a relative "that", its clause after it
    with _own_notes(tmp_path, "kinetics.md", KINETICS) as tutor:
        first = tutor.ask("What does zero-order elimination mean?")
        assert first.kind == "answer" and "constant amount" in first.text
        ans = tutor.ask("What are some drugs that behave like that?", [first.turn()])
        lead = ans.text.split("\n\n")[0]
        assert ans.kind == "answer" and "phenytoin" in lead and "atropine" not in lead, ans.text


DESIGNS_REVIEW = """# Review questions

## Contrast the monolithic, modular and microkernel designs of an OS
### Monolithic
#### Pros
* Everything included
* Inlining and compile-time optimizations
#### Cons
* No customization
* Not too portable or manageable
* Large memory footprint
### Modular
#### Pros
* Maintainability
* Smaller footprint
#### Cons
* Indirection can reduce some opportunities for optimization
### Microkernel
#### Pros
* Small size
* Verifiability
#### Cons
* Bad portability, often customized to the underlying hardware
* Frequent user/kernel crossings are expensive

## Antagonism
Pharmacological antagonism occurs when the agonist and antagonist work on the same receptor, while physiological \
antagonism occurs when the antagonist binds a different receptor and exerts the opposite effect. An example would be \
a beta-adrenergic agonist raising the heart rate and a muscarinic agonist lowering it.

Chemical antagonism is when the drug binds no receptor at all and neutralises the agonist directly.
"""


def test_a_line_under_a_third_design_is_no_side_of_a_comparison(tmp_path):
    """fresh43 os-1: "Bad portability" sits under "Microkernel > Cons", beside the "Monolithic" and "Modular" the
    question compares; it was shown as a con of the modular design."""
    with _own_notes(tmp_path, "review.md", DESIGNS_REVIEW) as tutor:
        ans = tutor.ask("compare monolithic vs modular designs, pros and cons")
        assert ans.kind == "answer", ans.text
        assert "Bad portability" not in ans.text and "user/kernel crossings" not in ans.text, ans.text
        # asked as a list, the cons listed under a word every design has ("Cons") say whose they are
        ans = tutor.ask("What are the pros and cons of monolithic vs modular designs?")
        assert "Bad portability" not in ans.text or "Microkernel › Cons" in ans.text, ans.text


def test_the_notes_own_contrast_of_two_sides_is_shown_as_theirs(tmp_path):
    """fresh43 med-2: "X occurs when ..., while Y occurs when ... An example would be ..." was cut in two, its
    example (of Y) shown first under X's label. The line that sets the two against each other answers whole."""
    with _own_notes(tmp_path, "review.md", DESIGNS_REVIEW) as tutor:
        ans = tutor.ask("What's the difference between pharmacological and physiological antagonism?")
        assert ans.kind == "answer", ans.text
        first = ans.text.split("\n")[0]
        assert first.startswith("Pharmacological antagonism occurs when") and "while physiological" in first, ans.text
        assert "**pharmacological antagonism**: An example" not in ans.text, ans.text


def test_a_table_row_with_an_empty_first_cell_goes_on_with_the_row_above():
    """fresh43 ml-4: a cell wrapped onto a line of its own ("S3DataDistributionType = FullyReplicated", first cell
    empty) was read as a row of its own and shown unlabelled after another algorithm's row."""
    from tutor.passages import Passage
    from tutor.statements import statements

    lines = ["## Algorithms", "| Algo | Input | Mode | Channels | Notes |", "| --- | --- | --- | --- | --- |",
             "| Linear Learner | CSV and RecordIO | File or Pipe | train, validation | Classification and regression |",
             "|  |  |  | FullyReplicated | Built-in tuning, example: MNIST |",
             "| K-Means | RecordIO | File or Pipe | train | Clustering of similar items |",
             "|  | CSV | File only | train, test | The same algorithm on text input |"]
    passage = Passage("c", "algos.md", "Algorithms", 1, 7, "table", "\n".join(lines))
    rows = [s for s in statements(passage, lines) if s.kind == "table"]
    assert len(rows) == 3, [s.text for s in rows]
    assert rows[0].text.startswith("Algo: Linear Learner") and "FullyReplicated" in rows[0].text
    assert "MNIST" in rows[0].text and rows[0].end_line == 5
    assert rows[1].text.startswith("Algo: K-Means")
    # a row of a group ("| | CSV | File only | ..." under K-Means) fills most of its cells: a row of its own
    assert rows[2].text.startswith("Input: CSV") and "File only" not in rows[1].text


def test_a_topic_before_a_colon_is_no_part_of_the_first_side(tmp_path):
    """fresh43 az-2: "Service Bus topic filters: SQL filter vs correlation filter, which should I use?" was
    refused, "nothing about 'Service Bus topic filters: SQL filter'": the words before the colon are the topic
    both sides belong to."""
    from tutor.intent import read_question

    got = read_question("Service Bus topic filters: SQL filter vs correlation filter, which should I use?")
    assert got.kind == "comparison" and got.subjects == ("SQL filter", "correlation filter"), got
    assert "topic" in got.focus
    with _own_notes(tmp_path, "review.md", DESIGNS_REVIEW) as tutor:
        ans = tutor.ask("OS designs: monolithic vs modular, which has the smaller footprint?")
        assert ans.kind == "answer" and "**monolithic**:" in ans.text and "Smaller footprint" in ans.text, ans.text


GLIA = """# Glial cells
|                  | Location | Function                          | Target           |
| ---------------- | -------- | --------------------------------- | ---------------- |
| Astrocytes       | CNS      | Form the blood-brain barrier      | Gray matter      |
| Oligodendrocytes | CNS      | Myelination of axons              | Multiple neurons |
| Schwann cells    | PNS      | Myelination of axons              | Single axon      |
"""


def test_a_side_by_side_table_keeps_the_column_that_names_its_rows(tmp_path):
    """fresh44 med-1: the notes' table names its rows in a column with no header; the side-by-side answer showed
    "CNS | Myelination of axons | Multiple neurons" and "PNS | ..." without saying which row was which cell type."""
    with _own_notes(tmp_path, "glia.md", GLIA) as tutor:
        ans = tutor.ask("How are oligodendrocytes different from Schwann cells?")
        assert ans.kind == "answer" and ans.text.startswith("Side by side"), ans.text
        assert "| Oligodendrocytes | CNS |" in ans.text and "| Schwann cells | PNS |" in ans.text, ans.text


SHARED_MEMORY = """# Inter-process communication

## Shared memory
Unix-based systems support two popular shared memory APIs: SysV and POSIX.
Shared memory can also be set up with a memory-mapped file.

## SysV shared memory
The operating system supports segments of shared memory, each named by a key the application passes in.

## POSIX shared memory
The POSIX shared memory standard does not use segments, but files in an in-memory file system.
"""


def test_a_line_naming_both_sides_is_under_neither_label(tmp_path):
    """fresh44 os-1: "Unix-based systems support two popular shared memory APIs: SysV and POSIX" was shown under the
    label "SysV shared memory": a line that names both sides and opens on neither is said of both."""
    with _own_notes(tmp_path, "ipc.md", SHARED_MEMORY) as tutor:
        ans = tutor.ask("How is POSIX shared memory different from SysV shared memory?")
        assert ans.kind == "answer", ans.text
        assert "segments of shared memory" in ans.text and "does not use segments" in ans.text, ans.text
        assert not re.search(r"\*\*[^*]+\*\*: Unix-based systems", ans.text), ans.text


METABOLISM = """# Drug metabolism

## Locations
Besides the liver and the gut, drugs are metabolized in the smooth ER, the mitochondria and the cytosol of cells.
The most important microsomal enzyme is Cytochrome P450, and it sits in the smooth ER.

## Excretion
The kidneys excrete the polar metabolites in the urine.
"""


def test_a_code_or_abbreviation_in_the_plural_is_the_one_the_notes_write(tmp_path):
    # "where are the cytochrome P450s?" was declined with "I found nothing about “P450s”": the stemmer keeps the s
    # of a plural with no vowel before it, so the notes' "P450" never matched (nor "VM" "VMs", nor "GPU" "GPUs")
    from tutor.text import singular_codes, stems

    assert "p450" in stems("the cytochrome P450s") and stems("VMs") == stems("VM") and stems("GPUs") == stems("GPU")
    # (a capital S is part of the name; one letter and an s is a word of its own)
    assert singular_codes("AWS, OS, Ps and APIs") == "AWS, OS, Ps and API"
    with _own_notes(tmp_path, "metabolism.md", METABOLISM) as tutor:
        ans = tutor.ask("Where inside cells are the cytochrome P450s?")
        assert ans.kind == "answer" and "smooth ER" in ans.text, ans.text


# -- what outside readers of the twenty-fourth session's answers caught (fresh questions of a reader) ----------------
REGIMES = """# Authoritarian regimes

## Means of control
- **coercion**: forcing people to obey the regime either indirectly (surveillance) or directly (brute force)
  - soldiers firing on a crowd of protesters (direct coercion)
- control of the press
  - the state runs its own newspapers

# Democratic regimes

## Kinds of democracy
- indirect democracy: people choose representatives who hold power for them
- direct democracy: people vote on each policy themselves
"""


def test_a_kind_and_its_opposite_are_kinds_of_the_thing_asked_about(tmp_path):
    """"direct and indirect coercion": the sides are direct coercion and indirect coercion - not "direct" beside
    "indirect coercion" - and a line with the side's word about another thing ("indirect democracy") is neither's;
    the line saying what coercion is, naming both kinds, is no one side's (a reader: shown under "indirect
    coercion", it read as that kind's alone). Its citations read [1], [2] in order."""
    from tutor.intent import read_question

    assert read_question("whats the difference between direct and indirect coercion?").subjects == (
        "direct coercion", "indirect coercion")
    assert read_question("difference between supervised and unsupervised learning").subjects == (
        "supervised learning", "unsupervised learning")
    with _own_notes(tmp_path, "regimes.md", REGIMES) as tutor:
        ans = tutor.ask("comp gov: whats the difference between direct and indirect coercion? example?")
    assert ans.kind == "answer", ans.text
    assert not re.search(r"\*\*(?:in)?direct coercion\*\*: (?:coercion|indirect democracy|direct democracy)", ans.text), ans.text
    assert "surveillance" in ans.text and "protesters" in ans.text, ans.text
    cited = [int(n) for n in re.findall(r"\[(\d+)\]", ans.text)]
    assert cited and cited[0] == 1 and cited == sorted(cited), ans.text


COURT = """# The monarchy in France

## Royal government
- What were intendants?
  - The intendants were royal officials sent out to the provinces to do the central government's bidding.
- The royal court moved to Versailles in the 17th century.

# The Dutch Republic

## Government
In the 17th century a stadholder led the army and managed the power of each province.
"""


def test_the_scene_before_a_question_names_no_subject_and_a_long_name_one_letter_off_is_the_notes_own(tmp_path):
    """"In 17th century France, what were the royal officials sent out to the provinces called?" asks for a thing
    described, not about "17th" or "France" (an outside answer led with the Dutch stadholder, a 17th-century line);
    "Burschenschaften" in notes that write "Burschenshaften" is their word (it was declined as not in the notes)."""
    from tutor.intent import read_question

    asked = read_question("In 17th century France, what were the royal officials sent out to the provinces called?")
    assert asked.subjects == () and {"franc", "17th"} <= asked.focus, asked
    assert read_question("In Python, what is a decorator?").subjects == ("decorator",)
    notes = COURT + "\n# German students\n\n- Burschenshaften: student societies for a free, united Germany; their " \
                    "protests led to the Karlsbad Decrees of 1819.\n"
    with _own_notes(tmp_path, "history.md", notes) as tutor:
        ans = tutor.ask("In 17th century France, what were the royal officials sent out to the provinces to carry out "
                        "the central government's orders called?")
        assert ans.kind == "answer" and "intendants" in ans.text.split("\n\n")[0], ans.text
        ans = tutor.ask("How were the German student societies (Burschenschaften) connected to the Karlsbad Decrees?")
        assert ans.kind == "answer" and "Burschenshaften" in ans.text.split("\n\n")[0], ans.text


ALGOS = """# Algorithms

| Algo | Training input | Instance class | Use cases |
| --- | --- | --- | --- |
| Factorization Machines (S) | RecordIO-protobuf only | CPU or GPU | Click prediction on sparse data |
| Linear Learner (S) | CSV or RecordIO-protobuf | CPU or GPU | Regression and classification |
| RCF (U) | CSV or RecordIO-protobuf | CPU only, no GPU | Anomaly detection: a high score is an anomaly |

# Receptors

|  | Location | Activation | Response |
| --- | --- | --- | --- |
| Alpha | Smooth muscle, skin follicles | Epinephrine and norepinephrine | Vasoconstriction, piloerection |
| Beta-1 | Heart and kidney | Epinephrine and norepinephrine | Faster heart rate, renin release |
"""


def test_the_row_a_question_names_comes_first_and_a_short_one_whole(tmp_path):
    """"for random cut forest, what input formats does it take": the RCF row, third of its table, came after two
    other algorithms' rows; "what does the alpha row say? where are they, what activates them" showed only its
    Activation column (the one its words named) and lost the goosebumps."""
    with _own_notes(tmp_path, "notes.md", ALGOS) as tutor:
        ans = tutor.ask("for random cut forest, what input formats does it take, and can i train it on a GPU?")
        rows = [x for x in ans.text.splitlines() if x.startswith("Algo: ")]
        assert rows and rows[0].startswith("Algo: RCF"), ans.text
        ans = tutor.ask("what does the alpha row of the receptor table say? where are they, what activates them and "
                        "what do they do (i always forget the goosebumps one)")
        alpha = next((x for x in ans.text.splitlines() if x.startswith("Alpha")), "")
        assert "Location: Smooth muscle" in alpha and "piloerection" in alpha, ans.text


AXON = """# Axons

## Conduction velocity
Conduction velocity is the speed of the action potential down the axon.

### Space constant
The space constant grows with membrane resistance and with the axon's diameter.

### Time constant
The time constant is membrane resistance times membrane capacitance.
Decreasing capacitance reduces the time constant, and conduction gets faster.
"""


def test_a_follow_up_that_names_a_thing_then_asks_of_that_one_is_about_it(tmp_path):
    """"ok and the time constant? how does that one affect conduction speed?" after a question on the space
    constant: "that one" is the time constant the message names first (an outside answer repeated the space
    constant's lines and left out capacitance)."""
    with _own_notes(tmp_path, "axons.md", AXON) as tutor:
        first = tutor.ask("what's the space constant of an axon and what makes it bigger?")
        ans = tutor.ask("ok and the time constant? how does that one affect conduction speed?", [first.turn()])
    assert "time constant affect" in ans.query and "space constant affect" not in ans.query, ans.query
    assert ans.kind == "answer" and "capacitance" in ans.text.split("\n\n")[0], ans.text


MUSCLE_STRUCTURE = """# Skeletal muscle

## Structure
Fibers are made of myofibrils wrapped in a membrane called the sarcolemma.
Triads are a group of two terminal cisternae with a t-tubule between them. They matter for excitation-contraction coupling.

## Contraction
Calcium released from the sarcoplasmic reticulum lets myosin bind actin.
"""


def test_the_student_s_own_studying_is_no_word_the_notes_must_hold(tmp_path):
    """"I'm revising skeletal muscle structure and my notes keep mentioning triads. What exactly is a triad?" was
    declined because the notes never say "revising"; "transactions vs batching - I keep confusing them" read the
    aside as part of a side's name and was declined too (outside questions, fresh71)."""
    from tutor.intent import read_question

    asked = read_question("I'm revising skeletal muscle structure and my notes keep mentioning triads. What exactly "
                          "is a triad and why does it matter for contraction?")
    assert "revis" not in asked.focus and "triad" in asked.focus, asked.focus
    assert read_question("service bus transactions vs batching - I keep confusing them. which one do i use?").subjects \
        == ("service bus transactions", "batching")
    with _own_notes(tmp_path, "muscle.md", MUSCLE_STRUCTURE) as tutor:
        ans = tutor.ask("I'm revising skeletal muscle structure and my notes keep mentioning triads. What exactly is a "
                        "triad and why does it matter for contraction?")
    assert ans.kind == "answer" and "terminal cisternae" in ans.text and "revising" not in ans.text, ans.text


WAR = """# The First World War

## Casualties
- Who were the casualties of the war?
  - Between eight and nine million soldiers died on the battlefield, and many more came home maimed. The birth rate fell across Europe as so many young men were lost. Veterans used to violence later joined the armed bands of the postwar years. Untold numbers of civilians died of hunger and disease. In 1915 the Turkish government, claiming a rebellion by the Armenian minority, began to kill Armenian men and expel women and children. Within seven months 600,000 Armenians had been killed, and 500,000 had been deported.
"""


def test_a_count_asked_of_the_subject_is_the_subject_s_count_in_a_long_line(tmp_path):
    """"what happened to the Armenians during world war 1 and how many died?": the line opens on the soldiers' dead;
    the answer showed only that clause, cut before the Armenians (fresh71 hist-1)."""
    with _own_notes(tmp_path, "war.md", WAR) as tutor:
        ans = tutor.ask("what happened to the Armenians during world war 1 and how many died?")
    assert ans.kind == "answer" and "600,000 Armenians" in ans.text, ans.text


def test_citations_are_renumbered_in_reading_order_but_code_is_left_as_written():
    """Lines said of both sides come before each side's own, so [2] could open an answer; the notes' code
    (`args[1]`) is no citation and keeps its brackets."""
    from tutor.answer import _Citations
    from tutor.passages import Passage

    cites = _Citations()
    for n in range(3):
        cites.n(Passage(chunk_id=str(n), text=f"line {n}", source="a.md", start_line=n + 1, end_line=n + 1,
                        heading="", kind="prose"))
    parts = cites.in_reading_order(["Said of both [2]\n```py\nx = args[1]\n```", "One side [1], the other [3]"])
    assert parts == ["Said of both [1]\n```py\nx = args[1]\n```", "One side [2], the other [3]"], parts
    assert [p.start_line for p in cites.order] == [2, 1, 3]


DOSING = """# Routes of giving a drug

## Oral & Rectal
Swallowed doses pass through the liver before they reach the blood.
**Bioavailability**: 10% (0.1)
**Bioavailability (low rectum)**: 40% (0.4)

## Intramuscular
Injected into a large muscle; small volumes only.
**Bioavailability**: 80% (0.8)

## Antidotes
Disulfiram blocks aldehyde dehydrogenase, so acetaldehyde builds up after a drink and the patient feels ill; this helps people stop drinking alcohol.
"""

THRESHOLDS = """# Model evaluation

## Confusion matrix
The false positive rate is the share of actual negatives predicted as positive.
AUC measures how well the model ranks positives above negatives.

## Exam tips
- Spot instances cut training cost.
- To decrease FPs, raise the threshold - fewer FPs, but more FNs
- Use early stopping against overfitting.
"""

STORAGE = """# Throughput

## Provisioned throughput
- Container-level throughput (Dedicated): a set amount of request units reserved for one container.
- Database-level throughput (Shared): many containers in one database share the request units.
- Serverless mode: no throughput to set; you pay for the units the database operations used.
"""


def test_a_value_under_a_heading_naming_what_it_is_of_says_whose_it_is():
    """"What's the bioavailability of an intramuscular injection, and what about rectal dosing ...?": a bare
    "Bioavailability: 5% (0.05)" from the oral section led the answer with nothing saying whose it was (fresh72
    med-5, read as the intramuscular figure). A value line opening with the measure asked, under a heading naming
    one of the things the question asks it of, carries that heading; a line opening with the thing itself does not."""
    from tutor.answer import _heading_label
    from tutor.intent import read_question
    from tutor.statements import Statement

    asked = read_question("What's the bioavailability of an intramuscular injection, and what about rectal dosing "
                          "that gets around the liver?")
    value = Statement("Bioavailability: 10% (0.1)", "routes.md", 5, 5, "Routes > Oral & Rectal", "prose")
    assert _heading_label(value, value.text, asked) == "**Oral & Rectal**: "
    named = Statement("Bioavailability is the share of a dose that reaches the blood.", "routes.md", 3, 3,
                      "Routes > Oral & Rectal", "prose")
    assert _heading_label(named, named.text, asked) == ""
    plain = read_question("What is bioavailability?")
    assert _heading_label(value, value.text, plain) == ""  # (no route asked: the heading is only where it sits)


def test_a_misspelt_everyday_word_is_read_as_that_word_not_as_a_term_the_notes_lack(tmp_path):
    """"why would a docter give disulfram to somebody with a drinking problem?" was declined: "They never mention
    'docter'" (fresh72 med-3)."""
    from tutor.vocabulary import everyday_slips

    assert everyday_slips("docter") == ["doctor"]
    with _own_notes(tmp_path, "routes.md", DOSING) as tutor:
        ans = tutor.ask("why would a docter give disulfram to somebody with a drinking problem?")
    assert ans.kind == "answer" and "aldehyde dehydrogenase" in ans.text, ans.text
    assert "“docter” as “doctor”" in (ans.notice or ""), ans.notice


def test_lines_that_write_the_question_s_words_by_their_initials_answer_it(tmp_path):
    """"If I raise the classification threshold, what happens to false positives and false negatives?": the notes'
    "To decrease FPs, increase threshold - ... might inc FNs" was never found, the answer gave the false positive
    rate's definition (fresh72 bundled-6)."""
    from tutor.compose import initialisms

    assert initialisms("what happens to false positives and false negatives?", {"fps": 1, "fns": 2, "fp": 3}) == \
        {"fps": "false positives", "fns": "false negatives"}
    # only a short form the notes write in capitals, and never across a bracket: "nature different" is no "ND",
    # "bare-metal (type 1)" holds no "metal type"
    assert initialisms("How was his view of human nature different?", {"nd": 2}, frozenset({"fps"})) == {}
    assert initialisms("bare-metal (type 1) vs hosted", {"mt": 2}, frozenset({"mt"})) == {}
    with _own_notes(tmp_path, "eval.md", THRESHOLDS) as tutor:
        ans = tutor.ask("If I raise the classification threshold on my model, what happens to false positives and "
                        "false negatives?")
        intent, query, passages, comp = tutor.prepare("If I raise the classification threshold on my model, what "
                                                      "happens to false positives and false negatives?")
    assert ans.kind == "answer" and "To decrease FPs, raise the threshold" in ans.text, ans.text
    sim = {st.text: (s, cover) for st, s, cover, _ in comp.scored}
    fps, auc = sim["To decrease FPs, raise the threshold - fewer FPs, but more FNs"], \
        sim["AUC measures how well the model ranks positives above negatives."]
    assert fps[0] > auc[0] and fps[1] > auc[1], (fps, auc)  # as near the question as its words spelled out


def test_sides_compared_in_parallel_after_a_preposition_are_where_not_the_whole_clause(tmp_path):
    """"what's the difference between provisioning throughput at the container level and at the database level?"
    read the sides as "provisioning throughput at the container level" and "at the database level", and labelled
    the serverless line "at the database level" (fresh72 az-4)."""
    from tutor.intent import read_question

    asked = read_question("In Cosmos DB, what's the difference between provisioning throughput at the container "
                          "level and at the database level?")
    assert asked.subjects == ("container level", "database level"), asked.subjects
    assert read_question("How is encryption at rest different from encryption in transit?").subjects == \
        ("encryption at rest", "encryption in transit")
    with _own_notes(tmp_path, "throughput.md", STORAGE) as tutor:
        ans = tutor.ask("what's the difference between provisioning throughput at the container level and at the "
                        "database level?")
        # "it" next is the thing compared in the two places, not the first place
        more = tutor.ask("Is there an option where I don't have to set it at all?", [ans.turn()])
    assert "set provisioning throughput" in more.query and "Serverless mode" in more.text, (more.query, more.text)
    assert ans.kind == "answer", ans.text
    assert not any(x.startswith("**") and "Serverless" in x for x in ans.text.splitlines()), ans.text
    assert "Container-level throughput" in ans.text and "Database-level throughput" in ans.text, ans.text


def test_what_a_thing_keeps_track_of_is_asked_of_the_thing():
    """"What does the ext2 group descriptor keep track of?" read "ext2 group descriptor keep track" as the subject
    (fresh72 cs-os-5)."""
    from tutor.compose import _numbered_initials
    from tutor.intent import read_question

    assert read_question("What does the ext2 group descriptor keep track of?").subjects == ("ext2 group descriptor",)
    assert read_question("What does a page table consist of?").subjects == ("page table",)
    # "ww2" is the notes' "WWII" as well as their "World War II" (fresh72 hist-3)
    assert _numbered_initials("ww2").search("after WWII, Britain") and \
        _numbered_initials("ww2").search("after World War II")


EXT = """# File systems

## ext2: the second extended file system
The partition is split into block groups of several blocks each.

The first block is the super block, which holds information about the block group:

- number of inodes
- number of disk blocks

The state of the block group is further described by the group descriptor, which holds information about:

- bitmaps
- number of free inodes
- number of directories

Every inode is a small record that describes one file.
"""


def test_a_word_of_the_subject_the_heading_holds_is_where_the_notes_name_the_rest(tmp_path):
    """"What does the ext2 group descriptor keep track of?": no line says "ext2 group descriptor"; the subject
    shrank to "ext2" (its rarest word) and the answer gave the super block's list (fresh72 cs-os-5). "group
    descriptor" is what the lines under the ext2 heading name."""
    with _own_notes(tmp_path, "fs.md", EXT) as tutor:
        intent, *_ = tutor.prepare("What does the ext2 group descriptor keep track of?")
        comp = _[-1]
        named = [st.text for st, _s, _c, subj in comp.scored if subj and subj[0] >= 0.6]
    assert "number of directories" in named and "number of disk blocks" not in named, named


COMPGOV = """# The political economy

## Components
- **the market**: where supply and demand meet
- **property**: ownership of goods and services
  - **LDCs (Least Developed Countries)**: deep poverty and few resources compared to developed countries => weak states
- public goods: goods and services the state provides to citizens

## Political attitudes
- **radicals**: want rapid, revolutionary change and a new regime
- **liberals**: want gradual reform through the current regime
"""


def test_a_short_form_the_notes_write_only_in_the_plural_is_found_and_is_its_own_entry(tmp_path):
    """"what does LDC mean in comp gov, and how does it connect to weak states?" was declined ("Your notes mention
    LDC, but I found no line about it"): the notes write only "LDCs", which the search for "LDC" never found, and
    the entry hangs under "property", whose label it then took (fresh73 hist-2)."""
    from tutor.compose import initialisms

    assert initialisms("what does LDC mean?", {"ldcs": 1}) == {"ldcs": "LDC"}
    with _own_notes(tmp_path, "economy.md", COMPGOV) as tutor:
        ans = tutor.ask("what does LDC mean in comp gov, and how does it connect to weak states?")
    assert ans.kind == "answer", ans.text
    assert ans.text.startswith("LDCs (Least Developed Countries): deep poverty"), ans.text


def test_a_chatty_opening_is_no_subject():
    """"wait so whats the deal with :1 vs :latest" read "deal with :1" as a side and was declined (fresh73
    bundled-6); "whats the deal w/ the top half ..." kept "deal" and "what" as what it asks about."""
    from tutor.intent import read_question

    assert read_question("wait so whats the deal with :1 vs :latest on the algorithm containers?").subjects == \
        ("1", "latest")
    assert read_question("wait so whats the deal w/ the top half of interrupt handling??").focus == \
        frozenset({"top", "half", "interrupt", "handl"})


BETA_BLOCKERS = """# Beta Antagonists

## Propranolol
Non-selective B1 and B2 antagonist.

Chronic use can lead to disuse supersensitivity.

## Metoprolol/Atenolol
Selective B1 antagonist.

Has better tolerance for exercise as B2 isn't blocked. No bronchoconstriction as well.

## Pindolol
Weak B1 and B2 partial agonist.
"""


def test_a_line_under_one_of_two_things_the_question_names_says_whose_it_is(tmp_path):
    """"Metoprolol blocks both B1 and B2 receptors, right? So it'd cause bronchoconstriction like propranolol would?"
    opened with propranolol's "Non-selective B1 and B2 antagonist." and no label: the question names propranolol,
    so its heading had been left off, and the line read as metoprolol's (fresh74 med-1)."""
    with _own_notes(tmp_path, "drugs.md", BETA_BLOCKERS) as tutor:
        ans = tutor.ask("Metoprolol blocks both B1 and B2 receptors, right? So it'd cause bronchoconstriction like "
                        "propranolol would?")
    assert ans.kind == "answer", ans.text
    line = next(x for x in ans.text.splitlines() if "Non-selective B1 and B2 antagonist" in x)
    above = ans.text.split(line)[0].strip().splitlines()
    assert "Propranolol" in line or (above and "Propranolol" in above[-1]), ans.text


LEASE_NOTES = """# Blob Storage

## Access tiers
Hot, cool and archive tiers trade storage cost against access cost.

## Leasing
Provides temporary exclusive write access to a blob for a certain client with a lease key. Modifying the lease also requires that key (else a 412 Precondition failed error).

## Snapshots
A snapshot is a read-only version of a blob taken at a point in time.

## Queries
```csharp
try { await client.DeleteAsync(); } catch (RequestFailedException e) { Console.WriteLine(e.Message); }
```

- You can only join within a single container. You can't join data across different containers.
- Aggregation functions are not supported.
"""


def test_asked_for_a_name_the_answer_says_the_name_its_heading_gives(tmp_path):
    """"the blob thing where one client grabs exclusive write access ... gets a 412 - what's that called?" got the
    lease line with no name: it says "lease key", and a line was taken to name its heading "Leasing" by the stem
    (fresh74 az-6)."""
    with _own_notes(tmp_path, "blobs.md", LEASE_NOTES) as tutor:
        ans = tutor.ask("the blob thing where one client grabs exclusive write access for a while with a key and anyone "
                        "else trying to modify it gets a 412 - what's that called?")
    assert ans.kind == "answer", ans.text
    assert ans.text.startswith("**Leasing**: Provides temporary exclusive write access"), ans.text


def test_the_catch_with_a_thing_asks_for_its_downsides_not_about_catch(tmp_path):
    """"What's the catch with JOINs ... in Cosmos DB SQL queries?" was declined with "Your notes mention 'catch'":
    the notes' code has a catch block, so "catch" was read as the subject (fresh74 az-2)."""
    from tutor.intent import read_question

    intent = read_question("What's the catch with joins in queries?")
    assert "catch" not in " ".join(intent.subjects).lower() and "downsid" in intent.focus, intent
    with _own_notes(tmp_path, "blobs.md", LEASE_NOTES) as tutor:
        ans = tutor.ask("What's the catch with joins in queries? what can't I do?")
    assert ans.kind == "answer" and "single container" in ans.text, ans.text


REFLEX = """# Blood Pressure

## Baroreceptor Reflex
Allows the body to quickly maintain blood pressure without waiting on hormones.

There are stretch receptors in the carotids and aortic arch that signal down the vagus nerve.

# Beta Agonists

## Isoproterenol
Selective B1 and B2 agonist.

Baroreceptor reflex is still triggered from the big diastolic drop, increasing heart rate.
"""


def test_a_line_going_on_about_the_subject_in_another_thing_s_section_says_whose_section(tmp_path):
    """"What's the point of the baroreceptor reflex?" opened with "Baroreceptor reflex is still triggered from the big
    diastolic drop, increasing heart rate." bare: a line opening on the thing asked was taken to say what it is
    about, though it says what happens to it under isoproterenol (fresh74 med-4, judged misleading)."""
    from tutor.answer import _says_what_it_is
    from tutor.intent import Intent

    asked = Intent("definition", ("baroreceptor reflex",))
    assert not _says_what_it_is("Baroreceptor reflex is still triggered from the big diastolic drop.", asked)
    assert _says_what_it_is("Baroreceptor reflex: allows the body to keep blood pressure steady.", asked)
    assert _says_what_it_is("The baroreceptor reflex is a fast loop through the vagus nerve.", asked)
    with _own_notes(tmp_path, "bp.md", REFLEX) as tutor:
        ans = tutor.ask("What's the point of the baroreceptor reflex?")
    assert ans.kind == "answer", ans.text
    assert "Allows the body to quickly maintain blood pressure" in ans.text, ans.text
    line = next(x for x in ans.text.splitlines() if "is still triggered" in x)  # shown: under its drug's name
    above = ans.text.split(line)[0].strip().splitlines()
    assert "Isoproterenol" in line or (above and "Isoproterenol" in above[-1]), ans.text


RED_ZONE = """# Thread design

## Thread data structures
The user library keeps each thread's stack right after the next one in memory.

However, the user library does not control stack growth. If one thread overruns its stack, it overwrites the data of the
next thread, and the error is not detected until the overwritten thread runs.

The solution is to separate the threads by a red zone. The red zone is a portion of the address space that is not
allocated, so a thread writing into it causes a fault at once.

## Signals
Signals are notifications the kernel delivers to a process.
"""


def test_a_follow_up_of_a_word_or_two_goes_on_from_the_question_before(tmp_path):
    """"why bother?" after "what's a red zone?" was declined, and "any others?" after "Which XGBoost hyperparameter
    do you always have to set?" got a K-NN line: a message of a word or two naming nothing was searched alone
    (fresh75 cs-os-7, bundled-7)."""
    from tutor.answer import leans_back
    from tutor.intent import read_question

    for q in ("why bother?", "any others?", "example?"):
        assert leans_back(q, read_question(q)), q
    with _own_notes(tmp_path, "threads.md", RED_ZONE) as tutor:
        first = tutor.ask("In the threads library, what's a red zone?")
        again = tutor.ask("why bother?", [first.turn()])
    assert again.kind == "answer", again.text
    assert "red zone" in again.text and "causes a fault" in again.text, again.text


def test_a_superlative_asks_for_a_measure_and_two_names_in_a_row_are_not_unknown():
    """"What's the biggest message I can send to a Service Bus queue on the Standard tier?" was read as what a
    "biggest message" is, with "Your notes never use 'biggest'" over it; "JOINs in Cosmos DB SQL queries" had
    "Your notes never use 'Cosmos DB SQL'" over the notes' own lines on it (fresh75 az-7, fresh74 az-2). And "X or Y:
    how do they differ?" compares the two things listed (fresh72 az204-c15's shape)."""
    from tutor.compose import _two_names, _unused_modifier
    from tutor.intent import read_question

    assert read_question("What's the biggest message I can send to a Service Bus queue?").kind == "number"
    assert not _unused_modifier("biggest", {"messag": 3}) and _unused_modifier("lottery", {"schedul": 3})

    class Index:  # the notes' text, as `notes_name` reads it from the index
        class store:
            @staticmethod
            def iter_chunks(with_text=True):
                class Chunk:
                    text = "Cosmos DB stores items. SQL queries can only join within a single container."
                return [Chunk()]

    assert _two_names(Index(), "Cosmos DB SQL", frozenset())
    assert not _two_names(Index(), "Human Development Index", frozenset())
    listed = read_question("System-assigned or user-assigned managed identity: how do they differ?")
    assert listed.kind == "comparison" and len(listed.subjects) == 2, listed
    named = read_question("GZRS: how does it differ from LRS?")
    assert named.kind == "comparison" and named.subjects == ("GZRS", "LRS"), named
    # ... and a line naming both by what tells them apart, their head written once, is no one side's
    from tutor.answer import _names_each_part

    assert _names_each_part("Both system-assigned and user-assigned managed identities can be assigned roles.",
                            listed.subjects)
    assert not _names_each_part("A user-assigned identity is a standalone Azure resource.", listed.subjects)


BOATS_NOTES = """# Chapter 4: Sailing Boats
- summary
  - sailing boats are driven by the wind acting on one or more sails
  - sailing boats come in many forms, including dinghies, keelboats and catamarans
- sailing boats: need crew who can read the wind
- most sailing boats are _not_ racing boats

## Types of Sailing Boats
- dinghy
  - small and light, sailed by one or two people on lakes
- keelboat
  - a heavy fixed keel keeps it upright in open water
- catamaran
  - two hulls side by side, fast and stable
- trimaran

## Caring for Sailing Boats
- rinse the sails in fresh water after every outing
- store the boat covered over the winter
"""


def test_asked_for_the_kinds_of_a_thing_the_section_titled_with_its_kinds_is_the_list(tmp_path):
    """"what kinds of authoritarian regimes are there?" (fresh77 hist-1) was read as asking of "authoritarian regimes
    are there", and answered with the chapter's opening list, which names a few in passing, not the notes' own
    "## Types of Authoritarian Regimes": its items, a one-word one too, are the answer."""
    from tutor.intent import read_question

    assert read_question("what kinds of sailing boats are there?").subjects == ("sailing boats",)
    assert read_question("what types of sailing boats do my notes list?").subjects == ("sailing boats",)
    with _own_notes(tmp_path, "boats.md", BOATS_NOTES) as tutor:
        ans = tutor.ask("what kinds of sailing boats are there?")
    assert ans.kind == "answer", ans.text
    lead = ans.text.split("\n\n")[:2]
    assert lead[0] == "Under “Types of Sailing Boats”, your notes list:", ans.text
    assert [x.strip("- ").split(" [")[0] for x in lead[1].splitlines()] == ["dinghy", "keelboat", "catamaran", "trimaran"]


HANDLER_NOTES = """# Interrupts as threads

## Bottom half
Once the handler has created its thread, the bottom half can do work of any complexity, outside the interrupted code.

## Performance of handler threads
Checking whether a handler needs a thread adds about 40 instructions to each interrupt.
The mutex lock and unlock path saves about 12 instructions, and mutexes are taken far more often than interrupts come.
So the checks are a net win overall.
"""


def test_a_compared_side_that_was_the_student_s_telling_leaves_no_comparison_and_no_crash(tmp_path):
    """fresh18 os-7, a long story with "They also mention top half vs bottom half." before "why is it supposedly a net
    win?": the side "They also mention top half" is the student's telling and was set aside, leaving one side of a
    comparison - and the answer raised ValueError (not enough values to unpack)."""
    from tutor.intent import read_question

    q = ("I'm reading the part of my notes where they stop running interrupt handlers on the interrupted thread's stack "
         "and give the handler its own thread. They also mention top half vs bottom half. What I don't get is the "
         "performance argument - checking whether you need a thread on every single interrupt sounds like extra "
         "work, so why is it supposedly a net win?")
    assert read_question(q).kind == "comparison"  # (how it is read before the notes are searched)
    with _own_notes(tmp_path, "handlers.md", HANDLER_NOTES) as tutor:
        ans = tutor.ask(q)
    assert ans.kind == "answer", ans.text
    assert "net win" in ans.text or "12 instructions" in ans.text, ans.text
