using System.CommandLine;
using KerasVis.Conformance.Imaging;
using KerasVis.Conformance.IO;
using KerasVis.Reference.Fixtures;
using KerasVis.Reference.Imaging;
using KerasVis.Reference.IO;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.Cli;

/// <summary><c>conformance explain</c>: the VGG16 lab's picture for one image: load_img → preprocess_input → the method →
/// <c>np.uint8(cm.jet(map)[..., :3] * 255)</c> blended half and half over the image; or, with --layer, the lab's
/// activation grid of one layer.</summary>
public static class ExplainCommand
{
    // every adapter that can draw (IExplainer): the registry's list, never one kept here
    static string[] Methods => [.. MethodRegistry.Explainers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The explainers that take the PyTorch report's torchvision models.</summary>
    static IEnumerable<string> TorchMethods() =>
        MethodRegistry.Explainers.Values.Where(e => e.Models == ExplainModels.TorchReport).Select(e => e.ExplainName).Order(StringComparer.Ordinal);

    /// <param name="listMethods">whether to read the method list from the registry (which loads the Reference) into the
    /// options' help; without it the help points at <c>explain --help</c> and Run checks the name</param>
    public static Command Build(bool listMethods = true)
    {
        var torch = listMethods ? string.Join("|", TorchMethods()) : "(the torchvision methods)";
        var model = new Option<string>("--model")
        {
            Description = $"a Keras lab model: vgg16, lab4, lab1; or for --method {torch}: alexnet, vgg16-torch, or both comma-separated (side by side)",
            DefaultValueFactory = _ => "vgg16",
        };
        var method = new Option<string?>("--method") { Description = listMethods ? string.Join("|", Methods)
            : "a method explain draws (explain --help lists them)" };
        if (listMethods) method.AcceptOnlyFromAmong(Methods);
        var image = new Option<string>("--image") { Description = "an image file (PNG; JPEG decodes differently from Pillow)", Required = true };
        var cls = CliOptions.RangedOptional("--class", "the class index to explain", 0, 999);
        var rank = CliOptions.RangedOptional("--rank", "explain the R-th best class (1 = best; the lab's Task 2)", 1, 1000);
        var layer = new Option<string?>("--layer") { Description = "draw this layer's activation grid instead of a heatmap" };
        var outp = new Option<string>("--out") { Description = "the PNG to write", Required = true };
        var weights = new Option<string>("--weights") { Description = "hash:SEED (counter-hash fixture weights), a Keras HDF5 weights file (FILE.h5, " +
            "e.g. vgg16_weights_tf_dim_ordering_tf_kernels.h5) or a folder of Keras-layout NPY files", DefaultValueFactory = _ => "hash:1" };
        var maxN = CliOptions.RangedOptional("--max-n", "Score-CAM: keep the N channels of largest std (Faster-Score-CAM)", 1, 4096);
        var samples = CliOptions.Ranged("--samples", "SmoothGrad: noisy samples (the lab: 20)", 1, 1000, 20);
        var seed = new Option<int>("--seed") { Description = "SmoothGrad noise seed (MathNet Mersenne Twister: NOT the noise tf-keras-vis draws)",
            DefaultValueFactory = _ => 0 };
        var device = CliOptions.Choice("--device", "the device: cpu or cuda", "cpu", "cpu", "cuda");
        var cmd = new Command("explain", "Draw the VGG16 lab's heatmap overlay (or activation grid) for one image")
            { model, method, image, cls, rank, layer, outp, weights, maxN, samples, seed, device };
        cmd.SetAction(r =>
        {
            try { return Run(r.GetValue(model)!, r.GetValue(method), r.GetValue(image)!, r.GetValue(cls), r.GetValue(rank), r.GetValue(layer),
                r.GetValue(outp)!, r.GetValue(weights)!, r.GetValue(maxN), r.GetValue(samples), r.GetValue(seed), r.GetValue(device)!); }
            // what the Reference raises on a bad --model, --layer, --class, image or weights is the user's input here:
            // CliHost prints it as one error line with exit 2 (InputExceptions already are)
            catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException) { throw new UsageException(e.Message); }
        });
        return cmd;
    }

    /// <summary>The most bytes --image and a --weights file may hold (VGG16's HDF5 weights are 528 MiB).</summary>
    const long MaxImageBytes = 256L << 20, MaxWeightsBytes = 2L << 30;

    /// <summary>--image and --weights (a file, or each file of a folder) must be regular files of a sane size before
    /// anything opens them, a link followed to its target first: a FIFO would block the read forever and /dev/zero never end.</summary>
    static void CheckReadable(string imagePath, string weightsArg)
    {
        static string? Problem(string path, long max) =>
            RegularFile.Problem((new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? new FileInfo(path)).FullName, max);
        if (Problem(imagePath, MaxImageBytes) is { } image) throw new ArgumentException($"--image {imagePath} {image}");
        if (weightsArg.StartsWith("hash:", StringComparison.Ordinal)) return;
        var files = Directory.Exists(weightsArg) ? Directory.EnumerateFiles(weightsArg).Take(10_000).ToArray() : [weightsArg];
        foreach (var f in files)
            if (Problem(f, MaxWeightsBytes) is { } weights) throw new ArgumentException($"--weights {f} {weights}");
    }

    static int Run(string modelId, string? method, string imagePath, int? cls, int? rank, string? layer, string outPath,
        string weightsArg, int? maxN, int samples, int seed, string deviceName)
    {
        if (layer is null && (method is null || !MethodRegistry.Explainers.ContainsKey(method)))
            throw new ArgumentException($"--method must be one of {string.Join(", ", Methods)} (or give --layer)");
        if (cls is not null && rank is not null) throw new ArgumentException("give --class or --rank, not both");
        if (FileDestination.Problem(outPath) is { } outProblem) throw new ArgumentException($"--out {outPath} {outProblem}");
        CheckReadable(imagePath, weightsArg);
        FreedMemory.Keep();   // batched methods reuse their freed activations instead of page-faulting them anew
        if (deviceName == "cuda"
            && !cuda.is_available()) throw new NotSupportedException("--device cuda: CUDA is not available in this build (TorchSharp-cpu)");
        var device = new Device(deviceName == "cuda" ? DeviceType.CUDA : DeviceType.CPU);
        var explainer = method is null ? null : MethodRegistry.Explainers[method];
        var options = new ExplainOptions(maxN, samples, seed, Progress(method == "smoothgrad" ? "noisy samples" : "masked forwards"));
        if (explainer?.Models == ExplainModels.TorchReport) return RunTorch(explainer, modelId, imagePath, cls, rank, layer, outPath, weightsArg, device,
            options);
        var spec = ModelZoo.Get(modelId);
        if (spec.IsTorchLayout)
            throw new ArgumentException($"model {modelId} is a torchvision model: use --method {string.Join(" or ", TorchMethods())}");
        var (h, w, ch) = (spec.InputShape[0], spec.InputShape[1], spec.InputShape[2]);
        Console.Error.WriteLine($"[1/4] load_img {imagePath} at {h}x{w}");
        var rgb = KerasImage.LoadImg(imagePath, h, w);
        var x = Prepare(modelId, rgb, ch);
        Console.Error.WriteLine($"[2/4] model {modelId}, weights {weightsArg}");
        bool linear = layer is null && explainer!.Linear;
        using var net = ModelFactory.Build(modelId, WeightsSpec.FromCli(weightsArg, torchLayout: false), linear, device);
        using var input = NpyTensor.ToTensor(x).to(device);
        NpyArray picture;
        if (layer is not null)
        {
            Console.Error.WriteLine($"[3/4] activations of {layer}");
            var act = IntermediateActivations.Outputs(net, input, [layer])[layer];
            var grid = IntermediateActivations.Grid(act, guarded: true);
            var g = Array.ConvertAll(grid.AsDoubles(), v => (float)v);
            float lo = g.Min(), hi = g.Max();
            picture = Jet.Heatmap(NpyArray.FromFloats(Array.ConvertAll(g, v => hi > lo ? (v - lo) / (hi - lo) : 0f), grid.Shape));
            picture = Caption.Add(picture, [$"{modelId} activations {layer}", $"weights {weightsArg}"], Num(lo), Num(hi));
        }
        else
        {
            var scores = Scores(net, input);
            int target = Target(scores, cls, rank, modelId);
            if (scores.Length == 1000) Console.Error.WriteLine("      " + TopFive(scores));
            string layerName = explainer!.DefaultLayer(net.Spec);
            var className = scores.Length == 1000 ? ImagenetUtils.ClassIndex[target].Name : $"class {target}";
            Console.Error.WriteLine($"[3/4] {method} for class {target}{(scores.Length == 1000 ? " " + className : "")}, layer {layerName}");
            var map = explainer.Explain(new ExplainRequest(net, input, layerName, target, options)).Map;
            var warning = MapWarning(map.AsFloats(), method!, scores[target], probabilities: !linear);
            if (warning is not null) Console.Error.WriteLine($"warning: {warning}");
            var one = NpyArray.FromFloats(map.AsFloats(), h, w);
            picture = Jet.Overlay(Jet.Heatmap(one), rgb, 0.5);
            // a map that says nothing says so in the picture too, not only on stderr
            string[] lines = [$"{modelId} {method} {layerName}", $"{target} {className}",
                $"{(linear ? "logit" : "score")} {Num(scores[target])} weights {weightsArg}"];
            picture = Caption.Add(picture, warning is null ? lines : [.. lines, "NO MAP: " + warning.Split(':')[0].ToUpperInvariant()], "0", "1");
        }
        Console.Error.WriteLine($"[4/4] writing {outPath}");
        Png.Write(outPath, picture);
        return 0;
    }

    static float[] Scores(SpecNet net, Tensor input)
    {
        using var _ = no_grad();
        using var probs = net.forward(input).detach().cpu();
        return probs[0].data<float>().ToArray();
    }

    /// <summary>The class to explain: --class, the --rank-th best, or the best.</summary>
    static int Target(float[] scores, int? cls, int? rank, string modelId)
    {
        if (rank > scores.Length) throw new UsageException($"--rank {rank}: model {modelId} has only {scores.Length} classes");
        int target = cls ?? Ranked(scores)[(rank ?? 1) - 1];
        return target >= 0 && target < scores.Length ? target : throw new ArgumentException($"--class {target} is not in [0, {scores.Length})");
    }

    /// <summary>"top 5: 423 barber_chair, …" — and where the fifth score ties with others (counter-hash weights often give
    /// hundreds of classes a probability of 0), how many tie, so a tied order is not read as a ranking.</summary>
    static string TopFive(float[] scores)
    {
        var ranked = Ranked(scores);
        var top = "top 5: " + string.Join(", ", ranked.Take(5).Select(i => $"{i} {ImagenetUtils.ClassIndex[i].Name}"));
        float fifth = scores[ranked[4]];
        int tied = scores.Count(s => s == fifth);
        return tied > 1 && scores[ranked[5]] == fifth ? $"{top} ({tied} classes tie at {Num(fifth)}: their order is the index order, not a ranking)" : top;
    }

    /// <summary>The methods that take seconds report their steps — Score-CAM's masked forwards (a minute on VGG16),
    /// SmoothGrad's noisy samples (half a minute for 20) — about every 10 % of them.</summary>
    static Action<long, long> Progress(string what)
    {
        long last = 0;
        return (done, all) =>
        {
            if (done * 10 / all == last * 10 / all && done != all) return;
            last = done;
            Console.Error.WriteLine($"      {what} {done}/{all}");
        };
    }

    /// <summary>Why a map says nothing, or null: NaN anywhere (Grad-CAM++'s exp(score) overflows float32 above 88.72, and
    /// tf-keras-vis draws the same NaN map), or one value everywhere (nothing positive survived the ReLU).</summary>
    static string? MapWarning(float[] map, string method, float score, bool probabilities)
    {
        if (map.Any(float.IsNaN))
            return method == "gradcampp" && !probabilities && score > 88.72f
                ? $"the Grad-CAM++ map is NaN: exp(score) overflows float32 for scores above 88.72 (this class scores {score:G4}); tf-keras-vis computes " +
                    $"the same NaN map — pick another class or --method gradcam"
                : $"the {method} map holds NaN values (drawn as the lowest colour)";
        return map.Min() == map.Max()
            ? $"the {method} map is constant ({map[0]:G4}): nothing positive survived the ReLU for this class, so the overlay shows no evidence" : null;
    }

    static string Num(double v) => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Class indices best first (ties: the lower index first).</summary>
    static int[] Ranked(float[] scores) =>
        Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();

    /// <summary>The PyTorch report's pictures (seed 004): preprocess_image, the method at its default layer (or --layer),
    /// its map as a jet overlay on reprocess_image, or its own image. Several models (comma-separated) are drawn side
    /// by side, as the report compares them.</summary>
    static int RunTorch(IExplainer explainer, string models, string imagePath, int? cls, int? rank, string? layer, string outPath,
        string weightsArg, Device device, ExplainOptions options)
    {
        var ids = models.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Console.Error.WriteLine($"[1/4] preprocess_image {imagePath} (cv2-style bilinear to 224x224, ImageNet mean/std)");
        var x = TorchPreprocess.PreprocessImage(KerasImage.LoadImg(imagePath));
        var shown = TorchPreprocess.ReprocessImage(x);
        var panels = new List<NpyArray>();
        foreach (var id in ids)
        {
            var spec = ModelZoo.Get(id);
            if (!spec.IsTorchLayout) throw new ArgumentException($"--method {explainer.ExplainName} takes torchvision models (alexnet, vgg16-torch), not {id}");
            Console.Error.WriteLine($"[2/4] model {id}, weights {weightsArg}");
            using var net = ModelFactory.Build(id, WeightsSpec.FromCli(weightsArg, torchLayout: true), linear: false, device);
            using var input = NpyTensor.ToTensor(x).to(device);
            int? k = cls ?? (rank is null ? null : Target(Scores(net, input), null, rank, id));
            var r = explainer.Explain(new ExplainRequest(net, input, layer ?? explainer.DefaultLayer(spec), k, options));
            Console.Error.WriteLine($"[3/4] {r.Title}: {r.Detail}");
            var drawn = r.IsHeatmap ? Jet.Overlay(Jet.Heatmap(r.Map), shown, 0.5) : r.Map;
            panels.Add(Caption.Add(drawn, [$"{id} {r.Title}", r.Detail ?? "", $"weights {weightsArg}"], r.IsHeatmap ? "0" : null, r.IsHeatmap ? "1" : null));
        }
        Console.Error.WriteLine($"[4/4] writing {outPath}");
        Png.Write(outPath, panels.Count == 1 ? panels[0] : Png.SideBySide(panels));
        return 0;
    }

    /// <summary>The lab's input: VGG16-family models get preprocess_input (caffe); the Fashion-MNIST models get gray / 255.</summary>
    static NpyArray Prepare(string modelId, NpyArray rgb, int channels)
    {
        var shape = new long[] { 1, rgb.Shape[0], rgb.Shape[1], channels };
        if (channels == 3 && modelId is "vgg16" or "lab4") return ImagenetUtils.PreprocessCaffe(NpyArray.FromBytes(rgb.Data, shape[0], shape[1], shape[2], 3));
        var px = rgb.Data;
        var v = new float[px.Length / 3 * channels];
        for (int i = 0; i < px.Length / 3; i++)
            for (int c = 0; c < channels; c++) v[i * channels + c] = px[3 * i + (channels == 3 ? c : 0)] / 255f;
        return NpyArray.FromFloats(v, shape);
    }
}
