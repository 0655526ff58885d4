using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record DlaiCamParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("the lab's zoom factors (H/h, W/w, 1); must equal what the shapes give")] double[] Zoom,
    [Param("scipy.ndimage.zoom's spline order (the labs use 2)", Min = 0, Max = 3)] int ZoomOrder = 2) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => ModelParams.Problems(Model, Weights);
}

/// <remarks>The features layer is not a parameter: it is always <c>model.layers[-3]</c>, the Conv2D the GAP averages.</remarks>
[Method("dlai_cam", "Class Activation Mapping as the DeepLearning.AI CAM labs compute it (zoom order 2, dot with the Dense kernel, no ReLU)",
    Kind = MethodKind.ClassActivationMap, Page = "cam.md")]
public sealed class DlaiCamAdapter : MethodAdapter<DlaiCamParams, CamResult>
{
    public override CamResult Compute(MethodContext context, DlaiCamParams p)
    {
        using var model = context.Model(p.Model, p.Weights);
        using var x = context.Tensor("x");
        var r = ClassActivationMap.Compute(model.Net, x, p.ZoomOrder, context.Wants("zoomed"));
        var f = r.Features.Shape;
        double[] derived = [(double)x.shape[1] / f[1], (double)x.shape[2] / f[2], 1.0];
        if (!p.Zoom.SequenceEqual(derived))
            throw new GoldenFormatException(context.Case.ManifestPath,
                $"method.params.zoom: [{string.Join(", ", p.Zoom)}] is not (H/h, W/w, 1) = [{string.Join(", ", derived)}]");
        return r;
    }
}
