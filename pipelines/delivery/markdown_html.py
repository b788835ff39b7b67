"""A report's Markdown as HTML for a reader that runs no script (a mail client, a feed reader):
CommonMark with tables, raw HTML escaped, each table and cell styled inline."""

from markdown_it import MarkdownIt

TABLE_STYLE = "border-collapse:collapse;margin:0.5em 0"
CELL_STYLE = "border:1px solid #ccc;padding:2px 6px"


def markdown_to_html(markdown: str) -> str:
    """CommonMark with tables, raw HTML escaped, each table and cell styled inline."""
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = renderer.parse(markdown)
    for token in tokens:
        style = {"table_open": TABLE_STYLE, "th_open": CELL_STYLE, "td_open": CELL_STYLE}.get(token.type)
        if style:
            aligned = token.attrGet("style")
            token.attrSet("style", f"{style};{aligned}" if aligned else style)
    return renderer.renderer.render(tokens, renderer.options, {})
