"""Keras 3 model.summary() text, rendered by the real rich library (Debian bookworm python3-rich 13.3.1).

Keras itself cannot be installed on these machines, so this transcribes the part of
keras/src/utils/summary_utils.py :: print_summary that decides the table (columns, positions, line length, cell
texts, footer) and lets rich lay it out: rich.table.Table(*columns, width=line_length, show_lines=True), printed by
Console(highlight=False, force_terminal=False, color_system=None). The layer rows come from the models defined in
this file with their own shape and parameter arithmetic (not from the C# Reference).
"""
import io

import rich
import rich.console
import rich.markup
import rich.table


def readable_memory_size(size):
    units = ["B", "KB", "MB", "GB", "TB", "PB"]
    scale = 1024
    for unit in units:
        if size / scale < 1:
            return "{:.2f} {}".format(size, unit)
        size /= scale
    return "{:.2f} {}".format(size, units[-1])


def render(title, rows, totals, sequential_like, line_length=76, terminal_columns=80):
    """rows: [name_type, shape, params(int), connected_to]; totals: (total, trainable, non_trainable).
    line_length is model.summary's argument (None: 88 sequential-like, 108 otherwise); print_summary then caps it at
    shutil.get_terminal_size().columns - 4 (80 without a terminal), explicit values included, and rich's Console is as
    wide as that terminal."""
    if sequential_like:
        positions = [0.45, 0.80, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        alignment = ["left", "left", "right"]
    else:
        positions = [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        alignment = ["left", "left", "right", "left"]
    line_length = min(line_length or (88 if sequential_like else 108), terminal_columns - 4)
    widths, current = [], 0
    for pos in positions:
        w = int(pos * line_length) - current
        widths.append(w)
        current += w
    columns = [rich.table.Column(h, justify=a, width=w) for h, a, w in zip(header, alignment, widths)]
    table = rich.table.Table(*columns, width=line_length, show_lines=True)
    for name_type, shape, params, conn in rows:
        fields = [rich.markup.escape(name_type), shape, f"{params:,}"]
        if not sequential_like:
            fields.append(conn)
        table.add_row(*fields)
    buf = io.StringIO()
    console = rich.console.Console(file=buf, highlight=False, force_terminal=False, color_system=None,
                                   width=terminal_columns)
    console.print(f'Model: "{rich.markup.escape(title)}"')
    console.print(table)
    t, tr, nt = totals
    console.print(f" Total params: {t:,} ({readable_memory_size(t * 4)})")
    console.print(f" Trainable params: {tr:,} ({readable_memory_size(tr * 4)})")
    console.print(f" Non-trainable params: {nt:,} ({readable_memory_size(nt * 4)})")
    return buf.getvalue()


# ---- the models, as Keras (or torchvision) lays them out; own arithmetic ----

def _conv_same(shape, filters, k=3):
    h, w, c = shape
    return (h, w, filters), k * k * c * filters + filters


def _pool_valid(shape, p=2, s=2):
    h, w, c = shape
    return ((h - p) // s + 1, (w - p) // s + 1, c), 0


def lab_cnn(input_shape, units):
    layers, shape = [], input_shape
    spec = [("conv2d", 16), ("max_pooling2d", None), ("conv2d_1", 32), ("max_pooling2d_1", None),
            ("conv2d_2", 64), ("max_pooling2d_2", None), ("conv2d_3", 128)]
    for name, f in spec:
        if f:
            shape, n = _conv_same(shape, f)
            layers.append((name, "Conv2D", shape, n, True))
        else:
            shape, n = _pool_valid(shape)
            layers.append((name, "MaxPooling2D", shape, n, True))
    layers.append(("global_average_pooling2d", "GlobalAveragePooling2D", (shape[2],), 0, True))
    layers.append(("dense", "Dense", (units,), shape[2] * units + units, True))
    return layers


def vgg_blocks(input_shape, frozen):
    layers, shape = [], input_shape
    for b, (width, n) in enumerate([(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]):
        trainable = b >= frozen
        for c in range(n):
            shape, p = _conv_same(shape, width)
            layers.append((f"block{b + 1}_conv{c + 1}", "Conv2D", shape, p, trainable))
        shape, p = _pool_valid(shape)
        layers.append((f"block{b + 1}_pool", "MaxPooling2D", shape, p, trainable))
    return layers, shape


def torch_layers(kind):
    """torchvision 0.14 alexnet()/vgg16() modules at 224x224, NCHW shapes (C, H, W)."""
    shape, layers = (3, 224, 224), []

    def conv(name, out, k, s, p):
        nonlocal shape
        c, h, w = shape
        shape = (out, (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1)
        layers.append((name, "Conv2d", shape, k * k * c * out + out, True))

    def same(name, t):
        layers.append((name, t, shape, 0, True))

    def pool(name, k, s):
        nonlocal shape
        c, h, w = shape
        shape = (c, (h - k) // s + 1, (w - k) // s + 1)
        layers.append((name, "MaxPool2d", shape, 0, True))

    def linear(name, out):
        nonlocal shape
        layers.append((name, "Linear", (out,), shape[0] * out + out, True))
        shape = (out,)

    def avg(n):
        nonlocal shape
        shape = (shape[0], n, n)
        layers.append(("avgpool", "AdaptiveAvgPool2d", shape, 0, True))
        shape = (shape[0] * n * n,)
        layers.append(("flatten", "Flatten", shape, 0, True))

    if kind == "alexnet":
        conv("features.0", 64, 11, 4, 2); same("features.1", "ReLU"); pool("features.2", 3, 2)
        conv("features.3", 192, 5, 1, 2); same("features.4", "ReLU"); pool("features.5", 3, 2)
        conv("features.6", 384, 3, 1, 1); same("features.7", "ReLU")
        conv("features.8", 256, 3, 1, 1); same("features.9", "ReLU")
        conv("features.10", 256, 3, 1, 1); same("features.11", "ReLU"); pool("features.12", 3, 2)
        avg(6)
        same("classifier.0", "Dropout"); linear("classifier.1", 4096); same("classifier.2", "ReLU")
        same("classifier.3", "Dropout"); linear("classifier.4", 4096); same("classifier.5", "ReLU")
        linear("classifier.6", 1000)
    else:
        i = 0
        for v in [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]:
            if v == "M":
                pool(f"features.{i}", 2, 2); i += 1
            else:
                conv(f"features.{i}", v, 3, 1, 1); same(f"features.{i + 1}", "ReLU"); i += 2
        avg(7)
        linear("classifier.0", 4096); same("classifier.1", "ReLU"); same("classifier.2", "Dropout")
        linear("classifier.3", 4096); same("classifier.4", "ReLU"); same("classifier.5", "Dropout")
        linear("classifier.6", 1000)
    return layers


def model(model_id):
    """(title, rows, totals, sequential_like) for one model id of the C# ModelZoo."""
    def finish(title, layers, seq, with_input=None):
        rows, prev = [], None
        if with_input:
            rows.append(("input_layer (InputLayer)", fmt(with_input), 0, "-"))
            prev = "input_layer"
        for name, typ, shape, n, _ in layers:
            rows.append((f"{name} ({typ})", fmt(shape), n, f"{prev}[0][0]" if prev else "-"))
            prev = name
        total = sum(l[3] for l in layers)
        trainable = sum(l[3] for l in layers if l[4])
        return title, rows, (total, trainable, total - trainable), seq

    def fmt(shape):
        return "(None, " + ", ".join(str(d) for d in shape) + ")"

    if model_id in ("lab1", "lab2", "lab3"):
        inp, units = {"lab1": ((28, 28, 1), 10), "lab2": ((300, 300, 3), 1), "lab3": ((300, 300, 3), 2)}[model_id]
        return finish("sequential", lab_cnn(inp, units), True)
    if model_id in ("lab1-cam", "lab2-cam"):
        inp, units = {"lab1-cam": ((28, 28, 1), 10), "lab2-cam": ((300, 300, 3), 1)}[model_id]
        return finish("functional_9", lab_cnn(inp, units), False, with_input=inp)
    if model_id == "lab4":
        layers, shape = vgg_blocks((224, 224, 3), frozen=4)
        layers.append(("global_average_pooling2d", "GlobalAveragePooling2D", (shape[2],), 0, True))
        layers.append(("dense", "Dense", (2,), shape[2] * 2 + 2, True))
        return finish("functional", layers, True, with_input=(224, 224, 3))
    if model_id == "vgg16":
        layers, shape = vgg_blocks((224, 224, 3), frozen=0)
        flat = shape[0] * shape[1] * shape[2]
        layers += [("flatten", "Flatten", (flat,), 0, True),
                   ("fc1", "Dense", (4096,), flat * 4096 + 4096, True),
                   ("fc2", "Dense", (4096,), 4096 * 4096 + 4096, True),
                   ("predictions", "Dense", (1000,), 4096 * 1000 + 1000, True)]
        return finish("vgg16", layers, True, with_input=(224, 224, 3))
    if model_id == "alexnet":
        return finish("AlexNet", torch_layers("alexnet"), True)
    if model_id == "vgg16-torch":
        return finish("VGG", torch_layers("vgg16"), True)
    raise KeyError(model_id)


MODEL_IDS = ["lab1", "lab2", "lab3", "lab4", "vgg16", "vgg16-torch", "alexnet", "lab1-cam", "lab2-cam"]
