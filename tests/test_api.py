"""The REST API under uvicorn on a free loopback port, through httpx."""

from __future__ import annotations

import httpx
import pytest

from mofkit.registry import open_registry
from web_fixtures import HOSTILE_NAME, TOKEN, LiveServer, make_app, seed, wait_for


@pytest.fixture
def fresh(tmp_path):
    """A server of its own, for tests that write or change limits."""
    reg = open_registry(str(tmp_path / "registry.db"))
    seed(reg)

    def start(**settings):
        server = LiveServer(make_app(reg, **settings))
        return server

    yield reg, start
    reg.close()


def test_list_has_the_documented_shape(site):
    client, _, _ = site
    body = client.get("/api/v1/models").json()
    assert body["pager"] == {"total_items": 6, "total_pages": 1, "current_page": 1,
                             "limit": 50}
    first = body["models"][0]
    assert set(first) >= {"slug", "name", "producer", "type", "date", "origin", "mof",
                          "osaid", "licence", "licence_kind", "mot_compat", "updated_at",
                          "url", "api_url"}
    assert set(first["mof"]) == {"class", "label", "progress", "total_progress"}
    assert set(first["mof"]["progress"]) == {"1", "2", "3"}


def test_list_filters_sorting_and_paging(site):
    client, _, _ = site
    got = client.get("/api/v1/models", params={"class": "3"}).json()
    assert {m["name"] for m in got["models"]} == {"Alpha-Open-7B", HOSTILE_NAME}
    got = client.get("/api/v1/models", params={"producer": "Alpha Labs", "sort": "name",
                                               "order": "desc"}).json()
    assert [m["name"] for m in got["models"]] == ["Alpha-Open-7B", "Alpha-Chat-7B"]
    got = client.get("/api/v1/models", params={"licence_kind": "restrictive"}).json()
    assert [m["name"] for m in got["models"]] == ["Gamma-Community-70B"]
    got = client.get("/api/v1/models", params={"date_from": "2025-03", "date_to": "2025-05"})
    assert {m["name"] for m in got.json()["models"]} == {"Alpha-Open-7B", "Alpha-Chat-7B"}
    page2 = client.get("/api/v1/models", params={"limit": 4, "page": 2, "sort": "name",
                                                 "order": "asc"}).json()
    assert page2["pager"]["total_pages"] == 2 and len(page2["models"]) == 2
    # Empty filter values (as a form sends them) mean "any".
    got = client.get("/api/v1/models?class=&osaid=&producer=").json()
    assert got["pager"]["total_items"] == 6


@pytest.mark.parametrize("params", [
    {"sort": "name desc"}, {"order": "x"}, {"class": "9"}, {"class": "1 OR 1=1"},
    {"page": "-1"}, {"limit": "100000"}, {"osaid": "'"}, {"date_from": "2025-1-1"},
])
def test_bad_list_parameters_are_400(site, params):
    client, _, _ = site
    r = client.get("/api/v1/models", params=params)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/json")
    assert "error" in r.json()


def test_one_model_history_assessment_and_diff(site):
    client, slugs, _ = site
    slug = slugs["Scanned-Model-1B"]
    model = client.get(f"/api/v1/models/{slug}").json()
    assert model["name"] == "Scanned-Model-1B" and model["history_count"] == 4
    mof = model["assessments"]["mof"]
    assert mof["result"]["mof"]["components"][0]["evidence"][0]["path"] == "src/model.py"
    history = client.get(f"/api/v1/models/{slug}/history").json()["assessments"]
    assert len(history) == 4 and history[0]["id"] > history[-1]["id"]
    only_mof = client.get(f"/api/v1/models/{slug}/history", params={"rules": "mof"}).json()
    assert [h["rules"] for h in only_mof["assessments"]] == ["mof", "mof"]
    old, new = only_mof["assessments"][1]["id"], only_mof["assessments"][0]["id"]
    diff = client.get(f"/api/v1/models/{slug}/diff", params={"from": old, "to": new}).json()
    assert any(c["field"] == "component.model-parameters-final.licence"
               for c in diff["changes"])
    one = client.get(f"/api/v1/models/{slug}/assessments/{old}").json()
    assert one["revision"].startswith("1111")
    assert client.get(f"/api/v1/models/{slugs['Alpha-Open-7B']}/assessments/{old}"
                      ).status_code == 404


@pytest.mark.parametrize("path", [
    "/api/v1/models/nope", "/api/v1/models/..%2F..%2Fetc", "/api/v1/models/nope/history",
    "/api/v1/models/nope/badge.svg", "/api/v1/submissions/999", "/api/v1/models/nope/badges",
])
def test_missing_things_are_404_json(site, path):
    client, _, _ = site
    r = client.get(path)
    assert r.status_code == 404 and "error" in r.json()


def test_search_and_compare(site):
    client, slugs, _ = site
    found = client.get("/api/v1/search", params={"q": "alpha"}).json()
    assert {m["name"] for m in found} == {"Alpha-Open-7B", "Alpha-Chat-7B"}
    assert client.get("/api/v1/search", params={"q": "%"}).json() == []
    both = client.get("/api/v1/compare", params=[("m", "alpha-open-7b"),
                                                 ("m", "gamma-community-70b")]).json()
    assert [m["slug"] for m in both["models"]] == ["alpha-open-7b", "gamma-community-70b"]
    assert client.get("/api/v1/compare", params={"m": "alpha-open-7b"}).status_code == 400
    five = [("m", s) for s in list(slugs.values())[:5]]
    assert client.get("/api/v1/compare", params=five).status_code == 400


def test_badges(site):
    client, _, _ = site
    svg = client.get("/api/v1/models/alpha-open-7b/badge.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "Class III" in svg.text and svg.text.startswith("<svg")
    progress = client.get("/api/v1/models/alpha-open-7b/badge.svg", params={"class": 2})
    assert "MOF Class II" in progress.text and "in progress" in progress.text
    assert client.get("/api/v1/models/alpha-open-7b/badge/2.svg").text == progress.text
    snippets = client.get("/api/v1/models/alpha-open-7b/badges").json()
    assert [b["kind"] for b in snippets["badges"]] == ["best", "3", "2", "1", "osaid"]
    best = snippets["badges"][0]
    # No public URL is configured: the links are relative (never built from the Host).
    page = "/models/alpha-open-7b"
    png = "/api/v1/models/alpha-open-7b/badge/best.png"
    # The snippets embed the PNG (Hugging Face does not render SVG) and link to the page.
    assert best["markdown"] == f"[![MOF: Class III]({png})]({page})"
    assert best["html"] == f'<a href="{page}"><img src="{png}" alt="MOF: Class III"></a>'
    assert best["svg"].endswith("/badge/best.svg")
    for item in snippets["badges"]:
        assert item["image"].endswith(f"/badge/{item['kind']}.png")
        assert item["markdown"].endswith(f"]({page})")
    osaid = snippets["badges"][-1]
    assert osaid["label"] == "OSAID 1.0" and osaid["message"] in ("pass", "fail", "unknown")


@pytest.mark.parametrize("name", ["best", "1", "2", "3", "osaid", "III"])
def test_badge_images_are_drawn_by_the_report_badge_module(site, name):
    from mofkit.report.badge import render_png, render_svg
    from mofkit.web.badges import kind_of, model_badge

    client, _, reg = site
    model = reg.get_model("alpha-open-7b")
    expected = model_badge(model, kind_of(name))
    png = client.get(f"/api/v1/models/alpha-open-7b/badge/{name}.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert png.content == render_png(expected)
    svg = client.get(f"/api/v1/models/alpha-open-7b/badge/{name}.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text == render_svg(expected)
    assert expected.text in svg.text
    assert "max-age" in png.headers["cache-control"] and png.headers["etag"]


def test_badge_states(site):
    from mofkit.web.badges import model_badge

    _, slugs, reg = site
    alpha = reg.get_model(slugs["Alpha-Open-7B"])  # Class III qualified
    assert model_badge(alpha, "3").message == "qualified"
    assert model_badge(alpha, "2").message.startswith("in progress ")
    gamma = reg.get_model(slugs["Gamma-Community-70B"])  # restrictive licence
    assert model_badge(gamma, "osaid").text == "OSAID 1.0: fail"
    assert model_badge(gamma, "best").label.startswith("MOF")


@pytest.mark.parametrize("path", [
    "/api/v1/models/alpha-open-7b/badge/4.png", "/api/v1/models/alpha-open-7b/badge/best.gif",
    "/api/v1/models/alpha-open-7b/badge/best", "/api/v1/models/nope/badge/best.png",
    "/api/v1/models/nope/badge/osaid.svg",
])
def test_unknown_badges_are_404(site, path):
    client, _, _ = site
    r = client.get(path)
    assert r.status_code == 404 and "error" in r.json()


def test_stats_and_facets(site):
    client, _, _ = site
    stats = client.get("/api/v1/stats").json()
    assert stats["models"] == 6 and stats["classes"]["3"] == 2
    facets = client.get("/api/v1/facets").json()
    assert ["Alpha Labs", 2] in facets["producer"]


def test_openapi_documents_every_route(site):
    client, _, _ = site
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/models", "/api/v1/models/{slug}", "/api/v1/models/{slug}/history",
                 "/api/v1/search", "/api/v1/submissions", "/api/v1/models/{slug}/badges",
                 "/api/v1/compare", "/api/v1/stats"):
        assert path in spec["paths"], path
    assert "ModelSummary" in spec["components"]["schemas"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/v1/models" in docs.text
    assert "cdn" not in docs.text.lower()


def test_submission_needs_the_token(site):
    client, _, reg = site
    url = "/api/v1/submissions"
    body = {"source": "https://github.com/acme/model"}
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, json=body, headers={"Authorization": "Bearer wrong"}
                       ).status_code == 401
    assert client.post(url, json=body, headers={"Authorization": TOKEN}).status_code == 401
    assert reg.submissions() == []


def test_submission_is_queued_and_scanned(fresh):
    reg, start = fresh
    with start() as server, httpx.Client(base_url=server.url) as client:
        r = client.post("/api/v1/submissions", json={"source": "https://github.com/Acme/Widget"},
                        headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 202
        item = r.json()
        assert item["status"] in ("queued", "running", "done")
        done = wait_for(lambda: (s := client.get(f"/api/v1/submissions/{item['id']}").json())
                        ["status"] == "done" and s)
        assert done["model"] == "scanned-widget"
        assert client.get("/api/v1/models/scanned-widget").status_code == 200
    assert reg.submissions()[0]["source"] == "https://github.com/Acme/Widget"


@pytest.mark.parametrize("source", [
    "file:///etc/passwd", "/etc/passwd", "~/models", "../x", "C:\\models",
    "http://github.com/a/b", "https://localhost/a/b", "https://127.0.0.1/a/b",
    "https://10.0.0.5/a/b", "https://192.168.1.1/a/b", "https://[::1]/a/b",
    "https://169.254.169.254/latest/meta-data", "https://2130706433/a/b",
    "https://0x7f000001/a/b", "https://127.1/a/b", "https://gitlab.internal/a/b",
    "https://user:pw@github.com/a/b", "https://github.com:8443/a/b",
    "https://evil.example.com/a/b", "ssh://git@github.com/a/b", "git@github.com:a/b.git",
    "hf:../../etc", "hf:a/b/c", "https://github.com/a/b?x=1",
])
def test_refused_sources_are_not_stored(fresh, source):
    reg, start = fresh
    with start() as server, httpx.Client(base_url=server.url) as client:
        r = client.post("/api/v1/submissions", json={"source": source},
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400, r.text
    assert reg.submissions() == []


def test_oversized_bodies_are_refused(fresh):
    reg, start = fresh
    with start(max_body=2048) as server, httpx.Client(base_url=server.url) as client:
        r = client.post("/api/v1/submissions", content=b'{"source": "' + b"a" * 5000 + b'"}',
                        headers={"Authorization": f"Bearer {TOKEN}",
                                 "content-type": "application/json"})
        assert r.status_code == 413

        def chunks():
            yield b'{"source": "'
            for _ in range(10):
                yield b"a" * 1000
            yield b'"}'

        r = client.post("/api/v1/submissions", content=chunks(),
                        headers={"Authorization": f"Bearer {TOKEN}",
                                 "content-type": "application/json"})
        assert r.status_code == 413
    assert reg.submissions() == []


def test_rate_limits(fresh):
    _, start = fresh
    with start(read_rate=5, write_rate=2) as server, httpx.Client(base_url=server.url) as c:
        codes = [c.get("/api/v1/models").status_code for _ in range(7)]
        assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
        r = c.get("/api/v1/stats")
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        writes = [c.post("/api/v1/submissions", json={"source": "hf:a/b"}).status_code
                  for _ in range(3)]
        assert writes == [401, 401, 429]


def test_writes_are_off_without_a_token(fresh):
    reg, start = fresh
    with start(admin_token=None) as server, httpx.Client(base_url=server.url) as client:
        r = client.post("/api/v1/submissions", json={"source": "hf:acme/x"},
                        headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403
    assert reg.submissions() == []


def test_security_headers_on_every_response(site):
    client, _, _ = site
    for path in ("/api/v1/models", "/models", "/api/v1/models/nope", "/static/style.css"):
        r = client.get(path)
        assert "script-src 'self'" in r.headers["content-security-policy"], path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


# -- the response cache ------------------------------------------------------

def _add(reg, name, producer="Cache Co"):
    from mofkit.pipeline import assess_release
    from mofkit.sources.mot_record import record_to_release
    from web_fixtures import record

    slug = None
    for result in assess_release(record_to_release(record(name, producer=producer))).results():
        slug = reg.add_result(result, source_kind="mot-record", slug=slug).slug
    return slug


def test_etag_and_304(site):
    client, _, _ = site
    for path in ("/api/v1/models?sort=name", "/models?sort=name", "/api/v1/stats",
                 "/api/v1/models/alpha-open-7b", "/api/v1/models/alpha-open-7b/badge/1.png"):
        first = client.get(path)
        etag = first.headers["etag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"", path
        assert again.headers["etag"] == etag
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
        assert client.get(path).content == first.content


def test_repeated_requests_take_the_fast_path(fresh):
    reg, start = fresh
    reg.generation_ttl = 60.0
    with start() as server, httpx.Client(base_url=server.url) as client:
        fast = server.server.config.app.state.fast
        for path in ("/api/v1/models?sort=name", "/models?sort=name", "/api/v1/stats"):
            first = client.get(path)
            hits = fast.hits
            again = client.get(path)
            assert fast.hits == hits + 1, path  # answered before routing
            assert again.content == first.content
            assert again.headers["etag"] == first.headers["etag"]
            assert again.headers["content-type"] == first.headers["content-type"]
            assert again.headers["x-frame-options"] == "DENY"  # the guard still wraps it
            r = client.get(path, headers={"If-None-Match": first.headers["etag"]})
            assert r.status_code == 304 and fast.hits == hits + 2
        # the fast path never answers for another generation
        before = client.get("/api/v1/models").json()["pager"]["total_items"]
        _add(reg, "Fast-Path-After-Write")
        assert client.get("/api/v1/models").json()["pager"]["total_items"] == before + 1
        # nor for a request the full path has not answered (other Accept header)
        hits = fast.hits
        client.get("/api/v1/stats", headers={"Accept": "application/json"})
        assert fast.hits == hits


def test_equal_queries_share_one_entry(site):
    client, _, _ = site
    a = client.get("/api/v1/models?class=3&class=1&producer=Alpha+Labs")
    b = client.get("/api/v1/models?producer=Alpha+Labs&class=1&class=3&page=1&q=")
    assert a.headers["etag"] == b.headers["etag"] and a.content == b.content


def test_the_cache_shows_a_write_at_once(fresh):
    reg, start = fresh
    reg.generation_ttl = 60.0  # this process's writes must not wait for the ttl
    with start() as server, httpx.Client(base_url=server.url) as client:
        pages = ["/api/v1/models", "/models", "/api/v1/stats", "/api/v1/facets",
                 "/api/v1/search?q=cache", "/charts"]
        before = {p: client.get(p) for p in pages}
        assert before["/api/v1/models"].json()["pager"]["total_items"] == 6
        assert client.get("/api/v1/models/cached-late-1b").status_code == 404
        slug = _add(reg, "Cached-Late-1B")
        after = {p: client.get(p) for p in pages}
        for p in pages:
            assert after[p].headers["etag"] != before[p].headers["etag"], p
            r = client.get(p, headers={"If-None-Match": before[p].headers["etag"]})
            assert r.status_code == 200, p
        assert after["/api/v1/models"].json()["pager"]["total_items"] == 7
        assert "Cached-Late-1B" in after["/models"].text
        assert after["/api/v1/stats"].json()["models"] == 7
        assert ["Cache Co", 1] in after["/api/v1/facets"].json()["producer"]
        assert [m["slug"] for m in after["/api/v1/search?q=cache"].json()] == [slug]
        assert client.get(f"/api/v1/models/{slug}").status_code == 200
        # A changed model: its page, badges and JSON follow.
        old_badge = client.get(f"/api/v1/models/{slug}/badge/osaid.svg").text
        old_page = client.get(f"/models/{slug}").text
        reg.delete_model(slug)
        assert client.get(f"/api/v1/models/{slug}").status_code == 404
        assert client.get(f"/models/{slug}").status_code == 404
        assert client.get(f"/api/v1/models/{slug}/badge/osaid.svg").status_code == 404
        assert client.get("/api/v1/models").json()["pager"]["total_items"] == 6
        assert old_badge and old_page


def test_the_cache_shows_another_processes_import(fresh, tmp_path):
    """`mof registry import-mot` in another process: the server sees the new
    generation within generation_ttl."""
    import subprocess
    import sys
    import time

    from web_fixtures import record, write_records

    reg, start = fresh
    folder = tmp_path / "mot"
    write_records(folder, [record("Imported-One-1B"), record("Imported-Two-1B")])
    with start(generation_ttl=0.2) as server, httpx.Client(base_url=server.url) as client:
        assert client.get("/api/v1/models").json()["pager"]["total_items"] == 6
        assert "Imported-One-1B" not in client.get("/models").text
        db = reg.engine.url.database
        subprocess.run([sys.executable, "-m", "mofkit", "registry", "import-mot", str(folder),
                        "--db", db], check=True, capture_output=True, timeout=120)
        done = time.monotonic()
        wait_for(lambda: client.get("/api/v1/models").json()["pager"]["total_items"] == 8,
                 timeout=5)
        assert time.monotonic() - done < 2.0
        assert "Imported-One-1B" in client.get("/models").text


def test_the_cache_shows_a_scanned_submission(fresh):
    reg, start = fresh
    reg.generation_ttl = 60.0
    with start() as server, httpx.Client(base_url=server.url) as client:
        listed = client.get("/api/v1/models?q=scanned").json()
        assert [m["slug"] for m in listed["models"]] == ["scanned-model-1b"]
        html = client.get("/models?q=scanned").text
        r = client.post("/api/v1/submissions", json={"source": "hf:acme/late-model"},
                        headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 202
        wait_for(lambda: client.get(f"/api/v1/submissions/{r.json()['id']}").json()
                 ["status"] == "done")
        listed = client.get("/api/v1/models?q=scanned").json()
        assert {m["slug"] for m in listed["models"]} == {"scanned-model-1b",
                                                         "scanned-late-model"}
        assert "Scanned late-model" in client.get("/models?q=scanned").text != html


def test_list_responses_skip_validation_but_keep_the_schema(site):
    client, _, _ = site
    spec = client.get("/api/v1/openapi.json").json()
    ok = spec["paths"]["/api/v1/models"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["$ref"].endswith("/ModelList")
    badge = spec["paths"]["/api/v1/models/{slug}/badge/{name}"]["get"]["responses"]["200"]
    assert set(badge["content"]) >= {"image/png", "image/svg+xml"}
    r = client.get("/api/v1/models?limit=2")
    assert r.headers["content-type"] == "application/json"
    assert r.json()["pager"]["limit"] == 2
