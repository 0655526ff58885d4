using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record TrainStepParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("the loss the lab compiles with")] KerasLoss Loss) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => ModelParams.Problems(Model, Weights);
}

public sealed record TrainStepOutputs(
    [Output("float32", "()", "Σ_batch loss / N (sum_over_batch_size)")] NpyArray Loss,
    [Output("float32", "(N, classes)", "the model's predictions")] NpyArray Predictions,
    [Output("float32", "the weight's Keras shape", "∂L/∂w_t, Keras layouts (conv HWIO, dense [in, out]), t in model.weights order",
        Name = "grad_<tt>_<layer>.<kernel|bias>")]
    IReadOnlyDictionary<string, NpyArray> Gradients);

[Method("keras_train_step", "The loss and every weight gradient of one model.fit step (inputs x and labels)", Page = "losses.md")]
public sealed class TrainStepAdapter : MethodAdapter<TrainStepParams, TrainStepOutputs>
{
    public override TrainStepOutputs Compute(MethodContext context, TrainStepParams p)
    {
        using var model = context.Model(p.Model, p.Weights);
        using var x = context.Tensor("x");
        using var labels = context.Tensor("labels");
        var r = TrainStep.Compute(model.Net, x, labels, ManifestNames.Of(p.Loss));
        return new(r.Loss, r.Predictions, r.Gradients.Select((g, t) => (g, t)).ToDictionary(q => $"grad_{q.t:00}_{q.g.Name}", q => q.g.Gradient));
    }
}
