"""Checks: the Party's rules as data (gen/data/rules.yaml) and the functions that apply them,
each registered under its rule id with @check("rule.id") and called as check(rule, ctx).

    registry    rule data, rules in force on a date, the check registry
    content     rules on a built document model, reported at YAML lines
    structure   footnotes, tables and appendices
    numbers     a number used twice in a committee's term, across the content folder
    spelling    chính tả, on the speller (speller; lexicon: what it knows; vietnamese: syllables)
    audit       rules on any Word file, ours or typed by hand
"""
