"""The openness grid, the plain verdict line on every model row and in the API's
``summary``, history changes coloured by direction, and the charts' links."""

from __future__ import annotations

import csv
import io
import re

from mofkit.report.grid import grid_columns
from mofkit.web.charts import months_between, over_time
from mofkit.web.pages import change_direction, change_value


def test_grid_columns_are_the_17_components_and_3_osaid_elements():
    cols = grid_columns()
    assert len(cols) == 20
    assert [c.group for c in cols].count("OSAID 1.0") == 3
    assert cols[0].group == "Class III" and cols[16].group == "Class I"


def test_grid_page_rows_cells_and_filters(site):
    client, _, _ = site
    html = client.get("/grid").text
    names = re.findall(r'class="model-link" href="/models/([^"]+)"', html)
    api = client.get("/api/v1/models").json()
    assert names == [m["slug"] for m in api["models"]]  # the leaderboard's order
    body = html.split("<tbody>")[1]
    assert body.count('<td class="g g-') == 20 * len(names)
    assert 'class="g g-open"' in body and 'class="g g-missing"' in body
    assert 'class="sticky"' in html and 'id="grid-csv"' in html
    only = client.get("/grid?producer=Alpha+Labs").text
    assert sorted(re.findall(r'class="model-link" href="/models/([^"]+)"', only)) == \
        ["alpha-chat-7b", "alpha-open-7b"]
    assert 'href="/api/v1/grid.csv?producer=Alpha+Labs"' in only


def test_grid_downloads_agree(site):
    client, _, _ = site
    data = client.get("/api/v1/grid?class=3").json()
    assert len(data["columns"]) == 20
    assert data["models"] and all(m["mof_class"] == 3 for m in data["models"])
    first = data["models"][0]
    assert first["summary"].startswith("Class III — Open Model.")
    assert set(first["cells"]) == {c["key"] for c in data["columns"]}
    text = client.get("/api/v1/grid.csv?class=3")
    assert text.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text.text)))
    assert [r["slug"] for r in rows] == [m["slug"] for m in data["models"]]
    assert rows[0]["model-parameters-final"] == first["cells"]["model-parameters-final"]


def test_summary_line_in_the_api_and_on_each_leaderboard_row(site):
    client, _, _ = site
    api = client.get("/api/v1/models").json()["models"]
    assert all(m["summary"] for m in api)
    assert all(m["summary"].split(".")[0].startswith(("Class I", "Unclassified"))
               for m in api)
    html = client.get("/models").text
    assert html.count('class="verdict-line"') == len(api)
    for m in api:
        assert m["summary"].replace("—", "—") in html.replace("&#39;", "'")
    one = client.get(f"/api/v1/models/{api[0]['slug']}").json()
    assert one["summary"] == api[0]["summary"]
    # licence names for people, ids for machines
    named = [m for m in api if m["licence"] and m["licence_name"] != m["licence"]]
    assert named and all(f'title="{m["licence"]}"' in html for m in named)


def test_history_changes_go_one_way_or_the_other():
    status = {"field": "component.x.status", "before": "open", "after": "missing"}
    assert change_direction(status) == "worse"
    assert change_direction({**status, "before": "missing", "after": "open"}) == "better"
    assert change_direction({"field": "class", "before": 1, "after": 0}) == "worse"
    assert change_direction({"field": "class", "before": 3, "after": 2}) == "better"
    assert change_direction({"field": "progress.2", "before": 80.0, "after": 60.0}) == "worse"
    assert change_direction({"field": "osaid", "before": "fail", "after": "pass"}) == "better"
    assert change_direction({"field": "component.x.licence", "before": "MIT",
                             "after": "Apache-2.0"}) == ""
    assert change_value({"field": "component.x.licence"}, None) == "none"
    assert change_value(status, "open-wrong-type") == "open*"


def test_charts_keep_empty_months_and_link_to_the_leaderboard():
    assert months_between("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    svg = over_time({"over_time": [{"month": "2024-11", "models": 2, "mean_progress": 50.0},
                                   {"month": "2025-02", "models": 1, "mean_progress": 20.0}]})
    assert "2024-12" in svg and "2025-01" in svg  # empty months are on the axis
    assert svg.count("<a href=") == 2
    assert 'href="/models?date_from=2024-11&amp;date_to=2024-11"' in svg


def test_charts_page_links_to_filtered_leaderboards(site):
    client, _, _ = site
    html = client.get("/charts").text
    assert 'href="/models?class=' in html and 'href="/models?producer=' in html
