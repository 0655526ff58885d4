using TorchSharp;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>What an adapter gets for one case: the case (its manifest and outputs), the input arrays, the device and
/// the shared model cache. <paramref name="compute"/> (the conditioning check's float64 run) casts float inputs and the
/// models' weights to that type; null keeps the inputs' own types and float32 models.</summary>
public sealed class MethodContext(GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs, Device device, ModelCache? models = null,
    ScalarType? compute = null)
{
    readonly ModelCache models = models ?? ModelCache.Shared;
    public GoldenCase Case { get; } = c;
    public IReadOnlyDictionary<string, NpyArray> Inputs { get; } = inputs;
    public Device Device { get; } = device;

    /// <summary>An input array by name; a missing one is an error naming the inputs there are.</summary>
    public NpyArray Input(string name) => Inputs.TryGetValue(name, out var a) ? a
        : throw new GoldenFormatException(Case.ManifestPath, $"input '{name}' is missing (inputs: {string.Join(", ", Inputs.Keys)})");

    /// <summary>An input as a tensor on the device (the caller disposes it).</summary>
    public Tensor Tensor(string name)
    {
        var t = NpyTensor.ToTensor(Input(name)).to(Device);
        if (compute is not { } type || !t.is_floating_point() || t.dtype == type) return t;
        using (t) return t.to(type);
    }

    /// <summary>True when the case asks for the output (an adapter may skip work nobody compares).</summary>
    public bool Wants(string output) => Case.Outputs.Any(o => o.Name == output);

    /// <summary>The model with its weights, shared with other cases on the same model (dispose the lease, not the model).</summary>
    public ModelLease Model(string modelId, WeightsSpec weights, bool linear = false) =>
        models.Get(ModelFactory.Key(modelId, weights, linear, Device) + (compute is { } t ? $"|{t}" : ""), () =>
        {
            var m = ModelFactory.Build(modelId, weights, linear, Device);
            if (compute is { } type) m.to(type);
            return m;
        });
}
