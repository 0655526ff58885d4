namespace KerasVis.Reference.Models;

/// <summary>What a layer is, independent of any backend: enough to compute Keras output shapes and parameter counts
/// and to build the TorchSharp module. Shapes are Keras channels-last <c>(H, W, C)</c> without the batch axis for the
/// Keras models, and PyTorch <c>(C, H, W)</c> for the torchvision-layout models.</summary>
public abstract record LayerSpec(string Name)
{
    /// <summary>The class name Keras (or torch) prints in the summary, e.g. <c>Conv2D</c>.</summary>
    public abstract string TypeName { get; }
    public bool Trainable { get; init; } = true;
    /// <param name="i">the input shape without the batch axis</param>
    public abstract int[] OutputShape(int[] i);
    public virtual long ParamCount(int[] i) => 0;
}

public enum Activation { Linear, Relu, Softmax, Sigmoid }

/// <summary>Keras padding: <c>same</c> (TF SAME, output ceil(in/s)) or <c>valid</c> (no padding).</summary>
public enum Padding { Same, Valid }

/// <summary>Keras <c>InputLayer</c>: no computation; listed by Functional models, omitted by Sequential.</summary>
public sealed record InputSpec(string Name, int[] Shape) : LayerSpec(Name)
{
    public override string TypeName => "InputLayer";
    public override int[] OutputShape(int[] i) => Shape;
}

/// <summary>Keras <c>Conv2D(filters, k, strides=1, padding='same'|'valid', activation)</c>, channels-last.
/// SAME (TF <c>GetWindowedOutputSizeVerbose</c>): out = ceil(in/s), pad_total = max(0,(out−1)s + k − in), the odd pixel
/// bottom/right. VALID: out = floor((in − k)/s) + 1. Params = k·k·Cin·filters + filters.</summary>
public sealed record Conv2DSpec(string Name, int Filters, int Kernel, Padding Padding = Padding.Same, Activation Activation = Activation.Relu,
    int Stride = 1) : LayerSpec(Name)
{
    public override string TypeName => "Conv2D";
    public override int[] OutputShape(int[] i) => [KerasGeometry.Out(i[0], Kernel, Stride, Padding), KerasGeometry.Out(i[1], Kernel, Stride, Padding), Filters];
    public override long ParamCount(int[] i) => (long)Kernel * Kernel * i[2] * Filters + Filters;
}

/// <summary>Keras <c>MaxPooling2D(pool_size=p, strides=None→p, padding='valid')</c>: out = floor((in − p)/s) + 1,
/// so 7 → 3 and 75 → 37 (the last row/column is dropped).</summary>
public sealed record MaxPooling2DSpec(string Name, int Pool = 2, int Stride = 2) : LayerSpec(Name)
{
    public override string TypeName => "MaxPooling2D";
    public override int[] OutputShape(int[] i) => [KerasGeometry.Out(i[0], Pool, Stride, Padding.Valid), KerasGeometry.Out(i[1], Pool, Stride,
        Padding.Valid), i[2]];
}

public sealed record GlobalAveragePooling2DSpec(string Name) : LayerSpec(Name)
{
    public override string TypeName => "GlobalAveragePooling2D";
    public override int[] OutputShape(int[] i) => [i[2]];
}

/// <summary>Keras <c>Flatten</c>, channels-last: plain row-major reshape, flat = (h·W + w)·C + c.</summary>
public sealed record FlattenSpec(string Name) : LayerSpec(Name)
{
    public override string TypeName => "Flatten";
    public override int[] OutputShape(int[] i) => [i.Aggregate(1, (a, b) => a * b)];
}

/// <summary>Keras <c>Dense(units, activation)</c>: kernel [in, out] + bias. Params = in·units + units.</summary>
public sealed record DenseSpec(string Name, int Units, Activation Activation = Activation.Linear) : LayerSpec(Name)
{
    public override string TypeName => "Dense";
    public override int[] OutputShape(int[] i) => [Units];
    public override long ParamCount(int[] i) => (long)i[^1] * Units + Units;
}

// ---- torchvision-layout layers (NCHW shapes (C, H, W), torch class names) ----

/// <summary>torch <c>Conv2d(in, out, k, stride, padding)</c>: out = floor((in + 2p − k)/s) + 1.</summary>
public sealed record TorchConv2dSpec(string Name, int OutChannels, int Kernel, int Stride, int Pad) : LayerSpec(Name)
{
    public override string TypeName => "Conv2d";
    public override int[] OutputShape(int[] i) => [OutChannels, (i[1] + 2 * Pad - Kernel) / Stride + 1, (i[2] + 2 * Pad - Kernel) / Stride + 1];
    public override long ParamCount(int[] i) => (long)Kernel * Kernel * i[0] * OutChannels + OutChannels;
}

public sealed record TorchReLUSpec(string Name) : LayerSpec(Name)
{
    public override string TypeName => "ReLU";
    public override int[] OutputShape(int[] i) => i;
}

/// <summary>torch <c>MaxPool2d(k, s)</c> (floor mode): out = floor((in − k)/s) + 1.</summary>
public sealed record TorchMaxPool2dSpec(string Name, int Kernel, int Stride) : LayerSpec(Name)
{
    public override string TypeName => "MaxPool2d";
    public override int[] OutputShape(int[] i) => [i[0], (i[1] - Kernel) / Stride + 1, (i[2] - Kernel) / Stride + 1];
}

/// <summary>torch <c>AdaptiveAvgPool2d((h, w))</c>: bin i spans [floor(i·in/out), ceil((i+1)·in/out)).</summary>
public sealed record TorchAdaptiveAvgPool2dSpec(string Name, int Size) : LayerSpec(Name)
{
    public override string TypeName => "AdaptiveAvgPool2d";
    public override int[] OutputShape(int[] i) => [i[0], Size, Size];
}

/// <summary>The <c>torch.flatten(x, 1)</c> between avgpool and classifier in torchvision's forward (no module there;
/// listed so the shapes read through). NCHW order: flat = c·H·W + h·W + w.</summary>
public sealed record TorchFlattenSpec(string Name) : LayerSpec(Name)
{
    public override string TypeName => "Flatten";
    public override int[] OutputShape(int[] i) => [i.Aggregate(1, (a, b) => a * b)];
}

public sealed record TorchDropoutSpec(string Name) : LayerSpec(Name)
{
    public override string TypeName => "Dropout";
    public override int[] OutputShape(int[] i) => i;
}

public sealed record TorchLinearSpec(string Name, int OutFeatures) : LayerSpec(Name)
{
    public override string TypeName => "Linear";
    public override int[] OutputShape(int[] i) => [OutFeatures];
    public override long ParamCount(int[] i) => (long)i[^1] * OutFeatures + OutFeatures;
}

public static class KerasGeometry
{
    /// <summary>Output length of a window op: TF SAME = ceil(in/s); VALID = floor((in − k)/s) + 1.</summary>
    public static int Out(int input, int k, int s, Padding padding) => padding switch
    {
        Padding.Same => (input + s - 1) / s,
        _ => input < k ? throw new ArgumentException($"window {k} does not fit input length {input} with padding 'valid'") : (input - k) / s + 1,
    };

    /// <summary>TF SAME padding (before, after): the odd pixel goes after (bottom/right).</summary>
    public static (int Before, int After) SamePadding(int input, int k, int s)
    {
        int o = (input + s - 1) / s;
        int total = Math.Max(0, (o - 1) * s + k - input);
        return (total / 2, total - total / 2);
    }
}
