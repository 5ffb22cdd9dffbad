"""OpenCV's image and video I/O with the codec stand-ins in place; prints one JSON object.

    python probe.py make DIR    # with the wheel's own libraries: writes sample files to DIR
    python probe.py check DIR   # prints {"check": passed, ...}

Run by packaging/opencv_codecs.py: ``make`` with the original libraries (so the VP9 sample is
encoded by the real libvpx), ``check`` with the stand-ins. Every value of ``check`` must be
true: still images in JPEG/PNG/WebP, video written and read through FFmpeg's own encoders and
decoders (Motion JPEG, MPEG-4), and the VP9 sample decoded by FFmpeg's native VP9 decoder.
An AVIF image or a VP9 encoder must fail cleanly (no crash); whether they work is reported
under "info" only.
"""

import json
import sys
from pathlib import Path

import cv2
import numpy as np

FRAMES, SIZE = 12, (160, 120)


def frame(i: int) -> np.ndarray:
    image = np.zeros((SIZE[1], SIZE[0], 3), np.uint8)
    cv2.rectangle(image, (10 + 8 * i, 20), (60 + 8 * i, 90), (40, 200, 90), -1)
    cv2.putText(image, str(i), (100, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (255, 255, 255), 2)
    return image


def write(path: Path, fourcc: str) -> bool:
    writer = cv2.VideoWriter(str(path), cv2.CAP_FFMPEG, cv2.VideoWriter_fourcc(*fourcc), 10, SIZE)
    if not writer.isOpened():
        return False
    for i in range(FRAMES):
        writer.write(frame(i))
    writer.release()
    return path.is_file() and path.stat().st_size > 0


def read(path: Path) -> bool:
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    got = []
    while capture.isOpened():
        ok, image = capture.read()
        if not ok:
            break
        got.append(image)
    capture.release()
    if len(got) != FRAMES:
        return False
    error = max(
        float(np.abs(g.astype(int) - frame(i).astype(int)).mean()) for i, g in enumerate(got)
    )
    return error < 12.0


def still(ext: str) -> bool:
    ok, data = cv2.imencode(ext, frame(3))
    if not ok:
        return False
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    return image is not None and float(np.abs(image.astype(int) - frame(3).astype(int)).mean()) < 6


def make(folder: Path) -> dict[str, bool]:
    folder.mkdir(parents=True, exist_ok=True)
    ok, avif = cv2.imencode(".avif", frame(5))
    if ok:
        (folder / "sample.avif").write_bytes(avif.tobytes())
    return {"vp9 sample": write(folder / "sample.webm", "VP90"), "avif sample": bool(ok)}


def check(folder: Path) -> dict[str, object]:
    scratch = folder / "check"
    scratch.mkdir(exist_ok=True)
    results: dict[str, object] = {
        f"still {ext}": still(ext) for ext in (".jpg", ".png", ".webp", ".bmp", ".tiff")
    }
    for name, fourcc, ext in (("mjpeg", "MJPG", ".avi"), ("mpeg4", "mp4v", ".mp4")):
        path = scratch / f"{name}{ext}"
        results[f"video {name} write+read"] = write(path, fourcc) and read(path)
    vp9 = folder / "sample.webm"
    results["video vp9 read (native decoder)"] = vp9.is_file() and read(vp9)
    info: dict[str, bool] = {"vp9 write": write(scratch / "vp9.webm", "VP90")}
    avif = folder / "sample.avif"
    if avif.is_file():
        info["avif read"] = cv2.imread(str(avif)) is not None
    ok, _ = cv2.imencode(".avif", frame(1))
    info["avif write"] = bool(ok)
    results["info"] = info
    return results


if __name__ == "__main__":
    action, target = sys.argv[1], Path(sys.argv[2])
    print(json.dumps(make(target) if action == "make" else check(target)))
