"""The programme as a French workbook: its layout, written for the organiser and
read back into the edition's YAML, comments and quoting kept."""
