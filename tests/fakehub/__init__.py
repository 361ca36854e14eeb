"""A local fake Hugging Face Hub over real HTTP on loopback, for tests and benchmarks.

    from fakehub import FakeHub, repo_from_dict, serve

    with serve() as hub:
        hub.add(repo_from_dict("org/model", {"README.md": "---\\nlicense: mit\\n---\\n"}))
        os.environ["HF_ENDPOINT"] = hub.url
"""

from fakehub.repos import FakeFile, FakeRepo, repo_from_dict, repo_from_folder
from fakehub.server import FakeHub, Logged, serve

__all__ = ["FakeFile", "FakeHub", "FakeRepo", "Logged", "repo_from_dict", "repo_from_folder",
           "serve"]
