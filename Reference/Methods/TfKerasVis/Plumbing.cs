using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using KerasVis.Reference.Numerics;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.TfKerasVis;

/// <summary>
/// The plumbing tf-keras-vis 0.8.x shares between its methods (keisen/tf-keras-vis: tf_keras_vis/__init__.py,
/// utils/__init__.py, utils/scores.py, utils/model_modifiers.py): ReplaceToLinear, CategoricalScore, the
/// penultimate-layer search, expand_cam and normalize. docs/methods/tf-keras-vis.md states each rule.
/// </summary>
public static class Plumbing
{
    /// <summary><c>keras.backend.epsilon()</c>, as a float32 (NumPy rounds the Python float to the array's dtype).</summary>
    public const float Epsilon = 1e-7f;

    /// <summary><c>ReplaceToLinear</c>: the output layers' activation becomes linear (scores on logits). tf-keras-vis
    /// clones the model first; here the spec is copied and the caller loads the same weights.</summary>
    public static ModelSpec ReplaceToLinear(ModelSpec s) => new(s.Id, s.Name, s.Kind, s.InputShape,
        s.Layers.Select(l => s.Outputs.Contains(l.Name) && l is DenseSpec d ? d with { Activation = Activation.Linear } : l),
        s.IsTorchLayout, s.Outputs);

    /// <summary><c>ExtractIntermediateLayerForGradcam</c>'s search: start at <paramref name="penultimate"/> (an index into
    /// <c>model.layers</c>, −1 = the last layer, or a name) and walk towards the input to the first convolution, that
    /// layer included. Index 0 (the InputLayer) or a model with no convolution there is an error, as in tf-keras-vis.</summary>
    public static string SeekPenultimateConv(ModelSpec spec, object penultimate)
    {
        // Keras's model.layers: a Functional lists its InputLayer, a Sequential does not
        var layers = spec.Layers.Where(l => spec.Kind != ModelKind.Sequential || l is not InputSpec).ToList();
        int start = penultimate switch
        {
            int i when i < 0 && -i <= layers.Count => layers.Count + i,
            int i when i >= 0 && i < layers.Count => i,
            string name => layers.FindIndex(l => l.Name == name),
            _ => -1,
        };
        if (start < 0) throw new ArgumentException($"penultimate_layer {penultimate} is not a layer of model {spec.Id}");
        for (int k = start; k >= 0; k--)
            if (layers[k] is Conv2DSpec or TorchConv2dSpec) return layers[k].Name;
        throw new ArgumentException($"model {spec.Id}: no convolution at or before layer {layers[start].Name} (penultimate_layer {penultimate})");
    }

    /// <summary><c>CategoricalScore(indices)(output)</c>: <c>output[n, indices[n]]</c>, shape (N,). One index with N &gt; 1
    /// is repeated for every sample; otherwise there must be one index per sample (tf-keras-vis silently zips, which
    /// drops or fails on a length mismatch; here it is an error).</summary>
    public static Tensor CategoricalScore(Tensor output, IReadOnlyList<int> indices)
    {
        long n = output.shape[0];
        using var ix = tensor(PerSampleIndices(indices, n, output.shape[^1]), device: output.device).unsqueeze(1);
        return output.reshape(n, -1).gather(1, ix).squeeze(1);
    }

    /// <summary>CategoricalScore's class index for each of <paramref name="n"/> samples: one index is repeated, otherwise
    /// there must be one per sample, each in [0, classes).</summary>
    public static long[] PerSampleIndices(IReadOnlyList<int> indices, long n, long classes)
    {
        if (indices.Count == 0) throw new ArgumentException("CategoricalScore needs at least one class index");
        var idx = indices.Count == 1 && n > 1 ? Enumerable.Repeat((long)indices[0], (int)n).ToArray() : indices.Select(i => (long)i).ToArray();
        if (idx.Length != n) throw new ArgumentException($"CategoricalScore: {idx.Length} class indices for a batch of {n}");
        if (idx.Any(i => i < 0
            || i >= classes)) throw new ArgumentException($"CategoricalScore: class indices [{string.Join(", ", idx)}] must lie in [0, {classes})");
        return idx;
    }

    /// <summary><c>utils.normalize</c>: per sample, <c>(a − min) / (max − min + ε)</c> in float32 (min and max over every
    /// axis but the first). A constant sample becomes zeros; NaN anywhere in a sample makes the sample NaN.</summary>
    public static NpyArray Normalize(NpyArray a)
    {
        var v = a.AsFloats();
        long n = a.Shape[0], per = v.Length / Math.Max(1, n);
        var o = new float[v.Length];
        for (long s = 0; s < n; s++)
        {
            float mx = float.NegativeInfinity, mn = float.PositiveInfinity;
            bool nan = false;
            for (long i = s * per; i < (s + 1) * per; i++)
            {
                if (float.IsNaN(v[i])) nan = true;
                mx = Math.Max(mx, v[i]); mn = Math.Min(mn, v[i]);
            }
            if (nan) mx = mn = float.NaN; // np.max / np.min propagate NaN
            float den = (mx - mn) + Epsilon;
            for (long i = s * per; i < (s + 1) * per; i++) o[i] = (v[i] - mn) / den;
        }
        return NpyArray.FromFloats(o, a.Shape);
    }

    /// <summary><c>expand_cam</c>: <c>scipy.ndimage.zoom(cam, (1, H/h, W/w), order=1)</c>, mode 'constant' (align-corners
    /// linear; see docs/methods/spline-zoom.md for the last-row artefact of 'constant').</summary>
    public static NpyArray Expand(NpyArray cam, long height, long width) =>
        SplineZoom.Zoom(cam, [1.0, (double)height / cam.Shape[1], (double)width / cam.Shape[2]], 1, ZoomMode.Constant);

    /// <summary>What every tf-keras-vis gradient CAM does around its own weighting: inside a dispose scope, capture the
    /// penultimate output A (N, h, w, C), the model's output recomputed from it, the CategoricalScore of each sample and
    /// g = ∂(Σ_n score_n)/∂A (Keras's <c>tape.gradient(scores, penultimate_output)</c>), hand them to
    /// <paramref name="steps"/> without an autograd graph, and return the record it builds from NPY arrays (so no tensor
    /// outlives the scope).</summary>
    internal static TSteps GradientCam<TSteps>(SpecNet net, Tensor x, string layer, IReadOnlyList<int> indices, Func<CamCapture, TSteps> steps)
    {
        using var scope = NewDisposeScope();
        var cap = net.GradientAt(x, layer, output => CategoricalScore(output, indices));
        using var _ = no_grad();
        var gradient = CamGradient.From(cap.Activation, cap.Output, cap.Score, cap.Gradient);
        return steps(new CamCapture(cap.Activation, cap.Gradient, cap.Score, gradient, x.shape[1], x.shape[2]));
    }

    /// <summary>The end every tf-keras-vis CAM shares: the raw map, its <c>expand_cam=False</c> form
    /// (<c>normalize(raw)</c>) and the upsampled normalized map.</summary>
    internal static CamMaps Finish(Tensor raw, long height, long width)
    {
        var r = NpyTensor.ToNpy(raw);
        return new CamMaps(r, Normalize(r), Normalize(Expand(r, height, width)));
    }
}

/// <summary>A gradient CAM's inputs inside <see cref="Plumbing.GradientCam"/>: A, g and the scores as tensors, the same as
/// NPY outputs, and the input's height and width for <see cref="Maps"/>.</summary>
sealed record CamCapture(Tensor A, Tensor G, Tensor Scores, CamGradient Gradient, long Height, long Width)
{
    /// <summary>The raw map's three outputs (raw, normalize(raw), normalize(zoom(raw))).</summary>
    public CamMaps Maps(Tensor raw) => Plumbing.Finish(raw, Height, Width);
}
