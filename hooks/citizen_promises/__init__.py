"""Publishing pipeline for medborgarlöften: load → validate → model → pages → feeds.

Nothing in this package imports MkDocs; ``hooks/mkdocs_adapter.py`` is the only
module that does, so the model and the renderers are testable on their own.
"""
