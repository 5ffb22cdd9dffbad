"""Compare the compiled face detector (libfacehog.so) with the dlib wheel's on real images.

    python probe.py LIBFACEHOG IMAGE... -> one JSON line: {"images": n, "faces": n,
    "identical": bool, "differences": [...]}

Runs with the build environment's Python (dlib, cv2, numpy). Each image is searched the way
pipelines/vision/privacy_crop.py searches a frame (longest side at most 640 px, RGB, one
upsampling), also mirrored and as a cut-out, so small and odd-sized inputs are covered too.
"""

from __future__ import annotations

import ctypes
import json
import sys

import cv2
import dlib
import numpy as np

MAX_BOXES = 256


def load(path: str) -> ctypes.CDLL:
    lib = ctypes.CDLL(path)
    lib.facehog_detect.restype = ctypes.c_long
    lib.facehog_detect.argtypes = [
        ctypes.c_void_p,
        ctypes.c_long,
        ctypes.c_long,
        ctypes.c_long,
        ctypes.c_int,
        ctypes.c_void_p,
        ctypes.c_long,
    ]
    return lib


def compiled(lib: ctypes.CDLL, rgb: np.ndarray, upsample: int) -> list[list[int]]:
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    boxes = np.zeros((MAX_BOXES, 4), dtype=np.int64)
    rows, cols = rgb.shape[:2]
    n = lib.facehog_detect(
        rgb.ctypes.data, rows, cols, rgb.strides[0], upsample, boxes.ctypes.data, MAX_BOXES
    )
    if n < 0:
        raise RuntimeError("facehog_detect failed")
    return boxes[: min(n, MAX_BOXES)].tolist()


def main() -> int:
    lib = load(sys.argv[1])
    wheel = dlib.get_frontal_face_detector()
    images = faces = 0
    differences = []
    for path in sys.argv[2:]:
        bgr = cv2.imread(path, cv2.IMREAD_COLOR)
        if bgr is None:
            continue
        scale = min(1.0, 640 / max(bgr.shape[:2]))
        if scale < 1.0:
            bgr = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        rgb = np.ascontiguousarray(bgr[:, :, ::-1])
        h, w = rgb.shape[:2]
        variants = {"": rgb, " mirrored": rgb[:, ::-1], " cut": rgb[h // 7 : h - 3, w // 5 :]}
        for label, image in variants.items():
            image = np.ascontiguousarray(image)
            for upsample in (0, 1):
                want = [[r.left(), r.top(), r.right(), r.bottom()] for r in wheel(image, upsample)]
                got = compiled(lib, image, upsample)
                images += 1
                faces += len(want)
                if got != want:
                    differences.append(
                        {"image": path + label, "upsample": upsample, "dlib": want, "compiled": got}
                    )
    print(
        json.dumps(
            {
                "images": images,
                "faces": faces,
                "identical": not differences,
                "differences": differences[:5],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
