"""Agent-run decisions without I/O: phases, the duplicate-free create plan, look-ups, waits.

The drivers that send what these decide are in ``_async/`` (and their generated sync twins).
"""
