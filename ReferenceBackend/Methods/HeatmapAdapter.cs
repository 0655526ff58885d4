using KerasVis.Conformance.Imaging;
using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record HeatmapParams([Param("the overlay's weight of the heatmap: alpha·heat + (1 − alpha)·image", Min = 0, Max = 1)] double Alpha = 0.5);

public sealed record HeatmapOutputs(
    [Output("uint8", "map's shape + (3,)", "np.uint8(cm.jet(map)[..., :3] · 255)")] NpyArray Heatmap,
    [Output("uint8", "image's shape", "the heatmap blended over the input image (when an image is given)")] NpyArray? Overlay);

[Method("jet_heatmap", "matplotlib's cm.jet as the labs colour maps (bit for bit), and the heatmap overlay (inputs map, optional image)", Page = "heatmap.md")]
public sealed class HeatmapAdapter : MethodAdapter<HeatmapParams, HeatmapOutputs>
{
    public override bool RunsOnDevice => false;
    public override HeatmapOutputs Compute(MethodContext context, HeatmapParams p)
    {
        var heat = Jet.Heatmap(context.Input("map"));
        return new(heat, context.Inputs.TryGetValue("image", out var img) ? Jet.Overlay(heat, img, p.Alpha) : null);
    }
}
