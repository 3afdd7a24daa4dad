"""gen: Party committee documents (thông báo kết luận, kết luận, nghị quyết) from YAML to Word.

The pipeline, one module per stage:

    loader      YAML text  -> data with source positions (duplicate keys, tabs, bad characters caught)
    schema      data       -> findings (Cerberus; located, in Vietnamese)
    model       data       -> Document (organisation file merged, kind defaults applied)
    formatting  Document   -> Vietnamese dates, numbers, periods, outline labels
    render      Document   -> .docx bytes (docxtpl fills templates/docx/)
    writer      bytes      -> file, atomically
    build       the pipeline above over many files; cli is a thin shell around it.
"""

__version__ = "0.1.0"
