"""A model is its source, never its display name (issue 16): a scanned release
named after another model is its own model, a re-scan of a source is history,
two records that claim one name are two models with a warning, sources are
stored and shown in public form (no local paths), and migration 0004 gives an
existing registry the same identities."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from mofkit.registry import open_registry
from mofkit.registry.identity import identify, scrub
from web_fixtures import TOKEN, LiveServer, make_app, record, scanned_release, seed, wait_for

SHARED_MOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "mot" / "models"


@pytest.mark.parametrize(("source", "kind", "key", "public"), [
    ("hf:AllenAI/OLMo-7B@abc123", "hf", "hf:allenai/olmo-7b", "https://huggingface.co/AllenAI/OLMo-7B"),
    ("https://huggingface.co/AllenAI/OLMo-7B/tree/main", "git", "hf:allenai/olmo-7b",
     "https://huggingface.co/AllenAI/OLMo-7B"),
    ("https://GitHub.com/Org/Repo.git/", "git", "git:github.com/org/repo",
     "https://github.com/Org/Repo"),
    ("https://user:secret@github.com/org/repo", "git", "git:github.com/org/repo",
     "https://github.com/org/repo"),
    ("git@github.com:org/repo.git", "git", "git:github.com/org/repo",
     "https://github.com/org/repo"),
    ("/srv/mot/models/Qwen2.5-72B-Instruct.yml", "mot-record", "mot:Qwen2.5-72B-Instruct.yml",
     "https://github.com/lfai/model_openness_tool/blob/main/models/Qwen2.5-72B-Instruct.yml"),
])
def test_identify(source, kind, key, public):
    ident = identify(source, kind, "Some Name")
    assert (ident.key, ident.public) == (key, public)


def test_a_local_folder_is_known_by_its_path_but_never_shown():
    one = identify("/home/me/models/olmo", "folder", "OLMo-7B")
    assert one.public == "" and "/home/me" not in one.key
    assert one.key == identify("/home/me/models/olmo", "folder", "Other name").key
    assert one.key != identify("/home/me/models/olmo2", "folder", "OLMo-7B").key
    scan = {"source": "/home/me/models/olmo", "attachments": {
        "scan": {"roots": [{"location": "/home/me/models/olmo", "kind": "local"},
                           {"location": "hf:org/x@1", "kind": "hf"}]}, "hub": None}}
    clean = scrub(scan, one.public)
    assert "/home/me" not in json.dumps(clean)
    assert clean["attachments"]["scan"]["roots"][1]["location"] == "https://huggingface.co/org/x"




def _add(reg, release, kind="git", revision=None):
    from mofkit.pipeline import assess_release

    slug = None
    first = None
    for result in assess_release(release).results():
        added = reg.add_result(result, source_kind=kind, revision=revision, slug=slug)
        slug = added.slug
        first = first or added
    return first


def test_a_scan_named_after_another_model_is_its_own_model(reg):
    slugs = seed(reg)
    before = reg.get_model(slugs["Alpha-Open-7B"])
    impostor = scanned_release("Alpha-Open-7B", "https://github.com/someone/else",
                               licence="LicenseRef-llama")
    added = _add(reg, impostor, revision="a" * 40)
    assert added.status == "new" and added.slug != "alpha-open-7b"
    assert added.slug.startswith("alpha-open-7b-") and added.same_name == ("alpha-open-7b",)
    after = reg.get_model("alpha-open-7b")
    assert after["assessments"]["mof"]["id"] == before["assessments"]["mof"]["id"]
    assert after["mof"] == before["mof"] and after["history_count"] == 2
    assert [m["slug"] for m in after["same_name"]] == [added.slug]
    other = reg.get_model(added.slug)
    assert other["source"] == "https://github.com/someone/else"
    assert [m["slug"] for m in other["same_name"]] == ["alpha-open-7b"]


def test_the_same_source_at_a_new_revision_is_history(reg):
    source = "https://github.com/example/evolving"
    first = _add(reg, scanned_release("Evolving-1B", source, licence="CC-BY-NC-4.0"),
                 revision="1" * 40)
    renamed = _add(reg, scanned_release("Evolving-1B-v2", source), revision="2" * 40)
    assert renamed.slug == first.slug and renamed.status == "added"
    model = reg.get_model(first.slug)
    assert model["name"] == "Evolving-1B-v2" and model["history_count"] == 4
    assert reg.count() == 1


def test_a_queued_scan_named_after_another_model_is_its_own_model(tmp_path):
    from mofkit.pipeline import assess_release
    from mofkit.registry.ingest import Rated

    registry = open_registry(str(tmp_path / "q.db"))
    seed(registry)

    def impostor(source):
        release = scanned_release("Alpha-Open-7B", source, licence="LicenseRef-llama")
        return Rated(assess_release(release).results(), "git", "b" * 40)

    try:
        with LiveServer(make_app(registry, scanner=impostor)) as server, \
                httpx.Client(base_url=server.url) as client:
            r = client.post("/api/v1/submissions", json={"source": "hf:evil/olmo"},
                            headers={"Authorization": f"Bearer {TOKEN}"})
            sid = r.json()["id"]
            done = wait_for(lambda: (client.get(f"/api/v1/submissions/{sid}").json()
                                     if client.get(f"/api/v1/submissions/{sid}").json()
                                     ["status"] == "done" else None))
            assert done["model"] != "alpha-open-7b"
            real = client.get("/api/v1/models/alpha-open-7b").json()
            assert real["mof"]["class"] == 3 and real["history_count"] == 2
            assert real["same_name"][0]["source"] == "https://huggingface.co/evil/olmo"
            page = client.get("/models/alpha-open-7b").text
            assert 'id="same-name"' in page and done["model"] in page
    finally:
        registry.close()


def test_two_records_claiming_one_name_are_two_models(tmp_path, capsys):
    import yaml

    from cli_helpers import run

    folder = tmp_path / "models"
    folder.mkdir()
    for file_name in ("Big-72B.yml", "Small-32B.yml"):
        rec = record("Small-32B")  # the 72B record names itself 32B
        (folder / file_name).write_text(yaml.safe_dump(rec), encoding="utf-8")
    db = str(tmp_path / "r.db")
    code, _, err = run(["registry", "import-mot", str(folder), "--db", db], capsys)
    assert code == 0, err
    assert "2 new models" in err
    assert "warning: Small-32B.yml" in err and "also named 'Small-32B'" in err
    registry = open_registry(db)
    try:
        assert registry.count() == 2
        sources = sorted(m["source"] for m in registry.export())
        assert [s.rsplit("/", 1)[-1] for s in sources] == ["Big-72B.yml", "Small-32B.yml"]
        assert str(tmp_path) not in json.dumps(list(registry.export()))
    finally:
        registry.close()


def test_no_server_path_reaches_the_site(tmp_path):
    from mofkit.pipeline import assess_release

    registry = open_registry(str(tmp_path / "p.db"))
    secret = "/srv/secret/place/model"
    try:
        for result in assess_release(scanned_release("Local-1B", secret)).results():
            result["attachments"]["scan"] = {"roots": [{"label": "model", "location": secret,
                                                        "kind": "local", "revision": None}]}
            registry.add_result(result, source_kind="folder")
        with LiveServer(make_app(registry)) as server, \
                httpx.Client(base_url=server.url) as client:
            aid = client.get("/api/v1/models/local-1b").json()["assessments"]["mof"]["id"]
            for path in ("/models/local-1b", "/api/v1/models/local-1b",
                         "/api/v1/models/local-1b/history", "/api/v1/models",
                         f"/api/v1/models/local-1b/assessments/{aid}"):
                r = client.get(path)
                assert r.status_code == 200 and "/srv/secret" not in r.text, path
            assert "a local folder" in client.get("/models/local-1b").text
    finally:
        registry.close()


def test_migration_0004_gives_existing_models_their_source(tmp_path):
    import sqlalchemy as sa

    from mofkit.registry import migrate
    from mofkit.registry.store import Registry

    url = f"sqlite:///{tmp_path / 'old.db'}"
    registry = Registry.open(url, migrate=False)
    migrate.upgrade(registry.engine, "0003")
    result = {"source": "/data/mot/models/Old-7B.yml", "release": {"name": "Old-7B"},
              "scan": {"roots": [{"location": "/home/x/old", "kind": "local"}]}}
    with registry.engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO models (id, slug, name, name_lower, mof_class, class_rank, progress_1,"
            " progress_2, progress_3, total_progress, latest_id, source) VALUES (1, 'old-7b',"
            " 'Old-7B', 'old-7b', 0, 0, 0, 0, 0, 0, 1, '/data/mot/models/Old-7B.yml')"))
        conn.execute(sa.text(
            "INSERT INTO assessments (id, model_id, source, source_kind, tool_version, rules,"
            " rules_version, mof_class, total_progress, digest, result) VALUES (1, 1,"
            " '/data/mot/models/Old-7B.yml', 'mot-record', '0', 'mof', 'mof-1.0', 0, 0, 'd',"
            " :result)"), {"result": json.dumps(result)})
    migrate.upgrade(registry.engine, "0004")
    assert migrate.current(registry.engine) == "0004"
    with registry.engine.connect() as conn:
        key, source = conn.execute(sa.text("SELECT source_key, source FROM models")).one()
        stored, raw = conn.execute(sa.text("SELECT source, result FROM assessments")).one()
    assert key == "mot:Old-7B.yml" and source.endswith("/models/Old-7B.yml")
    assert source.startswith("https://") and stored == source
    assert "/data/mot" not in raw and "/home/x" not in raw
    migrate.downgrade(registry.engine, "0003")
    migrate.upgrade(registry.engine)
    registry.close()


def test_migration_0005_puts_attachments_under_one_key(tmp_path):
    """Results stored with the scan and the Hub section as top-level keys read, after
    the upgrade, in today's shape; their digest is today's, so storing the same result
    again is unchanged; a downgrade gives the old shape back."""
    import sqlalchemy as sa

    from mofkit.pipeline import assess_release
    from mofkit.registry import migrate
    from mofkit.registry.store import Registry
    from mofkit.registry.summary import digest

    url = f"sqlite:///{tmp_path / 'old.db'}"
    registry = Registry.open(url, migrate=False)
    migrate.upgrade(registry.engine, "0004")
    new = assess_release(scanned_release("Old-1B", "")).results()[0]
    new["source"] = "https://huggingface.co/org/old-1b"
    new["attachments"] = {"scan": {"roots": [{"location": "", "kind": "local"}]},
                          "hub": {"repo": "org/old-1b", "revision": "b" * 40}}
    old = {k: v for k, v in new.items() if k != "attachments"} | new["attachments"]
    with registry.engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO models (id, slug, name, name_lower, mof_class, class_rank, progress_1,"
            " progress_2, progress_3, total_progress, latest_id, source, source_key) VALUES"
            " (1, 'old-1b', 'Old-1B', 'old-1b', 0, 0, 0, 0, 0, 0, 1,"
            " 'https://huggingface.co/org/old-1b', 'hf:org/old-1b')"))
        conn.execute(sa.text(
            "INSERT INTO assessments (id, model_id, source, source_kind, tool_version, rules,"
            " rules_version, mof_class, total_progress, digest, result) VALUES (1, 1,"
            " 'https://huggingface.co/org/old-1b', 'hf', '0', 'mof', 'mof-1.0', 0, 0, 'd',"
            " :result)"), {"result": json.dumps(old)})
    migrate.upgrade(registry.engine)
    assert migrate.current(registry.engine) == migrate.head()  # 0005, and 0006 after it
    with registry.engine.connect() as conn:
        stored, fingerprint = conn.execute(sa.text("SELECT result, digest FROM assessments")).one()
    stored = json.loads(stored)
    assert "scan" not in stored and "hub" not in stored
    assert stored["attachments"]["hub"] == new["attachments"]["hub"]
    assert stored["attachments"]["scan"]["roots"] == [{"location": "", "kind": "local"}]
    assert fingerprint == digest(stored)
    migrate.upgrade(registry.engine)  # the store writes what later migrations add
    assert registry.add_result(new, source_kind="hf").status == "unchanged"
    migrate.downgrade(registry.engine, "0004")
    with registry.engine.connect() as conn:
        back = json.loads(conn.execute(sa.text("SELECT result FROM assessments")).scalar_one())
    assert "attachments" not in back and back["hub"] == old["hub"] and back["scan"]["roots"]
    registry.close()


def test_all_mot_records_are_176_models(tmp_path, capsys):
    """Every Model Openness Tool record is its own model (two pairs of records claim
    one name each: Llama-3-70B-Instruct.yml / Meta-Llama-3-70B-Instruct.yml and
    Qwen2.5-32B-Instruct.yml / Qwen2.5-72B-Instruct.yml)."""
    from cli_helpers import run

    if not SHARED_MOT.is_dir():
        pytest.skip(f"the Model Openness Tool records are not here ({SHARED_MOT})")
    files = sorted(SHARED_MOT.glob("*.yml"))
    db = str(tmp_path / "mot.db")
    code, _, err = run(["registry", "import-mot", str(SHARED_MOT), "--db", db], capsys)
    assert code == 0, err
    assert f"{len(files)} new models" in err
    registry = open_registry(db)
    try:
        assert registry.count() == len(files) == 176
        items = list(registry.export())
        by_file = {m["source"].rsplit("/", 1)[-1]: m for m in items}
        assert set(by_file) == {f.name for f in files}
        assert by_file["Qwen2.5-72B-Instruct.yml"]["slug"] != \
            by_file["Qwen2.5-32B-Instruct.yml"]["slug"]
        shared = {m["slug"] for m in items if registry.get_model(m["slug"])["same_name"]}
        names = {by_file[f]["slug"] for f in ("Llama-3-70B-Instruct.yml",
                                              "Meta-Llama-3-70B-Instruct.yml",
                                              "Qwen2.5-32B-Instruct.yml",
                                              "Qwen2.5-72B-Instruct.yml")}
        assert shared == names
        assert err.count("warning:") == 2
        selfish = [m for m in items if (m["origin"] or "").lower() == m["name"].lower()]
        assert len(selfish) == 18
        for m in selfish:
            lineage = registry.get_model(m["slug"])["lineage"]
            assert lineage["base"] is None
            assert m["slug"] not in [d["slug"] for d in lineage["derived"]]
    finally:
        registry.close()
