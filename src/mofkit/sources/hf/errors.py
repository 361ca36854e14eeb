"""``huggingface_hub`` errors as one-line :class:`SourceError` messages that say
what happened and what to do."""

from __future__ import annotations

from mofkit.sources.hf.retry import chain_names, is_network_error, status_of, unreachable
from mofkit.sources.interface import SourceError


class HubUnavailable(SourceError):
    """The Hub could not be asked (unreachable, or 429 / 5xx after the retries): a
    failure of the service, not of the model named; asking again later may work."""


def hub_error(exc: BaseException, source: str, endpoint: str, has_token: bool,
              kind: str = "model", attempts: int = 1) -> SourceError:
    names = chain_names(exc)
    status = status_of(exc)
    what = "dataset" if kind == "dataset" else "repository"
    if "GatedRepoError" in names:
        message = (f"gated {what}: this account has not been granted access (request it on the "
                   "repo page, then set HF_TOKEN)" if has_token else
                   f"gated {what}: needs approval and a token (set HF_TOKEN or --hf-token)")
    elif "RevisionNotFoundError" in names:
        message = "revision not found on the Hub"
    elif "DisabledRepoError" in names:
        message = f"{what} disabled on the Hub"
    elif "RepositoryNotFoundError" in names:
        message = (f"{what} not found on the Hub (deleted or misspelt, or private and your token "
                   "has no access)" if has_token else
                   f"{what} not found on the Hub (deleted or misspelt; if it is private, set "
                   "HF_TOKEN)")
    elif status == 429:
        message = f"the Hub kept answering 429 Too Many Requests ({attempts} tries); try later"
    elif status is not None and status >= 500:
        message = f"the Hub answered {status} (server error) {attempts} times; try later"
    elif status is not None:
        message = f"the Hub answered HTTP {status}"
    elif is_network_error(exc):
        why = unreachable(exc)
        tried = f"{why}; not retried" if why else type(exc).__name__
        message = (f"cannot reach the Hub at {endpoint} ({tried}); to read "
                   "from the cache instead, use --offline or HF_HUB_OFFLINE=1")
    else:
        detail = str(exc).splitlines()[0] if str(exc) else ""
        message = (f"could not read the Hub's answer ({type(exc).__name__}: {detail}); the "
                   "repo's metadata may be malformed")
    unavailable = status == 429 or (status is not None and status >= 500) or (
        status is None and is_network_error(exc))
    return (HubUnavailable if unavailable else SourceError)(message, source=source)
