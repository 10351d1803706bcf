"""Input formats → one document model (graph/tables/model.py)."""
