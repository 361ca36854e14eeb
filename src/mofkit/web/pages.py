"""The HTML pages. Each calls the registry method its ``/api/v1`` twin calls
and links to that twin; Jinja2 escapes every value (autoescape is on and no
template marks user data safe).

The leaderboard, model pages and charts are rendered once per registry write
generation and query (``web.cache``); the submit page (CSRF cookie, recent
submissions) is rendered every time."""

from __future__ import annotations

from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mofkit.assess.model import Attachments
from mofkit.errors import InputError
from mofkit.registry.query import SORTS, ListQuery
from mofkit.registry.summary import LICENCE_KINDS
from mofkit.report.common import EVIDENCE_KIND_WORDS
from mofkit.report.grid import grid_columns
from mofkit.report.verdict import RELEASE_DATE_FROM, licence_name, status_word
from mofkit.rules import MOF, MOT_COMPAT, load_mof
from mofkit.web import charts
from mofkit.web.api import (
    MAX_ID,
    base_url,
    canonical,
    compare_models,
    list_query,
    model_or_404,
    queue_source,
    summarised,
)
from mofkit.web.badges import snippets
from mofkit.web.cache import HTML_TYPE, cached
from mofkit.web.hosts import site_origin
from mofkit.web.links import evidence_link, safe_url, source_href
from mofkit.web.rows import grid_page, result_view, with_summaries
from mofkit.web.security import (
    CSRF_COOKIE,
    csrf_for,
    csrf_ok,
    new_csrf_cookie,
    same_origin,
    token_ok,
)

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_text(request, template, **context), status_code=status)


def render_text(request: Request, template: str, **context: Any) -> str:
    env = request.app.state.templates
    return env.get_template(template).render(request=request, **context)


def cached_page(request: Request, key: tuple[Any, ...], template: str,
                context: Any) -> Response:
    """A page from the response cache, else ``template`` rendered with ``context()``."""
    return cached(request, ("html", *key),
                  lambda: render_text(request, template, **context()).encode("utf-8"),
                  media_type=HTML_TYPE)


def qs(params: dict[str, Any], **changes: Any) -> str:
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "", [])}, doseq=True)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/models", status_code=307)


@router.get("/models", response_class=HTMLResponse)
def leaderboard(request: Request, query: ListQuery = Depends(list_query)) -> Response:
    reg = request.app.state.registry

    def context() -> dict[str, Any]:
        params = query.params()
        page = reg.list_models(query)
        with_summaries(reg, page.items)
        return dict(
            page=page, query=query, params=params,
            facets=reg.facets(), sorts=list(SORTS), licence_kinds=LICENCE_KINDS,
            api_url="/api/v1/models" + ("?" + qs(params, page=query.page) if params or
                                        query.page > 1 else ""),
        )

    return cached_page(request, ("leaderboard", query.key()), "leaderboard.html", context)


@router.get("/grid", response_class=HTMLResponse)
def grid_page_html(request: Request, query: ListQuery = Depends(list_query)) -> Response:
    """The openness grid: the leaderboard's filters, sort and pages, every model a row,
    each MOF component and OSAID element a colour-graded column."""
    reg = request.app.state.registry

    def context() -> dict[str, Any]:
        params = query.params()
        page, rows = grid_page(reg, query)
        return dict(
            page=page, rows=rows, columns=grid_columns(), query=query, params=params,
            groups=[(g, len(list(cs))) for g, cs in groupby(grid_columns(),
                                                            key=lambda c: c.group)],
            facets=reg.facets(), licence_kinds=LICENCE_KINDS, action="/grid",
            download=qs(params),
            api_url="/api/v1/grid" + ("?" + qs(params) if params else ""),
        )

    return cached_page(request, ("grid", query.key()), "grid.html", context)


def _conflicts(result: dict[str, Any]) -> list[str]:
    out = [f"{c.get('component', '')}: {c.get('why') or c.get('message') or c}"
           if isinstance(c, dict) else str(c)
           for c in (Attachments.of(result).scan or {}).get("conflicts", [])]
    out += list(result.get("mof", {}).get("warnings", []))
    comps = [c for c in result.get("mof", {}).get("components", []) if c.get("status") !=
             "missing"]
    open_ones = {c["licence"] for c in comps if c.get("status", "").startswith("open")
                 and c.get("licence")}
    closed = [c for c in comps if c.get("status") == "not-open"]
    if open_ones and closed:
        for c in closed:
            out.append(f"{c['name']} is under {c.get('licence') or c.get('licence_written')}"
                       f" while other components are under {', '.join(sorted(open_ones))}")
    return out


@router.get("/models/{slug}", response_class=HTMLResponse)
def model_page(slug: str, request: Request) -> Response:
    reg = request.app.state.registry
    base = base_url(request)
    slug = canonical(slug)

    def context() -> dict[str, Any]:
        model = model_or_404(reg, slug)  # a 404 raised here is not cached
        history = reg.history(slug) or []
        latest = model["assessments"].get(MOF) or model["assessments"].get(MOT_COMPAT)
        result = latest["result"] if latest else {}
        summarised(model)
        return dict(
            model=model, latest=latest, result=result, view=result_view(result),
            mot=model["assessments"].get(MOT_COMPAT), history=history,
            conflicts=_conflicts(result), badges=snippets(model, base),
            api_url=f"/api/v1/models/{slug}",
        )

    return cached_page(request, ("model", slug, base), "model.html", context)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request) -> HTMLResponse:
    reg = request.app.state.registry
    slugs = request.query_params.getlist("m")
    models = [summarised(m) for m in compare_models(reg, slugs)]
    rows: list[dict[str, Any]] = []
    by_model = []
    for m in models:
        res = (m["assessments"].get(MOF) or {}).get("result") or {}
        by_model.append({c["id"]: c for c in res.get("mof", {}).get("components", [])})
    names: dict[str, tuple[int, str]] = {}
    for comps in by_model:
        for cid, c in comps.items():
            names.setdefault(cid, (c.get("class", 9), c.get("name", cid)))
    for cid, (cls, name) in sorted(names.items(), key=lambda kv: (-kv[1][0], kv[1][1])):
        rows.append({"id": cid, "name": name, "class": cls,
                     "cells": [comps.get(cid) for comps in by_model]})
    return render(request, "compare.html", models=models, rows=rows,
                  api_url="/api/v1/compare?" + qs({"m": [m["slug"] for m in models]}))


@router.get("/charts", response_class=HTMLResponse)
def charts_page(request: Request) -> Response:
    def context() -> dict[str, Any]:
        stats = request.app.state.registry.stats()
        return dict(stats=stats, classes_svg=charts.class_distribution(stats),
                    producer_svg=charts.by_producer(stats), time_svg=charts.over_time(stats),
                    api_url="/api/v1/stats")

    return cached_page(request, ("charts",), "charts.html", context)


def _submit_page(request: Request, status: int = 200, error: str | None = None,
                 done: dict[str, Any] | None = None, source: str = "") -> HTMLResponse:
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    fresh = not cookie or len(cookie) > 64
    if fresh:
        cookie = new_csrf_cookie()
    settings = request.app.state.settings
    response = render(
        request, "submit.html", status=status, error=error, done=done, source=source,
        csrf=csrf_for(cookie, settings.secret), enabled=bool(settings.admin_token),
        recent=request.app.state.registry.submissions(), allowed=settings.allowed_hosts,
        api_url="/api/v1/submissions",
    )
    if fresh:
        response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/submit")
    return response


@router.get("/submit", response_class=HTMLResponse)
def submit_form(request: Request,
                id: int | None = Query(None, ge=1, le=MAX_ID)) -> HTMLResponse:
    done = request.app.state.registry.submission(id) if id else None
    return _submit_page(request, done=done)


@router.post("/submit", response_class=HTMLResponse)
def submit_post(request: Request, source: str = Form("", max_length=1000),
                token: str = Form("", max_length=500),
                csrf: str = Form("", max_length=200)) -> Response:
    settings = request.app.state.settings
    if not csrf_ok(request.cookies.get(CSRF_COOKIE), csrf, settings.secret) or \
            not same_origin(request.headers.get("origin"), site_origin(request.scope)):
        return _submit_page(request, 403, "The form expired or came from another site; "
                            "it was not submitted. Please try again.", source=source)
    if not settings.admin_token:
        return _submit_page(request, 403, "Submissions are turned off on this server.",
                            source=source)
    if not token_ok(token, settings.admin_token):
        return _submit_page(request, 401, "Wrong or missing admin token.", source=source)
    try:
        item = queue_source(request, source)
    except InputError as exc:
        return _submit_page(request, 400, f"Refused: {exc.one_line()}", source=source)
    return RedirectResponse(f"/submit?id={item['id']}", status_code=303)


# Better first: the order a change moves in decides its colour in the history.
_RANKS: dict[str, list[Any]] = {
    "class": [1, 2, 3, 0],
    "osaid": ["pass", "unknown", "fail"],
    "status": ["open", "open-wrong-type", "not-open", "unlicensed", "missing"],
}


def change_direction(change: dict[str, Any]) -> str:
    """"better", "worse" or "" (neither, e.g. a licence renamed) for a history change."""
    field = str(change.get("field") or "")
    before, after = change.get("before"), change.get("after")
    if field.startswith("progress.") or field.endswith(".evidence"):
        if isinstance(before, int | float) and isinstance(after, int | float):
            return "better" if after > before else "worse"
        return ""
    kind = ("class" if field == "class" else "status" if field.endswith(".status")
            else "osaid" if field.startswith("osaid") else "")
    order = _RANKS.get(kind)
    if not order or before not in order or after not in order:
        return ""
    return "better" if order.index(after) < order.index(before) else "worse"


def change_value(change: dict[str, Any], value: Any) -> str:
    """A history value for people: names for statuses and licences, "none" for null."""
    field = str(change.get("field") or "")
    if value is None or value == "":
        return "none"
    if field == "class":
        numeral = load_mof().numerals().get(value) if isinstance(value, int) else None
        return f"Class {numeral}" if numeral else "unclassified"
    if field.endswith(".status"):
        return status_word(str(value))
    if field.endswith(".licence"):
        return licence_name(str(value))
    if field.startswith("progress."):
        return f"{float(value):.0f}%"
    return str(value)


def component_name(cid: str) -> str:
    from mofkit.rules import load_mof

    comp = load_mof().by_id.get(cid)
    return comp.name if comp else cid


def template_globals() -> dict[str, Any]:
    return {
        "qs": qs,
        "bar": charts.progress_bar,
        "evidence_link": evidence_link,
        "safe_url": safe_url,
        "source_href": source_href,
        "roman": {**load_mof().numerals(), 0: "–"},
        "status_word": status_word,
        "licence_name": licence_name,
        "component_name": component_name,
        "change_direction": change_direction,
        "evidence_kind_words": EVIDENCE_KIND_WORDS,
        "change_value": change_value,
        "release_date_from": RELEASE_DATE_FROM,
    }
