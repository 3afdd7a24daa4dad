"""Content: a YAML file read with positions, validated, and built into the document model.

loader      YAML text  -> data with source positions (duplicate keys, tabs, bad characters caught)
schema      data       -> located findings (Cerberus, in the author's words)
model       data       -> Document (organisation file merged, kind defaults applied)
kinds, formatting, markup           kinds, Vietnamese dates and periods (IssueDate, Period), labels, inline markup
footnotes, tables, appendices       chú thích, bảng (rows in YAML or a CSV file), phụ lục
files       which files of a folder are documents
editor_schema, yaml_out     the same model seen from an editor (JSON Schema) and written back as YAML
"""
