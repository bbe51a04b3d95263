"""``python -m codegen_client.testing``: serve the offline Codegen API on loopback.

It takes the options of the command line's ``fake-server`` command, with the same checks and
exit codes, but parses them with the standard library: the ``server`` extra (uvicorn) is all it
needs, not the ``cli`` one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

# The command line's documented exit codes (codegen_client.cli._errors.ExitCode): a bad option
# or a missing extra is a usage error, a port that cannot be bound an input error.
_USAGE = 2
_INPUT = 6


def _number(
    kind: Callable[[str], float], low: float, high: float | None = None
) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a valid {kind.__name__}") from None
        if value < low or (high is not None and value > high):
            bound = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{text} is not {bound}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m codegen_client.testing",
        description=(
            "Serve the offline Codegen API at http://HOST:PORT/v1 until Ctrl-C (needs the "
            "server extra). It prints the settings for this client, codegen-api-client and "
            "the codegen SDK (a fake key, not yours), and ids to try."
        ),
    )
    add = parser.add_argument
    add(
        "--host",
        default="127.0.0.1",
        metavar="HOST",
        help="Interface to bind (loopback by default).",
    )
    add(
        "--port",
        type=_number(int, 0, 65535),
        default=8080,
        metavar="PORT",
        help="TCP port (0: any free port).",
    )
    add(
        "--api-key",
        default=None,
        metavar="KEY",
        help="The token the server accepts (default: a fixed fake key).",
    )
    add(
        "--seed",
        type=_number(int, -(2**63)),
        default=0,
        metavar="N",
        help="Seed of the generated organizations, users, ...",
    )
    add(
        "--run-duration",
        type=_number(float, 0.0),
        default=600.0,
        metavar="SECONDS",
        help="Seconds (of the server's clock) an agent run works.",
    )
    add("--no-rate-limits", action="store_true", help="Do not enforce the documented rate limits.")
    add(
        "--speed",
        type=_number(float, 0.001),
        default=1.0,
        metavar="NUMBER",
        help="Clock speed: 10 runs time ten times faster.",
    )
    add(
        "--org-id",
        type=_number(int, 1),
        default=123,
        metavar="ID",
        help="Id of the main organization (so the README's 123 works).",
    )
    add(
        "-v",
        "--log-requests",
        action="store_true",
        help="Print one line per request on stderr: method, path, status, fault.",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and serve until Ctrl-C.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Raises:
        SystemExit: When the command ends, with its exit code: 0, 2 for a bad option or when
            uvicorn (the ``server`` extra) is missing, 6 when the port cannot be bound or a
            value is unusable.

    """
    args = _parser().parse_args(None if argv is None else list(argv))
    from codegen_client.testing import DEFAULT_API_KEY, server

    try:
        server.run_fake_server(
            host=args.host,
            port=int(args.port),
            api_key=args.api_key or DEFAULT_API_KEY,
            seed=int(args.seed),
            run_duration=float(args.run_duration),
            rate_limits=not args.no_rate_limits,
            speed=float(args.speed),
            org_id=int(args.org_id),
            verbose=args.log_requests,
        )
    except ModuleNotFoundError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(_USAGE)
    except OSError as exc:
        sys.stderr.write(
            f"error: cannot serve on {args.host}:{args.port} ({exc.strerror or exc})\n"
        )
        sys.exit(_INPUT)
    except UnicodeError as exc:  # a host name in bytes that are not UTF-8
        sys.stderr.write(f"error: --host {args.host!r} is not a valid host name ({exc})\n")
        sys.exit(_INPUT)
    except ValueError as exc:  # a value the options let through: --speed inf
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(_INPUT)
    sys.exit(0)


if __name__ == "__main__":
    main()
