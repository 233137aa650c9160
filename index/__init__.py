"""Danish full-text search over the handbook (whoosh). Never imports Textual."""
