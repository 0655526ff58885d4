using KerasVis.Conformance.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>An adapter whose method <c>conformance explain</c> can draw. <c>explain --method</c> lists every adapter that
/// implements it (<see cref="MethodRegistry.Explainers"/>): adding a drawable method is implementing this on its adapter,
/// with no list or switch to edit in the CLI.</summary>
public interface IExplainer
{
    /// <summary>The <c>--method</c> value (gradcam, saliency, gradcam-torch …).</summary>
    string ExplainName { get; }

    /// <summary>Which models it takes and how the image is prepared: the Keras labs' (load_img + preprocess_input) or the
    /// PyTorch report's torchvision models (preprocess_image, several side by side).</summary>
    ExplainModels Models { get; }

    /// <summary>Keras models only: whether the head is made linear (tf-keras-vis's ReplaceToLinear) before the call.</summary>
    bool Linear { get; }

    /// <summary>The layer the method reads when <c>--layer</c> does not name one ("input" for input gradients).</summary>
    string DefaultLayer(ModelSpec spec);

    /// <summary>The picture for one image: a map to draw as a heatmap over the image, or an RGB image drawn as it is.</summary>
    ExplainPicture Explain(ExplainRequest r);
}

public enum ExplainModels { KerasLab, TorchReport }

/// <summary>What the command hands an explainer: the model, the prepared input (batch of one), the layer, the class
/// (null: the method's own default, e.g. the argmax) and the command's method options.</summary>
public sealed record ExplainRequest(SpecNet Net, Tensor Input, string Layer, int? Class, ExplainOptions Options);

/// <summary>explain's method options: Score-CAM's max_N and progress, SmoothGrad's samples and seed.</summary>
public sealed record ExplainOptions(int? MaxN = null, int Samples = 20, int Seed = 0, Action<long, long>? Progress = null);

/// <summary>An explainer's result: <see cref="Map"/> is float32 (H, W) in [0, 1] (a heatmap, <see cref="IsHeatmap"/>) or
/// uint8 (H, W, 3) drawn as it is; <see cref="Title"/> and <see cref="Detail"/> are caption lines (what was drawn, for
/// which class or channel; null where the command's own class line says it).</summary>
public sealed record ExplainPicture(NpyArray Map, bool IsHeatmap, string Title, string? Detail = null);

/// <summary>The defaults of a tf-keras-vis method drawn on a Keras lab model: ReplaceToLinear, and the penultimate
/// layer tf-keras-vis finds from <c>penultimate_layer=-1</c> (the last convolution).</summary>
public interface IKerasExplainer : IExplainer
{
    ExplainModels IExplainer.Models => ExplainModels.KerasLab;
    bool IExplainer.Linear => true;
    string IExplainer.DefaultLayer(ModelSpec spec) => Reference.Methods.TfKerasVis.Plumbing.SeekPenultimateConv(spec, -1);
}
