using KerasVis.Conformance.Methods;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record SummaryParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param("model.summary(line_length=…): the table is min(line_length or 88 (sequential-like) | 108, terminal_columns − 4) wide",
        Min = 40, Max = 1000)] int? LineLength = null,
    [Param("the terminal's width (shutil.get_terminal_size(): COLUMNS, the terminal, else 80 as in the labs' notebooks)", Min = 44,
        Max = 1004)] int TerminalColumns = KerasSummary.NoTerminalColumns) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() =>
        ModelZoo.Ids.Contains(Model) ? [] : [("model", $"unknown model '{Model}' (models: {string.Join(", ", ModelZoo.Ids)})")];
}

public sealed record SummaryOutputs([Output("text", "lines", "Keras 3 model.summary() as printed")] string Summary);

[Method("keras_summary", "Keras 3 `model.summary()` text of a lab model (rich table layout, parameter counts and sizes)", Page = "../keras-summary.md")]
public sealed class SummaryAdapter : MethodAdapter<SummaryParams, SummaryOutputs>
{
    public override bool RunsOnDevice => false;
    public override SummaryOutputs Compute(MethodContext context, SummaryParams p) => new(KerasSummary.Render(ModelZoo.Get(p.Model), p.LineLength,
        p.TerminalColumns));
}
