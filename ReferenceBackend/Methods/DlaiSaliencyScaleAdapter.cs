using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>The scaling step takes no parameters.</summary>
public sealed record NoParams;

public sealed record SaliencyScaleOutputs(
    [Output("float32", "grayscale's shape", "255 · (gray − min) / (max − min), min and max over the whole array")] NpyArray Scaled,
    [Output("uint8", "grayscale's shape, squeezed", "uint8(scaled): truncation, NaN → 0")] NpyArray Normalized);

[Method("dlai_saliency_scale", "The DLAI saliency lab's post-processing alone: global min-max to [0, 255] and the truncating uint8 cast (input grayscale)",
    Page = "saliency.md")]
public sealed class DlaiSaliencyScaleAdapter : MethodAdapter<NoParams, SaliencyScaleOutputs>
{
    public override SaliencyScaleOutputs Compute(MethodContext context, NoParams p)
    {
        using var gray = context.Tensor("grayscale");
        var (scaled, u8) = DlaiSaliency.Scale(gray);
        return new(scaled, u8);
    }
}
