using System.Globalization;
using System.Reflection;
using System.Text.Json;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;

namespace KerasVis.Reference.Keras;

/// <summary>One decoded prediction: ImageNet WordNet id, class name, probability.</summary>
public sealed record DecodedPrediction(int Index, string Wnid, string Name, float Score)
{
    /// <summary>The tuple as Python prints it inside a list: <c>('n02123045', 'tabby', 0.83)</c>.</summary>
    public override string ToString() => $"('{Wnid}', '{Name}', {PythonRepr.Float32(Score)})";
}

/// <summary>
/// <c>keras.applications.vgg16.preprocess_input</c> and <c>decode_predictions</c>
/// (keras/src/applications/imagenet_utils.py; keras-applications 1.0.8 has the same arithmetic).
/// </summary>
public static class ImagenetUtils
{
    /// <summary>Caffe-mode means, B, G, R order (float32, as NumPy rounds them for a float32 array).</summary>
    public static readonly float[] CaffeMeanBgr = [103.939f, 116.779f, 123.68f];

    /// <summary>
    /// Mode "caffe" on channels-last input: uint8 → float32, RGB → BGR (<c>x[..., ::-1]</c>), then one float32
    /// subtraction per channel of [103.939, 116.779, 123.68]; no scaling. (Keras mutates a float caller's array in
    /// place through the reversed view; this returns a new array.)
    /// </summary>
    public static NpyArray PreprocessCaffe(NpyArray rgb)
    {
        if (rgb.Shape.Length < 3 || rgb.Shape[^1] != 3)
            throw new ArgumentException($"preprocess_input takes (..., H, W, 3) images, got {NpyArray.FormatShape(rgb.Shape)}");
        var v = rgb.DType == NpyDType.UInt8 ? Array.ConvertAll(rgb.Data, b => (float)b) : rgb.DType == NpyDType.Float32 ? rgb.AsFloats()
            : throw new ArgumentException($"preprocess_input takes uint8 or float32 images, got {NpyDTypes.Descr(rgb.DType)}");
        var o = new float[v.Length];
        for (int p = 0; p < v.Length; p += 3)
            for (int c = 0; c < 3; c++)
                o[p + c] = v[p + 2 - c] - CaffeMeanBgr[c];
        return NpyArray.FromFloats(o, rgb.Shape);
    }

    static readonly Lazy<(string Wnid, string Name)[]> Index = new(LoadIndex);

    /// <summary>The 1000 ImageNet classes in Keras's order (Keras's imagenet_class_index.json, embedded).</summary>
    public static IReadOnlyList<(string Wnid, string Name)> ClassIndex => Index.Value;

    static (string, string)[] LoadIndex()
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("imagenet_class_index.json")
            ?? throw new InvalidOperationException("the embedded imagenet_class_index.json is missing from KerasVis.Reference");
        using var doc = JsonDocument.Parse(s);
        var o = new (string, string)[1000];
        foreach (var p in doc.RootElement.EnumerateObject())
            o[int.Parse(p.Name, CultureInfo.InvariantCulture)] = (p.Value[0].GetString()!, p.Value[1].GetString()!);
        return o;
    }

    /// <summary>
    /// <c>decode_predictions(preds, top)</c>: for each row of a (N, 1000) array, the <paramref name="top"/> classes by
    /// descending probability. Keras takes <c>argsort()[-top:][::-1]</c> (NumPy's unstable sort), so the order of EQUAL
    /// probabilities is unspecified there; here ties go to the lower class index first.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<DecodedPrediction>> DecodePredictions(NpyArray preds, int top = 5)
    {
        if (preds.Shape.Length != 2 || preds.Shape[1] != 1000)
            throw new ArgumentException($"decode_predictions expects a batch of predictions (i.e. a 2D array of shape (samples, 1000)), " +
                $"got {NpyArray.FormatShape(preds.Shape)}");
        if (top < 1 || top > 1000) throw new ArgumentOutOfRangeException(nameof(top), top, "top must be in 1 … 1000");
        var v = preds.DType == NpyDType.Float32 ? preds.AsFloats() : Array.ConvertAll(preds.ToDoubles(), d => (float)d);
        var rows = new List<IReadOnlyList<DecodedPrediction>>();
        for (int n = 0; n < preds.Shape[0]; n++)
        {
            var row = v.AsSpan(n * 1000, 1000).ToArray();
            if (row.Any(float.IsNaN)) throw new ArgumentException($"decode_predictions: row {n} contains NaN");
            rows.Add(Enumerable.Range(0, 1000).OrderByDescending(i => row[i]).ThenBy(i => i).Take(top)
                .Select(i => new DecodedPrediction(i, Index.Value[i].Wnid, Index.Value[i].Name, row[i])).ToList());
        }
        return rows;
    }
}
