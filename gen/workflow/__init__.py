"""Workflow: what an office does with documents, each command one module on top of content, word and checks.

build (with cache)  the pipeline over many files, incremental
new                 next period's file from this one
watch               rebuild on save
diff (with versions) tracked changes between two versions, files or git revisions
importer            a Word document typed by hand -> a content file
pdf                 LibreOffice conversion
"""
