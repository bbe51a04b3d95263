"""``python -m codegen_client``: the command line."""

from codegen_client.cli import main

# Only when run: importing the module (pydoc, doctest collection) must not start the CLI.
if __name__ == "__main__":
    main()
