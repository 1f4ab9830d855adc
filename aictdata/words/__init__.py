"""The words of the outputs in French and English, French formatting of dates,
times and addresses, and the labels of the vocabularies."""
