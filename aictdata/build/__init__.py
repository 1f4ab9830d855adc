"""build_site(): every exporter into a temporary folder, swapped into place; and
the JSON Schemas generated from the model."""
