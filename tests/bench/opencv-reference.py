# Reference timing for `npm run bench`: the same steps with OpenCV (Debian's python3-opencv) on the
# same generated pair, read from raw band files: absolute difference, Otsu threshold, opening and
# closing, 8-connected components with statistics, contours. Prints JSON milliseconds per step.
# Usage: python3 opencv-reference.py WIDTH HEIGHT BEFORE.raw AFTER.raw (band-sequential uint8).
import json
import sys
import time

import cv2
import numpy as np

width, height = int(sys.argv[1]), int(sys.argv[2])


def read(path):
    bands = np.fromfile(path, dtype=np.uint8).reshape(3, height, width)
    return np.ascontiguousarray(bands.transpose(1, 2, 0))


before, after = read(sys.argv[3]), read(sys.argv[4])
timings = {}
for attempt in range(2):  # the first run warms caches; the second is reported
    t = time.perf_counter()
    difference = cv2.absdiff(before, after)
    magnitude = cv2.cvtColor(difference, cv2.COLOR_RGB2GRAY)
    t1 = time.perf_counter()
    _, mask = cv2.threshold(magnitude, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    t2 = time.perf_counter()
    kernel = np.ones((5, 5), np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    t3 = time.perf_counter()
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    t4 = time.perf_counter()
    contours, _ = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    simplified = [cv2.approxPolyDP(c, 1.0, True) for c in contours]
    t5 = time.perf_counter()
    timings = {
        "difference": (t1 - t) * 1000,
        "threshold": (t2 - t1) * 1000,
        "morphology": (t3 - t2) * 1000,
        "components": (t4 - t3) * 1000,
        "contours": (t5 - t4) * 1000,
        "total": (t5 - t) * 1000,
        "polygons": len(simplified),
        "opencv": cv2.__version__,
    }
print(json.dumps(timings))
