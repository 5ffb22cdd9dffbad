"""Checks OpenCV's LAPACK/BLAS-backed routines against NumPy; prints one JSON object.

Run by packaging/opencv_blas.py with the replacement library in place (every value must be
true). The matrices are large enough that OpenCV hands them to LAPACK rather than to its own
small-matrix code.
"""

import json

import cv2
import numpy as np

rng = np.random.default_rng(0)
results: dict[str, bool] = {}
for dtype, tol in ((np.float64, 1e-7), (np.float32, 1e-3)):
    n, tag = 40, dtype.__name__
    a = rng.normal(size=(n, n)).astype(dtype)
    b = rng.normal(size=(n, 3)).astype(dtype)
    spd = (a @ a.T + n * np.eye(n)).astype(dtype)
    for name, flag, m in (
        ("lu", cv2.DECOMP_LU, a),
        ("svd", cv2.DECOMP_SVD, a),
        ("qr", cv2.DECOMP_QR, a),
        ("cholesky", cv2.DECOMP_CHOLESKY, spd),
    ):
        ok, x = cv2.solve(m, b, flags=flag)
        ref = np.linalg.solve(m.astype(np.float64), b.astype(np.float64))
        error = np.abs(x - ref).max()
        results[f"solve {name} {tag}"] = bool(ok) and error < tol * np.abs(ref).max()
    w, u, vt = cv2.SVDecomp(a)
    ref_w = np.linalg.svd(a.astype(np.float64), compute_uv=False)
    results[f"svd values {tag}"] = np.abs(np.sort(w.ravel())[::-1] - ref_w).max() < tol * ref_w[0]
    results[f"svd vectors {tag}"] = np.abs(u @ np.diag(w.ravel()) @ vt - a).max() < tol * 10
    inverse = cv2.invert(a, flags=cv2.DECOMP_LU)[1]
    results[f"invert {tag}"] = np.abs(inverse @ a - np.eye(n)).max() < tol * 100
    det = np.linalg.det(a.astype(np.float64))
    results[f"determinant {tag}"] = abs(cv2.determinant(a) / det - 1) < tol * 10
    left = rng.normal(size=(200, 300)).astype(dtype)
    right = rng.normal(size=(300, 100)).astype(dtype)
    product = cv2.gemm(left, right, 1.0, None, 0.0)
    results[f"gemm {tag}"] = np.abs(product - left.astype(np.float64) @ right).max() < tol * 100

q = rng.normal(size=(30, 30))
known = np.arange(1.0, 31.0)
eigen = cv2.eigenNonSymmetric(q @ np.diag(known) @ np.linalg.inv(q))[0].ravel()
results["eigen non-symmetric"] = np.allclose(np.sort(eigen), known, atol=1e-6)
src = rng.uniform(0, 100, size=(50, 2)).astype(np.float32)
h = np.array([[1.1, 0.05, 3.0], [0.02, 0.95, -2.0], [1e-4, 2e-4, 1.0]])
found, _mask = cv2.findHomography(src, cv2.perspectiveTransform(src[None], h)[0], cv2.RANSAC)
results["homography"] = np.abs(found / found[2, 2] - h).max() < 1e-3
print(json.dumps({key: bool(value) for key, value in results.items()}))
