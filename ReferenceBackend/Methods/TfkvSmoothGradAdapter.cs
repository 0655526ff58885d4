using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("tfkv_smoothgrad", "tf-keras-vis 0.8 SmoothGrad: the mean of |∂score/∂(X + σ·z_s)| over the given standard-normal draws z (input noise), MAX over channels, normalize")]
public sealed class TfkvSmoothGradAdapter : MethodAdapter<TfkvSaliencyParams, SaliencySteps>
{
    public override SaliencySteps Compute(MethodContext context, TfkvSaliencyParams p)
    {
        var noise = context.Input("noise");
        if (p.SmoothSamples != noise.Shape[0])
            throw new GoldenFormatException(context.Case.ManifestPath, $"method.params.smooth_samples: {p.SmoothSamples} differs from the noise input's {noise.Shape[0]} draws");
        using var model = context.Model(p.Model, p.Weights, p.Linear);
        using var x = context.Tensor("x");
        return Saliency.SmoothGrad(model.Net, x, p.Indices, noise, (float)p.SmoothNoise);
    }
}
