using KerasVis.Conformance.Harness;
using KerasVis.Reference.IO;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Methods;
using KerasVis.Reference.Models;
using KerasVis.Reference.Numerics;
using static TorchSharp.torch;

namespace KerasVis.Conformance.TorchSharpReference;

/// <summary>Maps a manifest's method name and parameters onto the Reference. Adding a method = one entry here plus
/// its file under Reference/Methods and its generator under tools/oracle/cases.</summary>
public static class MethodRunners
{
    delegate CaseOutputs Runner(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device);

    static readonly Dictionary<string, (Runner Run, bool Torch)> Table = new()
    {
        ["keras_summary"] = (Summary, false),
        ["keras_loss"] = (Loss, true),
        ["max_pool_unpool"] = (PoolUnpool, true),
        ["spline_zoom"] = (Zoom, false),
    };

    public static bool Known(string method) => Table.ContainsKey(method);
    public static bool UsesTorch(string method) => Table.TryGetValue(method, out var r) && r.Torch;

    public static CaseOutputs Run(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device) =>
        Table.TryGetValue(c.Method, out var r) ? r.Run(c, x, device) : throw new NotSupportedException($"method '{c.Method}'");

    static string Str(GoldenCase c, string k) => (string?)c.Params[k] ?? throw new GoldenFormatException(c.ManifestPath, $"method.params has no string '{k}'");
    static int Int(GoldenCase c, string k) => (int?)c.Params[k] ?? throw new GoldenFormatException(c.ManifestPath, $"method.params has no integer '{k}'");

    static double[] Doubles(GoldenCase c, string k) =>
        c.Params[k] is System.Text.Json.Nodes.JsonArray a && a.All(v => v is not null)
            ? a.Select(v => (double)v!).ToArray()
            : throw new GoldenFormatException(c.ManifestPath, $"method.params has no number list '{k}'");

    static CaseOutputs Zoom(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device _)
    {
        var mode = Str(c, "mode") switch
        {
            "constant" => ZoomMode.Constant,
            "nearest" => ZoomMode.Nearest,
            var m => throw new GoldenFormatException(c.ManifestPath, $"zoom mode '{m}' is not one the labs use (constant, nearest)"),
        };
        var o = new CaseOutputs();
        o.Arrays["zoomed"] = SplineZoom.Zoom(In(x, "x"), Doubles(c, "zoom"), Int(c, "order"), mode, (double?)c.Params["cval"] ?? 0.0);
        return o;
    }

    static CaseOutputs Summary(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device _)
    {
        var o = new CaseOutputs();
        o.Texts["summary"] = KerasSummary.Render(ModelZoo.Get(Str(c, "model")), Int(c, "line_length"));
        return o;
    }

    static NpyArray In(IReadOnlyDictionary<string, NpyArray> x, string name) =>
        x.TryGetValue(name, out var a) ? a : throw new ArgumentException($"input '{name}' is missing (inputs: {string.Join(", ", x.Keys)})");

    static CaseOutputs Loss(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var yTrue = NpyTensor.ToTensor(In(x, "y_true")).to(device);
        var yPred = NpyTensor.ToTensor(In(x, "y_pred")).to(device);
        var per = KerasLosses.ByName(Str(c, "loss"), yTrue, yPred, (bool?)c.Params["from_logits"] ?? false);
        var o = new CaseOutputs();
        o.Arrays["per_sample"] = NpyTensor.ToNpy(per);
        o.Arrays["reduced"] = NpyTensor.ToNpy(KerasLosses.SumOverBatchSize(per));
        return o;
    }

    static CaseOutputs PoolUnpool(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        var size = c.Params["output_size"] is System.Text.Json.Nodes.JsonArray { Count: 2 } a && a.All(v => v is not null)
            ? a.Select(v => (int)v!).ToArray()
            : throw new GoldenFormatException(c.ManifestPath, "method.params has no 'output_size' [height, width]");
        var sw = MaxUnpool.Pool(input, Int(c, "pool_size"), Int(c, "strides"));
        var o = new CaseOutputs();
        o.Arrays["pooled"] = NpyTensor.ToNpy(sw.Pooled);
        o.Arrays["argmax_nhwc"] = NpyTensor.ToNpy(sw.ArgmaxNhwc);
        o.Arrays["indices_nchw"] = NpyTensor.ToNpy(sw.IndicesNchw);
        o.Arrays["unpooled"] = NpyTensor.ToNpy(MaxUnpool.Unpool(sw.Pooled, sw.IndicesNchw, size[0], size[1]));
        return o;
    }
}
