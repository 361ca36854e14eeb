"""Create or upgrade the registry schema with the migrations shipped in the
package (no alembic.ini needed)."""

from __future__ import annotations

from importlib import resources

from sqlalchemy.engine import Engine


def _config(connection: object) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("mofkit.registry").joinpath("migrations"))
    )
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)  # type: ignore[arg-type]


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_config(connection), revision)  # type: ignore[arg-type]


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(None)).get_current_head()  # type: ignore[arg-type]
