using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;

namespace KerasVis.Reference.Fixtures;

/// <summary>
/// A folder of weights in Keras layouts and Keras order, one NPY per tensor, named so that sorting the file names
/// gives the order: <c>00_conv2d.kernel.npy</c>, <c>01_conv2d.bias.npy</c>, … (fixtures/weights/lab1-fashion-mnist).
/// Other files in the folder (training.json) are ignored.
/// </summary>
public static class WeightFiles
{
    public static IReadOnlyList<NpyArray> ReadFolder(string dir)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"weights folder {dir} does not exist");
        var files = Directory.GetFiles(dir, "*.npy").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"weights folder {dir} holds no .npy files");
        return files.Select(ReadWeight).ToList();
    }

    /// <summary>One weight file: float32 and finite, or an <see cref="NpyFormatException"/> naming it.</summary>
    static NpyArray ReadWeight(string f)
    {
        var a = Npy.Read(f);
        if (a.DType != NpyDType.Float32) throw new NpyFormatException(f, $"weights must be float32 ('<f4'), found '{NpyDTypes.Descr(a.DType)}'");
        foreach (var v in a.AsFloats())
            if (!float.IsFinite(v)) throw new NpyFormatException(f, "weights contain NaN or infinity");
        return a;
    }

    /// <summary>
    /// A torch <c>state_dict</c> exported one NPY per key, the file named after the key:
    /// <c>features.0.weight.npy</c>, <c>features.0.bias.npy</c>, … (e.g. written by
    /// <c>for k, v in model.state_dict().items(): np.save(f"{dir}/{k}.npy", v.numpy())</c>). Float32 only, finite values.
    /// Keys are matched by <see cref="Models.SpecNet.LoadStateDict"/>, which names any missing or extra key.
    /// </summary>
    public static Dictionary<string, NpyArray> ReadStateDict(string dir)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"state_dict folder {dir} does not exist");
        var files = Directory.GetFiles(dir, "*.npy");
        if (files.Length == 0) throw new FileNotFoundException($"state_dict folder {dir} holds no .npy files");
        return files.ToDictionary(f => Path.GetFileNameWithoutExtension(f), ReadWeight, StringComparer.Ordinal);
    }

    /// <summary>Counter-hash weights of a torchvision-layout model as its state_dict (keys = the fixtures' slot names).</summary>
    public static Dictionary<string, NpyArray> HashStateDict(Models.ModelSpec spec, uint seed)
    {
        if (!spec.IsTorchLayout) throw new ArgumentException($"model {spec.Id} is a Keras model: use HashWeights.ForModel and LoadKerasWeights");
        var slots = HashWeights.Slots(spec);
        var values = HashWeights.ForModel(spec, seed);
        return slots.Select((s, i) => (s.Name, values[i])).ToDictionary(t => t.Name, t => t.Item2, StringComparer.Ordinal);
    }
}
