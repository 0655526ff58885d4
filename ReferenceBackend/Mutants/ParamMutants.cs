using System.Text.Json.Nodes;
using KerasVis.Conformance.IO;
using KerasVis.Reference.Imaging;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;
using KerasVis.ReferenceBackend.Methods;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>Porting bugs in how a method's arguments are honoured: an argument dropped (the port always does the
/// default), hard-wired to the lab's one value, or counted another way. Each targets a parameter the goldens give more
/// than one value (docs/methods/coverage.md); without those cases every one of these bugs would pass.</summary>
static class ParamMutants
{
    public static IEnumerable<Mutant> All()
    {
        yield return Mutant.Params("loss-reduction-ignored", "the loss's reduction argument dropped: always the mean over the batch " +
            "(sum_over_batch_size), where 'none' returns the per-sample vector and 'sum' the total", ["keras_loss"],
            (_, p) => p.Remove("reduction"));
        yield return Mutant.Params("loss-epsilon-ignored", "the loss's epsilon argument dropped: probabilities always clipped at " +
            "keras.config.epsilon()'s default 1e-7", ["keras_loss"], (_, p) => p.Remove("epsilon"));
        yield return Mutant.Params("unpool-stride-equals-window", "max pooling with stride = pool_size (the port's default when " +
            "strides is not passed on): overlapping or dense windows become disjoint ones", ["max_pool_unpool"],
            (_, p) => p["strides"] = (int?)p["pool_size"] ?? 2);
        yield return Mutant.Params("unpool-window-fixed-2", "max pooling with a hard-wired 2x2 window (the labs' one size), any pool_size " +
            "ignored", ["max_pool_unpool"], (_, p) => p["pool_size"] = 2);
        yield return Mutant.Params("zoom-cval-ignored", "scipy.ndimage.zoom's cval dropped: mode 'constant' always pads with 0",
            ["spline_zoom"], (_, p) => p.Remove("cval"));
        yield return Mutant.Params("dlai-cam-zoom-order-fixed-2", "the CAM lab's zoom order hard-wired to the lab's 2, the " +
            "zoom_order argument ignored", ["dlai_cam"], (_, p) => p.Remove("zoom_order"));
        yield return Mutant.Params("activations-16-per-row", "the activation grid hard-wired to 16 images per row, the " +
            "images_per_row argument ignored", ["keras_activations"], (_, p) => p.Remove("images_per_row"));
        yield return Mutant.Params("summary-terminal-width-ignored", "model.summary()'s table width taken as line_length or 88 | 108 " +
            "without Keras's cap at the terminal's columns − 4 (what a port without a console sees)", ["keras_summary"],
            (_, p) => p["terminal_columns"] = ((int?)p["line_length"] ?? 108) + 4);
        yield return Mutant.Params("summary-terminal-80-always", "model.summary() rendered as in an 80-column notebook whatever " +
            "terminal_columns says (the width fixed at 76 unless line_length is smaller)", ["keras_summary"],
            (_, p) => p.Remove("terminal_columns"));
        yield return Mutant.Params("replace-to-linear-always", "scores always taken on the logits (ReplaceToLinear applied even " +
            "when the call keeps the softmax, linear=False)", MethodRegistry.WithParam("linear"), (_, p) => p["linear"] = true);
        yield return Mutant.Params("penultimate-layer-ignored", "tf-keras-vis's penultimate_layer argument dropped: always the last " +
            "convolution (the default -1)", MethodRegistry.WithParam("penultimate_layer"), (_, p) => Penultimate(p, -1));
        yield return Mutant.Params("penultimate-index-counts-input-layer", "penultimate_layer as an index into a layer list that " +
            "starts with the InputLayer, where a Sequential's model.layers does not (index i picks Keras's layer i − 1)",
            MethodRegistry.WithParam("penultimate_layer"), (_, p) =>
            {
                if (p["penultimate_layer"] is JsonValue v && v.TryGetValue(out int i) && i > 0 &&
                    ModelZoo.Get((string)p["model"]!).Kind == ModelKind.Sequential) Penultimate(p, i - 1);
            });
        yield return Mutant.Params("smoothgrad-noise-fixed-0.2", "SmoothGrad's smooth_noise hard-wired to tf-keras-vis's default " +
            "0.20, the argument ignored", ["tfkv_smoothgrad"], (_, p) => p.Remove("smooth_noise"));
        yield return Mutant.Params("overlay-operands-swapped", "the heatmap overlay blended as alpha·image + (1 − alpha)·heatmap " +
            "(the operands swapped: invisible at the lab's alpha 0.5)", ["jet_heatmap"], (_, p) => p["alpha"] = 1 - ((double?)p["alpha"] ?? 0.5));
        yield return Mutant.Params("preprocess-size-fixed-224", "the report's preprocess_image resizing to 224x224 whatever size " +
            "is asked", ["torch_preprocess"], (_, p) => p.Remove("size"));
        yield return Mutant.Outputs("reprocess-rounds-not-truncates", "reprocess_image's uint8 cast done by rounding y·255 " +
            "(np.round, or a saturating cast that rounds) where np.uint8 truncates", ["torch_preprocess"], (_, _, o) =>
            {
                var x = o.Arrays[StepOutputs.Name(nameof(TorchPreprocessOutputs.X))];
                o.Arrays[OutputNames.Reprocessed] = RoundedReprocess(x);
            });
    }

    /// <summary>Sets penultimate_layer and the layer it resolves to (the runner checks the pair), as the port would.</summary>
    static void Penultimate(JsonObject p, int index)
    {
        p["penultimate_layer"] = index;
        p["resolved_layer"] = Plumbing.SeekPenultimateConv(ModelZoo.Get((string)p["model"]!), index);
    }

    static NpyArray RoundedReprocess(NpyArray x)
    {
        int h = (int)x.Shape[2], w = (int)x.Shape[3];
        var v = x.AsFloats();
        var o = new byte[h * w * 3];
        for (int q = 0; q < h * w; q++)
            for (int c = 0; c < 3; c++)
                o[q * 3 + c] = (byte)MathF.Round(Math.Clamp(v[c * h * w + q] * TorchPreprocess.Std[c] + TorchPreprocess.Mean[c], 0f, 1f) * 255f);
        return NpyArray.FromBytes(o, h, w, 3);
    }
}
