using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.Reference.Models;

/// <summary>
/// A TorchSharp network built from a <see cref="ModelSpec"/>. Keras models take and return channels-last tensors
/// (N, H, W, C) at the API boundary and compute in NCHW inside; torchvision-layout models are NCHW throughout.
/// Parameters are registered under the Keras layer names (<c>conv2d.weight</c>) or torchvision's state_dict keys
/// (<c>features.0.weight</c>), in torch layouts (conv OIHW, linear [out, in]).
/// </summary>
public sealed partial class SpecNet : nn.Module<Tensor, Tensor>
{
    public ModelSpec Spec { get; }
    readonly List<(LayerRow Row, nn.Module? Module)> steps = new();

    /// <summary>A network with libtorch's default random initialisation (what a fresh torch module holds): for tests of
    /// shapes and wiring. Models that get weights are built with <see cref="Unloaded"/>.</summary>
    public SpecNet(ModelSpec spec) : this(spec, null) { }

    /// <summary>A network whose parameters are placeholders on libtorch's <c>meta</c> device (shapes only: no memory, no
    /// random initialisation); a loader then puts the real tensors in place. Running it before loading is an error.</summary>
    public static SpecNet Unloaded(ModelSpec spec) => new(spec, META);

    SpecNet(ModelSpec spec, Device? device) : base(spec.Id)
    {
        Spec = spec;
        var groups = new Dictionary<string, List<(string, nn.Module<Tensor, Tensor>)>>();
        foreach (var row in spec.Rows)
        {
            nn.Module? m = row.Layer switch
            {
                Conv2DSpec c => nn.Conv2d(row.InputShape[2], c.Filters, c.Kernel, stride: c.Stride, padding: 0L, device: device),
                DenseSpec d => nn.Linear(row.InputShape[^1], d.Units, device: device),
                // padding applied explicitly in Apply: libtorch 2.10 logs an NNPACK warning for every padded CPU conv on CPUs without NNPACK
                TorchConv2dSpec c => nn.Conv2d(row.InputShape[0], c.OutChannels, c.Kernel, stride: c.Stride, padding: 0L, device: device),
                TorchLinearSpec l => nn.Linear(row.InputShape[^1], l.OutFeatures, device: device),
                TorchReLUSpec => nn.ReLU(inplace: false), // never in-place: an in-place ReLU overwrites captured activations
                TorchMaxPool2dSpec p => nn.MaxPool2d(p.Kernel, p.Stride),
                TorchAdaptiveAvgPool2dSpec a => nn.AdaptiveAvgPool2d(a.Size),
                TorchDropoutSpec => nn.Dropout(0.5),
                _ => null,
            };
            steps.Add((row, m));
            if (m is null) continue;
            if (spec.IsTorchLayout && row.Layer.Name.Contains('.'))
            {
                var parts = row.Layer.Name.Split('.', 2);
                if (!groups.TryGetValue(parts[0], out var list)) groups[parts[0]] = list = new();
                list.Add((parts[1], (nn.Module<Tensor, Tensor>)m));
            }
            else register_module(row.Layer.Name, m);
        }
        foreach (var (group, mods) in groups) register_module(group, nn.Sequential(mods.ToArray()));
        foreach (var (row, _) in steps)
            if (!row.Layer.Trainable)
                foreach (var p in ParametersOf(row.Layer.Name)) p.requires_grad = false;
        eval();
    }

    /// <summary>The parameters of one layer, weight first then bias (empty for layers without weights).</summary>
    public IReadOnlyList<TorchSharp.Modules.Parameter> ParametersOf(string layerName)
    {
        var m = steps.FirstOrDefault(s => s.Row.Layer.Name == layerName).Module;
        return m is null ? [] : m.parameters().ToList();
    }

    public override Tensor forward(Tensor x) => Through(x, steps.Count - 1, release: false);

    /// <summary>Every layer's output, keyed by layer name; 4-D outputs of Keras models are channels-last (N, H, W, C),
    /// the layout Keras's <c>Model(inputs, [layer.output …])</c> returns. Tensors stay in the autograd graph.</summary>
    public Dictionary<string, Tensor> ForwardAll(Tensor x)
    {
        CheckInput(x);
        var outs = new Dictionary<string, Tensor>();
        var h = Inside(x);
        foreach (var (row, m) in steps)
        {
            h = Apply(row, m, h);
            outs[row.Layer.Name] = !Spec.IsTorchLayout && h.dim() == 4 ? h.permute(0, 2, 3, 1) : h;
        }
        return outs;
    }

    /// <summary>The model's output for inference (call under <c>no_grad</c>): the same operations as <see cref="forward"/>,
    /// but each layer runs in a dispose scope of its own and the previous layer's output is freed as soon as the next
    /// exists, so memory holds about two layers' activations of the batch instead of every layer's.</summary>
    public Tensor Infer(Tensor x) => Through(x, steps.Count - 1, release: true);

    /// <summary>The output of <paramref name="layerName"/> (channels-last for Keras models), running only the layers up
    /// to it: what <c>Model(inputs, layer.output)</c> returns. Tensors stay in the autograd graph.</summary>
    public Tensor ForwardTo(string layerName, Tensor x) => Through(x, IndexOf(layerName), release: false);

    /// <summary>Layers 0 … <paramref name="last"/> applied to x (NHWC → NCHW inside for Keras models, the result back
    /// channels-last). With <paramref name="release"/> each layer runs in its own dispose scope and the previous
    /// layer's output is freed once the next exists (inference only: the autograd graph would need them).</summary>
    Tensor Through(Tensor x, int last, bool release)
    {
        CheckInput(x);
        var h = Inside(x);
        bool owned = !ReferenceEquals(h, x);
        for (int k = 0; k <= last; k++)
        {
            var (row, m) = steps[k];
            if (!release) { h = Apply(row, m, h); continue; }
            Tensor next;
            using (var layer = NewDisposeScope()) next = Apply(row, m, h).MoveToOuterDisposeScope();
            if (owned && !ReferenceEquals(next, h)) h.Dispose();
            owned = !ReferenceEquals(next, x);
            h = next;
        }
        return !Spec.IsTorchLayout && h.dim() == 4 ? h.permute(0, 2, 3, 1) : h;
    }

    /// <summary>The model's forward with some layers replaced (the backward-rule seam: guided backprop swaps every ReLU
    /// for one with its own backward); <paramref name="replace"/> returns the layer's output, or null to run it as is.</summary>
    public Tensor ForwardReplacing(Tensor x, Func<LayerSpec, Tensor, Tensor?> replace)
    {
        CheckInput(x);
        var h = Inside(x);
        foreach (var (row, m) in steps) h = replace(row.Layer, h) ?? Apply(row, m, h);
        return !Spec.IsTorchLayout && h.dim() == 4 ? h.permute(0, 2, 3, 1) : h;
    }

    /// <summary>
    /// The one gradient-capture seam every gradient method uses (Keras's <c>GradientTape</c> over
    /// <c>Model(inputs, [layer.output, model.output])</c>; pytorch-grad-cam's activations-and-gradients hook):
    /// <code>
    ///   A = layer's output for x (no autograd: the layers up to it run once)      layer = null: A = x itself
    ///   y = the head applied to A (the layers after it run once)
    ///   s = score(y);   g = ∂(Σ s)/∂A
    /// </code>
    /// Call inside a dispose scope; the tensors returned belong to it.
    /// </summary>
    public LayerGradient GradientAt(Tensor x, string? layerName, Func<Tensor, Tensor> score)
    {
        Tensor a;
        if (layerName is null) a = x.detach().clone();
        else using (no_grad()) a = ForwardTo(layerName, x).detach().contiguous();
        a.requires_grad_(true);
        var output = layerName is null ? forward(a) : ForwardFrom(layerName, a);
        var s = score(output);
        var g = autograd.grad([s.sum()], [a])[0];
        return new LayerGradient(a.detach(), output.detach(), s.detach(), g);
    }

    int IndexOf(string layerName)
    {
        int i = steps.FindIndex(s => s.Row.Layer.Name == layerName);
        return i >= 0 ? i : throw new ArgumentException($"model {Spec.Id} has no layer '{layerName}' " +
            $"(layers: {string.Join(", ", steps.Select(s => s.Row.Layer.Name))})");
    }

    /// <summary>The model's head: the layers after <paramref name="layerName"/> applied to <paramref name="layerOutput"/>
    /// (that layer's output, channels-last for Keras models), returning the final output. Differentiating the result
    /// with respect to <paramref name="layerOutput"/> is Keras's <c>tape.gradient(score, conv_output)</c>.</summary>
    public Tensor ForwardFrom(string layerName, Tensor layerOutput)
    {
        int i = IndexOf(layerName);
        var h = !Spec.IsTorchLayout && layerOutput.dim() == 4 ? layerOutput.permute(0, 3, 1, 2) : layerOutput;
        for (int k = i + 1; k < steps.Count; k++) h = Apply(steps[k].Row, steps[k].Module, h);
        return h;
    }

    /// <summary>The input as the layers compute it: NCHW in shape with channels-last strides (NHWC in memory), the layout
    /// oneDNN's convolutions run fastest in and keep from layer to layer (measured on VGG16 and AlexNet, 2 threads: plain
    /// NCHW costs 20–30 % more per forward). For Keras models that is the channels-last input seen through a permute, no copy.</summary>
    Tensor Inside(Tensor x)
    {
        if (!Spec.IsTorchLayout) return x.permute(0, 3, 1, 2);
        var nhwc = x.permute(0, 2, 3, 1);
        return nhwc.is_contiguous() ? x : nhwc.contiguous().permute(0, 3, 1, 2);
    }

    static Tensor Apply(LayerRow row, nn.Module? m, Tensor h) => row.Layer switch
    {
        InputSpec => h,
        Conv2DSpec c => Activate(Convolve(h, (TorchSharp.Modules.Conv2d)m!, c), c.Activation),
        MaxPooling2DSpec p => nn.functional.max_pool2d(h, p.Pool, p.Stride),
        GlobalAveragePooling2DSpec => h.mean([2L, 3L]),
        FlattenSpec => h.permute(0, 2, 3, 1).reshape(h.shape[0], -1), // Keras channels-last order: (h·W + w)·C + c
        DenseSpec d => Activate(((nn.Module<Tensor, Tensor>)m!).call(h), d.Activation),
        TorchConv2dSpec c => Convolve(h, (TorchSharp.Modules.Conv2d)m!, c.Stride, c.Pad, c.Pad),
        TorchFlattenSpec => h.flatten(1),
        _ => ((nn.Module<Tensor, Tensor>)m!).call(h),
    };

    /// <summary>A Keras convolution: 'same' padding is symmetric except where the input's size and the stride leave one
    /// more row or column at the bottom or right (then padded explicitly first, as Keras does).</summary>
    static Tensor Convolve(Tensor h, TorchSharp.Modules.Conv2d conv, Conv2DSpec c)
    {
        if (c.Padding != Padding.Same) return Convolve(h, conv, c.Stride, 0, 0);
        var (top, bottom) = KerasGeometry.SamePadding((int)h.shape[2], c.Kernel, c.Stride);
        var (left, right) = KerasGeometry.SamePadding((int)h.shape[3], c.Kernel, c.Stride);
        if (top == bottom && left == right) return Convolve(h, conv, c.Stride, top, left);
        return Convolve(nn.functional.pad(h, [left, right, top, bottom]), conv, c.Stride, 0, 0);
    }

    /// <summary>The convolution with its zero padding done by the kernel (no padded copy of the input; with libtorch's
    /// oneDNN convolutions this is the same sum over the same taps as padding first).</summary>
    static Tensor Convolve(Tensor h, TorchSharp.Modules.Conv2d conv, long stride, long padH, long padW) =>
        nn.functional.conv2d(h, conv.weight!, conv.bias, strides: [stride, stride], padding: [padH, padW]);

    /// <summary>A Keras layer's activation on the fresh output of its convolution or matrix product: ReLU in place (that
    /// output is seen by nothing else, and neither product's backward needs it).</summary>
    static Tensor Activate(Tensor t, Activation a) => a switch
    {
        Activation.Relu => t.relu_(),
        Activation.Softmax => nn.functional.softmax(t, -1),
        Activation.Sigmoid => nn.functional.sigmoid(t),
        _ => t,
    };

    void CheckInput(Tensor x)
    {
        var want = Spec.InputShape;
        var first = parameters().FirstOrDefault();
        if (first?.device_type == DeviceType.META) throw new InvalidOperationException($"model {Spec.Id} has no weights loaded");
        var type = first?.dtype ?? ScalarType.Float32;   // float32, or float64 once .to(float64)
        bool ok = x.dim() == 4 && x.dtype == type &&
                  (Spec.IsTorchLayout ? x.shape[1] == want[0] : x.shape[3] == want[2]);
        if (!ok)
            throw new ArgumentException($"model {Spec.Id} expects {(type == ScalarType.Float64 ? "float64" : "float32")} input of shape " +
                $"(N, {string.Join(", ", want)}), got {x.dtype} {NpyArray.FormatShape(x.shape)}");
    }
}
