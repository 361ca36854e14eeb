"""The registry: models and their assessments over time, in one database.

``Registry.open(url)`` connects (SQLite file by default, PostgreSQL by URL)
and brings the schema to the latest migration. Every read the web site shows
is a method here, and the HTML page and its ``/api/v1`` twin call the same one.

Every write to the models bumps the write *generation* (a counter in the
``meta`` table, in the write's own transaction). :meth:`Registry.generation`
returns it: this process's own writes are seen at once, other processes'
within ``generation_ttl`` seconds (one primary-key read at most that often).
Counts, facets and stats are memoised per generation, and the web layer keys
its response cache on it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    case,
    create_engine,
    delete,
    event,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mofkit.errors import InputError
from mofkit.registry import lockwait
from mofkit.registry.config import redact, resolve_url
from mofkit.registry.diff import diff_results
from mofkit.registry.identity import Identity, identify, scrub, suffixed
from mofkit.registry.query import ListQuery, count_key, select_page
from mofkit.registry.summary import (
    CLASS_RANK,
    Shown,
    Summary,
    digest,
    shown,
    slugify,
    summarise,
)
from mofkit.registry.tables import (
    GENERATION,
    AssessmentRow,
    Meta,
    Model,
    ModelCell,
    Submission,
    utcnow,
)
from mofkit.report.grid import Facts
from mofkit.rules import MOF, MOT_COMPAT, RULE_SETS, load_mof

CLASS_LABELS = load_mof().labels()  # class number (0: none) -> label, from the rules
BUSY_TIMEOUT = 10.0  # seconds a SQLite write waits for another writer's lock


class RegistryUnavailable(InputError):
    """The registry cannot be written now (locked by another writer, read-only): every
    other write would fail the same way, so a batch stops here."""


def busy_timeout() -> float:
    """``MOFKIT_DB_BUSY_TIMEOUT`` seconds (default 10)."""
    from mofkit.sources.network import env_number

    return float(env_number("MOFKIT_DB_BUSY_TIMEOUT", float, BUSY_TIMEOUT))


def _is_unavailable(exc: BaseException) -> bool:
    reason = _first_line(exc)
    return any(word in reason for word in ("locked", "busy", "readonly", "read-only"))


def _unavailable(exc: BaseException) -> str:
    reason = _first_line(exc)
    if "locked" in reason or "busy" in reason:
        return (f"the registry database is locked by another writer (waited "
                f"{busy_timeout():g} s, MOFKIT_DB_BUSY_TIMEOUT); try again when it is done")
    if "readonly" in reason or "read-only" in reason:
        return "the registry database is read-only: nothing can be stored in it"
    return f"cannot write to the registry: {reason}"


@dataclass(frozen=True)
class Added:
    slug: str
    name: str
    rules: str
    assessment_id: int
    status: str  # "new" (new model), "added" (new assessment), "unchanged"
    same_name: tuple[str, ...] = ()  # slugs of other models (sources) with this name

    def to_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "name": self.name, "rules": self.rules,
                "assessment_id": self.assessment_id, "status": self.status,
                "same_name": list(self.same_name)}

    def warning(self) -> str | None:
        """A line saying that other sources claim this model's name, if any do."""
        if not self.same_name:
            return None
        return (f"{self.slug}: other models (other sources) are also named "
                f"{self.name!r}: {', '.join(self.same_name)}")


@dataclass(frozen=True)
class Page:
    total: int
    page: int
    limit: int
    items: list[dict[str, Any]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def to_dict(self) -> dict[str, Any]:
        return {
            "pager": {"total_items": self.total, "total_pages": self.pages,
                      "current_page": self.page, "limit": self.limit},
            "models": self.items,
        }


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def model_summary(row: Any) -> dict[str, Any]:
    """A model's summary: the shape of one item of ``GET /api/v1/models``
    (``row`` is a ``Model`` or a row of ``query.SUMMARY_COLUMNS``)."""
    mot = None
    if row.mot_class is not None:
        mot = {"class": row.mot_class, "label": CLASS_LABELS.get(row.mot_class, ""),
               "total_progress": row.mot_total_progress}
    return {
        "slug": row.slug,
        "name": row.name,
        "producer": row.producer,
        "type": row.type,
        "date": row.date,
        "release_date": row.release_date,
        "release_date_from": row.release_date_from,
        "origin": row.origin,
        "source": row.source,
        "mof": {
            "class": row.mof_class,
            "label": CLASS_LABELS.get(row.mof_class, ""),
            "progress": {"3": row.progress_3, "2": row.progress_2, "1": row.progress_1},
            "total_progress": row.total_progress,
        },
        "osaid": row.osaid_verdict,
        "licence": row.licence,
        "licence_kind": row.licence_kind,
        "mot_compat": mot,
        "updated_at": _iso(row.updated_at),
        "url": f"/models/{row.slug}",
        "api_url": f"/api/v1/models/{row.slug}",
    }


def assessment_meta(row: AssessmentRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "created_at": _iso(row.created_at),
        "source": row.source,
        "source_kind": row.source_kind,
        "revision": row.revision,
        "tool_version": row.tool_version,
        "rules": row.rules,
        "rules_version": row.rules_version,
        "mof_class": row.mof_class,
        "total_progress": row.total_progress,
        "osaid": row.osaid_verdict,
    }


def submission_dict(row: Submission) -> dict[str, Any]:
    return {
        "id": row.id,
        "source": row.source,
        "status": row.status,
        "error": row.error,
        "model": row.model_slug,
        "model_url": f"/models/{row.model_slug}" if row.model_slug else None,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
    }


class Registry:
    """Models and assessments in one database."""

    # Seconds between reads of the shared write generation (other processes'
    # writes show after at most this long; this process's own at once).
    generation_ttl = 0.1
    MEMO_LIMIT = 20_000

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        lockwait.watch(engine)
        url = engine.url  # messages name the database: a SQLite file by its path
        self.name = (url.database if url.get_backend_name() == "sqlite" and url.database
                     else url.render_as_string(hide_password=True))
        self.session = sessionmaker(engine, expire_on_commit=False)
        self._lock = threading.Lock()
        self._generation = -1
        self._generation_set = -1.0  # when the value was read (or written) here
        self._generation_due = 0.0  # when the next database read is due
        self._memo: dict[Any, Any] = {}
        self._memo_generation = -1

    # -- opening ---------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Registry:
        full = resolve_url(url)
        kwargs: dict[str, Any] = {}
        if full.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": busy_timeout()}
        else:
            kwargs.update(pool_size=10, max_overflow=40, pool_pre_ping=True)
        try:
            engine = create_engine(full, **kwargs)
            if full.startswith("sqlite"):
                event.listen(engine, "connect", _sqlite_pragmas)
            registry = cls(engine)
            if migrate:
                from mofkit.registry.migrate import upgrade

                try:
                    upgrade(engine)
                except Exception as exc:  # locked or read-only: said as for any write
                    if _is_unavailable(exc):
                        raise RegistryUnavailable(_unavailable(exc), registry.name) from None
                    raise
        except InputError:
            raise
        except ModuleNotFoundError as exc:
            if (exc.name or "").startswith("psycopg"):
                raise InputError("the PostgreSQL driver is not installed: pip install "
                                 "'mofkit[postgres]'", redact(full)) from None
            raise InputError(f"cannot open the registry: {exc}", redact(full)) from None
        except Exception as exc:  # driver errors: one line naming the database
            raise InputError(f"cannot open the registry: {_first_line(exc)}",
                             redact(full)) from None
        return registry

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A write that cannot happen now - the database locked by another writer past
        the busy timeout, or read-only - is :class:`RegistryUnavailable` naming the
        database (not the driver's statement and parameters); a statement of the
        write slower than a second (waiting for a lock, not the work between
        statements) says what it waits for."""
        from sqlalchemy.exc import OperationalError

        try:
            with lockwait.watching(f"{self.name}: waiting for the registry database "
                                   f"(another writer holds its lock; at most "
                                   f"{busy_timeout():g} s)"):
                yield
        except OperationalError as exc:
            raise RegistryUnavailable(_unavailable(exc), self.name) from None

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ---------------------------------------------------------

    def add_result(self, result: dict[str, Any], *, source_kind: str,
                   revision: str | None = None, tool_version: str | None = None,
                   slug: str | None = None) -> Added:
        """Store one assessment result (``Assessment.to_dict()``) for the model its
        source identifies (``registry.identity``; ``slug`` names the model instead).
        The source is stored in its public form, never as a local path."""
        return self._store([result], source_kind=source_kind, revision=revision,
                           tool_version=tool_version, slug=slug)[0]

    def add_results(self, results: Iterable[dict[str, Any]], *, source_kind: str,
                    revision: str | None = None,
                    tool_version: str | None = None) -> list[Added]:
        """Store many results, each as :meth:`add_result` stores it, in one transaction
        (one write generation): all of them or, on an error, none."""
        return self._store(list(results), source_kind=source_kind, revision=revision,
                           tool_version=tool_version, slug=None)

    def _store(self, results: list[dict[str, Any]], *, source_kind: str,
               revision: str | None, tool_version: str | None,
               slug: str | None) -> list[Added]:
        from mofkit.version import __version__

        prepared = [self._prepare(r, source_kind) for r in results]
        for attempt in range(2):
            try:
                started = time.monotonic()
                with self.writing(), self.session.begin() as s:
                    added = [self._add(s, *item, slug, source_kind, revision,
                                       tool_version or __version__) for item in prepared]
                    changed = any(a.status != "unchanged" for a in added)
                    generation = self._bump(s) if changed else None
                if generation is not None:  # after the commit: caches are stale now
                    self._saw_generation(generation, started)
                return added
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    def _prepare(result: dict[str, Any], source_kind: str
                 ) -> tuple[dict[str, Any], Summary, Identity, str, str, str]:
        rules = (result.get("rules") or {}).get("name", MOF)
        if rules not in RULE_SETS:
            raise InputError(f"unknown rule set {rules!r}")
        rules_version = (result.get("rules") or {}).get("version", "")
        summary = summarise(result)
        ident = identify(result.get("source"), source_kind, summary.name)
        result = scrub(result, ident.public)
        return result, summary, ident, digest(result), rules, rules_version

    def _add(self, s: Session, result: dict[str, Any], summary: Summary, ident: Identity,
             fingerprint: str, rules: str, rules_version: str, slug: str | None,
             source_kind: str, revision: str | None, tool_version: str) -> Added:
        if slug:
            model = s.scalar(select(Model).where(Model.slug == slug).with_for_update())
        else:
            model = s.scalar(select(Model).where(Model.source_key == ident.key)
                             .with_for_update())
        status = "added"
        if model is None:
            slug = slug or slugify(summary.name)
            if s.scalar(select(Model.id).where(Model.slug == slug)) is not None:
                slug = suffixed(slug, ident.key)  # another source has this name
            model = Model(slug=slug, source_key=ident.key, name=summary.name,
                          name_lower=summary.name.lower(), mof_class=0, class_rank=0,
                          progress_1=0.0, progress_2=0.0, progress_3=0.0, total_progress=0.0)
            s.add(model)
            s.flush()
            status = "new"
        else:
            latest_id = model.latest_id if rules == MOF else model.mot_latest_id
            if latest_id is not None:
                latest = s.get(AssessmentRow, latest_id)
                if latest is not None and latest.digest == fingerprint and \
                        latest.revision == revision:
                    return Added(model.slug, model.name, rules, latest.id, "unchanged",
                                 self._same_name(s, model))
        row = AssessmentRow(
            model_id=model.id, source=str(result.get("source") or "")[:2000] or "-",
            source_kind=source_kind, revision=revision, tool_version=tool_version,
            rules=rules, rules_version=rules_version, mof_class=summary.mof_class,
            total_progress=summary.total_progress, osaid_verdict=summary.osaid_verdict,
            digest=fingerprint, result=result,
        )
        s.add(row)
        s.flush()
        now = utcnow()
        model.updated_at = now
        if rules == MOF:
            model.name = summary.name
            model.name_lower = summary.name.lower()
            model.producer = summary.producer
            model.type = summary.type
            model.date = summary.date
            model.release_date = summary.release_date
            model.release_date_from = summary.release_date_from
            model.origin = summary.origin
            model.source = ident.public or None
            model.mof_class = summary.mof_class
            model.class_rank = CLASS_RANK.get(summary.mof_class, 0)
            model.progress_1 = summary.progress.get("1", 0.0)
            model.progress_2 = summary.progress.get("2", 0.0)
            model.progress_3 = summary.progress.get("3", 0.0)
            model.total_progress = summary.total_progress
            model.osaid_verdict = summary.osaid_verdict
            model.licence = summary.licence
            model.licence_kind = summary.licence_kind
            model.latest_id = row.id
            self._show(s, model, shown(result), fresh=status == "new")
        else:
            if model.latest_id is None:  # only mot-compat so far: describe the model
                model.producer, model.type = summary.producer, summary.type
                model.date, model.origin = summary.date, summary.origin
                model.release_date = summary.release_date
                model.release_date_from = summary.release_date_from
                model.source = ident.public or None
            model.mot_class = summary.mof_class
            model.mot_total_progress = summary.total_progress
            model.mot_latest_id = row.id
        return Added(model.slug, model.name, rules, row.id, status, self._same_name(s, model))

    @staticmethod
    def _show(s: Session, model: Model, words: Shown, *, fresh: bool) -> None:
        """Keep what list pages show of the model's latest "mof" result."""
        model.verdict_line = words.verdict_line
        model.date_label = words.date_label
        conn = s.connection()  # Core statements: no ORM bulk machinery, no autoflush
        if not fresh:
            conn.execute(delete(ModelCell).where(ModelCell.model_id == model.id))
        conn.execute(insert(ModelCell), words.cell_rows(model.id))

    @staticmethod
    def _same_name(s: Session, model: Model) -> tuple[str, ...]:
        return tuple(s.scalars(select(Model.slug).where(
            Model.name_lower == model.name.lower(), Model.id != model.id)
            .order_by(Model.id).limit(20)))

    def delete_model(self, slug: str) -> bool:
        started = time.monotonic()
        with self.session.begin() as s:
            model = s.scalar(select(Model).where(Model.slug == slug))
            if model is None:
                return False
            s.execute(delete(AssessmentRow).where(AssessmentRow.model_id == model.id))
            s.execute(delete(ModelCell).where(ModelCell.model_id == model.id))
            s.delete(model)
            generation = self._bump(s)
        self._saw_generation(generation, started)
        return True

    # -- the write generation ----------------------------------------------

    def _bump(self, s: Session) -> int:
        """Bump the write generation inside the write's transaction."""
        value = s.execute(update(Meta).where(Meta.key == GENERATION)
                          .values(value=Meta.value + 1).returning(Meta.value)).scalar()
        if value is None:  # a database made before migration 0003 ran: cannot happen
            s.add(Meta(key=GENERATION, value=1))  # after open(), but be safe
            value = 1
        return int(value)

    def _saw_generation(self, value: int, started: float) -> None:
        """Take ``value`` read (or written) at ``started`` unless a later one is in."""
        with self._lock:
            if started >= self._generation_set:
                self._generation = value
                self._generation_set = started

    def generation(self, max_age: float | None = None) -> int:
        """The registry's write generation (see the module docstring). Equal
        generations mean equal data; the value is not ordered across resets."""
        ttl = self.generation_ttl if max_age is None else max_age
        now = time.monotonic()
        if now < self._generation_due and ttl > 0:
            return self._generation
        self._generation_due = now + ttl  # other threads use the value we have meanwhile
        with self.engine.connect() as conn:
            value = conn.execute(select(Meta.value).where(Meta.key == GENERATION)).scalar()
        self._saw_generation(int(value or 0), now)
        return self._generation

    def _memoised(self, key: Any, compute: Any) -> Any:
        """``compute()``, kept until the write generation changes."""
        generation = self.generation()
        with self._lock:
            if self._memo_generation != generation or len(self._memo) > self.MEMO_LIMIT:
                self._memo = {}
                self._memo_generation = generation
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._lock:
            if self._memo_generation == generation:
                self._memo[key] = value
        return value

    # -- reading ---------------------------------------------------------

    def count(self) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count(Model.id))) or 0)

    def list_models(self, query: ListQuery) -> Page:
        """One leaderboard page. Only the summary columns are read (Core rows,
        no ORM objects); the count for the same filters is memoised per
        generation, so paging through a filter counts once."""
        query.validate()
        rows_stmt, count_stmt = select_page(query)
        with self.engine.connect() as conn:

            def count() -> int:
                return int(conn.execute(count_stmt).scalar() or 0)

            total = self._memoised(("count", count_key(query)), count)
            if query.page > max(1, -(-total // query.limit)):
                raise InputError(f"page {query.page} is past the last page "
                                 f"({max(1, -(-total // query.limit))})")
            items = [model_summary(m) for m in conn.execute(rows_stmt)] if total else []
        return Page(total, query.page, query.limit, items)

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        page = self.list_models(ListQuery(q=text, limit=limit))
        return page.items

    def _model(self, s: Session, slug: str) -> Model | None:
        return s.scalar(select(Model).where(Model.slug == slug))

    def get_model(self, slug: str) -> dict[str, Any] | None:
        """A model's summary with its latest result under each rule set."""
        with self.session() as s:
            model = self._model(s, slug)
            if model is None:
                return None
            out = model_summary(model)
            out["created_at"] = _iso(model.created_at)
            out["assessments"] = {}
            for rules, aid in ((MOF, model.latest_id), (MOT_COMPAT, model.mot_latest_id)):
                row = s.get(AssessmentRow, aid) if aid is not None else None
                if row is not None:
                    out["assessments"][rules] = {**assessment_meta(row), "result": row.result}
            out["lineage"] = self._lineage(s, model)
            out["same_name"] = [
                {"slug": m.slug, "name": m.name, "source": m.source} for m in s.scalars(
                    select(Model).where(Model.name_lower == model.name_lower,
                                        Model.id != model.id).order_by(Model.id).limit(20))]
            out["history_count"] = int(s.scalar(
                select(func.count(AssessmentRow.id)).where(AssessmentRow.model_id == model.id)
            ) or 0)
            return out

    def _lineage(self, s: Session, model: Model) -> dict[str, Any]:
        """Base and derived models by name; a model is never its own base or child (some
        records name themselves as their origin)."""
        parent = None
        if model.origin and model.origin.strip().lower() != model.name_lower:
            found = s.scalar(select(Model).where(
                (Model.name_lower == model.origin.lower()) | (Model.slug == slugify(model.origin))
            ).where(Model.id != model.id).order_by(Model.id).limit(1))
            parent = {"name": model.origin, "slug": found.slug if found else None}
        children = [
            {"name": c.name, "slug": c.slug} for c in s.scalars(
                select(Model).where(func.lower(Model.origin) == model.name_lower,
                                    Model.id != model.id)
                .order_by(Model.name_lower).limit(50))
        ]
        return {"base": parent, "derived": children}

    def history(self, slug: str, rules: str | None = None) -> list[dict[str, Any]] | None:
        """Every assessment of a model, newest first, each with what changed
        since the one before it under the same rules."""
        with self.session() as s:
            model = self._model(s, slug)
            if model is None:
                return None
            stmt = select(AssessmentRow).where(AssessmentRow.model_id == model.id)
            if rules:
                stmt = stmt.where(AssessmentRow.rules == rules)
            rows = list(s.scalars(stmt.order_by(AssessmentRow.id)))
        previous: dict[str, AssessmentRow] = {}
        out = []
        for row in rows:
            item = assessment_meta(row)
            before = previous.get(row.rules)
            item["previous_id"] = before.id if before else None
            item["changes"] = diff_results(before.result, row.result) if before else []
            previous[row.rules] = row
            out.append(item)
        out.reverse()
        return out

    def assessment(self, slug: str, assessment_id: int) -> dict[str, Any] | None:
        with self.session() as s:
            model = self._model(s, slug)
            row = s.get(AssessmentRow, assessment_id)
            if model is None or row is None or row.model_id != model.id:
                return None
            return {**assessment_meta(row), "result": row.result}

    def diff(self, slug: str, old_id: int, new_id: int) -> list[dict[str, Any]] | None:
        old, new = self.assessment(slug, old_id), self.assessment(slug, new_id)
        if old is None or new is None:
            return None
        return diff_results(old["result"], new["result"])

    def facets(self) -> dict[str, Any]:
        """The values each leaderboard filter can take, with counts (memoised
        until the write generation changes)."""
        return self._memoised("facets", self._facets)

    def _facets(self) -> dict[str, Any]:
        with self.session() as s:
            out: dict[str, Any] = {}
            for key, col in (("class", Model.mof_class), ("osaid", Model.osaid_verdict),
                             ("licence", Model.licence), ("licence_kind", Model.licence_kind),
                             ("producer", Model.producer), ("type", Model.type)):
                rows = s.execute(select(col, func.count()).where(col.is_not(None))
                                 .group_by(col)).all()
                out[key] = sorted(([v, int(n)] for v, n in rows),
                                  key=lambda vn: (-vn[1], str(vn[0])))
            year = _prefix(Model.release_date, 4)
            years = s.execute(select(year, func.count())
                              .where(Model.release_date.is_not(None)).group_by(year)).all()
            out["year"] = sorted([str(y), int(n)] for y, n in years if y)
            out["no_release_date"] = int(s.scalar(select(func.count(Model.id)).where(
                Model.release_date.is_(None))) or 0)
        return out

    def stats(self, producers: int = 15) -> dict[str, Any]:
        """Figures for the charts: class distribution (both rule sets), mean
        openness by producer, and by the month of the model's release date - models
        whose release date is unknown are counted apart (``no_release_date``), never
        placed at a record's date (memoised per generation)."""
        return self._memoised(("stats", producers), lambda: self._stats(producers))

    def _stats(self, producers: int) -> dict[str, Any]:
        with self.session() as s:
            classes = dict.fromkeys(("0", "1", "2", "3"), 0)
            for c, n in s.execute(select(Model.mof_class, func.count()).group_by(
                    Model.mof_class)):
                classes[str(c)] = int(n)
            mot = dict.fromkeys(("0", "1", "2", "3"), 0)
            for mc, n in s.execute(select(Model.mot_class, func.count()).where(
                    Model.mot_class.is_not(None)).group_by(Model.mot_class)):
                mot[str(mc)] = int(n)
            osaid = {str(v): int(n) for v, n in s.execute(
                select(Model.osaid_verdict, func.count()).group_by(Model.osaid_verdict)) if v}
            by_producer = [
                {"producer": p, "models": int(n), "mean_progress": round(float(m or 0), 2),
                 "best_class": int(b or 0)}
                for p, n, m, b in s.execute(
                    select(Model.producer, func.count(), func.avg(Model.total_progress),
                           func.max(Model.class_rank))
                    .where(Model.producer.is_not(None)).group_by(Model.producer)
                    .order_by(func.count().desc(), Model.producer).limit(producers))
            ]
            month = _prefix(Model.release_date, 7)
            over_time = [
                {"month": mo, "models": int(n), "mean_progress": round(float(m or 0), 2),
                 "classified": int(c or 0)}
                for mo, n, m, c in s.execute(
                    select(month, func.count(), func.avg(Model.total_progress),
                           func.sum(case((Model.mof_class > 0, 1), else_=0)))
                    .where(Model.release_date.is_not(None)).group_by(month).order_by(month))
                if mo and len(mo) == 7
            ]
            undated = int(s.scalar(select(func.count(Model.id)).where(
                Model.release_date.is_(None))) or 0)
            total = sum(classes.values())
        for item in by_producer:
            item["best_class"] = {3: 1, 2: 2, 1: 3}.get(item["best_class"], 0)
        return {"models": total, "classes": classes, "mot_compat_classes": mot,
                "osaid": osaid, "by_producer": by_producer, "over_time": over_time,
                "no_release_date": undated}

    def shown(self, slugs: list[str], *,
              cells: bool = False) -> dict[str, tuple[str | None, str | None,
                                                      dict[str, Facts]]]:
        """What list pages show of the models ``slugs`` (a page's worth) beyond the summary:
        by slug, the verdict line and date label of the latest "mof" result and, with
        ``cells``, its grid cells by column. Read from the columns and ``model_cells``
        written with the result (no stored result is decoded): one query, two with cells."""
        if not slugs:
            return {}
        wanted = list(dict.fromkeys(slugs))
        facts: dict[str, dict[str, Facts]] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(Model.id, Model.slug, Model.verdict_line,
                                       Model.date_label).where(Model.slug.in_(wanted))).all()
            if cells and rows:
                by_id = {r.id: r.slug for r in rows}
                for mid, col, grade, licence, reason in conn.execute(
                        select(ModelCell.model_id, ModelCell.column, ModelCell.grade,
                               ModelCell.licence, ModelCell.reason)
                        .where(ModelCell.model_id.in_(list(by_id)))).all():  # not row by row
                    facts.setdefault(by_id[mid], {})[col] = Facts(grade, licence or "",
                                                                  reason or "")
        return {r.slug: (r.verdict_line, r.date_label, facts.get(r.slug, {})) for r in rows}

    def compare(self, slugs: list[str]) -> list[dict[str, Any]]:
        out = []
        for slug in slugs:
            model = self.get_model(slug)
            if model is None:
                raise KeyError(slug)
            out.append(model)
        return out

    def export(self, rules: str | None = None) -> Iterator[dict[str, Any]]:
        """Every model with its latest result(s), in name order."""
        with self.session() as s:
            ids = list(s.scalars(select(Model.id).order_by(Model.name_lower, Model.id)))
        for start in range(0, len(ids), 200):
            with self.session() as s:
                models = list(s.scalars(select(Model).where(Model.id.in_(ids[start:start + 200]))
                                        .order_by(Model.name_lower, Model.id)))
                wanted = [m.latest_id for m in models] + [m.mot_latest_id for m in models]
                rows = {r.id: r for r in s.scalars(select(AssessmentRow).where(
                    AssessmentRow.id.in_([w for w in wanted if w is not None])))}
                for m in models:
                    item = model_summary(m)
                    item["assessments"] = {}
                    for name, aid in ((MOF, m.latest_id), (MOT_COMPAT, m.mot_latest_id)):
                        if (rules is None or rules == name) and aid in rows:
                            r = rows[aid]
                            item["assessments"][name] = {**assessment_meta(r), "result": r.result}
                    yield item

    # -- submissions -----------------------------------------------------

    def enqueue(self, source: str) -> dict[str, Any]:
        """Queue ``source`` for a scan; a source already queued or running is not queued
        again (its submission is returned)."""
        with self.session.begin() as s:
            waiting = s.scalar(select(Submission).where(
                Submission.source == source, Submission.status.in_(("queued", "running")))
                .order_by(Submission.id).limit(1))
            if waiting is not None:
                return submission_dict(waiting)
            row = Submission(source=source, status="queued")
            s.add(row)
            s.flush()
            return submission_dict(row)

    def submission(self, sid: int) -> dict[str, Any] | None:
        with self.session() as s:
            row = s.get(Submission, sid)
            return submission_dict(row) if row else None

    def submissions(self, limit: int = 20) -> list[dict[str, Any]]:
        with self.session() as s:
            return [submission_dict(r) for r in s.scalars(
                select(Submission).order_by(Submission.id.desc()).limit(limit))]

    def claim_next(self) -> dict[str, Any] | None:
        """Mark the oldest queued submission as running and return it. Safe
        with several server processes: the claim is a compare-and-set
        (``status = 'queued'`` in the UPDATE), so one process wins each item."""
        for _ in range(20):
            with self.session.begin() as s:
                sid = s.scalar(select(Submission.id).where(Submission.status == "queued")
                               .order_by(Submission.id).limit(1)
                               .with_for_update(skip_locked=True))
                if sid is None:
                    return None
                claimed = s.connection().execute(update(Submission).where(
                    Submission.id == sid, Submission.status == "queued").values(
                    status="running", updated_at=utcnow()))
                if claimed.rowcount == 1:
                    row = s.get(Submission, sid)
                    return submission_dict(row) if row else None
        return None

    def finish(self, sid: int, *, error: str | None = None, slug: str | None = None) -> None:
        with self.session.begin() as s:
            s.execute(update(Submission).where(Submission.id == sid).values(
                status="failed" if error else "done", error=error, model_slug=slug,
                updated_at=utcnow()))


def _prefix(column: Any, length: int) -> Any:
    # Literal arguments, so GROUP BY matches the SELECT expression on PostgreSQL.
    return func.substr(column, literal_column("1"), literal_column(str(int(length))))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
