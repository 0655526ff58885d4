using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record ActivationsParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("the layers whose outputs are returned")] string[] Layers,
    [Param("the layers drawn as the lab's display grid (each also in layers)")] string[] GridLayers,
    [Param("the grid's images per row", Min = 1)] int ImagesPerRow = 16) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        foreach (var p in ModelParams.Problems(Model, Weights)) yield return p;
        foreach (var g in GridLayers.Where(g => !Layers.Contains(g))) yield return ("grid_layers", $"'{g}' is not in layers");
    }
}

public sealed record ActivationsOutputs(
    [Output("float32", "the layer's output shape (channels-last)", "Model(inputs, [layer.output …]).predict(x)",
        Name = "<layer>")] IReadOnlyDictionary<string, NpyArray> Activations,
    [Output("float64", "(size·(C // per_row), per_row·size)", "the lab's grid: each channel divided by its maximum (NaN for a dead channel)",
        Name = "grid_<layer>")] IReadOnlyDictionary<string, NpyArray> Grids,
    [Output("float64", "(size·(C // per_row), per_row·size)", "the guarded grid: a dead channel stays 0",
        Name = "grid_guarded_<layer>")] IReadOnlyDictionary<string, NpyArray> GuardedGrids);

[Method("keras_activations", "Intermediate activations (Keras Model with several outputs) and the lab's display grid", Page = "activations.md")]
public sealed class ActivationsAdapter : MethodAdapter<ActivationsParams, ActivationsOutputs>
{
    public override ActivationsOutputs Compute(MethodContext context, ActivationsParams p)
    {
        using var model = context.Model(p.Model, p.Weights);
        using var x = context.Tensor("x");
        var acts = IntermediateActivations.Outputs(model.Net, x, p.Layers);
        return new(acts, p.GridLayers.ToDictionary(l => $"grid_{l}", l => IntermediateActivations.Grid(acts[l], p.ImagesPerRow)),
            p.GridLayers.ToDictionary(l => $"grid_guarded_{l}", l => IntermediateActivations.Grid(acts[l], p.ImagesPerRow, guarded: true)));
    }
}
