using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.Reference.Models;

/// <summary>Loading and reading a <see cref="SpecNet"/>'s parameters: Keras-layout weights (converted to torch layouts),
/// weights already in torch layouts, state_dicts, and the parameters back as named arrays. Every loader puts the given
/// tensor itself in the model (no copy into a preallocated parameter), so a model from <see cref="Unloaded"/> holds
/// each weight exactly once.</summary>
public sealed partial class SpecNet
{
    /// <summary>Loads weights given in Keras layouts and Keras <c>model.weights</c> order (per layer: kernel, bias;
    /// conv kernel HWIO, dense kernel [in, out]) and converts them: HWIO → OIHW, [in, out] → [out, in].</summary>
    public void LoadKerasWeights(IEnumerable<NpyArray> weights) => LoadKerasTensors(weights.Select(NpyTensor.ToTensor));

    /// <summary><see cref="LoadKerasWeights"/> from tensors in Keras layouts; each is disposed once converted, so a lazily
    /// produced sequence never holds more than one layer outside the model.</summary>
    public void LoadKerasTensors(IEnumerable<Tensor> weights) => LoadTorchLayout(weights.Select(w =>
    {
        if (w.dim() is not (2 or 4)) return w;
        using (w) return KernelToTorch(w).contiguous();
    }));

    /// <summary>Loads weights already in torch layouts (OIHW, [out, in]) in <c>model.weights</c> / state_dict order and
    /// puts each tensor in the model as it is (the model owns it afterwards).</summary>
    public void LoadTorchLayout(IEnumerable<Tensor> weights)
    {
        int k = 0;
        using var it = weights.GetEnumerator();
        Tensor Next(string layer) => it.MoveNext() ? it.Current
            : throw new ArgumentException($"model {Spec.Id}: {k} weight arrays given, more are needed (at layer {layer})");
        foreach (var (row, m) in steps)
        {
            if (m is not (TorchSharp.Modules.Conv2d or TorchSharp.Modules.Linear)) continue;
            var kernel = Next(row.Layer.Name); k++;
            var bias = Next(row.Layer.Name); k++;
            Place(row, m, kernel, bias);
        }
        int extra = 0;
        while (it.MoveNext()) { it.Current.Dispose(); extra++; }
        if (extra > 0) throw new ArgumentException($"model {Spec.Id}: {k + extra} weight arrays given, {k} used");
    }

    /// <summary>Loads a state_dict given as named arrays in the model's own layout (torchvision: <c>features.0.weight</c>
    /// OIHW, <c>classifier.6.weight</c> [out, in]; Keras models: <c>conv2d.weight</c> already converted). Every key must
    /// be present and no other; every shape must match. Nothing is loaded unless all of them pass.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, NpyArray> stateDict) =>
        LoadStateDict(Checked(stateDict.ToDictionary(kv => kv.Key, kv => kv.Value.Shape)).ToDictionary(key => key, key => NpyTensor.ToTensor(stateDict[key])));

    /// <summary><see cref="LoadStateDict(IReadOnlyDictionary{string, NpyArray})"/> from tensors, which the model then owns.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        Checked(stateDict.ToDictionary(kv => kv.Key, kv => kv.Value.shape));
        foreach (var (row, m) in steps)
            if (m is TorchSharp.Modules.Conv2d or TorchSharp.Modules.Linear)
                Place(row, m, stateDict[row.Layer.Name + ".weight"], stateDict[row.Layer.Name + ".bias"]);
    }

    /// <summary>The model's state_dict keys, after checking that <paramref name="shapes"/> has exactly them, each with
    /// the model's shape.</summary>
    List<string> Checked(Dictionary<string, long[]> shapes)
    {
        var mine = state_dict();
        var missing = mine.Keys.Where(k => !shapes.ContainsKey(k)).ToList();
        var unexpected = shapes.Keys.Where(k => !mine.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ArgumentException($"model {Spec.Id}: state_dict keys do not match" +
                (missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : "") +
                (unexpected.Count > 0 ? $"; unexpected: {string.Join(", ", unexpected)}" : ""));
        foreach (var (key, p) in mine)
            if (!p.shape.SequenceEqual(shapes[key]))
                throw new ArgumentException($"model {Spec.Id}: '{key}' has shape {NpyArray.FormatShape(shapes[key])}, the model " +
                    $"needs {NpyArray.FormatShape(p.shape)}");
        return mine.Keys.ToList();
    }

    /// <summary>Puts one layer's weight and bias (torch layouts) in its module, shapes checked; trainability from the spec.</summary>
    static void Place(LayerRow row, nn.Module m, Tensor weight, Tensor bias)
    {
        var ps = m.parameters().ToList();
        Expect(row.Layer.Name, "kernel", ps[0], weight);
        Expect(row.Layer.Name, "bias", ps[1], bias);
        bool grad = row.Layer.Trainable;
        switch (m)
        {
            case TorchSharp.Modules.Conv2d c: c.weight = new(weight, grad); c.bias = new(bias, grad); break;
            case TorchSharp.Modules.Linear l: l.weight = new(weight, grad); l.bias = new(bias, grad); break;
        }
        foreach (var p in ps) p.Dispose();
    }

    /// <summary>This model with <paramref name="stateDict"/> loaded (<see cref="LoadStateDict(IReadOnlyDictionary{string, Tensor})"/>), moved to <paramref
    /// name="device"/>.</summary>
    public SpecNet LoadedWith(IReadOnlyDictionary<string, Tensor> stateDict, Device device)
    {
        LoadStateDict(stateDict);
        this.to(device);
        return this;
    }

    /// <summary>The parameters as named arrays in the model's layout (what <see cref="LoadStateDict(IReadOnlyDictionary{string, NpyArray})"/> takes).</summary>
    public Dictionary<string, NpyArray> StateDictArrays() =>
        state_dict().ToDictionary(kv => kv.Key, kv => NpyTensor.ToNpy(kv.Value.detach().cpu()));

    /// <summary>A Keras kernel in torch's layout: conv HWIO → OIHW, dense [in, out] → [out, in].</summary>
    public static Tensor KernelToTorch(Tensor kernel) => kernel.dim() == 4 ? kernel.permute(3, 2, 0, 1) : kernel.t();

    static void Expect(string layer, string what, Tensor p, Tensor t)
    {
        if (!p.shape.SequenceEqual(t.shape))
            throw new ArgumentException($"layer {layer}: {what} has shape {NpyArray.FormatShape(t.shape)} after conversion, the model " +
                $"needs {NpyArray.FormatShape(p.shape)}");
    }
}
