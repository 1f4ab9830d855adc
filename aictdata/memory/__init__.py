"""What was published: the calendar memory (records, versions, schedule ids), its
store (sealed file, bounded read, atomic write, lock) and the wording of changes."""
