"""``python -m codegen_client``: the command line."""

from codegen_client.cli import main

main()
