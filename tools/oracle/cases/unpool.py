"""Golden cases for max pooling with switches (any window and stride, VALID padding) and max-unpooling.

Oracle: a direct transcription of TensorFlow's CPU rule (tensorflow/core/kernels/maxpooling_op.cc ::
SpatialMaxPoolWithArgMaxHelper: scan the window in increasing (h, w) order, replace only on a strictly larger value,
so the FIRST maximum in row-major order wins; VALID padding: (H - k) // s + 1 windows, so rows/columns past the last
whole window are dropped), in plain Python. With a stride below the window, windows overlap and one input position can
be the switch of two windows; unpooling writes the same value there twice.
Index conventions recorded side by side:
  argmax_nhwc  TF max_pool_with_argmax, include_batch_in_index=False: (y*W + x)*C + c
  indices_nchw PyTorch max_pool2d(return_indices=True): y*W + x within each (n, c) plane
Unpooling writes each pooled value back at its switch, zeros elsewhere, into an explicit output size.
The seed example's pooled and unpooled arrays are the ones printed on the ZFNet slide (asserted below).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402

NEEDS = []  # beyond NumPy (generate.py)


def pool_with_switches(x, k=2, s=2):
    n, h, w, c = x.shape
    oh, ow = (h - k) // s + 1, (w - k) // s + 1
    pooled = np.zeros((n, oh, ow, c), np.float32)
    argmax = np.zeros((n, oh, ow, c), np.int64)
    plane = np.zeros((n, c, oh, ow), np.int64)
    for b in range(n):
        for ch in range(c):
            for i in range(oh):
                for j in range(ow):
                    best, by, bx = None, -1, -1
                    for y in range(i * s, i * s + k):
                        for xx in range(j * s, j * s + k):
                            v = x[b, y, xx, ch]
                            if best is None or v > best:
                                best, by, bx = v, y, xx
                    pooled[b, i, j, ch] = best
                    argmax[b, i, j, ch] = (by * w + bx) * c + ch
                    plane[b, ch, i, j] = by * w + bx
    return pooled, argmax, plane


def unpool(pooled, plane, out_h, out_w):
    n, oh, ow, c = pooled.shape
    out = np.zeros((n, out_h, out_w, c), np.float32)
    for b in range(n):
        for ch in range(c):
            for i in range(oh):
                for j in range(ow):
                    idx = plane[b, ch, i, j]
                    out[b, idx // out_w, idx % out_w, ch] = pooled[b, i, j, ch]
    return out


EXACT = common.sharp(common.exact("comparisons and copies only: no rounding anywhere"),
                     "the inputs hold exact ties on purpose: which position wins a tie is the rule under test")


def case(name, description, x, source, note, k=2, s=2):
    pooled, argmax, plane = pool_with_switches(x, k, s)
    n, h, w, c = x.shape
    un = unpool(pooled, plane, h, w)
    cs = common.Case(
        "unpool", name, description=description, source=source,
        method="max_pool_unpool", params={"pool_size": k, "strides": s, "output_size": [h, w]},
        provenance={"oracle": "plain-Python transcription of TF's first-maximum rule (tools/oracle/cases/unpool.py)",
                    "version": f"numpy {np.__version__} (storage only)", "command": common.command("unpool"),
                    "notes": note})
    cs.input("x", x)
    cs.output("pooled", pooled, EXACT)
    cs.output("argmax_nhwc", argmax, EXACT)
    cs.output("indices_nchw", plane, EXACT)
    cs.output("unpooled", un, EXACT)
    cs.write()
    return pooled, un


def main():
    common.clean_family("unpool")
    slide = np.array([[0.8, 0.6, 0.5, 0.3], [0.3, 0.4, 0.9, 0.8], [0.2, 0.7, 0.8, 0.4], [0.5, 0.4, 0.6, 0.5]], np.float32)
    pooled, un = case("seed_example", "the ZFNet slide's 4x4 example: max-pool 2x2 with switches, then unpool",
                      slide.reshape(1, 4, 4, 1),
                      {"seed": "002_ca90cd3b03a4d016.txt (ZFNet 'Unpooling' slides)",
                       "fixture": "fixtures/printouts/dlai_cam_saliency_gradcam_zfnet.txt"},
                      "input, pooled and unpooled arrays as printed on the slide (checked by this generator)")
    assert np.array_equal(pooled[0, :, :, 0], np.array([[0.8, 0.9], [0.7, 0.8]], np.float32))
    want = np.array([[0.8, 0, 0, 0], [0, 0, 0.9, 0], [0, 0.7, 0.8, 0], [0, 0, 0, 0]], np.float32)
    assert np.array_equal(un[0, :, :, 0], want)
    odd = np.array([[1, 3, 3, 0, 9], [3, 2, 1, 3, 9], [5, 5, 0, 0, 9], [5, 5, 0, 0, 9], [9, 9, 9, 9, 9]], np.float32)
    case("odd_5x5_ties", "5x5 input with ties and an all-equal window: VALID pooling drops row/column 4; unpooling needs output_size 5x5",
         odd.reshape(1, 5, 5, 1), {"seed": "constructed (docs/methods/unpooling.md)"},
         "ties resolve to the first maximum in row-major order; the dropped row/column stays 0 after unpooling")
    x = np.arange(2 * 4 * 6 * 3, dtype=np.float32).reshape(2, 4, 6, 3)
    x = np.where((x.astype(np.int64) * 7919) % 11 < 6, x, -x)
    case("batch2_c3_6x4", "batch 2, 3 channels, 4x6, mixed signs: NHWC argmax (TF) vs per-plane NCHW indices (PyTorch)",
         x.astype(np.float32), {"seed": "constructed (docs/methods/unpooling.md)"},
         "the two index conventions differ whenever C > 1")
    # a second odd shape, 5x7 with 2 channels: ties in the top rows of the windows (the first maximum wins), an all-equal
    # window, row 4 and column 6 dropped by VALID pooling; every maximum sits in a window's top row, so the switches
    # also index inside the 4x6 map an unpooling without output_size would make (a port with that bug returns a wrong
    # shape instead of crashing)
    t = np.array([[3, 3, 1, 5, 2, 2, 9], [1, 0, 5, 0, 2, 2, 9], [4, 1, 0, 7, 6, 6, 9], [2, 4, 0, 1, 1, 6, 9],
                  [9, 9, 9, 9, 9, 9, 9]], np.float32)
    case("odd_5x7_ties_c2", "5x7 input, 2 channels (the second the first mirrored left-right within columns 0-5): ties "
         "inside windows, an all-equal window, VALID pooling drops row 4 and column 6; unpooling needs output_size 5x7",
         np.stack([t, np.concatenate([t[:, 5::-1], t[:, 6:]], axis=1)], -1)[None].astype(np.float32),
         {"seed": "constructed (docs/methods/unpooling.md)"}, "ties resolve to the first maximum in row-major order, per channel")

    # other windows and strides (Keras MaxPooling2D(pool_size, strides)): AlexNet's overlapping 3x3 / 2, a dense 2x2 / 1
    # and a 3x3 / 3 that drops a column; ties sit where windows overlap, so the shared position is the switch of both
    o = np.array([[1, 2, 6, 0, 1, 5, 2], [0, 4, 6, 3, 8, 1, 0], [6, 1, 2, 5, 8, 8, 3], [2, 7, 0, 9, 1, 0, 4],
                  [3, 3, 7, 2, 2, 6, 6], [1, 0, 5, 4, 6, 1, 2], [9, 2, 4, 4, 3, 0, 7]], np.float32)
    case("overlap_3x3_stride2_7x7", "7x7, pool_size 3, strides 2 (AlexNet's overlapping pooling): windows share rows and "
         "columns 2 and 4, ties placed on the shared positions", o.reshape(1, 7, 7, 1),
         {"seed": "constructed (docs/methods/unpooling.md)"},
         "a maximum on a shared row/column is the switch of two windows; each window still takes its first maximum", 3, 2)
    d = np.array([[5, 5, 1, 0, 2], [5, 2, 1, 3, 3], [0, 4, 4, 3, 1], [1, 4, 2, 0, 6]], np.float32)
    case("dense_2x2_stride1_4x5", "4x5, 2 channels, pool_size 2, strides 1: 3x4 overlapping windows with ties",
         np.stack([d, d[::-1]], -1)[None].astype(np.float32), {"seed": "constructed (docs/methods/unpooling.md)"},
         "stride 1: every interior position belongs to four windows", 2, 1)
    q = np.arange(6 * 7, dtype=np.float32).reshape(1, 6, 7, 1)
    q = np.where((q.astype(np.int64) * 37) % 10 < 5, q, 40 - q).astype(np.float32)
    case("window_3x3_stride3_6x7", "6x7, pool_size 3, strides 3: 2x2 windows, column 6 dropped by VALID pooling",
         q, {"seed": "constructed (docs/methods/unpooling.md)"}, "the dropped column stays 0 after unpooling", 3, 3)


if __name__ == "__main__":
    main()
