"""Optional parts of mofkit and the packages they bring (``pyproject.toml``'s extras):
a command whose extra is not installed says in one line which one to install."""

from __future__ import annotations

# Top-level module -> the extra that installs it.
EXTRA_OF: dict[str, str] = {
    **dict.fromkeys(("sqlalchemy", "alembic", "fastapi", "starlette", "jinja2", "uvicorn",
                     "multipart", "python_multipart"), "web"),
    "ray": "ray",
    "psycopg": "postgres",
}


def missing_extra(exc: ModuleNotFoundError) -> str | None:
    """The one-line message for an import that failed because an extra is not installed,
    or None when the missing module belongs to no extra (a broken installation, a bug)."""
    module = (exc.name or "").split(".")[0]
    extra = EXTRA_OF.get(module)
    if extra is None:
        return None
    return (f"this command needs mofkit's {extra} extra ({module} is not installed): "
            f"pip install 'mofkit[{extra}]'")
