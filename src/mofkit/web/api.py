"""``/api/v1``: the registry as JSON. Reads are open; submitting needs the
admin token (``Authorization: Bearer``). Each HTML page calls the same
registry method as its twin here.

Reads go through the response cache (``web.cache``): the encoded bytes are
returned as a plain ``Response``, so FastAPI runs no pydantic validation or
``jsonable_encoder`` on them; the shapes stay documented in OpenAPI through
``response_model`` / ``responses`` on each route."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from mofkit.errors import InputError
from mofkit.registry.query import ListQuery, count_key
from mofkit.report.grid import grid_columns, grid_csv
from mofkit.rules.ids import MOF, MOT_COMPAT
from mofkit.web import schemas
from mofkit.web.badges import FORMATS, kind_of, render, snippets
from mofkit.web.cache import cached, encode_json, tagged
from mofkit.web.hosts import base_of
from mofkit.web.rows import add_summary, grid_records, with_summaries
from mofkit.web.security import bearer, token_ok

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,199}$", re.IGNORECASE)
WHOLE = re.compile(r"^[0-9]{1,6}$")  # ASCII digits only: str.isdigit() takes "²"
MAX_COMPARE = 4
MAX_ID = 2**63 - 1  # the largest id SQLite and PostgreSQL store

router = APIRouter(prefix="/api/v1", tags=["registry"])
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ErrorOut}, 404: {"model": schemas.ErrorOut},
    429: {"model": schemas.ErrorOut},
}


def registry(request: Request) -> Any:
    return request.app.state.registry


def _blank(value: str | None) -> str | None:
    """None for a missing, empty or whitespace-only value, else the value stripped."""
    return value.strip() if value is not None and value.strip() else None


def an_id(where: str) -> Any:
    """A path or query id: a whole number SQLite and PostgreSQL can hold (else a 400)."""
    return Path(..., ge=1, le=MAX_ID, description=where)


def canonical(slug: str) -> str:
    """Slugs are lower-case; a link may not be."""
    if not SLUG.match(slug):
        raise HTTPException(404, "no such model")
    return slug.lower()


def list_query(
    q: str | None = Query(None, max_length=200, description="Name or producer contains"),
    mof_class: list[str] = Query([], alias="class", description="MOF class 1, 2, 3 or 0"),
    osaid: str | None = Query(None, description="pass, fail or unknown"),
    licence: str | None = Query(None, max_length=200),
    licence_kind: str | None = Query(None, max_length=40),
    producer: str | None = Query(None, max_length=200),
    type: str | None = Query(None, max_length=100),
    date_from: str | None = Query(None, max_length=10, description="Released on or after: "
                                  "YYYY[-MM[-DD]] (the release date, never a record's date)"),
    date_to: str | None = Query(None, max_length=10, description="Released on or before: "
                                "YYYY[-MM[-DD]], inclusive"),
    no_release_date: str | None = Query(None, max_length=5, description="1: only the models "
                                        "whose release date is unknown"),
    sort: str = Query("rank", max_length=20, description="rank, name, producer, date (the "
                      "release date, unknown last), record_date, class, progress, osaid, type, "
                      "licence, updated"),
    order: str | None = Query(None, max_length=4, description="asc or desc"),
    page: str = Query("1", max_length=6),
    limit: str = Query("50", max_length=4, description="1-200"),
) -> ListQuery:
    classes = []
    for item in mof_class:
        if item.strip() == "":
            continue
        if not WHOLE.match(item.strip()):
            raise InputError("class must be 0, 1, 2 or 3")
        classes.append(int(item))
    if not WHOLE.match(page) or not WHOLE.match(limit):
        raise InputError("page and limit must be whole numbers")
    undated = (no_release_date or "").strip().lower()
    if undated not in ("", "0", "1", "true", "false"):
        raise InputError("no_release_date must be 1 or 0")
    return ListQuery(
        q=_blank(q), mof_class=classes, osaid=_blank(osaid), licence=_blank(licence),
        licence_kind=_blank(licence_kind), producer=_blank(producer), type=_blank(type),
        date_from=_blank(date_from), date_to=_blank(date_to),
        no_release_date=undated in ("1", "true"), sort=sort or "rank",
        order=_blank(order), page=int(page), limit=int(limit),
    ).validate()


def model_or_404(reg: Any, slug: str) -> dict[str, Any]:
    model = reg.get_model(slug.lower()) if SLUG.match(slug) else None
    if model is None:
        raise HTTPException(404, "no such model")
    return model


def base_url(request: Request) -> str:
    """The base for absolute links ("" for relative ones): see ``web.hosts``."""
    return base_of(request.scope)


@router.get("/models", response_model=schemas.ModelList, responses=ERRORS,
            summary="List models with filters, sorting and paging")
def list_models(request: Request, query: ListQuery = Depends(list_query),
                reg: Any = Depends(registry)) -> Response:
    def build() -> bytes:
        page = reg.list_models(query)
        with_summaries(reg, page.items)
        return encode_json(page.to_dict())

    return cached(request, ("api-list", query.key()), build)


@router.get("/grid", response_model=schemas.GridOut, responses=ERRORS,
            summary="The openness grid: every model matching the leaderboard's filters, "
                    "each MOF component's status and each OSAID element's verdict")
def grid(request: Request, query: ListQuery = Depends(list_query),
         reg: Any = Depends(registry)) -> Response:
    return cached(request, ("api-grid", count_key(query), query.sort, query.direction),
                  lambda: encode_json(grid_json(reg, query)))


GRID_CSV: dict[int | str, dict[str, Any]] = {
    **ERRORS, 200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                    "description": "One row per model; a column per component and element"}}


@router.get("/grid.csv", response_class=Response, responses=GRID_CSV,
            summary="The openness grid as CSV (same filters and order as /grid)")
def grid_csv_download(request: Request, query: ListQuery = Depends(list_query),
                      reg: Any = Depends(registry)) -> Response:
    return cached(request, ("api-grid-csv", count_key(query), query.sort, query.direction),
                  lambda: grid_csv(grid_records(reg, query)).encode("utf-8"),
                  media_type="text/csv; charset=utf-8")


def grid_json(reg: Any, query: ListQuery) -> dict[str, Any]:
    cols = [{"key": c.key, "name": c.label, "group": c.group} for c in grid_columns()]
    return {"columns": cols, "models": grid_records(reg, query)}


@router.get("/models/{slug}", response_model=schemas.ModelDetail, responses=ERRORS,
            summary="One model: summary, latest result per rule set, lineage")
def get_model(slug: str, request: Request, reg: Any = Depends(registry)) -> Response:
    slug = canonical(slug)
    return cached(request, ("api-model", slug),
                  lambda: encode_json(summarised(model_or_404(reg, slug))))


def summarised(model: dict[str, Any]) -> dict[str, Any]:
    """A model (``Registry.get_model``) with its verdict line and licence name."""
    latest = model["assessments"].get(MOF) or model["assessments"].get(MOT_COMPAT)
    return add_summary(model, latest["result"] if latest else None)


def _history(reg: Any, slug: str, rules: str | None) -> bytes:
    items = reg.history(slug, rules)
    if items is None:
        raise HTTPException(404, "no such model")
    return encode_json({"model": slug, "assessments": items})


@router.get("/models/{slug}/history", response_model=schemas.History, responses=ERRORS,
            summary="Every assessment of a model, newest first, with changes")
def history(slug: str, request: Request,
            rules: str | None = Query(None, pattern="^(mof|mot-compat)$"),
            reg: Any = Depends(registry)) -> Response:
    slug = canonical(slug)
    return cached(request, ("history", slug, rules), lambda: _history(reg, slug, rules))


def _assessment(reg: Any, slug: str, assessment_id: int) -> bytes:
    item = reg.assessment(slug, assessment_id)
    if item is None:
        raise HTTPException(404, "no such assessment")
    return encode_json(item)


@router.get("/models/{slug}/assessments/{assessment_id}", response_model=schemas.Assessment,
            responses=ERRORS, summary="One stored assessment, full result and evidence")
def assessment(slug: str, request: Request, assessment_id: int = an_id("assessment id"),
               reg: Any = Depends(registry)) -> Response:
    slug = canonical(slug)
    return cached(request, ("assessment", slug, assessment_id),
                  lambda: _assessment(reg, slug, assessment_id))


def _diff(reg: Any, slug: str, old: int, new: int) -> bytes:
    changes = reg.diff(slug, old, new)
    if changes is None:
        raise HTTPException(404, "no such assessment")
    return encode_json({"model": slug, "from": old, "to": new, "changes": changes})


@router.get("/models/{slug}/diff", response_model=schemas.Diff, responses=ERRORS,
            summary="What changed between two assessments of a model")
def diff(slug: str, request: Request,
         old: int = Query(..., alias="from", ge=1, le=MAX_ID),
         new: int = Query(..., alias="to", ge=1, le=MAX_ID),
         reg: Any = Depends(registry)) -> Response:
    slug = canonical(slug)
    return cached(request, ("diff", slug, old, new), lambda: _diff(reg, slug, old, new))


BADGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS, 200: {"content": {"image/png": {}, "image/svg+xml": {}},
                    "description": "The badge image"}}
BADGE_CACHE = "public, max-age=300"


def badge_response(request: Request, reg: Any, slug: str, kind: str, fmt: str) -> Response:
    slug = canonical(slug)
    return cached(request, ("badge", slug, kind, fmt),
                  lambda: render(model_or_404(reg, slug), kind, fmt),
                  media_type=FORMATS[fmt], cache_control=BADGE_CACHE)


@router.get("/models/{slug}/badge/{name}", responses=BADGE_RESPONSES, response_class=Response,
            summary="Badge image: best.png|svg, 1|2|3.png|svg (per class: qualified / "
                    "in progress N% / not met) or osaid.png|svg")
def badge_image(slug: str, name: str, request: Request,
                reg: Any = Depends(registry)) -> Response:
    stem, _, fmt = name.rpartition(".")
    kind = kind_of(stem)
    if kind is None or fmt not in FORMATS:
        raise HTTPException(404, "no such badge (best, 1, 2, 3 or osaid; .png or .svg)")
    return badge_response(request, reg, slug, kind, fmt)


@router.get("/models/{slug}/badge.svg", responses=BADGE_RESPONSES, response_class=Response,
            summary="SVG badge: best class, or one class with ?class=1|2|3 (as badge/…)")
def badge(slug: str, request: Request,
          mof_class: int | None = Query(None, alias="class", ge=1, le=3),
          reg: Any = Depends(registry)) -> Response:
    kind = "best" if mof_class is None else str(mof_class)
    return badge_response(request, reg, slug, kind, "svg")


@router.get("/models/{slug}/badges", response_model=schemas.Badges, responses=ERRORS,
            summary="Badge images (PNG and SVG) with Markdown and HTML embed snippets "
                    "(absolute URLs when the server has a public URL, else relative)")
def badges(slug: str, request: Request, reg: Any = Depends(registry)) -> Response:
    slug = canonical(slug)
    base = base_url(request)
    return cached(request, ("badges", slug, base),
                  lambda: encode_json(snippets(model_or_404(reg, slug), base)))


@router.get("/search", response_model=list[schemas.ModelSummary], responses=ERRORS,
            summary="Models whose name or producer contains q")
def search(request: Request, q: str = Query(..., min_length=1, max_length=200),
           limit: int = Query(20, ge=1, le=100), reg: Any = Depends(registry)) -> Response:
    text = q.strip()
    if not text:
        raise InputError("q must not be blank")
    return cached(request, ("search", text.lower(), limit),
                  lambda: encode_json(with_summaries(reg, reg.search(text, limit))))


@router.get("/compare", response_model=schemas.Compare, responses=ERRORS,
            summary="Two to four models side by side")
def compare(request: Request,
            m: list[str] = Query(..., description="model slugs, 2 to 4"),
            reg: Any = Depends(registry)) -> Response:
    if len(m) > 20:
        raise InputError(f"compare takes 2 to {MAX_COMPARE} different models")
    unique = tuple(dict.fromkeys(s.lower() for s in m if s))
    return cached(request, ("compare", unique),
                  lambda: encode_json({"models": compare_models(reg, list(unique))}))


def compare_models(reg: Any, slugs: list[str]) -> list[dict[str, Any]]:
    unique = list(dict.fromkeys(s.lower() for s in slugs if s))
    if not 2 <= len(unique) <= MAX_COMPARE:
        raise InputError(f"compare takes 2 to {MAX_COMPARE} different models")
    return [model_or_404(reg, slug) for slug in unique]


@router.get("/stats", response_model=schemas.Stats, summary="Figures behind the charts")
def stats(request: Request, reg: Any = Depends(registry)) -> Response:
    return cached(request, ("stats",), lambda: encode_json(reg.stats()))


@router.get("/facets", response_model=schemas.Facets,
            summary="The values each leaderboard filter can take, with counts")
def facets(request: Request, reg: Any = Depends(registry)) -> Response:
    return cached(request, ("facets",), lambda: encode_json(reg.facets()))


def require_token(request: Request, authorization: str | None = Header(None)) -> None:
    expected = request.app.state.settings.admin_token
    if not expected:
        raise HTTPException(403, "submissions are turned off (no admin token set)")
    if not token_ok(bearer(authorization), expected):
        raise HTTPException(401, "a valid admin token is needed (Authorization: Bearer …)")


@router.post("/submissions", status_code=202, response_model=schemas.SubmissionOut,
             responses={**ERRORS, 401: {"model": schemas.ErrorOut},
                        403: {"model": schemas.ErrorOut}, 413: {"model": schemas.ErrorOut}},
             dependencies=[Depends(require_token)],
             summary="Queue a source (hf:org/name or an allowed git URL) for a scan")
def submit(body: schemas.SubmissionIn, request: Request, reg: Any = Depends(registry)) -> Any:
    return queue_source(request, body.source)


def queue_source(request: Request, raw: str) -> dict[str, Any]:
    from mofkit.registry.submit import validate_source

    source = validate_source(raw, request.app.state.settings.allowed_hosts)
    item = request.app.state.registry.enqueue(source)
    queue = getattr(request.app.state, "queue", None)
    if queue is not None:
        queue.notify()
    return item


@router.get("/submissions", response_model=list[schemas.SubmissionOut],
            summary="The latest submissions and their status")
def submissions(request: Request, reg: Any = Depends(registry)) -> Response:
    return tagged(request, encode_json(reg.submissions()))


@router.get("/submissions/{sid}", response_model=schemas.SubmissionOut, responses=ERRORS,
            summary="One submission and its status")
def submission(request: Request, sid: int = an_id("submission id"),
               reg: Any = Depends(registry)) -> Response:
    item = reg.submission(sid)
    if item is None:
        raise HTTPException(404, "no such submission")
    return tagged(request, encode_json(item))


def error_json(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)
