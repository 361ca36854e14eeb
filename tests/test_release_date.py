"""Release dates come from the release - the model card, a record's release-date
field, the Hub's creation date - and never from a Model Openness Tool record's own
date (issue 18, item 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from fakehub import FakeHub, repo_from_dict
from hf_support import scan_json
from mofkit.inspect.card import parse_card
from mofkit.inspect.release_date import from_card, parse_date
from mofkit.report.verdict import dates_line
from mofkit.sources.mot_record import load_record
from web_fixtures import record

CARD = """---
license: apache-2.0
extra_gated_prompt: |
  Meta Llama 3 Version Release Date: April 18, 2024
---
# Tiny model

The licence below carries its own version date.

## Licence

Version Release Date: January 1, 2020

## Model details

- **Developed by:** Example Lab
- **Model Release Date** March 7, 2025.
"""


@pytest.mark.parametrize(("text", "date"), [
    ("April 18, 2024.", "2024-04-18"), ("18 April 2024", "2024-04-18"),
    ("**Sept. 2023**", "2023-09"), ("2023.12.01", "2023-12-01"), ("2024/1/5", "2024-01-05"),
    ("10/18/2024", "2024-10-18"), ("18/10/2024", "2024-10-18"), ("05/05/2024", "2024-05-05"),
    ("03/04/2024", None),  # March 4 or 3 April: not taken
    ("2024-02-30", None), ("1850-01-01", None), ("2024", None), ("soon", None),
])
def test_dates_are_read_whole_or_not_at_all(text: str, date: str | None) -> None:
    assert parse_date(text) == date


def test_a_card_states_its_release_date_on_a_labelled_line() -> None:
    found = from_card(parse_card("README.md", CARD))
    assert found is not None
    # not the licence quoted in the front matter, not the licence section, not prose
    assert (found.date, found.source, found.where) == ("2025-03-07", "card", "README.md:17")


@pytest.mark.parametrize("line", [
    "| Release date | 2024-06-30 |", "* Released: 2024-06-30", "Initial release date: 2024-06-30",
])
def test_labelled_lines_in_lists_and_tables(line: str) -> None:
    found = from_card(parse_card("README.md", f"# M\n\n{line}\n"))
    assert found is not None and found.date == "2024-06-30" and found.where == "README.md:3"


@pytest.mark.parametrize("line", [
    "We released the model on 2024-06-30.", "[2024/01/04] We released v2",
    "Released under the Apache licence 2.0", "**Knowledge cutoff date:** March 5, 2024",
    "```\nRelease date: 2024-06-30\n```",
])
def test_no_release_date_from_prose_news_cutoffs_or_code(line: str) -> None:
    assert from_card(parse_card("README.md", f"# M\n\n{line}\n")) is None


def test_front_matter_release_date_comes_first() -> None:
    card = parse_card("README.md", "---\nrelease_date: 2024-02-29\n---\n# M\n\n"
                      "Release date: 2025-01-01\n")
    found = from_card(card)
    assert found is not None and (found.date, found.where) == ("2024-02-29", "README.md:2")


def test_a_record_release_date_field_is_the_release_date_not_its_date(tmp_path: Path) -> None:
    rec = record("Dated-1B", date="2025-06-01", released="2024-04")
    path = tmp_path / "dated.yml"
    path.write_text(yaml.safe_dump(rec), encoding="utf-8")
    release = load_record(path)
    assert release.date == "2025-06-01"
    assert release.release_date is not None and release.release_date.date == "2024-04"
    assert release.release_date.source == "record"
    assert release.extra["release_date"] == "2024-04"  # the record round-trips unchanged
    rec["release"]["release_date"] = "last spring"
    path.write_text(yaml.safe_dump(rec), encoding="utf-8")
    release = load_record(path)
    assert release.release_date is None
    assert any("last spring" in note and "unknown" in note for note in release.notes)


def test_a_record_without_one_says_the_release_date_is_unknown(tmp_path: Path) -> None:
    from mofkit import assess_record

    path = tmp_path / "undated.yml"
    path.write_text(yaml.safe_dump(record("Undated-1B", date="2025-06-01")), encoding="utf-8")
    result = assess_record(path).to_dict()
    assert result["release"]["release_date"] is None
    assert dates_line(result) == "release date unknown · record dated 2025-06-01"


README = """---
license: apache-2.0
---
# Dated model

A model card with enough words to be a model card for the scan to read it as one.
"""


def test_the_hub_creation_date_is_the_release_date_unless_the_card_states_one(
        hf_env: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    hf_env.add(repo_from_dict("dates/from-hub", {"README.md": README}))
    hf_env.add(repo_from_dict("dates/from-card", {
        "README.md": README + "\n- Release date: 2023-11-02\n"}))
    hub = scan_json("hf:dates/from-hub", capsys)
    assert hub["release"]["release_date"] == {"date": "2024-01-01", "from": "hub",
                                              "where": "hf:dates/from-hub"}
    card = scan_json("hf:dates/from-card", capsys)
    assert card["release"]["release_date"]["date"] == "2023-11-02"
    assert card["release"]["release_date"]["from"] == "card"
    assert card["release"]["date"] is None  # a scan has no record date
    assert dates_line(card) == "released 2023-11-02 (stated in the model card)"
    assert json.dumps(hub).count("2025-01-01") == 0  # the Hub's last change is no release


def test_migration_0007_fills_release_dates_from_stored_results(tmp_path: Path) -> None:
    import sqlalchemy as sa

    from mofkit.registry import migrate
    from mofkit.registry.store import Registry

    registry = Registry.open(f"sqlite:///{tmp_path / 'old.db'}", migrate=False)
    migrate.upgrade(registry.engine, "0005")
    results = [{"release": {"name": "New", "date": "2025-06-01",
                            "release_date": {"date": "2024-04-18", "from": "card"}}},
               {"release": {"name": "Old", "date": "2025-06-01"}}]  # stored before 0007
    with registry.engine.begin() as conn:
        for n, result in enumerate(results, start=1):
            conn.execute(sa.text(
                "INSERT INTO models (id, slug, name, name_lower, mof_class, class_rank, "
                "progress_1, progress_2, progress_3, total_progress, latest_id, date) VALUES "
                "(:n, :slug, :slug, :slug, 0, 0, 0, 0, 0, 0, :n, '2025-06-01')"),
                {"n": n, "slug": f"m{n}"})
            conn.execute(sa.text(
                "INSERT INTO assessments (id, model_id, source, source_kind, tool_version, "
                "rules, rules_version, mof_class, total_progress, digest, result) VALUES "
                "(:n, :n, 's', 'scan', '0', 'mof', 'mof-1.0', 0, 0, 'd', :result)"),
                {"n": n, "result": json.dumps(result)})
    migrate.upgrade(registry.engine)
    with registry.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT slug, date, release_date, release_date_from "
                                    "FROM models ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("m1", "2025-06-01", "2024-04-18", "card"),
                                        ("m2", "2025-06-01", None, None)]
    migrate.downgrade(registry.engine, "0005")
    migrate.upgrade(registry.engine)
    registry.close()
