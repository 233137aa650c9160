"""The full-screen Textual app: the app, its screens and widgets, and its look
(``paddehatten.tcss``). Never imports the command line (an import-linter contract).
"""
