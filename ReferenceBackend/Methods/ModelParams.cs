using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>The checks every model-taking parameter record shares: the model id is one of the lab models.</summary>
static class ModelParams
{
    public static IEnumerable<(string Key, string Problem)> Problems(string modelId, WeightsSpec weights, string key = "model")
    {
        if (!ModelZoo.Ids.Contains(modelId)) yield return (key, $"unknown model '{modelId}' (models: {string.Join(", ", ModelZoo.Ids)})");
        foreach (var p in weights.Problems()) yield return p;
    }

    public const string ModelDoc = "the lab model (`conformance summary` lists them)";
    public const string WeightsDoc = "the model's weights: {kind: hash, seed} | {kind: npy, dir} | {kind: h5, file} | {kind: state_dict, dir}, paths " +
        "under fixtures/";
}
