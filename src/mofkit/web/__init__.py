"""The web site and REST API (``mof serve``): FastAPI + Jinja2, no CDN.

* ``settings``  — what the server is started with (database, admin token, limits);
* ``security``  — request size limit, rate limits, security headers, CSRF, tokens;
* ``api``       — ``/api/v1``: models, one model, history, search, compare,
                  stats, badges, submissions;
* ``pages``     — the HTML pages, each backed by the same registry call as its
                  ``/api/v1`` twin (linked from the page);
* ``charts``    — inline SVG charts; ``badges`` — SVG badges and embed snippets;
* ``links``     — evidence and component links (http(s) only);
* ``app``       — ``create_app(settings)`` wires it all.
"""
