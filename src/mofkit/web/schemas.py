"""The JSON shapes of ``/api/v1``, as pydantic models for the OpenAPI docs.
(The full assessment result is ``Assessment.to_dict()``; see docs/api.md.)"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class MofSummary(BaseModel):
    class_: int = Field(alias="class", description="Best MOF class (1 most open; 0 = none)")
    label: str
    progress: dict[str, float] = Field(description='Per-class progress, keys "3", "2", "1"')
    total_progress: float


class MotSummary(BaseModel):
    class_: int = Field(alias="class")
    label: str
    total_progress: float | None


class ModelSummary(BaseModel):
    slug: str
    name: str
    producer: str | None
    type: str | None
    date: str | None = Field(description="The date its source gives (a Model Openness Tool "
                             "record's own date: when the record was written), not a release "
                             "date")
    release_date: str | None = Field(None, description="When the model was released "
                                     "(YYYY-MM-DD, YYYY-MM or YYYY), read from the release; "
                                     "null when unknown")
    release_date_from: str | None = Field(None, description="Where the release date was read: "
                                          "card (the model card), record (the record's "
                                          "release_date field) or hub (the repo's creation on "
                                          "the Hugging Face Hub)")
    origin: str | None = Field(description="Base model (lineage), as the release names it")
    source: str | None = Field(None, description="Where the model is read from, which is "
                               "what identifies it: a Hub or git URL, or the Model Openness "
                               "Tool record's link (null for a local folder; never a path)")
    mof: MofSummary
    osaid: str | None = Field(description="OSAID 1.0 verdict: pass, fail or unknown")
    licence: str | None = Field(description="Licence of the final parameters")
    licence_kind: str | None
    mot_compat: MotSummary | None = Field(description="Verdict under the MOT's own rules")
    updated_at: str | None
    url: str
    api_url: str
    summary: str | None = Field(None, description="The verdict in one plain sentence, e.g. "
                                "\"Class I — Open Science. Not Open Source AI: supporting "
                                "libraries and tools are not released.\"")
    licence_name: str | None = Field(None, description="The licence as people name it")
    date_label: str | None = Field(None, description="What ``date`` is: \"record dated\" for "
                                   "a record's date, \"dated\" for another source's")


class GridColumn(BaseModel):
    key: str
    name: str
    group: str


class GridModel(BaseModel):
    slug: str
    name: str
    producer: str | None
    mof_class: int | None
    osaid: str | None
    licence: str | None
    licence_name: str | None
    summary: str
    cells: dict[str, str] = Field(description="Column key -> component status (open, "
                                  "open-wrong-type, not-open, unlicensed, missing) or OSAID "
                                  "element verdict (pass, fail, unknown)")


class GridOut(BaseModel):
    columns: list[GridColumn]
    models: list[GridModel]


class Pager(BaseModel):
    total_items: int
    total_pages: int
    current_page: int
    limit: int


class ModelList(BaseModel):
    pager: Pager
    models: list[ModelSummary]


class AssessmentMeta(BaseModel):
    id: int
    created_at: str | None
    source: str
    source_kind: str
    revision: str | None
    tool_version: str
    rules: str
    rules_version: str
    mof_class: int
    total_progress: float
    osaid: str | None


class Change(BaseModel):
    field: str
    name: str
    before: Any
    after: Any


class HistoryItem(AssessmentMeta):
    previous_id: int | None
    changes: list[Change]


class History(BaseModel):
    model: str
    assessments: list[HistoryItem]


class SubmissionIn(BaseModel):
    source: str = Field(max_length=300,
                        description="hf:org/name or an https:// git URL on the allow-list")


class SubmissionOut(BaseModel):
    id: int
    source: str
    status: str = Field(description="queued, running, done or failed")
    error: str | None
    model: str | None
    model_url: str | None
    created_at: str | None
    updated_at: str | None


class ErrorOut(BaseModel):
    error: str


class Attachments(BaseModel):
    """What was attached to an assessment: a fixed set of names, each an object or null."""

    model_config = ConfigDict(extra="forbid")
    scan: dict[str, Any] | None = Field(description="The scan's own section (roots, files, "
                                        "bytes, conflicts, licences, followed, restrictions, "
                                        "declared, hints, lineage, problems); null for a record")
    hub: dict[str, Any] | None = Field(description="What the Hugging Face Hub says of the "
                                       "repo (revision, access, parameters, lineage, "
                                       "datasets...); null off the Hub")


class Result(BaseModel):
    """``Assessment.to_dict()``: the assessment's own keys, and what was attached to it
    under the one key ``attachments``."""

    model_config = ConfigDict(extra="allow")
    source: str
    release: dict[str, Any]
    rules: dict[str, Any]
    mof: dict[str, Any]
    osaid: dict[str, Any]
    gaps: list[dict[str, Any]]
    notes: list[str]
    attachments: Attachments


class Assessment(AssessmentMeta):
    result: Result = Field(description="Assessment.to_dict(): the full result with "
                           "evidence (docs/api.md)")


class ModelRef(BaseModel):
    name: str
    slug: str | None = Field(description="The model's slug when it is in the registry")


class Lineage(BaseModel):
    base: ModelRef | None = Field(description="The model this one is based on")
    derived: list[ModelRef] = Field(description="Models based on this one")


class SameName(BaseModel):
    slug: str
    name: str
    source: str | None = Field(description="Where that model was read from")


class ModelDetail(ModelSummary):
    created_at: str | None
    assessments: dict[str, Assessment] = Field(description='Latest result per rule set: '
                                               '"mof" and/or "mot-compat"')
    lineage: Lineage
    history_count: int
    same_name: list[SameName] = Field(default_factory=list, description="Other models (other "
                                      "sources) that claim the same name")


class Compare(BaseModel):
    models: list[ModelDetail]


class Diff(BaseModel):
    model: str
    from_: int = Field(alias="from")
    to: int
    changes: list[Change]


class BadgeItem(BaseModel):
    class_: int | str | None = Field(alias="class")
    kind: str = Field(description="best, 1, 2, 3 or osaid")
    label: str
    message: str
    colour: str
    image: str = Field(description="PNG URL")
    svg: str
    markdown: str
    html: str


class Badges(BaseModel):
    model: str
    page: str
    badges: list[BadgeItem]


class ProducerStat(BaseModel):
    producer: str
    models: int
    mean_progress: float
    best_class: int


class MonthStat(BaseModel):
    month: str = Field(description="YYYY-MM of the models' release date")
    models: int
    mean_progress: float
    classified: int


class Stats(BaseModel):
    models: int
    classes: dict[str, int]
    mot_compat_classes: dict[str, int]
    osaid: dict[str, int]
    by_producer: list[ProducerStat]
    over_time: list[MonthStat]
    no_release_date: int = Field(description="Models whose release date is unknown (not in "
                                 "over_time)")


FacetValues = list[tuple[int | str, int]]


class Facets(BaseModel):
    class_: FacetValues = Field(alias="class")
    osaid: FacetValues
    licence: FacetValues
    licence_kind: FacetValues
    producer: FacetValues
    type: FacetValues
    year: FacetValues = Field(description="Years of the release dates")
    no_release_date: int = Field(description="Models whose release date is unknown")
