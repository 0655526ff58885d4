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
        return files.Select(f =>
        {
            var a = Npy.Read(f);
            if (a.DType != NpyDType.Float32) throw new NpyFormatException(f, $"weights must be float32 ('<f4'), found '{NpyDTypes.Descr(a.DType)}'");
            foreach (var v in a.AsFloats())
                if (!float.IsFinite(v)) throw new NpyFormatException(f, "weights contain NaN or infinity");
            return a;
        }).ToList();
    }
}
