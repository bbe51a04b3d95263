"""The command line, run as `python cli.py ...` from a checkout (same as `codegen-client ...`)."""

from codegen_client.cli import main

main()
