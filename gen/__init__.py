"""gen: Party committee documents from YAML to Word.

Layers, lowest first; a module imports only from its own layer or lower ones (tests/test_layout.py):

    exceptions, messages, settings   findings and errors, gettext catalogues, layout settings with sources
    content/    YAML -> validated data -> Document model
    word/       Document -> .docx; Word files read back; tracked changes
    checks/     rules as data: content rules, Word-file audit
    workflow/   build, cache, new, watch, diff, import, pdf
    serve/      the page in the browser (gen serve)
    cli         the thin command-line shell
"""

__version__ = "0.1.0"
