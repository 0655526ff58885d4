using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("tfkv_scorecam", "tf-keras-vis 0.8 Scorecam (Faster-Score-CAM with max_N): nearest-mode masks, softmax of every masked prediction, ReLU, normalize")]
public sealed class TfkvScoreCamAdapter : MethodAdapter<TfkvCamParams, ScoreCamSteps>
{
    public override ScoreCamSteps Compute(MethodContext context, TfkvCamParams p)
    {
        using var model = context.Model(p.Model, p.Weights, p.Linear);
        using var x = context.Tensor("x");
        return ScoreCam.Compute(model.Net, x, p.Layer(context.Case, model.Net.Spec), p.Indices, p.MaxN, keepMasks: context.Wants("masks"));
    }
}
