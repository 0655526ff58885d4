using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Keras;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record DecodeParams([Param("how many classes per row", Min = 1, Max = 1000)] int Top);

public sealed record DecodeOutputs(
    [Output("int64", "(N, top)", "class indices, best first (ties: lower index first)")] NpyArray Indices,
    [Output("float32", "(N, top)", "their scores")] NpyArray Scores,
    [Output("text", "N lines", "print('Predicted:', decode_predictions(preds, top)[n]) per row")] string Printed);

[Method("keras_decode_predictions", "keras.applications imagenet_utils.decode_predictions (input preds) and its printout", Page = "imagenet-io.md")]
public sealed class DecodeAdapter : MethodAdapter<DecodeParams, DecodeOutputs>
{
    public override bool RunsOnDevice => false;
    public override DecodeOutputs Compute(MethodContext context, DecodeParams p)
    {
        var rows = ImagenetUtils.DecodePredictions(context.Input("preds"), p.Top);
        return new(NpyArray.FromInt64(rows.SelectMany(r => r.Select(q => (long)q.Index)).ToArray(), rows.Count, p.Top),
            NpyArray.FromFloats(rows.SelectMany(r => r.Select(q => q.Score)).ToArray(), rows.Count, p.Top),
            string.Concat(rows.Select(r => $"Predicted: [{string.Join(", ", r)}]\n")));
    }
}
