"""What the data is: entities, scalar types, texts in two languages, the
timeline and time zones. No files, no formats."""
