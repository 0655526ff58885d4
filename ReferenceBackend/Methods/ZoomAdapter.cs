using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Numerics;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record ZoomParams(
    [Param("the zoom factor per axis (output size = round(input size × zoom))")] double[] Zoom,
    [Param("the spline order (4 and 5 are not part of the spec: no lab uses them)", Min = 0, Max = 3)] int Order,
    [Param("how points outside the input are filled")] ZoomMode Mode = ZoomMode.Constant,
    [Param("the fill value of mode 'constant'")] double Cval = 0.0);

public sealed record ZoomOutputs([Output("float32 or float64 (as x)", "x's shape × zoom, rounded",
    "scipy.ndimage.zoom(x, zoom, order, mode, cval) as SciPy 1.10.1")] NpyArray Zoomed);

[Method("spline_zoom", "scipy.ndimage.zoom (SciPy 1.10.1, prefilter on, grid_mode off), bit for bit", Page = "spline-zoom.md")]
public sealed class ZoomAdapter : MethodAdapter<ZoomParams, ZoomOutputs>
{
    public override bool RunsOnDevice => false;
    public override ZoomOutputs Compute(MethodContext context, ZoomParams p) =>
        new(SplineZoom.Zoom(context.Input("x"), p.Zoom, p.Order, p.Mode, p.Cval));
}
