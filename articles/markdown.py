"""Markdown to the plain text the date engine reads.

Markup never reaches an event's sentence: emphasis and code marks go, a link
keeps its text, an image its alt text; each heading, paragraph and list item
becomes a paragraph of its own, and a list item without closing punctuation
gets a full stop so that it is a sentence, not the start of the next one.
"""

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark")
_BLOCK_ENDS = ("heading_close", "paragraph_close", "fence", "code_block")
_CLOSING = (".", "!", "?", ":", ";", "…", '"', "”", "’", "'", ")")


def markdown_to_text(source: str) -> tuple[str, str]:
    """(plain text, first heading) of a Markdown document."""
    blocks: list[str] = []
    heading = ""
    list_depth = 0
    in_heading = False
    for token in _PARSER.parse(source):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "heading_open":
            in_heading = True
        elif token.type == "inline":
            text = inline_text(token)
            if not text:
                continue
            if in_heading and not heading:
                heading = text
            if list_depth and not text.endswith(_CLOSING):
                text += "."
            blocks.append(text)
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(token.content.strip())
        if token.type in _BLOCK_ENDS:
            in_heading = False
    return "\n\n".join(blocks), heading


def inline_text(token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(child.content)  # its alt text
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())
