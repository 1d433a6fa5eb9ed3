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
    # (a comment with no code after it says what the code above it does: fresh45 az-5 showed
    # "BlobClient blobClient = containerClient.GetBlobClient(fileName);" without the comment under it, "Getting a
    # blob reference does not make any calls to Azure Storage", which answered the question)
    assert pieces(LINES, 5, 12) == [(5, 6), (8, 12)]
    lines = ["```cs", "x = 1;", "// heads y", "y = 2;", "```"]
    assert pieces(lines, 2, 4) == [(2, 2), (3, 4)]  # a comment with code after it heads that code


def test_the_piece_holding_most_of_the_questions_weight_answers_it_and_a_weak_one_does_not():
    p = Passage("c1", "q.md", "Queues", 1, 15, "prose", "")
    weights = {"pop": 5.0, "receipt": 5.0, "updat": 3.0, "messag": 1.0, "invis": 6.0}
    got = answering(_Index(), [p], weights)
    assert got is not None and (got.start_line, got.end_line) == (8, 12)
    assert got.render().startswith("```cs\n// PopReceipt must be provided")
    # the same piece for a question whose rarest words it lacks: not an answer
    assert answering(_Index(), [p], {"pop": 1.0, "receipt": 1.0, "lease": 6.0, "break": 6.0}) is None
    # a passage that does not reach the block: its code is not read
    assert answering(_Index(), [Passage("c2", "q.md", "Queues", 1, 2, "prose", "")], weights) is None


def test_a_command_continued_over_flag_lines_is_one_piece():
    # fresh30 az-5: "--auth-mode login" was read as an SQL comment, and the piece stopped at the command's name
    lines = ["```sh", "# Generate a user delegation SAS for a container", "az storage container generate-sas \\",
             "    --auth-mode login \\", "    --as-user", "-- a real SQL comment", "SELECT 1", "```"]
    assert pieces(lines, 2, 7) == [(2, 5), (6, 7)]


def test_a_question_asking_for_a_command_is_held_by_a_piece_of_code():
    # fresh30 az-7: "where do I get the endpoint and the key, is there a CLI command?" - the piece with
    # `az eventgrid topic show --query "endpoint"` never says "CLI" or "command"; it is one
    lines = ["```sh", "# Send an event to the custom topic", 'endpoint=$(az eventgrid topic show --query "endpoint")',
             'key=$(az eventgrid topic key list --query "key1")', "```"]

    class Index:
        def lines(self, source):
            return lines

    p = Passage("c", "eg.md", "Event Grid", 1, 5, "prose", "")
    weights = {"cli": 3.6, "command": 4.1, "endpoint": 2.9, "get": 2.3, "key": 1.6}
    got = answering(Index(), [p], weights)
    assert got is not None and (got.start_line, got.end_line) == (2, 4)
    # words that ask for code are not what a question is about: without its own words, no piece answers it
    assert answering(Index(), [p], {"cli": 3.6, "command": 4.1, "soft": 5.0, "delet": 4.0, "retent": 5.0}) is None


def test_a_question_asking_how_to_do_it_is_led_by_code_that_holds_more_of_it_than_the_lines():
    # fresh30 az-1: "Show me how to encrypt and then decrypt some data in C# using a key that's stored in Azure Key
    # Vault" opened with a Customer-Managed Keys line; the notes' CryptographyClient code came nowhere
    from tutor.code import Snippet, place
    weights = {"decrypt": 4.9, "encrypt": 3.1, "key": 1.6, "store": 2.0, "vault": 2.3}
    code = Snippet("kv.md", "Working with KeyVault", 196, 199,
                   ("// Encrypting and decrypting data", "cryptoClient.Encrypt(...);", "cryptoClient.Decrypt(...);"),
                   "cs", (4.9 + 3.1 + 1.6) / 13.9, frozenset({"decrypt", "encrypt", "key"}))
    shown = ["Customer-Managed Keys: stored in Azure Key Vault.", "Standard for software encryption, Premium for HSM keys."]
    assert place(code, shown, weights, "Show me how to encrypt and then decrypt data with a key in Key Vault?") == "lead"
    assert place(code, shown, weights, "How do I encrypt and decrypt data with a key in Key Vault?") == "lead"
    # ... after a frame naming where it is asked (fresh70 az-5, "In C#, how do I read events from just one partition":
    # the notes' ReadEventsFromPartitionAsync code came nowhere)
    assert place(code, shown, weights, "In C#, how do I encrypt and decrypt data with a key in Key Vault?") == "lead"
    # asked what it is, the same lines keep the answer: one word more in code is no more of it
    assert place(code, shown, weights, "What does Key Vault do with keys that encrypt and decrypt data?") is None
