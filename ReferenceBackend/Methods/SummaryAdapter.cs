using KerasVis.Conformance.Methods;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record SummaryParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param("the table width (Keras: min(88|108, terminal columns − 4); 76 without a terminal, as in the labs)", Min = 40,
        Max = 1000)] int? LineLength = null) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() =>
        ModelZoo.Ids.Contains(Model) ? [] : [("model", $"unknown model '{Model}' (models: {string.Join(", ", ModelZoo.Ids)})")];
}

public sealed record SummaryOutputs([Output("text", "lines", "Keras 3 model.summary() as printed")] string Summary);

[Method("keras_summary", "Keras 3 `model.summary()` text of a lab model (rich table layout, parameter counts and sizes)", Page = "../keras-summary.md")]
public sealed class SummaryAdapter : MethodAdapter<SummaryParams, SummaryOutputs>
{
    public override bool RunsOnDevice => false;
    public override SummaryOutputs Compute(MethodContext context, SummaryParams p) => new(KerasSummary.Render(ModelZoo.Get(p.Model), p.LineLength));
}
