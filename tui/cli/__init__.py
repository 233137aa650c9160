"""The command line: argparse, terminal detection, plain text and JSON, the serve
supervisor. Never imports Textual, nor the app (an import-linter contract).
"""
