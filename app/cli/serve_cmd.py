"""``homebody serve wyoming``: Homebody as a Wyoming server for Home Assistant and others."""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import signal
import socket
import sys
from typing import Any
from urllib.parse import urlsplit

from pipelines.core.errors import InputError

from .common import open_app, print_json


def register(sub: Any) -> None:
    serve = sub.add_parser("serve", help="serve Homebody to other programs (Wyoming protocol)")
    protocols = serve.add_subparsers(dest="protocol", metavar="PROTOCOL", required=True)
    wy = protocols.add_parser(
        "wyoming",
        help="speech-to-text, intents, text-to-speech and wake words over Wyoming "
        "(Home Assistant: add the 'Wyoming Protocol' integration with this host and port)",
    )
    wy.add_argument(
        "--uri",
        help="where to listen: tcp://HOST:PORT or unix://PATH (default: wyoming.uri in the "
        "settings, tcp://127.0.0.1:10700)",
    )
    wy.add_argument(
        "--lan",
        action="store_true",
        default=None,
        help="serve other machines on the home network (only the --allow ones)",
    )
    wy.add_argument(
        "--allow",
        action="append",
        metavar="ADDRESS_OR_SUBNET",
        help="a peer allowed to connect with --lan, e.g. 192.168.1.20 or 192.168.1.0/24 "
        "(repeatable; adds to wyoming.allowed_peers)",
    )
    wy.add_argument("--name", help="the name Home Assistant shows (default: homebody)")
    wy.add_argument("--no-announce", action="store_true", help="no zeroconf announcement")
    wy.add_argument(
        "--json", action="store_true", help="print the server's state as JSON once it serves"
    )
    wy.add_argument(
        "--verbose", action="store_true", help="also log what the server does (models, peers)"
    )
    wy.add_argument("--debug", action="store_true", help="log every connection and fault")
    wy.set_defaults(func=run_serve_wyoming)


def run_serve_wyoming(args: argparse.Namespace) -> int:
    # lazy: start-up speed (asyncio costs ~20 ms that every other command would pay when
    # building the parser; pipelines.wyoming.* load only when run_serve_wyoming() runs)
    import asyncio

    from pipelines.wyoming.engines import LocalEngines
    from pipelines.wyoming.hub import SatelliteHub

    # lazy: start-up speed (pipelines.wyoming.server loads only when run_serve_wyoming() runs)
    from pipelines.wyoming.server import ServerOptions, WyomingServer

    _configure_logging(args)
    app = open_app()
    try:
        allowed = tuple(app.settings.wyoming.allowed_peers) + tuple(args.allow or ())
        uri = args.uri
        if args.lan and uri is None:  # --lan alone: every interface, the configured port
            uri = f"tcp://0.0.0.0:{urlsplit(app.settings.wyoming.uri).port or 10700}"
        options = ServerOptions.from_settings(
            app,
            uri=uri,
            lan=args.lan,
            allowed_peers=allowed,
            name=args.name,
            announce=False if args.no_announce else None,
        )
        engines = LocalEngines(app)
        server = WyomingServer(app, engines, options)  # refuses a LAN address without --lan
        if options.lan and not options.allowed_peers:
            print(
                "Note: LAN serving is on but no peer is allowed yet, so only this computer "
                "can connect; add --allow ADDRESS (e.g. your Home Assistant's).",
                file=sys.stderr,
            )
        _refuse_busy_port(options.uri)  # before the models load, not after
        print(f"Loading models for {options.uri} ...", flush=True)
        engines.prepare()

        async def main() -> None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows
                    loop.add_signal_handler(sig, stop.set)
            try:
                await server.start()
            except OSError as exc:  # taken between the check and now
                if not _in_use(exc):
                    raise
                raise _busy(options.uri) from exc
            hub = SatelliteHub(app, engines)
            if hub.links:  # timers set from a room ring there
                from pipelines.skills.reminders import start_reminders

                start_reminders(app)
            satellites = asyncio.create_task(hub.run(stop))
            for link in hub.links:
                s = link.satellite
                print(f"Satellite {s.name} ({s.host}:{s.port}, room {link.room})", flush=True)
            if args.json:
                print_json({"serving": server.state()})
            else:
                where = "this computer only" if not options.lan else "allowed home-network peers"
                print(f"Serving Wyoming on {options.uri} ({where}). Ctrl+C stops.", flush=True)
            try:
                await stop.wait()
            finally:
                await satellites
                await server.stop()

        asyncio.run(main())
    finally:
        app.close()
    return 0


def _configure_logging(args: argparse.Namespace) -> None:
    """Default: only warnings, worded for a person (the user-facing lines are printed);
    --verbose adds the server's log (INFO), --debug every connection and fault."""
    if args.debug or args.verbose:
        logging.basicConfig(
            level=logging.DEBUG if args.debug else logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    else:
        logging.basicConfig(level=logging.WARNING, format="homebody: %(message)s")


def _in_use(exc: OSError) -> bool:
    return exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1))


def _busy(uri: str) -> InputError:
    return InputError(f"Port {urlsplit(uri).port} is in use; pick another with --uri.")


def _refuse_busy_port(uri: str) -> None:
    """A TCP port another program holds: one clear line, exit 1 (not a traceback after the
    models have loaded). Binds the way asyncio's server will (SO_REUSEADDR off Windows)."""

    parts = urlsplit(uri)
    if parts.scheme != "tcp" or not parts.port:
        return
    family = socket.AF_INET6 if ":" in (parts.hostname or "") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if sys.platform != "win32":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((parts.hostname or "0.0.0.0", parts.port))
        except OSError as exc:
            if _in_use(exc):
                raise _busy(uri) from exc
