using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Imaging;
using KerasVis.Conformance.IO;
using KerasVis.Reference.Fixtures;
using KerasVis.Reference.Imaging;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static KerasVis.ReferenceBackend.Mutants.MutantArrays;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>Porting bugs on the PyTorch side: the report's preprocessing and Grad-CAM, the deconvnet's ReLU rule, and
/// moving Keras weights into a torchvision model.</summary>
static class TorchMutants
{
    public static IEnumerable<Mutant> All()
    {
        yield return Mutant.Outputs("resize-corner-aligned",
            "bilinear resize with corners aligned (align_corners=True) where OpenCV's INTER_LINEAR samples at pixel centres",
            ["torch_preprocess"], (c, x, o) => Preprocess(c, x, o, CornerAligned));
        yield return Mutant.Outputs("normalize-without-std", "ImageNet normalisation that subtracts the mean but forgets to divide by the std",
            ["torch_preprocess"], (c, x, o) => Preprocess(c, x, o, (src, h, w, size) => CvResize.Linear(src, h, w, 3, size, size), divideByStd: false));
        yield return Mutant.Params("gradcam-relu-resize-order-swapped",
            "the report's Grad-CAM with ReLU before the resize where it resizes first (or the other way round)",
            ["torch_gradcam"], (_, p) => p["order"] = (string?)p["order"] == "resize_then_relu" ? "relu_then_resize" : "resize_then_relu");
        yield return Mutant.Params("gradcam-ignores-inplace-relu",
            "Grad-CAM hook on a conv followed by torchvision's in-place ReLU, ported as if A were the pre-ReLU map",
            ["torch_gradcam"], (_, p) => p["inplace_relu"] = false);
        yield return Mutant.Outputs("gradcam-channel-mean-not-sum", "Grad-CAM map as the channel MEAN of w_c·A_c where the report SUMS them",
            ["torch_gradcam"], (_, _, o) =>
            {
                long C = o.Arrays[OutputNames.Activations].Shape[^3];
                foreach (var k in new[] { "cam_raw", "cam_resized" }) o.Arrays[k] = Map(o.Arrays[k], v => v / C);
            });
        yield return Mutant.Params("deconvnet-relu-as-gradient",
            "the deconvnet's backward ReLU replaced by autograd's (mask from the forward input) — a saliency map, not Zeiler & Fergus",
            ["deconvnet"], (_, p) => { if ((string?)p["rule"] == "deconvnet") p["rule"] = "gradient"; });
        yield return Mutant.Params("guided-backprop-as-deconvnet", "guided backprop ported with only the deconvnet's rule (the forward mask forgotten)",
            ["deconvnet"], (_, p) => { if ((string?)p["rule"] == "guided") p["rule"] = "deconvnet"; });
        yield return Mutant.Params("deconvnet-projects-whole-map",
            "the projection started from the whole feature map where the case keeps only its top activation (or the reverse)",
            ["deconvnet"], (_, p) => p["start"] = (string?)p["start"] == "top_activation" ? "feature_map" : "top_activation");
        yield return new Mutant("flatten-order-not-permuted",
            "Keras fc1 weights moved to torch by transpose only: rows left in Keras's (h, w, c) Flatten order, torch flattens (c, h, w)",
            ["keras_to_torch_forward"], (c, x, _) => FlattenNotPermuted(c, x));
    }

    /// <summary>preprocess_image with the port's resize and normalisation, then the honest reprocess_image.</summary>
    static void Preprocess(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, CaseOutputs o,
        Func<float[], int, int, int, float[]> resize, bool divideByStd = true)
    {
        var img = x["image"];
        int h = (int)img.Shape[0], w = (int)img.Shape[1], size = (int)c.Params["size"]!;
        var f = img.Data.Select(b => b / 255f).ToArray();
        var r = resize(f, h, w, size);
        var nchw = new float[3 * size * size];
        for (int p = 0; p < size * size; p++)
            for (int ch = 0; ch < 3; ch++)
                nchw[ch * size * size + p] = divideByStd ? (r[p * 3 + ch] - TorchPreprocess.Mean[ch]) / TorchPreprocess.Std[ch] : r[p * 3
                    + ch] - TorchPreprocess.Mean[ch];
        o.Arrays["x"] = NpyArray.FromFloats(nchw, 1, 3, size, size);
        o.Arrays[OutputNames.Reprocessed] = TorchPreprocess.ReprocessImage(o.Arrays["x"]);
    }

    /// <summary>Bilinear with src = dst·(in − 1)/(out − 1): the corner pixels coincide.</summary>
    static float[] CornerAligned(float[] src, int h, int w, int size)
    {
        var o = new float[size * size * 3];
        for (int i = 0; i < size; i++)
        {
            float sy = i * (h - 1f) / (size - 1f); int y0 = (int)sy, y1 = Math.Min(y0 + 1, h - 1); float fy = sy - y0;
            for (int j = 0; j < size; j++)
            {
                float sx = j * (w - 1f) / (size - 1f); int x0 = (int)sx, x1 = Math.Min(x0 + 1, w - 1); float fx = sx - x0;
                for (int ch = 0; ch < 3; ch++)
                {
                    float top = src[(y0 * w + x0) * 3 + ch] * (1 - fx) + src[(y0 * w + x1) * 3 + ch] * fx;
                    float bottom = src[(y1 * w + x0) * 3 + ch] * (1 - fx) + src[(y1 * w + x1) * 3 + ch] * fx;
                    o[(i * size + j) * 3 + ch] = top * (1 - fy) + bottom * fy;
                }
            }
        }
        return o;
    }

    /// <summary>The Keras→torchvision forward with fc1's weight only transposed: column j of the torch weight is Keras
    /// row j, which Keras meant for (h, w, c) = unravel(j) but torch feeds with (c, h, w) = unravel(j).</summary>
    static CaseOutputs FlattenNotPermuted(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x)
    {
        var o = new CaseOutputs();
        var weights = c.Params["weights"]!;
        if ((string?)weights["kind"] != "hash") throw new NotSupportedException("this mutant re-runs hash-weight cases only");
        var kerasSpec = ModelZoo.Get(Methods.KerasToTorchParams.KerasModel);
        var torchSpec = ModelZoo.Get(Methods.KerasToTorchParams.TorchModel);
        var sd = KerasToTorch.StateDict(kerasSpec, HashWeights.KerasLayoutTensors(kerasSpec, (uint)(int)weights["seed"]!), torchSpec);
        using var honest = sd["classifier.0.weight"];
        var flat = kerasSpec.Rows.First(r => r.Layer is FlattenSpec).InputShape; // (H, W, C)
        long outF = honest.shape[0], hw = (long)flat[0] * flat[1], ch = flat[2];
        // honest[o, c·HW + p] = K[p·C + c, o]; the port's W[o, j] = K[j, o] = honest[o, (j mod C)·HW + j div C]
        sd["classifier.0.weight"] = honest.reshape(outF, ch, hw).permute(0, 2, 1).reshape(outF, hw * ch).contiguous();
        foreach (var (name, rows) in Methods.KerasToTorchAdapter.WeightRows(c, sd["classifier.0.weight"])) o.Arrays[name] = rows;
        using var net = SpecNet.Unloaded(torchSpec);
        net.LoadStateDict(sd);
        using var input = NpyTensor.ToTensor(x["x"]).permute(0, 3, 1, 2).contiguous();
        using (no_grad())
        using (var y = net.call(input)) o.Arrays[OutputNames.Logits] = NpyTensor.ToNpy(y);
        return o;
    }
}
