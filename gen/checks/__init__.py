"""Checks: the Party's rules as data (gen/data/rules.yaml) and the functions that apply them.

registry    rule data, rules in force on a date, the check registry
content     rules on a built document model, reported at YAML lines
numbers     a number used twice in a committee's term, across the content folder
audit       rules on any Word file, ours or typed by hand
"""
