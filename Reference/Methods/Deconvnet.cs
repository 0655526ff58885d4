using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods;

/// <summary>How a backward signal R passes a ReLU whose forward input was f (docs/methods/deconvnet.md).</summary>
public enum ReluBackwardRule
{
    /// <summary>Plain backprop: R·[f &gt; 0].</summary>
    Gradient,
    /// <summary>Zeiler &amp; Fergus's deconvnet: max(R, 0), whatever the forward sign.</summary>
    Deconvnet,
    /// <summary>Springenberg et al.'s guided backprop: R·[f &gt; 0]·[R &gt; 0].</summary>
    GuidedBackprop,
}

/// <summary>What is projected: one channel's whole map, or only its largest activation (first maximum in row-major order).</summary>
public enum ProjectionStart { FeatureMap, TopActivation }

/// <summary>
/// Projects an activation of a conv net (torchvision layout: Conv2d, ReLU, MaxPool2d in <c>features</c>) back to pixel
/// space — the deconvnet of Zeiler &amp; Fergus 2013 (arXiv 1311.2901 §2.1; seed 002's "Deconv for visualization"):
/// <code>
///   forward x → … → the layer, recording every ReLU's input f and every max-pool's switches (argmax per window)
///   R = the chosen channel's map (or its top activation), every other channel 0
///   backward, layer by layer:
///     max-pool   unpool with the switches: R goes to the argmax position; positions chosen by several
///                overlapping windows (AlexNet's 3×3 stride-2 pools) receive the SUM, as max-pool's gradient does
///     ReLU       the rule: gradient R·[f&gt;0] | deconvnet max(R, 0) | guided R·[f&gt;0]·[R&gt;0]
///     conv       conv_transpose2d(R, the same weights, stride, padding), no bias, sized to the conv's input
///                (written as col2im: cols = Wᵀ·R, fold)
///   → (1, 3, H, W)
/// </code>
/// Only the ReLU step differs between the three rules; with <see cref="ReluBackwardRule.Gradient"/> the result is
/// ∂(selected activations)/∂x. <c>nn.MaxUnpool2d</c> would overwrite instead of sum at shared switches (and in an
/// unspecified order); the two agree wherever pooling windows do not overlap (VGG's 2×2 stride-2).
/// </summary>
public static class Deconvnet
{
    public static NpyArray Project(SpecNet net, Tensor x, string layer, int channel, ProjectionStart start, ReluBackwardRule rule)
    {
        if (!net.Spec.IsTorchLayout) throw new ArgumentException($"model {net.Spec.Id} is not a torchvision-layout model");
        if (x.dim() != 4 || x.shape[0] != 1) throw new ArgumentException($"the projection takes one NCHW image, got {NpyArray.FormatShape(x.shape)}");
        int last = net.Spec.Layers.ToList().FindIndex(l => l.Name == layer);
        if (last < 0) throw new ArgumentException($"model {net.Spec.Id} has no layer '{layer}'");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var tape = new List<(LayerSpec Layer, Tensor Input, Tensor? Switches)>();
        var h = x;
        for (int i = 0; i <= last; i++)
        {
            var l = net.Spec.Layers[i];
            switch (l)
            {
                case TorchConv2dSpec c:
                    var ps = net.ParametersOf(l.Name);
                    tape.Add((l, h, null));
                    h = nn.functional.conv2d(c.Pad == 0 ? h : nn.functional.pad(h, [c.Pad, c.Pad, c.Pad, c.Pad]), ps[0], ps[1], strides: [c.Stride, c.Stride]);
                    break;
                case TorchReLUSpec:
                    tape.Add((l, h, null));
                    h = nn.functional.relu(h);
                    break;
                case TorchMaxPool2dSpec p:
                    var (pooled, idx) = nn.functional.max_pool2d_with_indices(h, [p.Kernel, p.Kernel], [p.Stride, p.Stride]);
                    tape.Add((l, h, idx));
                    h = pooled;
                    break;
                default:
                    throw new ArgumentException($"layer '{l.Name}' ({l.TypeName}) is not a conv, ReLU or max-pool: the projection runs inside 'features'");
            }
        }
        if (channel < 0 || channel >= h.shape[1]) throw new ArgumentOutOfRangeException(nameof(channel), channel, $"layer '{layer}' has {h.shape[1]} channels");
        var r = zeros_like(h);
        var map = h[0, channel];
        if (start == ProjectionStart.FeatureMap) r[0, channel] = map;
        else
        {
            long top = map.flatten().argmax().item<long>();   // first maximum in row-major order
            r[0, channel].view(-1)[top] = map.flatten()[top];
        }
        for (int i = tape.Count - 1; i >= 0; i--)
        {
            var (l, input, sw) = tape[i];
            r = l switch
            {
                TorchReLUSpec => rule switch
                {
                    ReluBackwardRule.Gradient => r * (input > 0),
                    ReluBackwardRule.Deconvnet => r.clamp_min(0f),
                    _ => r.clamp_min(0f) * (input > 0),
                },
                TorchMaxPool2dSpec => Unpool(r, sw!, input.shape),
                TorchConv2dSpec c => TransposedConv(r, net.ParametersOf(l.Name)[0], c, input.shape),
                _ => throw new InvalidOperationException(),
            };
        }
        return NpyTensor.ToNpy(r.contiguous());
    }

    /// <summary>Scatter-add of R to the switch positions within each (n, c) plane of the pool's input.</summary>
    static Tensor Unpool(Tensor r, Tensor switches, long[] inputShape)
    {
        var (n, c) = (inputShape[0], inputShape[1]);
        var flat = zeros(n, c, inputShape[2] * inputShape[3], dtype: r.dtype, device: r.device);
        flat.scatter_add_(2, switches.reshape(n, c, -1), r.reshape(n, c, -1));
        return flat.reshape(inputShape);
    }

    /// <summary>conv_transpose2d(R, W, stride, padding) sized to the conv's input, written as col2im: every output
    /// position spreads R·W over its k×k window (cols = Wᵀ·R, then fold sums the overlapping windows).</summary>
    static Tensor TransposedConv(Tensor r, Tensor weight, TorchConv2dSpec c, long[] inputShape)
    {
        long cout = weight.shape[0], cin = weight.shape[1], k = c.Kernel;
        var cols = weight.reshape(cout, cin * k * k).t().matmul(r.reshape(cout, -1));        // (cin·k·k, h·w)
        return nn.functional.fold(cols.unsqueeze(0), (inputShape[2], inputShape[3]), (k, k), padding: (c.Pad, c.Pad), stride: (c.Stride, c.Stride));
    }

    /// <summary>A projection (1, 3, H, W) as Zeiler &amp; Fergus display it: its three channels rescaled together to
    /// [0, 255], as an (H, W, 3) uint8 image (all zeros for a constant projection).</summary>
    public static NpyArray ToImage(NpyArray projection)
    {
        var p = projection.AsFloats();
        float lo = p.Min(), hi = p.Max();
        int h = (int)projection.Shape[2], w = (int)projection.Shape[3];
        var img = new byte[h * w * 3];
        for (int q = 0; q < h * w; q++)
            for (int c = 0; c < 3; c++) img[q * 3 + c] = (byte)(hi > lo ? 255f * (p[c * h * w + q] - lo) / (hi - lo) : 0f);
        return NpyArray.FromBytes(img, h, w, 3);
    }
}
