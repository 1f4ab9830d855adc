"""The open-data package: its tables, their Table Schemas, the workbook and the
recipes that read them."""
