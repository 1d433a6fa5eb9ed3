"""How the chat reads a question and what it will not show: unit tests of the readers (no index, no model), and,
through `_own_notes`, the real pipeline (embeddings, Chroma, retriever, composer) on notes each test writes."""

from ingest.text import clean
from tutor.answer import _compares_unknowns, _names_any, bare_name
from tutor.compose import Composition, Picked, idle_words
from tutor.intent import Intent, read_question
from tutor.select import Selection
from tutor.statements import Statement

from tests.test_chat_any_notes import _own_notes


def _st(text: str) -> Statement:
    return Statement(text, "notes.md", 3, 3, "Virtualization", "prose")


def test_everyday_words_the_notes_never_use_say_nothing_about_coverage():
    df = {"nernst": 4, "equat": 9, "calcul": 3}
    idle = idle_words("What does the Nernst equation actually calculate, roughly?", df)
    assert {"actual", "rough"} <= idle
    assert not idle & {"nernst", "equat", "calcul"}  # the notes use these
    # a specialist word the notes never use is what an uncovered question looks like: it stays
    assert "schlieffen" not in idle_words("What was the Schlieffen plan?", {"plan": 2})


def test_a_subject_is_not_the_request_around_it():
    intent = read_question("Can you explain the difference between an empirical statement and a normative "
                           "statement, with an example of each?")
    assert intent.subjects == ("empirical statement", "normative statement")
    assert read_question("Did Congress of Vienna actually work?").subjects == ("Congress of Vienna",)


def test_a_second_question_joined_by_and_is_not_part_of_the_subject():
    # "What is X and how does it ...": read as the whole clause, X had no subject and the notes' lines that
    # share "single-member district" were shown as if they explained a term they never use
    intent = read_question("What is gerrymandering and how does it affect single-member district elections?")
    assert intent.subjects == ("gerrymandering",)
    assert read_question("What is precision and recall?").subjects == ("precision and recall",)


def test_what_does_it_mean_has_no_pronoun_subject():
    # "it mean" was read as the subject, so the follow-up "Which drugs are examples of that?" searched for it
    assert read_question("What does it mean for a drug to have zero order elimination?").subjects == ()
    assert read_question("What does a loop diuretic do?").subjects == ("loop diuretic",)


def test_a_question_asking_for_a_name_has_no_subject_of_the_words_describing_it():
    # "what's it called when you force a page to stay in RAM ...": the notes' answer is "pin the page", and the
    # student's "RAM", which the notes never write, was read as the subject: the question was declined
    for q in ("what's it called when you force a page to stay in RAM and never get swapped out?",
              "What do you call a drug that binds a receptor but does not activate it?",
              "What is the term for the Treaty of Versailles clause that blamed Germany?",
              "is there a word for when CPU caches go cold after a context switch?"):
        intent = read_question(q)
        assert intent.kind == "definition" and intent.subjects == (), (q, intent)
        assert not {"call", "term", "word"} & intent.focus
    assert "ram" in read_question("what's it called when you force a page to stay in RAM?").focus
    assert read_question("What is RAM?").subjects == ("RAM",)


def test_notes_say_nothing_only_of_a_side_the_answer_never_names():
    sides = ["bare-metal (type 1)", "hosted (type 2) virtualization"]
    assert _names_any(sides[1], sides, "The other virtualization model is the hosted (or type 2) model.")
    assert not _names_any(sides[1], sides, "In bare-metal virtualization the VMM manages all hardware.")


def test_a_comparison_with_a_side_the_notes_never_name_is_not_answered():
    intent = read_question("How does the Zorblax protocol differ from Quibble caching?")
    comp = Composition(True, missing=list(intent.subjects))
    off = Selection(True, 0.9, [_st("Caching keeps recent pages in memory.")])
    assert _compares_unknowns(intent, comp, off)
    one = Selection(True, 0.9, [_st("The Zorblax protocol hands out tokens.")])
    assert _compares_unknowns(intent, comp, one)  # nothing on Quibble caching: the notes cannot compare them
    comp.picked = [Picked("Quibble caching is lazy.", _st("Quibble caching is lazy."))]
    assert not _compares_unknowns(intent, comp, one)
    assert _compares_unknowns(intent, comp, off)


def test_a_question_s_verb_and_a_sentence_s_capital_are_not_its_subject():
    assert read_question("What does the Nernst equation actually calculate, and what's the short form?"
                         ).subjects == ("Nernst equation",)
    assert read_question("How can you estimate a compartment's size? Show me with an example.").subjects == ()
    assert read_question("Give me an example of how a baby's drug metabolism can differ from an adult's."
                         ).subjects == ("baby's drug metabolism", "adult's drug metabolism")


def test_a_line_alone_under_its_heading_is_a_statement():
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["# Potentials", "## Nernst equation", "Measuring the equilibrium potential for an ion",
             "## Ohm", "**Currents**", "- flow from high to low potential"]
    p = Passage("c1", "notes.md", "Potentials", 1, 6, "prose", "\n".join(lines))
    texts = [s.text for s in statements(p, lines)]
    assert "Measuring the equilibrium potential for an ion" in texts
    assert "Currents" not in texts  # a title with a list under it names the list


def test_a_bare_name_is_no_answer_line():
    assert bare_name("Klemens von Metternich") and bare_name("Toussaint L'Ouverture")
    assert not bare_name("Use SageMaker Pipe mode") and not bare_name("Page Blobs: store VHD files")


def test_obsidian_links_read_as_their_labels():
    assert clean("a narrow [[Pharmacodynamics#Population modeling|therapeutic index]] and") == \
        "a narrow therapeutic index and"
    assert clean("![[Pasted image 20230828225414.png]]") == ""


def test_a_bold_term_line_is_a_statement_and_its_siblings_come_whole():
    from tutor.answer import _whole_lists
    from tutor.passages import Passage
    from tutor.statements import statements

    text = ("## Muscarinic\nG protein coupled receptors act slowly.\n\n**M1 (q)**: Higher cognitive functions\n"
            "**M2 (i)**: Decreased heart rate\n**M3 (q)**: More gland secretions, peristalsis and bronchoconstriction\n")
    p = Passage("c1", "drugs.md", "Receptors > Muscarinic", 1, 6, "section", text)
    sts = statements(p)
    terms = [s for s in sts if s.subject]
    assert [s.subject for s in terms] == ["M1 (q)", "M2 (i)", "M3 (q)"]  # a short "**M1 (q)**: ..." is no title
    comp = Composition(True, scored=[(s, 0.5, 0.5, []) for s in sts])
    shown = _whole_lists([terms[2]], comp, set(), least=1)  # a question asking for a list: the whole list
    assert [s.subject for s in shown] == ["M1 (q)", "M2 (i)", "M3 (q)"]
    assert _whole_lists([terms[2]], comp, set(), least=2) == [terms[2]]


def test_a_subject_read_with_the_question_around_it_shrinks_to_what_the_notes_name():
    from tutor.compose import Composer

    class Index:  # only the notes' common words are needed here
        @staticmethod
        def common_words():
            return frozenset()

    composer = object.__new__(Composer)
    composer.index = Index()
    cands = [Statement("The Nernst equation gives the equilibrium potential of one ion.", "ions.md", 4, 4,
                       "Ions", "prose"),
             Statement("A revolt broke out in the capital.", "hist.md", 9, 9, "Risings", "prose")]
    df, n = {"nernst": 2, "equat": 5, "calcul": 3, "revolt": 4}, 50
    idle = idle_words("What does the Nernst equation actually calculate?", df)
    assert composer._known_part("Nernst equation actually calculate", cands, df, n, idle) == "Nernst equation"
    # a subject whose rarest word the notes never use stays whole (and so is reported missing)
    assert composer._known_part("Decembrist Revolt", cands, df, n, idle_words("What was the Decembrist Revolt?", df)) == \
        "Decembrist Revolt"
    cands.append(Statement("Store the data in S3.", "aws.md", 2, 2, "Storage", "prose"))
    df2 = {"store": 1, "featur": 3}
    assert composer._known_part("SageMaker Feature Store", cands, df2, n,
                                idle_words("What is SageMaker Feature Store?", df2)) == "SageMaker Feature Store"


def test_a_question_about_a_name_nothing_shown_names_is_not_answered():
    from tutor.answer import _unknown_name

    intent = read_question("What is Belady's anomaly?")
    comp = Composition(True, missing=list(intent.subjects), absent=["beladi"])
    assert _unknown_name(intent, comp, Selection(True, 0.9, [_st("FIFO replacement evicts the oldest page.")]))
    assert not _unknown_name(intent, comp, Selection(True, 0.9, [_st("Belady showed FIFO can fault more.")]))
    assert read_question("With 1 KB blocks, how much data fits?").subjects != ("With 1 KB",)


def test_a_line_that_leans_on_the_one_before_comes_with_it():
    from tutor.answer import _with_antecedents
    from tutor.passages import Passage
    from tutor.statements import statements

    text = "Bacon urged scientists to go from the particular to the general.\nDescartes doubted everything.\n" \
           "He emphasized deduction and mathematical logic.\n"
    p = Passage("c2", "sci.md", "Scientific Revolution", 1, 3, "section", text)
    sts = statements(p)
    comp = Composition(True, scored=[(s, 0.5, 0.5, []) for s in sts])
    shown = _with_antecedents([sts[0], sts[2]], comp, set())
    assert [s.text for s in shown] == [sts[0].text, sts[1].text, sts[2].text]  # "He" is Descartes, as in the notes


def test_a_thing_named_only_as_the_yardstick_is_not_what_the_line_is_about():
    from tutor.compose import _only_as_yardstick, subject_stems
    simple = subject_stems("simple diffusion")
    assert _only_as_yardstick(simple, "Will be faster than simple diffusion because of the carrier.")
    assert not _only_as_yardstick(simple, "Simple diffusion is slower than facilitated diffusion.")
    assert not _only_as_yardstick(simple, "Simple diffusion depends on the concentration gradient.")


def test_an_item_cut_from_its_list_keeps_the_item_it_answers():
    from tutor.answer import _label
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["## Reformation", "- What was the significance of the three pamphlets Luther published in 1520?",
             "  - Their significance was a more definite break from the church.", "- Next question?"]
    p = Passage("c2", "notes.md", "Reformation", 3, 3, "list", lines[2])  # the passage starts inside the list
    st = statements(p, lines)[0]
    assert st.context.startswith("What was the significance of the three pamphlets")
    label = _label(st, st.text)
    assert "significance of the three pamphlets" in label  # long as it is, "Their" needs it
    assert _label(st, st.text, frozenset({st.context})) == ""  # unless the answer shows that item too


def test_a_long_line_shows_the_sentence_that_answers_not_only_its_first_ones():
    from tutor.compose import cut
    from tutor.intent import Intent
    text = ("Joan persuaded Charles to let her join the army at Orleans. The army found new confidence after "
            "being inspired by her and changed the course of the war. France kept liberating occupied areas one "
            "by one over the following years, town after town, and the English lost ground in the north and in the "
            "west while their allies wavered and the king's court slowly gathered support across the kingdom. Joan had brought the war to a decisive turning point for France. "
            "Her role came to an end when she was captured by the Burgundian allies of the English, who handed "
            "her to the Inquisition; she was charged with witchcraft and burned at the stake at the age of 19.")
    shown = cut(Statement(text, "notes.md", 5, 5, "War", "list"), Intent("general", ("Joan",), frozenset({"end"})))
    assert "came to an end" in shown and shown.startswith("Joan persuaded")
    assert len(shown) < len(text)


def test_a_generic_owner_is_not_part_of_the_subject():
    assert read_question("What's a drug's therapeutic index, and why does it matter?").subjects == ("therapeutic index",)
    assert read_question("What was Martin Luther's central teaching?").subjects == ("Martin Luther",)
    assert read_question("What is the default value of XGBoost's eta?").subjects == ("eta",)


def test_a_name_or_quoted_term_the_notes_never_use_is_not_answered():
    from tutor.answer import _unknown_name
    from tutor.intent import quoted
    assert quoted("What did Adam Smith mean by the 'invisible hand'?") == ["invisible hand"]
    assert quoted("My program prints 'Thread Number 2' twice. Why?") == []  # an output, not a term
    intent = read_question("Why is Nigeria called a rentier state, and what is the 'resource curse'?")
    comp = Composition(True, missing=["resource curse"])
    about_resources = Selection(True, 0.9, [_st("Nigeria's resources are under public ownership.")])
    assert _unknown_name(intent, comp, about_resources)  # "resources" is not the "resource curse"
    intent = read_question("How does Peterson's algorithm give two threads mutual exclusion?")
    comp = Composition(True, missing=list(intent.subjects), absent=["peterson"])
    assert _unknown_name(intent, comp, Selection(True, 0.9, [_st("Mutual exclusion needs atomic instructions.")]))
    assert not _unknown_name(intent, comp, Selection(True, 0.9, [_st("Peterson's algorithm uses two flags.")]))
    # the student's own everyday word inside a named thing ("cheapest" of "cheapest S3 option", where the notes say
    # "lowest storage cost") is no part of the name: the name is known when its name words are
    intent = Intent("definition", ("cheapest S3 option",), frozenset())
    comp = Composition(True, missing=["cheapest S3 option"], absent=["cheapest"])
    assert not _unknown_name(intent, comp, Selection(True, 0.9, [_st("Glacier has the lowest storage cost.")]))
    assert _unknown_name(intent, Composition(True, missing=["cheapest S3 option"], absent=["s3"]),
                         Selection(True, 0.9, [_st("Glacier has the lowest storage cost.")]))
    # a name some other line of the notes uses ("An IV bolus ...") is not retrieved, not unknown
    intent = read_question("What bioavailability numbers do my notes give for oral vs IV dosing?")
    comp = Composition(True, missing=["IV"], absent=[])
    assert not _unknown_name(intent, comp, Selection(True, 0.9, [_st("Oral bioavailability is low.")]))


def test_how_does_x_compare_with_y_is_a_comparison():
    intent = read_question("How does earliest-deadline-first compare with rate-monotonic scheduling for real-time tasks?")
    assert intent.kind == "comparison"
    assert intent.subjects == ("earliest-deadline-first", "rate-monotonic scheduling")


def test_a_line_leaning_on_another_is_shown_only_right_after_it():
    from tutor.answer import _torn
    before = Statement("Clustering groups similar items together.", "notes.md", 895, 895, "C", "prose")
    it = Statement("It is a basic technique that groups datapoints by similarity.", "notes.md", 897, 897, "C", "prose")
    knn = Statement("Knn is clearly a supervised method.", "notes.md", 893, 893, "C", "prose")
    assert not _torn(it, [before])
    assert _torn(it, [knn])  # "it" would read as kNN
    assert not _torn(knn, [])  # a line that names its own subject stands anywhere


def test_a_subject_the_notes_only_name_is_missing():
    from tutor.compose import bare_name
    assert bare_name("Decembrist Revolt in Russia")
    assert not bare_name("The Decembrist Revolt failed in 1825.")


def test_a_question_frame_around_vs_is_not_a_side():
    intent = read_question("What's the bioavailability for oral vs subcutaneous vs IV administration?")
    assert intent.kind != "comparison" and intent.subjects == ("bioavailability",)
    assert read_question("Explain precision vs recall with an example.").subjects == ("precision", "recall")


def test_a_torn_line_comes_back_with_the_line_it_leans_on():
    from tutor.answer import _antecedent
    first = Statement("or KNN will weigh 1 Yen as much as 1 US Dollar!", "notes.md", 88, 88, "S", "prose")
    later = Statement("This clearly doesn't fit with our intuitions of the world.", "notes.md", 88, 88, "S", "prose",
                      context=first.text)
    other = Statement("In both cases you transform the values of numeric variables.", "notes.md", 84, 84, "S", "prose")
    order = [other, first, later]
    place = {id(s): i for i, s in enumerate(order)}
    assert _antecedent(later, order, place) is first


def test_two_sentences_of_one_line_share_a_citation_that_holds_both():
    from tutor.answer import _Citations
    a = Statement("To use CSV, specify text/csv as the ContentType.", "notes.md", 952, 952, "CSV", "prose")
    b = Statement("SageMaker requires that a CSV file has no header record.", "notes.md", 952, 952, "CSV", "prose")
    cites = _Citations()
    assert cites.n(a.as_passage()) == cites.n(b.as_passage()) == 1
    text = cites.list()[0].passage.text
    assert a.text in text and b.text in text  # what the citation's sentences are checked against


def test_a_word_neither_the_notes_nor_english_use_is_foreign_and_said():
    from tutor.answer import _unknown_name
    from tutor.compose import foreign_words
    df = {"memori": 5, "hypervisor": 4, "guest": 3, "model": 6, "thread": 8, "level": 2, "one": 9, "page": 7}
    assert foreign_words("How does memory ballooning let a hypervisor take memory back?", df) == ["ballooning"]
    assert foreign_words("whats the big problem with the many-to-one threading modle?", df) == []  # typo of "model"
    assert foreign_words("when shuold I pick the cheapest one-level page table?", df) == []  # typo, degree, compound
    intent = read_question("What is gerrymandering and how does it affect single-member district elections?")
    comp = Composition(True, missing=["gerrymandering"], absent=["gerrymand"], foreign=["gerrymandering"])
    assert _unknown_name(intent, comp, Selection(True, 0.9, [_st("Single-member districts favour two parties.")]))
    comp = Composition(True, missing=["gerrymandering"], absent=[], foreign=[])
    assert not _unknown_name(intent, comp, Selection(True, 0.9, [_st("Single-member districts favour two parties.")]))


def test_the_answer_s_own_lines_never_show_a_leaning_sentence_alone():
    from tutor.answer import _Citations, _shaped
    from tutor.select import ANAPHOR_RE
    first = Statement("The downside of more page table levels is more memory accesses per translation.",
                      "memory.md", 152, 152, "Multi-level page tables", "prose")
    later = Statement("Therefore, the translation latency will be increased.", "memory.md", 152, 152,
                      "Multi-level page tables", "prose", context=first.text)
    lead = Statement("Binary translation adds overheads!", "virt.md", 140, 140, "Binary translation", "prose")
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0]) for s in (lead, first, later)],
                       picked=[Picked(lead.text, lead, "lead"), Picked(later.text, later, "more")])
    intent = read_question("Does binary translation have any downsides?")
    text = "\n\n".join(_shaped(intent, comp, _Citations()))
    # "Therefore ..." right under the binary translation line would read as its downside: its own line comes first
    assert text.index(first.text) < text.index(later.text), text
    # a sentence opening on its own clause ("Since handlers run on the stack, ...") leans on nothing
    assert not ANAPHOR_RE.match("Since handlers are executed within a thread's stack, a thread can deadlock.")
    assert ANAPHOR_RE.match("Because of this, every write traps to the hypervisor.")


def test_a_comparison_followed_by_a_dash_clause_is_still_a_comparison():
    intent = read_question("How does a microkernel compare with a monolithic OS - what are the pros and cons of each?")
    assert intent.kind == "comparison" and intent.subjects == ("microkernel", "monolithic OS")


def test_how_a_student_wants_it_explained_is_no_side_of_a_comparison():
    # fresh76 bundled-6: "explain pipe mode to me simply, like how is it different from file mode and why would I
    # care" was read as three sides ("pipe mode to me simply", "like how is it", "file mode and why would I care")
    # and declined; cs-os-6 compared monitors with "just using a mutex and condition variables myself"
    intent = read_question("explain pipe mode to me simply, like how is it different from file mode and why would I care")
    assert intent.kind == "comparison" and intent.subjects == ("pipe mode", "file mode"), intent
    intent = read_question("explain monitors to me like im five. how are they different from just using a mutex and "
                           "condition variables myself?")
    assert intent.subjects == ("monitors", "mutex and condition variables"), intent
    assert read_question("difference between bagging and boosting and when to use each").subjects == ("bagging", "boosting")


def test_whats_typed_without_its_apostrophe_reads_as_what_is():
    # fresh76 bundled-3: "whats the biggest single file I can put in S3?" was no number question, and a Pipe mode
    # line about reducing volume size led the answer over "Files can be from 0 bytes to 5Tb"
    assert read_question("whats the biggest single file I can put in S3? is there a min size").kind == "number"
    assert read_question("whats the difference between a mutex and a semaphore").subjects == ("mutex", "semaphore")


def test_the_value_a_student_got_is_no_part_of_what_they_ask_about():
    # fresh76 bundled-7: "an AUC of 0.5" named "AUC of 0" (cut at the decimal point); its follow-up "what about if it
    # came out near 0 instead?" then asked about "AUC of 0", which the notes never name, and was declined
    assert read_question("my binary classifier got an AUC of 0.5, is that bad?").subjects == ("AUC",)
    assert read_question("What was the Peace of 1648?").subjects == ("Peace of 1648",)  # a name with a year keeps it


def test_a_line_under_a_kind_heading_says_whose_it_is_in_a_comparison():
    from tutor.answer import _heading_label
    con = Statement("Bad portability (often customized to underlying hardware)", "os.md", 232, 232,
                    "Operating Systems > Microkernel > Cons", "list")
    both = read_question("How does a microkernel compare with a monolithic kernel - what are the pros and cons?")
    assert _heading_label(con, con.text, both) == "**Microkernel › Cons**: "
    one = read_question("What are the cons of a microkernel?")
    assert _heading_label(con, con.text, one) == ""  # the question says whose cons they are
    # "There are many operations ..." says that something exists; it leans on nothing
    from tutor.select import ANAPHOR_RE
    assert not ANAPHOR_RE.match("There are many operations that can be supported on files.")
    assert ANAPHOR_RE.match("There, the handler runs on the thread's stack.")


def test_a_later_sentence_comes_after_its_line_s_first_and_a_side_is_the_one_its_heading_names():
    from tutor.answer import _cut, _side_named_first, _within
    first = Statement("A partial agonist binds to the receptor but elicits a sub-maximal response.", "pd.md", 63, 63,
                      "Agonism", "prose")
    later = Statement("High affinity for R* and moderate affinity for R.", "pd.md", 63, 63, "Agonism", "prose",
                      context=first.text)
    full = Statement("High affinity for R* and low affinity for R.", "pd.md", 61, 61, "Agonism", "prose",
                     context="A full agonist binds to a receptor and elicits a maximal response.")
    assert _cut(later, [full])  # under the full agonist's line it would read as the full agonist's
    assert not _cut(later, [first])
    assert _side_named_first("NOCB works in the reverse order to the LOCF method", "LOCF", "NOCB") == "b"
    assert _side_named_first("Next Observation Carried Backward (NOCB)", "LOCF", "NOCB", only=True) == "b"
    assert _side_named_first("Bad portability", "microkernel", "monolithic OS") is None
    # fresh30 ml-4: "IAM is a global resource ..." went under "resource-based security on S3": a word the student
    # joined to another names the side only so joined; a side's first word alone still does ("top" of "top half")
    assert _side_named_first("IAM is a global resource, and any policy", "user-based",
                             "resource-based security on S3") is None
    assert _side_named_first("Resource based: bucket policies", "user-based", "resource-based security on S3") == "b"
    assert _side_named_first("The top does the urgent work", "top half", "bottom half") == "a"
    whole = Picked(f"{first.text} {later.text}", first, "a")
    assert _within(Picked(first.text, first, "a"), [whole, Picked(first.text, first, "a")])


def test_a_comparison_s_frame_is_not_a_side_and_a_table_row_keeps_no_heading_label():
    from tutor.answer import _heading_label
    intent = read_question("How is liberalism different from social democracy as a political-economic system?")
    assert intent.subjects == ("liberalism", "social democracy")
    row = Statement("Storage Classes: S3 Standard-IA | Retrieval Fee: per GB", "exam.md", 40, 40,
                    "Data Engineering > AWS Lake Formation", "table")
    assert _heading_label(row, row.text, read_question("Which S3 storage classes charge a retrieval fee?")) == ""


def test_a_later_sentence_of_a_shown_line_goes_on_right_after_it():
    from tutor.answer import _Citations, render
    first = Statement("A partial agonist binds to the receptor but elicits a sub-maximal response.", "pd.md", 63, 63,
                      "Agonism", "prose")
    later = Statement("High affinity for R* and moderate affinity for R.", "pd.md", 63, 63, "Agonism", "prose",
                      context=first.text)
    full = Statement("A full agonist binds to a receptor and elicits a maximal response.", "pd.md", 61, 61,
                     "Agonism", "prose")
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0]) for s in (full, first, later)],
                       picked=[Picked(first.text, first, "lead"), Picked(full.text, full, "more"),
                               Picked(later.text, later, "more")])
    text = "\n\n".join(render(read_question("What is a partial agonist?"), comp, _Citations()))
    paragraphs = text.split("\n\n")
    assert later.text in paragraphs[0] and text.count(later.text) == 1, text  # not under the full agonist


def test_how_x_works_is_about_x_and_the_heading_that_names_more_of_the_question_wins():
    from tutor.compose import _heading_hits
    intent = read_question("Explain how the queueing lock works and what its downsides are.")
    assert intent.subjects == ("queueing lock",) and "work" not in intent.focus
    assert read_question("How is the Nernst potential calculated?").subjects == ("Nernst potential",)
    asked = read_question("List the techniques for reducing underfitting.").focus
    under = Statement("Increase model complexity.", "ml.md", 57, 57, "Fitting > Techniques to reduce underfitting", "list")
    over = Statement("Reduce model complexity.", "ml.md", 65, 65, "Fitting > Techniques to reduce overfitting", "list")
    assert _heading_hits(under, asked) > _heading_hits(over, asked) > 0


def test_a_line_two_later_sentences_lean_on_is_shown_once():
    from tutor.answer import _Citations, render
    lead = Statement("Filesystems use several techniques to minimize disk accesses.", "io.md", 268, 268, "Disk", "prose")
    first = Statement("Another component that reduces file access overhead is I/O scheduling.", "io.md", 272, 272,
                      "Disk", "prose")
    goal = Statement("A main goal of I/O scheduling is to reduce disk head movement.", "io.md", 272, 272, "Disk",
                     "prose", context=first.text)
    how = Statement("I/O schedulers achieve this by maximizing sequential accesses.", "io.md", 272, 272, "Disk",
                    "prose", context=first.text)
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0]) for s in (lead, first, goal, how)],
                       picked=[Picked(lead.text, lead, "lead"), Picked(goal.text, goal, "support"),
                               Picked(first.text, first, "support"), Picked(how.text, how, "more")])
    text = "\n\n".join(render(read_question("List the tricks file systems use to avoid slow disk accesses."), comp,
                              _Citations()))
    assert text.count(first.text) == 1 and goal.text in text and how.text in text, text


def test_a_soft_wrapped_paragraph_is_read_as_whole_sentences_with_their_lines():
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["## Interrupts", "> The additional overhead in taking an interrupt  ", "is about 40 instructions. The savings in the",
             "mutex enter/exit path is about 12 instructions. However,", "mutex operations are much more frequent.",
             "", "var x = build(a,", "    b);", "var y = x.run();"]
    p = Passage("c", "notes.md", "Interrupts", 1, len(lines), "prose", "\n".join(lines))
    got = [(s.text, s.start_line, s.end_line) for s in statements(p, lines)]
    assert ("The savings in the mutex enter/exit path is about 12 instructions.", 3, 4) in got, got
    assert ("The additional overhead in taking an interrupt is about 40 instructions.", 2, 3) in got, got
    assert not any("var y" in t and "b);" in t for t, *_ in got)  # code lines are not a wrapped sentence


def test_a_wrapped_paragraph_whose_first_line_reads_like_a_title_is_still_a_paragraph():
    # fresh77 med-1: "Facilitated by **X**. Processes N-acetyl-para-quinone" is short and capitalised like a title, but
    # its sentence goes on in lower case on the next line: read as a title, its sentences were lost and the answer
    # opened on the stray "imine (NAPQI), the hepatotoxic metabolite ..."
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["### Conjugation", "Carried out by **Sulfate transferases**. Converts the Red Brick", "lamp oil into a "
             "harmless salt that the kidney clears.", "", "Wind raises the amount of lamp oil made."]
    p = Passage("c", "notes.md", "Conjugation", 1, len(lines), "prose", "\n".join(lines))
    got = [(s.text, s.start_line, s.end_line) for s in statements(p, lines)]
    assert ("Carried out by Sulfate transferases.", 2, 2) in got, got
    assert ("Converts the Red Brick lamp oil into a harmless salt that the kidney clears.", 2, 3) in got, got
    assert not any(t.startswith("lamp oil") for t, *_ in got), got


def test_the_notes_own_question_in_a_paragraph_of_its_own_is_read_with_the_answer_under_it():
    # fresh77 med-7: "What if an A1 agonist was given and then atropine?" / (blank) / "The baroreceptor signal would still
    # be sensed ...": alone, the answer read as what holds in general; a plain-text title that is a question ("What are
    # hyperparameters?" over its paragraph) is the section's title, not a question it answers
    import dataclasses

    from tutor.compose import usable
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["## Food for thought", "What if the ferry leaves before the tide turns?", "",
             "The harbour master would still log it, but the pilots would not be able to board in time.", "",
             "Pilots board from the north quay."]
    p = Passage("c", "harbour.md", "Food for thought", 1, len(lines), "prose", "\n".join(lines))
    got = statements(p, lines)
    both = next(s for s in got if s.text.startswith("What if the ferry"))
    assert (both.start_line, both.end_line) == (2, 4) and "pilots would not be able to board" in both.text, got
    assert usable(both)  # the notes' question with its answer is quotable, as its answer alone is
    assert not any(s.text.startswith("The harbour master") for s in got)
    assert any(s.text == "Pilots board from the north quay." and s.start_line == 6 for s in got)
    titled = ["What are tides?", "", "Tides are the rise and fall of the sea caused by the moon."]
    p = Passage("c", "notes.txt", "Sea > What are tides?", 1, 3, "prose", "\n".join(titled))
    assert [s.text for s in statements(p, titled) if "?" not in s.text] == [
        "Tides are the rise and fall of the sea caused by the moon."]
    assert not usable(dataclasses.replace(both, text="Where is it? Why does it go?"))  # questions only: no answer
    assert not usable(dataclasses.replace(both, text="What is a ferry? Name some ferries that call here."))  # a prompt
    # a line under a label of its own answers something else: "Answer: ..." under a bonus question is the answer to
    # the sample question above both
    bonus = ["## Sample", "Bonus question: Where would you moor the ferry?", "",
             "Answer: The ferry needs the deepest berth, so any other berth is wrong.", ""]
    p = Passage("c", "harbour.md", "Sample", 1, len(bonus), "prose", "\n".join(bonus))
    assert any(s.text.startswith("Answer: The ferry needs") and s.start_line == 4 for s in statements(p, bonus))


def test_a_line_naming_neither_side_under_a_heading_naming_both_has_no_side_label():
    from tutor.answer import _Citations, render
    heading = "Interrupts: Top Vs. Bottom Half"
    both = Statement("There are two components of signal handling.", "t.md", 339, 339, heading, "prose")
    top = Statement("The top half of signal handling occurs in the interrupted thread.", "t.md", 339, 339, heading,
                    "prose", context=both.text)
    fast = Statement("This half must be fast and non-blocking.", "t.md", 339, 339, heading, "prose", context=both.text)
    bottom = Statement("Once the thread exists, this bottom half can contain arbitrary complexity.", "t.md", 339, 339,
                       heading, "prose", context=both.text)
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0, 0.0]) for s in (both, top, fast, bottom)],
                       picked=[Picked(top.text, top, "a"), Picked(both.text, both, "b"), Picked(bottom.text, bottom, "b"),
                               Picked(fast.text, fast, "more")])
    text = "\n\n".join(render(read_question("What is the difference between the top half and bottom half?"), comp,
                              _Citations()))
    assert text.startswith(both.text), text  # said of both: first, with no side's label
    assert f"**top half**: {top.text} [1]\n{fast.text}" in text, text  # "This half" goes on from the top half
    assert f"**bottom half**: {bottom.text}" in text, text


def test_a_counted_list_question_gets_the_items_of_the_line_that_announces_them():
    from tutor.compose import Composer
    intent = read_question("what are Diamonds 4 charactaristics that every democracy has?")
    assert intent.kind == "list" and intent.subjects == ("Diamonds",)
    assert read_question("What changed in Windows 10?").subjects == ("Windows 10",)
    head = Statement("Diamond states every democracy possesses 4 basic characteristics", "c5.md", 10, 10, "Ch5", "list")
    kids = [Statement(t, "c5.md", n, n, "Ch5", "list", context=head.text) for n, t in
            ((11, "free and fair elections"), (17, "active participation of the people"),
             (23, "protection of human rights"), (29, "a rule of law for all citizens"))]
    grand = Statement("indirect democracy: people choose representatives", "c5.md", 12, 12, "Ch5", "list",
                      context=kids[0].text)
    comp = Composition(True)
    scored = [(head, 0.9, 1.0, [1.0]), (grand, 0.6, 0.5, [0.0])] + [(k, 0.5, 0.3, [0.0]) for k in kids]
    Composer._list(Composer.__new__(Composer), intent, scored, comp, ranked=[(v, s) for s, v, *_ in scored])
    assert [p.statement.start_line for p in comp.picked if p.role == "item"] == [11, 17, 23, 29]


def test_items_under_a_parent_the_answer_does_not_show_come_under_it_once():
    from tutor.answer import _Citations, _more
    parent = 'charismatic: "you guys like my idea? FOLLOW ME!"'
    items = [Statement(t, "c1.md", n, n, "Legitimacy", "list", context=parent) for n, t in
             ((30, "also called a personality cult"), (31, "think Ho Chi Minh, Kim Il-Sung, Mao Zedong"))]
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0]) for s in items])
    text = "\n".join(_more([Picked(s.text, s, "more") for s in items], comp, _Citations()))
    assert text.count("**charismatic**:") == 1 and "- also called a personality cult" in text, text


def test_a_kind_word_the_notes_never_use_is_said_before_the_nearest_lines():
    from tutor.compose import _unused_modifier
    df = {"schedul": 12, "simpl": 3, "diffus": 8}
    assert _unused_modifier("lottery", df)  # "lottery scheduling": the notes speak of scheduling, never of lottery
    assert not _unused_modifier("simple", df) and not _unused_modifier("baby's", df)
    assert not _unused_modifier("what", df)


def test_a_formula_set_as_a_heading_is_a_statement_under_the_heading_above_it():
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["# Electrochemical Equilibrium", "## Nernst equation", "Measuring the equilibrium potential for an ion",
             "### Simplified: $E_{eq} = \\frac{60}{z} * log(X)$", "*memorize this pls*", "## Goldman equation"]
    p = Passage("c", "rp.md", "Electrochemical Equilibrium > Nernst equation > Simplified: $E_{eq} = \\frac{60}{z} * log(X)$",
                1, len(lines), "prose", "\n".join(lines))
    got = {s.text: s for s in statements(p, lines)}
    formula = got.get("Simplified: $E_{eq} = \\frac{60}{z} * log(X)$")
    assert formula is not None and formula.start_line == 4, list(got)
    assert formula.heading == "Electrochemical Equilibrium > Nernst equation"
    assert "Goldman equation" not in got  # a heading that is a title stays a title
    # a chunk carrying the next section's heading does not move the formula into that section
    later = Passage("d", "rp.md", "Electrochemical Equilibrium > Goldman equation", 4, 5, "prose", "\n".join(lines[3:5]))
    assert {s.text: s for s in statements(later, lines)}[formula.text].heading == formula.heading


def _notes_index(text: str):
    """A fake index through the seam the spelling vocabulary reads: the notes' text, as one chunk."""
    from types import SimpleNamespace

    class _Index:
        class store:
            @staticmethod
            def iter_chunks(with_text=True):
                return [SimpleNamespace(text=text)]

    return _Index()


def test_chat_spelling_and_a_short_slip_are_read_as_the_words_meant():
    from tutor import spelling

    index = _notes_index("He used England as a model of government in The Spirit of the Laws. The diff tool compares "
                         "files.")
    q, changed = spelling.correct("wat did he argue in the sprit of the laws and why shud england be his modle? "
                                  "how does diff work?", index)
    assert q.startswith("what did he argue in the spirit of the laws") and "should" in q and "model?" in q, q
    assert "how does diff work" in q  # a chat word the notes use as their own word stays
    assert ("modle", "model") in changed and ("wat", "what") in changed


def test_a_passage_ending_inside_an_item_s_answers_keeps_the_rest_of_them():
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["- Who was Montesquieu? Who did he use as a model?", "  - Montesquieu called for separation of powers.",
             "  - He used England as a model because of its constitution.", "- Who was Voltaire?",
             "  - Voltaire was a playwright."]
    p = Passage("c", "c17.md", "Enlightenment", 1, 2, "prose", "\n".join(lines[:2]))
    got = [s.text for s in statements(p, lines)]
    assert "He used England as a model because of its constitution." in got, got
    assert not any("Voltaire" in t for t in got)


def test_one_standing_for_what_was_asked_is_resolved_and_code_cut_from_its_fence_is_no_statement():
    from tutor.answer import BACK_RE
    from tutor.passages import Passage
    from tutor.rewrite import resolve
    from tutor.statements import statements
    assert resolve("How do I revoke one if a token leaks?", "stored access policy") == \
        "How do I revoke the stored access policy if a token leaks?"
    assert BACK_RE.search("How do I create one?") and not BACK_RE.search("Which one is faster?")
    assert resolve("Give me one example", "stored access policy") == "Give me one example"
    lines = ["## Routing", "```sh", "az eventgrid topic create \\", "  --name demo", "curl -X POST -d \"$event\" $endpoint",
             "```", "Event Grid retries delivery with exponential backoff."]
    p = Passage("c", "eg.md", "Routing", 4, 7, "prose", "\n".join(lines[3:7]))
    got = [s.text for s in statements(p, lines)]
    assert got == ["Event Grid retries delivery with exponential backoff."], got


def test_a_name_whose_words_the_notes_never_put_together_is_not_theirs():
    from types import SimpleNamespace

    from tutor.compose import notes_name, subject_stems
    chunks = [SimpleNamespace(text="GDP per capita shows the standard of living."),
              SimpleNamespace(text="The Gini Index measures income distribution; human development varies.")]
    index = SimpleNamespace(store=SimpleNamespace(iter_chunks=lambda with_text=True: chunks))
    assert notes_name(index, subject_stems("Gini Index"))
    assert not notes_name(index, subject_stems("Human Development Index"))  # each word used, never together


def test_a_line_giving_a_term_and_its_value_is_a_statement_though_short():
    # "Precision: TP/(TP+FP)" is two words: dropped as a fragment, the best passage for "what are the formulas
    # for precision, recall and specificity?" gave the answer nothing, and an F-score line led it
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["Metrics", "Precision: TP/(TP+FP)", "Recall/Sensitivity: TP/(TP+FN)", "Specificity: TN/(TN+FP)", "Queues",
             "See: it"]
    p = Passage("c", "out.md", "Metrics", 1, len(lines), "prose", "\n".join(lines))
    got = [s.text for s in statements(p, lines)]
    assert got[:3] == ["Precision: TP/(TP+FP)", "Recall/Sensitivity: TP/(TP+FN)", "Specificity: TN/(TN+FP)"], got
    assert "Queues" not in got and "See: it" not in got  # a title, and a value too short to say anything


def test_a_later_item_of_the_list_is_not_shown_under_the_item_before_it():
    # "- political attitude: ..." (an item of its own) came right under "**coinciding cleavages**:" and its
    # items, so it read as part of that definition
    from tutor.answer import _Citations, _more
    parent = "coinciding cleavages: two cleavages go in completely different directions"
    items = [Statement(t, "c3.md", n, n, "Social Cleavages", "list", context=parent) for n, t in
             ((35, "also called reinforcing cleavages"), (36, "these can completely break a society"))]
    other = Statement("political attitude: how people feel about the pace of change", "c3.md", 37, 37,
                      "Social Cleavages", "list")
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0]) for s in items + [other]])
    text = "\n".join(_more([Picked(s.text, s, "more") for s in items + [other]], comp, _Citations()))
    assert "- **coinciding cleavages**:\n  - also called reinforcing cleavages" in text, text
    assert "\n- political attitude" in text and "  - political attitude" not in text, text


def test_a_line_naming_what_was_asked_is_not_labelled_with_an_unrelated_heading():
    # the FSx for Lustre paragraph sits under the notes' "S3 Security" heading: labelled with it, the answer
    # read as if FSx were a security feature
    from tutor.answer import _heading_label
    st = Statement("FSx for Lustre speeds up your training jobs by serving your S3 data at high speeds.",
                   "de.md", 44, 44, "Storage > S3 Security", "prose")
    intent = read_question("Why would I put FSx for Lustre in front of S3 for training?")
    assert _heading_label(st, st.text, intent) == ""
    used = Statement("Used in operating rooms to reverse curare.", "ph.md", 9, 9, "Drugs > Neostigmine", "prose")
    assert _heading_label(used, used.text, read_question("Which drug reverses curare?")) == "**Neostigmine**: "

    # a thing asked about that the line only mentions further on does not say what the line is about
    prop = Statement("Non-selective B1 and B2 antagonist.", "ad.md", 60, 60, "Beta Antagonists > Propranolol", "prose")
    asked = read_question("Why do we use B2-selective drugs like albuterol instead of ones that hit all beta receptors?")
    assert _heading_label(prop, prop.text, asked) == "**Propranolol**: "


def test_a_subject_ends_with_its_sentence_and_before_a_question_after_a_dash():
    # "barrier? they sound kinda similar" was read as a compared side and shown as the answer's label
    assert read_question("whats the difference between a semaphore and a barrier? they sound kinda similar"
                         ).subjects == ("semaphore", "barrier")
    assert read_question("primary vs secondary active transport - whats the difference? give me examples"
                         ).subjects[1] == "secondary active transport"
    assert read_question("What is a mutex? I keep forgetting").subjects == ("mutex",)
    assert read_question("What is the Na-K pump?").subjects == ("Na-K pump",)  # a hyphen is no dash


def test_a_lead_line_from_another_section_says_where_it_is_from_and_no_sentence_is_shown_twice():
    # the FCFS figures came right under a line of the I/O-bound timeslice example with no heading between them,
    # so they read as that example's; and a sentence going on from a lead line was shown again above the line
    # leaning on it ("The basic strategy ..." twice)
    from tutor.answer import _Citations, render
    a = Statement("Round robin is compared with FCFS on throughput.", "s.md", 121, 121,
                  "Sched > Timesharing and Timeslices", "prose")
    b = Statement("For this example, the throughput is 0.25 tasks per second.", "s.md", 46, 46, "Sched > FCFS", "prose")
    intent = read_question("What is the throughput of the FCFS example?")
    comp = Composition(True, picked=[Picked(a.text, a), Picked(b.text, b)], scored=[(s, .5, .5, [0.]) for s in (b, a)])
    text = "\n\n".join(render(intent, comp, _Citations()))
    assert "*Sched › FCFS*:\nFor this example" in text and "Timeslices*" not in text, text

    first = "Before 2005, x86 had only four privilege rings."
    lead = Statement(first, "v.md", 10, 10, "Virt > Past", "prose", context=first)
    goes = Statement("The basic strategy was to run the hypervisor in ring 0.", "v.md", 10, 10, "Virt > Past", "prose",
                     context=first)
    leans = Statement("However, 17 instructions failed silently outside ring 0.", "v.md", 11, 11, "Virt > Past", "prose")
    comp = Composition(True, picked=[Picked(first, lead), Picked(goes.text, goes, "more"),
                                     Picked(leans.text, leans, "more")],
                       scored=[(s, .5, .5, [0.]) for s in (lead, goes, leans)])
    text = "\n\n".join(render(read_question("Why was x86 hard to virtualize?"), comp, _Citations()))
    assert text.count("The basic strategy") == 1 and "17 instructions" in text, text


def test_a_word_of_the_students_own_telling_casts_no_doubt_on_a_covered_answer():
    # "Your notes never use “clobber”" opened a covered answer on a long paste: the student's verb, not a thing
    # asked about; a word of what was asked ("Linux futexes") still says the notes may not cover it
    from tutor.answer import _of_subject
    paste = read_question("I'm doing the IPC project. I create a shared memory segment with shmget/shmat and put a "
                          "struct with a data buffer in it. Each process declares its own global pthread_mutex_t, "
                          "calls pthread_mutex_init on it with default attributes, and locks it around writes to the "
                          "buffer. But the two processes still clobber each other's writes. What am I doing wrong?")
    assert paste.subjects and not _of_subject("clobber", paste)
    assert _of_subject("futexes", read_question("My lab partner says that in a long-running server Linux futexes let a "
                                                "mutex skip the system call whenever nobody else holds the lock, and "
                                                "that this is why our benchmark got faster after the upgrade. How do "
                                                "they do that, and is it true for every lock?"))
    # a short question: any word of it is asked
    assert _of_subject("chemiosmosis", read_question("How does chemiosmosis make ATP in the light reactions?"))
    assert _of_subject("Schlieffen", read_question("What was the Schlieffen plan?"))


def test_a_line_leaning_on_its_heading_is_not_given_a_line_of_another_section():
    # "They serve as commit logs" (right under "## Partitions") was shown after a "Consumer group" item of
    # "Key Concepts", the last line found above it, so "They" read as consumer groups
    from tutor.answer import _Citations, _more
    group = Statement("Consumer group: A logical group allowing multiple consumers to read the same data.", "eh.md",
                      14, 14, "Event Hub > Key Concepts", "list")
    they = Statement("They serve as commit logs for organizing sequences of events.", "eh.md", 85, 85,
                     "Event Hub > Partitions", "prose")
    comp = Composition(True, scored=[(s, .5, .5, [0.]) for s in (group, they)])
    comp.picked = [Picked("Log compaction keeps the latest event of each key.",
                          Statement("Log compaction keeps the latest event of each key.", "eh.md", 63, 63,
                                    "Event Hub > Log Compaction", "prose"))]
    text = "\n".join(_more([Picked(they.text, they, "more")], comp, _Citations()))
    assert "Consumer group" not in text, text


def test_accented_names_two_names_joined_by_and_and_a_pronoun_inside_a_side():
    from types import SimpleNamespace

    from tutor import spelling
    from tutor.answer import _side_named_first, leans_back
    from tutor.intent import names_in
    # "René" was cut to "Ren", and "Francis Bacon and René Descartes" read as one name the notes never use,
    # so a covered essay question was declined
    assert names_in("How did Francis Bacon and René Descartes differ?") == ["Francis Bacon", "René Descartes"]
    assert names_in("What is Amazon FSx for Lustre?") == ["Amazon FSx for Lustre"]  # "for" stays inside a name
    # notes that write "Rene Descartes" are read as they spell it
    index = SimpleNamespace(store=SimpleNamespace(iter_chunks=lambda with_text=True: [
        SimpleNamespace(text="Rene Descartes used reason as his sole guide to truth.")]))
    q, changed = spelling.correct("What did René Descartes use as his guide?", index)
    assert "Rene Descartes" in q and ("René", "Rene") in changed, q
    # "add a task versus pick one with it": the pronoun read into a compared side still refers back
    q = "How fast is it to add a task versus pick one with it?"
    assert leans_back(q, read_question(q))
    # a heading naming one generic word of a side ("Election Systems") does not make a line about that side
    side_b = "system the US and the UK use"
    assert _side_named_first("Election Systems", "proportional representation", side_b, only=True) is None
    assert _side_named_first("Proportional Representation", "proportional representation", side_b, only=True) == "a"


def test_a_prompt_of_question_and_answer_notes_is_not_shown_as_an_answer_and_possessive_names_stay_whole():
    from types import SimpleNamespace

    from tutor.compose import Composer
    from tutor.intent import names_in
    from tutor.passages import Passage
    # "What started the Hundred Years' War": the name was cut at its apostrophe into "Hundred Years" and "War",
    # and a line on another war led the answer
    assert names_in("What started the Hundred Years' War?") == ["Hundred Years' War"]
    assert names_in("What was the Peasants' Revolt?") == ["Peasants' Revolt"]
    # notes written as prompts with answers under them: the prompt asks, the item under it answers
    lines = ["- Briefly summarize what caused the tensions between England and France.",
             "  - Disagreements over rights to land and a dispute over the succession of the French throne.",
             "- Describe the Battle of Agincourt in your own words.",
             "- When drugs saturate the enzymes, a constant number of molecules is eliminated per hour.",
             "  - these reactions are zero order."]
    index = SimpleNamespace(lines=lambda source: lines)
    p = Passage("c", "c11.md", "War", 1, len(lines), "prose", "\n".join(lines))
    got = [s.text for s in Composer(index, None).candidates([p])]
    assert not any(t.startswith("Briefly summarize") for t in got), got
    assert any(t.startswith("Disagreements over rights") for t in got)
    assert any(t.startswith("Describe the Battle") for t in got)  # no answer under it: kept as the notes say it
    assert any(t.startswith("When drugs saturate") for t in got)  # a statement with items, not a prompt


def test_the_key_of_a_sample_question_in_the_notes_answers_a_question_like_it():
    from types import SimpleNamespace

    import numpy as np

    from tutor.answer import _label
    from tutor.compose import Composer
    from tutor.intent import read_question
    from tutor.passages import Passage
    # a student's paraphrase of a sample question the notes hold with its key was answered from other lines
    lines = ["1. A Specialist has CSV training data in S3 and Linear Learner trains slowly. How to speed it up?",
             "   - Convert the CSV training dataset into Apache Parquet format.",
             "   - Train the model using Amazon SageMaker Pipe mode. ✅",
             "   - Train the model using Amazon SageMaker File mode."]
    index = SimpleNamespace(lines=lambda source: lines, term_df=lambda: ({}, 1), common_words=lambda: frozenset())
    p = Passage("c", "exam.md", "Sample Questions", 1, 4, "question", "\n".join(lines))  # a sample question's chunk
    got = Composer(index, None).candidates([p])
    keyed = [s for s in got if s.truth]
    assert [s.text for s in keyed] == ["Train the model using Amazon SageMaker Pipe mode."], [s.text for s in got]
    assert not any("Parquet" in s.text or "File mode" in s.text for s in got)  # a wrong option asserts nothing
    assert "the answer your notes mark" in _label(keyed[0], keyed[0].text)

    class Judge:  # the question's closeness to the sample's stem decides whether its key is read
        def __init__(self, sim):
            self.sim = sim

        def embed_many(self, texts):
            v = np.zeros((len(texts), 2), dtype=np.float32)
            v[:, 0] = 1.0
            v[-1] = [self.sim, (1 - self.sim ** 2) ** 0.5]
            return v

    intent = read_question("How do I make Linear Learner train faster on CSV data?")
    for sim, shown in ((0.9, True), (0.5, False)):
        comp = Composer(index, Judge(sim)).compose(intent, intent.question, [p])
        texts = [x.statement.text for x in comp.picked] + [s.text for s, *_ in getattr(comp, "scored", [])]
        assert any("Pipe mode" in t for t in texts) == shown, (sim, texts)


def test_a_turn_remembers_its_subject_as_the_answer_names_it_and_which_one_chooses_between_sides():
    from tutor.answer import CHOOSE_RE, _as_named
    # "the Calvin cycle" was remembered as "Calvin", so "its key enzyme" next searched "the Calvin key enzyme"
    assert _as_named("Calvin", "Explain the Calvin cycle, please.", "The Calvin cycle fixes CO2.") == "Calvin cycle"
    assert _as_named("Calvin", "Who was Calvin and what did he teach?", "Calvin taught predestination.") == "Calvin"
    assert CHOOSE_RE.search("Which one should I use if my data has outliers?")
    assert CHOOSE_RE.search("which of the two is faster?") and not CHOOSE_RE.search("Which algorithm is fastest?")


def test_a_long_question_s_subject_is_in_the_sentence_that_asks_not_an_acronym_of_its_story():
    # "several MB", "the API is simple": read as the subjects of a question about shared memory
    q = ("I'm building a project where two processes on the same machine have to pass pretty large buffers "
         "(several MB at a time) back and forth many times. My first idea was to use message queues because the "
         "API is simple. My teammate says shared memory would be much faster. Who's right, and what's the catch?")
    assert read_question(q).subjects == ()
    q2 = ("Our app runs on three VMs that our scaling scripts recreate often, and all of them need the same access "
          "to a vault and a storage account without any credentials in config, which matters a lot to us and our "
          "auditors. Should I use a Managed Identity of the system-assigned or the user-assigned kind here?")
    assert read_question(q2).subjects == ("Managed Identity",)  # the asking sentence's own name
    assert read_question("What does the API Gateway do with MB-sized payloads?").subjects  # short: as before


def test_everyday_comparatives_and_numbered_names_as_the_notes_write_them():
    from types import SimpleNamespace

    from tutor import spelling
    from tutor.vocabulary import everyday
    # "the cheapest S3 storage class": "cheapest" was taken for a specialist word the notes lack, and declined
    assert everyday("cheapest") and everyday("biggest") and everyday("roughly")
    assert not everyday("thrashing") and not everyday("ballooning")  # "-ing" forms name techniques
    # "Phase I vs phase II" in notes that write "Phase 1" and "Phase 2": declined as names they never use
    index = SimpleNamespace(store=SimpleNamespace(iter_chunks=lambda with_text=True: [
        SimpleNamespace(text="Phase 1: increased reactivity. Phase 2: conjugation. Henry VIII married six times.")]))
    q, changed = spelling.correct("Phase I vs phase II: what differs? And why did Henry 8 marry?", index)
    assert q.startswith("Phase 1 vs phase 2") and "Henry VIII" in q, q
    assert ("Phase I", "Phase 1") in changed
    q, _ = spelling.correct("What happens in Phase 1?", index)
    assert q == "What happens in Phase 1?"  # as the notes write it: untouched


def test_comparison_labels_go_by_the_sides_phrase_a_row_s_name_and_a_practice_line_s_opening():
    from tutor.answer import _names_both, _opens_with_side, _side_named_first
    a, b = "Kinesis Data Streams", "Kinesis Firehose"
    # "no data retention in Firehose": the "data" of the sentence is not the side "Data Streams"
    assert _side_named_first("Careful: no data retention in Firehose (we can't replay as opposed to Data Stream)",
                             a, b) == "b"
    assert _side_named_first("Data Streams keep records for 24 hours; Firehose keeps none.", a, b) == "a"
    # a table row giving both sides ("Type 1: Less | Type 2: More") is labelled by its row, not by a side
    assert _names_both("Type 1: Less | Type 2: More", "type 1", "type 2 motor units")
    assert not _names_both("Type 1: Less", "type 1", "type 2 motor units")
    # a practice question's line is a side's own only when it opens with the side
    sas = ("user delegation SAS", "service SAS")
    assert _opens_with_side("Answer: A user delegation SAS is secured with Entra ID credentials.", *sas)
    assert not _opens_with_side("az keyvault set-policy --key-permissions purge grants a user the permission to "
                                "purge objects, for a service SAS too", *sas)


def test_a_comparison_after_a_frame_of_context_is_still_a_comparison():
    # "For real-time tasks, how does EDF compare to rate-monotonic?" was read as a general question and answered
    # from run-to-completion scheduling, though the notes name neither side
    intent = read_question("For real-time tasks, how does earliest-deadline-first scheduling compare to "
                           "rate-monotonic scheduling?")
    assert intent.kind == "comparison"
    assert intent.subjects == ("earliest-deadline-first scheduling", "rate-monotonic scheduling")
    assert read_question("In Python, what is a decorator?").kind != "comparison"


def test_each_other_names_no_side_the_sides_come_before_it():
    # "How do user delegation SAS, service SAS and account SAS differ from each other?" was declined: "each
    # other" was read as the second side, and the notes never name it
    intent = read_question("How do user delegation SAS, service SAS and account SAS differ from each other?")
    assert intent.kind == "comparison"
    assert intent.subjects == ("user delegation SAS", "service SAS", "account SAS")
    intent = read_question("How are mitosis and meiosis different from one another?")
    assert intent.subjects == ("mitosis", "meiosis")
    assert not intent.focus & {"one", "anoth", "each", "other"}


def test_a_line_adding_to_the_one_before_is_not_labelled_with_its_heading():
    # "**Linux CFS Scheduler**: In addition, the scheduler in general doesn't make any fairness guarantees." - the
    # line goes on about the O(1) scheduler the section opens with; the heading does not say what it is about
    from tutor.answer import _heading_label
    intent = read_question("How does the completely fair scheduler pick the next task?")
    st = Statement("In addition, the scheduler in general doesn't make any fairness guarantees.", "s.md", 9, 9,
                   "Scheduling > Linux CFS Scheduler", "prose")
    assert _heading_label(st, st.text, intent) == ""
    st = Statement("Used in operating rooms to reverse curare.", "d.md", 4, 4, "Drugs > Neostigmine", "prose")
    assert _heading_label(st, st.text, read_question("What reverses curare?")) == "**Neostigmine**: "


def test_one_in_a_compared_side_stands_for_the_other_side_s_head():
    # "a plain test-and-set one" is a test-and-set spinlock: read as "... one", the side shared no word with the
    # notes' name, and the other side's label went on lines about plain test-and-set spinlocks
    intent = read_question("How is a test-and-test-and-set spinlock different from a plain test-and-set one?")
    assert intent.subjects == ("test-and-test-and-set spinlock", "plain test-and-set spinlock")
    assert read_question("How is a red-black tree different from a plain binary one?").subjects == \
        ("red-black tree", "plain binary tree")


def test_a_word_that_only_stresses_the_question_is_in_no_subject():
    """"What does troponin actually do in skeletal muscle contraction?" was read as asking about "troponin actually
    do", and a follow-up on it told the student "Your notes never use 'actually'"; "What exactly is a semaphore?"
    had no subject at all."""
    from tutor.intent import read_question

    assert read_question("What does troponin actually do in skeletal muscle contraction?").subjects == ("troponin",)
    assert read_question("What does troponin do in skeletal muscle contraction?").subjects == ("troponin",)
    assert read_question("How does a spinlock actually work?").subjects == ("spinlock",)
    assert read_question("What does the TLB really do?").subjects == ("TLB",)
    got = read_question("What exactly is a semaphore?")
    assert got.kind == "definition" and got.subjects == ("semaphore",)
    assert read_question("what does the page table record?").subjects == ("page table",)


def test_him_after_a_name_that_only_qualifies_a_noun_is_the_person_asked_about_before():
    """After "Who was Cardinal Mazarin?", "Why did the French nobles rebel against him?" was read as a new topic
    about 'French' (a name before 'him'), and the answer led with a peasants' rebellion of another century."""
    from tutor.answer import leans_back
    from tutor.intent import read_question

    q = "Why did the French nobles rebel against him?"
    assert leans_back(q, read_question(q))
    q = "Why did Napoleon's army desert him in 1814?"  # a person named before 'him': a question of its own
    assert not leans_back(q, read_question(q))


def test_a_trailing_for_is_no_part_of_the_subject():
    """"whats a blob lease for and how do i get one" (read by the spelling step as "what's ...") asked about "blob
    lease for", and "What is a blob lease for?" too."""
    from tutor.intent import read_question

    got = read_question("what's a blob lease for and how do i get one")
    assert got.kind == "definition" and got.subjects == ("blob lease",)
    assert read_question("What is a blob lease for?").subjects == ("blob lease",)


def test_a_row_of_a_table_with_no_first_header_keeps_its_name():
    """An outside reader found "Location: CNS | Function: CNS maintenance, immune defense ..." shown with no
    "Microglia": the table's first header is empty, so the row's name stood alone and was cut off."""
    from tutor.compose import cut
    from tutor.intent import read_question
    from tutor.statements import Statement

    row = Statement("Microglia | Location: CNS | Function: CNS maintenance, immune defense (phagocytosis) | "
                    "Target: White and gray matter", "glia.md", 63, 63, "Glia", "table", "Location | Function | Target",
                    subject="Microglia")
    shown = cut(row, read_question("What do microglia do?"))
    assert shown.startswith("Microglia | "), shown
    named = Statement("Algorithm: XGBoost | Input: CSV, libsvm | Use: classification and regression", "a.md", 1, 1,
                      "Algorithms", "table", "Algorithm | Input | Use", subject="XGBoost")
    assert cut(named, read_question("What input does XGBoost take?")).startswith("Algorithm: XGBoost | "), named


def test_a_prompt_of_the_notes_is_never_an_answer_even_apart_from_its_answer():
    # an outside reader's answer on notes of prompts and answers: "**Short Answer**: Explain the technological factors
    # that facilitated European exploration ..." led it - the notes' own essay prompt, retrieved in a passage of its
    # own, apart from the item under it that answers it
    from tutor.compose import Composer
    from tutor.passages import Passage
    lines = ["### Short Answer", "* Explain the technological factors that facilitated European exploration.",
             "  * The caravel, the compass and the astrolabe let sailors cross open ocean.",
             "* Explain the economic impact of colonial expansion.", "  * Silver flowed into Spain and prices rose."]

    class Index:
        def lines(self, source):
            return lines

    composer = Composer(Index(), judge=None)
    alone = Passage("c1", "notes.md", "Short Answer", 2, 2, "list", lines[1])  # the prompt without its item
    both = Passage("c2", "notes.md", "Short Answer", 4, 5, "list", "\n".join(lines[3:5]))
    texts = [s.text for s in composer.candidates([alone, both])]
    assert not any(t.startswith("Explain") for t in texts), texts
    assert "Silver flowed into Spain and prices rose." in texts
    # a line that only looks like a prompt, with nothing under it, is still what the notes say
    lines[1] = "* Explain plans are what a database shows for a query."
    del lines[2]
    plain = Passage("c3", "notes.md", "Short Answer", 2, 2, "list", lines[1])
    assert any(s.text.startswith("Explain plans") for s in composer.candidates([plain]))


def test_a_first_sentence_shown_with_the_answer_s_lead_is_not_shown_again_below():
    # an outside reader's answer: "One mechanism that can handle this is the join mechanism." opened the answer (with
    # the lead sentence leaning on it) and opened the section below again, before a later sentence of the same line
    from tutor.answer import _Citations, render
    first = Statement("One mechanism that can handle this is the join mechanism.", "t.md", 90, 90, "Thread Creation",
                      "prose")
    lead = Statement("When the parent thread calls join it will be blocked until the child thread is finished.", "t.md",
                     90, 90, "Thread Creation", "prose", context=first.text)
    later = Statement("When join returns, the child thread exits the system and its resources are deallocated.", "t.md",
                      90, 90, "Thread Creation", "prose", context=first.text)
    other = Statement("Detached threads cannot be joined back into the parent.", "p.md", 60, 60, "PThread Creation",
                      "prose")
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0]) for s in (first, lead, later, other)],
                       picked=[Picked(lead.text, lead, "lead"), Picked(other.text, other, "support"),
                               Picked(later.text, later, "more")])
    text = "\n\n".join(render(read_question("What should the parent do instead of calling join?"), comp, _Citations()))
    assert text.count(first.text) <= 1, text
    assert later.text in text, text


def test_unlike_and_sides_listed_before_the_question_make_a_comparison():
    # outside readers' questions: "how is write-invalidate unlike write-update?" and "Grid search, random search, or
    # SageMaker's automatic hyperparameter tuning: how is each one unlike the others?" were read as asking about
    # nothing in particular ("the others" was even taken for a side)
    assert read_question("How is grid search unlike random search?").subjects == ("grid search", "random search")
    i = read_question("Nicotinic or muscarinic receptors: how is one unlike the other, and where is each found?")
    assert (i.kind, i.subjects) == ("comparison", ("Nicotinic receptors", "muscarinic receptors"))
    i = read_question("Pipes, message queues or sockets: how does each differ from the others?")
    assert (i.kind, i.subjects) == ("comparison", ("Pipes", "message queues", "sockets"))
    assert read_question("Who was Luther: what did he want?").kind != "comparison"


def test_a_comparison_inside_a_later_clause_takes_no_side_from_before_the_comma():
    # an outside reader's request "Explain the EC2 instance families ..., and give me an example of which one I'd use
    # for deep learning training versus cheap CPU inference" was compared as "EC2 instance families" vs "cheap CPU
    # inference" and declined
    i = read_question("Explain the EC2 instance families I need to know for the exam, and give me an example of which "
                      "one I'd use for deep learning training versus cheap CPU inference.")
    assert i.kind != "comparison" and "EC2 instance families" not in i.subjects, i
    assert read_question("In SageMaker, Pipe mode vs File mode?").subjects == ("Pipe mode", "File mode")
    i = read_question("How does the priority ceiling protocol prevent priority inversion, and how does it differ from "
                      "priority inheritance?")
    assert i.kind == "comparison" and i.subjects[1] == "priority inheritance", i  # "it" is the first clause's subject


def test_a_word_of_a_long_question_s_story_the_notes_never_use_is_not_counted_as_missing():
    # an outside reader's class exercise on the made-up country 'Veridia' was declined ("They never mention
    # 'Veridia'"): its asking sentence names coercion and cooptation, which the notes cover
    import numpy as np

    from tutor.intent import Intent
    from tutor.passages import Passage
    from tutor.select import COVERAGE_FEATURES, coverage_features
    story = ("For comp gov we have to analyze a made-up country for a group project. In Veridia the president has been "
             "in charge for 20 years. Every club has to register with the government and only approved unions are "
             "allowed. Police broke up a protest with tear gas last month and his face is on posters everywhere. "
             "We have to label his 'means of control' - which of these are coercion and which are cooptation?")
    assert len(story.split()) > 40
    p = Passage("c1", "regimes.md", "Means of control", 1, 2, "prose",
                "Coercion is forcing people to submit. Cooptation brings groups into the regime's fold.")
    st = Statement("Coercion is forcing people to submit.", "regimes.md", 1, 1, "Means of control", "prose")
    comp = Composition(True, scored=[(st, 0.5, 0.5, [])])
    comp.absent, comp.question_idf = ["veridia", "comp"], {}  # the words of the question the notes never use
    at = COVERAGE_FEATURES.index("special_missing")

    def missing(question: str) -> float:
        return float(coverage_features(Intent("general", (), frozenset(), question=question), comp, [p],
                                       np.array([0.5]), [st])[at])

    assert missing(story) == 0.0  # the student's telling
    assert missing(story.replace("which of these", "which of Veridia's means")) >= 1.0  # asked about: it counts


def test_a_heading_naming_a_word_of_one_side_does_not_label_the_other_side_s_line():
    # an outside reader's answer: "**SSE-S3**: SSE-KMS: use AWS Key Management Service ..." - both lines sit under
    # "S3 Encryption for Objects", which names "S3" but no side
    from tutor.answer import _Citations, render
    heading = "S3 Encryption for Objects"
    s3 = Statement("SSE-S3: encrypt using keys by AWS", "de.md", 37, 37, heading, "list")
    kms = Statement("SSE-KMS: use AWS Key Management Service to manage encryption", "de.md", 38, 38, heading, "list")
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.5, 0.5]) for s in (s3, kms)],
                       picked=[Picked(s3.text, s3, "a"), Picked(kms.text, kms, "a")])
    text = "\n\n".join(render(read_question("How do SSE-S3 and SSE-KMS differ?"), comp, _Citations()))
    assert "**SSE-S3**: SSE-KMS" not in text and "SSE-KMS: use AWS" in text, text
    assert "**SSE-S3**: SSE-S3" not in text, text  # a line naming its side itself needs no label


def test_a_number_s_clause_that_lost_its_subject_is_not_shown_alone():
    # an outside reader's answer opened with "and as a result are often more sparse (processes on 64-bit platforms
    # ...)" - the clause with a number, cut from the sentence that says what it is about
    from tutor.compose import cut
    from tutor.intent import Intent
    text = ("The page table requirements are larger in these architectures (think about how many bits can be allocated "
            "to p2 and d), and as a result are often more sparse (processes on 64-bit platforms don't necessarily "
            "need more memory than those on 32-bit platforms).")
    shown = cut(Statement(text, "mm.md", 140, 140, "Multi Level Page Tables", "prose"),
                Intent("number", (), frozenset({"64", "bit"}), question="How big is a page table on 64-bit?"))
    assert not shown[:1].islower(), shown


def test_a_line_opening_on_the_line_before_it_is_not_chosen_first():
    # "This technique is important on 64-bit architectures." led an answer on flat page tables; "this technique" was
    # the multi-level page table of the line before
    from tutor.compose import Composer
    leaning = Statement("This technique is important on 64-bit architectures.", "mm.md", 140, 140, "Tables", "prose")
    plain = Statement("A flat page table on 64-bit architectures needs an entry per page.", "mm.md", 105, 105, "Tables",
                      "prose")
    ranked = Composer(None, None)._rank([(leaning, 0.6, 0.5, []), (plain, 0.58, 0.5, [])])
    assert ranked[0][1] is plain, ranked


def test_a_list_item_that_only_titles_its_items_is_answered_by_them():
    # an outside reader's answer on the Balkan crises opened with "First and Second Balkan War [1]" and
    # "Bosnia-Herzegovina Annexation Crisis (1908) [2]": titles of items, saying nothing themselves
    from tutor.compose import _said_under
    title = Statement("First and Second Balkan War", "ch24.md", 208, 208, "Notes", "list")
    item = Statement("In 1912 Serbia, Bulgaria, Greece and Montenegro went to war against the Turks.", "ch24.md", 210,
                     210, "Notes", "list", context=title.text)
    scored = [(title, 0.6, 0.5, []), (item, 0.5, 0.5, [])]
    assert _said_under(title, scored) is item
    said = Statement("The Congress of Berlin kept the peace by dividing the Ottoman lands.", "ch24.md", 203, 203,
                     "Notes", "list")
    assert _said_under(said, scored + [(said, 0.5, 0.5, [])]) is said  # a line that says something stays


def test_a_side_whose_name_is_inside_the_other_s_is_labelled_by_the_name_the_line_holds_most_fully():
    # an outside reader's answer: "**test-and-test-and-set spinlock**: Here is the API for the test-and-set spinlock."
    # - every word of "test-and-set" is a word of "test-and-test-and-set", so the words that tell the sides apart
    # told nothing, and every line took the first side's label
    from tutor.answer import _side_named_first
    a, b = read_question("How does a test-and-test-and-set spinlock differ from a plain test-and-set "
                         "spinlock?").subjects
    assert _side_named_first("Here is the API for the test-and-set spinlock.", a, b) == "b"
    assert _side_named_first("Test and Set Spinlock", a, b, only=True) == "b"
    assert _side_named_first("This spinlock is referred to as the test-and-test-and-set spinlock.", a, b) == "a"
    assert _side_named_first("Spinlock Performance Metrics", a, b, only=True) is None


def test_a_contraction_of_a_function_word_is_no_key_term():
    # "whats realpolitik and how did bismark use it" was declined over notes that answer it word for word: "what's"
    # was a key term the notes never use, and weighed as much as "realpolitik"
    from ingest.terms import keyterms
    assert keyterms("what's realpolitik") == keyterms("realpolitik")
    assert keyterms("it's there's they're can't") == frozenset()
    assert "bismarck" in keyterms("Bismarck's army")  # a name's possessive still names it
    assert "oneill" in keyterms("O'Neill")  # an apostrophe inside a name is not an ending


def test_a_fragment_after_a_sentence_is_read_with_it():
    # "They serve as commit logs ... in the order they were received. 4 by default." - the three-word fragment
    # was too short to quote and was lost, and with it the only line giving the default number of partitions
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["## Partitions", "", "They serve as commit logs for events, added in the order received. 4 by default. "
             "The number of partitions cannot be changed later."]
    p = Passage("c", "hub.md", "Partitions", 1, 3, "prose", "\n".join(lines))
    said = [s.text for s in statements(p, lines)]
    assert any(s.endswith("in the order received. 4 by default.") for s in said), said
    later = next(s for s in statements(p, lines) if s.text == "The number of partitions cannot be changed later.")
    assert later.context == said[0], (later.context, said[0])  # what it goes on from, as that line now reads


def test_a_field_and_its_value_is_no_lead_in_of_the_list_after_it():
    # an outside reader's answer: "**Endpoint**: Max size: 64KB" - the queue's size limit labelled as the endpoint's,
    # because the list under "Endpoint: `https://queue.core.windows.net`" was read as hanging under that line
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["# Azure Queue Storage", "", "Endpoint: `https://queue.core.windows.net`", "",
             "- Commonly used to create a backlog of work to process asynchronously.", "- Max size: 64KB"]
    p = Passage("c", "queues.md", "Azure Queue Storage", 1, 6, "prose", "\n".join(lines))
    items = [s for s in statements(p, lines) if s.kind == "list"]
    assert items and all(s.context == "" for s in items), [(s.text, s.context) for s in items]
    lines[2] = "Azure Queue Storage offers these features to an application:"  # a lead-in still leads in
    p = Passage("c", "queues.md", "Azure Queue Storage", 1, 6, "prose", "\n".join(lines))
    assert all(s.context for s in statements(p, lines) if s.kind == "list")


def test_a_sentence_shown_inside_the_lead_is_not_picked_again():
    # an outside reader's answer dropped "It cannot be swapped out to disk ..." (why DMA buffers are pinned): the
    # lead's first sentence was picked a second time, as support, and the line leaning on it was then taken as
    # shown above
    from tutor.compose import Composer
    from tutor.intent import Intent
    first = Statement("In order for DMA to work, the data buffer must be in physical memory.", "io.md", 117, 117,
                      "DMA", "prose")
    comp = Composition(True, scored=[(first, 0.5, 0.5, [0.5])])
    comp.picked = [Picked(f"{first.text} This means that the memory regions involved in DMA are pinned.",
                          Statement("This means that the memory regions involved in DMA are pinned.", "io.md", 117, 117,
                                    "DMA", "prose"), "lead")]
    Composer._add(None, comp, [first], Intent("general", ("DMA",), frozenset({"pin"}), question="Why pinned?"))
    assert [p.role for p in comp.picked] == ["lead"]


def test_several_names_asked_the_meaning_of_are_each_a_subject():
    # an outside reader's answer to "In a SAS token, what do sp, st and se mean?" explained sp and st and never se,
    # though its row is the next line of the notes' table: the question was read as about "SAS" alone
    assert read_question("In a SAS token, what do sp, st and se mean?").subjects == ("sp", "st", "se")
    assert read_question("What do TP and FP stand for?").subjects == ("TP", "FP")
    assert read_question("What is precision and recall?").subjects == ("precision and recall",)  # one thing asked
    assert read_question("What does it mean for a drug to have zero order elimination?").subjects == ()


def test_each_name_asked_the_meaning_of_gets_its_own_line():
    from tutor.compose import Composer
    rows = [Statement(f"Component: {c} | Description: {d}", "sas.md", n, n, "SAS", "table", "Component | Description",
                      subject=c) for n, (c, d) in enumerate([("sp", "Controls the access rights."),
                                                             ("st", "The date and time when access starts."),
                                                             ("se", "The date and time when access ends.")], 31)]
    from tutor.intent import Intent
    intent = Intent("definition", ("sp", "st", "se"), frozenset({"sas", "token"}), question="What do sp, st, se mean?")
    scored = [(s, 0.5, 0.5, [1.0 if s.subject == x else 0.0 for x in intent.subjects]) for s in rows]
    comp = Composition(True, scored=scored)

    class Judge:  # the seam the composer embeds through: every text its own direction, so none is a near-repeat
        def embed(self, text):
            import numpy as np
            v = np.zeros(8)
            v[rows.index(next(r for r in rows if r.text == text))] = 1.0
            return v

    class Index:  # the notes' common names: none here
        def common_words(self):
            return frozenset()

    Composer(Index(), Judge())._definition(intent, scored, comp)
    assert [p.statement.subject for p in comp.picked] == ["sp", "st", "se"]


def test_a_word_written_without_its_vowels_is_read_as_the_notes_word():
    # an outside reader's answers opened "Your notes never use “btwn”; this is the nearest ..." and the same for
    # "msgs", over notes that answer both questions directly
    from tutor import spelling

    index = _notes_index("Messages live 7 days. The difference between joinable and detached threads. NTFS volumes. "
                         "Schedule it to be delivered later.")
    q, changed = spelling.correct("diff btwn joinable n detached threads? how long do msgs live on ntfs? how do i get "
                                  "it delivered l8r?", index)
    assert "between joinable" in q and "do messages live" in q and "delivered later" in q, q
    assert ("btwn", "between") in changed and "ntfs" in q  # a word with a vowel-less name the notes use stays


def test_a_line_opening_on_what_was_said_before_it_beyond_its_first_word_leans_on_it():
    # outside readers' answers: "At this point, the operating system will finally create the copy ..." shown right
    # after the cost of copying at process creation (its page-fault line left out), and "The downside of this
    # approach is that it is not a simple implementation" under the other side's label
    from tutor.compose import Composer
    from tutor.select import ANAPHOR_RE
    # ... and "We can achieve this by having the user level threading library ... install the signal handler", shown
    # as how a program sets up its own handler (achieve what? the line before it said)
    for text in ("At this point, the operating system will finally create the copy of the page.",
                 "The downside of this approach is that it is not a simple implementation.",
                 "We can achieve this by having the user level threading library install the signal handler.",
                 "To do this, the kernel keeps a table of handlers for each process."):
        assert ANAPHOR_RE.match(text), text
        leaning = Statement(text, "mm.md", 328, 328, "Copy on Write", "prose")
        plain = Statement("A new process's address space points to its parent's, write protected.", "mm.md", 320, 320,
                          "Copy on Write", "prose")
        assert Composer(None, None)._rank([(leaning, 0.6, 0.5, []), (plain, 0.58, 0.5, [])])[0][1] is plain
    assert not ANAPHOR_RE.match("The role of the kidney is to filter blood.")
    assert not ANAPHOR_RE.match("We can implement threads in the kernel or in a library.")
    assert not ANAPHOR_RE.match("To do list apps keep their items in a database.")


def test_a_side_s_name_written_as_one_word_or_two_still_names_it():
    # "How does a multi-process web server compare to a multithreaded one?": the notes' heading "Multi Threaded Web
    # Server" writes the student's "multithreaded" as two words, and "one" stands for the other side's "web server"
    from tutor.answer import _side_named_first
    a, b = read_question("How does a multi-process web server compare to a multithreaded one?").subjects
    assert b == "multithreaded web server"
    assert _side_named_first("Multi Threaded Web Server", a, b, only=True) == "b"
    assert _side_named_first("Multi Process Web Server", a, b, only=True) == "a"
    assert _side_named_first("Multi Process Vs. Multi Threaded", a, b, only=True) is None  # names neither in full


def test_what_s_the_max_asks_for_a_number_as_what_is_the_max_does():
    # an outside reader's "What's the max size of a single object in S3?" was read as defining "max size"
    for q in ("What's the max size of a single object in S3?", "What is the max size of a single object in S3?"):
        assert read_question(q).kind == "number", q


def test_a_leaning_number_sentence_keeps_its_own_number():
    # an outside reader's answer to "How many priority levels does the Linux O(1) scheduler have ...?" led with
    # "The Linux O(1) scheduler gets its name ... in constant time …": the line read with its antecedent was cut to
    # a clause of that antecedent (its "O(1)" counted as a number), and "with 140 priority levels" was gone
    from tutor.compose import cut
    first = ("The Linux O(1) scheduler gets its name from the fact that it can add/select a task in constant time, "
             "regardless of the number of tasks in the system.")
    st = Statement("It is a preemptive, priority-based scheduler, with 140 priority levels.", "sched.md", 207, 207,
                   "Linux O(1) Scheduler", "prose", context=first)
    shown = cut(st, read_question("How many priority levels does the Linux O(1) scheduler have?"))
    assert "140 priority levels" in shown, shown


def test_another_form_of_a_word_the_notes_use_is_not_a_word_they_never_use():
    # an outside reader's answer opened "Your notes never use “rearming”; this is the nearest they come" over notes
    # that say "He began rearmament by pretending that his intentions were peaceful"
    from ingest.terms import keyterms
    from tutor.compose import foreign_words
    df = {t: 1 for t in keyterms("He began rearmament by pretending his intentions were peaceful.")}
    assert foreign_words("How did Hitler go from rearming Germany to war?", df) == []
    assert foreign_words("What was the Schlieffen plan?", df) == ["Schlieffen"]  # a name they never use stays one


def test_options_listed_after_a_sample_questions_explanation_are_options_not_claims():
    from tutor.passages import Passage
    from tutor.statements import statements

    # the notes' sample question gives its key, explains it, then lists the wrong options (bundled cheat-sheet.md
    # 820-827): chat quoted "Use Kinesis Data Streams to store the data in S3. Use an EMR cluster ..." as a claim
    lines = ["A company streams JSON data and wants to query it without managing servers. Which is best?",
             "- ✔ Use Kinesis Firehose to convert the data to Parquet and store it in S3.",
             "Explanation: Athena is faster and cheaper on columnar formats such as Parquet or ORC.",
             "- Stream the data into an Aurora database, where it may be queried directly with JDBC.",
             "- Use Kinesis Data Streams to store the data in S3 and an EMR cluster to convert it.",
             "- Option A is correct. Firehose converts JSON to Parquet on the fly."]
    p = Passage("q", "exam.md", "Sample Questions", 1, 6, "question", "\n".join(lines))
    got = {s.text: s for s in statements(p, lines)}
    facts = [t for t, s in got.items() if s.is_fact]
    assert not any("Aurora" in t or "EMR" in t for t in facts), facts
    assert got["Stream the data into an Aurora database, where it may be queried directly with JDBC."].kind == "option"
    assert any("Athena is faster" in t for t in facts)  # the explanation is still what the notes say
    assert any(t.startswith("Option A is correct") for t in facts)  # a graded option line stays an explanation


def test_three_sides_chained_with_vs_are_a_comparison_of_three():
    from tutor.intent import read_question

    # an outside reader's "Monolithic vs modular vs microkernel OS designs - what are the pros and cons of each?" was
    # read as a question about "OS": two microkernel cons led the answer with nothing saying whose they were
    got = read_question("Monolithic vs modular vs microkernel OS designs - what are the pros and cons of each?")
    assert got.kind == "comparison" and got.subjects == ("Monolithic", "modular", "microkernel"), got
    assert {"os", "design"} <= set(got.focus), got.focus  # the head they share is what is asked of them
    got = read_question("Kinesis Data Streams vs Firehose vs Data Analytics: which should I use?")
    assert got.subjects == ("Kinesis Data Streams", "Firehose", "Data Analytics"), got
    # a question about one thing, across several routes, is still not a comparison of named sides
    assert read_question("What is the bioavailability for oral vs subcutaneous vs IV?").kind != "comparison"



def test_the_downsides_of_one_thing_compared_to_another_are_a_comparison_of_the_two():
    # an outside reader's follow-up "What are its downsides compared to a plain test-and-set lock?" (its: the
    # queueing lock) led with a line on the test-and-test-and-set lock: the question was read as a list with no
    # subject, and "test-and-set" was found inside "test_and_test_and_set"
    from tutor.compose import _stems, phrase_in

    got = read_question("What are the downsides of the queueing lock compared to a plain test-and-set lock?")
    assert got.kind == "comparison" and got.subjects == ("queueing lock", "plain test-and-set lock"), got
    assert read_question("What is the cost of Glacier compared with S3 Standard?").subjects == ("Glacier", "S3 Standard")
    # places and pronouns are not sides: "inside a cell compared with outside it"
    assert read_question("What are the sodium concentrations inside a cell compared with outside it?").kind != "comparison"
    assert not phrase_in(_stems("test-and-set"), "The test_and_test_and_set lock performs the worst under load.")
    assert phrase_in(_stems("test-and-set"), "Each thread spins on the test_and_set instruction.")
    assert phrase_in(_stems("kinesis"), "Kinesis-based consumers")  # one word: named wherever it stands


def test_one_item_of_a_short_list_comes_with_the_rest_of_its_list():
    # an outside reader: "Validation is automatically handled for: Azure Logic Apps with Event Grid Connector" hid
    # the list's two other items, one of them the answer to the student's own case (Functions with the Event Grid
    # trigger), and read as all the notes say
    from types import SimpleNamespace

    from tutor.answer import _whole_lists
    from tutor.statements import Statement

    lead = "Validation is automatically handled for"
    items = [Statement(t, "grid.md", n, n, "Grid > Webhooks", "list", lead) for n, t in
             ((215, "Azure Logic Apps with Event Grid Connector"), (216, "Azure Automation via webhook"),
              (217, "Azure Functions with Event Grid Trigger"))]
    long = [Statement(f"Feature {k}", "grid.md", 300 + k, 300 + k, "Grid > Features", "list", "Features") for k in range(6)]
    comp = SimpleNamespace(scored=[(s, 0.5, 0.0, []) for s in items + long])
    got = _whole_lists([items[0], long[0]], comp, set())
    assert [s.start_line for s in got if s.context == lead] == [215, 216, 217]
    assert [s.text for s in got if s.context == "Features"] == ["Feature 0"]  # a longer list is shown as chosen


def test_a_name_the_notes_write_in_capitals_typed_in_lower_case_is_their_name_not_a_slip():
    # an outside reader's "smote vs gan for oversampling my minority class, wich one makes better fake samples?"
    # was declined: "smote" was read as a slip of "smoth", since the notes write SMOTE in capitals only
    from tutor import spelling
    from tutor.compose import foreign_words

    index = _notes_index("SMOTE creates new observations of the minority class. A smoth curve. GAN generates unique "
                         "observations.")
    q, changed = spelling.correct("smote vs gan, wich one makes better fake samples?", index)
    assert q.startswith("smote vs gan") and ("smote", "smoth") not in changed, (q, changed)
    got = read_question("smote vs gan for oversampling my minority class, which one makes better fake samples?")
    assert got.subjects == ("smote", "gan"), got  # what it is for is asked of both, not part of the second side
    assert read_question("EFS vs FSx for Lustre for training a model").subjects == ("EFS", "FSx for Lustre")
    # "rundown" and "subtypes" are English, written as one word: the notes not using them is nothing to say
    assert foreign_words("Give me a rundown of the instance families and their subtypes", {"type": 3}) == []
    assert foreign_words("What is gerrymandering?", {"type": 3}) == ["gerrymandering"]


def test_a_line_opening_on_one_compared_side_is_that_side_s_whatever_heading_it_is_under():
    # an outside reader's "Compare S3, EFS and FSx for NetApp ONTAP as data sources for ML workloads on AWS." got
    # "**S3**: Amazon EFS has the benefit of directly launching your training jobs ...": the line sits under the
    # notes' "S3 Security" line, and the third side was "FSx for NetApp ONTAP as data sources for ML workloads"
    from types import SimpleNamespace

    from tutor.answer import _Citations, _shaped
    from tutor.compose import Composer, Composition, Picked

    got = read_question("Compare S3, EFS and FSx for NetApp ONTAP as data sources for ML workloads on AWS.")
    assert got.subjects == ("S3", "EFS", "FSx for NetApp ONTAP"), got
    assert read_question("Compare Software as a Service and Infrastructure as Code").subjects == \
        ("Software as a Service", "Infrastructure as Code")
    efs = Statement("Amazon EFS has the benefit of launching training jobs without data movement.", "d.md", 46, 46,
                    "Data > S3 Security", "prose")
    comp = Composition(True, picked=[Picked(efs.text, efs, "b")], scored=[(efs, 0.5, 0.0, [0.6, 1.0, 0.0])])
    text = "\n".join(_shaped(got, comp, _Citations()))
    assert text.startswith("**EFS**: Amazon EFS has the benefit"), text
    # and the composer never takes it as S3's own line: it names EFS in its own words, not S3
    composer = Composer(SimpleNamespace(common_words=lambda: frozenset(), lines=lambda source: []), None)
    assert composer._not_its_line(efs, 0, got.subjects) and not composer._not_its_line(efs, 1, got.subjects)
    faster = Statement("It starts jobs faster than EFS does.", "d.md", 50, 50, "Data > S3", "prose")
    assert not composer._names_another(faster, 0, got.subjects)  # EFS only as the yardstick: still S3's line


def test_what_was_asks_what_a_thing_was_and_a_name_with_of_stays_whole():
    # an outside reader's "What was the encomienda system in Spain's American colonies?" was read as a question
    # about "Spain" (history notes ask in the past tense), and its follow-up "Who pushed to end it, and what
    # replaced it?" took "it" for Spain and led with "Austria replaced Spain as a dominant power in Italy"
    got = read_question("What was the encomienda system in Spain's American colonies?")
    assert got.kind == "definition" and got.subjects == ("encomienda system",), got
    assert read_question("What were the Corn Laws?").subjects == ("Corn Laws",)
    assert read_question("What was the Congress of Vienna trying to achieve?").subjects == ("Congress of Vienna",)
    assert read_question("What was the impact of the war on France?").subjects == ("war",)  # the impact is asked of it
    assert read_question("What is the role of the learning rate in XGBoost?").subjects == ("learning rate",)
    assert read_question("What is Belady's anomaly?").subjects == ("Belady's anomaly",)  # an eponym stays whole


def test_a_walk_through_shows_its_lines_in_the_notes_order():
    # an outside reader's "Walk me through the Hundred Years' War - what started it, what were the big battles, and
    # who ended up winning?" showed the battles, then what started it: the best-scoring line led, its cause after
    from tutor.answer import WALK_RE, _in_notes_order
    from tutor.compose import Composition, Picked

    def st(n, text, source="war.md"):
        return Statement(text, source, n, n, "War", "prose")

    battles, causes, end = st(84, "The English won at Crécy and Poitiers."), st(82, "It began over the French crown."), \
        st(90, "France won in the end, helped by the cannon.")
    other = st(5, "Armies of the period were small.", "armies.md")
    comp = Composition(True, picked=[Picked(battles.text, battles), Picked(end.text, end, "more"),
                                     Picked(other.text, other, "more"), Picked(causes.text, causes, "more")])
    _in_notes_order(comp)
    assert [p.statement.start_line for p in comp.picked] == [82, 84, 90, 5]  # the lead's file first, then the rest
    assert all(p.role == "more" for p in comp.picked)
    long_lead = st(95, " ".join(["The first phase was Bohemian and the second Danish."] * 5))
    comp = Composition(True, picked=[Picked(long_lead.text, long_lead), Picked(causes.text, causes, "more")])
    _in_notes_order(comp)
    assert comp.picked[0].statement is long_lead  # a lead that walks through it itself stays first
    assert WALK_RE.search("Walk me through the phases of the Thirty Years' War")
    assert WALK_RE.search("What happens, step by step, when a page is swapped out?")
    assert not WALK_RE.search("What happened to him at the Diet of Worms?")


def test_a_sentence_cut_from_an_item_that_names_its_term_is_labelled_with_that_term():
    # an outside reader: "*🧊.* It scales between 10% and 100% of a set maximum" - "it" is the item's own
    # "Autoscale Throughput", and "🧊." (the author's mark for cost) is no label at all
    from ingest.text import gist
    from tutor.answer import _label

    lead = gist("🧊. You set the number of Request Units per second in multiples of 100. Minimum value: 400.")
    assert lead == "You set the number of Request Units per second in multiples of 100.", lead
    item = Statement("Autoscale Throughput: Dynamically adjusts provisioned RUs based on current usage. It scales "
                     "between 10% and 100% of a set maximum.", "cosmos.md", 158, 158, "Cosmos > Throughput", "list",
                     lead)
    assert _label(item, "It scales between 10% and 100% of a set maximum.") == "**Autoscale Throughput**: "
    plain = Statement("Dedicated: reserves processing power for one container.", "cosmos.md", 155, 155, "Cosmos", "list",
                      "Throughput kinds")
    assert _label(plain, plain.text) == "**Throughput kinds**: "  # a whole item keeps its parent's label


def test_a_lead_cut_from_a_line_whose_first_sentence_is_too_short_to_quote_says_its_section():
    # an outside reader: "Can be treated with pralidoxime." led an answer on organophosphate poisoning with nothing
    # saying what can be treated; its line's first sentence ("WWII era weapons.") is too short to be quoted
    from tutor.answer import _Citations, _shaped
    from tutor.compose import Composition, Picked
    from tutor.intent import Intent

    st = Statement("Can be treated with pralidoxime.", "drugs.md", 33, 33,
                   "Organophosphates > Chemical warfare agents", "prose", context="WWII era weapons.")
    comp = Composition(True, picked=[Picked(st.text, st)], scored=[(st, 0.5, 0.0, [])])
    intent = Intent("general", ("organophosphates",), frozenset({"treat"}), question="How do you treat them?")
    text = "\n".join(_shaped(intent, comp, _Citations()))
    assert text.startswith("*Organophosphates › Chemical warfare agents*:\nCan be treated with pralidoxime."), text


def test_a_long_word_off_by_its_first_letter_is_read_as_the_notes_word():
    # an outside reader's "who were the burshenshaften n what were the carlsbad decrees about" was declined: the
    # notes write "Karlsbad", and a slip was only looked for after the first letter
    from tutor import spelling

    index = _notes_index("The Karlsbad Decrees closed the Burschenshaften, student societies for a united Germany.")
    q, changed = spelling.correct("what were the carlsbad decrees about", index)
    assert ("carlsbad", "karlsbad") in changed and "karlsbad decrees" in q, (q, changed)
    q, changed = spelling.correct("what is a cat", index)
    assert not changed  # a short word is never read as another by its first letter


def test_numbered_kinds_are_told_apart_by_their_number_and_found_by_it():
    # an outside reader: "Type 1 vs type 2 hypervisors" was declined ("nothing about type 2 hypervisors"): the
    # sides were told apart by "1" and "2 hypervisors", and the keyword index dropped one-character words, so the
    # notes' "the hosted (or type 2) model" was never retrieved
    from ingest.keyword import KeywordIndex
    from tutor.answer import _side_named_first
    from tutor.compose import side_phrases

    assert side_phrases("Type 1", "type 2 hypervisors") == (["type", "1"], ["type", "2"])
    assert side_phrases("L1 regularization", "L2 regularization") == (["l1"], ["l2"])
    assert side_phrases("Kinesis Data Streams", "Kinesis Data Firehose") == (["stream"], ["firehos"])
    hosted = "The other type of virtualization model is the hosted (or type 2) model."
    assert _side_named_first(hosted, "Type 1", "type 2 hypervisors") == "b"
    assert _side_named_first("The hypervisor sits in ring 1 of this type of setup.", "Type 1", "type 2 hypervisors") is None
    texts = ["Bare metal is the type 1 model of virtualization.",
             "The hosted model is type 2: a host operating system runs the monitor as a module and lends it drivers.",
             "The type of guest decides the type of drivers."]
    found = KeywordIndex.build(["a", "b", "c"], texts).search("type 2", k=3)
    assert found and found[0][0] == "b", found


def test_a_side_keeps_no_sentence_of_its_line_that_names_the_other_side_and_a_cut_clause_leaves_no_preposition():
    # an outside reader: "interupts vs polling for when a device has data ..." labelled a side "polling for", and
    # under it "Devices can generate interrupts to the CPU." (another sentence of polling's line); "Under FCFS, if
    # T1 ..." said "Your notes never use 'Under FCFS'"
    from tutor.answer import _Citations, render
    from tutor.intent import names_in

    assert read_question("interupts vs polling for when a device has data for the cpu - whats the tradeoff??"
                         ).subjects == ("interupts", "polling")
    assert names_in("Under FCFS, what is the throughput?") == ["FCFS"]
    line = "The path can take two routes. Devices can generate interrupts to the CPU. CPUs can poll devices."
    first, irq, poll = (Statement(t, "io.md", 83, 83, "IO > CPU/Device Interactions", "prose", context=line)
                        for t in ("The path can take two routes.", "Devices can generate interrupts to the CPU.",
                                  "CPUs can poll devices."))
    handler = Statement("With interrupts, the downside is the interrupt handlers.", "io.md", 85, 85,
                        "IO > CPU/Device Interactions", "prose")
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0, 0.0]) for s in (first, irq, poll, handler)],
                       picked=[Picked(handler.text, handler, "a"), Picked(poll.text, poll, "b"),
                               Picked(irq.text, irq, "more")])
    intent = read_question("interrupts vs polling - whats the tradeoff?")
    text = "\n\n".join(render(intent, comp, _Citations()))
    polling = next(p for p in text.split("\n\n") if p.startswith("**polling**"))
    assert irq.text not in polling, text


def test_a_table_row_of_images_is_no_statement_and_listed_sides_end_before_what_they_are_for():
    # an outside reader: "LRS vs ZRS vs GRS vs GZRS for a storage account: how do they differ ...?" was answered
    # with one table row of diagrams ("!LRS | LRS: !LRS | ZRS: !ZRS ..."), and its last side read as "GZRS for a
    # storage account"
    from tutor.passages import Passage
    from tutor.statements import statements

    lines = ["| LRS | ZRS |", "| --- | --- |",
             "| ![LRS](https://example.com/lrs-diagram.png) | ![ZRS](https://example.com/zrs-diagram.png) |",
             "| Three copies in one datacenter of the region | One copy in each zone of the region |"]
    p = Passage("c1", "blob.md", "Redundancy", 1, 4, "section", "\n".join(lines))
    got = [s.text for s in statements(p, lines)]
    assert got == ["LRS: Three copies in one datacenter of the region | ZRS: One copy in each zone of the region"], got
    assert read_question("LRS vs ZRS vs GRS vs GZRS for a storage account: how do they differ and when would I pick "
                         "each?").subjects == ("LRS", "ZRS", "GRS", "GZRS")


def test_a_later_this_sentence_is_shown_with_the_sentence_right_before_it():
    # an outside reader: "Many drugs are given ... steady state target. This only occurs with routes with F < 1"
    # was shown without the middle sentence about cyclical variation, so "this" read as the steady state
    from tutor.compose import cut
    from tutor.passages import Passage
    from tutor.statements import statements

    lines = ["## Steady State",
             "Many drugs are given in multiple doses with a steady state target, when intake and elimination are "
             "at equilibrium. You'll see some cyclical variation in the plasma level before reaching steady state. "
             "This only occurs with routes with bioavailability below one."]
    p = Passage("c1", "pk.md", "Steady State", 1, 2, "section", "\n".join(lines))
    this = next(s for s in statements(p, lines) if s.text.startswith("This only"))
    shown = cut(this, read_question("When does the plasma level vary before steady state?"))
    assert "cyclical variation" in shown and shown.index("cyclical") < shown.index("This only"), shown


def test_a_bare_possessive_side_owns_what_the_other_side_owns():
    # "how a baby's drug metabolism can differ from an adult's and cause harm": the second side is the adult's
    # drug metabolism, not "adult's and cause harm"
    assert read_question("Give me an example of how a baby's drug metabolism can differ from an adult's and cause "
                         "harm.").subjects == ("baby's drug metabolism", "adult's drug metabolism")
    assert read_question("How was Hobbes's view of human nature different from Locke's?").subjects == \
        ("Hobbes's view of human nature", "Locke's view of human nature")


def test_a_line_opening_on_a_compared_side_is_that_side_s():
    # an outside reader: "LRS vs ZRS vs GRS vs GZRS ...?" showed "GRS: LRS + async copy to a secondary region"
    # labelled LRS (it names LRS, but it is GRS's line)
    from tutor.answer import _Citations, render
    from tutor.compose import side_opening

    grs = Statement("GRS: LRS + async copy to a secondary region.", "blob.md", 35, 35, "Redundancy", "prose")
    sides = ("LRS", "ZRS", "GRS")
    assert side_opening(grs.text, sides) == 2
    assert side_opening("ZRS - writes are confirmed once every zone has them.", sides) == 1
    assert side_opening("LRS and ZRS differ in where copies live.", sides) is None
    comp = Composition(True, scored=[(grs, 0.5, 0.5, [1.0, 0.0, 1.0])], picked=[Picked(grs.text, grs, "a")])
    text = "\n\n".join(render(read_question("LRS vs ZRS vs GRS: how do they differ?"), comp, _Citations()))
    assert "**LRS**" not in text, text


def test_an_html_table_on_one_line_gives_rows_with_their_column_names():
    # an outside reader: "How did Francis Bacon's contributions ... differ from Descartes'?" showed the notes'
    # one-line HTML table flattened under "Descartes" ("Contributions from Bacon Contributions from Descartes He
    # urged ..."), so Bacon's points read as Descartes'
    from ingest.text import html_table_rows
    from tutor.passages import Passage
    from tutor.statements import statements

    table = ("<table><tbody><tr><td>Contributions from Bacon</td><td>Contributions from Descartes</td></tr>"
             "<tr><td><ul><li>He urged scientists to go from the particular to the general.</li><li>Practical "
             "results</li></ul></td><td><ul><li>He emphasized deduction.</li></ul></td></tr></tbody></table>")
    assert html_table_rows(table) == [
        ["Contributions from Bacon", "Contributions from Descartes"],
        ["He urged scientists to go from the particular to the general. Practical results", "He emphasized deduction."]]
    lines = ["## The Scientific Method", table]
    piece = "Contributions from Bacon Contributions from Descartes He urged scientists to go from the particular"
    p = Passage("c1", "ch16.md", "The Scientific Method", 2, 2, "table", piece)  # a chunk holds a piece, tags gone
    got = [(s.kind, s.text) for s in statements(p, lines)]
    assert got == [("table", "Contributions from Bacon: He urged scientists to go from the particular to the general. "
                             "Practical results | Contributions from Descartes: He emphasized deduction.")], got


def test_a_subject_the_notes_write_in_another_form_is_not_said_to_be_missing():
    # an outside reader: "What about MINIs - what are those?" said "They never mention MINIs" over a section
    # headed "Miniature spontaneous synaptic events (MINIs)": its stem ("mini") is not the notes' term ("minis")
    from types import SimpleNamespace

    from tutor.compose import Composer

    composer = SimpleNamespace(common=frozenset())
    df = {"minis": 1, "min": 3, "synapt": 4}
    intent = read_question("What about MINIs - what are those?")
    assert Composer._unknown(composer, intent, df) == []
    assert Composer._unknown(composer, read_question("What are the Schlieffen plans?"), df) != []


def test_an_item_whose_own_words_list_things_is_still_one_item_of_its_list():
    # an outside reader: "What API options does Cosmos DB have, and which one should I pick for highly connected
    # graph data?" showed only "API for NoSQL ... ⭐: web, mobile, and gaming applications ...": its commas read
    # as a list in the line, so the six APIs (Gremlin, the graph one, among them) were never shown
    from types import SimpleNamespace

    from tutor.compose import Composer

    intent = read_question("What API options does Cosmos DB have, and which one should I pick for graph data?")
    above = "All API models return JSON formatted objects, regardless of the API used."
    items = [Statement(t, "cosmos.md", n, n, "Cosmos DB > API Models", "list", context=above) for n, t in (
        (172, "API for NoSQL - A document API. ⭐: web, mobile, and gaming applications, and hierarchical data."),
        (173, "API for MongoDB - stores data in a document structure, via BSON format."),
        (177, "API for Apache Gremlin - Graph-based API for highly interconnected datasets."))]
    scored = [(items[0], 0.49, 0.0, [1.0]), (items[1], 0.45, 0.0, [1.0]), (items[2], 0.6, 0.44, [1.0])]
    comp = Composition(True)
    Composer(SimpleNamespace(common_words=lambda: frozenset(), lines=lambda source: []), None)._list(intent, scored, comp)
    assert [p.statement.start_line for p in comp.picked if p.role == "item"] == [172, 173, 177], comp.picked


def test_a_side_named_by_its_first_words_is_the_one_a_line_names():
    # an outside reader (fresh23 os-2): "In the case of A and B, if the threads in these processes have a system
    # scope, A will ..." was shown under "process scope": "processes" matched the other side's telling word first
    from tutor.answer import _side_named_first

    line = "In the case of A and B, if the threads in these processes have a system scope, A gets twice the threads."
    assert _side_named_first(line, "process scope", "system scope for user-level threads") == "b"
    assert _side_named_first("With a process scope the kernel cannot see them.", "process scope",
                             "system scope for user-level threads") == "a"


def test_a_side_ends_where_a_question_typed_straight_after_it_begins():
    # fresh20 aws-4, re-read on this code: "normalisation vs standardisation whats the actual diff??" kept
    # "standardisation whats the actual diff" as a side, and data-augmentation lines were shown under it
    assert read_question("normalisation vs standardisation whats the actual diff?? and which one copes better "
                         "with outliers").subjects == ("normalisation", "standardisation")
    assert read_question("precision vs recall what is the difference").subjects == ("precision", "recall")
    assert read_question("What is the difference between L1 and L2 regularization?").subjects == \
        ("L1 regularization", "L2 regularization")
    # (not when nothing is left before it, nor at "which one": "a rundown of the EC2 instance families and which
    # one I'd pick for GPU training versus memory-heavy work" is no comparison of a rundown)
    assert read_question("event hub retention - how long r events kept by default, n whats the max on standard vs "
                         "premium?").subjects[0] != "n"
    assert read_question("Give me a rundown of the EC2 instance families and which one I'd pick for GPU training "
                         "versus memory-heavy work.").kind != "comparison"


def test_a_long_explanation_ends_at_a_sentence_not_in_a_word():
    # an outside reader: a sample question's explanation was shown cut mid-word ("However, XGBoost als")
    from tutor.answer import _sentences_up_to

    text = "XGBoost handles scale. " * 20 + "However, XGBoost also needs numeric features."
    got = _sentences_up_to(text, 100)
    assert got.endswith("scale.") and len(got) <= 100, got
    assert _sentences_up_to("word " * 50, 100).endswith("word …")
    assert _sentences_up_to("Short.", 100) == "Short."


def test_each_item_a_question_names_gets_its_line():
    # outside readers (fresh23 med-6, az-5): "... what were hexamethonium, trimethaphan and mecamylamine used for?"
    # and "Also what are autoforwarding and duplicate detection?" were answered on their first part only
    from tutor.answer import _named_items_left

    curare = Statement("Competitive antagonist of Ach.", "chol.md", 51, 51, "Nicotinic Antagonists > Curare", "prose")
    hexa = Statement("Discontinued ganglionic blocking drug.", "chol.md", 53, 53,
                     "Nicotinic Antagonists > Hexamethonium", "prose")
    tri = Statement("Diffuse mechanism which used to be used for severe hypertension.", "chol.md", 55, 55,
                    "Nicotinic Antagonists > Trimethaphan & Mecamylamine", "prose")
    title = Statement("Either block nicotinic muscle receptors or neuronal receptors.", "chol.md", 49, 49,
                      "Nicotinic Antagonists", "prose")
    liberal = Statement("liberal democracies: respect rights of people", "c5.md", 9, 9, "Ch5 > Regimes", "list",
                        subject="liberal democracies")
    comp = Composition(True, scored=[(s, 0.5, 0.0, []) for s in (curare, hexa, tri, title, liberal)])
    got = _named_items_left(comp, "I get curare, but what were hexamethonium, trimethaphan and mecamylamine used "
                            "for? And what about nicotinic antagonists or liberalism, social democracy?", [curare])
    assert got == [hexa, tri], got  # not curare (shown), the file's title, nor "liberal ... democracy" apart
    row = Statement("Algo: XGboost (S) | Training Input: CSV libSVM", "cs.md", 1258, 1258, "Notes > Algorithms", "table",
                    subject="XGboost (S)")
    eta = Statement("eta: step size shrinkage, default 0.3", "cs.md", 900, 900, "Notes > XGBoost", "list")
    comp = Composition(True, scored=[(row, 0.5, 0.0, []), (eta, 0.6, 0.0, [])])
    assert _named_items_left(comp, "What is the default value of XGBoost's eta?", [eta]) == []  # "(S)" is no word


def test_a_heading_is_titled_by_its_short_form_in_brackets():
    # an outside reader (fresh22 med-7): "What about MINIs - what are those?" was declined over a section headed
    # "Miniature spontaneous synaptic events (MINIs)"
    from tutor.select import titles

    heading = "Muscular Synaptic Transmission > Miniature spontaneous synaptic events (MINIs)"
    assert titles(read_question("What are MINIs?"), heading)
    assert titles(read_question("What are miniature spontaneous synaptic events?"), heading)
    assert not titles(read_question("What are synaptic events?"), heading)
    assert not titles(read_question("What is a spinlock?"), "Locks > Spinlocks (and why)")


def test_a_tab_indented_list_is_a_list_and_a_second_table_has_its_own_header():
    # an outside reader (fresh24 hist-6): Soviet women's war work was shown as "By the summer of 1944, fully 55% of
    # the British people ...: worked in factories": two leading tabs read the nested items as rows of a tab table
    # whose "header" was the British line above them
    from tutor.passages import Passage
    from tutor.statements import statements

    lines = ["- The Mobilization of Peoples", "\t- In Britain, people contributed in these ways:",
             "\t\t- By 1944, 55% of the British people were in the armed forces or war work",
             "\t- Soviet women contributed as follows:", "\t\t- worked in factories, mines, and railroads",
             "", "| A | B |", "| --- | --- |", "| one two | three four |", "", "Prose between the tables here.", "",
             "| C | D |", "| --- | --- |", "| five six | seven eight |"]
    p = Passage("c1", "ch26.md", "WWII", 1, len(lines), "section", "\n".join(lines))
    got = {s.text: (s.kind, s.context) for s in statements(p, lines)}
    assert got["worked in factories, mines, and railroads"] == ("list", "Soviet women contributed as follows:"), got
    assert "C: five six | D: seven eight" in got, got  # not "A: five six"


def test_a_side_s_line_goes_on_through_a_sentence_naming_both_sides():
    # re-reading fresh19 az-7 ("management plane and the data plane in Azure Key Vault ... how is access to each
    # authorized?"): "Minimum standard role for granting management and data access: Contributor." was dropped
    # from the data plane's line, as if it were the management plane's alone; it names both
    from tutor.answer import _Citations, render
    from tutor.compose import BOTH_RE, _opens_with

    first = "Both planes use directory sign-in for authentication."
    s1, s2, s3 = (Statement(t, "kv.md", 40, 40, "Vault > Access", "prose", context=first)
                  for t in (first, "The data plane also uses access policies.",
                            "Minimum role for granting management and data access: Contributor."))
    mgmt = Statement("Management plane: for managing the vault itself", "kv.md", 30, 30, "Vault > Access", "list")
    comp = Composition(True, scored=[(s, 0.5, 0.5, [0.0, 0.0]) for s in (mgmt, s1, s2, s3)],
                       picked=[Picked(mgmt.text, mgmt, "a"), Picked(s2.text, s2, "b"), Picked(s3.text, s3, "more")])
    text = "\n\n".join(render(read_question("management plane vs data plane - how is each authorized?"), comp,
                              _Citations()))
    assert f"{s2.text} [2]\n{s3.text}" in text, text
    # a first sentence said of both sides is no one side's run-up; a side's line opens on its name or not
    assert BOTH_RE.match(first) and not BOTH_RE.match("Data plane: for working with the data")
    assert _opens_with("EFS", Statement("Amazon EFS has the benefit of faster starts.", "s.md", 1, 1, "", "prose"))
    assert not _opens_with("predict", Statement("machine translation (input a sentence and predict it)", "s.md", 1, 1,
                                                "", "prose"))


def test_a_term_set_off_in_bold_by_a_full_stop_labels_its_line():
    # re-reading fresh23 med-4 ("Where do the Z and M lines fit in?"): the notes' "**M line**. Attachment point for
    # myosin." was shown as a bare "Attachment point for myosin." right after the Z line's lines
    from tutor.answer import _label
    from tutor.passages import Passage
    from tutor.statements import statements

    lines = ["## Sarcomere", "**Z line**: Attachment point for actin filaments.",
             "**M line**. Attachment point for myosin. The midpoint of the sarcomere."]
    p = Passage("c", "muscle.md", "Sarcomere", 1, 3, "prose", "\n".join(lines))
    myosin = next(s for s in statements(p, lines) if s.text.startswith("Attachment point for myosin"))
    assert myosin.subject == "M line", myosin
    assert _label(myosin, myosin.text) == "**M line**: "


def test_an_escaped_pipe_inside_a_cell_is_no_cell_end_and_an_other_name_line_keeps_its_heading():
    # fresh26 med-4: the receptor table's Obsidian links with aliases ("[[Resting Potential#Ion Channels\|Ion
    # Channel]]") were split at the "\|", so class names came out as "Ligand" and ligands as "Effects"
    from ingest.text import cells
    from tutor.answer import _heading_label

    row = r"| *[[Resting Potential#Ion Channels\|Ion Channel]]* | [[Resting Potential#Structure\|Nicotinic]] cholinergic | Ion flux |"
    got = cells(row)
    assert len(got) == 3 and "Ion Channel" in got[0] and got[1:] == ["Nicotinic cholinergic", "Ion flux"], got
    # fresh24 and fresh26 med-7: "Also known as antimuscarinics or anticholinergics." opened an answer on the
    # sympathetic system with nothing saying what it is another name of
    st = Statement("Also known as antimuscarinics or anticholinergics.", "d.md", 35, 35,
                   "Cholinergic Drugs > Muscarinic Antagonists (Sympathetic)", "prose")
    assert _heading_label(st, st.text, read_question("How does the sympathetic system affect digestion?")) == \
        "**Muscarinic Antagonists (Sympathetic)**: "


def test_a_sample_question_s_explanation_picked_for_a_compared_side_is_shown_under_its_question():
    # fresh26 az-3 ("azcopy copy vs azcopy sync - when do i use which?"): "azcopy copy --recursive will copy the
    # entire content ..., which is not an optimal approach" led the answer as a general verdict; it is the
    # explanation of a practice question about keeping two regions' containers identical
    from tutor.answer import _Citations, render

    stem = "Question: Your team keeps two copies of each file in two regions. What command keeps them identical?"
    copy = Statement("azcopy copy --recursive copies everything again, which is not an optimal approach.", "q.md",
                     220, 220, "Blob Storage", "explanation", context=stem)
    comp = Composition(True, scored=[(copy, 0.5, 0.5, [1.0, 0.0])], picked=[Picked(copy.text, copy, "a")])
    text = "\n\n".join(render(read_question("azcopy copy vs azcopy sync - when do i use which?"), comp, _Citations()))
    assert text.startswith("*From the practice question “What command keeps them identical?”:*\n"), text


def test_two_sample_questions_asking_alike_are_told_apart_and_a_side_named_by_its_file_opens_the_answer():
    # fresh71 az-2 ("service bus transactions vs batching - I keep confusing them. which one ... debit+credit ..."):
    # the keyed "Answer: Transactions allow you to group ..." was left out, since it does not say "service bus" (its
    # file and heading do), and a line of another question sat under the same label, "Which feature should you use?"
    from tutor.answer import _Citations, render

    debit = "Question: You are building a financial system where debit and credit run as one unit. Which feature should you use?"
    stream = "Question: You are building an analytics system that reads messages as parallel streams. Which feature should you use?"
    keyed = Statement("Answer: Transactions allow you to group operations into one unit of work.", "Questions/Service Bus.md",
                      223, 223, "Azure Service Bus", "explanation", context=debit, truth=True)
    batch = Statement("Batching delays sending a message for a certain period but doesn't group operations.",
                      "Questions/Service Bus.md", 224, 224, "Azure Service Bus", "explanation", context=debit)
    other = Statement("Parallel Stream Processing processes messages as parallel, long-running streams.",
                      "Questions/Service Bus.md", 174, 174, "Azure Service Bus", "explanation", context=stream)
    comp = Composition(True, scored=[(x, 0.5, 0.5, [1.0, 0.0]) for x in (keyed, batch, other)],
                       picked=[Picked(keyed.text, keyed, "a"), Picked(batch.text, batch, "b"), Picked(other.text, other, "more")])
    text = "\n\n".join(render(read_question("service bus transactions vs batching - I keep confusing them. which one "
                                            "do i use for debit+credit as one unit of work?"), comp, _Citations()))
    assert "Transactions allow you" in text and "Which feature should you use?" not in text, text
    assert "“You are building a financial system" in text and "“You are building an analytics system" in text, text


def test_a_short_code_block_is_read_with_the_sentences_leading_into_it_and_pointing_at_it():
    # fresh28: "Unlike pthread_mutex_lock ..., this function will return immediately" was shown without the
    # function (its signature sits in a code block above it) and read as said of pthread_mutex_init
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["## Mutexes", "Mutexes can be tried without blocking with the following function", "", "```c",
             "int pthread_mutex_trylock(pthread_mutex_t *mutex);", "```", "",
             "Unlike a plain lock, this function will return immediately if the mutex cannot be acquired. It returns the error code EBUSY in that case.",
             "", "```c", "int a(void);", "int b(void);", "int c(void);", "int d(void);", "```",
             "This function list is too long to read into one sentence."]
    p = Passage("c", "m.md", "Mutexes", 1, len(lines), "prose", "\n".join(lines))
    got = {s.text: (s.start_line, s.end_line, s.context) for s in statements(p, lines)}
    lead = "Mutexes can be tried without blocking with the following function `int pthread_mutex_trylock(pthread_mutex_t *mutex);`."
    assert got[lead][:2] == (2, 5), got
    named = ("Unlike a plain lock, this function (`int pthread_mutex_trylock(pthread_mutex_t *mutex);`) will return "
             "immediately if the mutex cannot be acquired.")
    assert got[named][:2] == (5, 8), got
    assert got["It returns the error code EBUSY in that case."][2] == named  # a later sentence is about the first as it now reads
    assert "This function list is too long to read into one sentence." in got  # four lines of code: not read in


def test_a_sentence_pointing_back_into_its_line_comes_with_the_sentence_before_it(tmp_path):
    # fresh29 az-4: "If the event or array exceeds these limits, you'll get a 413" was shown after the line's first
    # sentence, without the one that says what the limits are; under a retry question it read as the retry limits
    notes = ("# Event Grid\n\n## Event schemas\n\nEvent Grid receives events in an array from event sources. The "
             "array's total size can be up to 1 MB, with each event limited to 1 MB. If the event or array exceeds "
             "these limits, you'll get a 413 Payload Too Large response.\n\n## Retry policy\n\nAn event is dropped "
             "when the retry policy's limits are reached.\n")
    with _own_notes(tmp_path, "eg.md", notes) as tutor:
        ans = tutor.ask("When does Event Grid return a 413 Payload Too Large response?")
        assert ans.kind == "answer", ans.text
        assert "exceeds these limits" in ans.text and "up to 1 MB" in ans.text, ans.text
        assert ans.text.index("up to 1 MB") < ans.text.index("exceeds these limits"), ans.text


def test_that_standing_for_the_last_subject_is_resolved_but_a_relative_that_is_not():
    # fresh29 ml-7: "Why would that help if my training instance's EBS volume keeps filling up?" after Pipe mode
    # was answered about EBS volumes (a Debugger line): "that" is Pipe mode
    from tutor.rewrite import resolve
    assert resolve("Why would that help if my EBS volume fills up?", "Pipe mode") == \
        "Why would Pipe mode help if my EBS volume fills up?"
    assert resolve("and why does that matter?", "Pipe mode") == "and why does Pipe mode matter?"
    # a relative "that" after its noun, a remark, and a determiner stay as written
    assert resolve("Apart from messages that can't be delivered, what else ends up in it?", "dead-letter queue") == \
        "Apart from messages that can't be delivered, what else ends up in dead-letter queue?"
    assert resolve("That is odd, does it work?", "Pipe mode") == "That is odd, does Pipe mode work?"
    assert resolve("does that process help?", "Pipe mode") == "does that process help?"


def test_a_name_with_an_elided_prefix_is_one_subject_and_that_before_a_participle_stands_for_it():
    # fresh30 hist-7: "Who was Toussaint L'Ouverture?" was read as "Toussaint L", and the follow-up "How was that
    # connected to what was going on in France at the time?" was answered with a Hundred Years' War line
    from tutor.intent import read_question
    from tutor.rewrite import resolve, topic_words
    assert read_question("Who was Toussaint L'Ouverture?").subjects == ("Toussaint L'Ouverture",)
    assert read_question("What did O’Connell campaign for?").subjects == ("O’Connell",)
    assert "L'Ouverture" in topic_words("Who was Toussaint L'Ouverture?")
    assert resolve("How was that connected to France?", "Toussaint L'Ouverture") == \
        "How was Toussaint L'Ouverture connected to France?"
    assert resolve("Is that process related to France?", "Toussaint L'Ouverture") == \
        "Is that process related to France?"


def test_a_name_one_letter_off_the_notes_is_read_as_theirs_only_when_the_rest_of_the_name_is():
    # fresh30 hist-2: "Edmund Burke vs Joseph de Maistre" was declined ("I found nothing about Edmund Burke") in
    # notes that write "Edmond Burke"
    from tutor import spelling

    index = _notes_index("Edmond Burke wrote Reflections on the Revolution in France. Edward Gibbon wrote history. "
                         "After World War I and between the World Wars, Azure App Service and the Apps list grew.")
    q, changed = spelling.correct("Edmund Burke vs Joseph de Maistre: how did they differ?", index)
    assert q.startswith("Edmond Burke vs") and ("Edmund", "Edmond") in changed, q
    # a first name the notes never pair with that surname stays as asked, and so does a name the notes use as
    # asked ("World War", not "World Wars"; "Azure App", not "Azure Apps")
    for asked in ("Who was Edmund Gibbon?", "What happened after World War I?", "Is Azure App Service managed?"):
        assert spelling.correct(asked, index) == (asked, []), asked


def test_a_comparison_read_as_one_subject_is_no_name_the_notes_never_put_together(tmp_path):
    # fresh30 os-5: "wats AMPED vs AMTED??" opened with "Your notes never use 'AMPED vs AMTED'", though both are defined
    notes = ("# Servers\n\n## Helpers\n\nThe model was called the Asymmetric Multi-Process Event-Driven Model or AMPED. "
             "The multithreaded equivalent acronym is AMTED. Helpers handle blocking I/O for the main event loop.\n\n"
             "## Would you convert the AMPED model into an AMTED model?\n\nAMPED only has enough helper processes to "
             "keep the disk busy, so it has a small memory footprint.\n")
    with _own_notes(tmp_path, "servers.md", notes) as tutor:
        ans = tutor.ask("wats AMPED vs AMTED?? n y would u use helpers at all")
        assert ans.kind == "answer" and "never use" not in ans.text, ans.text
        assert "AMTED" in ans.text, ans.text


def test_a_later_sentence_pointing_back_comes_after_the_sentences_of_its_line_before_it(tmp_path):
    # fresh30 os-6: "On x86 platforms, this register is the CR3 register" led its line's other sentences, so
    # "this register" came before the sentence saying which register; the line now reads in its own order
    notes = ("# Memory\n\n## Page tables\n\nIn summary, the operating system creates a page table for every single "
             "process in the system. That means that whenever a context switch is performed, the operating system "
             "must swap in the page table associated with the new process. Hardware assists with page table access "
             "by maintaining a register that points to the active page table. On x86 platforms, this register is the "
             "CR3 register.\n\n## Faults\n\nA fault traps into the kernel, which runs the page fault handler.\n")
    with _own_notes(tmp_path, "mem.md", notes) as tutor:
        ans = tutor.ask("What is the CR3 register?")
        assert ans.kind == "answer", ans.text
        text = ans.text
        assert text.index("maintaining a register") < text.index("this register is the CR3") < len(text), text
        # one line of the notes reads as one paragraph
        assert "active page table. [1]\nOn x86 platforms, this register is the CR3 register. [1]" in text, text


def test_an_item_leading_an_answer_says_which_long_question_it_answers(tmp_path):
    # fresh30 hist-4: "2. Enlightenment based on reason - women have reason and are entitled to the same rights as
    # men" led the answer cut from "Who was Mary Wollstonecraft? ...", and read as a general Enlightenment tenet
    notes = ("# The Enlightenment\n\n- Who was Mary Astell? What did she argue about marriage?\n"
             "  - Astell argued women needed to become better educated.\n"
             "- Who was Mary Wollstonecraft? What did she write? What contradictions did she point out?\n"
             "  - English writer who wrote Vindication of the Rights of Women\n"
             "  - 1. women obey men - contrary to hatred of arbitrary power of monarchs\n"
             "  - 2. Enlightenment based on reason (innate in all people) - women have reason and are entitled to "
             "the same rights as men\n"
             "- Who benefited most from the Enlightenment?\n  - the aristocracy and the upper middle class\n")
    with _own_notes(tmp_path, "en.md", notes) as tutor:
        ans = tutor.ask("Are women entitled to the same rights as men because they have reason?")
        assert ans.kind == "answer", ans.text
        assert "entitled to the same rights" in ans.text, ans.text
        head = ans.text[:ans.text.index("entitled to the same rights")]
        assert "Wollstonecraft" in head, ans.text


def test_a_follow_up_whose_first_clause_is_a_question_of_its_own_leans_back():
    # fresh31 ml-7: after "What is AWS Batch used for?", "How do I schedule and orchestrate its jobs, and how is it
    # different from Glue?" was read as a comparison of "I schedule and orchestrate its jobs", "how is it" and
    # "Glue", and declined
    from tutor.answer import leans_back
    q = "How do I schedule and orchestrate its jobs, and how is it different from Glue?"
    intent = read_question(q)
    assert "how is it" not in intent.subjects and intent.subjects[-1] == "Glue", intent
    assert leans_back(q, intent)
    # a first clause that names its subject still keeps "it" to itself
    q2 = "What does osmosis do to a cell, and why does it happen?"
    assert not leans_back(q2, read_question(q2))


def test_a_paragraph_ending_on_a_full_stop_above_a_list_is_not_the_label_of_its_items():
    # fresh31 ml-5/ml-6: "Security groups are acting as a firewall" went under "(under “Elastic inference Acceleration
    # is suitable for inference workloads …”)", a paragraph that merely sits above the list
    from tutor.answer import _label
    para = ("Elastic inference Acceleration is suitable for inference workloads that can benefit from GPUs and can be "
            "easily added to other instance families.")
    item = Statement("Security groups are acting as a firewall on EC2 instances", "k.md", 61, 61, "Notes", "list",
                     context=para)
    assert _label(item, item.text, long_parent=True) == ""
    asked = Statement("English writer who wrote Vindication of the Rights of Women", "k.md", 84, 84, "Notes", "list",
                      context="Who was Mary Wollstonecraft? What did she write? What contradictions did she point out?")
    assert _label(asked, asked.text, long_parent=True).startswith("*(under “Who was Mary Wollstonecraft?")
    # ... a sentence that says it leads into the list still does
    told = Statement("Maximum number of attempts - 1 - 30 (default: 30)", "eg.md", 9, 9, "Retry policy", "list",
                     context="An event is dropped if either of the following conditions are met within the limits.")
    assert _label(told, told.text, long_parent=True).startswith("*(under “An event is dropped")
    # ... and numbered steps under a paragraph are its steps (fresh29 med-1, re-read)
    from tutor.passages import Passage
    para = "Smooth muscle uses a calmodulin-binding mode similar to the cross-bridge system, without troponin."
    text = f"{para}\n\n1. Ca2+ binds calmodulin\n2. Calmodulin binds myosin light chain kinase (MLCK)"
    step = Statement("Ca2+ binds calmodulin", "m.md", 3, 3, "Contraction", "list", context=para,
                     passage=Passage("c", "m.md", "Contraction", 1, 4, "prose", text))
    assert _label(step, step.text, long_parent=True).startswith("*(under “Smooth muscle uses")
    # ... when they are about what it says: a numbered list of other things after a paragraph is not its steps
    tpr = "The Total Peripheral Resistance (TPR) is the resistance of the entire circulatory system."
    other = Statement("Venus return (VR): Blood returning to the heart each minute", "h.md", 3, 3, "Heart", "list",
                      context=tpr, passage=Passage("c", "h.md", "Heart", 1, 3, "prose",
                                                   f"{tpr}\n\n1. Venus return (VR): Blood returning to the heart each minute"))
    assert _label(other, other.text, long_parent=True) == ""


def test_a_line_going_on_under_an_item_is_that_item_s_rest_not_a_title_over_the_next_items():
    # fresh31 ml-2: "* KMS is accepted by notebooks ... and / tmp" / "can be encrypted with a KMS key" (a soft-wrapped
    # item) became the title of every item after it: "Under “can be encrypted with a KMS key”: PCA can be run ..."
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["# Security", "* KMS is accepted by notebooks and all SageMaker jobs under /opt/ml/ and / tmp",
             "can be encrypted with a KMS key", "* AWS S3 encryption is used to encrypt S3 buckets",
             "* PCA can be run in regular or randomized mode"]
    whole = statements(Passage("c", "k.md", "Security", 1, 5, "prose", "\n".join(lines)), lines)
    got = {s.text: (s.start_line, s.end_line, s.context) for s in whole}
    kms = "KMS is accepted by notebooks and all SageMaker jobs under /opt/ml/ and / tmp can be encrypted with a KMS key"
    assert got[kms] == (2, 3, ""), got
    assert got["PCA can be run in regular or randomized mode"][2] == "", got
    # a passage cut after the wrapped item reads the items above it the same way
    cut = statements(Passage("c2", "k.md", "Security", 4, 5, "prose", "\n".join(lines[3:])), lines)
    assert all(s.context == "" for s in cut), [(s.text, s.context) for s in cut]


def test_a_question_asking_two_numbers_gets_the_clause_with_each_from_a_long_line():
    # fresh31 hist-6: "how many soldiers died in World War I, and how many Armenians were killed?" was shown only
    # the soldiers' clause of the line, "…" where the Armenian figures were
    from tutor.compose import cut
    line = ("WWI devastated European civilization between eight and 9 million soldiers died on the battlefield; "
            "another 22 million were wounded. Many of those who survived had suffered the loss of arms or legs. "
            "The birth rate in many European countries declined noticeably as a result. In 1915 the Turkish "
            "Government began systematically to kill Armenian men and expel women and children. Within seven "
            "months 600,000 Armenians had been killed, and 500,000 had been deported.")
    st = Statement(line, "c25.md", 95, 95, "The Great War", "list")
    q = "Roughly how many soldiers died in World War I, and how many Armenians were killed in the genocide?"
    intent = read_question(q)
    assert intent.kind == "number", intent
    shown = cut(st, intent)
    assert "9 million soldiers died" in shown and "600,000 Armenians had been killed" in shown, shown
    assert shown.index("9 million") < shown.index("600,000"), shown
    # one number asked: one clause
    one = cut(st, read_question("Roughly how many soldiers died in World War I?"))
    assert "9 million soldiers died" in one and "600,000" not in one, one


def test_a_later_sentence_of_a_line_shown_after_an_earlier_one_marks_the_sentences_left_out(tmp_path):
    # fresh31 os-1: "When a process is created, it's in the new state." then "After the request is serviced, the
    # process will move back to the ready state." (the I/O request sentence between them not shown) read as a
    # request made at creation
    notes = ("# Processes\n\n## Lifetime\n\nA process moves through several states in its life. When a process is "
             "created, it is in the new state. The scheduler dispatches a ready process to the CPU, where it runs "
             "until it is interrupted. A running process that issues an I/O request moves to the waiting state. "
             "After the request is serviced, the process will move back to the ready state.\n\n## Threads\n\n"
             "Threads share an address space.\n")
    with _own_notes(tmp_path, "p.md", notes) as tutor:
        ans = tutor.ask("What are the states in a process's life, and what makes it move back to the ready state?")
        shown = ans.text.splitlines()
        at = next(i for i, x in enumerate(shown) if "After the request is serviced" in x)
        # the sentence between is shown above it, or its leaving out is marked - and only then
        told = any("issues an I/O request" in x for x in shown[:at])
        assert shown[at].startswith("… ") != told, ans.text


def test_a_subject_made_of_names_the_notes_use_is_not_said_to_be_missing(tmp_path):
    # fresh31 hist-3: "How was Northern Renaissance art in the Low Countries different from Italian Renaissance art?"
    # opened with "Your notes never use “Northern Renaissance art in the Low Countries”" in notes that answer it
    from tutor.compose import _capitalised
    assert _capitalised("Northern Renaissance art") == ["Northern", "Renaissance"]
    assert _capitalised("Human Development Index") == ["Human", "Development", "Index"]
    assert _capitalised("Renaissance art Florence") == []
    notes = ("# The Renaissance\n\n- What are the Low Countries, and how did their art differ from Italian art?\n"
             "  - Low Countries: coastal region of NW Europe, e.g. Belgium and the Netherlands\n"
             "  - Italian: realistic, human\n  - North: Gothic, detailed\n\n"
             "The Northern Renaissance focused on early Christian sources while the Italian Renaissance focused more "
             "on the Roman Empire.\n")
    with _own_notes(tmp_path, "r.md", notes) as tutor:
        ans = tutor.ask("How was Northern Renaissance art in the Low Countries different from Italian Renaissance art?")
        assert ans.kind == "answer", ans.text
        assert "never use" not in ans.text, ans.text


def test_what_a_thing_is_good_for_asks_its_use_of_the_thing_itself():
    # fresh31 ml-1: "What is AWS IoT Greengrass good for?" was read as a definition of "IoT Greengrass good"
    for q in ("What is AWS IoT Greengrass good for?", "What is Greengrass useful for?", "What is AWS Batch used for?"):
        intent = read_question(q)
        assert intent.kind == "when" and not any("good" in x or "useful" in x for x in intent.subjects), (q, intent)


def test_items_whose_parent_item_is_shown_are_nested_under_it(tmp_path):
    # fresh31 os-5: BSD's "Unix interoperability", "POSIX API support" were shown as top-level components of Mac OS X
    notes = ("# Operating systems\n\n## Linux\n\nLinux has a monolithic kernel with loadable modules.\n\n"
             "## Mac OS X\n\n* I/O kit for device drivers\n* Kernel extension kit for dynamic loading of kernel "
             "components\n* Mach microkernel\n\t* memory management\n\t* thread scheduling\n* BSD component\n"
             "\t* Unix interoperability\n\t* POSIX API support\n\t* Network I/O interface\n"
             "* All applications sit above this layer\n")
    with _own_notes(tmp_path, "os.md", notes) as tutor:
        ans = tutor.ask("so is mac os x a microkernel or not?? whats actually in its architecture")
        assert "POSIX API support" in ans.text, ans.text
        shown = ans.text.splitlines()
        posix = next(x for x in shown if "POSIX API support" in x)
        assert posix.startswith("  - ") or "BSD component" in posix, ans.text


def test_an_item_under_a_study_prompt_says_which_prompt_not_its_first_words_as_a_term():
    # fresh31 hist-4: the origin of the Black Death led an answer on contemporary explanations labelled
    # "**Explain the following**:", which names nothing
    from tutor.answer import _label
    st = Statement("The black death was a disaster pandemic that struck Asia, North Africa, and Europe.", "c11.md", 38,
                   38, "Black Death", "list", context='Explain the following: what the "black death" is, where the '
                   "black death originated, who brought the black death westward")
    got = _label(st, st.text, long_parent=True)
    assert "Explain the following" in got and not got.startswith("**"), got
    # a term before a colon is still the item's label
    term = Statement("does NOT help produce stream", "k.md", 3, 3, "Kinesis", "list",
                     context="**Kinesis Data Analytics:** real-time analytics on streams with SQL queries")
    assert _label(term, term.text, long_parent=True) == "**Kinesis Data Analytics**: "


def test_follow_ups_written_as_students_write_them_are_read_as_follow_ups():
    # fresh32: "How's that different from just calling the Kinesis API with PutRecord myself?" (ml-7), "wait who
    # were the luddites vs the chartists??" (hist-5) and "What does my account need before I can turn that on, and
    # can I trigger one myself?" (az-7) were each declined in notes that answer them
    from tutor.answer import leans_back
    from tutor.rewrite import resolve
    assert read_question("How's that different from the Kinesis API?").subjects[0] == "that"
    assert read_question("wait who were the luddites vs the chartists?? what did each want").subjects == \
        ("luddites", "chartists")
    assert read_question("Who were the Whigs vs the Tories?").subjects == ("Whigs", "Tories")
    q = "What does my account need before I can turn that on, and can I trigger one myself to test my app?"
    assert leans_back(q, read_question(q))
    assert resolve(q, "automatic failover") == \
        "What does my account need before I can turn automatic failover on, and can I trigger one myself to test my app?"
    assert resolve("can I trigger one myself?", "automatic failover") == "can I trigger the automatic failover myself?"


def test_a_subject_with_its_short_form_in_brackets_is_named_by_either(tmp_path):
    # fresh32 ml-7: "What's the Kinesis Producer Library (KPL) for?" - the notes write "KPL: Kinesis Producer
    # Library to write ..." and the subject, read with its "(KPL)", was never found
    notes = ("# Kinesis\n\n## Data Streams\n\n- KPL: Kinesis Producer Library to write. Java wrapper with automatic "
             "and configurable retry mechanism.\n- Kinesis API (SDK): low level API calls (PutRecord and PutRecords). "
             "No delays in processing.\n- KCL: Kinesis Client Library to consume and process the data.\n\n"
             "## Firehose\n\nFirehose is fully managed and can load data into S3.\n")
    with _own_notes(tmp_path, "k.md", notes) as tutor:
        ans = tutor.ask("What's the Kinesis Producer Library (KPL) for?")
        assert ans.kind == "answer" and "Java wrapper" in ans.text, ans.text


def test_a_lead_in_paragraph_ending_on_a_colon_keeps_saying_so_in_its_items_context():
    # fresh25 az-2 re-read: "Event subscriptions support custom headers ... Can be applied to events sent to:" lost its
    # label over "Azure Service Bus topics and queues", which then read as more delivery rules
    from tutor.answer import _label
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["# Event Grid", "Event subscriptions support custom headers for delivered events. Up to 10 headers can "
             "be set, with each value limited to 4,096 bytes. Can be applied to events sent to:", "",
             "- Azure Service Bus topics and queues", "- Azure Event Hubs"]
    got = [s for s in statements(Passage("c", "eg.md", "Event Grid", 1, 5, "prose", "\n".join(lines)), lines)
           if s.text == "Azure Event Hubs"]
    assert got and got[0].context.endswith(":"), got
    assert _label(got[0], got[0].text, long_parent=True).startswith("*(under “Event subscriptions support"), got


def test_sentences_of_one_line_read_in_the_notes_order_and_items_nest_as_deep_as_the_notes_nest_them(tmp_path):
    # outside re-read (changed-49): "If the endpoint responds within 3 minutes ..." picked first came before the
    # sentences it follows, leaving "Because of this, duplicates may occur." under the delayed-delivery sentence;
    # "Reserved Instances" under "Reserved: (MINIMUM 1 year)" was shown as a top-level item
    from tutor.answer import _in_line_order
    line = ["Event Grid decides whether to retry.", "Timeout is 30 sec.", "Retries may be delayed for unhealthy "
            "endpoints.", "If the endpoint responds within 3 minutes, Event Grid removes the event.",
            "Because of this, duplicates may occur."]
    shown = "\n".join(f"{line[i]} [1]" for i in (0, 3, 1, 2, 4))
    assert _in_line_order(shown, {"[1]": line}) == "\n".join(f"{x} [1]" for x in line)
    assert _in_line_order("**Retry**: " + shown, {"[1]": line}).startswith("**Retry**: ")  # a label stays first
    notes = ("# EC2\n\n## Purchasing\n\n* Security groups act as a firewall on EC2 instances\n"
             "* EC2 Instances Purchasing Options\n  * On-Demand Instances: short workload, predictable pricing\n"
             "  * Reserved: (MINIMUM 1 year)\n    * Reserved Instances: long workloads\n"
             "    * Convertible Reserved Instances: long workloads with flexible instances\n"
             "  * Spot Instances: short workloads, cheap, can lose instances\n"
             "  * Dedicated Hosts: book an entire physical server, control instance placement\n"
             "  * Dedicated Instances: no other customers will share your hardware\n"
             "* AMI - Amazon Machine Image are a customization of an EC2 instance\n")
    with _own_notes(tmp_path, "ec2.md", notes) as tutor:
        ans = tutor.ask("dedicated host vs dedicated instance on ec2 whats the diff?? arent they both just not sharing hardware")
        rows = ans.text.splitlines()
        conv = next(x for x in rows if "Convertible Reserved Instances" in x)
        parent = next(x for x in rows if "Reserved: (MINIMUM" in x)
        assert len(conv) - len(conv.lstrip()) > len(parent) - len(parent.lstrip()), ans.text


def test_a_title_line_between_a_line_and_its_heading_keeps_the_heading_off_it():
    # fresh32 ml-1: "AWS Storage Gateway is a hybrid storage service ..." was shown as "**Key Features**: ...", the
    # heading of Secrets Manager's list above a plain-text title line "AWS Storage Gateway"
    from tutor.answer import _heading_label
    from tutor.passages import Passage
    lines = ["#### Key Features:", "", "- Secure Storage: Encrypts and stores secrets", "", "AWS Storage Gateway", "",
             "AWS Storage Gateway is a hybrid storage service that lets on-premises applications use cloud storage."]
    p = Passage("c", "g.md", "Secrets Manager > Key Features", 1, 7, "prose", "\n".join(lines))
    intent = read_question("What does it offer?")
    line = Statement(lines[6], "g.md", 7, 7, "Secrets Manager > Key Features", "prose", passage=p)
    assert _heading_label(line, line.text, intent) == ""
    item = Statement("Secure Storage: Encrypts and stores secrets", "g.md", 3, 3, "Secrets Manager > Key Features",
                     "list", passage=p)
    assert _heading_label(item, item.text, intent) == "**Key Features**: "  # the list right under it keeps it


def test_the_line_the_model_rates_far_likelier_leads_unless_the_shape_line_names_more_of_the_question():
    from tutor.answer import _merge

    def lines(*texts):
        return [Statement(t, "fluid.md", n, n, "Fluids", "prose") for n, t in enumerate(texts, 1)]

    glossary, answer, other = lines("Where pi is osmotic pressure and R is the gas constant.",
                                    "Capillary pressure pushes fluid out; plasma oncotic pressure pulls it in.",
                                    "Osmosis moves water across a membrane.")
    scored = [(glossary, 0.5, 0.4, [0.0]), (answer, 0.6, 0.6, [0.0]), (other, 0.4, 0.3, [0.0])]
    sel = Selection(True, 0.9, [answer, glossary, other], {id(glossary): 0.53, id(answer): 0.9, id(other): 0.6})
    comp = Composition(True, picked=[Picked(glossary.text, glossary, "lead")], scored=scored)
    _merge(comp, sel)
    assert [p.statement for p in comp.picked][:1] == [answer]  # the point first
    assert glossary in [p.statement for p in comp.picked]  # the shape's line is still shown, after it
    # close in the model's eyes: the shape's line keeps the lead
    near = Composition(True, picked=[Picked(glossary.text, glossary, "lead")], scored=scored)
    _merge(near, Selection(True, 0.9, [answer, glossary], {id(glossary): 0.8, id(answer): 0.9}))
    assert near.picked[0].statement is glossary
    # a shape line naming the question's subjects where the model's best names fewer keeps the lead
    named = [(glossary, 0.5, 0.4, [1.0, 1.0]), (answer, 0.6, 0.6, [0.0, 1.0])]
    keeps = Composition(True, picked=[Picked(glossary.text, glossary, "lead")], scored=named)
    _merge(keeps, sel)
    assert keeps.picked[0].statement is glossary


def test_a_heading_naming_a_thing_with_its_gloss_in_brackets_labels_the_line_under_it():
    from tutor.answer import _heading_label

    fore = Statement("Responsible for higher order processing, sensory processing and motor output.", "cns.md", 15, 15,
                     "Central nervous system > Functions > Forebrain (telencephalon and diencephalon)", "prose")
    asked = read_question("What about the forebrain: what's in it and what does it do?")
    assert _heading_label(fore, fore.text, asked) == "**Forebrain (telencephalon and diencephalon)**: "
    kd = Statement("Analogous to Km, or the binding affinity.", "pd.md", 20, 20,
                   "Dose-Response Curve > Equilibrium dissociation constant (Kd)", "prose")
    assert _heading_label(kd, kd.text, read_question("List the assumptions of the model.")) == \
        "**Equilibrium dissociation constant (Kd)**: "
    # a section's title, bracket or not, is still no label ("War and Political Instability (1450-1500)")
    war = Statement("Revolts broke out in the cities.", "h.md", 3, 3, "Europe > War and Political Instability (1450-1500)",
                    "prose")
    assert _heading_label(war, war.text, read_question("What happened in the cities?")) == ""


def test_a_labelled_paragraph_keeps_its_line_s_sentences_in_the_notes_order():
    from tutor.answer import _in_line_order

    line = ["Auto-deletes items after a set time.", "Configurable at container or item level.",
            "Deletion consumes spare RUs."]
    para = "**Time to live (TTL)**: Auto-deletes items after a set time. [2]\nDeletion consumes spare RUs. [2]\n" \
           "Configurable at container or item level. [2]"
    assert _in_line_order(para, {"[2]": line}).split("\n") == [
        "**Time to live (TTL)**: Auto-deletes items after a set time. [2]", "Configurable at container or item level. [2]",
        "Deletion consumes spare RUs. [2]"]


def test_a_message_in_chat_spelling_reads_its_one_letter_words_and_its_list_of_names():
    from tutor import spelling

    index = _notes_index("DeepLens is a deep learning video camera. Amazon Kendra is enterprise search. Contact Lens "
                         "serves call centers.")
    q, changed = spelling.correct("wat r kendra, contact lens n deeplens for?? they all sound the same lol", index)
    assert q.startswith("what are kendra, contact lens and deeplens for??"), q
    assert ("r", "are") in changed and ("n", "and") in changed
    q3, _ = spelling.correct("my cnn takes 4ever to converge n the error keeps bouncing", index)
    assert "converge n the error" in q3  # a clause after it: no name joined
    # a message not in chat spelling keeps its letters: a variable, a grade
    q2, _ = spelling.correct("What is the sample size n for this test?", index)
    assert "size n for" in q2
    intent = read_question(q)
    assert intent.subjects == ("kendra", "contact lens", "deeplens")
    assert not {"sound", "lol"} & intent.focus  # the remark after the question asks nothing
    assert read_question("What is supply and demand?").subjects == ("supply and demand",)  # one thing, no comma
    assert read_question("What is Kendra, and why use it?").subjects == ("Kendra",)


def test_sides_told_apart_by_scattered_words_are_named_whole_and_number_words_read_as_digits():
    from tutor.compose import phrase_in, side_phrases

    a, b = side_phrases("Factory Act of 1833", "Ten Hours Act of 1847")
    assert phrase_in(a, "- Factory Act of 1833")  # not 'factory ... 1833', which no line says in a row
    assert phrase_in(b, "- Ten Hours Act of 1847") and phrase_in(b, "- 10 Hours Act of 1847")
    assert side_phrases("L1 regularization", "L2 regularization") == (["l1"], ["l2"])  # one run: as before
    assert not phrase_in(["0", "order"], "zero-order elimination")  # a term, not a number


def test_a_line_naming_a_side_only_inside_the_other_side_s_name_written_in_two_is_not_its_line():
    from tutor.compose import _split_another

    subjects = ("hyperparameter", "parameter")
    hyper = Statement("Hyper parameter: values set BEFORE the learning process", "c.md", 330, 330, "HP", "list")
    own = Statement("Parameters: values DERIVED VIA the learning process", "c.md", 331, 331, "HP", "list")
    assert _split_another(hyper, 1, subjects)  # the hyperparameter's line, whatever 'parameter' in it says
    assert not _split_another(own, 1, subjects)
    assert not _split_another(hyper, 0, subjects)


def test_a_list_question_asks_of_the_thing_whose_parts_it_names_in_any_case():
    assert read_question("what are the main components of apache spark?? i keep forgetting them").subjects == (
        "apache spark",)
    assert read_question("list the steps of glycolysis").subjects == ("glycolysis",)
    assert read_question("What are the effects of it?").subjects == ()  # a pronoun names nothing
    # names the question writes are its subjects first ("SAS", not "SAS in Azure Storage")
    assert read_question("What are the different types of SAS in Azure Storage?").subjects[0] == "SAS"


def test_a_one_word_side_takes_the_other_side_s_head_only_when_it_reads_as_a_modifier():
    assert read_question("L1 vs L2 regularization").subjects == ("L1 regularization", "L2 regularization")
    assert read_question("Standard vs Premium tier").subjects == ("Standard tier", "Premium tier")
    assert read_question("Batch vs stream ingestion: when would I use each?").subjects == ("Batch ingestion",
                                                                                          "stream ingestion")
    # a name of its own: albumin is no glycoprotein
    assert read_question("Albumin vs alpha-1-acid glycoprotein: which drugs does each bind?").subjects == (
        "Albumin", "alpha-1-acid glycoprotein")
    # an adjective in lower case is a modifier too, and takes all of the other side's head: an outside answer on
    # "synchronous and asynchronous signals" opened on I/O lines about "synchronous" operations
    assert read_question("whats the difference between synchronous and asynchronous signals?").subjects == (
        "synchronous signals", "asynchronous signals")
    assert read_question("how is sympathetic different from parasympathetic nervous system?").subjects == (
        "sympathetic nervous system", "parasympathetic nervous system")
    assert read_question("How does clustering differ from collaborative filtering?").subjects == (
        "clustering", "collaborative filtering")  # a noun beside a phrase is a side of its own


def test_a_platform_named_by_its_acronym_and_spelled_out_is_common_to_the_notes():
    """Notes on operating systems write "the OS" in some passages and "the operating system" in others:
    together they are on a large share of the passages, and "OS" names nothing in particular there - a question
    on how "the OS" does something is about the thing it does, not about every line that opens "The OS ..."
    (an outside reader's answer opened on Solaris's "The OS is intended for multiple CPU platforms").
    An acronym whose spelled-out form the notes seldom write ("TLB") keeps naming its thing."""
    from ingest.terms import common_names
    from tutor.intent import read_question

    texts = []
    for n in range(40):
        if n % 8 == 0:
            texts.append(f"The OS keeps a table for process {n}. The TLB caches translations.")
        elif n % 8 == 1:
            texts.append(f"The operating system schedules thread {n} on a CPU core.")
        elif n == 2:
            texts.append(f"Each page frame {n} holds one page; the translation lookaside buffer is a cache.")
        else:
            texts.append(f"Paragraph {n} is about locks, queues and memory pages.")
    common = common_names(texts)
    assert "os" in common, common
    assert "tlb" not in common, common  # in 5 of 40 passages, spelled out once: a thing, no platform
    assert "os" not in common_names([t.replace("operating system", "scheduler") for t in texts])
    intent = read_question("How does the OS keep track of threads and CPUs?", common)
    assert "OS" not in intent.subjects, intent.subjects


def test_a_sentence_answering_the_notes_own_question_is_read_with_it():
    """"Are you comparing two hardware platforms? Make sure the software is consistent.": alone, the second
    sentence says what holds in general; an outside answer showed "If so, keep the hardware the same. … Make sure
    the software is consistent." with the questions they answer cut away. A sentence opening "If so" is read only
    after what it leans on."""
    from tutor.passages import Passage
    from tutor.select import ANAPHOR_RE
    from tutor.statements import statements
    lines = ["## Experimental design",
             "What systems are you comparing? Are you comparing two software implementations? If so, keep the "
             "hardware the same. Are you comparing two hardware platforms? Make sure the software is consistent."]
    p = Passage("c1", "notes.md", "Experimental design", 1, 2, "prose", "\n".join(lines))
    texts = [s.text for s in statements(p, lines)]
    assert "Are you comparing two hardware platforms? Make sure the software is consistent." in texts, texts
    assert "Make sure the software is consistent." not in texts
    assert "What systems are you comparing?" in texts  # a question followed by another question stays as it is
    assert ANAPHOR_RE.match("If so, keep the hardware the same.") and ANAPHOR_RE.match("If not, use a mutex.")
    assert not ANAPHOR_RE.match("If the queue is full, the producer waits.")
    assert not ANAPHOR_RE.match("If no consumer is attached, the message stays in the queue.")  # a whole condition


def test_an_item_leading_with_another_of_its_list_chosen_goes_back_into_its_whole_list():
    # an outside reader's "What's the hierarchy of permission levels for managing a resource, from least to most?"
    # was answered "Resource Owner", then "- No role: ..." alone: two of six levels, the lead hiding their order
    from tutor.answer import _merge
    from tutor.compose import Composition, Picked
    from tutor.select import Selection

    head = "Access > Hierarchy for managing a resource (from least to highest permission levels)"
    levels = ["No role: users get only the permissions they need, without a predefined role", "Resource Reader",
              "Resource Contributor", "Resource Owner", "Resource Administrator", "Global Administrator"]
    items = [Statement(t, "access.md", 84 + i, 84 + i, head, "list") for i, t in enumerate(levels)]
    owner, none = items[3], items[0]
    comp = Composition(True, picked=[Picked(owner.text, owner, "lead")],
                       scored=[(x, 0.5, 0.5, [0.5]) for x in items])
    asked = "What's the hierarchy of permission levels for managing a resource, from least to most?"
    sel = Selection(True, 0.9, [owner, none], {id(owner): 0.6, id(none): 0.55})
    _merge(comp, sel, question=asked, kind="definition")
    shown = [p.statement.start_line for p in comp.picked]
    assert shown == [84, 85, 86, 87, 88, 89], [p.text for p in comp.picked]  # the whole list, in its order
    # an item the question names is its point and stays first ("What is the Resource Owner level?")
    comp = Composition(True, picked=[Picked(owner.text, owner, "lead")], scored=[(x, 0.5, 0.5, [0.5]) for x in items])
    _merge(comp, sel, question="Where is Resource Owner in the hierarchy for managing a resource?", kind="definition")
    assert comp.picked[0].statement is owner, [p.text for p in comp.picked]
    # a question asking why or how much of the section's topic is answered by an item: it stays the point
    comp = Composition(True, picked=[Picked(owner.text, owner, "lead")], scored=[(x, 0.5, 0.5, [0.5]) for x in items])
    _merge(comp, sel, question="Why is there a hierarchy for managing a resource?", kind="general")
    assert comp.picked[0].statement is owner, [p.text for p in comp.picked]
    # a list of bare names under a lead-in the question asks for ("wat rbac roles does service bus have built
    # in?" over "RBAC:" and three role names): the names are the answer, not names that assert nothing (fresh46
    # az-4 showed "Data Receiver" alone)
    roles = [Statement(f"Azure Service Bus Data {r}", "bus.md", 98 + i, 98 + i, "Service Bus > Security", "list",
                       context="RBAC") for i, r in enumerate(("Owner", "Sender", "Receiver"))]
    comp = Composition(True, scored=[(x, 0.5, 0.5, [0.5]) for x in roles])
    _merge(comp, Selection(True, 0.9, roles, {id(x): 0.8 for x in roles}),
           question="wat rbac roles does service bus have built in?")
    assert [p.statement.start_line for p in comp.picked] == [98, 99, 100], [p.text for p in comp.picked]


def test_the_start_of_a_word_of_the_notes_is_an_abbreviation_not_a_slip():
    # fresh24/26 hist ("... interest aggregation in comp gov?"): "comp" was read as "come", one letter off, and the
    # answer put "interest aggregation in come gov" over the notes' line as its label
    from tutor import spelling

    index = _notes_index("Comparative government compares states. People come and go. A model of the state.")
    q, changed = spelling.correct("What is interest aggregation in comp gov? and what is a modle?", index)
    assert "comp gov" in q and ("comp", "come") not in changed, (q, changed)
    assert ("modle", "model") in changed  # a slip that starts no word of the notes is still read as meant


def test_a_hyphenated_word_the_notes_write_apart_is_read_as_its_words():
    # fresh48 med-6 ("what does fight-or-flight do to the kidneys ...?" in notes that write "Fight or flight"):
    # the joined forms were no word of the notes and weighed most in what the question asks
    from tutor.compose import joined_apart
    df = {"fight": 2, "flight": 3, "scan": 4, "kidney": 5}
    assert joined_apart("what does fight-or-flight do to the kidneys?", df) == {"fight-or-flight", "fightorflight"}
    assert joined_apart("How do SCAN and C-SCAN differ?", df) == frozenset()  # a name with a letter: one name
    assert joined_apart("what does fight-or-flight do?", {**df, "fightorflight": 1}) == frozenset()  # theirs


def test_a_name_going_on_after_its_preposition_is_one_side():
    # fresh48 ml-7 ("how is it different from the Managed Service for Apache Flink ...?"): both sides end on
    # "Service", and "for Apache Flink" was cut off as the frame of the comparison
    i = read_question("How is OpenSearch Service different from the Managed Service for Apache Flink?")
    assert i.subjects == ("OpenSearch Service", "Managed Service for Apache Flink"), i
    assert read_question("pipeline pattern vs layered pattern for multithreaded apps").subjects == \
        ("pipeline pattern", "layered pattern")


def test_a_common_name_inside_a_subject_stays_a_word_of_it():
    # ... and "apache", a name common in those notes, was taken out of the middle of the name, so the table row
    # "Amazon Managed Service for Apache Flink" no longer read as naming it
    from tutor.compose import phrase_in, subject_stems
    common = frozenset({"amazon", "apach"})
    words = subject_stems("Managed Service for Apache Flink", common)
    assert phrase_in(words, "Service: Amazon Managed Service for Apache Flink | Description: Serverless"), words
    assert subject_stems("Amazon SageMaker Neo", frozenset({"amazon", "sagemak"})) == ["neo"]  # at its ends: gone



def test_a_short_word_of_the_student_s_own_is_no_specialist_word_the_notes_lack():
    # fresh48 hist-2 ("In comp gov, what do you call it when a state can make a policy without asking the public
    # ...?"): "comp", read as the student's abbreviation (no longer as "come"), counted as a specialist word the
    # best passages lack, and the covered question was refused
    import numpy as np

    from tutor.compose import idle_words
    from tutor.intent import Intent
    from tutor.passages import Passage
    from tutor.select import COVERAGE_FEATURES, coverage_features
    question = "In comp gov, what do you call it when a state can make policy without asking the public first?"
    p = Passage("c1", "states.md", "States", 1, 1, "prose", "Autonomy: a state makes policy without asking the public.")
    st = Statement(p.text, "states.md", 1, 1, "States", "prose")
    comp = Composition(True, scored=[(st, 0.5, 0.5, [])])
    comp.question_idf = {}
    comp.idle = idle_words(question, {"state": 3, "polici": 2, "public": 2, "autonomi": 1})
    at = COVERAGE_FEATURES.index("special_missing")
    got = coverage_features(Intent("general", (), frozenset(), question=question), comp, [p], np.array([0.5]), [st])
    assert got[at] == 0.0, dict(zip(COVERAGE_FEATURES, got))


def test_a_comparison_asking_criteria_gets_those_rows_of_the_notes_table_of_the_sides(tmp_path):
    # fresh48 az-5 and fresh30 az-2 ("Storage queues vs Service Bus queues: do they guarantee message ordering, ...
    # and can I send or receive in batches?"): the notes compare the two in a table whose columns are the sides
    # and whose rows are the criteria; the answer showed practice-question lines and none of its rows
    notes = ("# Queues\n\nStorage queues are simple; Service Bus queues have more features.\n\n## Comparison\n\n"
             "| Comparison Criteria | Storage Queues | Service Bus Queues |\n| --- | --- | --- |\n"
             "| Ordering guarantee | No | FIFO (by using message sessions) |\n"
             "| Lease/Lock duration | 30 seconds (default) / 7 days (maximum) | 30 seconds (default) |\n"
             "| Batched send | No | Yes (by using transactions) |\n"
             "| Maximum queue size | 500 TB | 80 GB |\n\n## Other\n\nQueues hold messages until they are read.\n")
    with _own_notes(tmp_path, "queues.md", notes) as tutor:
        ans = tutor.ask("Storage queues vs Service Bus queues: how long does the lease last, and can I send in batches?")
        assert ans.kind == "answer", ans.text
        assert "| Lease/Lock duration | 30 seconds (default) / 7 days (maximum) | 30 seconds (default) |" in ans.text, \
            ans.text
        assert "| Batched send | No | Yes (by using transactions) |" in ans.text, ans.text
        assert "Maximum queue size" not in ans.text  # a row not asked about
        assert {c.passage.start_line for c in ans.citations} >= {10, 11}, [c.passage.location for c in ans.citations]


def test_where_the_student_says_the_notes_put_a_thing_is_no_part_of_it():
    # fresh48 ml-7: "and how is it different from the Managed Service for Apache Flink listed right above it?" was
    # no comparison (the side ran on into "listed right above it") and was read for "listed" and "right"
    from tutor.intent import without_pointers
    q = without_pointers("and how is it different from the Managed Service for Apache Flink listed right above it?")
    assert q == "and how is it different from the Managed Service for Apache Flink?", q
    i = read_question(q)
    assert i.kind == "comparison" and i.subjects[1] == "Managed Service for Apache Flink", i
    assert without_pointers("Which items are listed in the table?") == "Which items are listed in the table?"


def test_a_short_form_the_notes_give_a_name_names_it():
    # fresh48 med-3 ("is a voltage-gated sodium channel built the same as the ACh receptor at the NMJ?"): the notes'
    # answer line says "Pentamer (5): Nicotinic Acetylcholine", and they write "Acetylcholine (ACh)" elsewhere; the
    # tutor said "Your notes mention ACh ... but I found no line about them" and declined
    from ingest.terms import abbreviations
    from tutor.compose import Composer
    got = abbreviations("Acetylcholine (ACh) crosses the Neuromuscular Junction (NMJ). Sodium (Na) enters.")
    assert got == {"ach": "Acetylcholine", "nmj": "Neuromuscular Junction"}, got  # not Na: no letters of "Sodium"

    class Index:
        @staticmethod
        def common_words():
            return frozenset()

        @staticmethod
        def alias_of(name):
            return {"ach": ["Acetylcholine"]}.get(name.lower(), [])

    composer = object.__new__(Composer)
    composer.index = Index()
    line = Statement("Pentamer (5): Nicotinic Acetylcholine", "rest.md", 46, 46, "Structure", "list")
    assert composer._subject_score("ACh", line) == 1.0
    assert composer._subject_score("GABA", line) == 0.0


def test_a_name_heading_a_flat_list_is_shown_with_its_items(tmp_path):
    # fresh49 ml-6 ("why would I partition my data in S3, like by date?"): the notes' "- AWS S3" opens a flat list
    # of S3's properties under a line on Lake Formation; a name alone says nothing, so it was left out (and, being
    # the start of another line shown, "AWS S3 encryption is used ...", counted as shown), and S3's properties
    # read as Lake Formation's
    notes = ("# Storage\n\nLake Builder\nLake Builder is a service that makes it easy to set up a secure data lake in days."
             "\n- Object Vault\n- Backbone for all analytics work\n- Eleven nines of durability\n"
             "- Partition (ex. by date) to speed up range queries\n\n## Encryption\n\nObject Vault encryption is used "
             "to encrypt buckets of training data.\n")
    with _own_notes(tmp_path, "storage.md", notes) as tutor:
        ans = tutor.ask("Why would I partition my data in Object Vault, like by date?")
        assert ans.kind == "answer", ans.text
        lines = [x.strip() for x in ans.text.split("\n")]
        assert "- Object Vault" in lines, ans.text
        at = lines.index("- Object Vault")
        assert any(x.startswith("- Partition (ex. by date)") for x in lines[at + 1:]), ans.text


def test_a_line_labelled_with_a_longer_name_does_not_say_what_the_subject_is():
    # fresh48 hist-1 ("whats the difference between a regime and a government in comp gov?") opened on
    # "**regime**: authoritarian regimes: don't give people a way to change the government", and fresh49 os-1 on
    # "**program**: The program counter is maintained ...": each line says what a longer name is
    from tutor.compose import defines

    def line(text: str) -> Statement:
        return Statement(text, "notes.md", 1, 1, "Notes", "list")

    assert defines("regime", line("authoritarian regimes: don't give people a way to change the government")) < 0.35
    assert defines("program", line("The program counter is maintained on a CPU's register.")) < 0.35
    assert defines("regime", line("regime: rules a political system operates under")) >= 0.35
    assert defines("EFS", line("Amazon EFS is a file system"), frozenset({"amazon"})) >= 0.35  # a common name
    assert defines("deploy", line("Ways to deploy: a persistent endpoint, batch transform")) >= 0.35  # no name
    # the question's own words are the subject's frame: "liberal democracies:" is the liberal side's line when
    # the question compares liberal and illiberal democracies
    from tutor.text import stems
    question = frozenset(stems("Liberal vs illiberal democracy: what's the difference?"))
    assert defines("liberal", line("liberal democracies: respect rights of people"), asked=question) >= 0.35


def test_a_line_under_a_numbered_sibling_s_heading_does_not_lead(tmp_path):
    # fresh49 med-2 ("wat do phase 2 reactions actualy do to a drug ...?") opened on "Makes the drug more reactive
    # for Phase 2.", a line under "Phase 1: Increased reactivity": it names phase 2, but it is what phase 1 does
    from tutor.compose import numbered, under_a_sibling
    assert numbered("wat do phase 2 reactions do?") == (("phase", "2"),)
    assert numbered("What is a Type II hypervisor?") == (("type", "ii"),)
    assert numbered("what do I think about it?") == ()  # a pronoun, no roman numeral
    assert under_a_sibling("Metabolism > Phase 1: Increased reactivity", (("phase", "2"),))
    assert not under_a_sibling("Metabolism > Phase 2: Conjugation", (("phase", "2"),))
    assert not under_a_sibling("Phase 1 and Phase 2", (("phase", "2"),))  # names the one asked too
    notes = ("# Drug metabolism\n\n## Phase 1: Increased reactivity\n\n"
             "Oxidation, reduction and hydrolysis add or expose a reactive group.\n"
             "Makes the drug more reactive for Phase 2 reactions.\nHappens mostly in the smooth endoplasmic reticulum.\n\n"
             "## Phase 2: Conjugation reactions\n\n"
             "Phase 2 reactions add substrates to the drug to make it more polar and easier to excrete.\n"
             "These occur in the cytosol, with the exception of glucuronidation, which is microsomal.\n")
    with _own_notes(tmp_path, "metabolism.md", notes) as tutor:
        ans = tutor.ask("wat do phase 2 reactions actualy do to a drug n where in the cell do they happen?")
        assert ans.kind == "answer", ans.text
        first = ans.text.strip().splitlines()[0]
        assert first.startswith("Phase 2 reactions add substrates"), ans.text
        phase1 = ans.text.find("Makes the drug more reactive")
        assert phase1 == -1 or ans.text.rfind("Phase 1: Increased reactivity", 0, phase1) != -1, ans.text  # under it


def test_an_explanation_line_on_one_option_says_which_option_it_is_about(tmp_path):
    # fresh50 az-6: "Append blobs are optimized for data append operations." was shown under "From the practice
    # question “Which of the following types of blobs are used to store virtual hard drive files?”" alone, where it
    # reads as that question's answer (the notes' answer is Page blobs)
    notes = ("# Blob Storage\n\nQuestion: Which of the following types of blobs are used to store virtual hard drive "
             "files?\n\n- [ ] Block blobs\n- [ ] Append blobs\n- [x] Page blobs\n\n"
             "Answer: Page blobs store random access files up to 8 TB in size, and are used to store virtual hard "
             "drive (VHD) files.\nAppend blobs are optimized for data append operations.\n"
             "Block blobs are made up of blocks of data that can be managed individually.\n")
    with _own_notes(tmp_path, "blobs.md", notes) as tutor:
        ans = tutor.ask("what are append blobs optimized for?")
        assert ans.kind == "answer", ans.text
        at = ans.text.index("Append blobs are optimized for data append operations.")
        label = ans.text[:at].rstrip().splitlines()[-1]
        assert "on the option “Append blobs”" in label, ans.text


def test_what_an_act_does_to_a_thing_is_asked_of_the_thing():
    # fresh50 az-1 ("What does turning on hierarchical namespace do for a storage account?") was read as a question
    # about "turning"; fresh17 med-4 ("What does tyramine do to catecholamine levels?") as one about "tyramine do
    # to catecholamine"
    assert read_question("What does turning on hierarchical namespace do for a storage account?").subjects == \
        ("hierarchical namespace",)
    assert read_question("What does enabling soft delete do?").subjects == ("soft delete",)
    assert read_question("What does tyramine do to catecholamine levels?").subjects == ("tyramine",)
    assert read_question("What does bleeding do to blood pressure?").subjects == ("bleeding",)  # the act is asked
    assert read_question("What does troponin do in muscle contraction?").subjects == ("troponin",)


def test_a_quoted_term_keeps_the_apostrophes_inside_its_words():
    # fresh50 hist-7: "What did the phrase 'the White Man's Burden' mean ...?" was read as "White Man" and "Burden"
    from tutor.intent import quoted
    assert quoted("What did the phrase 'the White Man's Burden' mean?") == ["the White Man's Burden"]
    assert read_question("What did the phrase 'the White Man's Burden' mean during the New Imperialism?").subjects \
        == ("the White Man's Burden", "New Imperialism")
    assert quoted("why doesn't it work, it's 'broken' they say") == ["broken"]


def test_that_idea_in_a_follow_up_is_what_was_just_discussed(tmp_path):
    # fresh50 hist-7: "Did France have its own version of that idea?" after a question on the White Man's Burden
    # was read as a new question about France and answered with lines on the French monarchy
    from tutor.rewrite import resolve
    assert resolve("Did France have its own version of that idea?", "the White Man's Burden") == \
        "Did France have its own version of the White Man's Burden?"
    assert resolve("does that process help?", "Pipe mode") == "does that process help?"  # not a shell noun
    notes = ("# Expansion\n\n"
             "**Manifest Destiny**: the belief that the settlers were destined to spread across the continent.\n\n"
             "**Lebensraum**: the German version; like Manifest Destiny, it held that the nation had a right "
             "to expand into land held by others.\n\n"
             "## Germany\n\n"
             "Germany was unified in 1871 under Prussian leadership.\n\n"
             "The German economy industrialised quickly after unification.\n\n"
             "Germany had its own parliament, the Reichstag, elected by all adult men.\n")
    with _own_notes(tmp_path, "expansion.md", notes) as tutor:
        first = tutor.ask("What did 'Manifest Destiny' mean?")
        assert "destined to spread" in first.text, first.text
        ans = tutor.ask("Did Germany have its own version of that idea?", [first.turn()])
        assert ans.kind == "answer", ans.text
        assert "Lebensraum" in ans.text.splitlines()[0], ans.text


def test_a_frame_before_the_question_and_a_verb_taking_to_are_not_the_subject():
    # fresh51 os-7: "As a data structure, what does a mutex need to keep track of?" named no subject at all, and
    # without its frame the subject was "mutex need to keep track"
    assert read_question("As a data structure, what does a mutex need to keep track of?").subjects == ("mutex",)
    assert read_question("what does the kernel have to save on a context switch?").subjects == ("kernel",)
    assert read_question("In Britain, what is devolution?").subjects == ("devolution",)
    # fresh51 hist-8: the frame "For comp gov" was read as a compared side
    assert read_question("For comp gov, how does a two-round runoff work, and how is it different from "
                         "first-past-the-post?").subjects == ("two-round runoff", "first-past-the-post")


def test_two_names_compared_with_a_third_are_three_sides():
    assert read_question("how are alpha and lambda different from gamma?").subjects == ("alpha", "lambda", "gamma")
    assert read_question("how do pipes and sockets differ from shared memory?").subjects == \
        ("pipes", "sockets", "shared memory")
    assert read_question("How is the Calvin cycle different from glycolysis?").subjects == ("Calvin cycle", "glycolysis")


def test_what_about_names_the_follow_ups_subject():
    assert read_question("ok and what about a condition variable, what does that one need to store?").subjects == \
        ("condition variable",)
    assert read_question("What about the sympathetic side - what does it do to them?").subjects == ("sympathetic",)
    assert read_question("what about the other one?").subjects == ()
    assert read_question("what about it?").subjects == ()


def test_an_article_inside_a_hyphenated_name_is_part_of_it():
    from tutor.compose import subject_stems
    assert subject_stems("first-past-the-post") == ["first", "past", "the", "post"]
    assert subject_stems("GABA-A receptors") == ["gaba", "receptor"]
    assert subject_stems("the Battle of the Nations") == ["battl", "of", "nation"]


VOTING = ("# Elections\n\n"
          "## Election Systems\n\n"
          "- single-member-district (SMD): gives seats only to the candidate with the most votes in each district\n"
          "- **first-past-the-post**: the candidate with the plurality wins and the other parties don't get anything\n"
          "- proportional representation (PR): gives parties seats based on the percent of vote they receive\n\n"
          "## Synchronization\n\n"
          "A mutex is a lock that protects data shared among threads.\n\n"
          "The mutex data structure should store its lock status, its owner and the threads blocked on it.\n\n"
          "A condition variable is used together with a mutex to wait until a condition holds.\n\n"
          "The condition variable data structure should store a reference to its mutex and a list of waiting "
          "threads.\n")


def test_a_side_with_a_word_the_notes_never_use_is_not_named_by_shared_words():
    # fresh51 hist-8: "... how does a two-round runoff or ranked-choice voting system work, and how is it
    # different from first-past-the-post?": the first-past-the-post lines ("the most votes") were shown as if they
    # compared the two, though the notes never use "runoff"
    intent = read_question("how does a runoff voting system work, and how is it different from first-past-the-post?")
    assert intent.subjects == ("runoff voting system", "first-past-the-post")
    comp = Composition(True, missing=["runoff voting system"])
    shown = Selection(True, 0.9, [_st("single-member district: the candidate with the most votes wins.")])
    assert not _compares_unknowns(intent, comp, shown)  # "votes" is a word of the side, shown
    comp.absent = ["runoff"]  # ... but the notes never use "runoff"
    assert _compares_unknowns(intent, comp, shown)
    # fresh48 hist-1: "... a regime and a government in comp gov?": "comp gov" is where the student met it
    intent = read_question("whats the difference between a regime and a government in comp gov?")
    comp = Composition(True, missing=["government in comp gov"])
    comp.absent = ["comp", "gov"]
    shown = Selection(True, 0.9, [_st("government: people exercising power")])
    assert not _compares_unknowns(intent, comp, shown)


def test_a_pronoun_after_the_follow_ups_own_subject_stands_for_it(tmp_path):
    # fresh51 os-7: "ok and what about a condition variable, what does that one need to store?" after a mutex
    # question was asked of the mutex ("what does mutex need to store?")
    with _own_notes(tmp_path, "notes.md", VOTING) as tutor:
        first = tutor.ask("What does a mutex need to store?")
        assert "lock status" in first.text, first.text
        ans = tutor.ask("ok and what about a condition variable, what does that one need to store?", [first.turn()])
        assert ans.kind == "answer", ans.text
        assert "condition variable" in ans.text.splitlines()[0], ans.text
        # what was searched: the pronoun read as the condition variable, the mutex only as context
        assert "what does condition variable need to store" in ans.query and "does mutex" not in ans.query, ans.query


def test_a_name_opening_on_a_lower_case_letter_and_a_hyphen_is_one_name():
    # fresh51 ml-8: "t-SNE" was read as "SNE", and the line "- t-Distributed Stochastic Neighbor Embedding (t-SNE)"
    # (a name alone, under "Dimension Reduction") was given as the answer to when to use it
    from tutor.intent import names_in
    assert names_in("When should I use t-SNE instead of PCA?") == ["t-SNE", "PCA"]
    assert bare_name("t-Distributed Stochastic Neighbor Embedding (t-SNE)")
    assert not bare_name("t-SNE keeps neighbours close together")


def test_a_line_opening_in_bold_and_going_on_is_a_statement_not_a_title():
    # fresh51 med-6: "**Electrolytes dissociate** when dissolved in fluids (1 mmol → 1 mEq)" and "**Mole:** Molecular
    # weight of a substance in grams", each with a line right under it, were read as titles and never shown
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["# Units", "**Mole:** Molecular weight of a substance in grams", "1 mol of Na = 23g", "",
             "**Electrolytes dissociate** when dissolved in fluids (1 mmol → 1 mEq)",
             "**Non-electrolytes do not dissociate** when dissolved in fluids (1 mmol → # ions mEq)",
             "", "**Currents**", "- flow from high to low potential"]
    p = Passage("c1", "notes.md", "Units", 1, len(lines), "prose", "\n".join(lines))
    found = {s.text: s for s in statements(p, lines)}
    assert "Electrolytes dissociate when dissolved in fluids (1 mmol → 1 mEq)" in found, list(found)
    assert found["Mole: Molecular weight of a substance in grams"].subject == "Mole", list(found)
    assert "Currents" not in found  # a title over a list still names the list


def test_two_everyday_words_written_as_one_are_no_specialist_word_unless_they_are_the_subject(tmp_path):
    # fresh52 med-3: "When would inhalation be a good route to give a drug, and what's the downside?" was declined
    # ("They never mention “downside”"): the word-piece vocabulary has "down" and "side" but not "downside", so the
    # coverage model read it as a specialist term the notes lack
    from tutor.vocabulary import everyday, everyday_compound
    assert everyday_compound("downside") and everyday_compound("drawback") and not everyday("downside")
    assert not everyday_compound("mutex") and not everyday_compound("hyperpod")
    notes = ("# Routes\n\n## Inhalation\nAbsorbed through the lungs and deposited into blood. Good for lung targets. "
             "Can be exhaled before absorption.\n\n**Bioavailability**: Varies by particle size\n\n"
             "## Intravenous\nGiven straight into a vein. Fast onset.\n\n**Bioavailability**: 100%\n")
    with _own_notes(tmp_path, "routes.md", notes) as tutor:
        ans = tutor.ask("When would inhalation be a good route to give a drug, and what's the downside? "
                        "What's its bioavailability?")
        assert ans.kind == "answer", ans.text
        assert "exhaled before absorption" in ans.text and "particle size" in ans.text, ans.text
        # the subject itself is kept whatever it is made of: a compound the notes never use is still missing
        gone = tutor.ask("What is a spinlock?")
        assert gone.kind == "not_covered", gone.text


def test_a_verb_inside_a_hyphenated_word_does_not_end_the_subject_and_an_owner_s_named_thing_is_asked():
    # fresh52 ml-1: "How does SageMaker's built-in k-NN algorithm work ...?" was read as "how SageMaker's is built"
    # and led with a row on Script Mode training
    from tutor.intent import read_question
    assert read_question("How does SageMaker's built-in k-NN algorithm work?").subjects == ("k-NN algorithm",)
    assert read_question("How is a red-black tree built?").subjects == ("red-black tree",)
    assert read_question("How does the queueing lock work?").subjects == ("queueing lock",)


def test_a_line_naming_both_compared_sides_and_what_they_share_leads():
    # fresh52 hist-2: "Zwingli vs Luther: what did they have in common ...?" led with Zwingli's death and two lines
    # labelled "Luther" torn from other questions; the notes' line "Ulrich Zwingli and Martin Luther both began
    # their respective reforms through public unrest and preaching" came last
    from tutor.compose import TWO_SIDES_RE
    assert TWO_SIDES_RE.search("Zwingli and Martin Luther both began their reforms through preaching")
    assert TWO_SIDES_RE.search("Mitosis and meiosis have the spindle in common")
    assert not TWO_SIDES_RE.search("Zwingli and Luther met at Marburg in 1529")


def test_a_pointer_to_another_note_is_no_statement():
    # fresh52 med-4: "Give me the list of important drug transporters" led with "See here: Drug Metabolism"
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["# Metabolism", "See here: [[Drug Metabolism]]",
             "See here for a primer on signaling subunits s, i, and q: [[Signal Transduction Primer#G proteins]]",
             "See the table below: phase I reactions add a polar group.", "The liver metabolises most drugs."]
    p = Passage("c1", "m.md", "Metabolism", 1, len(lines), "prose", "\n".join(lines))
    got = [s.text for s in statements(p, lines)]
    assert not any(t.startswith("See here") for t in got), got
    assert "The liver metabolises most drugs." in got and any("phase I reactions" in t for t in got), got


def test_a_time_the_student_puts_on_a_compared_side_is_no_part_of_its_name(tmp_path):
    # fresh53 hist-2: "How was theater in 17th-century France different from theater in England and Spain?" was
    # declined ("nothing about “theater in 17th-century France”") over notes asking that very question without the date
    notes = ("# The Seventeenth Century\n\n## Culture\n\n"
             "- How was theater in France different from that in England and Spain?\n"
             "  - French theater focused more on the elite audience and relied on its royal patronage.\n"
             "- Explain the diversity of England's theater scene.\n"
             "  - The theaters held almost 3,000 people and charged very little so all classes could attend.\n"
             "- Who was Spain's most famous playwright?\n"
             "  - Lope de Vega, who wrote his plays to please his audience.\n")
    with _own_notes(tmp_path, "culture.md", notes) as tutor:
        ans = tutor.ask("How was theater in 17th-century France different from theater in England and Spain?")
        assert ans.kind == "answer", ans.text
        assert "royal patronage" in ans.text, ans.text


def test_a_clause_setting_the_scene_is_no_side_and_a_plural_head_is_said_of_both_sides():
    # fresh53 az-4: "Once a consumer reads a message, what happens to it in Service Bus versus Event Hubs versus Queue
    # Storage?" compared "Once a consumer reads a message" with Event Hubs and Queue Storage, and was declined;
    # fresh53 ml-1: "the alpha and lambda hyperparameters" compared "alpha" with "lambda hyperparameters"
    from tutor.intent import read_question
    assert read_question("Once a consumer reads a message, what happens to it in Service Bus versus Event Hubs "
                         "versus Queue Storage?").subjects == ("Service Bus", "Event Hubs", "Queue Storage")
    assert read_question("In XGBoost, what's the difference between the alpha and lambda hyperparameters?").subjects \
        == ("alpha hyperparameters", "lambda hyperparameters")
    assert read_question("clustering vs collaborative filtering?").subjects == ("clustering", "collaborative filtering")
    assert read_question("what is the difference between agonists and partial agonists?").subjects == \
        ("agonists", "partial agonists")


def test_a_word_every_compared_side_shares_does_not_stand_for_a_side(tmp_path):
    # fresh53 ml-1: "lambda hyperparameters" was read as "hyperparameters" (the rarer word in notes where "Lambda" is
    # also an AWS service), and a line on optimizer hyperparameters was labelled as the lambda side
    notes = ("# XGBoost\n\n## Optional\n\n"
             "- **alpha:** L1 (lasso) regularization term on weight. Increasing it makes the model more conservative\n"
             "- **lambda:** L2 (ridge) regularization term on weight. Increasing it makes the model more conservative\n\n"
             "# Serverless\n\nAWS Lambda runs code without servers.\n\n## Scaling\n\nLambda functions scale on their own.\n\n"
             "## Firehose\n\nA Lambda function can transform records before they are stored.\n\n## Cost\n\n"
             "Lambda is billed per request.\n\n## Formats\n\nUse Lambda to convert CSV to JSON first.\n\n"
             "# Tuning\n\nOptimizer hyperparameters are related to how the model learns the patterns in the data.\n\n"
             "Model hyperparameters define the model itself, like the filter size of a network.\n\n"
             "Data hyperparameters are related to the attributes of the data, like cropping.\n")
    with _own_notes(tmp_path, "xgb.md", notes) as tutor:
        ans = tutor.ask("In XGBoost, what's the difference between the alpha and lambda hyperparameters?")
        assert ans.kind == "answer", ans.text
        assert "L2 (ridge)" in ans.text and "L1 (lasso)" in ans.text, ans.text
        assert "Optimizer hyperparameters" not in ans.text, ans.text


def test_a_measure_asked_of_a_thing_whose_lines_give_no_number_is_not_covered(tmp_path):
    # fresh53 az-8: "What's the maximum size of a secret value I can store in Azure Key Vault?" was answered with the
    # block blob's maximum size; ml-8 (an endpoint's payload limit) with CloudTrail lines naming InvokeEndpoint
    notes = ("# Key Vault\n\nKey Vault stores secrets, keys and certificates.\n\n"
             "Set secret: az keyvault secret set --vault-name myvault --name Example --value hunter\n\n"
             "Retrieve secret: az keyvault secret show --name Example (the value property contains the secret value)\n\n"
             "# Blob Storage\n\nBlock blobs can store up to about 190.7 TiB of data.\n\n"
             "Page blobs store random access files up to 8 TB in size.\n")
    with _own_notes(tmp_path, "azure.md", notes) as tutor:
        gone = tutor.ask("What's the maximum size of a secret value I can store in Key Vault?")
        assert gone.kind == "not_covered", gone.text
        assert "mention “secret value”, but none of their lines on it gives a number" in gone.text, gone.text
        ans = tutor.ask("What's the maximum size of a block blob?")
        assert ans.kind == "answer" and "190.7" in ans.text, ans.text



def test_a_hyphened_word_is_read_as_the_notes_one_word_unless_they_hyphen_it_too():
    from tutor import spelling

    index = _notes_index("Check your email daily. Retrieval uses KNN over the embeddings. Use KNN for lookups.")
    q, changed = spelling.correct("How do I filter e-mail with k-NN?", index)
    assert q == "How do I filter email with KNN?", q
    assert ("k-NN", "KNN") in changed
    # notes that write the hyphened form themselves are asked in their own words
    both = _notes_index("Check your email. An e-mail has a header.")
    assert spelling.correct("What is in an e-mail?", both)[0] == "What is in an e-mail?"


def test_a_question_asking_for_numbers_is_a_number_question():
    # fresh54 ml-6: "what numbers should i remember for SageMaker Neo's advantages?" was declined over notes whose
    # "Advantages of Neo" list gives "upto 2x better performance" and "memory is reduced 10x": read as a general
    # question, none of its lines held enough of its words
    intent = read_question("what numbers should i remember for SageMaker Neo's advantages?")
    assert intent.kind == "number" and intent.subjects == ("SageMaker Neo",)
    assert read_question("Which figures do the notes give for the Great Exhibition?").kind == "number"
    assert read_question("What is the number of the beast?").kind != "number"


def test_the_downsides_of_a_thing_are_what_its_cons_heading_lists(tmp_path):
    # fresh54 os-5: "what are the downsides of a microkernel design?" was read as defining "downsides" and answered
    # with the microkernel's one pro
    assert read_question("For the exam, what are the main downsides of a microkernel design?").subjects == \
        ("microkernel design",)
    notes = ("# Contrast the OS designs\n\n## Monolithic kernel\n\n### Pros\n\n* Everything included\n* Inlining, compile-time "
             "optimizations\n\n### Cons\n\n* No customization\n* Large memory footprint\n\n## Modular\n\n### Pros\n\n"
             "* Maintainability\n* Smaller footprint\n\n### Cons\n\n* Indirection reduces optimization\n\n"
             "## Microkernel\n\n### Pros\n\n* Size\n* Verifiability for embedded devices\n\n### Cons\n\n"
             "* Bad portability, often customized to the hardware\n* Expensive cost of frequent user/kernel crossing\n")
    with _own_notes(tmp_path, "os.md", notes) as tutor:
        ans = tutor.ask("For the exam, what are the downsides of a microkernel design?")
        lead = ans.text.split("\n\n")[0]
        assert ans.kind == "answer" and ("portability" in lead or "user/kernel" in lead), ans.text
        assert "Maintainability" not in ans.text and "Everything included" not in ans.text, ans.text
        mono = tutor.ask("what are the advantages of a monolithic kernel?")
        assert mono.text.startswith("Under “Monolithic kernel › Pros”") and "Smaller footprint" not in mono.text, mono.text


def test_a_number_asked_for_comes_first_with_its_line_after_it(tmp_path):
    # fresh54 os-3: "Is there a cap on how many SysV shared memory segments Linux lets you create?" showed the
    # number ("the limit is 4000 segments") as the fourth sentence of its line, after three that lead up to it
    notes = ("# Shared memory\n\n## SysV shared memory\n\n"
             "The operating system supports segments of shared memory, which need not be contiguous physical pages. "
             "The operating system treats shared memory as a shared resource using system wide policies. "
             "That means that there is a limit on the total number of segments and their total size. "
             "Currently in Linux the limit is 4000 segments, although in the past it was as few as 6.\n\n"
             "When a process creates a segment, the operating system assigns it a unique key.\n")
    with _own_notes(tmp_path, "ipc.md", notes) as tutor:
        ans = tutor.ask("Is there a cap on how many SysV shared memory segments Linux lets you create?")
        assert ans.kind == "answer" and ans.text.startswith("Currently in Linux the limit is 4000 segments"), ans.text
        assert "The operating system treats shared memory" in ans.text  # the rest of its line still follows


def test_how_the_student_feels_and_their_own_gloss_are_no_part_of_a_side():
    # fresh55 med-4: "I'm confused about multiunit vs unitary (single-unit) smooth muscle. ..." was declined: "I
    # found nothing about “I'm confused about multiunit” or “unitary (single-unit) smooth muscle”"
    intent = read_question("I'm confused about multiunit vs unitary (single-unit) smooth muscle. How do they differ "
                           "and where is each found?")
    assert intent.kind == "comparison" and intent.subjects == ("multiunit", "unitary smooth muscle")
    # a short form after a whole name stays: it is the name's other name
    assert read_question("Kinesis Producer Library (KPL) vs Kinesis Agent?").subjects[0] == "Kinesis Producer Library (KPL)"
    assert read_question("I don't really get paging vs segmentation").subjects == ("paging", "segmentation")


def test_a_misspelt_word_of_stress_is_read_as_that_word_and_leaves_the_subject():
    # fresh55 med-2: "whats disulfiram actualy do ...?" was declined: "I found nothing about “disulfiram actualy”"
    from tutor import spelling

    index = _notes_index("Disulfiram inhibits aldehyde dehydrogenase. It causes a buildup of acetaldehyde.")
    q, changed = spelling.correct("whats disulfiram actualy do and why does it help people stop drinking", index)
    assert ("actualy", "actually") in changed, changed
    assert read_question(q).subjects == ("disulfiram",)


def test_a_hyphened_name_is_one_word_to_the_keyword_search():
    # fresh55 os-2: "the pros and cons of the many-to-one threading model" was answered from the many-to-many
    # passages: the keyword search read both as "many ... one", and the notes' "Many-to-One Model" section was
    # never retrieved
    from ingest.keyword import KeywordIndex

    texts = ["In the many-to-many model one or more user threads run on one or more kernel threads: many user threads, "
             "many kernel threads, and one process.",
             "### Many-to-One Model\nAll of the user level threads for a process are mapped onto a single kernel level "
             "thread, and a library at the user level decides which user thread runs."]
    index = KeywordIndex.build(["many", "one"], texts)
    assert index.search("pros and cons of the many-to-one threading model", k=3)[0][0] == "one"
    assert index.search("how does many-to-many work", k=3)[0][0] == "many"


def test_a_definition_opening_on_its_subject_leads_with_what_leans_on_it_after_it(tmp_path):
    # fresh55 med-2: "whats disulfiram actualy do ...?" opened on two sentences about methanol poisoning, the
    # sentences of the same note line before the one on disulfiram
    notes = ("# Drug metabolism\n\n## Alcohol\n\n"
             "Ethanol used to be given to patients to treat methanol poisoning. Now fomepizole is used. Disulfiram "
             "inhibits aldehyde dehydrogenase (acetaldehyde to acetic acid). It causes a buildup of acetaldehyde, which "
             "produces unpleasant effects useful in treating alcohol use disorder.\n\n"
             "## Other\n\nAllopurinol inhibits the formation of uric acid from xanthine.\n")
    with _own_notes(tmp_path, "drugs.md", notes) as tutor:
        ans = tutor.ask("What does disulfiram do?")
        rows = ans.text.split("\n")
        assert ans.kind == "answer" and rows[0].startswith("Disulfiram inhibits aldehyde dehydrogenase"), ans.text
        assert rows[1].startswith("It causes a buildup of acetaldehyde"), ans.text


def test_a_follow_up_asking_whether_the_sides_differ_too_compares_them_again(tmp_path):
    # fresh55 az-7: "Do the HTTP headers differ too, or is it just the body?" after "What's the difference between
    # the CloudEvents schema and the Event Grid schema?" was read as a new question on "HTTP" and answered with Blob
    # Storage's metadata headers
    notes = ("# Event Grid\n\n## Schemas\n\nThe CloudEvents schema is an open standard; the Event Grid schema is "
             "Azure's own, with eventType and eventTime fields.\n\n"
             "The header values for CloudEvents and Event Grid schemas are identical except for the content-type.\n\n"
             "# Blob Storage\n\n## Metadata\n\nMetadata name/value pairs are valid HTTP headers and follow the rules "
             "for HTTP headers.\n")
    with _own_notes(tmp_path, "azure.md", notes) as tutor:
        first = tutor.ask("What's the difference between the CloudEvents schema and the Event Grid schema?")
        ans = tutor.ask("Do the HTTP headers differ too, or is it just the body?", [first.turn()])
        assert ans.kind == "answer" and "identical except for the content-type" in ans.text, ans.text
        assert "Metadata name/value pairs" not in ans.text.split("\n\n")[0], ans.text


def test_how_many_inside_a_clause_is_no_number_asked():
    # fresh55 az-5: "How should I set the Service Bus prefetch count, high or low? Does it depend on how many
    # receivers I have?" was read as asking a number, and its line was cut to the clause with "20 times" - before
    # "Use a smaller prefetch count when dealing with a large number of receivers", what was asked
    assert read_question("How should I set the Service Bus prefetch count, high or low? Does it depend on how many "
                         "receivers I have?").kind != "number"
    assert read_question("Does the cost depend on how much data I store?").kind != "number"
    assert read_question("How many receivers can a Service Bus queue have?").kind == "number"
    assert read_question("Is there a cap on how many SysV shared memory segments Linux lets you create?").kind == "number"
    assert read_question("Roughly how much does a throughput unit cost?").kind == "number"


def test_a_not_covered_answer_never_quotes_a_clause_of_the_student_as_a_name(tmp_path):
    # fresh54 az-8: "How do I avoid cold starts for Azure Functions - ...?" was declined rightly, but said "I found
    # nothing about “I avoid cold starts for Azure”" ("Functions" read as the verb of "how ... functions")
    notes = ("# Blob Storage\n\n## Access tiers\n\nHot, Cool, Cold and Archive tiers trade storage cost against access "
             "cost. Min retention period: 30 days (Cool), 90 days (Cold), 180 days (Archive).\n\n"
             "## Service Bus\n\nPremium: fixed pricing. Standard: pay as you go.\n")
    with _own_notes(tmp_path, "azure.md", notes) as tutor:
        ans = tutor.ask("How do I avoid cold starts for Azure Functions - do I need the Premium plan instead of the "
                        "Consumption plan?")
        assert ans.kind == "not_covered" and "“I avoid" not in ans.text, ans.text


def test_a_word_the_notes_write_with_an_accent_is_theirs_without_it():
    # fresh56 hist-6: "what was detente ...?" was answered "Your notes never use “detente”" over the notes' "Détente"
    from ingest.terms import keyterms
    from tutor import spelling

    index = _notes_index("Détente was marked by a reduction of tensions between the two superpowers.")
    q, changed = spelling.correct("what was detente and what were the main examples of it?", index)
    assert ("detente", "détente") in changed and "détente" in q, (q, changed)
    assert keyterms("Détente") == keyterms("detente") == frozenset({"detent"})


def test_a_verb_form_of_an_everyday_word_is_no_misspelling():
    # fresh56 os-3: "I'm revising for a quiz tomorrow ..." was told "I read “revising” as “rising”"
    from tutor import spelling

    index = _notes_index("The water level is rising. Rising rates hurt performance under load.")
    q, changed = spelling.correct("I'm revising for a quiz tomorrow, what is rising?", index)
    assert "revising" in q and not changed, (q, changed)
    q, changed = spelling.correct("what does the water levle do?", index)
    assert ("levle", "level") in changed, changed  # a slip off a word of the notes is still read as it


def test_a_pronoun_of_the_question_is_the_thing_the_student_said_they_do_not_get():
    # fresh56 os-3: "... and I still don't get the queueing lock. How does it actually work, and what are its
    # downsides?" was read with no subject and answered from the performance comparison of every spinlock
    from tutor.intent import named_before

    q = ("I'm revising for a quiz tomorrow on the spinlock alternatives paper and I still don't get the queueing lock. "
         "How does it actually work, and what are its downsides?")
    assert named_before(q) == "How does queueing lock actually work, and what are queueing lock downsides?"
    assert read_question(q).subjects == ("queueing lock",)
    # two things named are read from the whole message as sides; a request after the question names nothing
    both = "I'm confused about multiunit vs unitary smooth muscle. How do they differ?"
    assert named_before(both) == both
    after = "If no tracer stays in one compartment, how can you estimate its size? Show me with an example."
    assert named_before(after) == after


def test_the_question_after_what_the_student_does_not_get_is_searched_alone(tmp_path):
    notes = ("# Spinlocks\n\n## Performance comparisons\n\nUnder high load, the queueing lock performs the best. Under "
             "light loads, test_and_set performs best, and the overhead of every lock was measured against an ideal.\n\n"
             "## Queueing Lock\n\nThe queueing lock uses an array of flags with one element per thread; each element is "
             "either has_lock or must_wait. A thread arriving at the lock takes a ticket, its place in the queue.\n\n"
             "## Barriers\n\nA barrier makes threads wait until all of them arrive.\n")
    with _own_notes(tmp_path, "locks.md", notes) as tutor:
        ans = tutor.ask("I'm revising for a quiz on the lock paper and I still don't get the queueing lock. How does it "
                        "actually work?")
        assert ans.kind == "answer" and ans.text.startswith("The queueing lock uses an array of flags"), ans.text


def test_a_sentence_leading_into_a_long_computation_is_not_shown_cut_off():
    # an outside reader of the corpora eval (cs-os-c24): "Thus the average time per order was [2]" - the notes give
    # the figure in a code block of several lines after it, which no answer line reads in
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["## Boss/workers", "The first five orders took 120ms to complete. The final order had to wait 240ms and "
             "then took 120ms to complete. Thus the average time per order was", "", "```ruby", "total_orders = 11",
             "total_time = (120 * 5) + (2 * 120 * 5)", "avg = total_time / total_orders", "puts avg", "```", "",
             "The rest of the chapter compares models, and the time per order is", "", "```", "196ms", "```"]
    p = Passage("c", "t.md", "Boss/workers", 1, len(lines), "prose", "\n".join(lines))
    got = [s.text for s in statements(p, lines)]
    assert "The final order had to wait 240ms and then took 120ms to complete." in got, got
    assert not any(t.startswith("Thus the average time per order") for t in got), got
    # a short block after it is read in, as before ("was" now leads into code too)
    assert "The rest of the chapter compares models, and the time per order is `196ms`." in got, got


def test_a_side_is_not_led_by_a_line_far_below_its_best_for_a_word_shared_with_the_other_side(tmp_path):
    # an outside reader of the corpora eval (aec-c30): "**perestroika**: He also created a new state presidency ..."
    # was paired with glasnost's line for the "USSR" both say, over the line saying what perestroika was
    notes = ("# The Soviet Union\n\n## Reform\n\n- A new era began under Mikhail Gorbachev.\n"
             "  - The cornerstone of his reforms was *perestroika*, “restructuring”. This included the beginnings of a "
             "market economy with some private property.\n"
             "    - One of the most important instruments was *glasnost*, or “openness”, in which Soviets were "
             "encouraged to discuss the strengths and weaknesses of the USSR.\n"
             "    - He also created a new state presidency, and he became the first president of the USSR.\n"
             "    - Ethnic groups throughout the USSR took advantage of glasnost and began to protest for more rights.\n\n"
             "## Collapse\n\nThe Soviet Union dissolved in 1991.\n")
    with _own_notes(tmp_path, "ussr.md", notes) as tutor:
        ans = tutor.ask("How is perestroika different from glasnost?")
        first = ans.text.split("\n")[0]
        assert ans.kind == "answer" and "The cornerstone of his reforms was" in first, ans.text


def test_a_question_asking_for_a_name_is_remembered_as_the_name_its_answer_gives():
    # the corpora eval's mpp-c29: after "Which enzyme is the rate-limiting step ...?" the follow-up "Is there a drug
    # that blocks it?" was searched with the first question's words and led with VMAT blockers
    from tutor.answer import _as_named
    first = "**TL;DR**: Tyrosine hydroxylase is the rate limiting step and requires the cofactor BH4 [1]"
    assert _as_named("", "Which enzyme is the rate-limiting step in making catecholamines?", first) == \
        "Tyrosine hydroxylase"
    assert _as_named("algorithm", "Which algorithm is used for anomaly detection?",
                     "Random Cut Forest is an unsupervised algorithm [1]") == "Random Cut Forest"
    assert _as_named("Russia", "Who was the first tsar of Russia?",
                     "Ivan IV the Terrible was the first to take the title tsar [1]") == "Ivan IV the Terrible"
    # a name the question gives stays; so does the subject of a question asking no name
    assert _as_named("Calvin", "Who was Calvin?", "Calvin was a reformer. [1]") == "Calvin"
    assert _as_named("", "What is RAM?", "RAM is memory [1]") == ""
    assert _as_named("", "Which enzyme is the rate-limiting step?", "The rate-limiting step is slow [1]") == ""


def test_a_quote_mark_cut_from_its_partner_is_no_part_of_a_subject():
    # fresh57 med-7: "What's a 'quantum' of acetylcholine ...?" was remembered as "quantum'", and the follow-up's
    # "they" was searched as that
    assert read_question("What's a 'quantum' of acetylcholine at the neuromuscular junction?").subjects == ("quantum",)
    assert read_question("What is 'the White Man's Burden'?").subjects == ("White Man's Burden",)
    assert read_question("What were the Jacobins' goals?").subjects == ("Jacobins' goals",)


def test_what_a_section_says_first_defines_what_its_heading_names_and_a_line_adding_to_another_comes_after_it(tmp_path):
    # fresh57 med-7: "what are MINIs?" was answered only by the section's last line ("... this spontaneous event
    # will affect the post-synaptic cell"), which shares more words with the question before it; fresh57 os-6 led
    # with "In addition, we can configure ..." above the paragraph it adds to
    notes = ("# Neuromuscular Junction\n\n## Electrical events\n\nA **quanta** is the smallest unit of neurotransmitter "
             "which can be released at a time. The more quanta, the more depolarization.\n\n"
             "## Miniature spontaneous synaptic events (MINIs)\n\nThere is the possibility the post-synaptic cell can "
             "experience spontaneous depolarization which occurs when individual ACh vesicles are released without a "
             "presynaptic action potential.\n\nAs the number of vesicles (and quanta of ACh) released will always be "
             "enough to trigger an action potential, this spontaneous event will affect the post-synaptic cell.\n\n"
             "# Swapping\n\n## Which pages should be swapped out?\n\nIn Linux, a number of parameters are available to "
             "help configure the swapping nature of the system. This includes the threshold page count that "
             "determines when pages start getting swapped out.\n\nIn addition, we can configure how many pages should "
             "be replaced during a given period of time. Linux also categorizes the pages into different types, such "
             "as claimable and swappable, which helps inform the swapping algorithm as to which pages can be "
             "replaced.\n\nFinally, the default replacement algorithm in Linux is a variation of LRU.\n")
    with _own_notes(tmp_path, "notes.md", notes) as tutor:
        ans = tutor.ask("What are MINIs, and how do quanta of ACh released relate to them?")
        lines = [x for x in ans.text.split("\n") if x.strip() and not x.startswith("*")]
        assert lines and lines[0].startswith("There is the possibility"), ans.text
        ans = tutor.ask("When does Linux decide to swap pages out, and how does it choose which pages to replace?")
        assert ans.text.index("In Linux, a number of parameters") < ans.text.index("In addition, we can configure"), \
            ans.text


def test_a_short_form_the_student_spells_out_in_the_question_is_named_by_those_words(tmp_path):
    # fresh57 os-5: "... split the process control block into hard and light process state instead of keeping one
    # big PCB?" took "PCB" as the subject, and the line answering it, which says "process control block", counted
    # as not naming it: a line on the PCB's fields led
    from tutor.compose import spelled_out
    q = "Why would the OS split the process control block into hard and light process state instead of one big PCB?"
    assert spelled_out("PCB", q) == ["process control block"]  # (as the words are read: lower case)
    assert spelled_out("OS", q) == [] and spelled_out("process", q) == []
    notes = ("# Processes\n\n## Process Control Block\n\nThe PCB is created when the process is created. Certain fields "
             "of the PCB may be changed when process state changes, such as the memory mappings of the process.\n\n"
             "# Threads\n\n## Hard and Light Process State\n\nWe can split up the information in the process control "
             "block into hard process state, relevant for all user level threads of a process, and light process "
             "state, relevant only to the user level threads of one kernel level thread.\n")
    with _own_notes(tmp_path, "os.md", notes) as tutor:
        ans = tutor.ask(q)
        assert ans.kind == "answer" and ans.text.startswith("We can split up the information"), ans.text


def test_it_after_a_request_naming_one_thing_is_that_thing_and_no_side_runs_past_its_sentence():
    # fresh58 med-6: "Explain the Goldman-Hodgkin-Katz equation to me. How is it different from the Nernst equation?"
    # was read with the side "Goldman-Hodgkin-Katz equation to me. How is it", shown as the label of its lines
    intent = read_question("Explain the Goldman-Hodgkin-Katz equation to me. How is it different from the Nernst "
                           "equation?")
    assert intent.kind == "comparison" and intent.subjects == ("Goldman-Hodgkin-Katz equation", "Nernst equation")
    # a name before the pronoun is still what it stands for
    assert read_question("I still don't get the queueing lock. How does it work?").subjects == ("queueing lock",)


def test_a_formula_on_its_own_line_is_read_with_the_sentence_leading_into_it():
    # fresh58 med-6 (a reader): "$I_{Na} + I_K = 0$" was shown without "At steady state ...", reading as a general law
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["## Multi-Ion Membrane Potential", "At steady state for the ions Na+ and K+, the following would be the "
             "derived equation:", "$I_{Na} + I_K = 0$", "", "Therefore:", "- $I_{Na} = G_{Na}(V_m - E_{Na})$"]
    p = Passage("c", "m.md", "Multi-Ion Membrane Potential", 1, len(lines), "prose", "\n".join(lines))
    got = [s.text for s in statements(p, lines)]
    assert any(t.startswith("At steady state") and t.endswith("$I_{Na} + I_K = 0$") for t in got), got
    assert "$I_{Na} + I_K = 0$" not in got, got


def test_those_standing_alone_and_it_set_against_the_subject_lean_on_what_was_said_before():
    # fresh58 ml-7: "Which SageMaker SDK methods go with those?" was searched without the ways to get predictions
    # asked about before it; fresh57 ml-7: "When would I use the plain Kinesis API instead of it?" without the KPL
    from tutor.answer import leans_back
    for q in ("Which SageMaker SDK methods go with those?", "When would I use the plain Kinesis API instead of it?"):
        assert leans_back(q, read_question(q)), q
    # its own subject before "it" is what "it" stands for
    q = "What does Pipe mode do and when should I use it?"
    assert not leans_back(q, read_question(q)), q


def test_the_later_sentences_of_a_line_named_by_the_code_above_it_stay_of_that_line():
    # fresh57 os-1 (a reader): "If you pass it the same arguments you will always get the same key. It's basically a
    # hashing function." was shown without "This function (`ftok(...)`) generates a token ...", whose lines had
    # moved to the code's when the call was read into it
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["## SysV Shared Memory API", "To generate this key, we can use", "", "```c", "ftok(pathname, proj_id)",
             "```", "", "This function generates a token based on its arguments. If you pass it the same arguments you "
             "will always get the same key. It's basically a hashing function."]
    p = Passage("c", "ipc.md", "SysV Shared Memory API", 1, len(lines), "prose", "\n".join(lines))
    got = {s.text: s for s in statements(p, lines)}
    first = next(s for t, s in got.items() if t.startswith("This function (`ftok(pathname, proj_id)`)"))
    later = got["If you pass it the same arguments you will always get the same key."]
    assert later.context == first.text and later.start_line == first.start_line, (first, later)


def test_a_short_sentence_above_a_list_is_no_term_labelling_its_items():
    # fresh57 az-2 and the corpora eval (def-auc, az204-c01): "**Made of collagen, support cells, and blood
    # vessels.**: Epineurium ...", "**The AUC metric returns a decimal value from 0 to 1.**: AUC values near 1 ..."
    from tutor.answer import _label
    item = Statement("Epineurium (outside nerve): Outermost layer", "pns.md", 9, 9, "Nerve coverings", "list",
                     context="Made of collagen, support cells, and blood vessels.")
    assert _label(item, item.text) == ""
    # a short term above its items still labels them, and so does a sentence that announces them
    assert _label(item.__class__(**{**item.__dict__, "context": "Nerve coverings"}), item.text) == "**Nerve coverings**: "
    announcing = item.__class__(**{**item.__dict__, "context": "There are three layers, as follows."})
    assert _label(announcing, item.text).startswith("**There are three layers")


def test_an_ending_written_as_it_sounds_and_a_name_the_student_calls_their_own(tmp_path):
    # fresh59 hist-5 and hist-6 (covered questions declined): "wat was the price revolushun??" - "I found nothing
    # about “price revolushun”"; "... a Columbian Exchange chart for my APEU homework ..." - "nothing about “APEU”"
    from tutor import spelling
    index = _notes_index("The price revolution was a time of high inflation. Education and expansion.")
    q, changed = spelling.correct("wat was the price revolushun?? and the expanshun", index)
    assert "price revolution" in q and ("revolushun", "revolution") in changed and "expansion" in q, q
    notes = ("# New Encounters\n\n## The Columbian Exchange\n\nThe Columbian Exchange moved horses, cattle and wheat "
             "from the Old World to the New World, and potatoes, corn and tobacco from the New World to the Old "
             "World.\n\n## Trade\n\nJoint-stock companies raised capital for trading ventures.\n")
    with _own_notes(tmp_path, "ch14.md", notes) as tutor:
        ans = tutor.ask("I'm filling in a Columbian Exchange chart for my APEU homework. What went from the Old "
                        "World to the New World, and what came back the other way?")
        assert ans.kind == "answer" and "potatoes" in ans.text, ans.text
        # a thing of the student's own that is all they ask about is still not in the notes
        assert tutor.ask("How do I reset my Zorbex password?").kind == "not_covered"


def test_what_a_thing_is_used_for_is_asked_of_it_and_a_side_s_line_leaning_back_does_not_lead(tmp_path):
    # fresh59 ml-7: "What's a pairs plot used for in EDA?" was read with the subject "pairs plot used", so the
    # follow-up compared "pairs plot used" with a covariance matrix and labelled the pairs-plot line as the matrix's;
    # fresh59 os-3: "As a result, each application can interface ..." led a monolithic-vs-modular answer, unlabelled
    for q in ("What's a pairs plot used for in EDA?", "What is a pairs plot used for?"):
        intent = read_question(q)
        assert intent.kind == "when" and intent.subjects == ("pairs plot",), (q, intent)
    notes = ("# Operating System Design\n\n## Monolithic OS\n\nHistorically, operating systems have a monolithic design. "
             "Everything is included off the bat!\n\n### Pros\n\n- Everything included\n- Compile-time optimizations\n\n"
             "### Cons\n\n- No customization\n- Large memory footprint\n\n## Modular OS\n\nA more common approach today "
             "is the modular approach.\n\nDynamically install new modules in the operating system!\n\nAnything not "
             "included can be added, as a module.\n\nAs a result, each application can interface with the operating "
             "systems in the ways that make most sense to it.\n\n### Pros\n\n- Maintainability\n- Smaller footprint\n\n"
             "### Cons\n\n- Indirection can reduce some opportunities for optimization\n")
    with _own_notes(tmp_path, "os.md", notes) as tutor:
        ans = tutor.ask("Monolithic vs modular OS design: what are the pros and cons of each?")
        assert ans.kind == "answer" and not ans.text.startswith("As a result"), ans.text
        assert ans.text.startswith("**Monolithic"), ans.text


def test_a_prompt_to_fill_in_a_chart_is_the_notes_prompt_and_the_table_under_it_its_answer():
    # fresh59 hist-6 and fresh57 hist-3 (readers): "Fill in the chart on the Columbian Exchange. ..." was shown as
    # the answer's first line, and "Fill in the chart below ..." with no chart under it
    from tutor.compose import PROMPT_RE, _has_items
    lines = ["* Fill in the chart on the Columbian Exchange. List as many things as you can", "",
             "| From Old World | From New World |", "| :--- | :--- |", "| Horse ● Wheat | Potatoes ● Corn |", "",
             "* Explain how life in Europe changed.", "* Describe the missions in China."]
    assert PROMPT_RE.match(lines[0]) and _has_items(lines, 1)
    assert not _has_items(lines, 7)  # a prompt followed by another prompt has no answer under it
    assert not PROMPT_RE.match("Filling stations were rare.")


SERVICE_BUS = """# Azure Service Bus

## Overview

Supports AMQP 1.0, so applications can work with Service Bus and with brokers like ActiveMQ or RabbitMQ.

Up to 80 GB only.

- **Queue**: Only one consumer receives and processes each message at a time, and messages are stored durably.
- **Load-leveling**: Buffering against fluctuating loads, so the system is sized for the average load.
- **Decoupling**: Client and service don't have to be online at the same time.
- **Receive modes**:
  - **Receive and delete**: Messages are immediately consumed and removed.
  - **Peek lock**: Messages are locked for processing, and the application must explicitly complete them.

## Change feed processor

Host instance lifecycle: Reads the change feed, sleeps if there are no changes, sends changes to the delegate.

- Monitored container: has the data from which the change feed is generated.
- Lease container: acts as state storage and coordinates processing across workers. It can be in the same or a
  different account as the monitored container.
- Delegate component can be used to implement custom logic to process the changes.

## How SAS works

A SAS requires two components: a URI to the resource you want to access and a SAS token that authorizes access.

- **URI**: `https://<account>.blob.core.windows.net/<container>/<blob>?`
- **SAS token**: `sp=r&st=2020-01-20T11:42:32Z&se=2020-01-20T19:42:32Z&spr=https&sr=b&sig=abc`

| Component | Description |
| --- | --- |
| sp | The permissions granted, for example r for read. |
| se | The date and time when access ends. |

## Spanish Civil War

- The Spanish Army, led by General Francisco Franco, revolted and started a civil war that lasted three years.
  - The war was fought between the Republicans on the left and the Nationalists on the right.
  - The Soviets sent aid to the Republicans.
"""


def test_a_paragraph_above_a_list_that_says_all_it_says_is_no_label_of_its_items(tmp_path):
    # fresh57 az-2 and fresh60 az-7 (readers, misleading): Service Bus's queue, load-leveling and decoupling items
    # were shown "Under “Up to 80 GB only.”", and the change feed processor's containers under the bold label
    # "Host instance lifecycle", a paragraph of its own above them; items nested under a list item still hang under it
    with _own_notes(tmp_path, "bus.md", SERVICE_BUS) as tutor:
        ans = tutor.ask("What are the Service Bus queue features?")
        assert ans.kind == "answer" and "Load-leveling" in ans.text, ans.text
        assert "(Up to 80 GB only.)" not in ans.text and "Under “Up to 80 GB" not in ans.text, ans.text
        ans = tutor.ask("Can the lease container of the change feed processor be in a different account?")
        assert "different account" in ans.text, ans.text
        assert "**Host instance lifecycle**" not in ans.text, ans.text
        ans = tutor.ask("What did the Soviets do in the Spanish Civil War, and who fought in it?")
        assert "\n  - The Soviets sent aid" in ans.text, ans.text  # nested under the item it hangs under
        # a paragraph naming the item's own term leads into it
        ans = tutor.ask("In a SAS token, what do sp and se stand for?")
        line = next((x for x in ans.text.split("\n") if "sp=r&" in x), "")
        assert "**How SAS works**" not in line, ans.text


def test_is_x_the_same_thing_as_y_compares_them_and_a_name_in_brackets_is_asked_of(tmp_path):
    # fresh60 hist-1 (reader: missed): "is power the same thing as authority?" had no subject and was answered with
    # absolutism; fresh60 os-8 (reader: answered a question the notes do not cover): "(a TLB shootdown)" is what the
    # student calls the thing asked, and the notes never name it
    for q, sides in (("In comp gov, is power the same thing as authority? My notes put them side by side.",
                      ("power", "authority")), ("Are viruses the same as bacteria?", ("viruses", "bacteria"))):
        intent = read_question(q)
        assert intent.kind == "comparison" and intent.subjects == sides, (q, intent)
    q = "How does the OS make the other cores throw away stale copies in their TLBs (a TLB shootdown)?"
    assert "TLB shootdown" in read_question(q).subjects
    assert "Python" not in " ".join(read_question("How do I read a file (in Python)?").subjects[1:])
    notes = ("# Authoritarian regimes\n\n## Cooptation\n\n- corruption: abuse of authority for personal gain\n"
             "  - power vs authority\n    - power: motivate people to do something that they would not\n"
             "    - authority: official position\n    - power from authority but does not need to come from "
             "authority\n\n# Memory\n\n## TLB\n\nThe MMU caches address translations in the translation lookaside "
             "buffer (TLB). On a TLB miss the page table is walked.\n")
    with _own_notes(tmp_path, "gov.md", notes) as tutor:
        ans = tutor.ask("In comp gov, is power the same thing as authority? My notes put them side by side.")
        assert ans.kind == "answer" and "official position" in ans.text and "motivate people" in ans.text, ans.text
        assert tutor.ask(q).kind == "not_covered"


def test_a_side_named_in_passing_under_another_thing_s_heading_says_whose_line_it_is(tmp_path):
    # fresh60 med-5 (reader, misleading): "**disuse supersensitivity**: Chronic use can lead to disuse
    # supersensitivity." - the drug whose chronic use it is (the heading, Propranolol) was lost, and the line read
    # as contradicting the definition under it
    notes = ("# Adrenergic drugs\n\n## Propranolol\nNon-selective B1 and B2 antagonist.\n\nChronic use can lead to "
             "disuse supersensitivity.\n## Metoprolol\nSelective B1 antagonist.\n\n# Pharmacodynamics\n\n"
             "## Receptor Regulation\n\nDisuse sensitivity occurs when a chronic antagonist leads to an increase in "
             "response to an agonist. Desensitization/downregulation is the opposite, when chronic agonist leads "
             "to a decrease in response.\n")
    with _own_notes(tmp_path, "pharm.md", notes) as tutor:
        ans = tutor.ask("What's the difference between disuse supersensitivity and desensitization? Is there a "
                        "drug example?")
        line = next((x for x in ans.text.split("\n") if "Chronic use" in x), "")
        assert "*Propranolol*" in line, ans.text


def test_a_name_only_the_story_around_the_question_gives_does_not_decline_it(tmp_path):
    # fresh61 hist-6 (reader: declined, though covered): "My APEU unit test on the 18th century is Friday and the
    # review sheet says I need to know 'enlightened absolutism' ... What does the term mean, and which rulers do my
    # notes mention?" was declined for "Friday", a name of the student's story, not of what they ask
    notes = ("# The Eighteenth Century\n\n## Enlightened absolutism\n\nEnlightened absolutism is an absolute monarchy "
             "in which the ruler follows the principles of the Enlightenment by introducing reforms. Joseph II, "
             "Frederick II and Catherine the Great contributed to enlightened absolutism.\n\n## Trade\n\nMercantilism "
             "held that colonies exist to enrich the mother country.\n\n# Threads\n\n## Scope\n\nWith system scope, the kernel "
             "sees every user-level thread and allocates the CPU relative to the total number of user threads.\n")
    q = ("My APEU unit test on the 18th century is Friday and the review sheet says I need to know 'enlightened "
         "absolutism' plus the rulers linked to it. What does the term mean, and which rulers do my notes mention?")
    with _own_notes(tmp_path, "euro.md", notes) as tutor:
        ans = tutor.ask(q)
        assert ans.kind == "answer" and "Catherine the Great" in ans.text, ans.text
        # a name of the asking sentence the notes never use still declines
        assert tutor.ask("My exam is on Friday. What was the Schlieffen Plan?").kind == "not_covered"
        # a comparison keeps two sides: a side read from the story is not dropped (it left one side, and crashed)
        q = ("Say process A has twice as many user-level threads as process B. How much CPU does each of A's threads "
             "get compared with B's threads if the threads have process scope versus system scope?")
        assert read_question(q).subjects[0].startswith("Say process A")
        assert tutor.ask(q).kind in ("answer", "not_covered")


def test_a_comparison_that_asks_for_an_example_gets_the_notes_example_of_a_side(tmp_path):
    # fresh61 med-2 (reader: partial): "Can you explain uniport vs symport vs antiport carriers, and give an example
    # of one?" got the three definitions but not the notes' example, the sodium pump as an antiporter
    notes = ("# Membrane transport\n\n## Carrier-mediated transport\n\n- **Uniport**: Transporting a single substance\n"
             "- **Symport** (cotransport): Carrying two substances in same direction\n- **Antiport** (countertransport "
             "or exchange): Transporting substances in opposite directions\n\n### Saturability\n\nCarrier proteins "
             "have limited binding sites. At high concentrations, binding plateaus.\n\n## Primary active transport\n\n"
             "Uses ATP directly to move substances against their gradient.\n\nThe sodium pump exchanges 3 Na+ (going "
             "out) for 2 K+ (going in). This is an example of an antiporter.\n")
    with _own_notes(tmp_path, "transport.md", notes) as tutor:
        ans = tutor.ask("Can you explain uniport vs symport vs antiport carriers, and give an example of one?")
        assert "Transporting a single substance" in ans.text, ans.text
        line = next((x for x in ans.text.split("\n") if "example of an antiporter" in x), "")
        assert "sodium pump exchanges" in line, ans.text  # read with the sentence its "This" leans on
        plain = tutor.ask("Can you explain uniport vs symport vs antiport carriers?")
        assert "sodium pump" not in plain.text, plain.text  # only when an example is asked for


def test_a_side_s_own_entry_leads_over_a_line_that_only_holds_its_words(tmp_path):
    # fresh61 hist-2 (reader: misleading): "What's the difference between linkage institutions and state
    # institutions?" showed "**state institutions**: states are sovereign political institutions ..." (what a state
    # is) while the notes' own entry, "state institutions create and enforce the policies ...", was not shown
    notes = ("# Chapter 1: The Comparative Method\n\n- empirical statements are facts\n- normative statements include "
             "value judgements\n- linkage institutions connect people to policy making (elections, political parties, "
             "interest groups, and the media)\n- state institutions create and enforce the policies (legislative, "
             "judicial, executive, but also military and bureaucracy)\n- remember correlation does not mean causation\n"
             "\n# Chapter 2: States\n\n- tldr\n  - states are sovereign political institutions that possess the power "
             "to make policy decisions and use force legitimately\n  - states possess their political power due to "
             "legitimacy granted by the people of the state\n  - states are made up of institutions that possess "
             "official powers, but linkage institutions such as political parties and interest groups can influence "
             "their decisions\n  - states can centralize power at the top level\n")
    with _own_notes(tmp_path, "government.md", notes) as tutor:
        ans = tutor.ask("What's the difference between linkage institutions and state institutions?")
        first = ans.text.split("\n\n")[:2]
        assert "connect people to policy making" in first[0] and "create and enforce the policies" in first[1], ans.text
        assert not any("sovereign" in x for x in ans.text.split("\n") if "**state institutions**" in x), ans.text


def test_a_table_row_named_by_a_side_s_own_word_alone_is_no_side_of_another_thing(tmp_path):
    # fresh62 med-5: "In the multiple compartment model, what's the difference between the alpha phase and the beta
    # phase?" was answered with the adrenergic receptors' table rows "Alpha" and "Beta-1" side by side
    notes = ("# Pharmacology\n\n## Receptors\n\n| | Location | Activation | Response |\n| --- | --- | --- | --- |\n"
             "| Alpha | Smooth muscle, pupillary muscle | Epinephrine and norepinephrine | Vasoconstriction |\n"
             "| Beta-1 | Heart/kidney | Epinephrine and norepinephrine | Increased heart rate |\n\n"
             "## Multiple compartment model\n\n1. **Alpha phase (distribution)**: Rapid decline in plasma concentration "
             "as the drug enters tissues\n2. **Beta phase (elimination)**: Drug has reached equilibrium and the decline "
             "in plasma concentration comes from excretion (elimination)\n")
    with _own_notes(tmp_path, "pharm.md", notes) as tutor:
        ans = tutor.ask("In the multiple compartment model, what's the difference between the alpha phase and the "
                        "beta phase?")
        assert "Rapid decline in plasma concentration" in ans.text and "comes from excretion" in ans.text, ans.text
        assert "Smooth muscle" not in ans.text and "Heart/kidney" not in ans.text, ans.text


IPC_SECTIONS = """# Inter-Process Communication

## Forms of Message Passing
The are several ways to implement message-based IPC.

### Pipes
Pipes are characterized by two endpoints, so only two processes can communicate via a pipe. There is no notion of a \
message with pipes; instead, there is just a stream of bytes pushed into the pipe from one process and read by the other.

### Message Queues
Message queues understand the notion of messages that they can deliver. A sending process must submit a properly \
formatted message to the channel, and then the channel can deliver this message to the receiving process.

The OS level functionality regarding message queues includes mechanisms for message priority and custom scheduling.

### Sockets
With sockets, processes send and receive messages through the socket interface. Sockets can connect processes on \
different machines.

## Sync for Other IPC
We can rely on other means of synchronization in those cases, such as message queues and semaphores.

With message queues, we can implement mutual exclusion via send/recv operations. For example, process A can write to \
the data in shared memory and then send a "ready" message into the queue.
"""


def test_a_side_s_entry_that_says_what_it_does_leads_over_a_use_of_it_elsewhere(tmp_path):
    # fresh61 os-2 (reader: misleading): "can u explain the diffrence between pipes, message queues and sockets for
    # IPC?" showed, under "message queues", two lines of another section on synchronising shared memory ("We can rely
    # on other means of synchronization in those cases, such as message queues ..."), not the section's own "Message
    # queues understand the notion of messages ..."
    with _own_notes(tmp_path, "ipc.md", IPC_SECTIONS) as tutor:
        ans = tutor.ask("can u explain the diffrence between pipes, message queues and sockets for IPC?")
        said = [block for block in ans.text.split("\n\n") if block.startswith("**message queues**: ")]
        assert said and "understand the notion of messages" in said[0], ans.text
        assert not any("in those cases" in block or "mutual exclusion" in block for block in said), ans.text


def test_a_frame_after_the_last_side_and_a_thing_picked_over_another_are_read_as_such():
    # fresh62 hist-1: "... liberalism, social democracy and communism as political-economic systems?" kept the frame
    # in the last side, and a tldr line on political-economic systems was labelled as what communism is
    intent = read_question("comp gov: whats the difference between liberalism, social democracy and communism as "
                           "political-economic systems? examples of each pls")
    assert intent.subjects == ("liberalism", "social democracy", "communism"), intent
    assert read_question("compare liberalism and communism as ideologies?").subjects == ("liberalism", "communism")
    assert read_question("difference between SaaS and Software as a Service").subjects[1] == "Software as a Service"
    # fresh62 ml-8 (reader: an uncovered question answered): "... when would I pick it over Bayesian optimization?"
    # was asked of "it over Bayesian optimization", so "Hyperband", which the notes never name, was no subject
    intent = read_question("How does the Hyperband tuning strategy in SageMaker automatic model tuning work, and when "
                           "would I pick it over Bayesian optimization?")
    assert "Hyperband" in intent.subjects and not any(" over " in x for x in intent.subjects), intent
    assert read_question("when should I use Kinesis over SQS?").subjects == ("Kinesis",)
    # (what "it" is picked over is the yardstick, not a second subject: fresh60 ml-4 led with DeepAR's input format)
    assert read_question("What is DeepAR, and when would I pick it over ARIMA or ETS?").subjects == ("DeepAR",)


def test_a_table_row_of_a_longer_name_is_not_the_side_s_row(tmp_path):
    # fresh62 ml-4 (reader: misleading): "whats the difference between AWS Data Pipeline, DMS and Glue?" showed
    # "**Glue**: Service: AWS Glue DataBrew | Description: Visual data preparation tool": another service's row
    notes = ("# Data services\n\n## Migration tools\n\n- **Data Pipeline**: Used for creating ETL workflows to automate "
             "processing of data at scheduled intervals\n- **DMS**: migrate data from your on-premises database to a "
             "database on an AWS service\n\n## Services for ML data\n\n| Service | Description | Primary ML Use Case |\n"
             "| --- | --- | --- |\n| Glue DataBrew | Visual data preparation tool | Feature engineering and data "
             "cleaning |\n| Glue | Serverless data integration service | ETL for ML data preparation |\n"
             "| Amazon Athena | Serverless query service | Ad-hoc analysis of data in S3 |\n")
    with _own_notes(tmp_path, "data.md", notes) as tutor:
        ans = tutor.ask("whats the difference between Data Pipeline, DMS and Glue? they all seem to move data around")
        said = [block for block in ans.text.split("\n\n") if block.startswith("**Glue**: ")]
        assert said and "Serverless data integration service" in said[0], ans.text
        assert not any("DataBrew" in block for block in said), ans.text


def test_a_later_sentence_that_names_its_side_is_shown_without_the_one_before_it(tmp_path):
    # fresh56 os-4, re-read (misleading): "**dynamic delay**: Under smaller loads, test_and_test_and_set performs
    # pretty well: it has low latency. We can also see that the dynamic delay alternatives perform better ...": the
    # paragraph's first sentence, on another lock, was shown as the dynamic delay's
    notes = ("# Synchronization Constructs\n\n## Spinlock Performance Comparisons\n\nUnder smaller loads, "
             "test_and_test_and_set performs pretty well: it has low latency. We can also see that the dynamic delay "
             "alternatives perform better than the static ones. Static delay locks can naively enforce unnecessarily "
             "large delays under small loads, while dynamic alternatives adjust based on contention.\n\nUnder light "
             "loads, the queueing lock performs the worst.\n")
    with _own_notes(tmp_path, "sync.md", notes) as tutor:
        ans = tutor.ask("whats the diffrence between a static delay and a dynamic delay for spinlocks?")
        said = [block for block in ans.text.split("\n\n") if block.startswith("**dynamic delay**: ")]
        assert said and "dynamic delay alternatives perform better" in said[0], ans.text
        assert "test_and_test_and_set" not in said[0], ans.text


def test_a_one_after_the_subject_s_own_words_stands_for_the_whole_subject():
    from tutor.rewrite import resolve
    # fresh63 os-7: "a bound one" after a question on bound threads was read "a bound the bound thread"
    assert resolve("ok but why would anyone want a bound one? seems less flexible", "bound thread") == \
        "ok but why would anyone want the bound thread? seems less flexible"
    assert resolve("why would I want a faster one?", "mutex") == "why would I want a faster mutex?"
    assert resolve("how do I revoke one?", "SAS token") == "how do I revoke the SAS token?"


THREAD_MODELS = """# Threads

## Many-to-Many Model
The many-to-many model allows some user level threads to be associated with one kernel level thread, and others to \
have a one-to-one mapping with a kernel level thread.

We can have a situation where a user level thread can be scheduled on any allocated kernel level thread. This is known \
as an unbound thread. Alternatively, we can have the case where a user level thread will always be scheduled atop the \
same kernel level thread. This is known as a bound thread.

## Thread Design
The user level library can request that one of its threads be bound to a kernel level thread. This means that this \
user level thread will always execute on top of a specific kernel level thread. This may be useful if in turn the kernel \
level thread is pinned to a particular CPU.

# Scheduling

## Timeslice Length
CPU bound tasks prefer longer timeslices as this limits the number of context switching overheads.

On the other hand, I/O bound tasks prefer short timeslices so they can issue I/O requests as soon as possible.

CPU bound tasks and I/O bound tasks can share one runqueue with different timeslices for each kind.
"""


def test_a_follow_up_on_one_of_the_kind_asked_about_is_searched_with_the_turn_before(tmp_path):
    # fresh63 os-7 (reader: missed, misleading): "ok but why would anyone want a bound one?" after a question on the
    # many-to-many model's bound and unbound threads was answered with CPU-bound tasks' timeslices; and a line read
    # whole for its last sentence's "This" was followed by its own sentences again
    with _own_notes(tmp_path, "threads.md", THREAD_MODELS) as tutor:
        first = tutor.ask("In the many-to-many threading model, what's the difference between a bound thread and an "
                          "unbound thread?")
        ans = tutor.ask("ok but why would anyone want a bound one? seems less flexible", [first.turn()])
        assert "timeslice" not in ans.text.split("\n\n")[0], ans.text
        assert "kernel level thread" in ans.text.split("\n\n")[0], ans.text
        lines = [x.rsplit(" [", 1)[0] for x in ans.text.split("\n") if x.strip()]
        assert not any(a != b and a in b for a in lines for b in lines), ans.text  # no sentence shown twice


CHOLINERGIC = """# Muscarinic Agonists (Parasympathetic)

## Bethanechol
Used for urinary retention.

## Pilocarpine
Used for closed-angle glaucoma.

# Muscarinic Antagonists (Sympathetic)
Also known as antimuscarinics or anticholinergics. Stimulates the sympathetic nervous system via blocking the \
parasympathetic.

## Atropine
Can cross the blood brain barrier and cause mental fog. Also used in emergencies to treat bradycardia.

## Scopolamine
Used for motion sickness.

## Glycopyrronium
Treats hyperhidrosis (excessive sweating).

# Nicotinic Antagonists (Sympathetic)

## Curare
Blocks the nicotinic receptors of the neuromuscular junction.
"""


def test_a_list_asked_of_a_section_s_own_name_for_its_things_is_its_sub_sections(tmp_path):
    # fresh63 med-5 (reader: partial): "can u give me a list of the antimuscarinic drugs in my notes and what each
    # one is used for?" showed the class's definition and atropine in another section, not the section's six drugs
    assert read_question("can u give me a list of the antimuscarinic drugs in my notes and what each one is used "
                         "for?").kind == "list"
    assert read_question("give me a list of the antimuscarinic drugs").kind == "list"  # (a polite "give me" read off)
    with _own_notes(tmp_path, "cholinergic.md", CHOLINERGIC) as tutor:
        ans = tutor.ask("can u give me a list of the antimuscarinic drugs in my notes and what each one is used for?")
        for drug, use in (("Atropine", "bradycardia"), ("Scopolamine", "motion sickness"),
                          ("Glycopyrronium", "hyperhidrosis")):
            assert any(drug in line and use in line for line in ans.text.split("\n")), (drug, ans.text)
        assert "Pilocarpine" not in ans.text and "Curare" not in ans.text, ans.text


MAC_OS = """# Operating system architectures

## Monolithic kernels
A monolithic OS holds every service in the kernel.

## Mac OS X
* I/O kit for device drivers
* Kernel extension kit for dynamic loading of kernel components
* Mach microkernel
\t* memory management
\t* thread scheduling
\t* IPC
* BSD component
\t* Unix interoperability
\t* POSIX API support
\t* Network I/O interface
* All applications sit above this layer
"""


def test_compared_sides_named_by_bare_list_items_are_read_with_their_sub_items(tmp_path):
    # fresh65 os-2 (reader: misleading): "how is mac os x put together? like which bits does the mach microkernel
    # handle vs the bsd part" was read as "mac os x put together" against "bsd part", and answered "**bsd part**: BSD
    # component" over the whole list, so the I/O kit read as the BSD component's
    q = "how is mac os x put together? like which bits does the mach microkernel handle vs the bsd part"
    assert read_question(q).subjects == ("mach microkernel", "bsd part")  # the later sentence holds the comparison
    assert read_question("I am confused. mutex vs semaphore?").subjects == ("mutex", "semaphore")
    # (after a question, "like X vs Y" gives examples of what it asks: no comparison of two named sides)
    assert read_question("Which peripheral nerve fibres conduct fastest and which are slowest? like alpha motor "
                         "neurons vs C fibres").kind != "comparison"
    with _own_notes(tmp_path, "os.md", MAC_OS) as tutor:
        ans = tutor.ask(q)
        lines = ans.text.split("\n")
        mach = next(x for x in lines if "Mach microkernel" in x)
        bsd = next(x for x in lines if "BSD component" in x)
        assert all(w in mach for w in ("memory management", "thread scheduling", "IPC")), ans.text
        assert all(w in bsd for w in ("Unix interoperability", "POSIX API support", "Network I/O interface")), ans.text
        assert sum("BSD component" in x for x in lines) == 1 and "put together" not in ans.text, ans.text


KINESIS = """# Machine learning basics

## Heuristic vs model
A heuristic is an educated guess that gives a good enough answer quickly, with no guarantee of the best one.
If you know how to solve a problem, use an algorithm; if you need to discover a solution, use a heuristic.

Kinesis Data Streams and Kinesis Data Analytics cannot write data directly to S3.

Kinesis Data Firehose is used as the main delivery mechanism for outputting data into S3.

## Neostigmine
Used in operating rooms to reverse curare.
"""


def test_a_line_that_names_its_own_subject_is_not_labelled_with_the_heading_over_it(tmp_path):
    # fresh64 ml-1 and fresh65 ml-1 (two readers: misleading): the Kinesis lines, which the notes wrote on under
    # "Heuristic vs model", were shown as "**Heuristic vs model**: Kinesis Data Streams ... cannot write ..."
    from tutor.answer import _opens_on_a_name

    assert _opens_on_a_name("Kinesis Data Firehose is used as the main delivery mechanism.")
    assert _opens_on_a_name("The Gini Index measures income distribution.")
    assert not _opens_on_a_name("Used in operating rooms to reverse curare.")
    assert not _opens_on_a_name("MAO inhibitors raise the levels of monoamines.")
    with _own_notes(tmp_path, "ml.md", KINESIS) as tutor:
        ans = tutor.ask("can kinesis data analytics write stright into S3? if not where can it send its output")
        assert "cannot write data directly to S3" in ans.text, ans.text
        assert not any("Kinesis" in x and "Heuristic vs model" in x for x in ans.text.split("\n")), ans.text
        # a line that does not name what it is about still says it by its heading
        cur = tutor.ask("What is neostigmine used for?")
        assert "reverse curare" in cur.text, cur.text


CHOLINESTERASE = """# Cholinesterase Inhibitors (Parasympathetic)
These drugs block acetylcholinesterase, so acetylcholine lasts longer at the synapse.

## Carbamic acid derivatives
Steric hinderance from nitrogen slows the esterase reaction, increasing the concentration of acetylcholine.

## Neostigmine
Used in operating rooms to reverse curare.

# Organophosphates (Parasympathetic)
These are also cholinesterase inhibitors, but will permanently (irreversibly) shut off the esterase.

## Echothiopate
The only one with a phosphate group used in medicine. Given as eye drops for treatment of glaucoma.
"""


def test_a_compared_side_s_line_under_a_heading_naming_one_of_its_things_says_which(tmp_path):
    # fresh64 med-2 (reader: misleading): "**organophosphates**: The only AchE with a phosphate group used in medicine.
    # Given as eye drops for treatment of glaucoma." is Echothiopate's line, read as said of the whole class
    with _own_notes(tmp_path, "drugs.md", CHOLINESTERASE) as tutor:
        ans = tutor.ask("How are carbamate cholinesterase inhibitors like neostigmine different from the organophosphates?")
        eye = next((x for x in ans.text.split("\n") if "phosphate group" in x), None)
        assert eye is not None and "Echothiopate" in eye, ans.text


def test_the_ordinary_kind_of_a_thing_is_the_thing_itself():
    # fresh64 os-6 (reader: a covered question declined): "Compare a normal context switch with switching between
    # hardware threads on a hyperthreaded core ..." was declined: "I found nothing about 'normal context switch'" -
    # "normal", rare in the notes, was taken for the subject's rarest word, which its known part must keep
    from tutor.compose import Composer

    class Index:  # the one thing _known_part asks of the index
        def common_words(self):
            return frozenset()

    cands = [_st("A context switch saves the registers of the running thread."),
             _st("A hardware context switch is on the order of cycles.")]
    df, n = {"normal": 2, "context": 60, "switch": 70}, 600
    known = Composer(Index(), None)._known_part("normal context switch", cands, df, n, frozenset())
    assert known == "context switch"
    # (a word that is the thing's own name stays: "lottery scheduling" never shrinks to "scheduling")
    assert Composer(Index(), None)._known_part("lottery scheduling", [_st("Round robin scheduling shares the CPU.")],
                                               {"lottery": 1, "schedul": 50}, n, frozenset()) == "lottery scheduling"


def test_one_doing_something_after_a_question_on_a_thing_is_that_thing():
    # fresh64 az-7 (reader: missed, misleading): "is there a limit on how long one can run?" after a question on Cosmos
    # DB stored procedures was searched as it stood and answered with Event Hubs' throughput units
    from tutor.rewrite import resolve

    assert resolve("is there a limit on how long one can run?", "stored procedure") == \
        "is there a limit on how long the stored procedure can run?"
    assert resolve("which one can I use?", "stored procedure") == "which one can I use?"  # (a choice, not the thing)


LIFECYCLE = """# Blob storage

## Lifecycle policies
Lifecycle rules move or delete blobs on a schedule.

```ts
type Rule = {
  definition: {
    actions: {
      baseBlob?: RuleAction;
      appendBlob?: { delete: ActionRunCondition }; // append blobs can only be deleted
    };
    filters?: {
      blobTypes: Array<"appendBlob" | "blockBlob">;

      // A prefix string must start with a container name.
      // To match the container name exactly, include the trailing forward slash
      prefixMatch?: string[];
    };
  };
};
```

It takes up to 24 hours for a policy to go into effect.
"""


def test_a_question_of_two_parts_takes_two_neighbouring_pieces_of_one_code_block(tmp_path):
    # fresh65 az-4 (reader: a covered question declined): "In a blob lifecycle management rule, how does the
    # prefixMatch filter work, and what actions can I actually apply to append blobs?" - each half is answered by its
    # own piece of the notes' code (cut at a blank line), neither holding enough of the question alone
    with _own_notes(tmp_path, "blobs.md", LIFECYCLE) as tutor:
        ans = tutor.ask("In a blob lifecycle management rule, how does the prefixMatch filter work, and what actions "
                        "can I actually apply to append blobs?")
        assert ans.kind == "answer", ans.text
        assert "appendBlob?: { delete" in ans.text and "A prefix string must start with a container name" in ans.text


NEURO = """# Neuroscience Concepts

## Functions
**Excitation**: Increase the likelihood the target will fire (e.g. glutamate)
**Inhibitory**: Decrease the likelihood the target will fire (e.g. gamma-aminobutyric acid GABA)
**Modulatory**: Modify the probability the target neuron will fire (e.g. dopamine, [[Synaptic Cell Biology#Key \
Neurotransmitter Metabolism|serotonin]], [[Synaptic Cell Biology#Key Neurotransmitter Metabolism|acetylcholine]])

## Glial cells
| Cell | Function |
| --- | --- |
| Astrocytes | Support neurons |
"""


def test_a_line_with_obsidian_links_shown_by_name_is_no_table_row(tmp_path):
    # fresh66 med-5 (reader: a covered question declined): the "Modulatory" line's links ("[[...|serotonin]]") hold
    # pipes, so the line was read as a table's header row and gave no statement: "Your notes mention 'modulatory',
    # but I found no line about it"
    from ingest.text import is_table_row

    assert not is_table_row("**Modulatory**: e.g. dopamine, [[Synaptic Cell Biology#Key|serotonin]], [[A#B|ACh]])")
    assert is_table_row("| Astrocytes | Support neurons |") and is_table_row("| [[Astrocytes\\|astro]] | glia |")
    with _own_notes(tmp_path, "neuro.md", NEURO) as tutor:
        ans = tutor.ask("inhibitory vs modulatory signalling - what's the difference? examples pls")
        assert ans.kind == "answer" and "Modify the probability the target neuron will fire" in ans.text, ans.text


CONSERVATIVES = """# Reaction, Revolution, and Romanticism, 1815-1850

## Questions
- How did Conservatives attempt to repair the damage of the Napoleonic Period?
  - They want to turn the clock back
- Explain the significance of each of the following individuals:
  - Edmond Burke
    - wrote Reflections on the Revolution in France, he believed that society was a contract and the state was a \
partnership between those living, dead, and those who are to be born.
  - Joseph de Maistre
    - was a French conservative writer who advocated for the restoration of a hereditary monarchy which he regarded \
as a divinely sanctioned institution.
  - Klemens von Metternich
    - was an Austrian statesman and diplomat at the Congress of Vienna.
"""


def test_a_name_with_what_the_notes_say_of_it_under_it_is_not_missing(tmp_path):
    # fresh66 hist-3 (reader: a covered question declined): "How was Edmund Burke's conservatism different from Joseph
    # de Maistre's?" - each name is a bare item with its line under it, which counted as only naming them; and the
    # possessive "Burke's" was read as a word of the name, so no shorter part of the subject was found
    with _own_notes(tmp_path, "ch21.md", CONSERVATIVES) as tutor:
        ans = tutor.ask("How was Edmund Burke's conservatism different from Joseph de Maistre's?")
        assert ans.kind == "answer", ans.text
        burke = next(x for x in ans.text.split("\n") if "Reflections on the Revolution" in x)
        maistre = next(x for x in ans.text.split("\n") if "hereditary monarchy" in x)
        assert "Burke" in burke and "Maistre" in maistre and "Metternich" not in burke + maistre, ans.text


SERVICES = """# Key notes from practice exams

* SageMaker Model Monitor: Visualize data drift, Detect anomalies & outliers, Detect new features, Bias drift
* Amazon Transcribe: Speaker Identification, Channel Identification, Custom Vocabularies
* Amazon Polly: Lexicons, SSML (Speech Synthesis Markup Language), Speech Marks
* DeepLens: Deep learning enabled video camera integrated with Rekognition, SageMaker, Polly, Tensorflow, MXNet
* SPICE is quick sight's in-memory calculation engine
* Quicksight can be used for forecasting, auto narratives, anomaly detection using random cut forest
"""


def test_and_x_asks_the_question_before_of_x_and_a_thing_within_another_is_that_thing(tmp_path):
    # fresh66 ml-7 (reader: a covered question declined): "and Polly?" after "what features of Amazon Transcribe do my
    # notes mention?" was searched as Transcribe's; ml-4: "What's SPICE in QuickSight?" was declined, the notes write
    # "quick sight's"
    with _own_notes(tmp_path, "keys.md", SERVICES) as tutor:
        first = tutor.ask("what features of Amazon Transcribe do my notes mention?")
        assert first.text.split("\n")[0].startswith("Amazon Transcribe: Speaker Identification"), first.text
        intent, query, _, _ = tutor.prepare("and Polly?", [first.turn()])
        assert query == "what features of Polly do my notes mention?" and intent.subjects == ("Polly",), query
        # (the answer on the bundled notes: test_chat_shapes.py::test_the_twenty_second_session_s_readings_...)
        # (more of the same thing, in everyday words, is still asked of the thing before)
        _, query, _, _ = tutor.prepare("and what about the custom vocabularies?", [first.turn()])
        assert "Transcribe" in query, query
        spice = tutor.ask("What's SPICE in QuickSight?")
        assert spice.kind == "answer" and "in-memory calculation engine" in spice.text, spice.text


def test_a_paragraph_under_an_item_that_only_names_a_thing_is_not_labelled_with_the_heading():
    # fresh66 ml-5 (reader: misleading): the FSx for Lustre paragraph, written under "- Amazon FSx for Lustre" in a
    # list titled "S3 Security", was shown as "**S3 Security**: When your training data is already in Amazon S3 ..."
    from tutor.answer import _heading_label
    from tutor.passages import Passage

    lines = ["- User based: which API calls are allowed for a specific user", "- Amazon FSx for Lustre",
             "When your training data is already in Amazon S3, consider using Amazon FSx for Lustre, a file system."]
    p = Passage("c", "d.md", "Data Engineering > S3 Security", 1, 3, "prose", "\n".join(lines))
    line = Statement(lines[2], "d.md", 3, 3, "Data Engineering > S3 Security", "prose", passage=p)
    assert _heading_label(line, line.text, read_question("How do I speed up training on data in S3?")) == ""
    item = Statement("User based: which API calls are allowed for a specific user", "d.md", 1, 1,
                     "Data Engineering > S3 Security", "list", passage=p)
    assert _heading_label(item, item.text, read_question("What is user based security?")) == "**S3 Security**: "


WW1 = """# World War I

## Questions
- Who was Lawrence of Arabia? How did the Middle East become involved in World War I?
  - In the Middle East, the British officer T.E. Lawrence incited Arab princes to revolt against the Ottoman Turks.
- What did Japan do in World War I?
  - In East Asia and the Pacific, Japan joined the Allies on August 23, 1914, primarily to seize control of German \
territories in Asia.
- What made the warfare of World War I different from previous wars?
  - Trench warfare and machine guns made attacks costly.
"""


def test_a_short_form_of_initials_and_a_number_is_the_name_it_stands_for(tmp_path):
    # fresh67 hist-5 (reader: a covered question declined): "why did japan get into ww1, and what did it end up
    # grabbing?" - "Your notes mention 'ww1', but I found no line about it": the notes write "World War I"
    from tutor.compose import _numbered_initials

    assert _numbered_initials("ww1").search("What did Japan do in World War I?")
    assert _numbered_initials("WWII").search("the end of World War II") and _numbered_initials("WW2").search(
        "after World War Two")
    assert not _numbered_initials("ww1").search("which was one") and _numbered_initials("S3") is None
    with _own_notes(tmp_path, "ww1.md", WW1) as tutor:
        ans = tutor.ask("why did japan get into ww1, and what did it end up grabbing?")
        assert ans.kind == "answer" and "seize control of German territories" in ans.text.split("\n\n")[0], ans.text


def test_a_comparison_whose_sides_are_each_a_line_s_own_term_is_covered():
    # fresh67 med-6 (reader: a covered question declined): "glioblastoma vs schwannoma - which cell does each one come
    # from, and what do those cells normally do?" - the coverage model read the long question as far from the notes,
    # though each side is the term of a line of its own ("**Glioblastoma**: Aggressive form of cancer ...")
    from tutor.select import _own_terms

    intent = read_question("glioblastoma vs schwannoma - which cell does each one come from?")
    lines = [Statement("Glioblastoma: Aggressive form of cancer affecting astrocytes", "n.md", 5, 5, "CNS", "list",
                       subject="Glioblastoma"),
             Statement("Schwannoma: Benign tumor affecting Schwann cells", "n.md", 9, 9, "PNS", "list",
                       subject="Schwannoma"),
             Statement("Sciatica: Pain radiating along sciatic nerve", "n.md", 10, 10, "PNS", "list", subject="Sciatica")]
    assert _own_terms(intent, lines) == [0, 1]
    assert _own_terms(read_question("glioblastoma vs meningioma?"), lines) == []  # (every side needs its own line)


SCIENTIFIC_METHOD = """# The Scientific Revolution

## Descartes, Rationalism, and a New View of Humankind
- Rene Descartes, next to Newton, was the most important figure of the Scientific Revolution.
  - Descartes used reason as his sole guide to truth. His most famous work was the Discourse on Method.

## The Scientific Method
- Descartes and an English philosopher named Francis Bacon are both considered to have played a role in the \
formulation of the Scientific Method. What is this? And what were the contributions of each?
  - The scientific method is a method of procedure consisting in systematic observation, measurement, and experiment.

<table><tbody><tr><td>Contributions from Bacon</td><td>Contributions from Descartes</td></tr><tr><td>He urged scientists to proceed from the particular to the general.</td><td>He emphasized deduction and mathematical logic.</td></tr></tbody></table>
"""


def test_an_item_under_a_prompt_naming_both_sides_is_neither_side_s(tmp_path):
    # corpora eval aec-c21 (read when a change moved it): "The scientific method is a method of procedure ..." hangs
    # under a study prompt naming Descartes and Bacon, and was shown as "**Descartes's**: The scientific method ..."
    with _own_notes(tmp_path, "ch16.md", SCIENTIFIC_METHOD) as tutor:
        ans = tutor.ask("How did Francis Bacon's approach to the scientific method differ from Descartes's?")
        line = next((x for x in ans.text.split("\n") if "method of procedure" in x), "")
        assert not line.startswith("**"), ans.text


def test_a_possessive_is_read_as_its_name_in_the_notes_lines_too():
    # fresh68 hist-5 (an outside reader: a covered question declined): the notes' '"The White Man's Burden"' was
    # read as white man s burden, and the student's "the White Man's Burden" as white man burden: no line named it
    from tutor.text import stems
    assert stems('"The White Man\'s Burden"') == ["the", "white", "man", "burden"]
    assert stems("Burke’s Reflections; it's") == ["burk", "reflect", "it"]


def test_each_rankings_first_passage_is_kept_in_the_fusion():
    from tutor.retrieval import rrf, with_each_first
    vector = [f"v{i}" for i in range(30)]
    keyword = ["table-row"] + vector[:29]  # the keyword search's best, which the vector search misses
    fused = rrf([vector, keyword])
    assert "table-row" not in [c for c, _ in fused[:5]]  # the fusion alone loses it
    top = with_each_first(fused, [vector, keyword], 5)
    assert [c for c, _ in top].count("table-row") == 1 and "v0" in [c for c, _ in top] and len(top) == 5


def test_a_comparison_the_notes_answer_only_in_code_comments_is_answered_with_the_code(tmp_path):
    # fresh68 az-3 (an outside reader: a covered question declined): the notes say how the buffered client differs
    # only in a comment of their code; a comparison was never answered from code
    notes = ("# Sending events\n\nA hub takes events from senders over AMQP.\n\n```cs\n"
             "// Plain client: you build the batch yourself\n"
             "await using (var sender = new HubSenderClient(conn, hub))\n{\n"
             "    using EventBatch batch = await sender.CreateBatchAsync();\n"
             "    batch.TryAdd(new EventData(\"First\"));\n    await sender.SendAsync(batch);\n}\n\n"
             "// Using a buffer\n"
             "// BufferedHubSenderClient hides batching and sending, easier to use but with less control.\n"
             "using (var buffered = new BufferedHubSenderClient(conn, hub))\n{\n"
             "    await buffered.EnqueueEventAsync(new EventData(\"First\"));\n}\n```\n")
    with _own_notes(tmp_path, "hub.md", notes) as tutor:
        ans = tutor.ask("whats the difference between HubSenderClient and BufferedHubSenderClient when sending events?")
    assert ans.kind == "answer" and "hides batching and sending" in ans.text, ans.text


def test_a_compared_side_is_a_lines_term_with_the_makers_name_before_it():
    from tutor.select import _names, _words
    side = lambda x: _words(x)  # noqa: E731
    assert _names(_words("Amazon Comprehend Medical"), side("Comprehend Medical"), "Amazon Comprehend Medical")
    assert _names(_words("Amazon Comprehend"), side("Comprehend"), "Amazon Comprehend")
    assert not _names(_words("Amazon Comprehend Medical"), side("Comprehend"), "Amazon Comprehend Medical")
    assert not _names(_words("the cheapest storage class"), side("storage class"), "the cheapest storage class")


def test_a_compared_line_is_the_side_it_names_alone_not_a_non_side_or_its_headings_side(tmp_path):
    # fresh68 med-3 and os-3 (outside readers: misleading): "(e.g. non-gated channel or leak channel)" was labelled
    # gated channels; "The operating system must be able to preempt" under "Role of the CPU scheduler" scheduling's
    notes = ("# Membranes\n\n## Resting membrane\n"
             "Ions can freely diffuse in and out of pores (e.g. non-gated channel or leak channel).\n\n"
             "## Gated channels\nGated channels, by contrast, open and close in response to a stimulus such as light.\n\n"
             "# Processes\n\n## Role of the CPU scheduler\n"
             "A ready process waits in the ready queue until the operating system component picks it.\n\n"
             "The operating system must be able to preempt; that is, interrupt the current process and save its context.\n"
             "The operating system must then run the scheduler to schedule, or select, the next process.\n"
             "Once the process is chosen, the operating system must dispatch the process and switch into its context.\n")
    with _own_notes(tmp_path, "n.md", notes) as tutor:
        leak = tutor.ask("leak channels vs gated channels - whats the difference?")
        cpu = tutor.ask("what's the difference between preempting, scheduling and dispatching? they sound the same")
    line = next(x for x in leak.text.split("\n") if "non-gated channel" in x)
    assert line.startswith("**leak channels**"), leak.text
    line = next(x for x in cpu.text.split("\n") if "able to preempt" in x)
    assert line.startswith("**preempting**"), cpu.text


def test_an_explanation_of_one_line_per_option_gives_each_line_its_option():
    """"Increase or reduce the consumers dynamically ..." explains the third option, "Load balance", in the options'
    order, but names none: shown alone it read as part of how checkpointing works (fresh74 az-5)."""
    from tutor.passages import Passage
    from tutor.statements import statements

    lines = ["Question: Which option represents when an event processor marks the last processed event?", "",
             "- [x] Checkpointing", "- [ ] Scale", "- [ ] Load balance", "",
             "Answer: Checkpointing is a process by which an event processor marks the last processed event.",
             "Scale covers the number of consumers and taking ownership of reading partitions.",
             "Increase or reduce the consumers dynamically. The pool of consumers can rebalance its partitions."]
    p = Passage("c1", "hubs.md", "Event Hubs", 1, len(lines), "question", "\n".join(lines))
    said = {s.start_line: s.subject for s in statements(p) if s.kind == "explanation"}
    assert said == {7: "Checkpointing", 8: "Scale", 9: "Load balance"}, said


def test_the_steps_for_a_process_name_the_process_and_its_own_steps_lead(tmp_path):
    # fresh76 med-1: "what are the steps for smooth muscle contraction? I know theres no troponin ..." named no subject
    # ("steps of X" did, "steps for X" did not), and skeletal muscle's troponin line led under a bare "Mechanical
    # contraction", against the student's own point that smooth muscle has no troponin
    assert read_question("what are the steps for smooth muscle contraction?").subjects == ("smooth muscle contraction",)
    assert read_question("What are the steps in the cross-bridge cycle?").subjects == ("cross-bridge cycle",)
    notes = ("# Skeletal Muscle\n\n## Mechanical contraction\n\nWith depolarization, L-type calcium channels open. "
             "Calcium is released from the SR. Calcium activates troponin C, which leads to contraction.\n\n"
             "## Filament binding regulation\n\nTroponin contains three subunits. Tropomyosin must be moved to bind "
             "myosin.\n\n# Smooth Muscle\n\n## Action potential behavior\n\nSmooth muscle has slow waves of "
             "depolarization.\n\n## Contraction\n\nSmooth muscle uses a calmodulin-binding mode, without troponin "
             "regulation:\n\n1. Ca2+ binds calmodulin\n2. Calmodulin binds myosin light chain kinase (MLCK)\n"
             "3. Myosin is phosphorylated by MLCK\n4. A cross-bridge forms with actin\n")
    with _own_notes(tmp_path, "muscles.md", notes) as tutor:
        ans = tutor.ask("what are the steps for smooth muscle contraction? I know theres no troponin so how does "
                        "calcium actually get the myosin going")
        assert ans.kind == "answer", ans.text
        assert "Ca2+ binds calmodulin" in ans.text, ans.text
        assert "troponin C" not in ans.text or ans.text.index("Ca2+ binds calmodulin") < ans.text.index("troponin C"), \
            ans.text


def test_a_formula_set_as_a_heading_is_in_the_section_the_ingest_names_with_its_numbering():
    # outside question fresh29-med-4: "### $ln(C) = ...$" under "# 5. Elimination" / "## Clearance rate" was put under
    # "Elimination > Clearance rate" (the heading read as a list item, its "5." dropped) while the section's other
    # lines are under the ingest's "5. Elimination > Clearance rate": one section, its title shown twice in an answer
    from tutor.passages import Passage
    from tutor.statements import statements
    lines = ["# 5. Elimination", "", "## Clearance rate", "Most drugs are first order, eliminated in proportion.", "",
             "### $ln(C) = -kt + ln(C_0)$", "## Enzyme saturation"]
    p = Passage("c", "pk.md", "5. Elimination > Clearance rate", 4, 6, "prose", "\n".join(lines[3:6]))
    got = {st.text: st.heading for st in statements(p, lines)}
    assert got["$ln(C) = -kt + ln(C_0)$"] == "5. Elimination > Clearance rate", got


def test_a_word_that_owns_the_thing_asked_of_names_it():
    # "the banker's algorithm" written in lower case had been read as no subject at all ("banker" an everyday word
    # the notes never use, so nothing to miss), and the notes' lock-order lines were shown as the banker's algorithm
    # (see the test below, on notes)
    assert read_question("what is belady's anomaly?").subjects == ("belady's anomaly",)
    # anybody's thing is no name: the owner is generic
    assert read_question("What is a drug's therapeutic index?").subjects == ("therapeutic index",)
    assert "someone" not in idle_words("If someone's ECF is 14 L, what is their ICF?", {"ecf": 3, "icf": 3})
    assert "banker" not in idle_words("How does the banker's algorithm work?", {"algorithm": 4})


DEADLOCK = """# Deadlocks

## Preventing deadlocks
A deadlock occurs when two or more threads each wait on a lock another of them holds.
The simplest prevention is a lock order: every thread takes the mutex for A before the mutex for B.
Each time a thread is about to acquire a mutex, we can check whether granting it will cause a deadlock.

## Peterson's algorithm
Peterson's algorithm gives two threads mutual exclusion with two flags and a turn variable.
A thread sets its flag, gives the turn away, and waits while the other's flag is set and it is the other's turn.
"""


def _says(tutor, question: str, kind: str, *shown: str):
    """Ask on the test's own notes: the answer is of this kind and shows each of these."""
    ans = tutor.ask(question)
    assert ans.kind == kind and all(x in ans.text for x in shown), ans.text
    return ans


def test_a_lower_case_name_the_notes_never_use_is_declined(tmp_path):
    with _own_notes(tmp_path, "deadlock.md", DEADLOCK) as tutor:
        _says(tutor, "explain how the banker's algorithm decides whether granting a resource request is safe "
                        "so we avoid deadlock", "not_covered")
        _says(tutor, "explain how peterson's algorithm gives two threads mutual exclusion", "answer", "turn variable")


def test_the_measure_a_maximum_is_of():
    from tutor.compose import measured
    assert measured("What's the maximum size a single item can be in Cosmos DB?") == "size"
    assert measured("What's the maximum number of subscriptions a single topic can have?") == "subscriptions"
    assert measured("what's the minimum storage duration for deep archive") == "storage duration"
    assert measured("What is the max?") == ""


STORE = """# Item Store

## Costs
Each read of a 1-KB item costs one unit, and a write costs five.
The cost of an operation varies with item size and query complexity.

## Partitions
Partition keys should have many distinct values.
"""


def test_a_number_of_something_else_is_no_answer_to_a_maximum(tmp_path):
    # "the maximum size of an item" had been answered with every line on the store that gave any number
    with _own_notes(tmp_path, "store.md", STORE) as tutor:
        _says(tutor, "What's the maximum size a single item can be in Item Store before a write is rejected?",
              "not_covered", "number for its size")
        _says(tutor, "How much does a read of a 1-KB item cost in Item Store, in units?", "answer", "one unit")


CHARTERS = """# Charters

## Magna Carta
The Magna Carta was the first rule of law that limited what the king could do.
It said that free men could not be punished without the law of the land.

## Edict of Nantes
In 1598 the Edict of Nantes gave the Huguenots freedom of worship in France.
"""


def test_a_date_asked_is_answered_only_by_a_line_giving_one(tmp_path):
    # fresh79 hist-12: "When was the Magna Carta signed ...?" was answered with what the notes say it was
    with _own_notes(tmp_path, "charters.md", CHARTERS) as tutor:
        _says(tutor, "When was the Magna Carta signed?", "not_covered", "gives a date")
        _says(tutor, "When was the Edict of Nantes issued?", "answer", "1598")
        # "when does ..." asks in which case, not when
        _says(tutor, "When does the Magna Carta say a free man can be punished?", "answer", "law of the land")


STREAMS = """# Event Streams

## Partitions
A partition is an ordered sequence of events held in the stream.
Readers in one consumer group each take their own partitions.
Each stream has 4 partitions unless you ask for more.

## Retention
Events are kept for 24 hours by default.
"""


def test_a_figure_asked_is_answered_only_by_a_line_giving_a_figure_of_it(tmp_path):
    # fresh79 az-8: "how many consumers can read from the same partition at once?" was answered with the notes'
    # partition lines; a number of something else ("4 partitions") is no answer either
    with _own_notes(tmp_path, "streams.md", STREAMS) as tutor:
        _says(tutor, "how many readers can read from the same partition at once?", "not_covered", "gives that figure")
        _says(tutor, "How long are events kept in the stream by default?", "answer", "24 hours")
        _says(tutor, "How many partitions does a stream have?", "answer", "4 partitions")


def test_a_value_set_is_no_part_of_the_name():
    # fresh79 bundled-6: "why is learning_rate 0.1 the right answer ..." was read as about "learning_rate 0" (the
    # name cut at the decimal point), which the notes never name, and declined
    intent = read_question("In the toll booth question, why is learning_rate 0.1 the right answer and not 0.75?")
    assert intent.subjects == ("learning_rate",)


def test_a_figure_asked_beside_another_question_is_not_all_that_is_asked(tmp_path):
    # fresh80 bundled-1: "how far back can i still see events? and is there any call it doesnt log" was declined for
    # want of the figure, though the notes answer the second ask
    with _own_notes(tmp_path, "streams.md", STREAMS) as tutor:
        _says(tutor, "how many readers can read from the same partition at once? and what is a partition",
              "answer", "ordered sequence")
        _says(tutor, "Does the stream keep events in order, and how many readers can share a partition?", "answer")


HUBS = """# Event Hubs

## Consumer groups
A consumer group lets several readers read the same stream independently.

## Scaling
Throughput units set how much traffic a hub takes.

```sh
# Create a consumer group, then scale the hub's throughput units
az eventhubs eventhub consumer-group create --name reporting --eventhub-name orders
az eventhubs namespace update --name shop --sku Standard --capacity 2
```
"""


def test_a_figure_the_notes_lack_is_not_answered_with_their_code(tmp_path):
    # fresh77 az-8: "How many consumer groups can I create per event hub?" declined for want of the figure, then
    # showed the notes' scaling call ("--capacity 2") as if it answered
    with _own_notes(tmp_path, "hubs.md", HUBS) as tutor:
        ans = tutor.ask("How many consumer groups can I create per event hub on the Standard tier?")
        assert ans.kind == "not_covered" and "```" not in ans.text, ans.text


def test_what_a_question_is_about_wise_is_that_thing():
    # fresh80 bundled-2: "... allowed to run for, timeout-wise?" was declined: "They never mention “timeoutwise”"
    from tutor.intent import as_asked
    assert as_asked("whats the longest a lambda can run for, timeout-wise?") == \
        "whats the longest a lambda can run for, timeout?"
    assert as_asked("Is a bitwise AND pairwise?") == "Is a bitwise AND pairwise?"
