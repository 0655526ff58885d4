using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("tfkv_scorecam", "tf-keras-vis 0.8 Scorecam (Faster-Score-CAM with max_N): nearest-mode masks, softmax of every masked prediction, ReLU, normalize",
    Kind = MethodKind.ClassActivationMap, Page = "score-cam.md")]
public sealed class TfkvScoreCamAdapter : MethodAdapter<TfkvScoreCamParams, ScoreCamSteps>, IKerasExplainer
{
    public override ScoreCamSteps Compute(MethodContext context, TfkvScoreCamParams p)
    {
        var cam = p.Cam;
        using var model = context.Model(cam.Model, cam.Weights, cam.Linear);
        using var x = context.Tensor("x");
        return ScoreCam.Compute(model.Net, x, cam.Layer(context.Case, model.Net.Spec), cam.Indices, p.MaxN, keepMasks: context.Wants("masks"));
    }

    public string ExplainName => "scorecam";
    bool IExplainer.Linear => false;   // Scorecam(model): no model modifier, the scores are softmax probabilities
    public ExplainPicture Explain(ExplainRequest r) => new(ScoreCam.Compute(r.Net, r.Input, r.Layer, [r.Class!.Value], r.Options.MaxN,
        keepMasks: false, progress: r.Options.Progress).Maps.Cam, true, $"scorecam {r.Layer}");
}
