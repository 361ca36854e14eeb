"""Hostile and unusual HTTP against a real server (uvicorn on loopback, httpx):
forged Host headers, parameters that used to be 500s, forwarded-for spoofing,
HEAD / OPTIONS / 405, CORS, gzip, ETags on every read, filters, CSRF's scheme,
the admin token's rules and the one-entry queue (issue 16)."""

from __future__ import annotations

import gzip

import httpx
import pytest

from mofkit.registry import open_registry
from web_fixtures import TOKEN, LiveServer, make_app, record, seed

SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options")
BIG = "99999999999999999999"


@pytest.fixture(scope="module")
def hostile_reg(tmp_path_factory):
    registry = open_registry(str(tmp_path_factory.mktemp("hostile") / "registry.db"))
    seed(registry, extra=[record("Selfish-1B", origin="Selfish-1B", date="2025-02-02")])
    yield registry
    registry.close()


@pytest.fixture(scope="module")
def hostile_site(hostile_reg):
    with LiveServer(make_app(hostile_reg)) as server, httpx.Client(base_url=server.url,
                                                           timeout=10) as client:
        yield client


def serve(reg, **settings):
    return LiveServer(make_app(reg, **settings))


def assert_json_error(r, status):
    assert r.status_code == status, (r.status_code, r.text[:200])
    assert r.headers["content-type"].startswith("application/json")
    assert isinstance(r.json().get("error"), str)
    for name in SECURITY:
        assert name in r.headers, name


# -- Host ------------------------------------------------------------------

def test_a_forged_host_never_reaches_another_clients_answer(hostile_site):
    paths = ("/models/alpha-open-7b", "/api/v1/models/alpha-open-7b/badges",
             "/api/v1/models/alpha-open-7b", "/models", "/api/v1/models")
    for path in paths:  # the attacker goes first, twice (miss, then the fast path)
        for _ in range(2):
            r = hostile_site.get(path, headers={"host": "evil.example"})
            assert r.status_code == 200 and "evil.example" not in r.text
    for path in paths:
        r = hostile_site.get(path)
        assert r.status_code == 200 and "evil.example" not in r.text
    snippets = hostile_site.get("/api/v1/models/alpha-open-7b/badges").json()
    assert snippets["page"] == "/models/alpha-open-7b"  # relative without a public URL


def test_a_public_url_is_used_whatever_the_host(hostile_reg):
    with serve(hostile_reg, public_url="https://mof.example.org") as server, \
            httpx.Client(base_url=server.url) as client:
        forged = client.get("/api/v1/models/alpha-open-7b/badges",
                            headers={"host": "evil.example"}).json()
        plain = client.get("/api/v1/models/alpha-open-7b/badges").json()
        assert forged == plain
        assert plain["page"] == "https://mof.example.org/models/alpha-open-7b"
        page = client.get("/models/alpha-open-7b", headers={"host": "evil.example"}).text
        assert "evil.example" not in page and "https://mof.example.org/api/v1" in page


def test_trusted_hosts_each_get_their_own_answer(hostile_reg):
    with serve(hostile_reg, trusted_hosts=("a.example", "b.example")) as server, \
            httpx.Client(base_url=server.url) as client:
        path = "/api/v1/models/alpha-open-7b/badges"
        for _ in range(2):
            a = client.get(path, headers={"host": "a.example"}).json()
            b = client.get(path, headers={"host": "b.example:8080"}).json()
            evil = client.get(path, headers={"host": "evil.example"}).json()
            assert a["page"] == "http://a.example/models/alpha-open-7b"
            assert b["page"] == "http://b.example:8080/models/alpha-open-7b"
            assert evil["page"] == "/models/alpha-open-7b"


# -- parameters that were 500s ----------------------------------------------

@pytest.mark.parametrize("path", [
    "/api/v1/models?page=\u00b2", "/api/v1/models?limit=\u00b9", "/api/v1/models?class=\u00b2",
    "/api/v1/models?page=\u0663", f"/api/v1/models/scanned-model-1b/assessments/{BIG}",
    f"/api/v1/models/scanned-model-1b/diff?from={BIG}&to=1",
    f"/api/v1/models/scanned-model-1b/diff?from=1&to={BIG}", f"/api/v1/submissions/{BIG}",
    "/api/v1/submissions/0", "/api/v1/models/scanned-model-1b/assessments/-1",
    "/api/v1/models?licence_kind=nonsense", "/api/v1/models?page=999",
    "/api/v1/search?q=%20%20", "/api/v1/models?q=a%00b", "/api/v1/search?q=a%00b",
    "/api/v1/models/alpha-open-7b/badge.svg?class=\u00b2", "/api/v1/search?q=a&limit=\u00b9",
    "/api/v1/models/scanned-model-1b/history?rules=x",
])
def test_bad_parameters_are_400_json_with_headers(hostile_site, path):
    assert_json_error(hostile_site.get(path), 400)


def test_a_bad_submit_page_id_is_400(hostile_site):
    r = hostile_site.get(f"/submit?id={BIG}")
    assert r.status_code == 400 and "x-frame-options" in r.headers


@pytest.mark.parametrize("source", ["https://a\uff0fb.com/x/y", "https://[::1/a/b",
                                    "https://g\u00efthub.com/a/b"])
def test_odd_urls_from_an_admin_are_400(hostile_site, hostile_reg, source):
    before = len(hostile_reg.submissions(1000))
    r = hostile_site.post("/api/v1/submissions", json={"source": source},
                  headers={"Authorization": f"Bearer {TOKEN}"})
    assert_json_error(r, 400)
    assert len(hostile_reg.submissions(1000)) == before


@pytest.fixture
def broken_stats_client(tmp_path):
    """A client of a site whose registry raises an unexpected error (with a path in its
    message) on ``stats``, which both ``/charts`` and ``/api/v1/stats`` read."""
    registry = open_registry(str(tmp_path / "r.db"))

    def broken(*args, **kwargs):
        raise RuntimeError("boom /secret/path")

    registry.stats = broken
    try:
        with serve(registry) as server, httpx.Client(base_url=server.url) as client:
            yield client
    finally:
        registry.close()


def test_an_unexpected_error_is_json_with_headers(broken_stats_client):
    client = broken_stats_client
    r = client.get("/api/v1/stats")
    assert_json_error(r, 500)
    assert "/secret/path" not in r.text and "boom" not in r.text
    assert client.get("/api/v1/models").status_code == 200  # still serving


def test_an_unexpected_error_on_a_page_is_an_html_page_with_headers(broken_stats_client):
    client = broken_stats_client
    r = client.get("/charts")
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("text/html")
    for name in SECURITY:
        assert name in r.headers, name
    assert "<h1>Error 500</h1>" in r.text and "internal error" in r.text
    assert 'href="/static/style.css"' in r.text  # the site's own page, styled
    assert "/secret/path" not in r.text and "boom" not in r.text
    assert_json_error(client.get("/api/v1/stats"), 500)  # the API stays JSON


def test_the_guards_own_answers_on_pages_are_html(reg):
    with serve(reg, read_rate=2, max_body=100) as server, \
            httpx.Client(base_url=server.url) as client:
        r = client.post("/submit", content=b"x" * 500,
                        headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
        assert "larger than 100 bytes" in r.text and "x-frame-options" in r.headers
        codes = [client.get("/models").status_code for _ in range(3)]
        assert codes[-1] == 429
        r = client.get("/models")
        assert r.headers["content-type"].startswith("text/html") and "slow down" in r.text
        assert "retry-after" in r.headers
        assert_json_error(client.get("/api/v1/models"), 429)


# -- forwarded headers -------------------------------------------------------

def test_forwarded_for_is_ignored_from_an_untrusted_peer(hostile_reg):
    with serve(hostile_reg, write_rate=2) as server, httpx.Client(base_url=server.url) as client:
        codes = [client.post("/api/v1/submissions", json={"source": "hf:a/b"},
                             headers={"x-forwarded-for": f"10.0.0.{i}"}).status_code
                 for i in range(4)]
        assert codes == [401, 401, 429, 429]


def test_forwarded_for_is_read_from_a_configured_proxy(hostile_reg):
    with serve(hostile_reg, write_rate=2, forwarded_allow_ips=("127.0.0.1",)) as server, \
            httpx.Client(base_url=server.url) as client:
        codes = [client.post("/api/v1/submissions", json={"source": "hf:a/b"},
                             headers={"x-forwarded-for": f"10.0.0.{i}"}).status_code
                 for i in range(4)]
        assert codes == [401] * 4


# -- HTTP details ------------------------------------------------------------

@pytest.mark.parametrize("path", ["/models", "/api/v1/models", "/api/v1/models/alpha-open-7b",
                                  "/models/alpha-open-7b", "/api/v1/stats", "/submit"])
def test_head_answers_like_get_without_a_body(hostile_site, path):
    got, head = hostile_site.get(path), hostile_site.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers.get("etag") == got.headers.get("etag")


def test_405_names_the_allowed_methods(hostile_site):
    r = hostile_site.delete("/api/v1/models")
    assert_json_error(r, 405)
    assert "GET" in r.headers["allow"]
    r = hostile_site.put("/api/v1/submissions")
    assert r.status_code == 405 and "POST" in r.headers["allow"]


def test_the_read_api_answers_cors(hostile_site):
    r = hostile_site.get("/api/v1/models", headers={"origin": "https://other.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "ETag" in r.headers["access-control-expose-headers"]
    pre = hostile_site.options("/api/v1/models", headers={
        "origin": "https://other.example", "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match"})
    assert pre.status_code == 204 and pre.headers["access-control-allow-origin"] == "*"
    assert "POST" not in pre.headers["access-control-allow-methods"]
    assert "access-control-allow-origin" not in hostile_site.get("/models").headers


def test_big_answers_are_gzipped_once(hostile_site):
    plain = hostile_site.get("/api/v1/models?limit=200", headers={"accept-encoding": "identity"})
    for _ in range(2):  # the full path, then the fast path
        raw = httpx.get(str(hostile_site.base_url) + "/api/v1/models?limit=200",
                        headers={"accept-encoding": "gzip"})
        assert raw.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in raw.headers["vary"].lower()
        assert raw.content == plain.content  # httpx decodes it
        assert raw.headers["etag"] != plain.headers["etag"]
        again = hostile_site.get("/api/v1/models?limit=200", headers={
            "accept-encoding": "gzip", "if-none-match": raw.headers["etag"]})
        assert again.status_code == 304
    assert gzip.decompress(gzip.compress(plain.content)) == plain.content


@pytest.mark.parametrize("path", [
    "/api/v1/models/scanned-model-1b/history", "/api/v1/models/scanned-model-1b/diff?from=1&to=1",
    "/api/v1/compare?m=alpha-open-7b&m=beta-partial-3b", "/api/v1/submissions",
    "/api/v1/stats", "/api/v1/facets", "/api/v1/models/alpha-open-7b/badges",
])
def test_every_read_has_an_etag(hostile_site, hostile_reg, path):
    if "diff" in path:
        first = hostile_reg.history("scanned-model-1b")[-1]["id"]
        path = path.replace("from=1&to=1", f"from={first}&to={first}")
    r = hostile_site.get(path)
    assert r.status_code == 200 and r.headers["etag"]
    assert hostile_site.get(path, headers={"if-none-match": r.headers["etag"]}).status_code == 304


def test_assessments_have_an_etag(hostile_site, hostile_reg):
    aid = hostile_reg.history("scanned-model-1b")[0]["id"]
    r = hostile_site.get(f"/api/v1/models/scanned-model-1b/assessments/{aid}")
    assert r.headers["etag"]


def test_openapi_says_400_and_describes_every_answer(hostile_site):
    spec = hostile_site.get("/api/v1/openapi.json").json()
    assert "422" not in hostile_site.get("/api/v1/openapi.json").text.replace('"4220', "")
    for path, item in spec["paths"].items():
        for method, op in item.items():
            responses = op["responses"]
            assert "422" not in responses, (method, path)
            ok = responses.get("200") or responses.get("202")
            content = ok.get("content", {})
            assert any(v.get("schema") for v in content.values()) or \
                "image/png" in content, (method, path)
            if op.get("parameters"):
                assert "400" in responses, (method, path)


# -- filters and slugs -------------------------------------------------------

def test_filters(hostile_site):
    def total(query: str) -> int:
        return hostile_site.get(f"/api/v1/models{query}").json()["pager"]["total_items"]

    everything = total("")
    undated = total("?no_release_date=1")
    assert 0 < undated < everything  # a range of release dates leaves out the unknown ones
    assert total("?date_to=9999") == everything - undated
    assert hostile_site.get("/api/v1/models?no_release_date=maybe").status_code == 400
    assert total("?date_to=2025") < everything
    assert total("?q=%20%20") == everything
    r = hostile_site.get("/models?page=999")
    assert r.status_code == 400 and "page 999" in r.text


def test_slugs_are_case_insensitive(hostile_site):
    assert hostile_site.get("/api/v1/models/Alpha-Open-7B").json()["slug"] == "alpha-open-7b"
    assert hostile_site.get("/models/ALPHA-OPEN-7B").status_code == 200
    assert hostile_site.get("/api/v1/models/Alpha-Open-7B/badge/best.svg").status_code == 200


def test_a_model_is_not_its_own_lineage(hostile_site):
    model = hostile_site.get("/api/v1/models/selfish-1b").json()
    assert model["lineage"]["base"] is None
    assert all(d["slug"] != "selfish-1b" for d in model["lineage"]["derived"])
    alpha = hostile_site.get("/api/v1/models/alpha-open-7b").json()
    assert [d["slug"] for d in alpha["lineage"]["derived"]] == ["alpha-chat-7b"]


# -- writes -------------------------------------------------------------------

def _csrf(client):
    import re

    page = client.get("/submit").text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def test_csrf_origin_checks_the_scheme(hostile_site, hostile_reg):
    csrf = _csrf(hostile_site)
    before = len(hostile_reg.submissions(1000))
    https_twin = str(hostile_site.base_url).replace("http://", "https://")
    r = hostile_site.post("/submit", data={"source": "hf:a/b", "token": TOKEN, "csrf": csrf},
                  headers={"origin": https_twin})
    assert r.status_code == 403
    assert len(hostile_reg.submissions(1000)) == before
    r = hostile_site.post("/submit", data={"source": "hf:csrf/ok", "token": TOKEN, "csrf": csrf},
                  headers={"origin": str(hostile_site.base_url)})
    assert r.status_code == 303


def test_a_source_is_queued_once(tmp_path):
    registry = open_registry(str(tmp_path / "q.db"))
    try:
        with serve(registry, run_queue=False) as server, \
                httpx.Client(base_url=server.url) as client:
            ids = {client.post("/api/v1/submissions", json={"source": src},
                               headers={"Authorization": f"Bearer {TOKEN}"}).json()["id"]
                   for src in ("hf:acme/x", "https://huggingface.co/acme/x", "hf:acme/x")}
            assert len(ids) == 1
        assert len(registry.submissions(100)) == 1
    finally:
        registry.close()


def test_the_admin_token_needs_a_minimum_length(monkeypatch, tmp_path):
    from mofkit.errors import InputError
    from mofkit.web.settings import Settings, read_token_file

    monkeypatch.setenv("MOFKIT_ADMIN_TOKEN", "short")
    with pytest.raises(InputError, match="at least 16"):
        Settings.from_env()
    monkeypatch.setenv("MOFKIT_ADMIN_TOKEN", "x" * 16)
    assert Settings.from_env().admin_token == "x" * 16
    path = tmp_path / "token"
    path.write_text("a-long-enough-token-value\n")
    assert read_token_file(str(path)) == "a-long-enough-token-value"
    path.write_text("tiny\n")
    with pytest.raises(InputError, match="at least 16"):
        read_token_file(str(path))


def test_serve_refuses_a_token_on_the_command_line(tmp_path, capsys):
    from cli_helpers import run

    code, _, err = run(["serve", "--db", str(tmp_path / "r.db"), "--admin-token",
                        "a-long-enough-token-value"], capsys)
    assert code == 2
    assert "MOFKIT_ADMIN_TOKEN" in err and "Traceback" not in err and len(err.splitlines()) == 1


# -- the limiter -------------------------------------------------------------------

def test_the_limiter_slides_and_says_when_to_come_back():
    from mofkit.web.security import RateLimiter

    now = [600.0]  # the start of a window
    limiter = RateLimiter(4, clock=lambda: now[0])
    assert [limiter.check("a") for _ in range(4)] == [0.0] * 4
    assert limiter.check("a") == pytest.approx(60.0)
    assert limiter.check("b") == 0.0  # per client
    now[0] += 60 + 30  # half of the previous window still counts: 4 * 0.5 = 2
    assert [limiter.check("a") for _ in range(2)] == [0.0, 0.0]
    assert 0 < limiter.check("a") <= 1.0  # 2 + 2 = 4: full until the old half fades
    now[0] += 15  # a quarter of the previous window left: 4 * 0.25 + 2 = 3
    assert limiter.check("a") == 0.0
    assert limiter.check("a") > 0


def test_the_limiter_forgets_idle_clients_and_is_capped():
    from mofkit.web.security import RateLimiter

    now = [0.0]
    limiter = RateLimiter(10, clock=lambda: now[0], max_keys=1000)
    for i in range(1500):
        limiter.check(f"c{i}")
    assert len(limiter) == 1000  # the cap: least recently seen go first
    now[0] += 121  # two windows idle
    for i in range(20):
        limiter.check(f"n{i}")
    assert len(limiter) < 1000 - 64 * 10  # each check drops up to SWEEP idle clients
    for i in range(20, 40):
        limiter.check(f"n{i}")
    assert len(limiter) == 40


@pytest.mark.parametrize(("extra", "message"), [
    (["--public-url", "ftp://mof.example.org"], "not a public URL"),
    (["--public-url", "https://user@mof.example.org"], "not a public URL"),
    (["--admin-token-file", "TOKENFILE"], "at least 16"),
    (["--admin-token-file", "MISSING"], "cannot read the admin token file"),
])
def test_serve_refuses_bad_settings_in_one_line(tmp_path, capsys, extra, message):
    from cli_helpers import run

    token = tmp_path / "token"
    token.write_text("short\n")
    args = [a.replace("TOKENFILE", str(token)).replace("MISSING", str(tmp_path / "nope"))
            for a in extra]
    code, _, err = run(["serve", "--db", str(tmp_path / "r.db"), *args], capsys)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
