"""MultiRunAgent's decisions without I/O: the plan, the progress, the result.

The driver that sends what these decide is ``_async/multi_run.py`` (and its sync twin).
"""
