"""``create_app(settings)``: the FastAPI application behind ``mof serve``.

``app_factory()`` builds it from the settings ``mof serve`` puts in the
environment (``MOFKIT_SERVE_SETTINGS``), for ``uvicorn --factory`` and for
``mof serve --workers N``, where each worker process calls it."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from mofkit.errors import InputError
from mofkit.version import __version__
from mofkit.web.settings import Settings

DESCRIPTION = """How open is this AI model, really? Models rated against the Model Openness
Framework (MOF 1.0) and the OSI Open Source AI Definition (OSAID 1.0), with the evidence for
every verdict and the history of every assessment. Reads are open; submitting a source needs
the admin token. Shapes are described in docs/api.md."""


def _templates() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    from mofkit.web.pages import template_globals

    env = Environment(loader=PackageLoader("mofkit.web", "templates"),
                      autoescape=select_autoescape(["html", "svg"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(template_globals())
    env.globals["version"] = __version__
    return env


def create_app(settings: Settings | None = None) -> FastAPI:
    from importlib import resources

    from mofkit.registry import open_registry
    from mofkit.registry.submit import SubmitQueue
    from mofkit.web import api, pages
    from mofkit.web.cache import FastPath, ResponseCache
    from mofkit.web.security import GuardMiddleware

    settings = settings or Settings.from_env()
    registry = settings.registry or open_registry(settings.db_url)
    if settings.generation_ttl is not None:
        registry.generation_ttl = settings.generation_ttl

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        queue = None
        if settings.run_queue:
            queue = SubmitQueue(registry, settings.scanner, poll=1.0)
            queue.start()
        app.state.queue = queue
        try:
            yield
        finally:
            if queue is not None:
                queue.stop()

    app = FastAPI(title="mofkit registry", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json",
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.registry = registry
    app.state.templates = _templates()
    app.state.queue = None
    app.state.cache = ResponseCache(max_entries=settings.cache_entries)
    app.state.fast = ResponseCache(max_entries=settings.cache_entries)
    app.include_router(api.router)

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request) -> HTMLResponse:
        """The OpenAPI description as a page (served here: no CDN-hosted Swagger UI)."""
        spec = app.openapi()
        html = app.state.templates.get_template("api_docs.html").render(
            request=request, spec=spec, api_url="/api/v1/openapi.json")
        return HTMLResponse(html)

    app.include_router(pages.router)
    static = resources.files("mofkit.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(FastPath)  # inside the guard: rate limits and headers still apply
    templates = app.state.templates

    def error_page(status: int, message: str) -> str:
        """The site's error page, for the answers the guard gives itself."""
        return str(templates.get_template("error.html").render(status=status,
                                                                message=message))

    app.add_middleware(GuardMiddleware, max_body=settings.max_body,
                       read_rate=settings.read_rate, write_rate=settings.write_rate,
                       error_page=error_page)
    if settings.forwarded_allow_ips:  # outside the guard: the limits count the real client
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware,
                           trusted_hosts=list(settings.forwarded_allow_ips))
    app.openapi = lambda: openapi(app)  # type: ignore[method-assign]

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def error(request: Request, status: int, message: str,
              headers: dict[str, str] | None = None) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=status, headers=headers)
        html = app.state.templates.get_template("error.html").render(
            request=request, status=status, message=message)
        return HTMLResponse(html, status_code=status, headers=headers)

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError) -> Response:
        return error(request, 400, exc.one_line())

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such page"
        elif exc.status_code == 405 and message == "Method Not Allowed":
            message = "method not allowed"
        return error(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body"))
        return error(request, 400, f"bad request: {where}: {first.get('msg', 'invalid')}")

    return app


def app_factory() -> FastAPI:
    """The app from ``MOFKIT_SERVE_SETTINGS`` (what ``mof serve`` passes its workers)."""
    return create_app(Settings.from_serve_env())


def openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, saying what the server answers: bad parameters are a 400 with
    ``{"error"}`` (never FastAPI's 422 shape)."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    spec = get_openapi(title=app.title, version=app.version, description=app.description,
                       routes=app.routes)
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            responses = operation.get("responses", {})
            if responses.pop("422", None) is not None and "400" not in responses:
                responses["400"] = {"description": "Bad request",
                                    "content": {"application/json": {"schema": error_ref}}}
    schemas = spec.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    app.openapi_schema = spec
    return spec
