"""Word: the document model laid into the template and written as .docx; Word files read back.

ooxml       namespaces and the deterministic zip writer
render      Document -> .docx bytes (docxtpl fills templates/docx/), with blocks, runs, tables,
            footnotes, sections, styles and metrics (text widths)
writer      bytes -> file, atomically
package     the one safe way to open a Word file (size, depth and entity limits)
reader      a Word file typed by hand -> lines with their formatting and automatic labels
redline     two renderings -> one with tracked changes
"""
