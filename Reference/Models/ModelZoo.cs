namespace KerasVis.Reference.Models;

/// <summary>
/// The models of the labs, with the layer names Keras gives them in a fresh session (keras/src/utils/naming.py:
/// snake_case class name, then _1, _2, … per prefix) and the names torchvision uses.
/// Sources: seeds 000 (Lab1-Lab4 summaries), 002 (DLAI CAM lab), 003 (VGG16 include_top), 004 (torchvision AlexNet,
/// VGG-16); Keras's keras/src/applications/vgg16.py; torchvision 0.14 models/alexnet.py, models/vgg.py.
/// </summary>
public static class ModelZoo
{
    public static readonly IReadOnlyList<string> Ids = ["lab1", "lab2", "lab3", "lab4", "vgg16", "vgg16-torch", "alexnet", "lab1-cam", "lab2-cam",
        "deconv-small"];

    public static ModelSpec Get(string id) => id switch
    {
        "lab1" => LabCnn("lab1", [28, 28, 1], 10, Activation.Softmax),
        "lab2" => LabCnn("lab2", [300, 300, 3], 1, Activation.Sigmoid),
        "lab3" => LabCnn("lab3", [300, 300, 3], 2, Activation.Softmax),
        "lab4" => Lab4(),
        "vgg16" => Vgg16WithTop(),
        "vgg16-torch" => TorchVgg16(),
        "alexnet" => TorchAlexNet(),
        "lab1-cam" => CamModel(LabCnn("lab1", [28, 28, 1], 10, Activation.Softmax), "lab1-cam"),
        "lab2-cam" => CamModel(LabCnn("lab2", [300, 300, 3], 1, Activation.Sigmoid), "lab2-cam"),
        "deconv-small" => DeconvSmall(),
        _ => throw new ArgumentException($"unknown model '{id}' (known: {string.Join(", ", Ids)})"),
    };

    /// <summary>Labs 1-3 (<c>Sequential</c>, named "sequential"): Conv(16)-Pool-Conv(32)-Pool-Conv(64)-Pool-Conv(128)-GAP-Dense,
    /// every conv 3×3 'same' ReLU, every pool 2×2 'valid'.</summary>
    public static ModelSpec LabCnn(string id, int[] input, int units, Activation head) => new(id, "sequential", ModelKind.Sequential, input,
    [
        new Conv2DSpec("conv2d", 16, 3), new MaxPooling2DSpec("max_pooling2d"),
        new Conv2DSpec("conv2d_1", 32, 3), new MaxPooling2DSpec("max_pooling2d_1"),
        new Conv2DSpec("conv2d_2", 64, 3), new MaxPooling2DSpec("max_pooling2d_2"),
        new Conv2DSpec("conv2d_3", 128, 3),
        new GlobalAveragePooling2DSpec("global_average_pooling2d"),
        new DenseSpec("dense", units, head),
    ]);

    /// <summary>The lab's <c>cam_model = Model(inputs=model.input, outputs=(model.layers[-3].output, model.layers[-1].output))</c>:
    /// the same layers, a Functional (with its InputLayer row), two outputs: conv2d_3's features and the predictions.
    /// Named "functional_9" as in the lab's printout (the suffix counts the session's earlier Functional models).</summary>
    public static ModelSpec CamModel(ModelSpec seq, string id)
    {
        var layers = new List<LayerSpec> { new InputSpec("input_layer", seq.InputShape) };
        layers.AddRange(seq.Layers);
        return new ModelSpec(id, "functional_9", ModelKind.Functional, seq.InputShape, layers, outputs: [seq.Layers[^3].Name, seq.Layers[^1].Name]);
    }

    static IEnumerable<LayerSpec> VggBlocks(int frozenBlocks)
    {
        int[] widths = [64, 128, 256, 512, 512];
        int[] convs = [2, 2, 3, 3, 3];
        for (int b = 0; b < 5; b++)
        {
            bool trainable = b >= frozenBlocks;
            for (int c = 0; c < convs[b]; c++)
                yield return new Conv2DSpec($"block{b + 1}_conv{c + 1}", widths[b], 3) { Trainable = trainable };
            yield return new MaxPooling2DSpec($"block{b + 1}_pool") { Trainable = trainable };
        }
    }

    /// <summary>Lab 4: the VGG16 conv base (block1_conv1 … block5_pool) + GAP + Dense(2, softmax), blocks 1-4 frozen.</summary>
    public static ModelSpec Lab4() => new("lab4", "functional", ModelKind.Functional, [224, 224, 3],
        new LayerSpec[] { new InputSpec("input_layer", [224, 224, 3]) }
            .Concat(VggBlocks(frozenBlocks: 4))
            .Append(new GlobalAveragePooling2DSpec("global_average_pooling2d"))
            .Append(new DenseSpec("dense", 2, Activation.Softmax)));

    /// <summary>Keras <c>VGG16(include_top=True)</c>: Functional "vgg16", Flatten in NHWC order, fc1/fc2 ReLU, softmax predictions.</summary>
    public static ModelSpec Vgg16WithTop() => new("vgg16", "vgg16", ModelKind.Functional, [224, 224, 3],
        new LayerSpec[] { new InputSpec("input_layer", [224, 224, 3]) }
            .Concat(VggBlocks(frozenBlocks: 0))
            .Append(new FlattenSpec("flatten"))
            .Append(new DenseSpec("fc1", 4096, Activation.Relu))
            .Append(new DenseSpec("fc2", 4096, Activation.Relu))
            .Append(new DenseSpec("predictions", 1000, Activation.Softmax)));

    /// <summary>torchvision <c>vgg16()</c>: features.0 … features.30, avgpool (7×7), classifier.0 … classifier.6.</summary>
    public static ModelSpec TorchVgg16()
    {
        var f = new List<LayerSpec>();
        int i = 0;
        foreach (var v in new[] { 64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512, -1 })
        {
            if (v < 0) f.Add(new TorchMaxPool2dSpec($"features.{i++}", 2, 2));
            else { f.Add(new TorchConv2dSpec($"features.{i++}", v, 3, 1, 1)); f.Add(new TorchReLUSpec($"features.{i++}")); }
        }
        f.Add(new TorchAdaptiveAvgPool2dSpec("avgpool", 7));
        f.Add(new TorchFlattenSpec("flatten"));
        f.AddRange([
            new TorchLinearSpec("classifier.0", 4096), new TorchReLUSpec("classifier.1"), new TorchDropoutSpec("classifier.2"),
            new TorchLinearSpec("classifier.3", 4096), new TorchReLUSpec("classifier.4"), new TorchDropoutSpec("classifier.5"),
            new TorchLinearSpec("classifier.6", 1000)]);
        return new ModelSpec("vgg16-torch", "VGG", ModelKind.Torchvision, [3, 224, 224], f, torchLayout: true);
    }

    /// <summary>torchvision <c>alexnet()</c>: features (conv 11/4/2, pool 3/2, conv 5/1/2, pool, conv 3×3 ×3, pool),
    /// avgpool (6×6), classifier (Dropout, Linear 9216→4096, ReLU, Dropout, Linear, ReLU, Linear → 1000).</summary>
    public static ModelSpec TorchAlexNet() => new("alexnet", "AlexNet", ModelKind.Torchvision, [3, 224, 224],
    [
        new TorchConv2dSpec("features.0", 64, 11, 4, 2), new TorchReLUSpec("features.1"), new TorchMaxPool2dSpec("features.2", 3, 2),
        new TorchConv2dSpec("features.3", 192, 5, 1, 2), new TorchReLUSpec("features.4"), new TorchMaxPool2dSpec("features.5", 3, 2),
        new TorchConv2dSpec("features.6", 384, 3, 1, 1), new TorchReLUSpec("features.7"),
        new TorchConv2dSpec("features.8", 256, 3, 1, 1), new TorchReLUSpec("features.9"),
        new TorchConv2dSpec("features.10", 256, 3, 1, 1), new TorchReLUSpec("features.11"), new TorchMaxPool2dSpec("features.12", 3, 2),
        new TorchAdaptiveAvgPool2dSpec("avgpool", 6), new TorchFlattenSpec("flatten"),
        new TorchDropoutSpec("classifier.0"), new TorchLinearSpec("classifier.1", 4096), new TorchReLUSpec("classifier.2"),
        new TorchDropoutSpec("classifier.3"), new TorchLinearSpec("classifier.4", 4096), new TorchReLUSpec("classifier.5"),
        new TorchLinearSpec("classifier.6", 1000),
    ], torchLayout: true);

    /// <summary>A small torchvision-layout conv net for the deconvnet goldens (3×16×16 input): conv 3→8 (3×3, pad 1), ReLU,
    /// max-pool 2/2, conv 8→16 (3×3, pad 1), ReLU, max-pool 3/2 (overlapping windows, as AlexNet's), → 16×3×3.</summary>
    public static ModelSpec DeconvSmall() => new("deconv-small", "DeconvSmall", ModelKind.Torchvision, [3, 16, 16],
    [
        new TorchConv2dSpec("features.0", 8, 3, 1, 1), new TorchReLUSpec("features.1"), new TorchMaxPool2dSpec("features.2", 2, 2),
        new TorchConv2dSpec("features.3", 16, 3, 1, 1), new TorchReLUSpec("features.4"), new TorchMaxPool2dSpec("features.5", 3, 2),
    ], torchLayout: true);
}
