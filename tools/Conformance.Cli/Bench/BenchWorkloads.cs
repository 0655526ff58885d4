using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.Reference.Models;
using KerasVis.Reference.Numerics;
using KerasVis.ReferenceBackend.Adapters;
using static TorchSharp.torch;

namespace KerasVis.Cli.Bench;

/// <summary>One benchmark row: what it runs, the row it is measured against in this process (<see cref="Bar"/> ×
/// <see cref="BarTimes"/>: the forward + backward a gradient method needs, the bare forwards Score-CAM needs) and the
/// targets of issue 17 it is held to. Heavy rows run <c>--heavy-reps</c> times instead of <c>--reps</c>; a row with
/// <see cref="Repeat"/> &gt; 1 is timed over that many calls and reports seconds per call.</summary>
public sealed record Workload(string Name, string What, string? Bar = null, double BarTimes = 1, double? MaxOverBar = null,
    double MinSpeedup = 1.3, bool Heavy = false, bool Baseline = true, int Repeat = 1)
{
    /// <summary>A method (not a bare forward or capture): held to being faster than the baseline.</summary>
    public bool IsMethod => Bar is not null && !Name.Contains("fwd_bwd", StringComparison.Ordinal);
}

/// <summary>The Reference side of <c>conformance bench</c>: the same workloads as tools/bench/baseline.py, on the same
/// counter-hash weights and inputs; models and inputs built on first use and kept for the run.</summary>
public sealed class BenchWorkloads : IDisposable
{
    public static readonly IReadOnlyList<Workload> All =
    [
        new("vgg16_forward", "VGG16 224², batch 1: the bare forward (no autograd)"),
        new("vgg16_fwd_bwd_layer", "forward + backward to block5_conv3 (the capture Grad-CAM and Grad-CAM++ use)", "vgg16_forward"),
        new("vgg16_gradcam", "tf-keras-vis Grad-CAM at block5_conv3, map zoomed to 224² and normalized", "vgg16_fwd_bwd_layer", MaxOverBar: 1.2),
        new("vgg16_gradcampp", "tf-keras-vis Grad-CAM++ at block5_conv3", "vgg16_fwd_bwd_layer", MaxOverBar: 1.2),
        new("vgg16_fwd_bwd_input", "forward + backward to the input (the capture saliency uses)", "vgg16_forward"),
        new("vgg16_saliency", "tf-keras-vis vanilla saliency", "vgg16_fwd_bwd_input", MaxOverBar: 1.2),
        new("vgg16_smoothgrad20", "tf-keras-vis SmoothGrad, 20 samples (batched 4 per pass)", "vgg16_fwd_bwd_input", 20, MaxOverBar: 1.2),
        new("vgg16_forward512", "512 bare forwards in Score-CAM's batches (the bar Score-CAM is held to)", Heavy: true, Baseline: false),
        new("vgg16_scorecam512", "tf-keras-vis Score-CAM, all 512 channels of block5_conv3", "vgg16_forward512", MaxOverBar: 1.3, Heavy: true),
        new("lab1_forward", "Lab1 CNN 28², batch 1: the forward to the features and predictions (per call, timed over 100)", Repeat: 100),
        new("lab1_cam", "the DLAI Lab1 CAM: features zoomed (order 2) · dense weights (per call, timed over 100)", "lab1_forward", Repeat: 100),
        new("lab2_forward", "Lab2 CNN 300², batch 1: the forward to the features and predictions"),
        new("lab2_cam", "the DLAI Lab2 CAM (37² features → 300², order 2)", "lab2_forward"),
        new("zoom_scorecam_masks", "SplineZoom (1, 14, 14, 512) → (1, 224, 224, 512), order 1, nearest (Score-CAM's masks)"),
        new("zoom_lab2_cam", "SplineZoom (37, 37, 128) → (300, 300, 128), order 2 (the Lab2 CAM's zoom)"),
        new("alexnet_forward", "torchvision AlexNet 224², batch 1: the bare forward"),
        new("alexnet_fwd_bwd_input", "forward + backward to the input", "alexnet_forward"),
        new("alexnet_pgc_scorecam", "pytorch-grad-cam ScoreCAM at features.11: 256 masked inputs, batches of 16", "alexnet_forward", 257),
        new("alexnet_pgc_ablationcam", "pytorch-grad-cam AblationCAM at features.11: 256 ablated heads, batches of 32", "alexnet_forward", 257),
        new("alexnet_captum_ig50", "captum IntegratedGradients, gausslegendre, 50 steps in one batch", "alexnet_fwd_bwd_input", 50),
        new("alexnet_captum_occlusion", "captum Occlusion, windows 3×45×45, strides 3×30×30 (49 windows)", "alexnet_forward", 50),
    ];

    /// <summary>The multiply-adds a row's run needs at the least — its forwards' (<see cref="ForwardFmas"/>) — for the rows
    /// measured against the FMA peak: the bare forwards, and Score-CAM's 512 masked forwards (its floor); null for others.</summary>
    public static double? Fmas(string name) => name switch
    {
        "vgg16_forward" => ForwardFmas.Of(ModelZoo.Get("vgg16")),
        "vgg16_forward512" or "vgg16_scorecam512" => 512 * ForwardFmas.Of(ModelZoo.Get("vgg16")),
        "alexnet_forward" => ForwardFmas.Of(ModelZoo.Get("alexnet")),
        _ => null,
    };

    /// <summary>Untimed work before a heavy row's timed run: the 512 bare forwards are preceded by 20 in the same batches
    /// (oneDNN's primitives for that batch size created, the freed heap grown), as Score-CAM is by them.</summary>
    public void WarmUp(Workload w)
    {
        if (w.Name != "vgg16_forward512") return;
        using var scope = NewDisposeScope();
        BareForwards(Vgg, VggInput, 20);
    }

    readonly Dictionary<string, IDisposable> cache = [];
    readonly Dictionary<string, object> values = [];

    T Get<T>(string key, Func<T> build) where T : notnull
    {
        if (!values.TryGetValue(key, out var v)) { values[key] = v = build(); if (v is IDisposable d) cache[key] = d; }
        return (T)v;
    }

    SpecNet Vgg => Get("vgg16", () => ModelFactory.Build("vgg16", new WeightsSpec(WeightsKind.Hash, Seed: 1), linear: true, CPU));
    Tensor VggInput => Get("vgg16_x", () =>
    {
        var rgb = KerasImage.LoadImg(Path.Combine(GoldenRepository.Root(), "fixtures", "images", "photos", "chelsea.png"), 224, 224);
        return NpyTensor.ToTensor(ImagenetUtils.PreprocessCaffe(NpyArray.FromBytes(rgb.Data, 1, 224, 224, 3)));
    });
    int Class => Get("vgg16_class", () => { using (no_grad()) using (var y = Vgg.forward(VggInput)) return (int)y[0].argmax().item<long>(); });
    SpecNet Lab(string id) => Get(id, () => ModelFactory.Build(id, new WeightsSpec(WeightsKind.Hash, Seed: 1), linear: false, CPU));
    Tensor LabInput(string id, params long[] shape) => Get(id + "_x", () => NpyTensor.ToTensor(Pattern(shape)));

    /// <summary>(i mod 251) / 251, row-major, float32: the labs' and zooms' input (tools/bench/models.py :: pattern).</summary>
    static NpyArray Pattern(params long[] shape)
    {
        var v = new float[NpyArray.Count(shape)];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(i % 251 / 251.0);
        return NpyArray.FromFloats(v, shape);
    }

    /// <summary>The workload as an action that runs it <see cref="Workload.Repeat"/> times, each run in a dispose scope of
    /// its own; the models and inputs it uses are built here, before any timing (they live for the bench run).</summary>
    public Action Prepare(Workload w)
    {
        var job = Job(w.Name);
        return () =>
        {
            for (int i = 0; i < w.Repeat; i++)
            {
                using var scope = NewDisposeScope();
                job();
            }
        };
    }

    Action Job(string name)
    {
        if (name.StartsWith("vgg16", StringComparison.Ordinal))
        {
            var (net, x, cls) = (Vgg, VggInput, Class);
            return name switch
            {
                "vgg16_forward" => () => { using (no_grad()) net.forward(x); },
                "vgg16_fwd_bwd_layer" => () => net.GradientAt(x, "block5_conv3", y => y[.., cls]),
                "vgg16_gradcam" => () => GradCam.Compute(net, x, "block5_conv3", [cls]),
                "vgg16_gradcampp" => () => GradCamPlusPlus.Compute(net, x, "block5_conv3", [cls]),
                "vgg16_fwd_bwd_input" => () => net.GradientAt(x, null, y => y[.., cls]),
                "vgg16_saliency" => () => Saliency.Vanilla(net, x, [cls]),
                "vgg16_smoothgrad20" => () => Saliency.SmoothGradSeeded(net, x, [cls], 20, 0),
                "vgg16_forward512" => () => BareForwards(net, x, 512),
                "vgg16_scorecam512" => () => ScoreCam.Compute(net, x, "block5_conv3", [cls], maxN: null, keepMasks: false),
                _ => throw new ArgumentException($"unknown workload '{name}'"),
            };
        }
        if (name.StartsWith("lab", StringComparison.Ordinal))
        {
            var id = name[..4];
            var (net, x) = (Lab(id), id == "lab1" ? LabInput(id, 1, 28, 28, 1) : LabInput(id, 1, 300, 300, 3));
            return name.EndsWith("_forward", StringComparison.Ordinal)
                ? () => { using (no_grad()) net.ForwardAll(x); }
                : () => ClassActivationMap.Compute(net, x, keepZoomed: false);
        }
        if (name.StartsWith("alexnet", StringComparison.Ordinal)) return AlexNetJob(name);
        return name switch
        {
            "zoom_scorecam_masks" => () => SplineZoom.Zoom(Get("masks", () => Pattern(1, 14, 14, 512)), [1.0, 16, 16, 1], 1, ZoomMode.Nearest),
            "zoom_lab2_cam" => () => SplineZoom.Zoom(Get("feats", () => Pattern(37, 37, 128)), [300 / 37.0, 300 / 37.0, 1], 2),
            _ => throw new ArgumentException($"unknown workload '{name}'"),
        };
    }

    /// <summary>The methods beyond the labs on torchvision AlexNet (counter-hash weights), the pattern input and its top
    /// class (tools/bench/alexnet_methods.py is the baseline).</summary>
    Action AlexNetJob(string name)
    {
        var net = Get("alexnet", () => ModelFactory.Build("alexnet", new WeightsSpec(WeightsKind.Hash, Seed: 1), linear: false, CPU));
        var x = Get("alexnet_x", () => NpyTensor.ToTensor(Pattern(1, 3, 224, 224)));
        int cls = Get("alexnet_class", () => { using (no_grad()) using (var y = net.forward(x)) return (int)y[0].argmax().item<long>(); });
        return name switch
        {
            "alexnet_forward" => () => { using (no_grad()) net.forward(x); },
            "alexnet_fwd_bwd_input" => () => net.GradientAt(x, null, y => y[.., cls]),
            "alexnet_pgc_scorecam" => () => Reference.Methods.PytorchGradCam.ScoreCam.Compute(net, x, "features.11", [cls]),
            "alexnet_pgc_ablationcam" => () => Reference.Methods.PytorchGradCam.AblationCam.Compute(net, x, "features.11", [cls]),
            "alexnet_captum_ig50" => () =>
            {
                using var b = zeros_like(x);
                Reference.Methods.Captum.IntegratedGradients.Compute(net, x, b, [cls], 50, Reference.Methods.Captum.IgMethod.Gausslegendre);
            },
            "alexnet_captum_occlusion" => () => Reference.Methods.Captum.Occlusion.Compute(net, x, [cls], [3, 45, 45], [3, 30, 30], 0),
            _ => throw new ArgumentException($"unknown workload '{name}'"),
        };
    }

    /// <summary>n forwards of the input in Score-CAM's batch size, each batch a fresh tensor as Score-CAM's masked inputs are.</summary>
    static void BareForwards(SpecNet net, Tensor x, int n)
    {
        int b = ScoreCam.AutoBatch(x.shape[1], x.shape[2]);
        using var _ = no_grad();
        for (int done = 0; done < n; done += b)
        {
            using var scope = NewDisposeScope();
            net.Infer(x.expand(Math.Min(b, n - done), -1, -1, -1) * 1f);
        }
    }

    public void Dispose()
    {
        foreach (var d in cache.Values) d.Dispose();
        cache.Clear();
        values.Clear();
    }
}
