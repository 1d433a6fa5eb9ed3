"""The notes' code cut into pieces and matched to a question (tutor.code), through a fake index's seam."""

from tutor.code import answering, blocks, pieces
from tutor.passages import Passage

LINES = """# Queues
Messages wait in a queue.

```cs
// Dequeue the next message
QueueMessage[] retrieved = await queueClient.ReceiveMessagesAsync();

// PopReceipt must be provided when performing operations to the message
queueClient.UpdateMessage(message.MessageId, message.PopReceipt, "new");
queueClient.DeleteMessage(message.MessageId, message.PopReceipt);
x = 1;
// a trailing comment
```
Some prose after.
""".splitlines()


class _Index:
    def lines(self, source: str) -> list[str]:
        return LINES if source == "q.md" else []


def test_a_code_block_is_cut_at_blank_lines_and_before_a_comment_that_follows_code():
    assert blocks(LINES) == [(5, 12, "cs")]
    assert pieces(LINES, 5, 12) == [(5, 6), (8, 11), (12, 12)]


def test_the_piece_holding_most_of_the_questions_weight_answers_it_and_a_weak_one_does_not():
    p = Passage("c1", "q.md", "Queues", 1, 15, "prose", "")
    weights = {"pop": 5.0, "receipt": 5.0, "updat": 3.0, "messag": 1.0, "invis": 6.0}
    got = answering(_Index(), [p], weights)
    assert got is not None and (got.start_line, got.end_line) == (8, 11)
    assert got.render().startswith("```cs\n// PopReceipt must be provided")
    # the same piece for a question whose rarest words it lacks: not an answer
    assert answering(_Index(), [p], {"pop": 1.0, "receipt": 1.0, "lease": 6.0, "break": 6.0}) is None
    # a passage that does not reach the block: its code is not read
    assert answering(_Index(), [Passage("c2", "q.md", "Queues", 1, 2, "prose", "")], weights) is None
