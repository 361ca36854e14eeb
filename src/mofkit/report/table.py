"""Tables for a terminal or a log: a header row, then one row per item.

``render_table`` draws them with rich (column headers, a rule under them, numbers
right-aligned) and returns the text, control characters in the cells escaped
(``terminal_safe``: shown, not obeyed, nor dropped), colour only when asked.
Columns marked ``wrap`` fold long values onto more lines within ``width``; the
others are never cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich import box
from rich.table import Table
from rich.text import Text

from mofkit.report.text import finish, make_console
from mofkit.safetext import terminal_safe


@dataclass(frozen=True)
class Column:
    header: str
    numeric: bool = False  # right-aligned
    wrap: bool = False  # may fold onto more lines (the others never are cut)


def render_table(columns: Sequence[Column], rows: Iterable[Sequence[object]], *,
                 width: int | None = None, color: bool = False, indent: int = 0) -> str:
    """The rows under their headers, as text ``width`` columns wide at most (100 when
    None); ``None`` cells are shown as "-"."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False,
                  header_style="bold" if color else "")
    for col in columns:
        table.add_column(col.header, justify="right" if col.numeric else "left",
                         no_wrap=not col.wrap, overflow="fold")
    for row in rows:
        table.add_row(*(Text("-" if cell is None else terminal_safe(str(cell))) for cell in row))
    console, buf = make_console(color, width)
    if indent:
        from rich.padding import Padding

        console.print(Padding(table, (0, 0, 0, indent)))
    else:
        console.print(table)
    return finish(buf, color)
