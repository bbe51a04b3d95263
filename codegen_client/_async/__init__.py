"""The async source of everything that does I/O; ``scripts/unasync.py`` writes ``_sync`` from it.

Edit the modules here, never those in ``codegen_client/_sync``, then run ``make generate``.
"""
