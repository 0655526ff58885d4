"""How the tfkv_cam family picks the classes of its designed cases: mixed-sign Lab1 maps (so Grad-CAM's ReLU matters) and
well-conditioned, spread-out VGG16 Grad-CAM++ maps (alpha has a pole at g sum(A) = -2)."""
import numpy as np

import hashweights
import lab_models as m
import tfkv


def mixed_sign_classes(fx):
    """Per item, the Lab1 class whose Grad-CAM map before the ReLU has the most cells of its minority sign."""
    n, k = len(fx), 10
    _, _, A, _, g = m.model_parts("lab1", m.TRAINED, np.repeat(fx, k, axis=0), np.tile(np.arange(k), n))
    pre = np.einsum("nhwc,nc->nhw", A, g.mean(axis=(1, 2))).reshape(n, k, -1)
    minority = np.minimum((pre > 0).sum(-1), (pre < 0).sum(-1))
    return np.argmax(minority, axis=1)


def conditioned_class(X1, logits):
    """Grad-CAM++ exp(score) overflows float32 for the hash-weight VGG16's best logits (~300), so the class is taken
    among the 24 best with a logit below 30 (like a trained VGG16's): alpha = 1 / (2 + g sum(A)) at least 0.5 from its
    pole, sum(A) mattering (max |g sum(A)| >= 1, so a port that drops or misplaces the term fails), and among those the
    map spread most evenly over its cells (so every cell's value is checked, not one peak under a tolerance set by it)."""
    order = np.argsort(-logits, kind="stable")
    cands = [int(k) for k in order if logits[k] < 30.0][:24]
    _, fa = m.forward("vgg16", m.HASH, X1, ["block5_conv3"])
    A1 = fa["block5_conv3"]
    _, gc = m.score_grad("vgg16", m.HASH, np.repeat(A1, len(cands), axis=0), "block5_conv3", cands)

    def conditioning(g):
        gs = g * np.sum(A1[0], axis=(0, 1))
        nz = g != 0
        return float(np.min(np.abs(2 + gs[nz]))), float(np.max(np.abs(gs[nz])))

    def spread(i):
        _, _, _, raw = tfkv.gradcam_plus_plus(A1, gc["grads"][i:i + 1], np.array([logits[cands[i]]], np.float32))
        pos = raw[raw > 0]
        return (0.0 if pos.size == 0 else float(1.0 - pos.max() / pos.sum())), int(pos.size)

    def sensitivity(i):
        """The largest relative change of the raw map when A and g move by 1e-4 of their largest values in 3
        deterministic ways: how much a correct port's rounding is amplified near alpha's pole (ten times the
        tolerances' 1e-5, so the pole's nonlinearity shows)."""
        g = gc["grads"][i:i + 1]
        s = np.array([logits[cands[i]]], np.float32)
        _, _, _, r0 = tfkv.gradcam_plus_plus(A1, g, s)
        worst = 0.0
        for t in range(3):
            Ap = A1 + np.float32(1e-4 * np.abs(A1).max()) * hashweights.uniform(19, 2 * t, A1.shape).astype(np.float32)
            gp = np.where(g != 0, g + np.float32(1e-4 * np.abs(g).max()) * hashweights.uniform(19, 2 * t + 1, g.shape), g)
            _, _, _, rp = tfkv.gradcam_plus_plus(Ap.astype(np.float32), gp.astype(np.float32), s)
            worst = max(worst, float(np.max(np.abs(rp - r0)) / max(float(np.max(np.abs(r0))), 1e-30)))
        return worst

    cond = [conditioning(gc["grads"][i]) for i in range(len(cands))]
    spreads = [spread(i) for i in range(len(cands))]
    # sum(A) must matter; the largest cell at most half the map's mass; among those, the least sensitive weights
    ok = [i for i in range(len(cands)) if cond[i][1] >= 1.0 and spreads[i][0] >= 0.5] or \
         [i for i in range(len(cands)) if cond[i][1] >= 1.0]
    sens = {i: sensitivity(i) for i in ok}
    pick = min(ok, key=lambda i: sens[i])
    k = cands[pick]
    return k, (f"logit {logits[k]:.2f}; among the 24 best classes with a logit below 30 whose map keeps at least half its "
               f"mass outside its largest cell, the one whose raw map moves least when A and g move by 1e-4 of their "
               f"largest values ({sens[pick]:.2g} of its maximum): min |2 + g sum(A)| = {cond[pick][0]:.3g}, "
               f"max |g sum(A)| = {cond[pick][1]:.3g}; {spreads[pick][1]} positive cells, {spreads[pick][0]:.0%} of the "
               "mass outside the largest")
