"""``homebody detect``, ``homebody vision watch|quantize|teach|cameras`` and ``homebody where``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .common import open_app, positive_int, print_json, setting_flag


def register(sub: Any) -> None:
    detect = sub.add_parser("detect", help="detect objects in photos (nothing is stored)")
    detect.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    detect.add_argument("--model", help="yolox-nano (default), fastestdet, or a YOLO .onnx file")
    detect.add_argument("--int8", action="store_true", help="use the quantised int8 model")
    detect.add_argument(
        "--min-confidence",
        type=setting_flag("vision.min_confidence"),
        help="score cut-off, 0 to 1 (default: settings)",
    )
    detect.add_argument("--json", action="store_true")
    detect.set_defaults(func=run_detect)

    vision = sub.add_parser("vision", help="cameras, object memory, quantisation, teaching")
    vsub = vision.add_subparsers(dest="vision_command", metavar="ACTION", required=True)
    watch = vsub.add_parser(
        "watch", help="watch a camera, video or photo folder and remember objects"
    )
    watch.add_argument("source", help="webcam number, rtsp:// or http:// URL, video file or folder")
    watch.add_argument("--camera-name", help="the camera's name in answers (e.g. kitchen)")
    watch.add_argument("--frames", type=positive_int, help="stop after N frames")
    watch.add_argument("--model", help="detector to use (default: settings)")
    watch.add_argument("--json", action="store_true")
    watch.set_defaults(func=run_watch)

    every = vsub.add_parser("watch-all", help="watch every camera configured in settings")
    every.add_argument("--frames", type=positive_int, help="stop each camera after N frames")
    every.add_argument("--json", action="store_true")
    every.set_defaults(func=run_watch_all)

    quant = vsub.add_parser("quantize", help="make a static int8 copy of a detector")
    quant.add_argument("--model", help="detector to quantise (default: settings)")
    quant.add_argument(
        "--calibration",
        nargs="+",
        type=Path,
        required=True,
        metavar="PATH",
        help="photos or folders of photos from your cameras (at least 4)",
    )
    quant.add_argument("--json", action="store_true")
    quant.set_defaults(func=run_quantize)

    teach = vsub.add_parser("teach", help="EXPERIMENTAL: teach an object from a few photos")
    teach.add_argument("name", help="what to call it, e.g. keys")
    teach.add_argument("photos", nargs="+", type=Path, metavar="PHOTO")
    teach.add_argument("--json", action="store_true")
    teach.set_defaults(func=run_teach)

    cams = vsub.add_parser("cameras", help="list configured and attached cameras")
    cams.add_argument("--probe", action="store_true", help="open webcams to test them")
    cams.add_argument("--json", action="store_true")
    cams.set_defaults(func=run_cameras)

    where = sub.add_parser("where", help="where was an object last seen? (e.g. where glasses)")
    where.add_argument("object", nargs="+")
    where.add_argument("--json", action="store_true")
    where.set_defaults(func=run_where)


def _read(path: Path) -> Any:
    # lazy: start-up speed (cv2, pipelines.core.errors load only when _read() runs)
    import cv2

    # lazy: start-up speed (pipelines.core.errors loads only when _read() runs)
    from pipelines.core.errors import InputError

    image = cv2.imread(str(path), cv2.IMREAD_COLOR) if path.is_file() else None
    if image is None:
        raise InputError(f"{path} is not a readable photo (JPEG, PNG, BMP, WebP or TIFF).")
    return image


def run_detect(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.vision.catalog loads only when run_detect() runs)
    from pipelines.vision.catalog import open_detector

    images = [(p, _read(p)) for p in args.images]
    app = open_app()
    try:
        detector = open_detector(
            app,
            args.model,
            quantized=True if args.int8 else None,
            min_confidence=args.min_confidence,
        )
        for path, image in images:
            found = detector.detect(image)
            if args.json:
                print_json(
                    {
                        "image": str(path),
                        "model": detector.name,
                        "detections": [d.to_dict() for d in found],
                    }
                )
                continue
            print(f"{path}: {len(found)} object{'s' if len(found) != 1 else ''}")
            for det in found:
                x1, y1, x2, y2 = (round(v) for v in det.box)
                print(f"  {det.label:<16} {det.confidence:5.2f}  [{x1}, {y1}, {x2}, {y2}]")
    finally:
        app.close()
    return 0


def _print_health(app: Any) -> Any:
    """Print each camera state change ("kitchen camera: no picture for 5 s, retrying")."""

    def show(event: Any) -> None:
        line = event.data.get("line") if event.stage == "camera" else None
        if line:
            print(line, file=sys.stderr, flush=True)

    return app.bus.subscribe(show)


@contextmanager
def _stop_on_interrupt(stop: Any) -> Iterator[None]:
    """Ctrl-C (or SIGTERM) ends watching cleanly, with the summary, instead of a traceback."""

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda _sig, _frame: stop())
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_watch(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.vision.catalog etc. load only when run_watch() runs)
    from pipelines.vision.catalog import open_detector
    from pipelines.vision.watcher import CameraWatcher, camera_for

    app = open_app()
    _print_health(app)
    try:
        camera = camera_for(app, args.source, args.camera_name)
        detector = open_detector(app, args.model)
        watcher = CameraWatcher(app, camera, detector)
        with _stop_on_interrupt(watcher.stop):
            stats = watcher.run(max_frames=args.frames)
        data = stats.to_dict()
        if args.json:
            print_json(data)
        else:
            labels = ", ".join(f"{k} x{v}" for k, v in data["labels"].items()) or "nothing"
            print(
                f"{camera.name}: {data['frames']} frames, {data['analysed']} analysed "
                f"({data['skipped_no_motion']} skipped without motion), "
                f"{data['sightings_written']} new sightings; saw {labels}"
            )
    finally:
        app.close()
    return 0


def run_watch_all(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.core.errors etc. load only when run_watch_all() runs)
    from pipelines.core.errors import DeviceError
    from pipelines.vision.service import VisionService

    app = open_app()
    _print_health(app)
    service = VisionService(app)
    try:
        names = service.start(max_frames=args.frames)
        if not names:
            raise DeviceError(
                "No cameras are configured. Add one under [[vision.cameras]] in settings.toml, "
                "or watch a single source with `homebody vision watch SOURCE`."
            )
        with _stop_on_interrupt(service.request_stop):
            while service.running():
                service.wait(0.5)
    finally:
        service.stop()
        app.close()
    rows = {n: s.to_dict() for n, s in service.stats.items()}
    errors = {n: e.message for n, e in service.errors.items()}
    if args.json:
        print_json({"cameras": rows, "errors": errors})
    else:
        for name, data in rows.items():
            print(
                f"{name}: {data['frames']} frames, {data['analysed']} analysed, "
                f"{data['sightings_written']} new sightings"
            )
        for name, message in errors.items():
            print(f"{name}: {message}")
    return 0 if not errors else 2


def run_quantize(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.vision.catalog etc. load only when run_quantize() runs)
    from pipelines.vision.catalog import open_detector, quantized_path
    from pipelines.vision.quantize import calibration_images, quantize_detector

    images = calibration_images(args.calibration)
    app = open_app()
    try:
        detector = open_detector(app, args.model, quantized=False)
        out = quantize_detector(
            detector, images, quantized_path(app.paths.models_dir, detector.name)
        )
        if args.json:
            print_json(
                {"model": detector.name, "int8": str(out), "calibration_frames": len(images)}
            )
        else:
            print(f"int8 {detector.name} written to {out} (calibrated on {len(images)} frames).")
            print("Use it with vision.quantized = true in settings, or `homebody detect --int8`.")
    finally:
        app.close()
    return 0


def run_teach(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.vision.teach loads only when run_teach() runs)
    from pipelines.vision.teach import TaughtObjects

    images = [_read(p) for p in args.photos]
    app = open_app()
    try:
        kept = TaughtObjects(app.db, app.paths.data_dir, app.ledger).teach(args.name, images)
        if args.json:
            print_json({"name": args.name, "references": kept})
        else:
            print(
                f"Learned '{args.name}' from {kept} photo{'s' if kept != 1 else ''}. "
                "It is found best from the sides the photos show: add photos of the others "
                "(front, back, top, ends; up to 10) for other angles."
            )
    finally:
        app.close()
    return 0


def run_cameras(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.core.settings etc. load only when run_cameras() runs)
    from pipelines.core.settings import load_settings
    from pipelines.vision.cameras import list_cameras

    rows = list_cameras(load_settings(), probe=args.probe)
    if args.json:
        print_json(rows)
    elif not rows:
        print("No cameras configured or found. Add one under [[vision.cameras]] in settings.")
    else:
        for row in rows:
            mark = "ok" if row.get("ok") else "--"
            print(f"  {mark}  {row['name']:<16} {row['detail']}")
    return 0


def run_where(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.skills.replies etc. load only when run_where() runs)
    from pipelines.skills.replies import Replies
    from pipelines.vision.locate import answer

    app = open_app()
    try:
        response = answer(app, Replies(), " ".join(args.object), time.time())
        if args.json:
            print_json(response.to_dict())
        else:
            print(response.text)
    finally:
        app.close()
    return 0
