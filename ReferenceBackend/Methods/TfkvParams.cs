using System.Text.Json;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>The parameters every tf-keras-vis CAM method takes (Gradcam, GradcamPlusPlus, Layercam, Scorecam): the
/// model, the score and the penultimate layer. Score-CAM's own <c>max_N</c> is in <see cref="TfkvScoreCamParams"/>.</summary>
[Part]
public sealed record TfkvCamParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("CategoricalScore's class index per sample (one index is repeated for every sample)")] int[] Indices,
    [Param("tf-keras-vis's penultimate_layer: an index into model.layers (−1 = last) or a layer name; the search walks back to the first convolution",
        Type = "integer or string")] JsonElement PenultimateLayer,
    [Param("the layer penultimate_layer resolves to (checked)")] string ResolvedLayer,
    [Param("ReplaceToLinear: scores on the logits instead of the output activation")] bool Linear = false) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        foreach (var p in ModelParams.Problems(Model, Weights)) yield return p;
        if (PenultimateLayer.ValueKind is not (JsonValueKind.Number or JsonValueKind.String) ||
            (PenultimateLayer.ValueKind == JsonValueKind.Number && !PenultimateLayer.TryGetInt32(out _)))
            yield return ("penultimate_layer", $"must be an integer or a layer name, got {PenultimateLayer.GetRawText()}");
        if (Indices.Length == 0 || Indices.Any(i => i < 0)) yield return ("indices", "must hold at least one non-negative class index");
    }

    /// <summary>The penultimate layer resolved on the model, checked against <see cref="ResolvedLayer"/>.</summary>
    public string Layer(GoldenCase c, ModelSpec spec)
    {
        object start = PenultimateLayer.ValueKind == JsonValueKind.Number ? PenultimateLayer.GetInt32() : PenultimateLayer.GetString()!;
        var layer = Plumbing.SeekPenultimateConv(spec, start);
        return layer == ResolvedLayer ? layer
            : throw new GoldenFormatException(c.ManifestPath,
                $"method.params.resolved_layer: penultimate_layer {start} resolves to '{layer}', the manifest says '{ResolvedLayer}'");
    }
}

/// <summary>tf-keras-vis <c>Scorecam</c>'s parameters: the CAM parameters and <c>max_N</c> (Faster-Score-CAM).</summary>
public sealed record TfkvScoreCamParams(
    TfkvCamParams Cam,
    [property: System.Text.Json.Serialization.JsonPropertyName("max_N")]
    [Param("keep the max_N channels of largest std (Faster-Score-CAM); null keeps all", Min = 1)] int? MaxN = null);
