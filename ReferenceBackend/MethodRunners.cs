using KerasVis.Conformance.Harness;
using KerasVis.Reference.Fixtures;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.Conformance.Imaging;
using KerasVis.Reference.Imaging;
using KerasVis.Reference.Models;
using KerasVis.Reference.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend;

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
        ["dlai_cam"] = (DlaiCam, true),
        ["dlai_saliency"] = (Saliency, true),
        ["dlai_saliency_scale"] = (SaliencyScale, true),
        ["dlai_get_cam"] = (GetCam, true),
        ["keras_train_step"] = (Train, true),
        ["tfkv_gradcam"] = (TfkvCam, true),
        ["tfkv_gradcampp"] = (TfkvCam, true),
        ["tfkv_scorecam"] = (TfkvScoreCam, true),
        ["tfkv_saliency"] = (TfkvSaliency, true),
        ["tfkv_smoothgrad"] = (TfkvSaliency, true),
        ["keras_load_img"] = (LoadImg, false),
        ["keras_decode_predictions"] = (Decode, false),
        ["keras_activations"] = (Activations, true),
        ["jet_heatmap"] = (Heatmap, false),
        ["keras_h5_weights"] = (H5Weights, true),
        ["keras_to_torch_forward"] = (KerasToTorchForward, true),
        ["torch_preprocess"] = (TorchPreprocessCase, false),
        ["torch_gradcam"] = (TorchGradCamCase, true),
        ["deconvnet"] = (DeconvnetCase, true),
    };

    public static bool Known(string method) => Table.ContainsKey(method);
    public static bool UsesTorch(string method) => Table.TryGetValue(method, out var r) && r.Torch;

    public static CaseOutputs Run(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device) =>
        Table.TryGetValue(c.Method, out var r) ? r.Run(c, x, device) : throw new NotSupportedException($"method '{c.Method}'");

    static string Str(GoldenCase c, string k) => (string?)c.Params[k] ?? throw new GoldenFormatException(c.ManifestPath, $"method.params has no string '{k}'");
    static int Int(GoldenCase c, string k) => (int?)c.Params[k] ?? throw new GoldenFormatException(c.ManifestPath, $"method.params has no integer '{k}'");

    /// <summary>A list parameter whose every element converts to <typeparamref name="T"/> (<paramref name="what"/> names it in errors).</summary>
    static T[] List<T>(GoldenCase c, string k, string what)
    {
        if (c.Params[k] is System.Text.Json.Nodes.JsonArray a && a.All(v => v is System.Text.Json.Nodes.JsonValue))
        {
            try { return a.Select(v => v!.GetValue<T>()).ToArray(); }
            catch (Exception e) when (e is FormatException or InvalidOperationException) { }
        }
        throw new GoldenFormatException(c.ManifestPath, $"method.params has no {what} list '{k}'");
    }

    /// <summary>A string parameter that names one of a fixed set of values (<paramref name="what"/> names it in errors).</summary>
    static T Choice<T>(GoldenCase c, string k, string what, params (string Name, T Value)[] options)
    {
        var v = Str(c, k);
        foreach (var (name, value) in options)
            if (name == v) return value;
        throw new GoldenFormatException(c.ManifestPath, $"{what} '{v}' is not {string.Join(" or ", options.Select(o => o.Name))}");
    }

    static double[] Doubles(GoldenCase c, string k) => List<double>(c, k, "number");
    static int[] Ints(GoldenCase c, string k) => List<int>(c, k, "integer");
    static string[] Strs(GoldenCase c, string k) => List<string>(c, k, "string");

    static CaseOutputs Zoom(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device _)
    {
        var mode = Choice(c, "mode", "zoom mode", ("constant", ZoomMode.Constant), ("nearest", ZoomMode.Nearest));
        return Outputs(("zoomed", SplineZoom.Zoom(In(x, "x"), Doubles(c, "zoom"), Int(c, "order"), mode, (double?)c.Params["cval"] ?? 0.0)));
    }

    /// <summary>The case's model with the weights its manifest names: <c>{"kind": "hash", "seed": s}</c> (counter-hash
    /// weights, computed here) or <c>{"kind": "npy", "dir": "fixtures/…"}</c> (a folder of Keras-layout NPY files).
    /// The last model built is kept, so cases on the same model and weights share it.</summary>
    static SpecNet Model(GoldenCase c, Device device)
    {
        var id = Str(c, "model");
        var weights = WeightsParam(c);
        bool linear = (bool?)c.Params["linear"] ?? false;
        var key = $"{id}|{weights.ToJsonString()}|{linear}|{device}";
        lock (ModelLock)
        {
            if (cachedKey == key && cachedNet is not null) return cachedNet;
            cachedNet?.Dispose();
            cachedNet = null; cachedKey = null;
            var spec = linear ? Plumbing.ReplaceToLinear(ModelZoo.Get(id)) : ModelZoo.Get(id);
            var net = new SpecNet(spec);
            if (spec.IsTorchLayout) net.LoadStateDict(TorchWeights(c, spec, weights));
            else net.LoadKerasWeights(KerasWeights(c, spec, weights));
            net.eval();
            net.to(device);
            cachedNet = net; cachedKey = key;
            return net;
        }
    }

    static System.Text.Json.Nodes.JsonObject WeightsParam(GoldenCase c) =>
        c.Params["weights"] as System.Text.Json.Nodes.JsonObject ?? throw new GoldenFormatException(c.ManifestPath, "method.params has no 'weights' object");

    /// <summary>Keras-layout weights in <c>model.weights</c> order from <c>{"kind": "hash", "seed": s}</c>,
    /// <c>{"kind": "npy", "dir": …}</c> or <c>{"kind": "h5", "file": …}</c> (a Keras HDF5 weights file).</summary>
    static IReadOnlyList<NpyArray> KerasWeights(GoldenCase c, ModelSpec spec, System.Text.Json.Nodes.JsonObject weights)
    {
        var kind = (string?)weights["kind"];
        string Path_(string key) => Path.Combine(GoldenRepository.Root(), (string?)weights[key] ?? throw new GoldenFormatException(c.ManifestPath, $"{kind} weights need a '{key}'"));
        return kind switch
        {
            "hash" => HashWeights.ForModel(spec, (uint)((int?)weights["seed"] ?? throw new GoldenFormatException(c.ManifestPath, "hash weights need a 'seed'"))),
            "npy" => WeightFiles.ReadFolder(Path_("dir")),
            "h5" => KerasH5Weights.ForModel(spec, Path_("file")),
            _ => throw new GoldenFormatException(c.ManifestPath, $"weights kind '{kind}' is not 'hash', 'npy' or 'h5'"),
        };
    }

    /// <summary>A torchvision model's state_dict from <c>{"kind": "hash", "seed": s}</c> or <c>{"kind": "state_dict",
    /// "dir": …}</c> (one NPY per key).</summary>
    static Dictionary<string, NpyArray> TorchWeights(GoldenCase c, ModelSpec spec, System.Text.Json.Nodes.JsonObject weights)
    {
        var kind = (string?)weights["kind"];
        return kind switch
        {
            "hash" => WeightFiles.HashStateDict(spec, (uint)((int?)weights["seed"] ?? throw new GoldenFormatException(c.ManifestPath, "hash weights need a 'seed'"))),
            "state_dict" => WeightFiles.ReadStateDict(Path.Combine(GoldenRepository.Root(), (string?)weights["dir"] ?? throw new GoldenFormatException(c.ManifestPath, "state_dict weights need a 'dir'"))),
            _ => throw new GoldenFormatException(c.ManifestPath, $"weights kind '{kind}' is not 'hash' or 'state_dict' (model {spec.Id} is a torchvision model)"),
        };
    }

    /// <summary>Keras weights read from an HDF5 file (or any kind) into the model: the parameters as the model holds
    /// them (torch layouts) and the model's output for x.</summary>
    static CaseOutputs H5Weights(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        var o = new CaseOutputs();
        foreach (var (k, v) in net.StateDictArrays()) o.Arrays[k] = v;
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        using (no_grad())
        using (var y = net.call(input)) o.Arrays["predictions"] = NpyTensor.ToNpy(y.cpu());
        return o;
    }

    /// <summary>A Keras model's weights converted to the torchvision model (<see cref="KerasToTorch"/>); x is given
    /// channels-last as Keras takes it and transposed to NCHW for the torch model.</summary>
    static CaseOutputs KerasToTorchForward(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var kerasSpec = ModelZoo.Get(Str(c, "keras_model"));
        var torchSpec = ModelZoo.Get(Str(c, "model"));
        var sd = KerasToTorch.StateDict(kerasSpec, KerasWeights(c, kerasSpec, WeightsParam(c)), torchSpec);
        using var net = new SpecNet(torchSpec);
        net.LoadStateDict(sd);
        net.to(device);
        var o = new CaseOutputs();
        foreach (var (name, rows) in WeightRows(c, sd["classifier.0.weight"])) o.Arrays[name] = rows;
        using var input = NpyTensor.ToTensor(In(x, "x")).permute(0, 3, 1, 2).contiguous().to(device);
        using (no_grad())
        using (var y = net.call(input)) o.Arrays["logits"] = NpyTensor.ToNpy(y.cpu());
        return o;
    }

    /// <summary>The outputs named <c>classifier.0.weight_rows_A_B</c>: rows A..B−1 of the converted fc1 weight (the
    /// Flatten permutation, checked directly).</summary>
    internal static IEnumerable<(string Name, NpyArray Rows)> WeightRows(GoldenCase c, NpyArray fc1Weight)
    {
        const string prefix = "classifier.0.weight_rows_";
        long n = fc1Weight.Shape[1];
        foreach (var output in c.Outputs.Where(q => q.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var ab = output.Name[prefix.Length..].Split('_').Select(int.Parse).ToArray();
            yield return (output.Name, NpyArray.FromFloats(fc1Weight.AsFloats()[(int)(ab[0] * n)..(int)(ab[1] * n)], ab[1] - ab[0], n));
        }
    }

    static CaseOutputs TorchPreprocessCase(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device _)
    {
        if (!Doubles(c, "mean").Select(v => (float)v).SequenceEqual(TorchPreprocess.Mean))
            throw new GoldenFormatException(c.ManifestPath, "params.mean is not the ImageNet mean the Reference uses");
        if (!Doubles(c, "std").Select(v => (float)v).SequenceEqual(TorchPreprocess.Std))
            throw new GoldenFormatException(c.ManifestPath, "params.std is not the ImageNet std the Reference uses");
        var pre = TorchPreprocess.PreprocessImage(In(x, "image"), Int(c, "size"));
        return Outputs(("x", pre), ("reprocessed", TorchPreprocess.ReprocessImage(pre)));
    }

    static CaseOutputs TorchGradCamCase(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        var order = Choice(c, "order", "order", ("resize_then_relu", TorchCamOrder.ResizeThenRelu), ("relu_then_resize", TorchCamOrder.ReluThenResize));
        var r = TorchGradCam.Compute(net, input, Str(c, "layer"), (int?)c.Params["class_index"], order, (bool?)c.Params["inplace_relu"] ?? true);
        return Outputs(("logits", r.Logits), ("class_index", NpyArray.FromInt64([r.ClassIndex])), ("activations", r.Activations),
            ("gradients", r.Gradients), ("weights", r.Weights), ("cam_raw", r.CamRaw), ("cam_resized", r.CamResized), ("cam", r.Cam));
    }

    static CaseOutputs DeconvnetCase(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        var start = Choice(c, "start", "start", ("feature_map", ProjectionStart.FeatureMap), ("top_activation", ProjectionStart.TopActivation));
        var rule = Choice(c, "rule", "rule", ("gradient", ReluBackwardRule.Gradient), ("deconvnet", ReluBackwardRule.Deconvnet),
            ("guided", ReluBackwardRule.GuidedBackprop));
        var layer = Str(c, "layer");
        NpyArray act;
        using (no_grad()) act = NpyTensor.ToNpy(net.ForwardAll(input)[layer].cpu());
        return Outputs(("layer_output", act), ("projection", Deconvnet.Project(net, input, layer, Int(c, "channel"), start, rule)));
    }

    static readonly object ModelLock = new();
    static SpecNet? cachedNet;
    static string? cachedKey;

    static CaseOutputs DlaiCam(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        bool wantZoomed = c.Outputs.Any(o => o.Name == "zoomed");
        var r = ClassActivationMap.Compute(net, input, Str(c, "features_layer"), Int(c, "zoom_order"), wantZoomed);
        // the manifest states the lab's zoom factors (H/h, W/w, 1); the method derives them from the shapes: they must agree
        var f = r.Features.Shape;
        double[] derived = [(double)input.shape[1] / f[1], (double)input.shape[2] / f[2], 1.0];
        if (!Doubles(c, "zoom").SequenceEqual(derived))
            throw new GoldenFormatException(c.ManifestPath, $"params.zoom [{string.Join(", ", Doubles(c, "zoom"))}] is not (H/h, W/w, 1) = [{string.Join(", ", derived)}]");
        return Outputs(("features", r.Features), ("predictions", r.Predictions), ("class_index", r.ClassIndex),
            ("zoomed", r.Zoomed), ("cam", r.Cam));
    }

    static CaseOutputs Saliency(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        var r = DlaiSaliency.Compute(net, input, Int(c, "class_index"));
        return Outputs(("predictions", r.Predictions), ("loss", r.Loss), ("gradients", r.Gradients),
            ("grayscale", r.Grayscale), ("scaled", r.Scaled), ("normalized", r.Normalized));
    }

    static CaseOutputs SaliencyScale(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        using var gray = NpyTensor.ToTensor(In(x, "grayscale")).to(device);
        var (scaled, u8) = DlaiSaliency.Scale(gray);
        return Outputs(("scaled", scaled), ("normalized", u8));
    }

    static CaseOutputs GetCam(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        var r = DlaiGradCam.Compute(net, input, Str(c, "layer"), Int(c, "label"));
        return Outputs(("conv_outputs", r.ConvOutputs), ("predictions", r.Predictions), ("gradients", r.Gradients),
            ("channel_weights", r.ChannelWeights), ("channel_mean", r.ChannelMean), ("heatmap", r.Heatmap),
            ("heatmap_guarded", r.HeatmapGuarded));
    }

    static CaseOutputs Train(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        using var labels = NpyTensor.ToTensor(In(x, "labels")).to(device);
        var r = TrainStep.Compute(net, input, labels, Str(c, "loss"));
        var o = Outputs(("loss", r.Loss), ("predictions", r.Predictions));
        for (int t = 0; t < r.Gradients.Count; t++) o.Arrays[$"grad_{t:00}_{r.Gradients[t].Name}"] = r.Gradients[t].Gradient;
        return o;
    }

    static CaseOutputs Summary(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device _)
    {
        var o = new CaseOutputs();
        o.Texts["summary"] = KerasSummary.Render(ModelZoo.Get(Str(c, "model")), Int(c, "line_length"));
        return o;
    }

    /// <summary>tf-keras-vis's penultimate_layer (an index or a name) resolved on the case's model; the manifest states
    /// the layer it resolves to, and the two must agree.</summary>
    static string Penultimate(GoldenCase c, SpecNet net)
    {
        object p = c.Params["penultimate_layer"] switch
        {
            System.Text.Json.Nodes.JsonValue v when v.TryGetValue<int>(out var i) => i,
            System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var name) => name,
            _ => throw new GoldenFormatException(c.ManifestPath, "method.params.penultimate_layer must be an integer or a layer name"),
        };
        var layer = Plumbing.SeekPenultimateConv(net.Spec, p);
        if (layer != Str(c, "resolved_layer"))
            throw new GoldenFormatException(c.ManifestPath, $"penultimate_layer {p} resolves to '{layer}', the manifest says '{Str(c, "resolved_layer")}'");
        return layer;
    }

    static CaseOutputs TfkvCam(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        var layer = Penultimate(c, net);
        var r = c.Method == "tfkv_gradcam"
            ? GradCam.Compute(net, input, layer, Ints(c, "indices"))
            : GradCamPlusPlus.Compute(net, input, layer, Ints(c, "indices"));
        return Outputs(("penultimate", r.Penultimate), ("outputs", r.Outputs), ("scores", r.Scores), ("grads", r.Grads),
            ("exp_scores", r.ExpScores), ("weights", r.Weights), ("cam_raw", r.CamRaw), ("cam_unexpanded", r.CamUnexpanded),
            ("cam", r.Cam));
    }

    static CaseOutputs TfkvScoreCam(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        var r = ScoreCam.Compute(net, input, Penultimate(c, net), Ints(c, "indices"), (int?)c.Params["max_N"],
            keepMasks: c.Outputs.Any(o => o.Name == "masks"));
        return Outputs(("penultimate", r.Penultimate), ("channels", r.Channels), ("masks", r.Masks),
            ("masked_predictions", r.MaskedPredictions), ("weights", r.Weights), ("cam_raw", r.CamRaw),
            ("cam_unexpanded", r.CamUnexpanded), ("cam", r.Cam));
    }

    static CaseOutputs TfkvSaliency(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        var noise = (float)((double?)c.Params["smooth_noise"] ?? 0.20);
        var r = c.Method == "tfkv_smoothgrad"
            ? Reference.Methods.TfKerasVis.Saliency.SmoothGrad(net, input, Ints(c, "indices"), In(x, "noise"), noise)
            : Reference.Methods.TfKerasVis.Saliency.Vanilla(net, input, Ints(c, "indices"));
        return Outputs(("outputs", r.Outputs), ("grads", r.Grads), ("sigma", r.Sigma), ("map", r.Map));
    }

    static CaseOutputs LoadImg(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device _)
    {
        var size = Ints(c, "target_size");
        if (size.Length != 2) throw new GoldenFormatException(c.ManifestPath, "method.params.target_size must be [height, width]");
        var files = c.Params["images"] as System.Text.Json.Nodes.JsonArray ?? throw new GoldenFormatException(c.ManifestPath, "method.params has no 'images' list");
        var imgs = files.Select(f => KerasImage.LoadImg(Path.Combine(GoldenRepository.Root(), (string)f!), size[0], size[1])).ToList();
        var shape = new[] { (long)imgs.Count }.Concat(imgs[0].Shape).ToArray();
        if (imgs.Any(i => !i.Shape.SequenceEqual(imgs[0].Shape))) throw new ArgumentException("the images have different shapes");
        var batch = NpyArray.FromBytes(imgs.SelectMany(i => i.Data).ToArray(), shape);
        return Outputs(("images", batch), ("preprocessed", ImagenetUtils.PreprocessCaffe(batch)));
    }

    static CaseOutputs Decode(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device _)
    {
        int top = Int(c, "top");
        var rows = ImagenetUtils.DecodePredictions(In(x, "preds"), top);
        var o = Outputs(("indices", NpyArray.FromInt64(rows.SelectMany(r => r.Select(p => (long)p.Index)).ToArray(), rows.Count, top)),
            ("scores", NpyArray.FromFloats(rows.SelectMany(r => r.Select(p => p.Score)).ToArray(), rows.Count, top)));
        o.Texts["printed"] = string.Concat(rows.Select(r => $"Predicted: [{string.Join(", ", r)}]\n"));
        return o;
    }

    static CaseOutputs Activations(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var net = Model(c, device);
        using var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        var acts = IntermediateActivations.Outputs(net, input, Strs(c, "layers"));
        var o = new CaseOutputs();
        foreach (var (k, v) in acts) o.Arrays[k] = v;
        int perRow = Int(c, "images_per_row");
        foreach (var l in Strs(c, "grid_layers"))
        {
            o.Arrays[$"grid_{l}"] = IntermediateActivations.Grid(acts[l], perRow);
            o.Arrays[$"grid_guarded_{l}"] = IntermediateActivations.Grid(acts[l], perRow, guarded: true);
        }
        return o;
    }

    static CaseOutputs Heatmap(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device _)
    {
        var heat = Jet.Heatmap(In(x, "map"));
        return Outputs(("heatmap", heat),
            ("overlay", x.TryGetValue("image", out var img) ? Jet.Overlay(heat, img, (double?)c.Params["alpha"] ?? 0.5) : null));
    }

    /// <summary>The named arrays of a case's outputs; a null array (an output the case does not ask for) is left out.</summary>
    static CaseOutputs Outputs(params (string Name, NpyArray? Value)[] arrays)
    {
        var o = new CaseOutputs();
        foreach (var (name, value) in arrays)
            if (value is not null) o.Arrays[name] = value;
        return o;
    }

    static NpyArray In(IReadOnlyDictionary<string, NpyArray> x, string name) =>
        x.TryGetValue(name, out var a) ? a : throw new ArgumentException($"input '{name}' is missing (inputs: {string.Join(", ", x.Keys)})");

    static CaseOutputs Loss(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var yTrue = NpyTensor.ToTensor(In(x, "y_true")).to(device);
        var yPred = NpyTensor.ToTensor(In(x, "y_pred")).to(device);
        // params.epsilon: keras.config.epsilon() when a case sets it (none of the goldens does: Keras's 1e-7)
        var per = KerasLosses.ByName(Str(c, "loss"), yTrue, yPred, (bool?)c.Params["from_logits"] ?? false,
            (float)((double?)c.Params["epsilon"] ?? KerasLosses.Epsilon));
        return Outputs(("per_sample", NpyTensor.ToNpy(per)), ("reduced", NpyTensor.ToNpy(KerasLosses.SumOverBatchSize(per))));
    }

    static CaseOutputs PoolUnpool(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Device device)
    {
        var input = NpyTensor.ToTensor(In(x, "x")).to(device);
        var size = c.Params["output_size"] is System.Text.Json.Nodes.JsonArray { Count: 2 } a && a.All(v => v is not null)
            ? a.Select(v => (int)v!).ToArray()
            : throw new GoldenFormatException(c.ManifestPath, "method.params has no 'output_size' [height, width]");
        var sw = MaxUnpool.Pool(input, Int(c, "pool_size"), Int(c, "strides"));
        return Outputs(("pooled", NpyTensor.ToNpy(sw.Pooled)), ("argmax_nhwc", NpyTensor.ToNpy(sw.ArgmaxNhwc)),
            ("indices_nchw", NpyTensor.ToNpy(sw.IndicesNchw)),
            ("unpooled", NpyTensor.ToNpy(MaxUnpool.Unpool(sw.Pooled, sw.IndicesNchw, size[0], size[1]))));
    }
}
