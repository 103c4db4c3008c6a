"""Exports built in the background: a user asks for a file (a list page's rows, a
report as CSV, Excel or PDF), a job builds it off the request with its progress
kept on the row, and the file waits for its owner until it expires."""
