using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("tfkv_gradcam", "tf-keras-vis 0.8 Gradcam: channel weights = mean gradient, SUM over channels, ReLU, order-1 zoom, per-sample normalize")]
public sealed class TfkvGradCamAdapter : MethodAdapter<TfkvCamParams, CamSteps>
{
    public override CamSteps Compute(MethodContext context, TfkvCamParams p)
    {
        using var model = context.Model(p.Model, p.Weights, p.Linear);
        using var x = context.Tensor("x");
        return GradCam.Compute(model.Net, x, p.Layer(context.Case, model.Net.Spec), p.Indices);
    }
}
