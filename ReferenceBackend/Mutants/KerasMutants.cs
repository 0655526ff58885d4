using System.Globalization;
using System.Text.RegularExpressions;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Imaging;
using KerasVis.Conformance.IO;
using KerasVis.Reference.Imaging;
using KerasVis.Reference.IO;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Methods;
using static KerasVis.ReferenceBackend.Mutants.MutantArrays;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>Porting bugs in the Keras plumbing: losses, the training step, model.summary(), image loading and
/// preprocessing, intermediate activations, the jet heatmap, max pooling switches and unpooling.</summary>
static class KerasMutants
{
    public static IEnumerable<Mutant> All()
    {
        yield return Mutant.Outputs("bce-summed-not-averaged", "binary cross-entropy SUMMED over the last axis where Keras takes the mean",
            ["keras_loss"], (c, x, o) =>
            {
                if ((string?)c.Params["loss"] != "binary_crossentropy") return;
                long k = x["y_pred"].Shape[^1];
                o.Arrays[OutputNames.PerSample] = Map(o.Arrays[OutputNames.PerSample], v => v * k);
                o.Arrays[OutputNames.Reduced] = Map(o.Arrays[OutputNames.Reduced], v => v * k);
            });
        yield return Mutant.Params("epsilon-1e-8", "probabilities clipped to [1e-8, 1 − 1e-8] (PyTorch-style ε) instead of Keras's epsilon() = 1e-7",
            ["keras_loss"], (_, p) => p["epsilon"] = 1e-8);
        yield return Mutant.Params("from-logits-ignored", "from_logits=True dropped: logits treated as probabilities",
            ["keras_loss"], (_, p) => p["from_logits"] = false);
        yield return Mutant.Outputs("train-loss-summed-over-batch",
            "training loss reduced by SUM over the batch instead of sum_over_batch_size (gradients × N)",
            ["keras_train_step"], (_, x, o) =>
            {
                long n = x["x"].Shape[0];
                foreach (var k in o.Arrays.Keys.Where(k => k == "loss" || k.StartsWith("grad_", StringComparison.Ordinal)).ToList())
                    o.Arrays[k] = Map(o.Arrays[k], v => v * n);
            });
        yield return Mutant.Outputs("summary-size-in-1000s", "model.summary() memory sizes in units of 1000 bytes where Keras divides by 1024",
            ["keras_summary"], (_, _, o) =>
            {
                if (!o.Texts.TryGetValue("summary", out var text)) return;
                o.Texts["summary"] = Regex.Replace(text, @"params: ([\d,]+) \([\d.]+ [KMGT]?B\)", m =>
                {
                    long count = long.Parse(m.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
                    return $"params: {m.Groups[1].Value} ({ReadableSize(count * 4.0, 1000)})";
                });
            });
        yield return Mutant.Outputs("summary-batch-dim-as-minus-one", "model.summary() batch dimension printed as -1 (torchsummary's habit) instead of None",
            ["keras_summary"], (_, _, o) =>
            {
                if (o.Texts.TryGetValue("summary", out var text)) o.Texts["summary"] = text.Replace("(None, ", "(-1, ").Replace("(None,)", "(-1,)");
            });
        yield return Mutant.Outputs("caffe-rgb-not-flipped", "preprocess_input('caffe') subtracts the means from R, G, B in place, without flipping RGB to BGR",
            ["keras_load_img"], (_, _, o) =>
            {
                var img = o.Arrays[OutputNames.Images];
                var v = new float[img.Data.Length];
                for (int i = 0; i < v.Length; i++) v[i] = img.Data[i] - ImagenetUtils.CaffeMeanBgr[i % 3];
                o.Arrays[OutputNames.Preprocessed] = NpyArray.FromFloats(v, img.Shape);
            });
        yield return Mutant.Outputs("caffe-as-imagenet-mean-std",
            "preprocess_input with torch-mode ImageNet mean/std ((x/255 − mean)/std, RGB) instead of caffe means",
            ["keras_load_img"], (_, _, o) =>
            {
                var img = o.Arrays[OutputNames.Images];
                var v = new float[img.Data.Length];
                for (int i = 0; i < v.Length; i++) v[i] = (img.Data[i] / 255f - TorchPreprocess.Mean[i % 3]) / TorchPreprocess.Std[i % 3];
                o.Arrays[OutputNames.Preprocessed] = NpyArray.FromFloats(v, img.Shape);
            });
        yield return Mutant.Outputs("activations-nchw-buffer-as-nhwc",
            "intermediate activations copied from an NCHW buffer into an NHWC-shaped array without transposing",
            ["keras_activations"], (c, _, o) =>
            {
                foreach (var layer in c.Params["layers"]!.AsArray().Select(n => (string)n!))
                    if (o.Arrays.TryGetValue(layer, out var a) && a.Shape.Length == 4)
                    {
                        using var t = NpyTensor.ToTensor(a);
                        var raw = NpyTensor.ToNpy(t.permute(0, 3, 1, 2).contiguous());
                        o.Arrays[layer] = new NpyArray(raw.DType, a.Shape, raw.Data);
                    }
            });
        yield return Mutant.Outputs("jet-rounding-not-truncation", "jet colours as round(lut·255) where matplotlib's np.uint8 truncates",
            ["jet_heatmap"], (c, x, o) =>
            {
                var v = x["map"].AsFloats();
                var b = new byte[v.Length * 3];
                for (int i = 0; i < v.Length; i++)
                {
                    int k = Jet.Index(v[i]);
                    if (k >= 0) for (int ch = 0; ch < 3; ch++) b[3 * i + ch] = (byte)Math.Round(Jet.Lut[k, ch] * 255);
                }
                var heat = NpyArray.FromBytes(b, x["map"].Shape.Append(3L).ToArray());
                o.Arrays[OutputNames.Heatmap] = heat;
                if (x.TryGetValue("image", out var image)) o.Arrays[OutputNames.Overlay] = Jet.Overlay(heat, image, (double?)c.Params["alpha"] ?? 0.5);
            });
        yield return Mutant.Outputs("maxpool-ties-last-max",
            "max-pooling switches at the LAST maximum of a window with ties (a >= scan) where TF and torch keep the first",
            ["max_pool_unpool"], (c, x, o) => LastMaxPool(c, x["x"], o));
        // where a switch lands outside the default-size map, PyTorch's max_unpool2d raises ("invalid max index"): the
        // port with this bug writes no unpooled map for that case, so the mutant returns the other outputs without it
        yield return new Mutant("unpool-without-output-size",
            "unpooling to (h − 1)·stride + pool (MaxUnpool2d without output_size) instead of the pooled layer's input size",
            ["max_pool_unpool"], (c, x, reference) =>
            {
                var bug = c.WithParams(p =>
                {
                    int k = (int?)p["pool_size"] ?? 2, s = (int?)p["strides"] ?? 2;
                    var shape = c.Inputs.Single(i => i.Name == "x").Shape;
                    p["output_size"] = new System.Text.Json.Nodes.JsonArray((int)((shape[1] - k) / s * s + k), (int)((shape[2] - k) / s * s + k));
                });
                try { return reference(bug, x); }
                catch (ArgumentException)
                {
                    var o = reference(c, x);
                    o.Arrays.Remove(OutputNames.Unpooled);
                    return o;
                }
            });
    }

    /// <summary>Keras's readable_memory_size with another unit base.</summary>
    static string ReadableSize(double bytes, double scale)
    {
        foreach (var unit in new[] { "B", "KB", "MB", "GB", "TB" })
        {
            if (bytes / scale < 1) return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.00} {unit}");
            bytes /= scale;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.00} PB");
    }

    /// <summary>Max pooling whose switch is the last maximum in raster order, then unpooling through those switches.</summary>
    static void LastMaxPool(GoldenCase c, NpyArray input, CaseOutputs o)
    {
        int k = (int)c.Params["pool_size"]!, s = (int)c.Params["strides"]!;
        var size = Ints(c.Params["output_size"]);
        long n = input.Shape[0], H = input.Shape[1], W = input.Shape[2], C = input.Shape[3];
        long oh = (H - k) / s + 1, ow = (W - k) / s + 1;
        var v = input.AsFloats();
        var pooled = new float[n * oh * ow * C];
        var nchw = new long[n * C * oh * ow];
        var nhwc = new long[n * oh * ow * C];
        var unpooled = new float[n * size[0] * size[1] * C];
        for (long b = 0; b < n; b++)
            for (long ch = 0; ch < C; ch++)
                for (long i = 0; i < oh; i++)
                    for (long j = 0; j < ow; j++)
                    {
                        float best = float.NegativeInfinity; long by = 0, bx = 0;
                        for (long dy = 0; dy < k; dy++)
                            for (long dx = 0; dx < k; dx++)
                            {
                                long y = i * s + dy, xx = j * s + dx;
                                float val = v[((b * H + y) * W + xx) * C + ch];
                                if (val >= best) { best = val; by = y; bx = xx; }
                            }
                        pooled[((b * oh + i) * ow + j) * C + ch] = best;
                        nchw[((b * C + ch) * oh + i) * ow + j] = by * W + bx;
                        nhwc[((b * oh + i) * ow + j) * C + ch] = (by * W + bx) * C + ch;
                        unpooled[((b * size[0] + by) * size[1] + bx) * C + ch] = best;
                    }
        o.Arrays[OutputNames.Pooled] = NpyArray.FromFloats(pooled, n, oh, ow, C);
        o.Arrays[OutputNames.IndicesNchw] = NpyArray.FromInt64(nchw, n, C, oh, ow);
        o.Arrays[OutputNames.ArgmaxNhwc] = NpyArray.FromInt64(nhwc, n, oh, ow, C);
        o.Arrays[OutputNames.Unpooled] = NpyArray.FromFloats(unpooled, n, size[0], size[1], C);
    }
}
