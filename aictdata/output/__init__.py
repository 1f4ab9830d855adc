"""The site's contract: every published path and identifier, the writer that
puts files in the build folder, and their media types."""
