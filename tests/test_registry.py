"""The registry against SQLite and a real PostgreSQL ($MOFKIT_TEST_PG_URL;
skipped without it, a failure when CI is set)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from mofkit.errors import InputError
from mofkit.registry.query import ListQuery
from web_fixtures import (
    BACKENDS,
    HOSTILE_NAME,
    OPEN_COMPONENTS,
    fake_scanner,
    record,
    registry_at,
    seed,
)


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(request, tmp_path_factory):
    """One seeded registry per backend, shared by the tests that only read."""
    with registry_at(request.param, tmp_path_factory.mktemp("seeded")) as registry:
        yield registry, seed(registry)


def names(page):
    return [m["name"] for m in page.items]


def test_migrations_create_the_tables_the_code_maps(reg):
    from sqlalchemy import inspect

    from mofkit.registry import migrate
    from mofkit.registry.tables import Base

    assert migrate.current(reg.engine) == migrate.head() == "0007"
    inspector = inspect(reg.engine)
    for table in Base.metadata.sorted_tables:
        in_db = {c["name"] for c in inspector.get_columns(table.name)}
        assert in_db == {c.name for c in table.columns}, table.name
        indexes = {i["name"] for i in inspector.get_indexes(table.name)}
        assert {i.name for i in table.indexes} <= indexes, table.name


def test_downgrade_and_upgrade_again(reg):
    from sqlalchemy import inspect

    from mofkit.registry import migrate

    migrate.downgrade(reg.engine, "base")
    assert "models" not in inspect(reg.engine).get_table_names()
    migrate.upgrade(reg.engine)
    assert {"models", "assessments", "submissions"} <= set(inspect(reg.engine).get_table_names())


def test_both_rule_sets_side_by_side(seeded):
    reg, slugs = seeded
    model = reg.get_model(slugs["Alpha-Open-7B"])
    assert model["mof"]["class"] == 3
    assert set(model["assessments"]) == {"mof", "mot-compat"}
    mof = model["assessments"]["mof"]
    assert mof["rules"] == "mof" and mof["rules_version"] == "mof-1.0"
    assert mof["result"]["release"]["name"] == "Alpha-Open-7B"
    assert model["assessments"]["mot-compat"]["rules_version"].endswith("mot-8b5d30e")
    # Apache-2.0 as the MOT writes it: same class under both rules.
    assert model["mot_compat"]["class"] == 3
    gamma = reg.get_model(slugs["Gamma-Community-70B"])
    assert gamma["mof"]["class"] == 0
    assert gamma["licence_kind"] == "restrictive"
    assert gamma["osaid"] == "fail"


def test_storing_the_same_result_again_keeps_one_history_entry(seeded):
    from mofkit.pipeline import assess_release
    from mofkit.sources.mot_record import record_to_release

    reg, slugs = seeded
    before = reg.history(slugs["Alpha-Open-7B"])
    rec = record("Alpha-Open-7B", producer="Alpha Labs", date="2025-03-10",
                 released="2025-03-01")
    results = assess_release(record_to_release(rec, source="Alpha-Open-7B.yml")).results()
    statuses = [reg.add_result(r, source_kind="mot-record").status for r in results]
    assert statuses == ["unchanged", "unchanged"]
    assert len(reg.history(slugs["Alpha-Open-7B"])) == len(before) == 2


def test_history_keeps_every_assessment_with_a_diff(seeded):
    reg, slugs = seeded
    history = reg.history(slugs["Scanned-Model-1B"])
    assert [h["rules"] for h in history] == ["mot-compat", "mof", "mot-compat", "mof"]
    newest_mof = history[1]
    assert newest_mof["revision"].startswith("2222")
    assert newest_mof["previous_id"] == history[3]["id"]
    changed = {c["field"]: c for c in newest_mof["changes"]}
    assert changed["component.model-parameters-final.licence"]["before"] == "CC-BY-NC-4.0"
    assert changed["component.model-parameters-final.licence"]["after"] == "Apache-2.0"
    assert history[3]["changes"] == [] and history[3]["previous_id"] is None
    # The summary follows the newest mof assessment.
    model = reg.get_model(slugs["Scanned-Model-1B"])
    assert model["licence"] == "Apache-2.0"
    assert reg.diff(slugs["Scanned-Model-1B"], history[3]["id"], newest_mof["id"]) == \
        newest_mof["changes"]
    full = reg.assessment(slugs["Scanned-Model-1B"], newest_mof["id"])
    evidence = full["result"]["mof"]["components"][0]["evidence"]
    assert evidence and evidence[0]["path"]


@pytest.mark.parametrize(("query", "expected"), [
    (ListQuery(mof_class=[3]), {"Alpha-Open-7B", HOSTILE_NAME}),
    (ListQuery(mof_class=[0]), {"Beta-Partial-3B", "Gamma-Community-70B", "Alpha-Chat-7B",
                                "Scanned-Model-1B"}),
    (ListQuery(producer="Alpha Labs"), {"Alpha-Open-7B", "Alpha-Chat-7B"}),
    (ListQuery(type="code"), {"Beta-Partial-3B"}),
    (ListQuery(licence="CC-BY-NC-4.0"), {"Alpha-Chat-7B"}),
    (ListQuery(licence_kind="restrictive"), {"Gamma-Community-70B"}),
    (ListQuery(date_from="2025-03", date_to="2025-05"), {"Alpha-Open-7B", "Alpha-Chat-7B"}),
    (ListQuery(date_to="2024"), {"Gamma-Community-70B", "Beta-Partial-3B"}),
    (ListQuery(date_from="2025-07", date_to="2025-07"), set()),  # Beta's record date
    (ListQuery(no_release_date=True), {HOSTILE_NAME}),
    (ListQuery(q="alpha"), {"Alpha-Open-7B", "Alpha-Chat-7B"}),
    (ListQuery(q="gamma corp"), {"Gamma-Community-70B"}),
])
def test_filters(seeded, query, expected):
    reg, _ = seeded
    page = reg.list_models(query)
    assert set(names(page)) == expected
    assert page.total == len(expected)


def test_osaid_filter_matches_each_models_verdict(seeded):
    reg, _ = seeded
    everyone = reg.list_models(ListQuery()).items
    for verdict in ("pass", "fail", "unknown"):
        got = set(names(reg.list_models(ListQuery(osaid=verdict))))
        assert got == {m["name"] for m in everyone if m["osaid"] == verdict}


def test_default_order_is_class_then_progress_then_name(seeded):
    reg, _ = seeded
    items = reg.list_models(ListQuery()).items
    keys = [({1: 3, 2: 2, 3: 1, 0: 0}[m["mof"]["class"]], m["mof"]["total_progress"])
            for m in items]
    assert keys == sorted(keys, reverse=True)
    assert items[0]["mof"]["class"] == 3
    # Ties are ordered by name, so the order never changes between requests.
    assert names(reg.list_models(ListQuery())) == names(reg.list_models(ListQuery()))


def test_sorting_and_paging(seeded):
    reg, _ = seeded
    by_name = names(reg.list_models(ListQuery(sort="name", order="asc", limit=200)))
    assert by_name == sorted(by_name, key=str.lower)
    assert names(reg.list_models(ListQuery(sort="name", order="desc"))) == by_name[::-1]
    first = reg.list_models(ListQuery(sort="name", order="asc", limit=2, page=1))
    second = reg.list_models(ListQuery(sort="name", order="asc", limit=2, page=2))
    assert first.total == len(by_name) and first.pages == -(-len(by_name) // 2)
    assert names(first) + names(second) == by_name[:4]
    dates = [m["release_date"] for m in reg.list_models(ListQuery(sort="date")).items]
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True) and dates[len(known):] == [None]
    dates = [m["release_date"] for m in reg.list_models(ListQuery(sort="date",
                                                                  order="asc")).items]
    assert dates[:len(known)] == known[::-1] and dates[-1] is None  # unknown last either way
    dates = [m["date"] for m in reg.list_models(ListQuery(sort="record_date")).items]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("bad", [
    ListQuery(sort="name; DROP TABLE models"), ListQuery(order="sideways"),
    ListQuery(mof_class=[7]), ListQuery(osaid="maybe"), ListQuery(page=0),
    ListQuery(limit=1000), ListQuery(date_from="2025-13"), ListQuery(date_to="'; --"),
    ListQuery(q="x" * 201),
])
def test_bad_queries_are_input_errors(seeded, bad):
    reg, _ = seeded
    with pytest.raises(InputError):
        reg.list_models(bad)


@pytest.mark.parametrize("text", ["%", "_", "' OR '1'='1", "'; DROP TABLE models; --",
                                  "\\", "<script>"])
def test_search_text_is_literal(seeded, text):
    reg, _ = seeded
    found = names(reg.list_models(ListQuery(q=text)))
    assert all(text.lower() in (n.lower() + " ") or text.lower() in n.lower()
               for n in found) or found == []
    if text in ("'; DROP TABLE models; --", "<script>"):
        assert found == [HOSTILE_NAME]
    elif text in ("%", "_", "\\", "' OR '1'='1"):
        assert found == []
    assert reg.count() == 6  # nothing dropped


def test_hostile_name_is_stored_verbatim(seeded):
    reg, slugs = seeded
    model = reg.get_model(slugs[HOSTILE_NAME])
    assert model["name"] == HOSTILE_NAME
    assert model["producer"] == "<b>Evil</b> & Co"
    assert slugs[HOSTILE_NAME].replace("-", "").isalnum()


def test_lineage(seeded):
    reg, slugs = seeded
    chat = reg.get_model(slugs["Alpha-Chat-7B"])
    assert chat["lineage"]["base"] == {"name": "Alpha-Open-7B", "slug": "alpha-open-7b"}
    base = reg.get_model(slugs["Alpha-Open-7B"])
    assert base["lineage"]["derived"] == [{"name": "Alpha-Chat-7B", "slug": "alpha-chat-7b"}]


def test_facets_and_stats_count_what_is_stored(seeded):
    reg, _ = seeded
    facets = reg.facets()
    assert dict(map(tuple, facets["producer"]))["Alpha Labs"] == 2
    assert dict(map(tuple, facets["type"]))["code"] == 1
    stats = reg.stats()
    assert stats["models"] == 6
    assert sum(stats["classes"].values()) == 6 and stats["classes"]["3"] == 2
    assert sum(stats["mot_compat_classes"].values()) == 6
    alpha = next(p for p in stats["by_producer"] if p["producer"] == "Alpha Labs")
    assert alpha["models"] == 2 and alpha["best_class"] == 3
    months = [r["month"] for r in stats["over_time"]]
    assert months == sorted(months) and "2025-03" in months


def test_the_facet_cache_notices_new_models(reg):
    reg.add_result(_result("Delta-1B", producer="Alpha Labs"), source_kind="mot-record")
    assert dict(map(tuple, reg.facets()["producer"])) == {"Alpha Labs": 1}
    reg.add_result(_result("Delta-2B", producer="Alpha Labs"), source_kind="mot-record")
    assert dict(map(tuple, reg.facets()["producer"])) == {"Alpha Labs": 2}


def _result(name, **kwargs):
    from mofkit.pipeline import assess_release
    from mofkit.sources.mot_record import record_to_release

    return assess_release(record_to_release(record(name, **kwargs)), ["mof"]).results()[0]


def test_export_formats(seeded):
    from mofkit.registry.export import render_export

    reg, _ = seeded
    items = list(reg.export())
    assert len(items) == 6
    assert all(set(i["assessments"]) == {"mof", "mot-compat"} for i in items)
    as_json = json.loads(render_export(reg.export("mof"), "json"))
    assert all(set(i["assessments"]) == {"mof"} for i in as_json)
    lines = render_export(reg.export(), "jsonl").splitlines()
    assert len(lines) == 6
    rows = list(csv.DictReader(io.StringIO(render_export(reg.export(), "csv"))))
    alpha = next(r for r in rows if r["name"] == "Alpha-Open-7B")
    assert alpha["mof_class"] == "3" and alpha["mot_compat_class"] == "3"


def test_csv_cells_cannot_start_a_formula(reg):
    from mofkit.registry.export import render_export

    reg.add_result(_result("=HYPERLINK(\"http://x\")", producer="+cmd"),
                   source_kind="mot-record")
    row = next(csv.DictReader(io.StringIO(render_export(reg.export(), "csv"))))
    assert row["name"].startswith("'=") and row["producer"] == "'+cmd"


def test_submission_queue_runs_the_scanner(reg):
    from mofkit.registry.submit import SubmitQueue

    calls: list[str] = []
    queue = SubmitQueue(reg, fake_scanner(calls))
    item = reg.enqueue("https://github.com/acme/widget")
    assert item["status"] == "queued"
    assert queue.process_one() is True
    assert queue.process_one() is False
    done = reg.submission(item["id"])
    assert calls == ["https://github.com/acme/widget"]
    assert done["status"] == "done" and done["model"] == "scanned-widget"
    model = reg.get_model("scanned-widget")
    assert set(model["assessments"]) == {"mof", "mot-compat"}
    assert model["assessments"]["mof"]["revision"].startswith("0123")


def test_a_failing_scan_is_recorded_not_raised(reg):
    from mofkit.registry.submit import SubmitQueue

    def broken(source):
        raise InputError("repository not found", source)

    def crashing(source):
        raise RuntimeError("secret internals")

    first = reg.enqueue("hf:acme/missing")
    second = reg.enqueue("hf:acme/crash")
    SubmitQueue(reg, broken).process_one()
    SubmitQueue(reg, crashing).process_one()
    assert reg.submission(first["id"])["status"] == "failed"
    assert "repository not found" in reg.submission(first["id"])["error"]
    assert reg.submission(second["id"])["error"] == "scan failed: RuntimeError"
    assert reg.count() == 0


def test_background_queue_thread(reg):
    from mofkit.registry.submit import SubmitQueue
    from web_fixtures import wait_for

    queue = SubmitQueue(reg, fake_scanner(), poll=0.05)
    queue.start()
    try:
        item = reg.enqueue("hf:acme/threaded")
        queue.notify()
        wait_for(lambda: reg.submission(item["id"])["status"] == "done")
    finally:
        queue.stop()
    assert reg.get_model("scanned-threaded") is not None


def test_components_of_seed_records_are_what_was_written(seeded):
    reg, slugs = seeded
    result = reg.get_model(slugs["Beta-Partial-3B"])["assessments"]["mof"]["result"]
    included = [c["name"] for c in result["mof"]["components"] if c["status"] != "missing"]
    assert len(included) == len(OPEN_COMPONENTS[:3])


def test_every_write_bumps_the_generation(reg, tmp_path):
    """The response cache's key: bumped by each write in its own transaction,
    seen at once by the writer and within generation_ttl by another process."""
    from mofkit.registry import open_registry

    reg.generation_ttl = 0
    start = reg.generation()
    result = _result("Gen-1B")
    assert reg.add_result(result, source_kind="mot-record").status == "new"
    first = reg.generation()
    assert first != start
    assert reg.add_result(result, source_kind="mot-record").status == "unchanged"
    assert reg.generation() == first  # nothing written, nothing to invalidate
    other = open_registry(reg.engine.url.render_as_string(hide_password=False))
    try:
        other.generation_ttl = 60.0
        seen = other.generation()
        assert seen == first
        reg.add_result(_result("Gen-2B"), source_kind="mot-record")
        assert other.generation() == seen  # inside its ttl: the value it has
        assert other.generation(max_age=0) == reg.generation() != seen
        assert reg.delete_model("gen-2b")
        assert other.generation(max_age=0) == reg.generation() != first
    finally:
        other.close()


def test_counts_facets_and_stats_follow_the_generation(reg):
    reg.generation_ttl = 60.0  # this process's own writes must show without waiting
    assert reg.list_models(ListQuery(producer="Memo Labs")).total == 0
    assert reg.stats()["models"] == 0
    reg.add_result(_result("Memo-1B", producer="Memo Labs"), source_kind="mot-record")
    assert reg.list_models(ListQuery(producer="Memo Labs")).total == 1
    assert reg.stats()["models"] == 1
    assert dict(map(tuple, reg.facets()["producer"])) == {"Memo Labs": 1}


def test_a_submission_is_claimed_once(reg):
    """Several server processes each run a queue: the claim is compare-and-set."""
    from mofkit.registry import open_registry

    item = reg.enqueue("hf:acme/once")
    other = open_registry(reg.engine.url.render_as_string(hide_password=False))
    try:
        claims = [reg.claim_next(), other.claim_next()]
    finally:
        other.close()
    assert [c["id"] for c in claims if c] == [item["id"]]
    assert reg.submission(item["id"])["status"] == "running"
