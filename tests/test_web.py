"""The HTML pages under uvicorn: each page, its JSON twin, escaping, the
submit form's token and CSRF checks."""

from __future__ import annotations

import re

import httpx
import pytest

from web_fixtures import HOSTILE_NAME, TOKEN


def rows(html):
    return re.findall(r'class="model-link" href="/models/([^"]+)"', html)


def twin(html):
    return re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"',
                     html).group(1).replace("&amp;", "&")


@pytest.mark.parametrize("path", [
    "/models", "/models?class=3&sort=name&order=asc", "/models?producer=Alpha+Labs",
    "/models?licence_kind=restrictive", "/models?date_from=2025&date_to=2025-06",
])
def test_leaderboard_rows_match_the_api_twin(site, path):
    client, _, _ = site
    page = client.get(path)
    assert page.status_code == 200
    api = client.get(twin(page.text)).json()
    assert rows(page.text) == [m["slug"] for m in api["models"]]
    assert f'{api["pager"]["total_items"]} model' in page.text


def test_leaderboard_sort_links_and_filters_keep_each_other(site):
    client, _, _ = site
    html = client.get("/models?producer=Alpha+Labs").text
    assert 'href="/models?producer=Alpha+Labs&amp;sort=name&amp;order=desc"' in html
    assert '<option value="Alpha Labs" selected>' in html


def test_model_page_shows_evidence_history_lineage_badges(site):
    client, slugs, _ = site
    html = client.get(f"/models/{slugs['Scanned-Model-1B']}").text
    link = ("https://github.com/example/scanned-model/blob/"
            "2222222222222222222222222222222222222222/src/model.py#L12")
    assert f'href="{link}"' in html
    for section in ("progress", "components", "osaid", "conflicts", "lineage", "history",
                    "badges"):
        assert f'<section id="{section}">' in html
    assert "Model parameters (Final) licence" in html  # the diff in the history
    # licences by name (the id on hover), history values never a Python None
    assert "Creative Commons Attribution-NonCommercial 4.0" in html
    assert ">None<" not in html and "None →" not in html
    # the verdict line, where it comes from, and the legend
    assert 'id="verdict"' in html and 'id="provenance"' in html and 'id="legend"' in html
    chat = client.get(f"/models/{slugs['Alpha-Chat-7B']}").text
    assert 'Based on <a href="/models/alpha-open-7b">Alpha-Open-7B</a>' in chat
    assert "while other components are under" in chat  # licence conflict
    assert twin(chat) == "/api/v1/models/alpha-chat-7b"


def test_compare_and_charts_pages(site):
    client, _, _ = site
    html = client.get("/compare?m=alpha-open-7b&m=gamma-community-70b").text
    assert html.count('<th><a href="/models/') == 2
    assert client.get("/compare?m=alpha-open-7b").status_code == 400
    charts = client.get("/charts").text
    assert charts.count("<svg") >= 3 and "Gamma Corp" in charts
    assert twin(charts) == "/api/v1/stats"


def test_hostile_names_are_escaped_everywhere(site):
    client, slugs, _ = site
    pages = ["/models", f"/models/{slugs[HOSTILE_NAME]}", "/charts",
             f"/compare?m={slugs[HOSTILE_NAME]}&m=alpha-open-7b",
             "/models?q=%3Cscript%3Ealert(1)%3C/script%3E",
             "/models?producer=%3Cb%3EEvil%3C%2Fb%3E+%26+Co"]
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "<b>Evil</b>" not in html, path
    model = client.get(f"/models/{slugs[HOSTILE_NAME]}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in model
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in model
    # The only scripts are our own file.
    assert re.findall(r"<script[^>]*>", model) == ['<script src="/static/app.js" defer>']


@pytest.mark.parametrize("path", [
    "/models?sort=%3Cscript%3E", "/models?class=%3Cscript%3E", "/models?page=abc",
    "/models/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/models?date_from=%27%3B--",
    "/nope/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
])
def test_hostile_query_strings_are_refused_and_escaped(site, path):
    client, _, reg = site
    r = client.get(path)
    assert r.status_code in (400, 404)
    assert "<script>" not in r.text and "<img src=x" not in r.text
    assert reg.count() == 6


def _form(client):
    page = client.get("/submit")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return csrf


def test_submit_form_with_token_and_csrf(site):
    client, _, reg = site
    csrf = _form(client)
    r = client.post("/submit", data={"source": "hf:acme/form-model", "token": TOKEN,
                                     "csrf": csrf})
    assert r.status_code == 303 and r.headers["location"].startswith("/submit?id=")
    page = client.get(r.headers["location"]).text
    assert "hf:acme/form-model" in page and "queued" in page
    assert reg.submissions()[0]["source"] == "hf:acme/form-model"


@pytest.mark.parametrize(("change", "status"), [
    ({"csrf": "forged"}, 403), ({"csrf": ""}, 403), ({"token": "wrong"}, 401),
    ({"token": ""}, 401), ({"source": "file:///etc/passwd"}, 400),
    ({"source": "https://192.168.0.10/a/b"}, 400),
    ({"source": "<script>alert(1)</script>"}, 400),
])
def test_submit_form_refusals(site, change, status):
    client, _, reg = site
    before = len(reg.submissions(1000))
    data = {"source": "hf:acme/ok", "token": TOKEN, "csrf": _form(client), **change}
    r = client.post("/submit", data=data)
    assert r.status_code == status
    assert "<script>alert(1)" not in r.text
    assert len(reg.submissions(1000)) == before


def test_csrf_needs_the_cookie_and_same_origin(site):
    client, _, reg = site
    csrf = _form(client)
    before = len(reg.submissions(1000))
    with httpx.Client(base_url=str(client.base_url)) as other:  # no cookie
        r = other.post("/submit", data={"source": "hf:a/b", "token": TOKEN, "csrf": csrf})
        assert r.status_code == 403
    r = client.post("/submit", data={"source": "hf:a/b", "token": TOKEN, "csrf": csrf},
                    headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    assert len(reg.submissions(1000)) == before
