"""``python -m codegen_client.testing``: serve the offline Codegen API on loopback."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from codegen_client.testing._app import DEFAULT_API_KEY
from codegen_client.testing.server import run_fake_server


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and serve until Ctrl-C.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    """
    parser = argparse.ArgumentParser(
        prog="python -m codegen_client.testing",
        description="Serve the offline Codegen API at http://HOST:PORT/v1.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default: loopback)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="token the fake accepts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--run-duration", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--no-rate-limits", action="store_true", help="switch rate limits off")
    parser.add_argument("--speed", type=float, default=1.0, help="clock speed factor")
    parser.add_argument("--org-id", type=int, default=123, help="main organization id (1..999)")
    args = parser.parse_args(argv)
    run_fake_server(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        seed=args.seed,
        run_duration=args.run_duration,
        rate_limits=not args.no_rate_limits,
        speed=args.speed,
        org_id=args.org_id,
    )


if __name__ == "__main__":
    main()
