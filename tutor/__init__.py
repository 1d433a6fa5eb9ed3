"""notes-tutor: retrieval, cited answers, practice questions and model backends over your notes."""

from tutor.config import Settings, load_settings

__all__ = ["Settings", "load_settings"]
