"""What list pages show beyond the summary (the verdict line, the date label, the
openness grid's cells) is kept in ``models`` and ``model_cells`` when a result is
stored, equal to what the report layer words from the stored result; migration 0006
gives an existing registry the same; ``add_results`` stores a batch in one
transaction. Against SQLite and a real PostgreSQL ($MOFKIT_TEST_PG_URL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select

from mofkit.errors import InputError
from mofkit.registry import migrate
from mofkit.report.grid import grid_columns, grid_facts
from mofkit.report.verdict import date_label, verdict_line
from web_fixtures import record, registry_at, seed

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def reg(request, tmp_path):
    with registry_at(request.param, tmp_path) as registry:
        yield registry


def _results(*names, **kwargs):
    from mofkit.pipeline import assess_release
    from mofkit.sources.mot_record import record_to_release

    out = []
    for name in names:
        release = record_to_release(record(name, **kwargs), source=f"{name}.yml")
        out.extend(assess_release(release).results())
    return out


def _expected(reg, slug):
    """What the report layer words from the model's latest stored "mof" result."""
    result = reg.get_model(slug)["assessments"]["mof"]["result"]
    return verdict_line(result), date_label(result)[0], grid_facts(result)


def _cell_count(reg):
    from mofkit.registry.tables import ModelCell

    with reg.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(ModelCell)).scalar()


def test_stored_words_and_cells_are_the_reports_own(reg):
    slugs = seed(reg)
    shown = reg.shown(list(slugs.values()), cells=True)
    assert set(shown) == set(slugs.values())
    for slug in slugs.values():
        assert shown[slug] == _expected(reg, slug), slug
    # the scanned model has two "mof" results: its cells are the later one's, once
    scanned = shown[slugs["Scanned-Model-1B"]]
    assert len(scanned[2]) == len(grid_columns())
    assert scanned[2]["model-parameters-final"].licence != "CC-BY-NC-4.0"
    assert shown[slugs["Alpha-Chat-7B"]][2]["model-parameters-final"].licence == "CC-BY-NC-4.0"
    assert shown[slugs["Alpha-Open-7B"]][1] == "record dated"
    assert _cell_count(reg) == len(slugs) * len(grid_columns())
    assert reg.shown([]) == {} and reg.shown(["no-such-model"]) == {}
    assert reg.shown([slugs["Alpha-Open-7B"]])[slugs["Alpha-Open-7B"]][2] == {}  # no cells


def test_deleting_a_model_deletes_its_cells(reg):
    slugs = seed(reg)
    assert reg.delete_model(slugs["Gamma-Community-70B"])
    assert _cell_count(reg) == (len(slugs) - 1) * len(grid_columns())


def test_migration_0006_backfills_what_ingest_writes_and_downgrades(reg):
    slugs = seed(reg)
    stored = reg.shown(list(slugs.values()), cells=True)
    history = {slug: len(reg.history(slug)) for slug in slugs.values()}
    migrate.downgrade(reg.engine, "0005")  # SQLite copies `models`: no cascade to assessments
    inspector = inspect(reg.engine)
    assert "model_cells" not in inspector.get_table_names()
    assert not {"verdict_line", "date_label"} & {c["name"] for c in
                                                 inspector.get_columns("models")}
    migrate.upgrade(reg.engine)
    assert migrate.current(reg.engine) == "0007"
    assert {slug: len(reg.history(slug)) for slug in slugs.values()} == history
    assert reg.shown(list(slugs.values()), cells=True) == stored
    assert _cell_count(reg) == len(slugs) * len(grid_columns())
    # and the site still reads them
    from mofkit.registry.query import ListQuery

    assert reg.list_models(ListQuery()).total == len(slugs)


def test_a_batch_is_one_transaction_and_one_generation(reg):
    reg.generation_ttl = 0
    start = reg.generation()
    added = reg.add_results(_results("Batch-1B", "Batch-2B"), source_kind="mot-record")
    assert [a.status for a in added] == ["new", "added", "new", "added"]
    assert [a.rules for a in added] == ["mof", "mot-compat"] * 2
    assert added[0].slug == added[1].slug != added[2].slug == added[3].slug
    after = reg.generation()
    assert after == start + 1
    again = reg.add_results(_results("Batch-1B"), source_kind="mot-record")
    assert [a.status for a in again] == ["unchanged", "unchanged"]
    assert reg.generation() == after
    bad = _results("Batch-3B")
    bad[1] = {**bad[1], "rules": {"name": "no-such-rules"}}
    with pytest.raises(InputError):
        reg.add_results(bad, source_kind="mot-record")
    assert reg.count() == 2 and reg.generation() == after
    shown = reg.shown([added[0].slug], cells=True)[added[0].slug]
    assert shown == _expected(reg, added[0].slug)
