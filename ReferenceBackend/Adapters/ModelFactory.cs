using KerasVis.Conformance.Harness;
using KerasVis.Reference.Fixtures;
using KerasVis.Reference.IO;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.Reference.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>Builds a lab model with its weights — what the goldens' <c>model</c> and <c>weights</c> parameters name,
/// and what <c>conformance explain --model --weights</c> names. One place resolves weights for both.</summary>
public static class ModelFactory
{
    public static SpecNet Build(string modelId, WeightsSpec weights, bool linear, Device device)
    {
        var spec = ModelZoo.Get(modelId);
        if (linear) spec = Plumbing.ReplaceToLinear(spec);
        var net = SpecNet.Unloaded(spec);
        try
        {
            // counter-hash weights (any model) are computed straight into the parameters' torch layout; files are read
            if (weights.Kind == WeightsKind.Hash) net.LoadTorchLayout(HashWeights.TorchLayoutTensors(spec, weights.Seed!.Value));
            else if (spec.IsTorchLayout) net.LoadStateDict(StateDictFiles(spec, weights));
            else net.LoadKerasWeights(KerasWeightFiles(spec, weights));
            net.eval();
            net.to(device);
            return net;
        }
        catch { net.Dispose(); throw; }
    }

    /// <summary>Keras-layout weights in <c>model.weights</c> order, as tensors (each the caller's to dispose or hand on):
    /// counter-hash weights computed into tensors, NPY or HDF5 files read.</summary>
    public static IEnumerable<Tensor> KerasTensors(ModelSpec spec, WeightsSpec w) => w.Kind == WeightsKind.Hash
        ? HashWeights.KerasLayoutTensors(spec, w.Seed!.Value) : KerasWeightFiles(spec, w).Select(NpyTensor.ToTensor);

    /// <summary>A Keras model's weight files in <c>model.weights</c> order.</summary>
    static IEnumerable<Conformance.IO.NpyArray> KerasWeightFiles(ModelSpec spec, WeightsSpec w) => w.Kind switch
    {
        WeightsKind.Npy => WeightFiles.ReadFolder(Resolve(w.Dir!)),
        WeightsKind.H5 => KerasH5Weights.ForModel(spec, Resolve(w.File!)),
        _ => throw new ArgumentException($"model {spec.Id} is a Keras model: weights kind {w.Kind} is for torchvision models"),
    };

    /// <summary>A torchvision model's state_dict files.</summary>
    static Dictionary<string, Conformance.IO.NpyArray> StateDictFiles(ModelSpec spec, WeightsSpec w) => w.Kind switch
    {
        WeightsKind.StateDict => WeightFiles.ReadStateDict(Resolve(w.Dir!)),
        _ => throw new ArgumentException($"model {spec.Id} is a torchvision model: weights kind {w.Kind} is for Keras models"),
    };

    /// <summary>A manifest's fixture path (relative to the repository) or a user's path (absolute already).</summary>
    static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(GoldenRepository.Root(), path);

    /// <summary>The cache key of a model: id, weights, linear head and device.</summary>
    public static string Key(string modelId, WeightsSpec w, bool linear, Device device) => $"{modelId}|{w}|{linear}|{device}";
}
