"""Golden cases for the VGG16 lab's image input and output helpers (seed 003; docs/methods/imagenet-io.md):
    img = load_img(path, target_size=(224, 224))        # Pillow decode, convert('RGB'), NEAREST resize
    images = np.asarray([np.array(img1), ...])           # uint8 (N, 224, 224, 3)
    X = preprocess_input(images)                         # caffe: float32, RGB -> BGR, minus [103.939, 116.779, 123.68]
    decode_predictions(preds, top=3)                     # (wnid, name, probability), best first
Oracles: Pillow 9.4 (Debian python3-pil) for load_img's steps, Debian python3-keras-applications 1.0.8 for
preprocess_input and decode_predictions (keras_image.py)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import keras_io  # noqa: E402

FAMILY = "keras_image"
NEEDS = ["PIL", "keras_applications"]  # beyond NumPy (generate.py)


def provenance(what):
    return {"oracle": what, "version": f"Pillow (python3-pil {common.debian_version('python3-pil')}), "
            f"python3-keras-applications {keras_io.keras_applications_version()}",
            "numpy": f"numpy {np.__version__}", "command": common.command("keras_image")}


def load_case(name, description, rels, target):
    imgs = np.asarray([keras_io.load_img(os.path.join(common.FIXTURES, r), target) for r in rels])
    X = keras_io.preprocess_caffe(imgs)
    cs = common.Case(FAMILY, name, description=description, source="seed 003 (VGG16 lab): load_img + preprocess_input",
                     method="keras_load_img", params={"images": ["fixtures/" + r for r in rels], "target_size": list(target)},
                     fixtures=[common.fixture_ref(os.path.basename(r), r) for r in rels],
                     provenance=provenance("Pillow Image.open/convert/resize(NEAREST) + keras_applications preprocess_input"))
    cs.output("images", imgs, common.exact("decoding and nearest-neighbour resampling pick pixels; nothing is computed"))
    cs.output("preprocessed", X, common.exact(
        "bit-exact on purpose: uint8 -> float32, minus the float32 constants f32(103.939), f32(116.779), f32(123.68) "
        "(BGR): one correctly rounded subtraction, which float64 arithmetic with the same float32 constants reproduces "
        "exactly; a port that subtracts the unrounded decimal means uses other constants and is 1 ulp off on some values"))
    cs.write()


def decode_case(name, description, preds, top, source):
    out = keras_io.decode_predictions(preds, top=top)
    idx = {wnid: int(k) for k, (wnid, _) in __import__("json").load(open(keras_io.CLASS_INDEX)).items()}
    indices = np.array([[idx[w] for w, _, _ in row] for row in out], dtype=np.int64)
    scores = np.array([[s for _, _, s in row] for row in out], dtype=np.float32)
    text = "".join(f"Predicted: {row}\n" for row in out)
    cs = common.Case(FAMILY, name, description=description, source=source, method="keras_decode_predictions",
                     params={"top": top}, fixtures=[common.fixture_ref("imagenet_class_index.json",
                                                                       "imagenet/imagenet_class_index.json")],
                     provenance=provenance("keras_applications decode_predictions"))
    cs.input("preds", preds)
    cs.output("indices", indices, common.exact("a sort of distinct values"))
    cs.output("scores", scores, common.sharp(common.exact("the input's own float32 values, reordered"),
                                                 "the output is the input's own values: it moves with them, ulp for ulp"))
    cs.text_output("printed", "printed.txt", text, "exact_text",
                   common.exact("the lab's print(decode_predictions(...)[i]) line per sample: Python reprs of "
                                "tuples of (str, str, numpy.float32)"))
    cs.write()


def main():
    common.clean_family(FAMILY)
    load_case("photos_224", "The lab's step for two photos: chelsea.png (451x300) and coffee.png (600x400) loaded at "
              "target_size=(224, 224), stacked, preprocessed for VGG16", ["images/photos/chelsea.png", "images/photos/coffee.png"],
              (224, 224))
    load_case("rgba_640x480", "An RGBA 640x480 image: convert('RGB') drops alpha without compositing; 640 -> 224 is where "
              "Pillow's accumulated NEAREST step differs from floor((i + 0.5) * 640 / 224) in 20 columns",
              ["images/synthetic/ramp-640x480-rgba.png"], (224, 224))
    load_case("gray_500x375_to_300x200", "A grayscale (mode L) 500x375 image loaded at target_size=(200, 300): gray is "
              "repeated into R, G, B; 500 -> 300 and 375 -> 200 are non-integer steps",
              ["images/synthetic/stripes-500x375-gray.png"], (200, 300))
    load_case("same_size_224", "A 224x224 image at target_size=(224, 224): no resize at all (Pillow is not called)",
              ["images/photos/chelsea-224.png"], (224, 224))
    # predictions: distinct values (NumPy's argsort leaves the order of ties unspecified, see docs/methods/imagenet-io.md)
    u = hashweights.uniform(7, 0, (2, 1000)).astype(np.float64)
    u = u / np.abs(u).max()
    logits = (10.0 * u).astype(np.float32)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    preds = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    assert all(len(set(r.tolist())) == 1000 for r in preds), "tied predictions; choose another seed"
    decode_case("softmax_top3", "decode_predictions(preds, top=3) on two softmax rows over 1000 classes (logits 10 u, "
                "u = counter-hash values of seed 7 scaled to [-1, 1]; no ties)", preds, 3, "seed 003: print('Predicted:', decode_predictions(preds, top=3)[0])")
    decode_case("softmax_top10", "decode_predictions(preds, top=10) on the same rows (the lab's Task 2 looks past the "
                "best class)", preds, 10, "seed 003 Task 2")
