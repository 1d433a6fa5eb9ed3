"""Process settings that keep every library offline and quiet.

Called explicitly by the entry points that load models or stores (never at import time). Values are
forced, not defaulted: a student's shell exporting HF_HUB_OFFLINE=0 must not turn on downloads.
"""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",  # Chroma
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "DO_NOT_TRACK": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


def configure_offline() -> None:
    """Force offline, telemetry-free settings for this process and its children."""
    os.environ.update(OFFLINE_ENV)
