using KerasVis.Conformance.Methods;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Methods;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record TorchGradCamParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("the target layer (a torchvision state_dict prefix such as features.29)")] string Layer,
    [Param("where the ReLU goes: after the resize (the report) or before it (jacobgil / pytorch-grad-cam)")] TorchCamOrder Order,
    [Param("the class to explain; null = argmax of the logits", Min = 0)] int? ClassIndex = null,
    [Param("reproduce torchvision's in-place ReLU overwriting the captured conv output")] bool InplaceRelu = true) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => ModelParams.Problems(Model, Weights);
}

[Method("torch_gradcam", "Grad-CAM as the PyTorch report computes it on torchvision AlexNet / VGG-16 (weighted SUM, cv2 resize, min-max without ε)",
    Kind = MethodKind.ClassActivationMap, Page = "gradcam.md")]
public sealed class TorchGradCamAdapter : MethodAdapter<TorchGradCamParams, TorchGradCamResult>, IExplainer
{
    public override TorchGradCamResult Compute(MethodContext context, TorchGradCamParams p)
    {
        using var model = context.Model(p.Model, p.Weights);
        using var x = context.Tensor("x");
        return TorchGradCam.Compute(model.Net, x, p.Layer, p.ClassIndex, p.Order, p.InplaceRelu);
    }

    public string ExplainName => "gradcam-torch";
    public ExplainModels Models => ExplainModels.TorchReport;
    public bool Linear => false;
    public string DefaultLayer(ModelSpec spec) => spec.Id == "alexnet" ? "features.11" : "features.29";   // the last conv block's ReLU

    /// <summary>The report's order: resize, then ReLU (seed 004).</summary>
    public ExplainPicture Explain(ExplainRequest r)
    {
        var g = TorchGradCam.Compute(r.Net, r.Input, r.Layer, r.Class, TorchCamOrder.ResizeThenRelu);
        return new(g.Cam, true, $"grad-cam {r.Layer}", $"{g.ClassIndex} {ImagenetUtils.ClassIndex[g.ClassIndex].Name}");
    }
}
