"""A hook for tests only: MkDocs renders pages in the order of its Files, and
this hands it every file in reverse order (after the site's own hook)."""

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return Files(list(reversed(list(files))))
