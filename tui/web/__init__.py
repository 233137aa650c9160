"""The browser side of ``paddehatten serve``: the web server child, one app process per
tab, and the page (``app_index.html``, ``full.html``). Never imports Textual."""
