"""The tutor: retrieval, cited answers, multiple-choice reasoning, practice questions and model
backends over an index built by `ingest`.

Layers, each importing only the ones before it:

    ingest  ->  tutor  ->  evals  ->  ui  ->  cli

`tutor.session.Session` is the one place that opens the index, makes the model (or keeps why it
could not start) and builds the tutor and the practice service; every shell goes through it.
Importing the package loads nothing.
"""
