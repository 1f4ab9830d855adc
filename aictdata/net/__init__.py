"""Talking to remote hosts: one HTTP exchange with a platform or a deployed site.

`http` owns the exchange (key hygiene, size cap, total deadlines, retries, one-line
errors) that `aictdata check` and both publishers use; `retry` decides what is asked
again and how long to wait; `deadline` bounds an exchange in total, which a timeout per
read cannot do. Pure Python at import time: requests is imported when a request is made.
"""
