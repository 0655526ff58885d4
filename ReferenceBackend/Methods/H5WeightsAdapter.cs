using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.ReferenceBackend.Adapters;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record ModelWeightsParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => ModelParams.Problems(Model, Weights);
}

public sealed record H5WeightsOutputs(
    [Output("float32", "the parameter's torch shape", "each parameter as the model holds it (conv OIHW, linear [out, in])",
        Name = "<layer>.<weight|bias>")] IReadOnlyDictionary<string, NpyArray> Parameters,
    [Output("float32", "(N, classes)", "the model's output for x")] NpyArray Predictions);

[Method("keras_h5_weights", "Keras HDF5 weights read into the model (save_weights, model.save and the ImageNet _tf_kernels layouts)", Page = "../weights.md")]
public sealed class H5WeightsAdapter : MethodAdapter<ModelWeightsParams, H5WeightsOutputs>
{
    public override H5WeightsOutputs Compute(MethodContext context, ModelWeightsParams p)
    {
        using var model = context.Model(p.Model, p.Weights);
        using var x = context.Tensor("x");
        using var _ = no_grad();
        using var y = model.Net.call(x);
        return new(model.Net.StateDictArrays(), NpyTensor.ToNpy(y.cpu()));
    }
}
