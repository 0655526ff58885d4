using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("tfkv_gradcampp", "tf-keras-vis 0.8 GradcamPlusPlus: exp(score), α with the map's ΣA, α normalised, w = Σ relu(d1)·α")]
public sealed class TfkvGradCamPlusPlusAdapter : MethodAdapter<TfkvCamParams, CamSteps>
{
    public override CamSteps Compute(MethodContext context, TfkvCamParams p)
    {
        using var model = context.Model(p.Model, p.Weights, p.Linear);
        using var x = context.Tensor("x");
        return GradCamPlusPlus.Compute(model.Net, x, p.Layer(context.Case, model.Net.Spec), p.Indices);
    }
}
