using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Methods;
using KerasVis.ReferenceBackend.Adapters;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record UnpoolParams(
    [Param("the unpooled map's (height, width): VALID pooling floors, so an odd size cannot be recovered from the pooled one")] int[] OutputSize,
    [Param("the pooling window", Min = 1)] int PoolSize = 2,
    [Param("the pooling stride (below pool_size: overlapping windows)", Min = 1)] int Strides = 2) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() =>
        OutputSize.Length == 2 && OutputSize.All(v => v > 0) ? [] : [("output_size", "must be [height, width], both positive")];
}

public sealed record UnpoolOutputs(
    [Output("float32", "(N, H', W', C)", "the max-pooled map")] NpyArray Pooled,
    [Output("int64", "(N, H', W', C)", "TF max_pool_with_argmax switches: (h·W + w)·C + c")] NpyArray ArgmaxNhwc,
    [Output("int64", "(N, C, H', W')", "PyTorch switches: h·W + w within each (n, c) plane")] NpyArray IndicesNchw,
    [Output("float32", "(N, H, W, C)", "max-unpooled with the switches to output_size; the rest zeros")] NpyArray Unpooled);

/// <remarks>Padding is not a parameter: it is always Keras's 'valid' ((H − k) // s + 1 windows; docs/methods/unpooling.md).</remarks>
[Method("max_pool_unpool", "2-D max pooling (VALID padding) that records its switches (first maximum wins ties) and max-unpooling with them",
    Page = "unpooling.md")]
public sealed class UnpoolAdapter : MethodAdapter<UnpoolParams, UnpoolOutputs>
{
    public override UnpoolOutputs Compute(MethodContext context, UnpoolParams p)
    {
        using var scope = NewDisposeScope();
        var sw = MaxUnpool.Pool(context.Tensor("x"), p.PoolSize, p.Strides);
        return new(NpyTensor.ToNpy(sw.Pooled), NpyTensor.ToNpy(sw.ArgmaxNhwc), NpyTensor.ToNpy(sw.IndicesNchw),
            NpyTensor.ToNpy(MaxUnpool.Unpool(sw.Pooled, sw.IndicesNchw, p.OutputSize[0], p.OutputSize[1])));
    }
}
