using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>The conversion is one pair, so the models are constants of the method, not parameters: Keras's
/// <c>vgg16</c> (<see cref="KerasModel"/>) into torchvision's <c>vgg16</c> (<see cref="TorchModel"/>), x given NHWC as
/// Keras takes it and transposed to NCHW for torch.</summary>
public sealed record KerasToTorchParams(
    [Param(ModelParams.WeightsDoc + " (Keras layouts, of Keras's vgg16)")] WeightsSpec Weights) : IParamsCheck
{
    public const string KerasModel = "vgg16", TorchModel = "vgg16-torch";
    public IEnumerable<(string Key, string Problem)> Problems() => ModelParams.Problems(KerasModel, Weights);
}

public sealed record KerasToTorchOutputs(
    [Output("float32", "(B − A, 25088)", "rows A..B−1 of the converted fc1 weight (the Flatten permutation)", Name = "classifier.0.weight_rows_<A>_<B>")]
    IReadOnlyDictionary<string, NpyArray> WeightRows,
    [Output("float32", "(N, 1000)", "the torchvision model's logits for x (NHWC → NCHW)")] NpyArray Logits);

[Method("keras_to_torch_forward", "Keras VGG16 weights in torchvision's VGG16 (HWIO → OIHW, [in, out] → [out, in], Flatten order)", Page = "../weights.md")]
public sealed class KerasToTorchAdapter : MethodAdapter<KerasToTorchParams, KerasToTorchOutputs>
{
    public override KerasToTorchOutputs Compute(MethodContext context, KerasToTorchParams p)
    {
        var kerasSpec = ModelZoo.Get(KerasToTorchParams.KerasModel);
        var sd = KerasToTorch.StateDict(kerasSpec, ModelFactory.KerasTensors(kerasSpec, p.Weights), ModelZoo.Get(KerasToTorchParams.TorchModel));
        var rows = WeightRows(context.Case, sd["classifier.0.weight"]);   // before loading: the model takes the tensors over
        using var net = SpecNet.Unloaded(ModelZoo.Get(KerasToTorchParams.TorchModel)).LoadedWith(sd, context.Device);
        using var x = context.Tensor("x").permute(0, 3, 1, 2).contiguous();
        if (x.dtype != ScalarType.Float32) net.to(x.dtype);   // the conditioning check's float64 run
        using var _ = no_grad();
        using var y = net.call(x);
        return new(rows, NpyTensor.ToNpy(y.cpu()));
    }

    /// <summary>The outputs named <c>classifier.0.weight_rows_A_B</c> the case asks for.</summary>
    internal static Dictionary<string, NpyArray> WeightRows(Conformance.Harness.GoldenCase c, Tensor fc1Weight)
    {
        const string prefix = "classifier.0.weight_rows_";
        var rows = new Dictionary<string, NpyArray>();
        foreach (var output in c.Outputs.Where(q => q.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var ab = output.Name[prefix.Length..].Split('_').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            using var slice = fc1Weight.narrow(0, ab[0], ab[1] - ab[0]);
            rows[output.Name] = NpyTensor.ToNpy(slice);
        }
        return rows;
    }
}
