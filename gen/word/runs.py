"""Runs and paragraphs of WordprocessingML from content text: escaped, with the inline markup
(bold, italic, superscript, subscript, footnote references) as run properties.

Footnote markers reach this layer already numbered by the model ("[^3]" a footnote, "[^=3]" a
second reference to note 3); a marker the model did not number is written as typed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from gen.content import markup

FOOTNOTE_REFERENCE = "FootnoteReference"


def text_xml(text: str) -> str:
    # Braces become character references: docxtpl rewrites "{_{" and "%_}" in its output.
    text = escape(text).replace("{", "&#123;").replace("}", "&#125;")
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    return f'<w:t xml:space="preserve">{text}</w:t>'


def _props(run: markup.Run, bold: bool = False) -> str:
    props = ("<w:b/><w:bCs/>" if run.bold or bold else "") + ("<w:i/><w:iCs/>" if run.italic else "")
    if run.vert:
        props += f'<w:vertAlign w:val="{"superscript" if run.vert == "sup" else "subscript"}"/>'
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def note_xml(run: markup.Run) -> str:
    reference = f'<w:rPr><w:rStyle w:val="{FOOTNOTE_REFERENCE}"/></w:rPr>'
    if run.note.isascii() and run.note.isdigit():
        return f'<w:r>{reference}<w:footnoteReference w:id="{run.note}"/></w:r>'
    if run.note.startswith("=") and run.note[1:].isascii() and run.note[1:].isdigit():
        return f"<w:r>{reference}{text_xml(run.note[1:])}</w:r>"
    shown = f"^[{run.note[1:]}]" if run.note.startswith(markup.INLINE_NOTE) else f"[^{run.note}]"
    return f"<w:r>{_props(run)}{text_xml(shown)}</w:r>"


def runs_xml(text: str, inline: bool = True) -> str:
    """Runs for `text`: inline markup when `inline`, newlines as line breaks."""
    pieces = markup.parse(text) if inline else [markup.Run(text)]
    out = []
    for piece in pieces:
        if piece.note:
            out.append(note_xml(piece))
            continue
        body = "<w:br/>".join(text_xml(line) for line in piece.text.split("\n"))
        out.append(f"<w:r>{_props(piece)}{body}</w:r>")
    return "".join(out)


def paragraph_xml(
    style: str,
    text: str,
    label: str = "",
    inline: bool = True,
    keep_next: bool = False,
    jc: str = "",
    label_bold: bool = False,
) -> str:
    """A paragraph of `style`; its label ("1.", "-") is bold when the text opens with a bold lead-in
    ("1. **Về kinh tế:** …"), as offices type it."""
    label_xml = ""
    if label:
        first = markup.parse(text)[:1] if inline else []
        bold = label_bold or bool(first) and first[0].bold and not first[0].note
        label_xml = f"<w:r>{'<w:rPr><w:b/><w:bCs/></w:rPr>' if bold else ''}{text_xml(label + ' ')}</w:r>"
    keep = "<w:keepNext/>" if keep_next else ""
    align = f'<w:jc w:val="{jc}"/>' if jc else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}{align}</w:pPr>{label_xml}{runs_xml(text, inline)}</w:p>'
