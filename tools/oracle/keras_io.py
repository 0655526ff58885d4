"""Keras's image input and ImageNet helpers, as the VGG16 lab (seed 003) calls them, for the golden generators.

- load_img(path, target_size): keras.utils.load_img's steps (keras/src/utils/image_utils.py, same in tf.keras 2.x):
  PIL open -> convert('RGB') when the mode is not RGB (alpha dropped, no compositing) -> resize((w, h), NEAREST) when
  the size differs. Keras itself is not installable here (no PyPI), so these three calls are written out; Pillow does
  the work (Debian python3-pil).
- preprocess_caffe(x): Debian's python3-keras-applications 1.0.8 imagenet_utils.preprocess_input(mode='caffe'),
  the function keras.applications.vgg16.preprocess_input wraps; a two-method backend stub stands in for Keras.
- decode_predictions(preds, top): keras-applications' own decode_predictions, reading fixtures/imagenet/
  imagenet_class_index.json (byte-identical to the file Keras downloads: its MD5 is the file_hash Keras checks).
"""
import hashlib
import os

import numpy as np
from PIL import Image

import common

CLASS_INDEX = os.path.join(common.FIXTURES, "imagenet", "imagenet_class_index.json")
CLASS_INDEX_MD5 = "c2c37ea517e94d9795004a39431a14cb"  # keras_applications/imagenet_utils.py decode_predictions file_hash


def load_img(path, target_size=None):
    img = Image.open(path)
    if img.mode != "RGB":
        img = img.convert("RGB")
    if target_size is not None:
        wh = (target_size[1], target_size[0])
        if img.size != wh:
            img = img.resize(wh, Image.NEAREST)
    return np.asarray(img)  # the lab: np.array(img) -> uint8 (H, W, 3)


class _Backend:
    @staticmethod
    def floatx():
        return "float32"

    @staticmethod
    def image_data_format():
        return "channels_last"


class _Utils:
    @staticmethod
    def get_file(fname, origin, cache_subdir=None, file_hash=None):
        with open(CLASS_INDEX, "rb") as f:
            md5 = hashlib.md5(f.read()).hexdigest()
        if md5 != file_hash or md5 != CLASS_INDEX_MD5:
            raise SystemExit(f"{CLASS_INDEX}: MD5 {md5} is not Keras's {file_hash}")
        return CLASS_INDEX


def preprocess_caffe(x):
    from keras_applications import imagenet_utils
    return imagenet_utils.preprocess_input(np.array(x), data_format="channels_last", mode="caffe", backend=_Backend)


def decode_predictions(preds, top=5):
    from keras_applications import imagenet_utils
    return imagenet_utils.decode_predictions(preds, top=top, utils=_Utils)


def keras_applications_version():
    return common.debian_version("python3-keras-applications")
