using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.Reference.Models;

/// <summary>Loading and reading a <see cref="SpecNet"/>'s parameters: Keras-layout weights (converted to torch layouts),
/// state_dicts, and the parameters back as named arrays.</summary>
public sealed partial class SpecNet
{
    /// <summary>Loads weights given in Keras layouts and Keras <c>model.weights</c> order (per layer: kernel, bias;
    /// conv kernel HWIO, dense kernel [in, out]) and converts them: HWIO → OIHW, [in, out] → [out, in].</summary>
    /// <remarks>The weights are taken one at a time and each layer's copies are freed before the next, so a lazily
    /// produced sequence (counter-hash weights) never holds more than one layer outside the model.</remarks>
    public void LoadKerasWeights(IEnumerable<NpyArray> weights) => LoadKerasTensors(weights.Select(NpyTensor.ToTensor));

    /// <summary><see cref="LoadKerasWeights"/> from tensors in Keras layouts; each is disposed once copied.</summary>
    public void LoadKerasTensors(IEnumerable<Tensor> weights)
    {
        int k = 0;
        using var _ = no_grad();
        using var it = weights.GetEnumerator();
        Tensor Next(string layer) => it.MoveNext() ? it.Current
            : throw new ArgumentException($"model {Spec.Id}: {k} weight arrays given, more are needed (at layer {layer})");
        foreach (var (row, m) in steps)
        {
            var ps = ParametersOf(row.Layer.Name);
            if (ps.Count == 0) continue;
            using var kernel = Next(row.Layer.Name); k++;
            using var bias = Next(row.Layer.Name); k++;
            using var torchKernel = KernelToTorch(kernel);
            Expect(row.Layer.Name, "kernel", ps[0], torchKernel);
            Expect(row.Layer.Name, "bias", ps[1], bias);
            ps[0].copy_(torchKernel); ps[1].copy_(bias);
        }
        int extra = 0;
        while (it.MoveNext()) { it.Current.Dispose(); extra++; }
        if (extra > 0) throw new ArgumentException($"model {Spec.Id}: {k + extra} weight arrays given, {k} used");
    }

    /// <summary>Loads a state_dict given as named arrays in the model's own layout (torchvision: <c>features.0.weight</c>
    /// OIHW, <c>classifier.6.weight</c> [out, in]; Keras models: <c>conv2d.weight</c> already converted). Every key must
    /// be present and no other; every shape must match. Nothing is copied unless all of them pass.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, NpyArray> stateDict)
    {
        var mine = state_dict();
        var missing = mine.Keys.Where(k => !stateDict.ContainsKey(k)).ToList();
        var unexpected = stateDict.Keys.Where(k => !mine.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ArgumentException($"model {Spec.Id}: state_dict keys do not match" +
                (missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : "") +
                (unexpected.Count > 0 ? $"; unexpected: {string.Join(", ", unexpected)}" : ""));
        foreach (var (key, p) in mine)
            if (!p.shape.SequenceEqual(stateDict[key].Shape))
                throw new ArgumentException($"model {Spec.Id}: '{key}' has shape {NpyArray.FormatShape(stateDict[key].Shape)}, the model needs {NpyArray.FormatShape(p.shape)}");
        using var _ = no_grad();
        foreach (var (key, p) in mine)
        {
            using var t = NpyTensor.ToTensor(stateDict[key]);
            p.copy_(t);
        }
    }

    /// <summary>This model with <paramref name="stateDict"/> loaded (<see cref="LoadStateDict"/>), moved to <paramref name="device"/>.</summary>
    public SpecNet LoadedWith(IReadOnlyDictionary<string, NpyArray> stateDict, Device device)
    {
        LoadStateDict(stateDict);
        this.to(device);
        return this;
    }

    /// <summary>The parameters as named arrays in the model's layout (what <see cref="LoadStateDict"/> takes).</summary>
    public Dictionary<string, NpyArray> StateDictArrays() =>
        state_dict().ToDictionary(kv => kv.Key, kv => NpyTensor.ToNpy(kv.Value.detach().cpu()));

    /// <summary>A Keras kernel in torch's layout: conv HWIO → OIHW, dense [in, out] → [out, in].</summary>
    public static Tensor KernelToTorch(Tensor kernel) => kernel.dim() == 4 ? kernel.permute(3, 2, 0, 1) : kernel.t();

    static void Expect(string layer, string what, Tensor p, Tensor t)
    {
        if (!p.shape.SequenceEqual(t.shape))
            throw new ArgumentException($"layer {layer}: {what} has shape {NpyArray.FormatShape(t.shape)} after conversion, the model needs {NpyArray.FormatShape(p.shape)}");
    }
}
